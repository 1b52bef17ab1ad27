"""A collectivité looks for a stage for an ingénieur en chef, opens the projet collectif and saves its dates."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from offres import demo
from offres.models import StagePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(home_page):
    demo.load(home_page)
    return home_page


def test_collectivite_finds_the_projet_collectif_and_downloads_its_dates(page, demo_site):
    projet = StagePage.objects.get(slug="projet-collectif")
    open_period = projet.next_offer_period()
    page.goto(page.base_url + "/")
    home_deadlines = page.get_by_role("region", name="Prochaines échéances")
    expect(home_deadlines.get_by_role("link", name="Projet collectif")).to_be_visible()

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Accueillir un élève").click()
    expect(page).to_have_url(page.base_url + "/accueillir-un-eleve/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accueillir un élève")
    expect(page.get_by_role("status")).to_have_text("6 types de stage.")

    page.get_by_label("Cadre d'emplois").select_option(label="Ingénieurs en chef")
    page.get_by_role("button", name="Filtrer").click()
    # The timeline opens on the current or next schooling (the derived cycles), which the form keeps.
    expect(page).to_have_url(
        re.compile(re.escape(page.base_url) + r"/accueillir-un-eleve/\?cadre=ingenieur&scolarite=20\d\d-20\d\d$")
    )
    expect(page.get_by_role("status")).to_have_text("3 types de stage pour ce cadre d'emplois.")
    cards = page.locator(".stage-cards")
    expect(cards.get_by_role("link", name="Stage thématique")).to_have_count(0)
    expect(cards.get_by_role("link", name="Stage de perfectionnement")).to_be_visible()

    cards.get_by_role("link", name="Projet collectif").click()
    expect(page).to_have_url(page.base_url + "/accueillir-un-eleve/projet-collectif/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projet collectif")
    periods = page.get_by_role("region", name="Périodes et dates limites")
    ingenieurs = periods.get_by_role("listitem").filter(has_text="Élèves ingénieurs en chef territoriaux").first
    expect(ingenieurs).to_contain_text("9 semaines")
    expect(ingenieurs).to_contain_text("Dates indicatives, à confirmer")
    deadline = ingenieurs.locator(f'time[datetime="{open_period.offer_deadline.isoformat()}"]')
    expect(deadline).to_be_visible()
    expect(page.locator(".stage-deadline")).to_contain_text("Prochain appel : dépôt des offres jusqu'au")

    # Past cycles are folded, then readable once opened.
    past = page.get_by_text("Sessions précédentes", exact=True)
    expect(page.locator('time[datetime="2024-06-21"]').first).to_be_hidden()
    past.click()
    expect(page.locator('time[datetime="2024-06-21"]').first).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le fichier .ics").click()
    download = download_info.value
    assert download.suggested_filename == "inet-projet-collectif.ics"
    calendar = Calendar.from_ical(open(download.path(), "rb").read())  # noqa: PTH123, SIM115
    starts = {event.decoded("DTSTART") for event in calendar.walk("VEVENT")}
    assert open_period.offer_deadline in starts and open_period.start_date in starts


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accueillir-un-eleve/",
        "/accueillir-un-eleve/?cadre=ingenieur",
        "/accueillir-un-eleve/projet-collectif/",
        "/accueillir-un-eleve/stage-observation/",
        "/accueillir-un-eleve/?cadre=inconnu",
    ],
)
def test_offres_pages_pass_axe_on_desktop_and_mobile(page, mobile_page, demo_site, axe, path):
    for browser_page in (page, mobile_page):
        browser_page.goto(browser_page.base_url + path)
        assert browser_page.locator("h1").count() == 1
        axe(browser_page)


def test_filter_is_usable_with_the_keyboard_and_without_javascript(browser, live_server, demo_site):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/accueillir-un-eleve/")
    page.get_by_label("Cadre d'emplois").focus()
    page.get_by_label("Cadre d'emplois").select_option("conservateur")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Filtrer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("5 types de stage pour ce cadre d'emplois.")
    context.close()
