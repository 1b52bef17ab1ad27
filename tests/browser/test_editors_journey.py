"""Editors in the back office: edit a deadline from the public page, the year rollover, the proposals refused.

With ``GUIDE_SCREENSHOTS=1`` these journeys also save the screenshots of ``docs/guide-redaction.md``."""

import datetime
import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from home.editorial import COMMUNICATION_GROUP, STAFF_GROUP
from offres.deadlines import paris_today

from .editors import action, log_in, make_stage, open_actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stage(home_page):
    return make_stage(home_page)


def test_editor_changes_a_deadline_from_the_public_page(guide_page, guide_screenshot, stage, django_user_model):
    page = guide_page
    log_in(page, "redaction", superuser=True, django_user_model=django_user_model)
    page.goto(page.base_url + stage.url)
    userbar = page.locator("wagtail-userbar")
    userbar.get_by_role("button").first.click()
    edit_link = userbar.get_by_role("menuitem", name=re.compile("Modifier cette page", re.IGNORECASE))
    expect(edit_link).to_be_visible()
    guide_screenshot(page, "barre-utilisateur-modifier-cette-page")
    edit_link.click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{stage.pk}/edit/"))
    for tab in ("Contenu", "Par cadre d'emplois", "Périodes", "Étapes", "Référencement", "Paramètres"):
        expect(page.get_by_role("tab", name=tab, exact=True)).to_be_visible()
    guide_screenshot(page, "page-de-stage-onglet-contenu")

    page.get_by_role("tab", name="Périodes").click()
    new_deadline = paris_today() + datetime.timedelta(days=75)
    deadline = page.get_by_label("Date limite de dépôt des offres").first
    deadline.fill(new_deadline.strftime("%d/%m/%Y"))  # the admin's French date format
    deadline.press("Tab")
    page.get_by_role("tab", name="Périodes").click()  # closes the date picker
    expect(deadline).to_have_value(new_deadline.strftime("%d/%m/%Y"))
    guide_screenshot(page.locator("#inline_child_periods-0"), "periode-date-limite")
    open_actions(page)
    publish = action(page, "Publier").first
    expect(publish).to_be_visible()
    guide_screenshot(page, "menu-publier")
    publish.click()
    expect(page.get_by_text(re.compile("publiée", re.IGNORECASE)).first).to_be_visible()

    page.goto(page.base_url + stage.url)
    expect(page.locator(f'time[datetime="{new_deadline.isoformat()}"]').first).to_be_visible()
    ics = page.request.get(page.base_url + stage.url + "echeances.ics")
    calendar = Calendar.from_ical(ics.body())
    dates = {component.decoded("dtstart") for component in calendar.walk("VEVENT")}
    assert new_deadline in dates


def test_staff_prepares_next_schooling(guide_page, guide_screenshot, stage, django_user_model):
    page = guide_page
    log_in(page, "ingrid", STAFF_GROUP, django_user_model=django_user_model)
    page.goto(page.base_url + f"/admin/pages/{stage.pk}/edit/")
    open_actions(page)
    guide_screenshot(page, "menu-preparer-la-prochaine-scolarite")
    action(page, "Préparer la prochaine scolarité").first.click()
    year = stage.periods.get().schooling_year
    first, second = (int(part) for part in year.split("-"))
    target = f"{first + 1}-{second + 1}"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Préparer la prochaine scolarité")
    confirm = page.get_by_role("button", name=f"Ajouter les périodes {target} au brouillon")
    expect(confirm).to_be_visible()
    guide_screenshot(page, "prochaine-scolarite-confirmation")
    confirm.click()
    expect(page.get_by_text(f"Scolarité {target} préparée")).to_be_visible()
    page.get_by_role("tab", name="Périodes").click()
    years = page.get_by_label("Scolarité")
    expect(years).to_have_count(2)
    expect(years.nth(1)).to_have_value(target)
    expect(page.get_by_label("Dates indicatives").nth(1)).to_be_checked()
    guide_screenshot(page.locator("#inline_child_periods-1"), "prochaine-scolarite-periodes-indicatives")
    page.goto(page.base_url + stage.url)
    expect(page.get_by_text(target)).to_have_count(0)  # the draft is not published


def test_communication_is_refused_the_proposals(page, stage, django_user_model):
    log_in(page, "camille", COMMUNICATION_GROUP, django_user_model=django_user_model)
    expect(page.get_by_role("link", name="Propositions")).to_have_count(0)
    page.goto(page.base_url + "/admin/offres/proposal/")
    expect(page).to_have_url(page.base_url + "/admin/")
    expect(page.get_by_role("heading", name="Propositions")).to_have_count(0)


def test_communication_can_neither_publish_nor_delete_a_moderated_page(page, stage, django_user_model):
    log_in(page, "camille", COMMUNICATION_GROUP, django_user_model=django_user_model)
    page.goto(page.base_url + f"/admin/pages/{stage.pk}/edit/")
    open_actions(page)
    expect(action(page, "Soumettre à Validation éditoriale").first).to_be_visible()
    expect(action(page, "Publier")).to_have_count(0)
    page.goto(page.base_url + f"/admin/pages/{stage.pk}/delete/")  # the header's « Supprimer »
    expect(page).to_have_url(page.base_url + f"/admin/pages/{stage.pk}/edit/")
    expect(page.get_by_text("seul un administrateur les supprime")).to_be_visible()
