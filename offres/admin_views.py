"""Back-office views for editors: the year rollover of a stage page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages

from .models import StagePage
from .rollover import next_periods, next_steps, prepare_next_schooling


def prepare_next_schooling_view(request, page_id):
    """Confirm, then add next year's indicative periods to a new draft of the stage page (never published)."""
    page = get_object_or_404(StagePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    target, copies = next_periods(page)
    draft = page.get_latest_revision_as_object()
    already = any(p.schooling_year == target for p in draft.periods.all())
    if request.method == "POST" and copies and not already:
        year, count = prepare_next_schooling(page, request.user)
        messages.success(
            request,
            _(
                "Scolarité %(year)s préparée : %(count)s période(s) indicative(s) et leurs étapes clés ajoutées au brouillon, à vérifier puis publier."
            )
            % {"year": year, "count": count},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]) + "#tab-periodes")
    return TemplateResponse(
        request,
        "offres/admin/prepare_next_schooling.html",
        {"page": page, "target": target, "copies": copies, "steps": next_steps(page), "already": already},
    )
