"""Load the demo site from data files kept in the repository; safe to run again and again.

The home app loads the home page and the editorial pages; then every other installed app of the site that has a
``demo`` module with a ``load(home, stdout)`` function adds its section, in ``INSTALLED_APPS`` order.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

from home import demo as home_demo
from home.editorial import setup_editorial


def section_loaders():
    """The ``demo.load`` functions of the installed apps other than home, in ``INSTALLED_APPS`` order."""
    loaders = []
    for app_config in apps.get_app_configs():
        if app_config.name != "home" and module_has_submodule(app_config.module, "demo"):
            module = import_module(f"{app_config.name}.demo")
            if hasattr(module, "load"):
                loaders.append(module.load)
    return loaders


class Command(BaseCommand):
    help = "Crée ou met à jour le contenu de démonstration (idempotent)."

    def handle(self, *args, **options):
        home, changed = home_demo.load_home()
        changes = int(changed) + home_demo.load_pages(home)
        for load in section_loaders():
            changes += load(home, stdout=self.stdout)
        changes += home_demo.load_home_actions(home)
        # Groups' page permissions and the moderation workflow on the demo's pages.
        changes += setup_editorial(apps)
        self.stdout.write(self.style.SUCCESS(f"Contenu de démonstration à jour ({changes} modification(s))."))
