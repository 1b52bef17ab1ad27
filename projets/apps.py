from django.apps import AppConfig


class ProjetsConfig(AppConfig):
    name = "projets"
    verbose_name = "Projets collectifs"

    def ready(self):
        from . import collectivite_search, tasks  # noqa: F401 - registers the background tasks

        collectivite_search.register()  # « Collectivités » in the site search
