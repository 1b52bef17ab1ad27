from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Plateforme du site"

    def ready(self):
        from . import purge

        purge.connect()
