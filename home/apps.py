from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site et pages éditoriales"

    def ready(self):
        from . import tasks  # noqa: F401 - registers the background tasks
