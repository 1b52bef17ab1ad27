"""Last year's collectivité opens its personal link, resumes its proposal into this year's draft and sends it."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from core.paris import paris_today
from offres.models import Proposal, ProposalDraft
from tests.offres.proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resume_last_year_from_the_personal_link(page, home_page, axe):
    cache.clear()
    stage_page = add_stage_page(home_page)
    data = {k: (True if v == "on" else v) for k, v in projet_collectif_data(intitule="Mobilités douces").items()}
    old = Proposal(
        stage_page=stage_page,
        stage_type="projet_collectif",
        **{key: value for key, value in data.items() if key in {f.name for f in Proposal._meta.get_fields()}},
    )
    old.siret = old.siret.replace(" ", "")  # stored as the form stores it (PostgreSQL enforces its 14 characters)
    year = int(stage_page.periods.first().schooling_year[:4]) - 1
    old.schooling_year = f"{year}-{year + 1}"
    old.offer_deadline = paris_today() - datetime.timedelta(days=200)
    old.status = "retenue"
    old.save_new()
    page.goto(page.base_url + stage_page.proposal_url(old, full=False))
    axe(page)
    page.get_by_role("button", name="Reprendre ma proposition de l'an dernier").click()
    expect(page.get_by_label("Intitulé du projet collectif")).to_have_value("Mobilités douces")
    expect(page.get_by_role("status").first).to_contain_text("Votre brouillon est repris")
    assert ProposalDraft.objects.get().resumed_from == old.reference
    assert {address for message in mail.outbox for address in message.to} >= {old.dgs_courriel}
    for box in ("portage_direction_generale", "contribution_acceptee", "consentement"):
        page.locator(f"#id_{box}").check()
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposition enregistrée")
    new = Proposal.objects.exclude(pk=old.pk).get()
    assert new.intitule == "Mobilités douces" and new.reference != old.reference and new.status == "recue"
