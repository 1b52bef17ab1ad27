"""Editors' back office: moderation rules, the year rollover action and the admin home panels."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.components import Component

from offres.deadlines import paris_today
from offres.models import StagePage, StagePeriod
from offres.proposals.models import Proposal, ProposalStatus

from .admin_views import prepare_next_schooling_view
from .editorial import can_publish_directly, can_unpublish


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    """On moderated pages, non-superusers submit to the workflow instead of publishing."""
    page = context.get("page")
    if page is not None and page.pk and not can_publish_directly(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name not in ("action-publish", "action-unpublish")]


@hooks.register("before_edit_page")
def refuse_direct_publish(request, page):
    if request.method == "POST" and "action-publish" in request.POST and not can_publish_directly(request.user, page):
        messages.error(request, _("Cette page passe par la validation éditoriale : soumettez-la au groupe Validation."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_unpublish_page")
def refuse_unpublish(request, page):
    if not can_unpublish(request.user, page, include_descendants=bool(request.POST.get("include_descendants"))):
        messages.error(
            request,
            _(
                "Cette page ou ses sous-pages passent par la validation éditoriale : seul un administrateur les dépublie."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type == "publish" and any(not can_publish_directly(request.user, page) for page in objects):
        messages.error(request, _("Certaines pages passent par la validation éditoriale : soumettez-les une à une."))
        return redirect("wagtailadmin_home")
    if action_type == "unpublish" and any(not can_unpublish(request.user, page, True) for page in objects):
        messages.error(
            request, _("Certaines pages passent par la validation éditoriale : seul un administrateur les dépublie.")
        )
        return redirect("wagtailadmin_home")
    return None


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
        return reverse("editorial_prepare_next_schooling", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_prepare_next_schooling():
    return PrepareNextSchoolingMenuItem(order=60)


@hooks.register("register_admin_urls")
def editorial_urls():
    return [
        path(
            "stages/<int:page_id>/prochaine-scolarite/",
            prepare_next_schooling_view,
            name="editorial_prepare_next_schooling",
        )
    ]


class NextDeadlinesPanel(Component):
    name = "next_deadlines"
    order = 110
    template_name = "editorial/panels/next_deadlines.html"
    limit = 8

    def get_context_data(self, parent_context):
        periods = (
            StagePeriod.objects.filter(offer_deadline__gte=paris_today(), page__live=True)
            .select_related("page")
            .order_by("offer_deadline", "page__title", "cadre")[: self.limit]
        )
        return {"periods": list(periods)}


class ProposalsThisCyclePanel(Component):
    name = "proposals_this_cycle"
    order = 120
    template_name = "editorial/panels/proposals_this_cycle.html"

    def get_context_data(self, parent_context):
        cycle = Proposal.objects.order_by("-cycle").values_list("cycle", flat=True).first()
        counts = {}
        if cycle:
            rows = Proposal.objects.filter(cycle=cycle).values("status").annotate(total=Count("pk"))
            counts = {row["status"]: row["total"] for row in rows}
        statuses = [(label, counts.get(value, 0), value) for value, label in ProposalStatus.choices]
        return {"cycle": cycle, "statuses": statuses, "total": sum(counts.values())}


@hooks.register("construct_homepage_panels")
def editorial_panels(request, panels):
    panels.append(NextDeadlinesPanel())
    if request.user.has_perm("offres.view_proposal"):
        panels.append(ProposalsThisCyclePanel())
