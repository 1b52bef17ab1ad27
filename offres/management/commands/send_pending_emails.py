"""Send now every proposal e-mail still waiting, back-off ignored (after an SMTP outage is fixed, say).

The worker (`run_worker`) sends them by itself, retrying with back-off; this command is for a person who wants them
gone now. E-mails another run is sending at that moment are left to it.
"""

from django.core.management.base import BaseCommand

from offres.proposals.emails import send_emails, unsent_emails


class Command(BaseCommand):
    help = "Envoie maintenant les courriels de propositions en attente (accusés de réception, notifications à l'INET)."

    def handle(self, *args, **options):
        sent, failed = send_emails(unsent_emails())
        self.stdout.write(f"{sent} courriel(s) envoyé(s), {failed} en échec.")
        if failed:
            self.stderr.write("Des courriels restent en attente : le worker les réessaiera (run_worker).")
