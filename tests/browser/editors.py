"""Helpers for the editors' browser journeys: a published stage page with one open period, logging in, the
page editor's action menu."""

import datetime
import re

from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from home.editorial import setup_editorial
from offres.deadlines import paris_today
from offres.models import StageType
from tests.browser.conftest import submit_admin_login
from tests.offres.factories import StageIndexPageFactory, StagePageFactory, StagePeriodFactory

PASSWORD = "Un-mot-de-passe-solide-1"


def make_stage(home_page):
    """A published projet collectif under a published index, its open period, and the editors' groups."""
    index = StageIndexPageFactory(parent=home_page)
    index.save_revision().publish()
    page = StagePageFactory(
        parent=index,
        title="Projet collectif",
        slug="projet-collectif",
        stage_type=StageType.PROJET_COLLECTIF,
        summary="Une équipe de quatre élèves, neuf semaines, une mission stratégique.",
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
    user = django_user_model.objects.filter(username=username).first()
    if user is None:
        user = django_user_model.objects.create_user(username, f"{username}@cnfpt.fr", PASSWORD, is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    page.context.clear_cookies()
    page.goto(page.base_url + "/admin/login/")
    submit_admin_login(page, username, PASSWORD)
    expect(page).to_have_url(page.base_url + "/admin/")
    return user


def open_actions(page):
    """Opens the menu beside the editor's main button (« Enregistrer le brouillon »)."""
    page.locator("footer").get_by_role("button", name=re.compile("actions", re.IGNORECASE)).click()


def action(page, name):
    footer = page.locator("footer")
    return footer.get_by_role("button", name=name, exact=True).or_(footer.get_by_role("link", name=name, exact=True))


def open_actions_and_click(page, name):
    open_actions(page)
    action(page, name).first.click()
