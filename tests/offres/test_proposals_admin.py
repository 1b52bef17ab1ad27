"""INET's back office: who sees it, list, filters, search, inspect, exports, status workflow, commands."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from offres.models import OutgoingEmail, Proposal, ProposalEvent

from .proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


INDEX = "/admin/offres/proposal/"


def make_user(django_user_model, username, group=None, superuser=False):
    user = django_user_model.objects.create_user(username, f"{username}@cnfpt.fr", "motdepasse", is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def proposals(home_page, django_capture_on_commit_callbacks):
    client = Client()
    page = add_stage_page(home_page)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url, projet_collectif_data())
        client.post(
            page.url,
            projet_collectif_data(
                collectivite_nom="Région Hauts-de-France", siret="21670482500019", intitule="Mobilités"
            ),
        )
    return list(Proposal.objects.order_by("reference"))


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(make_user(django_user_model, "ingrid", "Équipe stages"))
    return client


def test_groups_exist_with_the_right_permissions():
    staff = Group.objects.get(name="Équipe stages")
    staff_codenames = set(staff.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_proposal", "change_proposal"} <= staff_codenames
    assert "delete_proposal" not in staff_codenames and "add_proposal" not in staff_codenames
    communication = set(Group.objects.get(name="Communication").permissions.values_list("codename", flat=True))
    assert "access_admin" in communication
    assert not {codename for codename in communication if codename.endswith("_proposal")}


def test_communication_editors_cannot_open_the_back_office(client, django_user_model, proposals):
    client.force_login(make_user(django_user_model, "comm", "Communication"))
    assert client.get("/admin/").status_code == 200
    assert "Propositions" not in client.get("/admin/").content.decode()
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(f"{INDEX}inspect/{proposals[0].pk}/").status_code in (302, 403)
    assert client.get(f"{INDEX}?export=csv").status_code in (302, 403)
    assert client.get(f"{INDEX}edit/{proposals[0].pk}/").status_code in (302, 403)


@pytest.mark.parametrize("group", ["Communication", "Validation"])
def test_other_admin_users_cannot_read_a_proposal_history(client, django_user_model, proposals, group):
    client.force_login(make_user(django_user_model, "autre", group))
    response = client.get(f"{INDEX}history/{proposals[0].pk}/")
    assert response.status_code in (302, 403)
    assert proposals[0].reference not in response.content.decode()


def test_the_stages_team_reads_a_proposal_history(staff_client, proposals):
    response = staff_client.get(f"{INDEX}history/{proposals[0].pk}/")
    assert response.status_code == 200
    assert proposals[0].reference in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, proposals):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_sees_the_menu_and_the_list(staff_client, proposals, django_assert_max_num_queries):
    assert "Propositions" in staff_client.get("/admin/").content.decode()
    with django_assert_max_num_queries(30):
        response = staff_client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    for proposal in proposals:
        assert proposal.reference in html
    assert "Région Hauts-de-France" in html and "Mobilités" in html
    assert "Reçue" in html
    assert f"{INDEX}create/" not in html


def test_list_columns_and_filters_are_in_french(staff_client, proposals):
    """Column headings of the computed columns and the stage type filter show French names, not codes."""
    html = staff_client.get(INDEX).content.decode()
    for heading in ("Référence", "Collectivité et mission", "Stage", "Statut", "Reçue le"):
        assert heading in html
    assert "Par plusieurs propositions de ce SIRET" in html
    for english in ("Stage label", "Status label", "Several label", ">projet_collectif<"):
        assert english not in html
    filter_link = re.search(r'<a[^>]*href="\?stage_type=projet_collectif"[^>]*>\s*([^<]+?)\s*<', html)
    assert filter_link and filter_link.group(1) == "Projet collectif"
    filtered = staff_client.get(INDEX + "?stage_type=observation").content.decode()
    assert not any(proposal.reference in filtered for proposal in proposals)


def test_list_query_count_does_not_grow_with_rows(staff_client, proposals, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as first:
        staff_client.get(INDEX)
    first_count = len(first.captured_queries)
    assert first_count > 0
    for number in range(5):
        base = Proposal.objects.first()
        base.pk = None
        base.reference = f"PC-1999-{number:04d}"
        base.save()
    with django_assert_max_num_queries(first_count):
        html = staff_client.get(INDEX).content.decode()
    assert "PC-1999-0004" in html


def test_search_and_filters(staff_client, proposals):
    html = staff_client.get(INDEX + "?q=Hauts-de-France").content.decode()
    assert proposals[1].reference in html and proposals[0].reference not in html
    html = staff_client.get(INDEX + "?q=21670482500019").content.decode()
    assert proposals[1].reference in html and proposals[0].reference not in html
    Proposal.objects.filter(pk=proposals[0].pk).update(status="a_completer")
    html = staff_client.get(INDEX + "?status=a_completer").content.decode()
    assert proposals[0].reference in html and proposals[1].reference not in html


def test_inspect_view_shows_fields_history_and_emails(staff_client, proposals):
    html = staff_client.get(f"{INDEX}inspect/{proposals[0].pk}/").content.decode()
    assert "Ville de Créteil" in html
    assert "Repenser l&#x27;accueil des usagers" in html
    assert "Historique et notes internes" in html
    assert "Proposition reçue" in html
    assert "stages.inet@cnfpt.fr" in html and "envoyé le" in html


def test_inspect_view_names_the_stage_type_and_capitalises_labels(staff_client, proposals):
    html = staff_client.get(f"{INDEX}inspect/{proposals[0].pk}/").content.decode()
    assert re.search(r"Type de stage\s*</dt>\s*<dd>\s*Projet collectif", html)
    assert "projet_collectif" not in html
    assert "Nom de la collectivité" in html


def test_csv_export_contains_the_rows(staff_client, proposals):
    response = staff_client.get(INDEX + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8") if response.streaming else response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[:2] == ["référence", "Stage"]
    assert "N° de SIRET" in header
    references = sorted(row[0] for row in rows[1:])
    assert references == [proposal.reference for proposal in proposals]
    assert any("Région Hauts-de-France" in row for row in rows[1:])


def test_xlsx_export_contains_the_rows(staff_client, proposals):
    response = staff_client.get(INDEX + "?export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "référence"
    assert sorted(row[0] for row in values[1:]) == [proposal.reference for proposal in proposals]
    assert any("Mobilités" in (cell or "") for row in values[1:] for cell in row if isinstance(cell, str))


def test_status_workflow_records_history_and_notes(staff_client, proposals):
    proposal = proposals[0]
    url = f"{INDEX}edit/{proposal.pk}/"
    form_html = staff_client.get(url).content.decode()
    assert 'value="a_completer"' in form_html and 'value="completee"' not in form_html

    # Skipping « à compléter » to « complétée » is refused with a clear message.
    response = staff_client.post(url, {"status": "completee", "note": ""})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode() or "Passage impossible" in (
        response.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.status == "recue"

    response = staff_client.post(url, {"status": "retenue", "note": "Appeler la DGA."})
    assert response.status_code == 302
    staff_client.post(url, {"status": "retenue", "note": "Convention envoyée."})
    proposal.refresh_from_db()
    assert proposal.status == "retenue"
    events = list(
        ProposalEvent.objects.filter(proposal=proposal).values_list("kind", "from_status", "to_status", "text")
    )
    assert events == [
        ("statut", "", "recue", "Proposition reçue"),
        ("statut", "recue", "retenue", "Appeler la DGA."),
        ("note", "", "", "Convention envoyée."),
    ]
    assert ProposalEvent.objects.filter(proposal=proposal, kind="note").get().user.username == "ingrid"
    html = staff_client.get(f"{INDEX}inspect/{proposal.pk}/").content.decode()
    assert "Convention envoyée." in html and "ingrid" in html


def test_staff_cannot_create_or_delete(staff_client, proposals):
    assert staff_client.get(f"{INDEX}create/").status_code in (302, 403)
    assert staff_client.get(f"{INDEX}delete/{proposals[0].pk}/").status_code in (302, 403)
    assert Proposal.objects.count() == 2


def test_purge_removes_proposals_older_than_the_retention(proposals):
    old = proposals[0]
    Proposal.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=800), schooling_year="2023-2024"
    )
    out = io.StringIO()
    call_command("purge_proposals", "--older-than", "24", "--dry-run", stdout=out)
    assert "1 proposition(s)" in out.getvalue()
    assert Proposal.objects.count() == 2
    call_command("purge_proposals", "--older-than", "24m", "--no-input", stdout=io.StringIO())
    assert list(Proposal.objects.values_list("pk", flat=True)) == [proposals[1].pk]
    assert not OutgoingEmail.objects.filter(proposal_id=old.pk).exists()
    assert not ProposalEvent.objects.filter(proposal_id=old.pk).exists()


def test_purge_uses_the_site_setting_by_default_and_refuses_nonsense(proposals):
    from django.core.management.base import CommandError

    past_proposal(proposals[0])
    call_command("purge_proposals", "--no-input", stdout=io.StringIO())  # default retention: 36 months
    assert Proposal.objects.count() == 1
    with pytest.raises(CommandError, match="Durée illisible"):
        call_command("purge_proposals", "--older-than", "bientôt", stdout=io.StringIO())
    call_command("purge_proposals", "--older-than", "2a", "--no-input", stdout=io.StringIO())
    assert Proposal.objects.count() == 1


def test_purge_never_deletes_a_schooling_year_not_over(proposals):
    """The proposals fixture is for the open call: its periods end in months."""
    call_command("purge_proposals", "--older-than", "0", "--no-input", stdout=io.StringIO())
    assert Proposal.objects.count() == 2


def past_proposal(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=365 * 4), schooling_year="2021-2022"
    )


def test_purge_asks_before_deleting_and_keeps_all_unless_told_oui(proposals, monkeypatch):
    from django.core.management.base import CommandError

    past_proposal(proposals[0])
    monkeypatch.setattr("builtins.input", lambda prompt: "non")
    with pytest.raises(CommandError, match="Rien n'a été supprimé"):
        call_command("purge_proposals", stdout=io.StringIO())
    assert Proposal.objects.count() == 2
    monkeypatch.setattr("builtins.input", lambda prompt: "oui")
    call_command("purge_proposals", stdout=io.StringIO())
    assert Proposal.objects.count() == 1


def test_form_texts_and_inet_inbox_are_a_site_setting(admin_client, home_page, django_capture_on_commit_callbacks):
    from django.core import mail
    from wagtail.models import Site

    from offres.models import ProposalSettings

    site = Site.objects.get(is_default_site=True)
    assert admin_client.get(f"/admin/settings/offres/proposalsettings/{site.pk}/").status_code == 200
    texts = ProposalSettings.for_site(site)
    assert texts.inet_email == "stages.inet@cnfpt.fr"
    texts.inet_email = "propositions@cnfpt.fr"
    texts.receipt_subject = "Accusé {reference}"
    texts.intro = "Un texte d'introduction choisi par l'INET."
    texts.save()
    page = add_stage_page(home_page)
    client = Client()
    assert "Un texte d&#x27;introduction choisi par l&#x27;INET." in client.get(page.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url, projet_collectif_data())
    reference = Proposal.objects.get().reference
    assert mail.outbox[0].subject == f"Accusé {reference}"
    assert mail.outbox[1].to == ["propositions@cnfpt.fr"]


HOSTILE_CELLS = ['=HYPERLINK("http://example.org/x","Cliquer")', "=cmd|' /C calc'!A0", "@SUM(A1:A9)", "+1-1"]


@pytest.fixture
def hostile_proposal(home_page, django_capture_on_commit_callbacks):
    page = add_stage_page(home_page)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            page.url,
            projet_collectif_data(
                intitule=HOSTILE_CELLS[0],
                collectivite_nom=HOSTILE_CELLS[1],
                contexte=HOSTILE_CELLS[2],
                enjeux=HOSTILE_CELLS[3],
            ),
        )
    return Proposal.objects.get()


def test_csv_export_never_hands_a_formula_to_the_spreadsheet(staff_client, hostile_proposal):
    response = staff_client.get(INDEX + "?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    row = list(csv.reader(io.StringIO(text)))[1]
    typed = [cell for cell in row if any(hostile.lstrip("=+-@") in cell for hostile in HOSTILE_CELLS)]
    assert len(typed) == 4
    assert all(cell.startswith("'") for cell in typed)  # shown as text by Excel and LibreOffice
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_xlsx_export_keeps_those_cells_as_text(staff_client, hostile_proposal):
    response = staff_client.get(INDEX + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    assert HOSTILE_CELLS[0] in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)
