"""Editors' back office: the moderation rules (Communication submits, Validation approves)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

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
