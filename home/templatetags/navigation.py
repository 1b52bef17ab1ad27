"""Menus and breadcrumbs, each in a single query; the menu is shared by every visitor until the next purge."""

from django import template
from wagtail.models import Page, Site

from ..models import ContactSettings
from ..shared import shared_by_visitors

register = template.Library()


def _menu_entries(site, request):
    pages = site.root_page.get_children().live().public().in_menu()
    return tuple({"title": page.title, "url": page.get_url(request), "path": page.path} for page in pages)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    entries = ()
    if site is not None:
        entries = shared_by_visitors(("main_menu", site.pk), lambda: _menu_entries(site, request))
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
    return {"menu": menu, "request": request}


@register.simple_tag(takes_context=True)
def site_contact(context):
    """The footer's contact (site setting), shared by every visitor until the next purge."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return ContactSettings()
    return shared_by_visitors(("site_contact", site.pk), lambda: ContactSettings.for_site(site))


def _ancestor_links(page, request):
    ancestors = page.get_ancestors().filter(depth__gt=1).only("title", "url_path", "path", "depth")
    return tuple(
        {"title": ancestor.title, "url": ancestor.get_url(request), "depth": ancestor.depth} for ancestor in ancestors
    )


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The page's ancestors as links: shared by every page of the same parent (10 000 projects: one entry)."""
    page = context.get("page")
    request = context.get("request")
    ancestors = ()
    if isinstance(page, Page) and page.depth > 2:
        site = Site.find_for_request(request) if request else None
        key = ("breadcrumbs", getattr(site, "pk", None), page.path[: -page.steplen])
        ancestors = shared_by_visitors(key, lambda: _ancestor_links(page, request))
    page_url = page.get_url(request) if isinstance(page, Page) else ""
    return {"ancestors": ancestors, "page": page, "page_url": page_url, "request": request}
