"""Wagtail's routing with one query per level instead of two.

Wagtail finds a child by its slug (one query), then reads its specific type (a second). The children of
a page, by slug with their type, are shared by every visitor until content changes (``home/shared.py``:
a publish, move or delete purges them), so only the specific page is read. A page with many children (the
archive's 10 000 projects) is left to its own routing, or to Wagtail's.
"""

from django.contrib.contenttypes.models import ContentType

from .shared import shared_by_visitors

# Above this many children, the map would cost more to build than it saves.
MAX_MAPPED_CHILDREN = 200


def child_routes(page):
    """``{slug: (id, content type id)}`` of the page's children, or None when it has too many."""
    if page.numchild > MAX_MAPPED_CHILDREN:
        return None
    return shared_by_visitors(("child_routes", page.pk), lambda: _children_by_slug(page))


def _children_by_slug(page):
    rows = page.get_children().order_by().values_list("slug", "pk", "content_type_id")
    return {slug: (pk, content_type_id) for slug, pk, content_type_id in rows}


def specific_child(page, slug):
    """The child page with this slug, of its specific type, in one query; None when the map cannot tell."""
    routes = child_routes(page)
    if not routes or slug not in routes:
        return None
    pk, content_type_id = routes[slug]
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=pk, slug=slug).first()
