"""The alert pages: ask (POST from the index or a stage page), confirm from the e-mail, unsubscribe in one click.

Links carry the subscription's random key; an unknown or altered key answers 404, an expired confirmation link a
page that says so (410). The answer to a request never tells whether the address was known. Requests are limited
per client address like the proposal form (``ALERTS_RATE_LIMIT``, 10 an hour by default).
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from exploitation.client_ip import client_ip

from ..stage_types import StageType
from . import service
from .forms import AlertForm
from .models import CONFIRMATION_DAYS, INACTIVE_YEARS, REMINDER_DAYS, AlertSubscription

RATE_GROUP = "offres.alerts"
DEFAULT_RATE = "10/h"
NOINDEX = {"confirmation_days": CONFIRMATION_DAYS, "retention_years": INACTIVE_YEARS, "reminder_days": REMINDER_DAYS}


def _rate(group, request):
    return getattr(settings, "ALERTS_RATE_LIMIT", DEFAULT_RATE)


def _sender(group, request):
    return client_ip(request) or "adresse-inconnue"


def _rate_usage(request, increment=False):
    return get_usage(request, group=RATE_GROUP, key=_sender, rate=_rate, method="POST", increment=increment)


def _render(request, template, context=None, status=200):
    return render(request, f"offres/alerts/{template}", {**NOINDEX, **(context or {})}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        initial = {"stage_types": [v for v in request.GET.getlist("type") if v in StageType.values]}
        return _render(request, "subscribe.html", {"form": AlertForm(initial=initial)})
    usage = _rate_usage(request)
    if usage and usage["count"] >= usage["limit"]:
        message = "Trop de demandes ont été envoyées depuis votre connexion : réessayez dans une heure."
        return _render(request, "subscribe.html", {"form": AlertForm(request.POST), "notice": message}, 429)
    _rate_usage(request, increment=True)
    form = AlertForm(request.POST)
    if not form.is_valid():
        return _render(request, "subscribe.html", {"form": form})
    if not form.is_bot():
        data = form.cleaned_data
        service.request_subscription(data["email"], data["stage_types"], data["cadres"])
    return HttpResponseRedirect(reverse("offres_alerts:sent"), status=303)


def sent(request):
    return _render(request, "sent.html")


def _subscription(key):
    return AlertSubscription.objects.filter(key=key).first() if key else None


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, key):
    subscription = _subscription(key)
    if subscription is None:
        return _render(request, "invalid_link.html", status=404)
    if not subscription.link_is_valid():
        return _render(request, "expired_link.html", status=410)
    if request.method == "POST":
        service.confirm(subscription)
        context = _labels(subscription, requested=False)
        return _render(request, "confirmed.html", {**context, "open_calls": service.open_calls_for(subscription)})
    return _render(request, "confirm.html", {"subscription": subscription, **_labels(subscription, requested=True)})


def _labels(subscription, requested):
    return {
        "stage_labels": subscription.stage_type_labels(requested=requested),
        "cadre_labels": subscription.cadre_labels(requested=requested),
    }


@csrf_exempt  # RFC 8058: the mail client's one-click POST carries no CSRF token; the key is the secret
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, key):
    subscription = _subscription(key)
    if subscription is None:
        return _render(request, "invalid_link.html", {"unsubscribe": True}, status=404)
    if request.method == "POST":
        service.unsubscribe(subscription)
        return _render(request, "unsubscribed.html", {"at": timezone.now()})
    return _render(request, "unsubscribe.html", {"subscription": subscription})
