"""Receipts and notices: written in the same transaction as the proposal, sent after commit, retried later."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger("site_inet.proposals")
MAX_ATTEMPTS = 10


def _one_line(text):
    return " ".join(str(text).split())[:240]


def queue_emails(proposal, texts, personal_url):
    """Write the receipt (DGS, tutor, HR contact) and INET's notice; call inside the proposal's transaction.

    ``texts`` is the site's ``ProposalSettings`` (subjects, INET's inbox).
    """
    context = {"proposal": proposal, "personal_url": personal_url, "admin_url": _admin_url(proposal)}
    values = {"reference": proposal.reference, "collectivite": proposal.collectivite_nom}
    receipt = OutgoingEmail.objects.create(
        proposal=proposal,
        kind=OutgoingEmail.Kind.RECEIPT,
        recipients=proposal.submitter_emails(),
        subject=_one_line(_format(texts.receipt_subject, values)),
        body=render_to_string("offres/emails/proposal_receipt.txt", context),
    )
    notice = OutgoingEmail.objects.create(
        proposal=proposal,
        kind=OutgoingEmail.Kind.NOTICE,
        recipients=[texts.inet_email],
        subject=_one_line(_format(texts.notice_subject, values)),
        body=render_to_string("offres/emails/proposal_notice.txt", context),
    )
    ids = [receipt.pk, notice.pk]
    transaction.on_commit(lambda: send_emails(OutgoingEmail.objects.filter(pk__in=ids)))
    return [receipt, notice]


def _admin_url(proposal):
    try:
        path = reverse("offres_proposal_modeladmin_inspect", args=[proposal.pk])
    except NoReverseMatch:
        path = "/admin/"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _format(template, values):
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return f"{template} {values['reference']}"


def send_email(outgoing):
    """Send one e-mail; a failure is recorded on the row (attempts, last error) and never raised."""
    message = EmailMessage(
        subject=outgoing.subject,
        body=outgoing.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=outgoing.recipients,
    )
    outgoing.attempts += 1
    try:
        message.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any transport fault is recorded, the proposal is already safe
        outgoing.last_error = f"{type(error).__name__}: {error}"[:2000]
        outgoing.save(update_fields=["attempts", "last_error"])
        logger.warning("Courriel %s non envoyé (tentative %s) : %s", outgoing.pk, outgoing.attempts, error)
        return False
    outgoing.sent_at = timezone.now()
    outgoing.last_error = ""
    outgoing.save(update_fields=["attempts", "last_error", "sent_at"])
    return True


def pending_emails():
    return OutgoingEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by("created_at", "pk")


def send_emails(queryset):
    """Send every unsent e-mail of ``queryset``; returns (sent, failed)."""
    sent = failed = 0
    for outgoing in queryset.filter(sent_at__isnull=True):
        if send_email(outgoing):
            sent += 1
        else:
            failed += 1
    return sent, failed
