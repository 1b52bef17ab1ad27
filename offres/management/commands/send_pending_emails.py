"""Send the proposal e-mails that could not leave yet (SMTP down): run it from cron every few minutes."""

from django.core.management.base import BaseCommand

from offres.proposals.emails import pending_emails, send_emails


class Command(BaseCommand):
    help = "Envoie les courriels de propositions en attente (accusés de réception, notifications à l'INET)."

    def handle(self, *args, **options):
        sent, failed = send_emails(pending_emails())
        self.stdout.write(f"{sent} courriel(s) envoyé(s), {failed} en échec.")
        if failed:
            self.stderr.write("Des courriels restent en attente : la commande les réessaiera au prochain passage.")
