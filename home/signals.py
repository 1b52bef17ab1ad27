"""Purge the anonymous page cache whenever what visitors see may have changed.

A single generation bump drops every cached page, so the index pages, menus, cards and search
results that show a changed page are purged with it. Each purge runs at once and again after the
transaction commits, so a page rendered from the old data during the commit is not kept.
"""

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from .cache import purge_page_cache

# Saving or deleting one of these changes public pages (a rendition, a search log entry or a form
# submission does not). A view restriction (a private page) takes the page and its menu entry from visitors;
# a recommended result shows on the search page.
PUBLIC_MODEL_BASES = (
    BaseSiteSetting,
    BaseGenericSetting,
    Site,
    AbstractImage,
    AbstractDocument,
    BaseViewRestriction,
    SearchPromotion,
)


def purge_now_and_on_commit(**kwargs):
    purge_page_cache()
    transaction.on_commit(purge_page_cache)


def extra_purge_models():
    """Models named in the PAGE_CACHE_PURGE_MODELS setting ("app_label.Model")."""
    return {apps.get_model(label) for label in getattr(settings, "PAGE_CACHE_PURGE_MODELS", ())}


def shows_on_public_pages(model):
    return issubclass(model, PUBLIC_MODEL_BASES) or model in get_snippet_models() or model in extra_purge_models()


def purge_on_model_change(sender, created=False, **kwargs):
    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        # Settings are created with their defaults on first read, in the middle of a render that
        # already shows them; the admin edits an existing row, which does purge.
        return
    if shows_on_public_pages(sender):
        purge_now_and_on_commit()


def purge_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_now_and_on_commit()


def connect():
    page_published.connect(purge_now_and_on_commit, dispatch_uid="pagecache_published")
    page_unpublished.connect(purge_now_and_on_commit, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(purge_now_and_on_commit, dispatch_uid="pagecache_moved")
    post_delete.connect(purge_on_page_delete, dispatch_uid="pagecache_page_deleted")
    post_save.connect(purge_on_model_change, dispatch_uid="pagecache_model_saved")
    post_delete.connect(purge_on_model_change, dispatch_uid="pagecache_model_deleted")
