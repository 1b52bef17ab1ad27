"""Drafts without an account: stored as typed (sizes only), a signed link by e-mail, resumed until the deadline,
sent, listed apart in the back office, rate-limited, purged 30 days after the deadline."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from core.paris import paris_today
from offres.models import OutgoingEmail, Proposal, ProposalDraft
from offres.proposals.draft import DRAFT_RETENTION_DAYS
from offres.tasks import purge_expired_drafts

from .proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def stage_page(home_page):
    return add_stage_page(home_page)


def save_draft(client, page, capture, **values):
    data = {"brouillon": "1", "collectivite_nom": "Ville de Créteil", "intitule": "Repenser l'accueil", **values}
    with capture(execute=True):
        return client.post(page.url, data)


def link_in(message):
    return re.search(r"http://\S+/brouillon/\S+/", message.body).group(0).split("://", 1)[1].split("/", 1)[1]


def test_a_draft_keeps_what_was_typed_and_mails_a_signed_link(client, stage_page, django_capture_on_commit_callbacks):
    response = save_draft(
        client, stage_page, django_capture_on_commit_callbacks, dgs_courriel="dgs@ville-creteil.fr", siret="123"
    )
    assert response.status_code == 303
    draft = ProposalDraft.objects.get()
    assert draft.data["siret"] == "123" and draft.data["intitule"] == "Repenser l'accueil"  # not validated
    assert draft.email == "dgs@ville-creteil.fr" and draft.offer_deadline == stage_page.periods.first().offer_deadline
    assert not Proposal.objects.exists()
    message = mail.outbox[0]
    assert message.to == ["dgs@ville-creteil.fr"]
    assert "Ville de Créteil" not in message.body and "Repenser" not in message.body  # no typed text
    html = Client().get("/" + link_in(message)).content.decode()
    assert 'value="Repenser l&#x27;accueil"' in html and f'value="{draft.token}"' in html


def test_the_draft_address_field_wins_and_a_bad_one_keeps_the_page(
    client, stage_page, django_capture_on_commit_callbacks
):
    response = save_draft(
        client,
        stage_page,
        django_capture_on_commit_callbacks,
        brouillon_courriel="pas-une-adresse",
        contexte="Mon texte",
    )
    html = response.content.decode()
    assert response.status_code == 200 and not ProposalDraft.objects.exists()
    assert "Indiquez une adresse électronique valide pour recevoir le lien du brouillon" in html
    assert "Mon texte" in html and 'value="pas-une-adresse"' in html
    save_draft(client, stage_page, django_capture_on_commit_callbacks, brouillon_courriel="moi@ville.fr")
    assert ProposalDraft.objects.get().email == "moi@ville.fr"


def test_a_too_long_text_is_refused_by_name_and_kept(client, stage_page, django_capture_on_commit_callbacks):
    response = save_draft(
        client, stage_page, django_capture_on_commit_callbacks, brouillon_courriel="moi@ville.fr", contexte="x" * 4001
    )
    html = response.content.decode()
    assert "est trop long : 4000 caractères au plus (vous en avez saisi 4001)" in html
    assert "x" * 4001 in html and not ProposalDraft.objects.exists()


def test_resave_updates_the_same_draft_and_mails_once(client, stage_page, django_capture_on_commit_callbacks):
    save_draft(client, stage_page, django_capture_on_commit_callbacks, brouillon_courriel="moi@ville.fr")
    draft = ProposalDraft.objects.get()
    save_draft(
        client,
        stage_page,
        django_capture_on_commit_callbacks,
        brouillon_courriel="moi@ville.fr",
        brouillon_jeton=draft.token,
        intitule="Un autre intitulé",
    )
    assert ProposalDraft.objects.get().data["intitule"] == "Un autre intitulé"
    assert OutgoingEmail.objects.filter(kind="brouillon").count() == 1


def test_sending_from_a_draft_deletes_it(client, stage_page, django_capture_on_commit_callbacks):
    save_draft(client, stage_page, django_capture_on_commit_callbacks, brouillon_courriel="moi@ville.fr")
    draft = ProposalDraft.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(stage_page.url, projet_collectif_data(brouillon_jeton=draft.token))
    assert response.status_code == 303
    assert Proposal.objects.count() == 1 and not ProposalDraft.objects.exists()


def test_a_tampered_or_expired_or_foreign_link_answers_404(client, stage_page, home_page):
    draft = ProposalDraft.objects.create(
        stage_page=stage_page, stage_type="projet_collectif", email="moi@ville.fr", offer_deadline=paris_today()
    )
    url = f"{stage_page.url}brouillon/{draft.token}/"
    assert client.get(url).status_code == 200
    assert client.get(url[:-3] + "AA/").status_code == 404
    draft.offer_deadline = paris_today() - datetime.timedelta(days=1)
    draft.save()
    assert client.get(url).status_code == 404
    other = add_stage_page(home_page, stage_type="observation", periods=[("administrateur",)])
    draft.offer_deadline = paris_today()
    draft.save()
    assert client.get(f"{other.url}brouillon/{draft.token}/").status_code == 404


@override_settings(PROPOSAL_DRAFTS_RATE_LIMIT="2/h")
def test_drafts_are_rate_limited_per_client(client, stage_page, django_capture_on_commit_callbacks):
    for _number in range(2):
        save_draft(client, stage_page, django_capture_on_commit_callbacks, brouillon_courriel="moi@ville.fr")
    response = save_draft(
        client, stage_page, django_capture_on_commit_callbacks, brouillon_courriel="moi@ville.fr", contexte="Gardé"
    )
    assert response.status_code == 429
    assert "Trop de brouillons" in response.content.decode() and "Gardé" in response.content.decode()
    assert ProposalDraft.objects.count() == 2


def test_an_address_gets_at_most_five_links_and_receipts_a_day(client, stage_page, django_capture_on_commit_callbacks):
    for _number in range(6):
        save_draft(client, stage_page, django_capture_on_commit_callbacks, brouillon_courriel="cible@exemple.fr")
        cache.clear()
    assert ProposalDraft.objects.count() == 6
    assert len([message for message in mail.outbox if message.to == ["cible@exemple.fr"]]) == 5


def test_drafts_are_listed_apart_and_purged_after_the_deadline(stage_page, django_user_model):
    ProposalDraft.objects.create(
        stage_page=stage_page,
        stage_type="projet_collectif",
        email="vieux@ville.fr",
        offer_deadline=paris_today() - datetime.timedelta(days=DRAFT_RETENTION_DAYS + 1),
        data={"collectivite_nom": "Ancienne ville"},
    )
    ProposalDraft.objects.create(
        stage_page=stage_page,
        stage_type="projet_collectif",
        email="recent@ville.fr",
        offer_deadline=paris_today() - datetime.timedelta(days=DRAFT_RETENTION_DAYS),
        data={"collectivite_nom": "Ville récente"},
    )
    user = django_user_model.objects.create_user("ingrid", "ingrid@cnfpt.fr", "motdepasse")
    user.groups.add(Group.objects.get(name="Équipe stages"))
    staff = Client()
    staff.force_login(user)
    html = staff.get("/admin/offres/proposaldraft/").content.decode()
    assert "Ancienne ville" in html and "Ville récente" in html
    assert "Ancienne ville" not in staff.get("/admin/offres/proposal/").content.decode()
    purge_expired_drafts()
    assert list(ProposalDraft.objects.values_list("email", flat=True)) == ["recent@ville.fr"]
