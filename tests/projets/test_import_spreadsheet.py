"""The spreadsheet import (issue 18): a template to download, XLSX and CSV read safely, a preview row by row,
a confirmation by the sender only, then the worker; every error of a bad file reported in French, nothing written."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from projets.importer import jobs
from projets.importer.columns import COLUMNS
from projets.models import Collectivite, ImportJob, ProjectPage, Promotion, Thematique

pytestmark = pytest.mark.django_db

HEADER = ["Titre", "Scolarité", "Collectivité", "Type de collectivité", "Région", "Thématiques", "Tuteurs"]
ROWS = [
    ["Les mobilités douces à Quimper", "2015-2016", "Ville de Quimper", "Commune", "Bretagne", "Mobilités", ""],
    ["Le vélo dans la métropole", "2015-2016", "Rennes Métropole", "Métropole", "Bretagne", "mobilites", "Hélène Kervella (DGS)"],
]  # fmt: skip


def xlsx(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def png(size=(4, 3)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def themes(db):
    Thematique.objects.create(slug="mobilites", name="Mobilités")
    Thematique.objects.create(slug="travailler-autrement", name="Travailler autrement")
    Promotion.objects.create(
        slug="abbe-pierre", name="Abbé Pierre", cadre="administrateur", year_start=2020, year_end=2021
    )


@pytest.fixture
def editor(client, django_user_model):
    importers = Group.objects.create(name="Import des projets")
    importers.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "import_projects"]))
    user = django_user_model.objects.create_user("importeuse", "importeuse@example.org", "motdepasse")
    user.groups.add(importers)
    client.force_login(user)
    return user


def send(client, content, name="livret.xlsx", images=None):
    data = {"sheet": SimpleUploadedFile(name, content)}
    if images is not None:
        data["images"] = SimpleUploadedFile("images.zip", images)
    return client.post(reverse("projets_import_spreadsheet"), data)


def confirm_and_run(client, response):
    assert response.status_code == 302, response.content.decode()[-3000:]
    job = ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.status == ImportJob.Status.PREVIEW
    before = ProjectPage.objects.count()
    assert client.post(reverse("projets_import_confirm", args=[job.pk])).status_code == 302
    assert ProjectPage.objects.count() == before  # nothing written before the worker runs
    call_command("run_worker", "--once", "--only", "import_projects")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.report
    return job


def test_the_template_documents_every_column_and_imports_as_is(client, editor, archive, themes):
    screen = client.get(reverse("projets_import")).content.decode()
    assert all(column.name.replace("'", "&#x27;") in screen for column in COLUMNS)
    response = client.get(reverse("projets_import_template"))
    assert response["Content-Disposition"] == 'attachment; filename="modele-import-projets.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Projets", "Colonnes"]
    header, example = list(workbook["Projets"].iter_rows(values_only=True))
    assert list(header) == [column.name for column in COLUMNS]
    documented = {row[0]: row[2] for row in workbook["Colonnes"].iter_rows(min_row=2, values_only=True)}
    assert set(documented) == set(header) and "« 2020-2021 »" in documented["Scolarité"]
    job = confirm_and_run(client, send(client, response.content, "modele.xlsx"))
    assert job.preview["counts"]["created"] == 1
    page = ProjectPage.objects.get()
    assert page.slug == "les-mobilites-douces-a-quimper-2015-2016" and not page.authors.exists()
    assert page.themes.get().name == "Mobilités"  # the first theme in the database fills the example


def test_preview_then_confirm_then_unchanged_then_updated(client, editor, archive, themes):
    response = send(client, xlsx(ROWS))
    preview = client.get(response.url).content.decode()
    assert "2 projets à créer" in preview and "Confirmer l'import" in preview
    job = confirm_and_run(client, response)
    assert "2 projet(s) créé(s)" in client.get(reverse("projets_import_job", args=[job.pk])).content.decode()
    rennes = ProjectPage.objects.get(slug="le-velo-dans-la-metropole-2015-2016")
    assert [(tutor.name, tutor.function) for tutor in rennes.tutors.all()] == [("Hélène Kervella", "DGS")]
    assert "Équipe non communiquée" in client.get(rennes.url).content.decode()

    again = send(client, xlsx(ROWS))
    assert ImportJob.objects.get(pk=again.url.rstrip("/").split("/")[-1]).preview["counts"]["unchanged"] == 2
    changed = [row[:] for row in ROWS]
    changed[1][6] = "Hélène Kervella (Directrice générale des services) ; Paul Le Goff"
    changed[1][4] = "Grand Ouest"
    response = send(client, xlsx(changed, HEADER), "livret.xlsx")
    rows = ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1]).preview["rows"]
    assert [(row["outcome"], row["changes"]) for row in rows] == [
        ("unchanged", []),
        ("updated", ["Région", "Tuteurs"]),
    ]


def test_only_the_sender_confirms_once_and_never_a_stale_preview(client, editor, archive, themes, django_user_model):
    response = send(client, xlsx(ROWS))
    job = ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    other = django_user_model.objects.create_superuser("autre", "autre@example.org", "motdepasse")
    client.force_login(other)
    assert "Confirmer l'import" not in client.get(response.url).content.decode()
    client.post(reverse("projets_import_confirm", args=[job.pk]))
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.PREVIEW
    client.force_login(editor)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))
    followed = client.post(reverse("projets_import_confirm", args=[job.pk]), follow=True).content.decode()
    assert "plus à jour" in followed and ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.PREVIEW
    fresh = ImportJob.objects.get(pk=send(client, xlsx(ROWS)).url.rstrip("/").split("/")[-1])
    assert not ImportJob.objects.filter(pk=job.pk).exists()  # the stale preview is gone with its file
    jobs.confirm(fresh.pk, editor)
    with pytest.raises(jobs.StalePreview, match="déjà été confirmé"):
        jobs.confirm(fresh.pk, editor)


@pytest.mark.parametrize(("encoding", "separator"), [("utf-8-sig", ","), ("utf-8", ";"), ("cp1252", ";")])
def test_csv_in_utf8_or_windows_1252_with_either_separator(client, editor, archive, themes, encoding, separator):
    lines = [separator.join(HEADER)] + [separator.join(f'"{cell}"' for cell in row) for row in ROWS]
    confirm_and_run(client, send(client, "\r\n".join(lines).encode(encoding), "livret.csv"))
    assert (
        ProjectPage.objects.get(slug="les-mobilites-douces-a-quimper-2015-2016").collectivite.name == "Ville de Quimper"
    )


def test_every_column_is_read(client, editor, archive, themes):
    header = [column.name for column in COLUMNS if column.name not in ("Image", "Texte alternatif de l'image")]
    values = {
        "Titre": "Un projet complet", "Scolarité": "2020-2021", "Collectivité": "Ville de Brest",
        "Type de collectivité": "commune", "Région": "Bretagne", "Département": "Finistère",
        "Thématiques": "Mobilités ; Travailler autrement", "Promotions": "Abbé Pierre",
        "Équipe": "Ada Lovelace (ingénieure) ; Jean Moulin (administrateur)", "Tuteurs": "Marie Curie",
        "Résumé": "Un résumé.", "Contexte": "Premier paragraphe.\n\n## Un intertitre\n\n- une puce\n- une autre",
        "Problématique": "Une question ?", "Clés de réussite": "Écouter.",
        "Chiffres clés": "3 : ateliers\n12 : agents", "Témoignages": "« Très utile. »\n— Paul Le Goff, DGS",
        "Références": "Un rapport https://www.example.org\nUn livre", "Identifiant (facultatif)": "brest-complet",
    }  # fmt: skip
    confirm_and_run(client, send(client, xlsx([[values[name] for name in header]], header)))
    page = ProjectPage.objects.get(slug="brest-complet")
    assert [(a.name, a.cadre) for a in page.authors.all()] == [
        ("Ada Lovelace", "ingenieur"),
        ("Jean Moulin", "administrateur"),
    ]
    assert sorted(page.themes.values_list("slug", flat=True)) == ["mobilites", "travailler-autrement"]
    assert [block.block_type for block in page.context] == ["paragraph", "heading", "paragraph"]
    assert [(f.value["number"], f.value["label"]) for f in page.figures] == [("3", "ateliers"), ("12", "agents")]
    assert (
        page.testimonials[0].value["author"] == "Paul Le Goff" and page.testimonials[0].value["text"] == "Très utile."
    )
    assert page.references[0].value["url"] == "https://www.example.org"
    assert page.collectivite.departement == "Finistère" and page.promotions.get().slug == "abbe-pierre"


def test_a_bad_sheet_reports_every_error_in_french_and_writes_nothing(client, editor, archive, themes):
    header = [*HEADER[:5], "Thématique", "Identifiant", "Colonne en trop"]
    rows = [
        ["Projet A", datetime.datetime(2020, 9, 1), "Ville A", "Commune", "Bretagne", "Mobilités", "meme", "x"],
        ["Projet B", 2020, "Ville B", "Village", "Bretagne", "Inconnue", "meme", ""],
        ["Projet C", "2020-2021", "Ville C", "Commune", "Bretagne", "Mobilités", "meme", ""],
    ]
    header[5] = "Thématiques"
    response = send(client, xlsx(rows, header))
    assert response.status_code == 200
    errors = {(str(error.record), error.field): error.message for error in response.context["sheet_errors"]}
    assert errors[("ligne 1", "Colonne en trop")].startswith("colonne inconnue")
    assert errors[("ligne 2", "Scolarité")].startswith("une date : une scolarité attendue, sous la forme « 2020-2021 »")
    assert errors[("ligne 3", "Scolarité")].startswith("un nombre")
    assert errors[("ligne 3", "Type de collectivité")] == "type inconnu : 'Village'."
    assert errors[("ligne 3", "Thématiques")].startswith("thématique inconnue : « Inconnue »")
    assert errors[("ligne 3", "Identifiant (facultatif)")].startswith("identifiant déjà utilisé")
    body = response.content.decode()
    assert "erreurs dans « livret.xlsx » : rien ne sera importé" in body and "Confirmer" not in body
    assert not ImportJob.objects.exists() and not ProjectPage.objects.exists() and not Collectivite.objects.exists()
    missing = send(client, xlsx([["Projet"]], ["Titre"]))
    assert ("ligne 1", "Région") in {(e.record, e.field) for e in missing.context["sheet_errors"]}


def test_oversized_files_and_zip_bombs_are_refused_without_500(client, editor, archive, themes):
    big = send(client, b"0" * (50 * 1024 * 1024), "livret.csv")
    assert big.status_code == 200 and "Fichier trop volumineux (50 Mo, 10 Mo au plus)." in big.content.decode()
    bomb = zip_of({"xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    response = send(client, bomb, "bombe.xlsx")
    assert response.status_code == 200 and "archive piégée" in response.content.decode()
    not_xlsx = send(client, b"PK pas un classeur", "faux.xlsx")
    assert "pas une archive ZIP valide" in not_xlsx.content.decode()
    assert not ImportJob.objects.exists() and not ProjectPage.objects.exists()


def test_images_are_checked_then_attached_once(client, editor, archive, themes):
    header = [*HEADER, "Image", "Texte alternatif de l'image"]
    rows = [[*ROWS[0], "quimper.png", "Un vélo devant la gare"], [*ROWS[1], "rennes/absente.jpg", ""]]
    response = send(client, xlsx(rows, header), images=zip_of({"images/quimper.png": png(), "faux.jpg": b"texte"}))
    errors = {(e.record, e.field): e.message for e in response.context["sheet_errors"]}
    assert errors == {
        ("ligne 3", "Image"): "« rennes/absente.jpg » absente de l'archive ZIP.",
        ("ligne 3", "Texte alternatif de l'image"): "obligatoire quand une image est donnée.",
    }
    rows[1][-2:] = ["faux.jpg", "Une image"]
    response = send(client, xlsx(rows, header), images=zip_of({"quimper.png": png(), "faux.jpg": b"texte"}))
    assert response.context["sheet_errors"][0].message == "« faux.jpg » : ce fichier n'est pas une image lisible."
    bomb = zip_of({"quimper.png": b"\0" * (20 * 1024 * 1024)})
    response = send(client, xlsx(rows[:1], header), images=bomb)
    assert "archive piégée" in response.content.decode()
    no_zip = send(client, xlsx(rows[:1], header))
    assert "aucune archive ZIP" in no_zip.content.decode()
    assert not get_image_model().objects.exists() and not ProjectPage.objects.exists()

    images = zip_of({"quimper.png": png()})
    confirm_and_run(client, send(client, xlsx(rows[:1], header), images=images))
    page = ProjectPage.objects.get()
    assert page.listing_image.description == "Un vélo devant la gare"
    assert page.listing_image.collection.name == "Projets collectifs"
    assert ImportJob.objects.get(status="done").images_archive is None
    rows[0][-1] = "Un vélo rouge devant la gare"
    response = send(client, xlsx(rows[:1], header), images=images)
    job = ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.preview["rows"][0]["changes"] == ["Texte alternatif de l'image"]
    confirm_and_run(client, response)
    assert get_image_model().objects.get().description == "Un vélo rouge devant la gare"


def test_an_image_over_the_pixel_limit_is_refused(client, editor, archive, themes, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10  # the 4 × 3 image below has 12
    header = [*HEADER, "Image", "Texte alternatif de l'image"]
    response = send(client, xlsx([[*ROWS[0], "a.png", "Une image"]], header), images=zip_of({"a.png": png()}))
    assert response.context["sheet_errors"][0].message == "« a.png » : image de 4 × 3 pixels : trop grande."
