"""The page layer's background task (see core.worker): publish and unpublish the pages scheduled by editors."""

import io
import logging

from django.core.management import call_command

from core.worker import register

logger = logging.getLogger("site_inet.worker")


@register("publish_scheduled", every=60)
def publish_scheduled_pages():
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    if "publish" in output.getvalue().lower() and output.getvalue().strip():
        logger.info("Publications programmées : %s", " ".join(output.getvalue().split()))
