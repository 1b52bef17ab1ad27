"""The stages' back office: proposals (wagtail-modeladmin), the year rollover action, the admin home panels."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail_modeladmin.options import modeladmin_register

from core.paris import paris_today

from .admin_views import prepare_next_schooling_view
from .alerts import admin as alerts_admin
from .models import StagePage, StagePeriod
from .proposals.admin import ProposalAdmin
from .proposals.draft_admin import ProposalDraftAdmin
from .proposals.emails import stuck_emails
from .proposals.models import Proposal, ProposalStatus

modeladmin_register(ProposalAdmin)
modeladmin_register(ProposalDraftAdmin)


class PrepareNextSchoolingMenuItem(ActionMenuItem):
    label = _("Préparer la prochaine scolarité")
    name = "action-prepare-next-schooling"
    icon_name = "date"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and isinstance(page, StagePage)
            and not context.get("locked_for_user")
            and self.get_user_page_permissions_tester(context).can_edit()
        )

    def get_url(self, context):
        return reverse("offres_prepare_next_schooling", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_prepare_next_schooling():
    return PrepareNextSchoolingMenuItem(order=60)


def proposals_under(pages):
    """How many proposals point to one of ``pages`` or to a page below them (one query)."""
    below = Q()
    for page in pages:
        below |= Q(stage_page__path__startswith=page.path)
    return Proposal.objects.filter(below).count() if below else 0


PROPOSALS_HELD = _(
    "%(count)s proposition(s) sont rattachées à cette page ou à ses sous-pages : la supprimer couperait les liens "
    "personnels des collectivités. Dépubliez-la plutôt."
)


@hooks.register("before_copy_page")
def refuse_copying_a_stage_page(request, page):
    """A stage type has one page (``stage_type`` is unique): a copy could only fail when it is written."""
    if isinstance(page.specific, StagePage):
        messages.error(
            request,
            _(
                "Un seul stage par type : modifiez la page existante, ou préparez la prochaine scolarité depuis "
                "son menu d'actions."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_delete_page")
def refuse_deleting_a_page_with_proposals(request, page):
    count = proposals_under([page])
    if count:
        messages.error(request, PROPOSALS_HELD % {"count": count})
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_pages_with_proposals(request, action_type, objects, action_class_instance):
    pages = [obj for obj in objects if isinstance(obj, Page)]  # users and snippets have bulk deletes too
    if action_type == "delete" and (count := proposals_under(pages)):
        messages.error(request, PROPOSALS_HELD % {"count": count})
        return redirect("wagtailadmin_home")
    return None


@hooks.register("register_admin_urls")
def rollover_urls():
    return [
        path(
            "stages/<int:page_id>/prochaine-scolarite/",
            prepare_next_schooling_view,
            name="offres_prepare_next_schooling",
        ),
        path("alertes/", alerts_admin.subscriptions_view, name="offres_alert_subscriptions"),
        path("alertes/export.csv", alerts_admin.export_view, name="offres_alert_subscriptions_export"),
    ]


class AlertsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(alerts_admin.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_alerts_menu_item():
    return AlertsMenuItem(_("Alertes des appels"), reverse("offres_alert_subscriptions"), icon_name="mail", order=260)


class StuckEmailsPanel(Component):
    """Shown only when a receipt or notice could not leave: it may be a collectivité's only personal link."""

    name = "stuck_emails"
    order = 100
    template_name = "offres/admin/panels/stuck_emails.html"
    limit = 10

    def __init__(self, emails, total):
        self.emails, self.total = emails, total

    def get_context_data(self, parent_context):
        return {"emails": self.emails, "total": self.total}


class NextDeadlinesPanel(Component):
    name = "next_deadlines"
    order = 110
    template_name = "offres/admin/panels/next_deadlines.html"
    limit = 8

    def get_context_data(self, parent_context):
        periods = (
            StagePeriod.objects.filter(offer_deadline__gte=paris_today(), page__live=True)
            .select_related("page")
            .order_by("offer_deadline", "page__title", "cadre")[: self.limit]
        )
        return {"periods": list(periods)}


class ProposalsThisYearPanel(Component):
    name = "proposals_this_year"
    order = 120
    template_name = "offres/admin/panels/proposals_this_year.html"

    def get_context_data(self, parent_context):
        latest = Proposal.objects.order_by("-schooling_year").values_list("schooling_year", flat=True).first()
        counts = {}
        if latest:
            rows = Proposal.objects.filter(schooling_year=latest).values("status").annotate(total=Count("pk"))
            counts = {row["status"]: row["total"] for row in rows}
        statuses = [(label, counts.get(value, 0), value) for value, label in ProposalStatus.choices]
        return {"schooling_year": latest, "statuses": statuses, "total": sum(counts.values())}


@hooks.register("construct_homepage_panels")
def stage_panels(request, panels):
    panels.append(NextDeadlinesPanel())
    if request.user.has_perm("offres.view_proposal"):
        panels.append(ProposalsThisYearPanel())
        stuck = stuck_emails().select_related("proposal")
        emails = list(stuck[: StuckEmailsPanel.limit])
        if emails:
            panels.append(
                StuckEmailsPanel(emails, stuck.count() if len(emails) == StuckEmailsPanel.limit else len(emails))
            )
