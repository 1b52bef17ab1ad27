"""Load the demo site from data files kept in the repository; safe to run again and again."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand

from home import demo as home_demo
from home.editorial import setup_editorial

# Apps whose ``demo.load(home)`` adds their pages, in tree order.
APP_LOADERS = ["offres.demo", "projets.demo"]


class Command(BaseCommand):
    help = "Crée ou met à jour le contenu de démonstration (idempotent)."

    def handle(self, *args, **options):
        home, changed = home_demo.load_home()
        changes = int(changed) + home_demo.load_pages(home)
        for dotted in APP_LOADERS:
            try:
                loader = import_module(dotted)
            except ModuleNotFoundError as error:
                if error.name != dotted:
                    raise
                continue
            changes += loader.load(home, stdout=self.stdout)
        changes += home_demo.load_home_actions(home)
        # Groups' page permissions and the moderation workflow on the demo's pages.
        changes += setup_editorial(apps)
        self.stdout.write(self.style.SUCCESS(f"Contenu de démonstration à jour ({changes} modification(s))."))
