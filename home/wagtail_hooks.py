"""Editors' back office: the moderation rules (Communication submits, Validation approves)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from .editorial import can_delete, can_publish_directly, can_unpublish

MODERATED = _("Cette page passe par la validation éditoriale : soumettez-la au groupe Validation.")


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    """On moderated pages, and on new pages of a moderated section, non-superusers submit to the workflow instead
    of publishing."""
    page = context.get("page")
    target = page if page is not None and page.pk else context.get("parent_page")
    if target is not None and not can_publish_directly(request.user, target):
        menu_items[:] = [item for item in menu_items if item.name not in ("action-publish", "action-unpublish")]


@hooks.register("before_edit_page")
def refuse_direct_publish(request, page):
    if request.method == "POST" and "action-publish" in request.POST and not can_publish_directly(request.user, page):
        messages.error(request, MODERATED)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_create_page")
def submit_a_new_moderated_page(request, parent_page, page_class):
    """« Publier » posted for a new page of a moderated section (the button is hidden; the form can still be
    posted): the page is created and submitted to Validation, nothing typed is lost."""
    if (
        request.method == "POST"
        and "action-publish" in request.POST
        and not can_publish_directly(request.user, parent_page)
    ):
        data = request.POST.copy()
        del data["action-publish"]
        data["action-submit"] = "1"
        request.POST = data
        messages.warning(request, MODERATED)
    return None


@hooks.register("before_copy_page")
def copy_into_a_moderated_section_as_drafts(request, page):
    """« Publier les copies » into a moderated section: the copies are made as drafts, to be submitted."""
    if request.method != "POST" or not request.POST.get("publish_copies"):
        return None
    parent_id = request.POST.get("new_parent_page", "")
    destination = Page.objects.filter(pk=parent_id).first() if parent_id.isdigit() else None
    if destination is not None and not can_publish_directly(request.user, destination):
        data = request.POST.copy()
        del data["publish_copies"]
        request.POST = data
        messages.warning(
            request,
            _(
                "La section de destination passe par la validation éditoriale : les copies sont des brouillons à soumettre."
            ),
        )
    return None


@hooks.register("before_delete_page")
def refuse_deleting_a_moderated_page(request, page):
    if not can_delete(request.user, page):
        messages.error(
            request,
            _(
                "Cette page ou ses sous-pages passent par la validation éditoriale : seul un administrateur les supprime."
            ),
        )
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
    pages = [obj for obj in objects if isinstance(obj, Page)]  # users and snippets have bulk deletes too
    if action_type == "delete" and any(not can_delete(request.user, page) for page in pages):
        messages.error(
            request, _("Certaines pages passent par la validation éditoriale : seul un administrateur les supprime.")
        )
        return redirect("wagtailadmin_home")
    if action_type == "unpublish" and any(not can_unpublish(request.user, page, True) for page in objects):
        messages.error(
            request, _("Certaines pages passent par la validation éditoriale : seul un administrateur les dépublie.")
        )
        return redirect("wagtailadmin_home")
    return None
