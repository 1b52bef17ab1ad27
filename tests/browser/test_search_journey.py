"""A visitor searches: types in the header box, picks a suggestion with the keyboard, lands on the page;
reads results filtered by kind; every search page state passes axe on desktop and mobile."""

import pytest
from playwright.sync_api import expect

from tests.factories import StandardPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def searchable_site(home_page):
    pages = [
        StandardPageFactory(
            parent=home_page,
            title="Bibliothèque de Créteil",
            slug="bibliotheque-creteil",
            summary="Un projet mené avec les collectivités du Val-de-Marne.",
        ),
        StandardPageFactory(
            parent=home_page,
            title="Bibliothèques numériques",
            slug="bibliotheques-numeriques",
            summary="Les collectivités et leurs bibliothèques.",
        ),
    ]
    for n in range(12):
        StandardPageFactory(
            parent=home_page, title=f"Actualité {n}", slug=f"actualite-{n}", summary="Une collectivité accueille."
        )
    return pages


def test_pick_a_suggestion_with_the_keyboard(page, searchable_site):
    page.goto(page.base_url + "/")
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.click()
    box.press_sequentially("biblio", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions de recherche")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option")).to_have_count(2)
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = listbox.get_by_role("option").nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    chosen = second.inner_text().split(" (")[0]
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(chosen)
    assert page.url.endswith(("/bibliotheque-creteil/", "/bibliotheques-numeriques/"))


def test_escape_closes_the_suggestions_and_enter_searches(page, searchable_site):
    page.goto(page.base_url + "/")
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.press_sequentially("biblio", delay=30)
    expect(page.get_by_role("listbox", name="Suggestions de recherche")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions de recherche")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.fill("bibliothèques")
    box.press("Enter")
    expect(page).to_have_url(page.base_url + "/recherche/?q=biblioth%C3%A8ques")
    expect(page.get_by_role("status").filter(has_text="résultats")).to_have_text("2 résultats pour « bibliothèques ».")


def test_filter_results_by_kind_and_page_through(page, searchable_site):
    page.goto(page.base_url + "/recherche/")
    page.get_by_label("Mots recherchés").fill("collectivites")
    page.get_by_role("button", name="Rechercher").last.click()
    kinds = page.get_by_role("navigation", name="Filtrer par type de contenu")
    expect(kinds.get_by_role("link", name="Tous les contenus (14)")).to_have_attribute("aria-current", "true")
    expect(page.locator(".search-result")).to_have_count(10)
    expect(page.locator(".search-result mark").first).to_be_visible()
    page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Page suivante").click()
    expect(page.locator(".search-result")).to_have_count(4)
    kinds.get_by_role("link", name="Pages (14)").click()
    expect(
        page.get_by_role("navigation", name="Filtrer par type de contenu").get_by_role("link", name="Pages (14)")
    ).to_have_attribute("aria-current", "true")


@pytest.mark.parametrize(
    "path",
    ["/recherche/", "/recherche/?q=collectivites", "/recherche/?q=zygomorphe", "/recherche/?q=x&type=inconnu"],
)
def test_search_states_pass_axe(page, mobile_page, searchable_site, axe, path):
    for browser_page in (page, mobile_page):
        browser_page.goto(browser_page.base_url + path)
        assert browser_page.locator("h1").count() == 1
        axe(browser_page)


def test_open_suggestions_pass_axe(page, searchable_site, axe):
    page.goto(page.base_url + "/")
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.press_sequentially("biblio", delay=30)
    expect(page.get_by_role("listbox", name="Suggestions de recherche")).to_be_visible()
    box.press("ArrowDown")
    axe(page)
