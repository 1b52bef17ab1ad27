"""Demo content of the home app: the home page and the editorial pages (seeds 001 and 004)."""

from pathlib import Path

from django.db import transaction
from wagtail.models import Page, Site

from core.upsert import load_yaml, upsert_page

from .models import HomePage, StandardPage

DATA = Path(__file__).resolve().parent / "demo" / "pages.yaml"


def load_home():
    """Make sure the default site serves a HomePage at ``/``; returns (home, changed), changed a boolean."""
    data = load_yaml(DATA)["home"]
    root = Page.get_first_root_node()
    values = {key: data[key] for key in ("title", "hero_title", "hero_text", "summary")}
    with transaction.atomic():
        home, outcome = upsert_page(root, HomePage, "accueil", values)
        changed = bool(outcome)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="INET")
            changed = True
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = "INET"
            site.save()
            changed = True
        # Wagtail's migration creates a placeholder "Welcome" page; the demo site does not need it.
        for stray in root.get_children().exclude(pk=home.pk).filter(depth=2, slug="home"):
            stray.delete()
            changed = True
    return home, changed


def load_pages(home):
    changes = 0
    for record in load_yaml(DATA)["pages"]:
        values = {key: record[key] for key in ("title", "summary", "body", "show_in_menus") if key in record}
        if "date" in record:
            values["date"] = record["date"]
        _page, outcome = upsert_page(home, StandardPage, record["slug"], values)
        changes += bool(outcome)
    return changes


def load_home_actions(home):
    """The home page's calls to action point to pages other apps create, so they come last."""
    actions = []
    for action in load_yaml(DATA)["home"]["actions"]:
        target = Page.objects.filter(url_path=f"{home.url_path}{action['page']}/").first()
        value = {key: action[key] for key in ("title", "text", "link_label")}
        value.update({"page": target.pk, "url": ""} if target else {"page": None, "url": f"/{action['page']}/"})
        actions.append({"type": "call_to_action", "value": value})
    _home, outcome = upsert_page(home.get_parent(), HomePage, home.slug, {"actions": actions})
    return int(bool(outcome))
