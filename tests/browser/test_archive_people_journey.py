"""Issue 18 in a browser: a collectivité's page from a project, the people facet and its search, the name
suggestions with the keyboard, the CSV export; axe-core on the new pages at 1280 and 320 px."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.upsert import load_yaml
from projets.importer import import_document
from projets.models import ProjectIndexPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_FILE = Path(__file__).resolve().parents[2] / "projets" / "demo" / "regards-croises-2020-2021.yaml"
SEARCH_LABEL = "Rechercher un projet (mot-clé, collectivité, personne)"


@pytest.fixture
def booklet(home_page):
    index_page = ProjectIndexPage(title="Projets collectifs", slug="projets", show_in_menus=True)
    home_page.add_child(instance=index_page)
    index_page.save_revision().publish()
    assert import_document(load_yaml(DEMO_FILE), index_page).ok
    return index_page


def test_from_a_project_to_its_collectivite(page, booklet, axe):
    page.goto(page.base_url + "/projets/creteil-relation-usager/")
    expect(page.get_by_text("Citer ce projet")).to_be_visible()
    expect(page.locator("#citation-text")).to_contain_text("projet collectif INET")
    page.locator(".project__header").get_by_role("link", name="Ville de Créteil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ville de Créteil")
    expect(page.get_by_text("1 projet collectif")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Fil d'Ariane").get_by_role("link", name="Collectivités")
    ).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Toutes les collectivités").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les collectivités des projets collectifs")
    axe(page)


def test_the_people_facet_and_its_search(page, booklet):
    page.goto(page.base_url + "/projets/")
    people = page.get_by_role("group", name="Personnes")
    people.get_by_label("Chercher dans « Personnes »").fill("ségu")
    expect(people.get_by_label(re.compile(r"Fabien Séguineau \(tuteur/tutrice\)"))).to_be_visible()  # with JS
    expect(people.get_by_role("checkbox")).to_have_count(1)
    people.get_by_label(re.compile("Fabien Séguineau")).check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"personne=tuteur-fabien-seguineau"))
    expect(page.get_by_role("status").filter(has_text="1 projet")).to_be_visible()


def test_the_people_facet_search_without_javascript(browser, live_server, booklet):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/projets/")
    people = page.get_by_role("group", name="Personnes")
    people.get_by_label("Chercher dans « Personnes »").fill("derdiri")
    people.get_by_role("button", name="Chercher dans « Personnes »").click()
    expect(page).to_have_url(re.compile(r"personne_q=derdiri"))
    expect(page.get_by_role("group", name="Personnes").get_by_role("checkbox")).to_have_count(1)
    context.close()


def test_name_suggestions_with_the_keyboard(page, booklet):
    page.goto(page.base_url + "/projets/")
    box = page.get_by_role("combobox", name=SEARCH_LABEL)
    box.press_sequentially("segu", delay=30)
    listbox = page.get_by_role("listbox", name=re.compile("Suggestions de noms"))
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "archive-q-suggestions-0")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"personne=tuteur-fabien-seguineau"))
    box = page.get_by_role("combobox", name=SEARCH_LABEL)
    box.press_sequentially("cré", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")


def test_the_csv_export(page, booklet):
    page.goto(page.base_url + "/projets/?type=metropole")
    with page.expect_download() as info:
        page.get_by_role("link", name="Exporter ces résultats (CSV)").click()
    download = info.value
    assert download.suggested_filename == "projets-collectifs-inet.csv"
    body = Path(download.path()).read_bytes().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:3] == ["Titre", "Scolarité", "Collectivité"]
    assert len(rows) == 5 and {row[3] for row in rows[1:]} == {"Métropole"}


@pytest.mark.parametrize("path", ["/projets/collectivites/", "/projets/collectivites/bordeaux-metropole/", "/projets/"])
def test_the_new_pages_are_accessible_on_a_phone(mobile_page, booklet, axe, path):
    mobile_page.goto(mobile_page.base_url + path)
    axe(mobile_page)
