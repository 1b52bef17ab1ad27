"""What purges the page cache and the shared data: every change that visitors may see bumps the generation.

One bump drops every cached page and every shared item at once, so index pages, menus, cards and search
results that show a changed page are purged with it. Each purge runs at once and again after the transaction
commits, so that nothing rendered from the old data during the commit is kept. A draft saved in the admin
(``save_revision``) purges nothing: visitors do not see it.

``EVENTS`` names the kinds of change, for the shared data's declarations (``core.shared``).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from . import generation

PAGES = "pages"  # a page published, unpublished, moved, deleted, or created or saved live outside the admin
RESTRICTIONS = "restrictions"  # a view restriction added or removed (a page made private or public again)
SETTINGS = "settings"  # a site or generic setting saved (contact, footer, form texts...)
SITES = "sites"  # a Wagtail site saved or deleted
SNIPPETS = "snippets"  # a snippet saved or deleted (taxonomies...)
MEDIA = "media"  # an image or a document saved or deleted
SEARCH_PROMOTIONS = "search_promotions"  # a recommended search result saved or deleted
EVENTS = frozenset({PAGES, RESTRICTIONS, SETTINGS, SITES, SNIPPETS, MEDIA, SEARCH_PROMOTIONS})

# Saving or deleting one of these changes public pages (a rendition, a search log entry or a form submission
# does not).
MODEL_EVENTS = (
    (BaseSiteSetting, SETTINGS),
    (BaseGenericSetting, SETTINGS),
    (Site, SITES),
    (AbstractImage, MEDIA),
    (AbstractDocument, MEDIA),
    (BaseViewRestriction, RESTRICTIONS),
    (SearchPromotion, SEARCH_PROMOTIONS),
)


def purge():
    """A new generation now, and again once the current transaction commits."""
    generation.bump()
    transaction.on_commit(generation.bump)


def shows_on_public_pages(model):
    return any(issubclass(model, base) for base, _event in MODEL_EVENTS) or model in get_snippet_models()


def _on_page_event(**kwargs):
    purge()


def _on_model_change(sender, instance, created=False, update_fields=None, **kwargs):
    if isinstance(instance, Page):
        # A page created live, or saved whole while live, outside the admin's publishing (a factory, a script).
        if instance.live and (created or update_fields is None):
            purge()
        return
    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        # Settings are created with their defaults on first read, in the middle of a render that already
        # shows them; the admin edits an existing row, which does purge.
        return
    if shows_on_public_pages(sender):
        purge()


def _on_model_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) or shows_on_public_pages(sender):
        purge()


def _on_relation_change(sender, instance, action, **kwargs):
    """A page's many-to-many values (a project's themes) changed on a live page."""
    if action.startswith("post_") and isinstance(instance, Page) and instance.live:
        purge()


def connect():
    page_published.connect(_on_page_event, dispatch_uid="purge_page_published")
    page_unpublished.connect(_on_page_event, dispatch_uid="purge_page_unpublished")
    post_page_move.connect(_on_page_event, dispatch_uid="purge_page_moved")
    post_save.connect(_on_model_change, dispatch_uid="purge_model_saved")
    post_delete.connect(_on_model_deleted, dispatch_uid="purge_model_deleted")
    m2m_changed.connect(_on_relation_change, dispatch_uid="purge_page_relations")
