"""The stages team reads the proposals list at 1280 px: readable columns, filters beside the table, not over it."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import submit_admin_login
from tests.browser.test_proposal_journey import staff_group
from tests.offres.proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIN_COLUMN_WIDTH = 60
# The number of lines an element's text takes (one per distinct top of its text's boxes) and of its words.
LINES_AND_WORDS = """el => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const tops = new Set();
    let words = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        words += node.textContent.split(/\\s+/).filter(Boolean).length;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    return [tops.size, words];
}"""


@pytest.fixture
def proposals(home_page, django_capture_on_commit_callbacks):
    page = add_stage_page(home_page)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            page.url,
            projet_collectif_data(
                collectivite_nom="Établissement public territorial Grand Paris Grand Est",
                intitule="Construire une stratégie partagée pour l'emploi et l'insertion des habitants du territoire",
            ),
        )
        client.post(page.url, projet_collectif_data(collectivite_nom="Région Hauts-de-France", siret="21670482500019"))


@pytest.fixture
def staff_page(guide_page, django_user_model):
    """Logged in as a member of the stages team, at 1280 × 800."""
    user = django_user_model.objects.create_user("ingrid", "ingrid@cnfpt.fr", "un-mot-de-passe-solide")
    user.groups.add(staff_group())
    guide_page.goto(guide_page.base_url + "/admin/login/")
    submit_admin_login(guide_page, "ingrid", "un-mot-de-passe-solide")
    expect(guide_page.get_by_role("link", name="Propositions").first).to_be_visible()
    return guide_page


def box(locator):
    value = locator.bounding_box()
    assert value is not None, locator
    return value


def test_the_list_is_readable_at_1280_px(staff_page, proposals):
    page = staff_page
    page.goto(page.base_url + "/admin/offres/proposal/")
    table = page.locator("table.listing")
    expect(table.get_by_text("Établissement public territorial Grand Paris Grand Est")).to_be_visible()
    expect(table.get_by_text("Région Hauts-de-France")).to_be_visible()
    expect(table.get_by_text("PC-", exact=False).first).to_be_visible()

    headers = table.locator("thead th")
    assert headers.count() >= 4
    for index in range(headers.count()):
        header = headers.nth(index)
        assert box(header)["width"] >= MIN_COLUMN_WIDTH, f"colonne trop étroite : « {header.inner_text()} »"
    cells = table.locator("tbody td")
    for index in range(cells.count()):
        assert box(cells.nth(index))["width"] >= MIN_COLUMN_WIDTH, cells.nth(index).inner_text()

    # Words wrap between words, never inside one: no cell or header has more lines than words.
    for cell in (*headers.all(), *cells.all()):
        lines, words = cell.evaluate(LINES_AND_WORDS)
        assert lines <= words, f"« {cell.inner_text()} » est coupé au milieu d'un mot ({lines} lignes)"
    mission = table.get_by_text("Construire une stratégie partagée", exact=False)
    assert mission.evaluate("el => el.closest('td').scrollHeight <= el.closest('td').clientHeight + 1")
    assert mission.evaluate(
        "el => el.getBoundingClientRect().bottom <= el.closest('tr').getBoundingClientRect().bottom"
    )

    filters = page.locator(".changelist-filter, #changelist-filter").first
    expect(filters).to_be_visible()
    table_box, filters_box = box(table), box(filters)
    overlap = min(table_box["x"] + table_box["width"], filters_box["x"] + filters_box["width"]) - max(
        table_box["x"], filters_box["x"]
    )
    vertical = min(table_box["y"] + table_box["height"], filters_box["y"] + filters_box["height"]) - max(
        table_box["y"], filters_box["y"]
    )
    assert overlap <= 0 or vertical <= 0, f"les filtres recouvrent le tableau ({table_box}, {filters_box})"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    # The filters still work.
    filters.get_by_role("link", name="Projet collectif").click()
    expect(table.get_by_text("Région Hauts-de-France")).to_be_visible()
