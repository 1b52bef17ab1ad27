"""The offres' background tasks (see core.worker): send the outbox, purge expired proposals and drafts, the
alerts' tasks."""

import io
import logging

from django.core.management import call_command

from core.worker import register

from .alerts import service as alerts
from .models import StagePage
from .models.periods import periods_prefetch
from .proposals.draft import DRAFT_RETENTION_DAYS, ProposalDraft
from .proposals.emails import pending_emails, send_emails

logger = logging.getLogger("site_inet.purges")


@register("send_emails", every=10)
def send_due_emails():
    send_emails(pending_emails())


@register("purge_proposals", every=24 * 3600)
def purge_expired_proposals():
    """Delete the proposals past the retention period set in the admin, and log what was deleted."""
    output = io.StringIO()
    call_command("purge_proposals", "--no-input", stdout=output)
    logger.info("Purge des propositions : %s", " ".join(output.getvalue().split()))


@register("purge_proposal_drafts", every=24 * 3600)
def purge_expired_drafts():
    """Delete the drafts whose offers deadline passed more than DRAFT_RETENTION_DAYS days ago."""
    deleted, _detail = ProposalDraft.expired().delete()
    logger.info(
        "Purge des brouillons de propositions (%s jours après la date limite) : %s", DRAFT_RETENTION_DAYS, deleted
    )


@register("announce_calls", every=5 * 60)
def announce_calls():
    """Announce the calls that opened without a publish signal (scheduled publishing, a missed run)."""
    pages = StagePage.objects.live().prefetch_related(periods_prefetch())
    alerts.announce_open_calls(list(pages))


@register("remind_deadlines", every=3600)
def remind_deadlines():
    """14 days before an announced call's deadline, one reminder per confirmed subscriber."""
    alerts.send_reminders()


@register("purge_alerts", every=24 * 3600)
def purge_alerts():
    """Delete alert subscriptions unconfirmed after 7 days, and confirmed ones without activity for 3 years."""
    alerts.purge()
