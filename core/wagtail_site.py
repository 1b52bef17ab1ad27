"""Adapter for Wagtail's site lookup: the one default site, shared by every request (Wagtail internals inside).

For each request Wagtail looks the site up (a query), then loads its root page and the root page's specific
type, StreamFields decoded (two more), before it routes the path: 3 to 5 ms of CPU per page that misses the page
cache, a quarter to a third of its render (``docs/performance.md``). With a single default site, as INET has, every
request gets that site whatever its host, so ``SharedSiteMiddleware`` hands Wagtail the one kept in ``THE_SITE``
(shared data: purged when a site is saved or a page published). Several sites, or none marked default: Wagtail
resolves each request itself, as usual.

Wagtail has no public way to hand it a request's site: ``Site.find_for_request`` keeps it in
``request._wagtail_site`` (documented in its docstring), which only this module writes.
``tests/core/test_wagtail_site.py`` fails if Wagtail stops reading it from there.

Pages (``SharedPageMixin``, under every page type of the site):

- routing: Wagtail's ``Page.route`` reads each level of a path in two queries (the child by slug, then its specific
  type); ``route_to_child`` reads it in one, from a shared map of every page's children (``PAGE_CHILDREN``), and
  sets the parent on the child as Wagtail does (``_cached_parent_obj``, read by treebeard's ``get_parent``), so that
  a page asking for its parent gets the one routed through without a query;
- addresses: each page instance asked for its URL without a request (``page.url`` in a card) read the sites' root
  paths from the cache, a Redis round trip per card; ``_get_site_root_paths`` now returns the shared copy
  (``SITE_ROOT_PATHS``);
- restrictions: Wagtail's check before serving (``get_view_restrictions``, a query) is skipped for a page outside
  every private section (``core.visibility``).

The same test file fails if Wagtail stops routing, caching the parent or reading the root paths that way.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page, PageViewRestriction, Site

from .purge import PAGES, SITES
from .shared import SharedItem
from .visibility import may_be_private


def _the_only_default_site():
    sites = list(Site.objects.select_related("root_page")[:2])
    if len(sites) == 1 and sites[0].is_default_site:
        site = sites[0]
        site.root_page.specific  # noqa: B018 - the routing starts from it: read and decoded once, kept with the site
        return site
    return None


THE_SITE = SharedItem(
    "the_only_default_site",
    build=_the_only_default_site,
    purged_by=(SITES, PAGES),
    doc="The project's one default site with its specific root page, or None when Wagtail must resolve each request.",
)


def share_the_site(request):
    """Give ``request`` the one default site (and its root page) without a query; False when there is none."""
    site = THE_SITE.get()
    if site is None:
        return False
    request._wagtail_site = site
    return True


class SharedSiteMiddleware:
    """After ``CommonMiddleware`` (which refuses the hosts that are not allowed) and the page cache (a hit needs no
    site, and learns the generation with the page in one round trip)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        share_the_site(request)
        return self.get_response(request)


def _page_children():
    """``{(parent's path, slug): (pk, content type id)}`` for every page, live or not (Wagtail routes through a
    draft section to its live pages, and answers 404 for a page that is not live)."""
    steplen = Page.steplen
    rows = Page.objects.values_list("path", "slug", "pk", "content_type_id").order_by()
    return {(path[:-steplen], slug): (pk, content_type_id) for path, slug, pk, content_type_id in rows.iterator()}


PAGE_CHILDREN = SharedItem(
    "page_children",
    build=_page_children,
    purged_by=(PAGES,),
    doc="Every page's children by slug, with their type: a path is routed in one query per level, not two.",
)


def route_to_child(parent, request, path_components):
    """``Page.route`` for a path below ``parent``: the child read with its specific type in one query."""
    child = PAGE_CHILDREN.get().get((parent.path, path_components[0]))
    model = ContentType.objects.get_for_id(child[1]).model_class() if child else None
    if model is None:
        raise Http404
    # A page type may say how its page reads it (``route_queryset``: relations joined or prefetched).
    queryset = model.route_queryset() if hasattr(model, "route_queryset") else model._default_manager
    try:
        subpage = queryset.get(pk=child[0])
    except model.DoesNotExist as error:  # deleted since the map was read
        raise Http404 from error
    subpage._cached_parent_obj = parent
    return subpage.route(request, path_components[1:])


SITE_ROOT_PATHS = SharedItem(
    "site_root_paths",
    build=Site.get_site_root_paths,
    purged_by=(SITES, PAGES),
    doc="Wagtail's root paths of the sites (id, root path, root URL, language): every page URL is built from them.",
)


class SharedPageMixin:
    """Wagtail's page behaviours that read the database or the cache on every request, served from shared data."""

    def route(self, request, path_components):
        if path_components:
            return route_to_child(self, request, path_components)
        return super().route(request, path_components)

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        # Kept on the object too, as Wagtail does: its redirects (on a move) read them back from there.
        paths = (cache_object or self)._wagtail_cached_site_root_paths = SITE_ROOT_PATHS.get()
        return paths

    def get_view_restrictions(self):
        if not may_be_private(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
