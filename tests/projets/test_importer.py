import copy
import json

import pytest
from django.core.management import CommandError, call_command

from projets.importer import ImportFormatError, import_document, parse, validate
from projets.models import Collectivite, ProjectPage, Promotion, Thematique

pytestmark = pytest.mark.django_db


def test_booklet_file_is_valid(demo_data):
    assert validate(demo_data) == []
    assert len(demo_data["projects"]) == 19


def test_import_creates_the_19_projects_with_their_facts(booklet):
    assert ProjectPage.objects.live().count() == 19
    assert Thematique.objects.count() == 3
    assert set(Promotion.objects.values_list("name", flat=True)) == {"Abbé Pierre", "Toni Morrison", "Rachel Carson"}
    creteil = ProjectPage.objects.get(slug="creteil-relation-usager")
    assert creteil.collectivite.name == "Ville de Créteil"
    assert creteil.collectivite.type == "commune"
    assert creteil.collectivite.region == "Île-de-France"
    assert [(a.name, a.cadre) for a in creteil.authors.all()] == [
        ("Sonia Derdiri", "administrateur"),
        ("Régis Desbonne", "ingenieur"),
        ("Hector Raffaud", "administrateur"),
        ("Pierre Morandini", "ingenieur"),
    ]
    assert [(t.name, t.function) for t in creteil.tutors.all()] == [
        ("Fabien Séguineau", "Directeur général des services")
    ]
    # The dropped first letter of the first paragraph is restored.
    assert str(creteil.context[0].value).startswith("<p>La Ville de Créteil")
    assert Collectivite.objects.get(name="Conseil départemental de la Nièvre").type == "departement"


def test_second_import_changes_nothing(booklet, demo_data):
    revisions = {page.pk: page.latest_revision_id for page in ProjectPage.objects.all()}
    report = import_document(demo_data, booklet)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 19)
    assert {page.pk: page.latest_revision_id for page in ProjectPage.objects.all()} == revisions


def test_reimport_updates_in_place(booklet, demo_data):
    data = copy.deepcopy(demo_data)
    data["projects"][0]["title"] = "Un titre corrigé"
    data["projects"][0]["team"] = data["projects"][0]["team"][:2]
    report = import_document(data, booklet)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 18)
    page = ProjectPage.objects.get(slug="creteil-relation-usager")
    assert page.title == "Un titre corrigé"
    assert page.authors.count() == 2
    assert ProjectPage.objects.count() == 19


def test_dry_run_writes_nothing(archive, demo_data):
    report = import_document(demo_data, archive, dry_run=True)
    assert report.ok and report.created == 19
    assert ProjectPage.objects.count() == 0
    assert Thematique.objects.count() == 0


BROKEN = {
    "themes": [{"slug": "t", "name": "T"}],
    "projects": [
        {
            "slug": "bon-projet",
            "title": "Un bon projet",
            "schooling_year": "2020-2021",
            "collectivite": {"name": "Ville de Test", "type": "commune", "region": "Bretagne"},
            "themes": ["t"],
            "team": [{"name": "Ada Lovelace", "cadre": "ingenieur"}],
        },
        {
            "slug": "mauvais-projet",
            "title": "Un mauvais projet",
            "schooling_year": "deux mille",
            "collectivite": {"name": "Ville de Test", "type": "village", "region": "Bretagne"},
            "themes": ["inconnue"],
            "team": [{"name": "Jean Dupont jean.dupont@administrateur-inet.org", "cadre": "pilote"}],
            "references": [{"text": "Un lien", "url": "javascript:alert(1)"}],
        },
    ],
}


def test_broken_file_reports_every_error_and_imports_nothing(archive):
    report = import_document(BROKEN, archive)
    assert not report.ok
    found = {(error.record, error.field) for error in report.errors}
    label = "projet n° 2 (mauvais-projet)"
    assert {
        (label, "schooling_year"),
        (label, "collectivite.type"),
        (label, "themes"),
        (label, "team[1].cadre"),
        (label, "references[1].url"),
        (label, "team[1].name"),  # the e-mail address, named by its field
    } <= found
    assert not any(error.record.startswith("projet n° 1") for error in report.errors)
    assert ProjectPage.objects.count() == 0
    assert Collectivite.objects.count() == 0


def test_parse_rejects_unreadable_files():
    with pytest.raises(ImportFormatError):
        parse("projects: [unclosed", "f.yaml")
    with pytest.raises(ImportFormatError):
        parse(b"\xff\xfe", "f.yaml")
    with pytest.raises(ImportFormatError):
        parse('{"format": "autre/2", "projects": []}', "f.json")
    assert parse(json.dumps(BROKEN), "f.json")["projects"][0]["slug"] == "bon-projet"


def test_command_imports_then_reports_errors(archive, demo_data, tmp_path, capsys):
    good = tmp_path / "projets.json"
    good.write_text(json.dumps(demo_data), encoding="utf-8")
    call_command("import_projects", str(good), "--dry-run")
    assert ProjectPage.objects.count() == 0
    call_command("import_projects", str(good))
    captured = capsys.readouterr()
    assert "19 projet(s) créé(s)" in captured.out
    assert "19/19" in captured.err  # the progress bar
    bad = tmp_path / "casse.yaml"
    bad.write_text(json.dumps(BROKEN), encoding="utf-8")
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_projects", str(bad))
    assert "projet n° 2 (mauvais-projet) — collectivite.type" in capsys.readouterr().err
    assert ProjectPage.objects.count() == 19
