"""Menus and breadcrumbs, each in a single query."""

from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        items = list(site.root_page.get_children().live().public().in_menu())
    current = context.get("page")
    current_path = getattr(current, "path", "")
    menu = [
        {
            "page": item,
            "aria_current": "page"
            if current_path == item.path
            else ("true" if current_path.startswith(item.path) else ""),
        }
        for item in items
    ]
    return {"menu": menu, "request": request}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = list(page.get_ancestors().filter(depth__gt=1).only("title", "url_path", "path", "depth"))
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}
