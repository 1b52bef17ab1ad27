"""A form page served from the anonymous page cache still submits: each visitor gets their own CSRF token."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.conftest import submit_admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cached_site(settings, home_page):
    settings.PAGE_CACHE_TTL = 60
    settings.ROOT_URLCONF = "tests.home.cache_urls"
    cache.clear()
    yield home_page
    cache.clear()


def test_cached_form_page_submits_for_a_second_visitor(page, mobile_page, cached_site, axe):
    url = page.base_url + "/test-cache/formulaire/"
    first = page.goto(url)
    assert first.headers["x-cache"] == "MISS"

    second = mobile_page.goto(url)  # another browser, no cookie yet: served from the cache
    assert second.headers["x-cache"] == "HIT"
    axe(mobile_page)
    mobile_page.get_by_label("Intitulé du projet collectif").fill("Mobilités douces")
    mobile_page.get_by_role("button", name="Envoyer").click()
    expect(mobile_page.get_by_role("status")).to_have_text(
        "Merci, votre proposition pour « Mobilités douces » est enregistrée."
    )

    # The first visitor's page, rendered before caching, submits too.
    page.get_by_label("Intitulé du projet collectif").fill("Tiers-lieux")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("status")).to_have_text("Merci, votre proposition pour « Tiers-lieux » est enregistrée.")


def test_editor_sees_fresh_pages_while_visitors_get_the_cache(page, cached_site, django_user_model):
    from tests.factories import StandardPageFactory

    article = StandardPageFactory(parent=cached_site, title="Calendrier", slug="calendrier")
    article.save_revision().publish()
    assert page.goto(page.base_url + "/calendrier/").headers["x-cache"] == "MISS"
    # The browser would revalidate its copy by ETag (a 304 keeps the first answer's headers): ask the server itself.
    assert page.request.get(page.base_url + "/calendrier/").headers["x-cache"] == "HIT"

    django_user_model.objects.create_superuser("editrice", "editrice@example.org", "motdepasse-solide")
    page.goto(page.base_url + "/admin/login/")
    submit_admin_login(page, "editrice", "motdepasse-solide")
    expect(page).to_have_url(page.base_url + "/admin/")
    response = page.goto(page.base_url + "/calendrier/")
    assert "x-cache" not in response.headers
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendrier")
