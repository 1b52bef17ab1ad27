"""Receipts and notices: written in the same transaction as the proposal, sent by the worker, retried until sent."""

import datetime
import logging
from collections import Counter

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import task

from .models import OutgoingEmail
from .steps import cycle_steps, ics_attachment, steps_text

logger = logging.getLogger("site_inet.proposals")
RECEIPTS_PER_ADDRESS_PER_DAY = 5
ALERT_AFTER_ATTEMPTS = 5  # about 15 minutes of failures: INET is told on its dashboard and in the ERROR log
LATE_AFTER = datetime.timedelta(minutes=15)
MAX_RETRY_DELAY = datetime.timedelta(hours=6)
CLAIM_DURATION = datetime.timedelta(minutes=5)  # longer than one SMTP attempt (EMAIL_TIMEOUT)


def _one_line(text):
    return " ".join(str(text).split())[:240]


def queue_emails(proposal, texts, personal_url, now=None):
    """Write the receipt (DGS, tutor, HR contact) and INET's notice; call inside the proposal's transaction.

    ``texts`` is the site's ``ProposalSettings`` (subjects, INET's inbox). The receipt goes to addresses the sender
    typed, so it carries no text the sender typed (only the reference, the SIRET and INET's own link): the form is no
    relay for someone else's message; the answers are read at the personal link. It lists the cycle's next steps
    with their dates and attaches them as an .ics. An address gets at most ``RECEIPTS_PER_ADDRESS_PER_DAY`` receipts
    (and draft links) a day.
    """
    steps = cycle_steps(proposal, now)
    context = {
        "proposal": proposal,
        "personal_url": personal_url,
        "admin_url": _admin_url(proposal),
        "steps": steps_text(steps),
    }
    recipients, held_back = within_daily_cap(proposal.submitter_emails(), now or timezone.now())
    context["held_back"] = held_back
    emails = []
    if recipients:
        emails.append(
            OutgoingEmail.objects.create(
                proposal=proposal,
                kind=OutgoingEmail.Kind.RECEIPT,
                recipients=recipients,
                subject=_one_line(_format(texts.receipt_subject, {"reference": proposal.reference})),
                body=render_to_string("offres/emails/proposal_receipt.txt", context),
                attachments=ics_attachment(proposal, steps),
            )
        )
    values = {"reference": proposal.reference, "collectivite": proposal.collectivite_nom}
    emails.append(
        OutgoingEmail.objects.create(
            proposal=proposal,
            kind=OutgoingEmail.Kind.NOTICE,
            recipients=[texts.inet_email],
            subject=_one_line(_format(texts.notice_subject, values)),
            body=render_to_string("offres/emails/proposal_notice.txt", context),
        )
    )
    send_after_commit([email.pk for email in emails])
    return emails


def within_daily_cap(addresses, now):
    """(addresses that may still get a receipt today, those held back): a cap per address over every sender."""
    since = now - datetime.timedelta(days=1)
    counts = Counter()
    capped = (OutgoingEmail.Kind.RECEIPT, OutgoingEmail.Kind.DRAFT_LINK)
    recent = OutgoingEmail.objects.filter(kind__in=capped, created_at__gte=since)
    for recipients in recent.values_list("recipients", flat=True):
        counts.update(address.lower() for address in recipients)
    allowed = [address for address in addresses if counts[address.lower()] < RECEIPTS_PER_ADDRESS_PER_DAY]
    return allowed, [address for address in addresses if address not in allowed]


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


def send_email(outgoing, now=None):
    """Send one claimed e-mail; a failure is recorded on the row (attempts, error, next try) and never raised."""
    message = EmailMessage(
        subject=outgoing.subject,
        body=outgoing.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=outgoing.recipients,
        headers=outgoing.headers or None,
    )
    for attachment in outgoing.attachments or []:
        message.attach(attachment["filename"], attachment["content"], attachment.get("content_type"))
    outgoing.attempts += 1
    outgoing.claimed_until = None
    try:
        message.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any transport fault is recorded, the proposal is already safe
        outgoing.last_error = f"{type(error).__name__}: {error}"[:2000]
        outgoing.next_attempt_at = (now or timezone.now()) + retry_delay(outgoing.attempts)
        outgoing.save(update_fields=["attempts", "last_error", "next_attempt_at", "claimed_until"])
        log = logger.error if outgoing.attempts == ALERT_AFTER_ATTEMPTS else logger.warning
        log("Courriel %s non envoyé (tentative %s) : %s", outgoing.pk, outgoing.attempts, error)
        return False
    outgoing.sent_at = timezone.now()
    outgoing.last_error = ""
    outgoing.save(update_fields=["attempts", "last_error", "sent_at", "claimed_until"])
    return True


def retry_delay(attempts):
    """1, 2, 4, 8… minutes after each failure, at most 6 hours: an e-mail is retried until it leaves, never dropped."""
    return min(datetime.timedelta(minutes=2 ** (attempts - 1)), MAX_RETRY_DELAY)


def claim(outgoing, now):
    """Take the e-mail for this sender only (one conditional UPDATE): two overlapping runs never send it twice."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    claimed = OutgoingEmail.objects.filter(free, pk=outgoing.pk, sent_at__isnull=True).update(
        claimed_until=now + CLAIM_DURATION
    )
    return claimed == 1


def unsent_emails():
    return OutgoingEmail.objects.filter(sent_at__isnull=True).order_by("created_at", "pk")


def pending_emails(now=None):
    """E-mails not sent yet whose next try is due."""
    now = now or timezone.now()
    return unsent_emails().filter(next_attempt_at__lte=now)


def stuck_emails(now=None):
    """E-mails INET must hear about (dashboard panel): failed often, or waiting so long the worker must be down."""
    late = (now or timezone.now()) - LATE_AFTER
    return unsent_emails().filter(Q(attempts__gte=ALERT_AFTER_ATTEMPTS) | Q(created_at__lt=late))


def send_emails(queryset, now=None):
    """Claim then send every unsent e-mail of ``queryset``; returns (sent, failed). Claimed elsewhere: skipped."""
    now = now or timezone.now()
    sent = failed = 0
    for outgoing in queryset.filter(sent_at__isnull=True):
        if not claim(outgoing, now):
            continue
        if send_email(outgoing, now):
            sent += 1
        else:
            failed += 1
    return sent, failed


@task()
def send_outbox_emails(ids):
    """Send the e-mails ``ids`` a request wrote: at once in dev and tests (immediate backend), by ``db_worker`` in
    production, so no request waits for SMTP. A task lost or failed loses nothing: ``send_emails`` retries them."""
    send_emails(OutgoingEmail.objects.filter(pk__in=ids))


def send_after_commit(ids):
    """Once the transaction that wrote the e-mails ``ids`` commits, hand them to the tasks backend."""
    ids = list(ids)
    transaction.on_commit(lambda: send_outbox_emails.enqueue(ids), robust=True)
