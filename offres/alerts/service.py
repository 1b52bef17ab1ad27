"""What the alerts do: ask, confirm, unsubscribe, announce the calls that open, remind, forget.

Every e-mail is written in the transaction of what triggers it and sent after it commits (``send_after_commit``)
by the outbox of the proposals: stored first, claimed, retried with back-off, never lost, never twice.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from core.paris import paris_today

from ..calls import call_state
from ..models import StagePage
from ..models.periods import periods_prefetch
from ..proposals.emails import send_after_commit
from ..proposals.models import OutgoingEmail
from . import emails
from .models import CONFIRMATION_DAYS, INACTIVE_YEARS, REMINDER_DAYS, AlertSubscription, OpenedCall

logger = logging.getLogger("site_inet.purges")


def request_subscription(email, stage_types, cadres, now=None):
    """Record what ``email`` asks and write it a confirmation link; the same answer whoever asks, whatever exists.

    A new address gets a subscription waiting for confirmation; a known one keeps its confirmed choices until its
    owner confirms the new ones. At most one confirmation e-mail per address and day.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    with transaction.atomic():
        subscription, _created = AlertSubscription.objects.select_for_update().get_or_create(
            email=email, defaults={"requested_at": now, "last_activity_at": now}
        )
        subscription.requested_stage_types = sorted(set(stage_types))
        subscription.requested_cadres = sorted(set(cadres))
        subscription.requested_at = now
        subscription.save(update_fields=["requested_stage_types", "requested_cadres", "requested_at"])
        written = emails.confirmation_email(subscription, now)
        if written:
            send_after_commit([written.pk])
    return subscription


def confirm(subscription, now=None):
    """The owner followed the link: what was asked becomes what alerts follow; activity starts again."""
    now = now or timezone.now()
    subscription.stage_types = subscription.requested_stage_types
    subscription.cadres = subscription.requested_cadres
    subscription.confirmed_at = subscription.confirmed_at or now
    subscription.last_activity_at = now
    subscription.save(update_fields=["stage_types", "cadres", "confirmed_at", "last_activity_at"])
    return subscription


def forget(subscriptions):
    """Delete subscriptions and every e-mail written to them, sent or not (no copy of the address stays)."""
    pks = list(subscriptions.values_list("pk", flat=True))
    with transaction.atomic():
        for pk in pks:
            OutgoingEmail.objects.filter(dedupe_key__startswith=emails.dedupe_prefix(pk)).delete()
        AlertSubscription.objects.filter(pk__in=pks).delete()
    return len(pks)


def unsubscribe(subscription):
    return forget(AlertSubscription.objects.filter(pk=subscription.pk))


# --- Calls -------------------------------------------------------------------------------------------------------


def open_calls(page, now=None):
    """The page's calls open at ``now`` with confirmed dates: {(schooling year, deadline): [periods]}."""
    calls = {}
    for period in page.periods.all():
        if period.offer_deadline and not period.indicative and period.deadline_status(now).is_open:
            calls.setdefault((period.schooling_year, period.offer_deadline), []).append(period)
    return calls


def open_calls_for(subscription, now=None):
    """What is open today among the subscription's stage types: shown once it is confirmed (no e-mail for it)."""
    pages = StagePage.objects.live().filter(stage_type__in=subscription.stage_types)
    items = []
    for page in pages.prefetch_related(periods_prefetch()).order_by("path"):
        periods = [p for p in page.periods.all() if not subscription.cadres or p.cadre in subscription.cadres]
        state = call_state(periods, now)
        if state.code in ("open", "closing", "indicative"):
            items.append({"title": page.title, "url": page.url, "text": state.text})
    return items


def _subscribers(stage_type, cadres, confirmed_before):
    confirmed = AlertSubscription.objects.filter(confirmed_at__isnull=False, confirmed_at__lte=confirmed_before)
    return [s for s in confirmed.order_by("pk") if s.matches(stage_type, cadres)]


def announce_open_calls(pages, now=None):
    """Write one opening e-mail per confirmed subscriber of each call that opened (confirmed dates, deadline
    ahead) and was not announced yet; returns the number of e-mails written. Runs when an editor publishes a stage
    page (in the publishing transaction) and as a worker task (scheduled publishing, anything missed)."""
    now = now or timezone.now()
    written = []
    with transaction.atomic():
        for page in pages:
            calls = open_calls(page, now)
            _withdraw_closed_calls(page, calls, now)
            for (year, deadline), periods in calls.items():
                cadres = sorted({p.cadre for p in periods})
                call, created = OpenedCall.objects.get_or_create(
                    page=page,
                    schooling_year=year,
                    offer_deadline=deadline,
                    defaults={"cadres": cadres, "opened_at": now},
                )
                if not created:
                    continue
                for subscription in _subscribers(page.stage_type, cadres, now):
                    mine = [p for p in periods if not subscription.cadres or p.cadre in subscription.cadres]
                    email = emails.opening_email(subscription, call, mine, reminder_expected=reminder_expected(call))
                    if email:
                        written.append(email.pk)
        send_after_commit(written)
    return len(written)


def _withdraw_closed_calls(page, calls, now):
    """A call announced but no longer open with those dates (made indicative again, deadline moved) is withdrawn:
    confirmed again later, it is announced again to those who have not had it (the e-mail keys stop repeats)."""
    ahead = OpenedCall.objects.filter(page=page, offer_deadline__gte=paris_today(now))
    for call in ahead:
        if (call.schooling_year, call.offer_deadline) not in calls:
            call.delete()


def reminder_day(call):
    return call.offer_deadline - datetime.timedelta(days=REMINDER_DAYS)


def reminder_expected(call):
    """A reminder follows the opening only when the call opened before the reminder's day."""
    return paris_today(call.opened_at) < reminder_day(call)


def send_reminders(now=None):
    """From 14 days before a call's deadline, one reminder per confirmed subscriber (once, whenever the task runs
    in that window), while the call is still open with those dates."""
    now = now or timezone.now()
    today = paris_today(now)
    written = []
    calls = OpenedCall.objects.filter(
        offer_deadline__gte=today, offer_deadline__lte=today + datetime.timedelta(days=REMINDER_DAYS)
    ).select_related("page")
    with transaction.atomic():
        for call in calls:
            if not call.page.live or not reminder_expected(call):
                continue
            periods = open_calls(call.page, now).get((call.schooling_year, call.offer_deadline))
            if not periods:
                continue  # dates changed or made indicative again: this call is no longer what the page says
            for subscription in _subscribers(call.page.stage_type, call.cadres, now):
                mine = [p for p in periods if not subscription.cadres or p.cadre in subscription.cadres]
                email = emails.reminder_email(subscription, call, mine)
                if email:
                    written.append(email.pk)
        send_after_commit(written)
    return len(written)


def purge(now=None):
    """Delete subscriptions unconfirmed 7 days after their request, and confirmed ones inactive for 3 years."""
    now = now or timezone.now()
    unconfirmed = AlertSubscription.objects.filter(
        confirmed_at__isnull=True, requested_at__lt=now - datetime.timedelta(days=CONFIRMATION_DAYS)
    )
    inactive = AlertSubscription.objects.filter(
        confirmed_at__isnull=False, last_activity_at__lt=_years_before(now, INACTIVE_YEARS)
    )
    counts = forget(unconfirmed), forget(inactive)
    logger.info("Purge des alertes : %s non confirmée(s), %s inactive(s) depuis %s ans", *counts, INACTIVE_YEARS)
    return counts


def _years_before(moment, years):
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)
