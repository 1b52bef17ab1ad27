"""Submitting a proposal through the stage page: save first, e-mails after commit, PRG, personal link."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from offres.models import OutgoingEmail, Proposal, ProposalEvent

from .proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def stage_page(home_page):
    return add_stage_page(home_page)


def submit(client, page, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(page.url, projet_collectif_data(**overrides))


def test_get_shows_form_grouped_in_fieldsets(client, stage_page):
    response = client.get(stage_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    proposal_form = html.split('id="proposition"', 1)[1]  # the page also holds the alerts' form
    legends = re.findall(r"<legend>([^<]+)</legend>", proposal_form)
    assert legends[0] == "Votre collectivité a déjà proposé un projet ?"  # the resume by SIRET, its own form
    assert legends[1:8] == [
        "Collectivité",
        "Directeur général des services",
        "Tuteur du projet collectif",
        "Mission",
        "Aspects pratiques et logistiques",
        "Pièce jointe",
        "Engagements",
    ]
    assert 'name="csrfmiddlewaretoken"' in html
    assert "participation forfaitaire de 4\u202f000 €" in html
    assert 'href="/donnees-personnelles/"' in html
    assert html.count("<h1") == 1


def test_valid_submission_saves_then_redirects_to_confirmation(client, stage_page, django_capture_on_commit_callbacks):
    response = submit(client, stage_page, django_capture_on_commit_callbacks)
    assert response.status_code == 303
    proposal = Proposal.objects.get()
    year = proposal.offer_deadline.year
    assert proposal.reference == f"PC-{year}-0001"
    assert proposal.siret == "73282932000074"
    assert proposal.dgs_telephone == "01 49 80 92 94"
    assert proposal.stage_page_id == stage_page.pk
    assert proposal.schooling_year == stage_page.periods.first().schooling_year
    assert response["Location"] == f"{stage_page.url}proposition/{proposal.personal_token}/envoyee/"

    confirmation = client.get(response["Location"])
    html = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert proposal.reference in html
    assert "Repenser l&#x27;accueil des usagers" in html
    assert "imprimer/" in html
    assert confirmation["Cache-Control"] == "private, no-store"

    receipt, notice = mail.outbox
    assert sorted(receipt.to) == sorted(["dgs@ville-creteil.fr", "dga@ville-creteil.fr", "rh@ville-creteil.fr"])
    assert proposal.reference in receipt.subject
    assert proposal.reference in receipt.body
    assert proposal.personal_token in receipt.body
    assert "http://localhost/accueillir-un-eleve/projet-collectif/proposition/" in receipt.body
    assert notice.to == ["stages.inet@cnfpt.fr"]
    assert "Ville de Créteil" in notice.subject
    assert f"/admin/offres/proposal/inspect/{proposal.pk}/" in notice.body
    assert OutgoingEmail.objects.filter(sent_at__isnull=False).count() == 2


def test_references_count_up_per_prefix(client, stage_page, django_capture_on_commit_callbacks):
    submit(client, stage_page, django_capture_on_commit_callbacks)
    submit(client, stage_page, django_capture_on_commit_callbacks, intitule="Deuxième mission")
    references = sorted(Proposal.objects.values_list("reference", flat=True))
    assert [ref[-4:] for ref in references] == ["0001", "0002"]


def test_several_proposals_from_one_siret_are_all_kept_and_flagged(
    client, stage_page, django_capture_on_commit_callbacks
):
    submit(client, stage_page, django_capture_on_commit_callbacks)
    assert not Proposal.objects.get().several_from_siret
    response = submit(client, stage_page, django_capture_on_commit_callbacks, siret="73282932000074")
    assert Proposal.objects.count() == 2
    assert all(Proposal.objects.values_list("several_from_siret", flat=True))
    confirmation = client.get(response["Location"])
    assert "une seule sera proposée au choix des élèves" in confirmation.content.decode()
    other = submit(client, stage_page, django_capture_on_commit_callbacks, siret="21670482500019")
    assert other.status_code == 303
    assert not Proposal.objects.get(siret="21670482500019").several_from_siret


def test_smtp_failure_keeps_the_proposal_and_retry_command_sends(
    client, stage_page, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("SMTP indisponible")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    response = submit(client, stage_page, django_capture_on_commit_callbacks)
    assert response.status_code == 303
    proposal = Proposal.objects.get()
    pending = OutgoingEmail.objects.filter(proposal=proposal, sent_at__isnull=True)
    assert pending.count() == 2
    assert all(email.attempts == 1 and "SMTP indisponible" in email.last_error for email in pending)
    assert mail.outbox == []

    monkeypatch.undo()
    from django.core.management import call_command

    call_command("send_pending_emails")
    assert len(mail.outbox) == 2
    assert proposal.reference in mail.outbox[0].body
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()
    call_command("send_pending_emails")
    assert len(mail.outbox) == 2


def test_personal_link_reads_and_amends_until_deadline(client, stage_page, django_capture_on_commit_callbacks):
    submit(client, stage_page, django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get()
    url = stage_page.url + f"proposition/{proposal.personal_token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Enregistrer les modifications" in page.content.decode()
    response = client.post(url, projet_collectif_data(intitule="Un intitulé corrigé"))
    assert response.status_code == 303
    proposal.refresh_from_db()
    assert proposal.intitule == "Un intitulé corrigé"
    assert proposal.reference.endswith("0001")
    assert ProposalEvent.objects.filter(proposal=proposal, kind="modification").exists()
    assert "Vos modifications sont enregistrées." in client.get(url).content.decode()


def test_changing_the_siret_on_amendment_flags_duplicates(client, stage_page, django_capture_on_commit_callbacks):
    submit(client, stage_page, django_capture_on_commit_callbacks)
    submit(client, stage_page, django_capture_on_commit_callbacks, siret="21670482500019")
    assert not any(Proposal.objects.values_list("several_from_siret", flat=True))
    second = Proposal.objects.get(siret="21670482500019")
    url = stage_page.url + f"proposition/{second.personal_token}/"
    assert client.post(url, projet_collectif_data()).status_code == 303
    assert all(Proposal.objects.values_list("several_from_siret", flat=True))


def test_tampered_personal_link_is_404(client, stage_page, django_capture_on_commit_callbacks):
    submit(client, stage_page, django_capture_on_commit_callbacks)
    token = Proposal.objects.get().personal_token
    assert client.get(stage_page.url + f"proposition/{token[:-2]}xx/").status_code == 404
    assert client.get(stage_page.url + "proposition/PC-2024-0001/envoyee/").status_code == 404


def test_print_version_has_signature_block(client, stage_page, django_capture_on_commit_callbacks):
    submit(client, stage_page, django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get()
    response = client.get(stage_page.url + f"proposition/{proposal.personal_token}/imprimer/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Visa du directeur général des services" in html
    assert "73282932000074" not in html and "732 829 320 00074" in html


@pytest.mark.parametrize(("stage_type", "prefix"), [("observation", "SO-"), ("thematique", "ST-")])
def test_observation_form_asks_track_and_period_and_uses_its_prefix(
    client, home_page, django_capture_on_commit_callbacks, stage_type, prefix
):
    page = add_stage_page(home_page, stage_type, periods=[("administrateur",), ("ingenieur",)])
    html = client.get(page.url).content.decode()
    assert "Directeur général des services" not in html
    assert "Cadre d&#x27;emplois et période" in html
    period = page.periods.get(cadre="ingenieur")
    data = projet_collectif_data(periode=str(period.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, data)
    assert response.status_code == 303
    proposal = Proposal.objects.get()
    assert proposal.reference.startswith(prefix)
    assert proposal.cadre == "ingenieur"
    assert proposal.period == period
    assert proposal.dgs_nom == ""
    assert sorted(mail.outbox[0].to) == ["dga@ville-creteil.fr", "rh@ville-creteil.fr"]


def test_page_without_proposals_has_no_form(client, home_page):
    page = add_stage_page(home_page, accepts_proposals=False)
    response = client.get(page.url)
    assert "Proposer une offre en ligne" not in response.content.decode()
    response = client.post(page.url, projet_collectif_data())
    assert response.status_code == 200
    assert not Proposal.objects.exists()


def test_stage_page_with_form_renders_in_constant_queries(client, home_page, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = add_stage_page(home_page)
    client.get(page.url)
    with CaptureQueriesContext(connection) as few:
        client.get(page.url)
    few_count = len(few.captured_queries)  # read now: the next request resets the query log
    crowded = add_stage_page(
        home_page,
        "observation",
        periods=[("administrateur",), ("conservateur",), ("ingenieur",), ("administrateur",), ("ingenieur",)],
    )
    client.get(crowded.url)
    with django_assert_max_num_queries(few_count + 1):
        response = client.get(crowded.url)
    assert response.content.decode().count('type="radio" name="periode"') == 5
    with django_assert_max_num_queries(30):
        client.get(page.url)


def test_stage_page_stays_editable_and_previewable_in_the_admin(admin_client, stage_page):
    response = admin_client.get(f"/admin/pages/{stage_page.pk}/edit/")
    assert response.status_code == 200
    assert "formulaire de proposition en ligne" in response.content.decode().lower()
    from django.test import RequestFactory

    request = RequestFactory().get(stage_page.url)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    preview = stage_page.make_preview_request(original_request=request)
    assert preview.status_code == 200
    assert "Proposer une offre en ligne" in preview.content.decode()


def test_confirmation_of_another_page_is_404(client, home_page, django_capture_on_commit_callbacks):
    collectif = add_stage_page(home_page)
    observation = add_stage_page(home_page, "observation", periods=[("administrateur",)])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(collectif.url, projet_collectif_data())
    token = Proposal.objects.get().personal_token
    assert client.get(f"{observation.url}proposition/{token}/envoyee/").status_code == 404
    assert client.get(f"{collectif.url}proposition/{token}/envoyee/").status_code == 200
