"""A collectivité saves a draft, resumes it from the e-mailed link in another browser, and sends it."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from offres.models import Proposal, ProposalDraft
from tests.browser.test_proposal_journey import fill_form
from tests.offres.proposal_fixtures import add_stage_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draft_saved_resumed_in_another_browser_and_sent(page, browser, home_page, axe):
    cache.clear()
    stage_page = add_stage_page(home_page)
    page.goto(page.base_url + stage_page.url)
    page.get_by_label("Nom de la collectivité").fill("Ville de Créteil")
    page.get_by_label("Intitulé du projet collectif").fill("Repenser l'accueil des usagers")
    page.get_by_label("Courriel où recevoir le lien").fill("dgs@ville-creteil.fr")
    page.get_by_role("button", name="Enregistrer et reprendre plus tard").click()
    expect(page.get_by_role("status").first).to_contain_text("Brouillon enregistré")
    axe(page)
    assert ProposalDraft.objects.count() == 1 and not Proposal.objects.exists()

    message = next(message for message in mail.outbox if message.to == ["dgs@ville-creteil.fr"])
    link = re.search(r"http://\S+/brouillon/\S+/", message.body).group(0)
    other = browser.new_context(base_url=page.base_url, locale="fr-FR")
    try:
        theirs = other.new_page()
        theirs.goto(page.base_url + "/" + link.split("://", 1)[1].split("/", 1)[1])
        expect(theirs.get_by_label("Intitulé du projet collectif")).to_have_value("Repenser l'accueil des usagers")
        fill_form(theirs)
        theirs.get_by_role("button", name="Envoyer la proposition").click()
        expect(theirs.get_by_role("heading", level=1)).to_have_text("Proposition enregistrée")
    finally:
        other.close()
    assert Proposal.objects.get().intitule == "Repenser l'accueil des usagers"
    assert not ProposalDraft.objects.exists()
