"""The optional PDF: checked by its content, kept out of public media, downloaded by the stages team only,
replaced or removed from the personal link, deleted with the proposal (and by the purge)."""

import os
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from offres.models import Proposal
from offres.proposals.models import ATTACHMENT_MAX_BYTES

from .proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = pytest.mark.django_db

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
INDEX = "/admin/offres/proposal/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def stage_page(home_page):
    return add_stage_page(home_page)


def pdf(content=TINY_PDF, name="deliberation.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def send(page, capture, **values):
    with capture(execute=True):
        return Client().post(page.url, projet_collectif_data(**values))


def stored_path(proposal):
    return os.path.join(proposal.attachment.storage.location, proposal.attachment.name)


def test_a_real_pdf_is_stored_outside_public_media(stage_page, django_capture_on_commit_callbacks, settings):
    response = send(stage_page, django_capture_on_commit_callbacks, attachment=pdf())
    assert response.status_code == 303
    proposal = Proposal.objects.get()
    assert proposal.attachment.name.startswith("propositions/") and proposal.attachment.name.endswith(".pdf")
    path = stored_path(proposal)
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT)) and not path.startswith(str(settings.MEDIA_ROOT))
    with open(path, "rb") as handle:
        assert handle.read() == TINY_PDF


def test_the_form_is_multipart(stage_page):
    html = Client().get(stage_page.url).content.decode()
    assert 'enctype="multipart/form-data"' in html and 'type="file" name="attachment"' in html


@pytest.mark.parametrize(
    "upload",
    [
        pdf(PNG, name="deliberation.pdf"),  # a PNG renamed .pdf
        pdf(TINY_PDF.replace(b"%%EOF", b"")),  # no end marker
        pdf(b"<html>%PDF-" + TINY_PDF),  # the marker is not at the start
    ],
    ids=["png-renamed", "no-eof", "magic-not-first"],
)
def test_anything_but_a_pdf_is_refused_by_the_field_and_the_texts_are_kept(
    stage_page, django_capture_on_commit_callbacks, upload
):
    response = send(stage_page, django_capture_on_commit_callbacks, attachment=upload, intitule="Mobilités douces")
    html = response.content.decode()
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert "Ce fichier n&#x27;est pas un PDF" in html
    assert 'value="Mobilités douces"' in html
    assert "choisissez-le à nouveau avant d'envoyer" in html


def test_more_than_ten_megabytes_is_refused(stage_page, django_capture_on_commit_callbacks):
    big = TINY_PDF[:-6] + b"\n" * (ATTACHMENT_MAX_BYTES + 1 - len(TINY_PDF)) + b"%%EOF\n"
    assert len(big) == ATTACHMENT_MAX_BYTES + 1
    response = send(stage_page, django_capture_on_commit_callbacks, attachment=pdf(big))
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert "Ce fichier est trop lourd : 10 Mo au plus" in response.content.decode()


def test_exactly_ten_megabytes_passes_the_body_limit(stage_page, django_capture_on_commit_callbacks):
    big = TINY_PDF[:-6] + b"\n" * (ATTACHMENT_MAX_BYTES - len(TINY_PDF)) + b"%%EOF\n"
    assert send(stage_page, django_capture_on_commit_callbacks, attachment=pdf(big)).status_code == 303


def test_a_huge_text_body_still_answers_413(stage_page):
    body = urlencode(projet_collectif_data(contexte="x" * 300_000))
    response = Client().post(stage_page.url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "Votre envoi est trop volumineux" in response.content.decode()


def test_a_multipart_body_beyond_the_file_limit_answers_413(stage_page):
    huge = pdf(b"%PDF-" + b"\n" * (ATTACHMENT_MAX_BYTES + 600 * 1024) + b"%%EOF")
    response = Client().post(stage_page.url, projet_collectif_data(attachment=huge))
    assert response.status_code == 413 and not Proposal.objects.exists()
    assert "Votre envoi est trop volumineux" in response.content.decode()


@pytest.fixture
def proposal_with_file(stage_page, django_capture_on_commit_callbacks):
    send(stage_page, django_capture_on_commit_callbacks, attachment=pdf())
    return Proposal.objects.get()


def user_in(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@cnfpt.fr", "motdepasse")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_only_the_stages_team_downloads_it(proposal_with_file, django_user_model):
    url = f"{INDEX}inspect/{proposal_with_file.pk}/piece-jointe/"
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    communication = Client()
    communication.force_login(user_in(django_user_model, "comm", "Communication"))
    assert communication.get(url).status_code in (302, 403, 404)
    staff = Client()
    staff.force_login(user_in(django_user_model, "ingrid", "Équipe stages"))
    inspect = staff.get(f"{INDEX}inspect/{proposal_with_file.pk}/").content.decode()
    assert url in inspect and "Télécharger la pièce jointe" in inspect
    response = staff.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert proposal_with_file.reference in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == TINY_PDF


def test_deleting_the_proposal_deletes_the_file(proposal_with_file, django_capture_on_commit_callbacks):
    path = stored_path(proposal_with_file)
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_with_file.delete()
    assert not os.path.exists(path)


def test_the_purge_deletes_files_too(proposal_with_file, django_capture_on_commit_callbacks):
    path = stored_path(proposal_with_file)
    Proposal.objects.filter(pk=proposal_with_file.pk).update(
        submitted_at="2000-01-01T00:00:00Z", schooling_year="2000-2001"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_proposals", "--older-than", "36", "--no-input")
    assert not Proposal.objects.exists() and not os.path.exists(path)


def test_the_personal_link_replaces_or_removes_it(proposal_with_file, stage_page, django_capture_on_commit_callbacks):
    url = stage_page.proposal_url(proposal_with_file, full=False)
    client = Client()
    html = client.get(url).content.decode()
    assert "Fichier actuel : deliberation" in html and 'enctype="multipart/form-data"' in html
    old_path = stored_path(proposal_with_file)
    data = projet_collectif_data(attachment=pdf(name="note.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 303
    proposal_with_file.refresh_from_db()
    assert "/note" in proposal_with_file.attachment.name and not os.path.exists(old_path)
    new_path = stored_path(proposal_with_file)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, projet_collectif_data(attachment_supprimer="1")).status_code == 303
    proposal_with_file.refresh_from_db()
    assert not proposal_with_file.attachment and not os.path.exists(new_path)


def test_a_draft_keeps_no_file(stage_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            stage_page.url,
            {"brouillon": "1", "collectivite_nom": "Ville", "dgs_courriel": "dgs@ville.fr", "attachment": pdf()},
        )
    assert response.status_code == 303
    from offres.models import ProposalDraft

    assert "attachment" not in ProposalDraft.objects.get().data
