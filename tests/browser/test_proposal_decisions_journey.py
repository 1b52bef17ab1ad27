"""The stages team sends a proposal back « à compléter »; the collectivité amends it from the e-mailed link in its
own browser; « retenue » reaches it too."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import expect

from core.paris import paris_today
from offres.models import Proposal
from tests.browser.conftest import submit_admin_login
from tests.browser.test_proposal_journey import staff_group
from tests.offres.proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def local(link):
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_team_asks_for_more_the_collectivite_amends_then_it_is_retenue(page, browser, home_page, django_user_model):
    cache.clear()
    stage_page = add_stage_page(home_page)
    Client().post(stage_page.url, projet_collectif_data())
    proposal = Proposal.objects.get()
    mail.outbox.clear()
    user = django_user_model.objects.create_user("ingrid", "ingrid@cnfpt.fr", "un-mot-de-passe-solide")
    user.groups.add(staff_group())
    page.goto(page.base_url + "/admin/login/")
    submit_admin_login(page, "ingrid", "un-mot-de-passe-solide")

    page.goto(f"{page.base_url}/admin/offres/proposal/edit/{proposal.pk}/")
    page.locator("#id_status").select_option(label="À compléter")
    until = paris_today() + datetime.timedelta(days=7)
    page.locator("#id_amend_until").fill(until.strftime("%d/%m/%Y"))
    page.keyboard.press("Escape")
    page.locator("#id_message").fill("Précisez le budget de la mission.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(re.compile("modifié|mis à jour|enregistré", re.IGNORECASE)).first).to_be_visible()

    request = next(message for message in mail.outbox if "dga@ville-creteil.fr" in message.to)
    assert "Précisez le budget de la mission." in request.body
    link = re.search(r"http://\S+/proposition/\S+/", request.body).group(0)

    other = browser.new_context(base_url=page.base_url, locale="fr-FR")
    try:
        theirs = other.new_page()
        theirs.goto(page.base_url + local(link))
        expect(theirs.get_by_text("Précisez le budget de la mission.")).to_be_visible()
        expect(theirs.get_by_text("Statut : À compléter")).to_be_visible()
        theirs.get_by_label("Objectifs opérationnels et résultats attendus").fill("Un budget de 12 000 € est prévu.")
        theirs.get_by_role("button", name="Enregistrer les modifications").click()
        expect(theirs.get_by_role("status")).to_contain_text("Vos modifications sont enregistrées.")
        expect(theirs.get_by_text("Statut : Complétée")).to_be_visible()
        notice = next(message for message in mail.outbox if message.to == ["stages.inet@cnfpt.fr"])
        assert "12 000" in notice.body

        # The team reads the change in the history, then the proposal is retenue.
        page.goto(f"{page.base_url}/admin/offres/proposal/inspect/{proposal.pk}/")
        expect(page.get_by_text("Message à la collectivité : Précisez le budget de la mission.")).to_be_visible()
        expect(page.get_by_text("après : Un budget de 12 000 € est prévu.")).to_be_visible()
        mail.outbox.clear()
        page.goto(f"{page.base_url}/admin/offres/proposal/edit/{proposal.pk}/")
        page.locator("#id_status").select_option(label="Retenue")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text(re.compile("modifié|mis à jour|enregistré", re.IGNORECASE)).first).to_be_visible()
        news = next(message for message in mail.outbox if "dga@ville-creteil.fr" in message.to)
        assert "est retenue" in news.subject
        theirs.goto(page.base_url + local(re.search(r"http://\S+/proposition/\S+/", news.body).group(0)))
        expect(theirs.get_by_text("Statut : Retenue")).to_be_visible()
        expect(theirs.get_by_role("button", name="Enregistrer les modifications")).to_have_count(0)
    finally:
        other.close()
