"""The decision loop: statuses and their transitions, « à compléter » with a message and a date that reopens the
link, decision e-mails with INET's texts and no text the sender typed, assignee, history, data migration."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from core.paris import paris_today
from offres.models import OutgoingEmail, Proposal, ProposalEvent, ProposalSettings, ProposalStatus, StageStep
from offres.proposals.models import STATUS_TRANSITIONS

from .proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = pytest.mark.django_db
INDEX = "/admin/offres/proposal/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def stage_page(home_page):
    page = add_stage_page(home_page)
    StageStep.objects.create(page=page, label="Constitution des équipes", date=paris_today() + datetime.timedelta(70))
    StageStep.objects.create(page=page, label="Étape passée", date=paris_today() - datetime.timedelta(days=3))
    return page


@pytest.fixture
def proposal(stage_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(stage_page.url, projet_collectif_data())
    mail.outbox.clear()
    return Proposal.objects.get()


@pytest.fixture
def ingrid(django_user_model):
    user = django_user_model.objects.create_user("ingrid", "ingrid@cnfpt.fr", "motdepasse", first_name="Ingrid")
    user.groups.add(Group.objects.get(name="Équipe stages"))
    return user


@pytest.fixture
def staff_client(client, ingrid):
    client.force_login(ingrid)
    return client


def edit(staff_client, proposal, capture, **data):
    with capture(execute=True):
        return staff_client.post(f"{INDEX}edit/{proposal.pk}/", {"note": "", "message": "", **data})


def test_the_statuses_and_their_transitions():
    assert [value for value, _label in ProposalStatus.choices] == [
        "recue",
        "a_completer",
        "completee",
        "retenue",
        "non_retenue",
        "sans_suite",
    ]
    assert ProposalStatus.COMPLETED in STATUS_TRANSITIONS[ProposalStatus.TO_COMPLETE]
    assert STATUS_TRANSITIONS[ProposalStatus.DROPPED] == []
    assert ProposalStatus.TO_COMPLETE not in STATUS_TRANSITIONS[ProposalStatus.ACCEPTED]


def test_a_transition_not_allowed_answers_a_clear_message(staff_client, proposal, django_capture_on_commit_callbacks):
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.DROPPED)
    response = edit(staff_client, proposal, django_capture_on_commit_callbacks, status="retenue")
    assert response.status_code == 200
    assert "Passage impossible" in response.content.decode() or "choix valide" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DROPPED


def test_to_complete_requires_a_message_and_a_date(staff_client, proposal, django_capture_on_commit_callbacks):
    response = edit(staff_client, proposal, django_capture_on_commit_callbacks, status="a_completer")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Écrivez à la collectivité ce qu&#x27;elle doit compléter." in html
    assert "Indiquez jusqu&#x27;à quel jour" in html
    yesterday = paris_today() - datetime.timedelta(days=1)
    response = edit(
        staff_client,
        proposal,
        django_capture_on_commit_callbacks,
        status="a_completer",
        message="Précisez le budget.",
        amend_until=yesterday.isoformat(),
    )
    assert "Choisissez aujourd&#x27;hui ou un jour à venir." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RECEIVED and mail.outbox == []


def test_to_complete_mails_the_message_reopens_the_link_after_the_deadline_and_the_amendment_completes_it(
    staff_client, proposal, stage_page, django_capture_on_commit_callbacks
):
    until = paris_today() + datetime.timedelta(days=10)
    response = edit(
        staff_client,
        proposal,
        django_capture_on_commit_callbacks,
        status="a_completer",
        message="Précisez le budget de la mission.",
        amend_until=until.isoformat(),
        note="Budget flou, voir avec la DGA.",
    )
    assert response.status_code == 302
    request = mail.outbox[0]
    assert sorted(request.to) == sorted(proposal.submitter_emails())
    assert "à compléter" in request.subject and proposal.reference in request.subject
    assert "Précisez le budget de la mission." in request.body
    assert proposal.personal_token in request.body
    assert "Budget flou" not in request.body  # the internal note stays internal
    assert "Ville de Créteil" not in request.body and "Repenser" not in request.body
    event = ProposalEvent.objects.filter(kind="statut").last()
    assert (event.from_status, event.to_status, event.user.username) == ("recue", "a_completer", "ingrid")
    assert event.message == "Précisez le budget de la mission." and event.text == "Budget flou, voir avec la DGA."
    assert {"field": "amend_until", "label": "À compléter jusqu'au", "old": "", "new": until.isoformat()} in (
        event.changes
    )

    # The offers deadline passes: « à compléter » keeps the link open until the team's date.
    Proposal.objects.filter(pk=proposal.pk).update(offer_deadline=paris_today() - datetime.timedelta(days=5))
    stage_page.periods.update(offer_deadline=paris_today() - datetime.timedelta(days=5))
    link = f"{stage_page.url}proposition/{proposal.personal_token}/"
    public = Client()
    html = public.get(link).content.decode()
    assert "Précisez le budget de la mission." in html and "Budget flou" not in html
    assert "Statut : <strong>À compléter</strong>" in html
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = public.post(link, projet_collectif_data(objectifs="Un budget de 12 000 € est prévu."))
    assert response.status_code == 303
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.COMPLETED
    assert proposal.objectifs == "Un budget de 12 000 € est prévu."
    notice = next(message for message in mail.outbox if message.to == ["stages.inet@cnfpt.fr"])
    assert "12 000" in notice.body
    completed = ProposalEvent.objects.filter(kind="statut", to_status="completee").get()
    assert completed.from_status == "a_completer"
    # Complétée after the deadline: the link reads only.
    assert public.post(link, projet_collectif_data()).status_code == 403


def test_to_complete_closes_after_the_teams_date(proposal, stage_page):
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.TO_COMPLETE, amend_until=paris_today() - datetime.timedelta(days=1)
    )
    proposal.refresh_from_db()
    assert not proposal.is_amendable()
    response = Client().post(f"{stage_page.url}proposition/{proposal.personal_token}/", projet_collectif_data())
    assert response.status_code == 403


def test_accepted_sends_inets_text_with_steps_and_ics(
    staff_client, proposal, stage_page, django_capture_on_commit_callbacks
):
    texts = ProposalSettings.for_site(stage_page.get_site())
    texts.accepted_body = "Bravo pour {reference} ({stage}).\n{etapes}\n{lien}"
    texts.save()
    assert edit(staff_client, proposal, django_capture_on_commit_callbacks, status="retenue").status_code == 302
    message = mail.outbox[0]
    assert message.subject == f"INET – Votre proposition {proposal.reference} est retenue"
    assert message.body.startswith(f"Bravo pour {proposal.reference} (projet collectif).")
    assert "Constitution des équipes" in message.body and "Étape passée" not in message.body
    assert proposal.personal_token in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename == f"inet-{proposal.reference}.ics" and mimetype == "text/calendar"
    assert "SUMMARY:INET – Constitution des équipes" in content
    assert OutgoingEmail.objects.get(kind="retenue").attachments[0]["filename"] == filename


def test_rejected_sends_inets_text(staff_client, proposal, django_capture_on_commit_callbacks):
    edit(staff_client, proposal, django_capture_on_commit_callbacks, status="non_retenue")
    message = mail.outbox[0]
    assert "n'a pas été retenue" in message.body and proposal.reference in message.body
    assert "Ville de Créteil" not in message.body + message.subject


def test_decision_texts_refuse_placeholders_the_sender_typed(stage_page):
    texts = ProposalSettings.for_site(stage_page.get_site())
    texts.accepted_body = "Bravo {collectivite} pour {intitule}"
    with pytest.raises(ValidationError) as error:
        texts.full_clean()
    assert "{collectivite}, {intitule}" in str(error.value)


def test_assignee_is_logged_listed_and_filtered(
    staff_client, proposal, ingrid, django_user_model, django_capture_on_commit_callbacks
):
    outsider = django_user_model.objects.create_user("comm", "comm@cnfpt.fr", "motdepasse")
    form = staff_client.get(f"{INDEX}edit/{proposal.pk}/").content.decode()
    assert f'<option value="{ingrid.pk}">Ingrid</option>' in form
    assert f'value="{outsider.pk}"' not in form
    edit(staff_client, proposal, django_capture_on_commit_callbacks, status="recue", assignee=ingrid.pk)
    proposal.refresh_from_db()
    assert proposal.assignee == ingrid
    event = ProposalEvent.objects.get(kind="suivi")
    assert event.changes == [{"field": "assignee", "label": "Suivie par", "old": "", "new": "Ingrid"}]
    assert mail.outbox == []
    assert proposal.reference in staff_client.get(INDEX + "?suivie_par=moi").content.decode()
    assert proposal.reference not in staff_client.get(INDEX + "?suivie_par=personne").content.decode()
    inspect = staff_client.get(f"{INDEX}inspect/{proposal.pk}/").content.decode()
    assert "Suivie par Ingrid." in inspect


def test_the_data_migration_maps_the_old_statuses(proposal):
    migration = importlib.import_module("offres.migrations.0012_statuses_of_the_decision_loop")
    Proposal.objects.filter(pk=proposal.pk).update(status="examen")
    ProposalEvent.objects.create(proposal=proposal, kind="statut", from_status="examen", to_status="retiree")
    migration.forward(django_apps, None)
    proposal.refresh_from_db()
    assert proposal.status == "recue"
    assert ProposalEvent.objects.filter(from_status="recue", to_status="sans_suite").exists()
    assert ProposalEvent.objects.count() == 2  # the history is kept


def test_the_receipt_lists_the_next_steps_and_attaches_them(stage_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(stage_page.url, projet_collectif_data(intitule="Un intitulé tapé"))
    proposal = Proposal.objects.get()
    receipt = next(message for message in mail.outbox if "rh@ville-creteil.fr" in message.to)
    assert "Les prochaines étapes" in receipt.body
    assert "- Date limite de dépôt des propositions" in receipt.body
    assert "- Constitution des équipes : le " in receipt.body and "Étape passée" not in receipt.body
    assert "les élèves dans la collectivité : du " in receipt.body
    assert "Un intitulé tapé" not in receipt.body  # the answers are read at the personal link
    filename, content, mimetype = receipt.attachments[0]
    assert (filename, mimetype) == (f"inet-{proposal.reference}.ics", "text/calendar")
    assert content.count("BEGIN:VEVENT") == 3 and "DTSTART;VALUE=DATE:" in content
