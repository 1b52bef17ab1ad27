"""A visitor lands on the home page, uses the main menu and reads a page; every page type passes axe."""

import pytest
from playwright.sync_api import expect

from tests.factories import StandardPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_pages(home_page):
    page = StandardPageFactory(
        parent=home_page, title="L'INET et ses élèves", slug="inet-et-ses-eleves", show_in_menus=True
    )
    page.body = [("paragraph", "<p>L'INET forme les cadres dirigeants des collectivités territoriales.</p>")]
    page.save_revision().publish()
    return home_page, page


def test_home_menu_then_page(page, site_pages):
    page.goto(page.base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accueillir un élève de l'INET")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="L'INET et ses élèves").click()
    expect(page).to_have_url(page.base_url + "/inet-et-ses-eleves/")
    expect(page.get_by_role("heading", level=1)).to_have_text("L'INET et ses élèves")
    expect(page.get_by_role("main").get_by_text("forme les cadres dirigeants")).to_be_visible()
    current = page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="L'INET et ses élèves")
    expect(current).to_have_attribute("aria-current", "page")


def test_skip_link_moves_focus_to_content(page, site_pages):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("path", ["/", "/inet-et-ses-eleves/", "/page-qui-n-existe-pas/", "/recherche/?q=formation"])
def test_page_types_pass_axe_on_desktop_and_mobile(page, mobile_page, site_pages, axe, path):
    for browser_page in (page, mobile_page):
        browser_page.goto(browser_page.base_url + path)
        assert browser_page.locator("h1").count() == 1
        axe(browser_page)


def test_the_privacy_page_of_the_demo_passes_axe(page, mobile_page, home_page, axe):
    """The longest legal page (h3 sections, lists, links), as the demo writes it; the other two are standard pages
    of the same type."""
    from home import demo

    demo.load_pages(home_page)
    for browser_page in (page, mobile_page):
        browser_page.goto(browser_page.base_url + "/donnees-personnelles/")
        expect(browser_page.get_by_role("heading", level=1)).to_have_text("Données personnelles")
        axe(browser_page)
