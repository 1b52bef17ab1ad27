"""A collectivité types its project's title and sees the archive's past projects on close subjects appear."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.offres.proposal_fixtures import add_stage_page
from tests.projets.conftest import archive, booklet, demo_data  # noqa: F401 -- the archive's fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("booklet")]


def test_typing_a_title_shows_close_past_projects(page, home_page, axe):
    cache.clear()
    stage_page = add_stage_page(home_page)
    requests = []
    page.on("request", lambda request: "/precedents/" in request.url and requests.append(request.url))
    page.goto(page.base_url + stage_page.url)
    box = page.get_by_role("complementary", name="Projets collectifs déjà menés sur des sujets proches")
    expect(box.get_by_role("link", name="Voir les projets proches dans l'archive")).to_have_attribute(
        "href", "/projets/"
    )
    page.get_by_label("Intitulé du projet collectif").press_sequentially(
        "Télétravail et organisation du travail", delay=30
    )
    link = box.get_by_role("link", name="pistes d'action pour une nouvelle organisation du travail")
    expect(link).to_be_visible()
    expect(box.locator("[aria-live=polite]")).to_have_text(re.compile(r"^[123] projets? proches?$"))
    assert len(requests) <= 2, requests  # debounced: not one request per key stroke
    status = box.locator("[aria-live=polite]").inner_text()
    assert status in {"1 projet proche", "2 projets proches", "3 projets proches"}
    archive_link = box.get_by_role("link", name="Voir les projets proches dans l'archive")
    expect(archive_link).to_have_attribute("href", "/projets/?q=T%C3%A9l%C3%A9travail+et+organisation+du+travail")
    axe(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Télétravail")
