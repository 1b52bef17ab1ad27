"""The personal link after sending: what it may still change, what a change leaves behind, and why the form is no
relay for someone else's message (issue 20, findings 10 and 11)."""

import pytest
from django.core import mail
from django.core.cache import cache

from offres.models import OutgoingEmail, Proposal, ProposalEvent, ProposalStatus
from offres.proposals.emails import RECEIPTS_PER_ADDRESS_PER_DAY

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
        response = client.post(page.url, projet_collectif_data(**overrides))
    assert response.status_code == 303
    return Proposal.objects.order_by("-pk").first()


def amend(client, page, proposal, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"{page.url}proposition/{proposal.personal_token}/", projet_collectif_data(**changes))


@pytest.mark.parametrize("status", [ProposalStatus.ACCEPTED, ProposalStatus.REJECTED, ProposalStatus.DROPPED])
def test_once_inet_has_decided_the_link_only_reads(client, stage_page, django_capture_on_commit_callbacks, status):
    proposal = submit(client, stage_page, django_capture_on_commit_callbacks)
    Proposal.objects.filter(pk=proposal.pk).update(status=status)
    mail.outbox.clear()

    response = amend(
        client, stage_page, proposal, django_capture_on_commit_callbacks, tuteur_courriel="autre@exemple.fr"
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.tuteur_courriel == "dga@ville-creteil.fr"
    assert mail.outbox == []
    html = client.get(f"{stage_page.url}proposition/{proposal.personal_token}/").content.decode()
    assert "ne peut plus être modifiée en ligne" in html
    assert 'name="tuteur_courriel"' not in html


def test_a_change_keeps_old_values_tells_inet_and_warns_the_replaced_address(
    client, admin_client, stage_page, django_capture_on_commit_callbacks
):
    proposal = submit(client, stage_page, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    response = amend(
        client,
        stage_page,
        proposal,
        django_capture_on_commit_callbacks,
        tuteur_courriel="nouveau.tuteur@ville-creteil.fr",
        intitule="Un intitulé corrigé",
    )
    assert response.status_code == 303

    event = ProposalEvent.objects.get(proposal=proposal, kind=ProposalEvent.Kind.AMENDED)
    changed = {change["field"]: (change["old"], change["new"]) for change in event.changes}
    assert changed == {
        "tuteur_courriel": ("dga@ville-creteil.fr", "nouveau.tuteur@ville-creteil.fr"),
        "intitule": ("Repenser l'accueil des usagers", "Un intitulé corrigé"),
    }

    notice, warning = mail.outbox
    assert notice.to == ["stages.inet@cnfpt.fr"]
    assert "dga@ville-creteil.fr" in notice.body and "nouveau.tuteur@ville-creteil.fr" in notice.body
    assert warning.to == ["dga@ville-creteil.fr"]
    assert proposal.reference in warning.subject
    assert "nouveau.tuteur" not in warning.body  # the old address learns nothing of the new one
    assert proposal.personal_token not in warning.body  # nor gets the link back

    inspect = admin_client.get(f"/admin/offres/proposal/inspect/{proposal.pk}/").content.decode()
    assert "avant : dga@ville-creteil.fr" in inspect
    assert "après : nouveau.tuteur@ville-creteil.fr" in inspect


def test_saving_without_a_change_leaves_no_trace(client, stage_page, django_capture_on_commit_callbacks):
    proposal = submit(client, stage_page, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert amend(client, stage_page, proposal, django_capture_on_commit_callbacks).status_code == 303
    assert not ProposalEvent.objects.filter(kind=ProposalEvent.Kind.AMENDED).exists()
    assert mail.outbox == []


def test_the_receipt_carries_no_text_the_sender_typed(client, stage_page, django_capture_on_commit_callbacks):
    bait = "Votre compte expire : https://exemple.invalid/connexion"
    proposal = submit(
        client, stage_page, django_capture_on_commit_callbacks, collectivite_nom=bait, intitule=bait, contexte=bait
    )
    receipt = next(message for message in mail.outbox if "rh@ville-creteil.fr" in message.to)
    assert "exemple.invalid" not in receipt.body + receipt.subject
    assert proposal.reference in receipt.body and "732 829 320 00074" in receipt.body
    assert proposal.personal_token in receipt.body
    notice = next(message for message in mail.outbox if message.to == ["stages.inet@cnfpt.fr"])
    assert bait in notice.body  # INET's own notice still shows what was typed


def test_one_address_gets_a_few_receipts_a_day_whoever_sends(client, stage_page, django_capture_on_commit_callbacks):
    def others(number):
        return {"rh_courriel": f"rh{number}@ville-creteil.fr", "dgs_courriel": f"dgs{number}@ville-creteil.fr"}

    for number in range(RECEIPTS_PER_ADDRESS_PER_DAY):
        submit(
            client, stage_page, django_capture_on_commit_callbacks, tuteur_courriel="Cible@exemple.fr", **others(number)
        )
    mail.outbox.clear()

    last = submit(
        client, stage_page, django_capture_on_commit_callbacks, tuteur_courriel="cible@exemple.fr", **others(99)
    )
    receipt = last.emails.get(kind=OutgoingEmail.Kind.RECEIPT)
    assert "cible@exemple.fr" not in receipt.recipients
    assert "rh99@ville-creteil.fr" in receipt.recipients
    notice = last.emails.get(kind=OutgoingEmail.Kind.NOTICE)
    assert "Accusé de réception non envoyé à cible@exemple.fr" in notice.body
    assert Proposal.objects.count() == RECEIPTS_PER_ADDRESS_PER_DAY + 1  # every proposal is stored
