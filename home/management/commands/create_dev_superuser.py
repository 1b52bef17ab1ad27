"""Create the local development superuser admin / changeme; refused outside DEBUG."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "changeme"  # noqa: S105 – local development only, refused unless DEBUG


class Command(BaseCommand):
    help = "Crée le super-utilisateur de développement local (admin / changeme)."

    def add_arguments(self, parser):
        parser.add_argument("--address", default="127.0.0.1:8000", help="Adresse du serveur, pour le lien affiché.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Réservé au développement local (DEBUG=True) : aucun compte créé.")
        user_model = get_user_model()
        if not user_model.objects.filter(username=USERNAME).exists():
            user_model.objects.create_superuser(USERNAME, "admin@localhost", PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(
                f"Administration : http://{options['address']}/admin/ — identifiant « {USERNAME} », mot de passe « {PASSWORD} » (développement local uniquement)."
            )
        )
