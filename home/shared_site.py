"""Wagtail's site and root page, shared by every request when the project has one site, the default one.

Wagtail looks the site up for each request (a query), then loads its root page and the root page's specific
type (two more) before it routes the path. With a single default site, as INET has, every request gets that
site whatever its host, so ``SharedSiteMiddleware`` hands Wagtail the one kept by ``home/shared.py`` (until the
next purge: saving a site or publishing a page bumps the generation). Several sites, or none marked default:
Wagtail resolves each request itself, as usual.
"""

from wagtail.models import Site

from .cache import page_cache_ttl
from .shared import shared_by_visitors


def _the_only_default_site():
    sites = list(Site.objects.select_related("root_page")[:2])
    if len(sites) == 1 and sites[0].is_default_site:
        site = sites[0]
        site.root_page.specific  # noqa: B018 - loaded once here, kept with the site
        return site
    return None


class SharedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not page_cache_ttl():  # nothing is shared: Wagtail looks the site up when (and if) it needs it
            return self.get_response(request)
        site = shared_by_visitors("the_only_default_site", _the_only_default_site)
        if site is not None:
            # Where Site.find_for_request keeps the site of a request (documented in its docstring).
            request._wagtail_site = site
        return self.get_response(request)
