"""What the importer refuses up front, in French, instead of a 500: unbounded files, duplicate keys, collisions,
values over the models' and blocks' limits, e-mail addresses anywhere (issue 20, findings 8 and 9)."""

import copy
import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

import projets.importer.reading as parse_module
from projets.importer import ImportFormatError, import_document, parse, validate
from projets.importer.privacy import contains_email
from projets.importer.values import STREAM_FIELDS
from projets.models import ProjectPage, Promotion, Thematique

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = "projects: []\n" + "\n".join(
    [f"a0: &a0 [{', '.join(['x'] * 10)}]"] + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
)


@pytest.fixture(autouse=True)
def a_theme(db):
    """Every project needs one theme (issue 18): the one ``project()`` names."""
    return Thematique.objects.create(slug="theme-de-test", name="Thème de test")


def project(**overrides):
    record = {
        "slug": "un-projet",
        "title": "Un projet",
        "schooling_year": "2020-2021",
        "collectivite": {"name": "Ville de Test", "type": "commune", "region": "Bretagne"},
        "themes": ["theme-de-test"],
        "team": [{"name": "Ada Lovelace", "cadre": "ingenieur"}],
    }
    record.update(overrides)
    return record


def fields(errors):
    return {(error.record, error.field) for error in errors}


def test_alias_bomb_is_refused_at_once_with_its_line():
    assert len(BILLION_LAUGHS) < 1000
    started = time.monotonic()
    with pytest.raises(ImportFormatError, match=r"Ligne 3 : alias YAML « \*a0 » refusé"):
        parse(BILLION_LAUGHS, "bombe.yaml")
    assert time.monotonic() - started < 1
    with pytest.raises(ImportFormatError, match="alias YAML"):
        parse("projects: &p [*p]", "boucle.yaml")


def test_deep_nesting_and_huge_documents_are_refused(monkeypatch):
    with pytest.raises(ImportFormatError, match="imbrication trop profonde"):
        parse("projects: " + "[" * 50_000 + "]" * 50_000, "profond.yaml")
    with pytest.raises(ImportFormatError, match="imbrication trop profonde"):
        parse('{"projects": ' + "[" * 50_000 + "]" * 50_000 + "}", "profond.json")
    with pytest.raises(ImportFormatError, match="imbrication trop profonde"):
        parse('{"projects": ' + "[" * 30 + "]" * 30 + "}", "profond.json")
    monkeypatch.setattr(parse_module, "MAX_NODES", 100)
    many = json.dumps({"projects": [project() for _ in range(20)]})
    with pytest.raises(ImportFormatError, match="document trop grand"):
        parse(many, "gros.json")
    with pytest.raises(ImportFormatError, match="document trop grand"):
        parse(many, "gros.yaml")  # JSON is YAML


def test_duplicate_keys_are_refused():
    with pytest.raises(ImportFormatError, match="Ligne 4 : clé « slug » en double \\(déjà ligne 2\\)"):
        parse("projects:\n- slug: un\n  title: Un\n  slug: deux\n", "double.yaml")
    with pytest.raises(ImportFormatError, match="Clé « slug » en double"):
        parse('{"projects": [{"slug": "un", "slug": "deux"}]}', "double.json")
    with pytest.raises(ImportFormatError, match="Champ\\(s\\) inconnu\\(s\\) au premier niveau : projets"):
        parse('{"projects": [], "projets": []}', "f.json")


def test_theme_and_promotion_collisions_are_errors_not_500(archive):
    Thematique.objects.create(slug="travail", name="Travailler autrement")
    Promotion.objects.create(
        slug="abbe-pierre", name="Abbé Pierre", cadre="administrateur", year_start=2020, year_end=2021
    )
    data = {
        "themes": [
            {"slug": "travailler-autrement", "name": "Travailler autrement"},
            {"slug": "nouveau", "name": "Nouveau"},
            {"slug": "nouveau-bis", "name": "Nouveau"},
            {"slug": "nouveau", "name": "Encore"},
        ],
        "promotions": [{"slug": "abbe", "name": "Abbé Pierre", "cadre": "administrateur", "years": "2020-2021"}],
        "projects": [project()],
    }
    report = import_document(data, archive)
    assert fields(report.errors) == {
        ("thématique n° 1", "name"),
        ("thématique n° 3", "name"),
        ("thématique n° 4", "slug"),
        ("promotion n° 1", "name"),
    }
    messages = " ".join(error.message for error in report.errors)
    assert "« travail », en base" in messages and "« abbe-pierre », en base" in messages
    assert Thematique.objects.count() == 2  # the one of the file's project, and the colliding one


def test_every_limit_comes_from_the_models_and_blocks(archive):
    long_slug = "a" * 300
    data = {
        "promotions": [{"slug": "p", "name": "N" * 5000, "cadre": "ingenieur", "years": "2020-2021"}],
        "projects": [project(slug=long_slug)],
    }
    errors = validate(data)
    assert ("promotion n° 1", "name") in fields(errors)
    assert (f"projet n° 1 ({long_slug})", "slug") in fields(errors)
    assert "5000 caractères, 120 au plus." in " ".join(error.message for error in errors)


