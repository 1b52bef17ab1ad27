"""INET's view of the alerts: subscriptions per stage type (confirmed, waiting), and the export of the confirmed
ones for the stages team only (``offres.view_alertsubscription``, given to the « Équipe stages » group)."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from core.spreadsheet import safe_cell
from home.cadres import SHORT_LABELS, Cadre

from ..stage_types import StageType
from .models import CONFIRMATION_DAYS, INACTIVE_YEARS, AlertSubscription

PERMISSION = "offres.view_alertsubscription"


def counts_per_stage_type(subscriptions):
    """[(label, confirmed, waiting, {cadre short label: confirmed})] for every stage type."""
    rows = []
    for value, label in StageType.choices:
        confirmed = [s for s in subscriptions if s.confirmed_at and value in s.stage_types]
        waiting = [s for s in subscriptions if not s.confirmed_at and value in s.requested_stage_types]
        per_cadre = {
            SHORT_LABELS[cadre]: sum(1 for s in confirmed if not s.cadres or cadre.value in s.cadres) for cadre in Cadre
        }
        rows.append({"label": label, "confirmed": len(confirmed), "waiting": len(waiting), "per_cadre": per_cadre})
    return rows


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def subscriptions_view(request):
    _check(request)
    subscriptions = list(AlertSubscription.objects.all())
    return TemplateResponse(
        request,
        "offres/admin/alert_subscriptions.html",
        {
            "rows": counts_per_stage_type(subscriptions),
            "cadres": [SHORT_LABELS[c] for c in Cadre],
            "total_confirmed": sum(1 for s in subscriptions if s.confirmed_at),
            "total_waiting": sum(1 for s in subscriptions if not s.confirmed_at),
            "confirmation_days": CONFIRMATION_DAYS,
            "retention_years": INACTIVE_YEARS,
        },
    )


def export_view(request):
    """The confirmed subscriptions as CSV (semicolons, UTF-8 with BOM, as French spreadsheets open it)."""
    _check(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="abonnements-alertes-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Adresse", "Types de stage", "Cadres d'emplois", "Confirmée le", "Dernière activité"])
    for s in AlertSubscription.objects.filter(confirmed_at__isnull=False).order_by("email"):
        writer.writerow(
            [
                safe_cell(s.email),
                ", ".join(str(label) for label in s.stage_type_labels()),
                ", ".join(str(label) for label in s.cadre_labels()),
                timezone.localtime(s.confirmed_at).strftime("%d/%m/%Y"),
                timezone.localtime(s.last_activity_at).strftime("%d/%m/%Y"),
            ]
        )
    return response
