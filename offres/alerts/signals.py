"""An editor publishes a stage page: the calls it opens (confirmed dates, deadline ahead) are announced."""

from django.dispatch import receiver
from wagtail.signals import page_published

from ..models import StagePage
from ..models.periods import periods_prefetch
from .service import announce_open_calls


@receiver(page_published, dispatch_uid="offres.alerts.announce_on_publish")
def announce_on_publish(sender, instance, **kwargs):
    """In the publishing transaction: the e-mails are written with the page, or not at all."""
    if not isinstance(instance, StagePage):
        return
    page = StagePage.objects.prefetch_related(periods_prefetch()).get(pk=instance.pk)
    announce_open_calls([page])