def at_limits(extra=0):
    """A project whose every text is exactly at its limit (``extra`` characters over it)."""

    def text(block_field, block, child, letter="x"):
        limit = ProjectPage._meta.get_field(block_field).stream_block.child_blocks[block].child_blocks[child]
        return letter * (limit.field.max_length + extra)

    return project(
        slug="s" * (ProjectPage._meta.get_field("slug").max_length + extra),
        title="T" * (255 + extra),
        summary="r" * (400 + extra),
        collectivite={"name": "C" * (200 + extra), "type": "commune", "region": "R" * (80 + extra)},
        team=[{"name": "A" * (120 + extra), "cadre": "ingenieur"}],
        tutors=[{"name": "B" * (120 + extra), "function": "F" * (250 + extra)}],
        context=[{"heading": text("context", "heading", "text")}, "Un paragraphe."],
        figures=[{"number": text("figures", "figure", "number", "9"), "label": text("figures", "figure", "label")}],
        testimonials=[
            {
                "quote": "Une citation.",
                "author": text("testimonials", "testimonial", "author"),
                "role": text("testimonials", "testimonial", "role"),
            }
        ],
        references=[{"text": text("references", "reference", "text"), "url": "https://www.cnfpt.fr/"}],
    )


def test_a_record_at_every_limit_imports_and_passes_the_admin_validation(archive):
    report = import_document({"projects": [at_limits()]}, archive)
    assert report.ok, report.errors
    page = ProjectPage.objects.get().specific
    page.full_clean()
    for name in STREAM_FIELDS:
        getattr(ProjectPage, name).field.stream_block.clean(getattr(page, name))
    assert page.figures[0].value["label"] == "x" * 250


def test_one_character_over_any_limit_is_refused(archive):
    errors = validate({"projects": [at_limits(extra=1)]})
    refused = {error.field for error in errors}
    assert refused >= {
        "slug", "title", "summary", "collectivite.name", "collectivite.region", "team[1].name", "tutors[1].name",
        "tutors[1].function", "context[1].heading", "figures[1].number", "figures[1].label",
        "testimonials[1].author", "testimonials[1].role", "references[1].text",
    }  # fmt: skip
    assert ProjectPage.objects.count() == 0


@pytest.mark.parametrize(
    "text",
    [
        "jean.dupont@ville.fr",
        "nom@ville",
        "nom (at) ville.fr",
        "nom [at] ville.fr",
        "nom%40ville.fr",
        "nom\uff20ville.fr",
        "nom\ufe6bville.fr",
        "nom [arobase] ville [point] fr",
        "nom&#64;ville.fr",
    ],
)
def test_email_addresses_are_refused_everywhere(text):
    assert contains_email(text)
    data = {
        "themes": [{"slug": "t", "name": "T", "description": f"Écrire à {text}"}],
        "promotions": [{"slug": "p", "name": text[:100], "cadre": "ingenieur", "years": "2020-2021"}],
        "projects": [project(tutors=[{"name": "Tuteur", "function": f"DGS ({text})"}])],
    }
    assert {
        ("thématique n° 1", "description"),
        ("promotion n° 1", "name"),
        ("projet n° 1 (un-projet)", "tutors[1].function"),
    } <= fields(validate(data))


@pytest.mark.parametrize(
    "text", ["Réunion à 14 h (at home)", "Le taux passe à 40 %.", "Suivez @inet_officiel", "Ce qu'il a dit (at)."]
)
def test_ordinary_french_text_is_not_an_address(text):
    assert not contains_email(text)


@pytest.mark.parametrize("bad", [None, 1, 2.5, True, [], [1], {}, {"x": []}, "", "x" * 3000])
def test_any_value_of_any_field_is_reported_never_raised(bad):
    base = project(
        tutors=[{"name": "T"}], figures=[{"number": "1", "label": "l"}], testimonials=[{"quote": "q"}],
        references=[{"text": "r"}], context=["p"], themes=[], promotions=[],
    )  # fmt: skip
    documents = [{"themes": bad, "projects": []}, {"promotions": bad, "projects": []}, {"projects": [bad]}]
    for key in base:
        documents.append({"projects": [{**base, key: bad}]})
        for nested in ("collectivite", "team", "tutors", "figures", "testimonials", "references"):
            record = copy.deepcopy(base)
            target = record[nested] if nested == "collectivite" else record[nested][0]
            for name in list(target):
                documents.append({"projects": [{**record, nested: _replace(record[nested], name, bad)}]})
    documents.append(
        {"themes": [{"slug": bad, "name": bad}], "promotions": [{"slug": bad, "cadre": bad}], "projects": []}
    )
    for document in documents:
        assert isinstance(validate(document), list)


def _replace(value, name, bad):
    if isinstance(value, dict):
        return {**value, name: bad}
    return [{**value[0], name: bad}]


def test_admin_and_command_report_a_bomb_in_french(client, django_user_model, archive, tmp_path, capsys):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse"))
    response = client.post(
        reverse("projets_import"), {"file": SimpleUploadedFile("bombe.yaml", BILLION_LAUGHS.encode())}
    )
    assert response.status_code == 200
    assert "alias YAML" in response.content.decode()
    bad = tmp_path / "collision.json"
    Thematique.objects.create(slug="t", name="Déjà là")
    bad.write_text(json.dumps({"themes": [{"slug": "u", "name": "Déjà là"}], "projects": [project()]}))
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_projects", str(bad))
    assert "thématique n° 1 — name" in capsys.readouterr().err
