from django.apps import AppConfig


class OffresConfig(AppConfig):
    name = "offres"
    verbose_name = "Offres de stage"

    def ready(self):
        from . import tasks  # noqa: F401 - registers the background tasks
        from .alerts import signals  # noqa: F401 - announces the calls an editor opens
        from .proposals import attachments  # noqa: F401 - deletes a proposal's file with it
