"""Menus, footer contact and breadcrumbs, each read once and shared by every visitor until content changes."""

from django import template
from wagtail.models import Page, Site

from core.purge import PAGES, RESTRICTIONS, SETTINGS, SITES
from core.shared import SharedItem
from core.visibility import public

from ..models import ContactSettings

register = template.Library()


def _menu_entries(site_pk, *, site, request):
    pages = public(site.root_page.get_children().live().in_menu())
    return tuple({"title": page.title, "url": page.get_url(request), "path": page.path} for page in pages)


MAIN_MENU = SharedItem(
    "main_menu",
    build=_menu_entries,
    purged_by=(PAGES, RESTRICTIONS, SITES),
    doc="The main menu of a site: title, URL and tree path of each page in the menu.",
)


def _site_contact(site_pk, *, site):
    return ContactSettings.for_site(site)


SITE_CONTACT = SharedItem(
    "site_contact",
    build=_site_contact,
    purged_by=(SETTINGS, SITES),
    doc="The footer's contact of a site (the ContactSettings setting).",
)


def _ancestor_links(site_pk, parent_path, *, page, request):
    ancestors = page.get_ancestors().filter(depth__gt=1).only("title", "url_path", "path", "depth")
    return tuple(
        {"title": ancestor.title, "url": ancestor.get_url(request), "depth": ancestor.depth} for ancestor in ancestors
    )


BREADCRUMBS = SharedItem(
    "breadcrumbs",
    build=_ancestor_links,
    purged_by=(PAGES, SITES),
    doc="The links of a page's ancestors, shared by every child of the same parent (10 000 projects: one entry).",
)


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    site = _site(context)
    entries = MAIN_MENU.get(site.pk, site=site, request=context.get("request")) if site is not None else ()
    current_path = getattr(context.get("page"), "path", "")
    menu = [
        {
            **entry,
            "aria_current": "page"
            if current_path == entry["path"]
            else ("true" if current_path.startswith(entry["path"]) else ""),
        }
        for entry in entries
    ]
    return {"menu": menu, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def site_contact(context):
    """The footer's contact (site setting)."""
    site = _site(context)
    return SITE_CONTACT.get(site.pk, site=site) if site is not None else ContactSettings()


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The page's ancestors as links."""
    page = context.get("page")
    request = context.get("request")
    ancestors = ()
    if isinstance(page, Page) and page.depth > 2:
        site = _site(context)
        ancestors = BREADCRUMBS.get(getattr(site, "pk", None), page.path[: -page.steplen], page=page, request=request)
    page_url = page.get_url(request) if isinstance(page, Page) else ""
    # ``breadcrumb_trail``: the links below the page, for a route of a routable page (a collectivité's page)
    trail = context.get("breadcrumb_trail") or ()
    return {"ancestors": ancestors, "page": page, "page_url": page_url, "request": request, "trail": trail}
