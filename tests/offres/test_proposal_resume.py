"""« Reprendre ma proposition de l'an dernier »: from a past cycle's personal link, and by SIRET without telling
who proposed."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from core.paris import paris_today
from offres.models import Proposal, ProposalDraft

from .proposal_fixtures import VALID_SIRET, add_stage_page, projet_collectif_data

pytestmark = pytest.mark.django_db

UNKNOWN_SIRET = "21670482500019"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def stage_page(home_page):
    return add_stage_page(home_page)


@pytest.fixture
def last_year(stage_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(stage_page.url, projet_collectif_data(intitule="Mobilités douces"))
    proposal = Proposal.objects.get()
    year = int(stage_page.periods.first().schooling_year[:4]) - 1
    Proposal.objects.filter(pk=proposal.pk).update(
        schooling_year=f"{year}-{year + 1}",
        offer_deadline=paris_today() - datetime.timedelta(days=200),
        status="retenue",
    )
    mail.outbox.clear()
    proposal.refresh_from_db()
    return proposal


def test_the_personal_link_of_a_past_cycle_resumes_into_a_draft(
    stage_page, last_year, django_capture_on_commit_callbacks
):
    client = Client()
    url = stage_page.proposal_url(last_year, full=False)
    assert "Reprendre ma proposition de l'an dernier" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url + "reprendre/")
    draft = ProposalDraft.objects.get()
    assert response.status_code == 303 and response["Location"].startswith(stage_page.url + "brouillon/")
    assert draft.resumed_from == last_year.reference
    assert draft.data["intitule"] == "Mobilités douces" and draft.data["siret"] == last_year.siret
    assert draft.data["dgs_courriel"] == last_year.dgs_courriel
    assert not {"status", "reference", "consentement", "attachment"} & set(draft.data)
    assert draft.offer_deadline == stage_page.periods.first().offer_deadline
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted({last_year.dgs_courriel, last_year.tuteur_courriel, last_year.rh_courriel})
    for message in mail.outbox:
        assert "/brouillon/" in message.body and "Mobilités" not in message.body and "Créteil" not in message.body
    html = client.get(response["Location"]).content.decode()
    assert 'value="Mobilités douces"' in html
    # Twice: the same draft, no second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "reprendre/")
    assert ProposalDraft.objects.count() == 1 and len(recipients) == len(mail.outbox)


def test_the_current_cycle_offers_no_resume(stage_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(stage_page.url, projet_collectif_data())
    proposal = Proposal.objects.get()
    url = stage_page.proposal_url(proposal, full=False)
    assert "Reprendre ma proposition" not in Client().get(url).content.decode()
    assert Client().post(url + "reprendre/").status_code == 404
    assert (
        Client().get(stage_page.proposal_url(last_year_free := proposal, full=False) + "reprendre/").status_code == 404
    )
    assert not ProposalDraft.objects.exists() and last_year_free


def resume_by_siret(page, siret, capture):
    with capture(execute=True):
        return Client().post(page.url + "reprendre/", {"reprise_siret": siret})


def test_a_known_siret_mails_the_old_contacts_and_prefills_nothing(
    stage_page, last_year, django_capture_on_commit_callbacks
):
    response = resume_by_siret(stage_page, VALID_SIRET, django_capture_on_commit_callbacks)
    assert response.status_code == 303 and response["Location"] == stage_page.url + "?reprise=envoyee#reprise"
    assert not ProposalDraft.objects.exists()  # nothing prefilled for whoever typed the SIRET
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted({last_year.dgs_courriel, last_year.tuteur_courriel, last_year.rh_courriel})
    body = mail.outbox[0].body
    assert re.search(r"/proposition/[^/\s]+/", body) and "Mobilités" not in body and "Créteil" not in body
    page = Client().get(response["Location"]).content.decode()
    assert "un lien pour la reprendre vient d'être envoyé" in page


@pytest.mark.parametrize("siret", [UNKNOWN_SIRET, "123", "", "<script>"])
def test_an_unknown_siret_gets_the_identical_answer(stage_page, last_year, django_capture_on_commit_callbacks, siret):
    known = resume_by_siret(stage_page, VALID_SIRET, django_capture_on_commit_callbacks)
    cache.clear()
    other = resume_by_siret(stage_page, siret, django_capture_on_commit_callbacks)
    assert (other.status_code, other["Location"]) == (known.status_code, known["Location"])
    assert other.content == known.content
    sent = len(mail.outbox)
    assert all(VALID_SIRET not in message.body for message in mail.outbox) and sent == 3


def test_the_siret_route_is_rate_limited(stage_page, settings, django_capture_on_commit_callbacks):
    settings.PROPOSAL_RESUME_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert "envoyee" in resume_by_siret(stage_page, UNKNOWN_SIRET, django_capture_on_commit_callbacks)["Location"]
    assert "limite" in resume_by_siret(stage_page, UNKNOWN_SIRET, django_capture_on_commit_callbacks)["Location"]
