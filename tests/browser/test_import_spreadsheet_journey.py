"""An editor imports a booklet that names no student from a spreadsheet: the template, the preview, the
confirmation, the worker, the result, the project page (issue 18); axe-core on the import and preview screens."""

import io
import re

import openpyxl
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from playwright.sync_api import expect

from projets.models import ProjectIndexPage, ProjectPage, Thematique

from .editors import PASSWORD, log_in

HEADER = ["Titre", "Scolarité", "Collectivité", "Type de collectivité", "Région", "Thématiques", "Tuteurs"]
ROWS = [
    ["Les mobilités douces à Quimper", "2015-2016", "Ville de Quimper", "Commune", "Bretagne", "Mobilités", ""],
    ["Le vélo dans la métropole", "2015-2016", "Rennes Métropole", "Métropole", "Bretagne", "Mobilités", "Hélène Kervella (DGS)"],
]  # fmt: skip


def booklet_xlsx():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_editor_imports_a_booklet_without_students_from_a_spreadsheet(
    page, mobile_page, home_page, django_user_model, axe
):
    archive = ProjectIndexPage(title="Projets collectifs", slug="projets")
    home_page.add_child(instance=archive)
    archive.save_revision().publish()
    Thematique.objects.create(slug="mobilites", name="Mobilités")
    importers = Group.objects.create(name="Import des projets")
    importers.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "import_projects"]))
    django_user_model.objects.create_user("importeuse", "importeuse@cnfpt.fr", PASSWORD).groups.add(importers)
    log_in(page, "importeuse", django_user_model=django_user_model)
    page.get_by_role("link", name="Importer des projets").first.click()
    expect(page.get_by_role("heading", name="Importer un tableau (XLSX ou CSV)")).to_be_visible()
    axe(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le modèle de tableau (XLSX)").click()
    assert download.value.suggested_filename == "modele-import-projets.xlsx"
    with open(download.value.path(), "rb") as handle:
        template = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    assert template.sheetnames == ["Projets", "Colonnes"]
    header = next(template["Projets"].iter_rows(values_only=True))
    assert header[:3] == ("Titre", "Scolarité", "Collectivité")
    template.close()

    page.get_by_label("Tableau des projets (XLSX ou CSV)").set_input_files(
        {"name": "livret-2015-2016.xlsx", "mimeType": "application/octet-stream", "buffer": booklet_xlsx()}
    )
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.get_by_text("2 projets à créer, 0 à mettre à jour")).to_be_visible()
    preview = page.get_by_role("table", name="Ce que fera l'import, ligne par ligne")
    expect(preview.get_by_role("row", name=re.compile("Le vélo dans la métropole"))).to_contain_text("créé")
    assert not ProjectPage.objects.exists()
    axe(page)
    preview_url = page.url
    context = mobile_page.context
    context.add_cookies(page.context.cookies())  # the same editor, on a phone
    for url in (page.base_url + "/admin/projets/importer/", preview_url):
        mobile_page.goto(url)
        axe(mobile_page)

    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_role("status").filter(has_text="Import ")).to_contain_text("Import en attente")
    call_command("run_worker", "--once", "--only", "import_projects")
    status = page.get_by_role("status").filter(has_text="Import ")
    expect(status).to_contain_text("Import terminé : 2 / 2 projets importés.", timeout=15_000)
    expect(status).to_contain_text("2 projet(s) créé(s), 0 mis à jour, 0 inchangé(s).")

    page.goto(page.base_url + "/projets/les-mobilites-douces-a-quimper-2015-2016/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les mobilités douces à Quimper")
    expect(page.get_by_text("Équipe non communiquée")).to_be_visible()
