"""The alerts' e-mails, written to the outbox (``OutgoingEmail``) once per subscription and purpose.

Each has a one-click unsubscribe link in its text and the RFC 8058 headers (``List-Unsubscribe`` with the
HTTPS link, ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``), so a mail client's « Se désabonner »
button works without opening the site. ``dedupe_key`` makes a second write of the same e-mail a no-op:
``alert:<subscription>:<page>:<schooling year>:<deadline>:opening`` (or ``:reminder``), so a call withdrawn (made
indicative again) then confirmed again is not sent twice to the same address; ``alert:<subscription>:confirm:<day>``.
"""

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Site

from core.formats import long_date

from ..proposals.models import OutgoingEmail
from .models import CONFIRMATION_DAYS, INACTIVE_YEARS, REMINDER_DAYS

Kind = OutgoingEmail.Kind


def absolute(path):
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else "http://localhost"
    return root.rstrip("/") + path


def links(subscription):
    return {
        "confirm_url": absolute(reverse("offres_alerts:confirm", args=[subscription.key])),
        "unsubscribe_url": absolute(reverse("offres_alerts:unsubscribe", args=[subscription.key])),
    }


def unsubscribe_headers(url):
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def dedupe_prefix(subscription_pk):
    return f"alert:{subscription_pk}:"


def _write(subscription, kind, key, subject, template, context):
    """One outbox row, unless ``key`` was already written (then None). Call inside the triggering transaction."""
    if OutgoingEmail.objects.filter(dedupe_key=key).exists():
        return None
    urls = links(subscription)
    context = {
        **context,
        **urls,
        "subscription": subscription,
        "retention_years": INACTIVE_YEARS,
        "confirmation_days": CONFIRMATION_DAYS,
    }
    try:
        with transaction.atomic():  # a savepoint: a concurrent writer of the same key loses quietly
            return OutgoingEmail.objects.create(
                kind=kind,
                dedupe_key=key,
                recipients=[subscription.email],
                subject=" ".join(subject.split())[:240],
                body=render_to_string(template, context),
                headers=unsubscribe_headers(urls["unsubscribe_url"]),
            )
    except IntegrityError:
        return None


def confirmation_email(subscription, now):
    """At most one confirmation link per address and day, whoever asks for it."""
    day = now.date().isoformat()
    return _write(
        subscription,
        Kind.ALERT_CONFIRM,
        f"{dedupe_prefix(subscription.pk)}confirm:{day}",
        "INET – Confirmez votre alerte « Accueillir un élève »",
        "offres/emails/alert_confirm.txt",
        {
            "expires": long_date(subscription.link_expires_at()),
            "stage_labels": subscription.stage_type_labels(requested=True),
            "cadre_labels": subscription.cadre_labels(requested=True),
        },
    )


def call_context(call, periods):
    page = call.page
    return {
        "call": call,
        "page": page,
        "page_url": page.get_full_url(),
        "stage": page.get_stage_type_display(),
        "deadline": long_date(call.offer_deadline),
        "periods": [
            {
                "who": period.get_cadre_display(),
                "start": long_date(period.start_date),
                "end": long_date(period.end_date),
                "precision": period.precision,
            }
            for period in periods
        ],
    }


def call_key(call):
    return f"{call.page_id}:{call.schooling_year}:{call.offer_deadline.isoformat()}"


def opening_email(subscription, call, periods, reminder_expected=True):
    context = {**call_context(call, periods), "reminder_expected": reminder_expected}
    return _write(
        subscription,
        Kind.ALERT_OPENING,
        f"{dedupe_prefix(subscription.pk)}{call_key(call)}:opening",
        f"INET – Appel ouvert : {context['stage']}, dépôt des offres jusqu'au {context['deadline']}",
        "offres/emails/alert_opening.txt",
        context,
    )


def reminder_email(subscription, call, periods):
    context = {**call_context(call, periods), "reminder_days": REMINDER_DAYS}
    return _write(
        subscription,
        Kind.ALERT_REMINDER,
        f"{dedupe_prefix(subscription.pk)}{call_key(call)}:reminder",
        f"INET – Rappel : {context['stage']}, dépôt des offres jusqu'au {context['deadline']}",
        "offres/emails/alert_reminder.txt",
        context,
    )
