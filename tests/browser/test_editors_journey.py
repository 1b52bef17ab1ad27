"""Editors in the back office: edit a deadline from the public page, the year rollover, the proposals refused."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from icalendar import Calendar
from playwright.sync_api import expect

from home.editorial import COMMUNICATION_GROUP, STAFF_GROUP, setup_editorial
from offres.deadlines import paris_today
from offres.models import StageType
from tests.offres.factories import StageIndexPageFactory, StagePageFactory, StagePeriodFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-1"


@pytest.fixture
def stage(home_page):
    index = StageIndexPageFactory(parent=home_page)
    index.save_revision().publish()
    page = StagePageFactory(
        parent=index, title="Projet collectif", slug="projet-collectif", stage_type=StageType.PROJET_COLLECTIF
    )
    start = paris_today() + datetime.timedelta(days=120)
    StagePeriodFactory(
        page=page,
        cadre="ingenieur",
        schooling_year=f"{start.year}-{start.year + 1}",
        start_date=start,
        end_date=start + datetime.timedelta(weeks=8, days=4),
        duration_weeks=9,
        offer_deadline=paris_today() + datetime.timedelta(days=60),
    )
    page.save_revision().publish()
    setup_editorial(apps)
    return page


def log_in(page, username, group=None, superuser=False, django_user_model=None):
    user = django_user_model.objects.create_user(username, f"{username}@cnfpt.fr", PASSWORD, is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    page.goto(page.base_url + "/admin/login/")
    page.get_by_label(re.compile("utilisateur", re.IGNORECASE)).fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("identifier", re.IGNORECASE)).click()
    expect(page).to_have_url(page.base_url + "/admin/")


def open_actions_and_click(page, name):
    page.locator("footer").get_by_role("button", name=re.compile("actions", re.IGNORECASE)).click()
    footer = page.locator("footer")
    footer.get_by_role("button", name=name, exact=True).or_(
        footer.get_by_role("link", name=name, exact=True)
    ).first.click()


def test_editor_changes_a_deadline_from_the_public_page(page, stage, django_user_model):
    log_in(page, "redaction", superuser=True, django_user_model=django_user_model)
    page.goto(page.base_url + stage.url)
    userbar = page.locator("wagtail-userbar")
    userbar.get_by_role("button").first.click()
    userbar.get_by_role("menuitem", name=re.compile("Modifier cette page", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{stage.pk}/edit/"))

    page.get_by_role("tab", name="Périodes").click()
    new_deadline = paris_today() + datetime.timedelta(days=75)
    deadline = page.get_by_label("Date limite de dépôt des offres").first
    deadline.fill(new_deadline.strftime("%d/%m/%Y"))  # the admin's French date format
    deadline.press("Tab")
    page.get_by_role("tab", name="Périodes").click()  # closes the date picker
    expect(deadline).to_have_value(new_deadline.strftime("%d/%m/%Y"))
    open_actions_and_click(page, "Publier")
    expect(page.get_by_text(re.compile("publiée", re.IGNORECASE)).first).to_be_visible()

    page.goto(page.base_url + stage.url)
    expect(page.locator(f'time[datetime="{new_deadline.isoformat()}"]').first).to_be_visible()
    ics = page.request.get(page.base_url + stage.url + "echeances.ics")
    calendar = Calendar.from_ical(ics.body())
    dates = {component.decoded("dtstart") for component in calendar.walk("VEVENT")}
    assert new_deadline in dates


def test_staff_prepares_next_schooling(page, stage, django_user_model):
    log_in(page, "ingrid", STAFF_GROUP, django_user_model=django_user_model)
    page.goto(page.base_url + f"/admin/pages/{stage.pk}/edit/")
    open_actions_and_click(page, "Préparer la prochaine scolarité")
    year = stage.periods.get().schooling_year
    first, second = (int(part) for part in year.split("-"))
    target = f"{first + 1}-{second + 1}"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Préparer la prochaine scolarité")
    page.get_by_role("button", name=f"Ajouter les périodes {target} au brouillon").click()
    expect(page.get_by_text(f"Scolarité {target} préparée")).to_be_visible()
    page.get_by_role("tab", name="Périodes").click()
    years = page.get_by_label("Scolarité")
    expect(years).to_have_count(2)
    expect(years.nth(1)).to_have_value(target)
    expect(page.get_by_label("Dates indicatives").nth(1)).to_be_checked()
    page.goto(page.base_url + stage.url)
    expect(page.get_by_text(target)).to_have_count(0)  # the draft is not published


def test_communication_is_refused_the_proposals(page, stage, django_user_model):
    log_in(page, "camille", COMMUNICATION_GROUP, django_user_model=django_user_model)
    expect(page.get_by_role("link", name="Propositions")).to_have_count(0)
    page.goto(page.base_url + "/admin/offres/proposal/")
    expect(page).to_have_url(page.base_url + "/admin/")
    expect(page.get_by_role("heading", name="Propositions")).to_have_count(0)
