"""A real booklet: projects that name no student and no tutor are imported, edited, found and faceted; only the
title, the schooling year, the collectivité and one theme are required (issue 18)."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from projets import facets
from projets.archive_index import build_index
from projets.importer import import_document, validate
from projets.models import ProjectPage, Thematique

pytestmark = pytest.mark.django_db


def booklet_without_team():
    return {
        "themes": [{"slug": "mobilites", "name": "Mobilités"}],
        "projects": [
            {
                "slug": "quimper-mobilites",
                "title": "Les mobilités douces à Quimper",
                "schooling_year": "2015-2016",
                "collectivite": {"name": "Ville de Quimper", "type": "commune", "region": "Bretagne"},
                "themes": ["mobilites"],
            },
            {
                "slug": "rennes-velo",
                "title": "Le vélo dans la métropole",
                "schooling_year": "2015-2016",
                "collectivite": {"name": "Rennes Métropole", "type": "metropole", "region": "Bretagne"},
                "themes": ["mobilites"],
                "tutors": [{"name": "Hélène Kervella"}],
            },
        ],
    }


@pytest.fixture
def no_team(archive):
    report = import_document(booklet_without_team(), archive)
    assert report.ok, report.errors
    return archive


def test_only_title_year_collectivite_and_one_theme_are_required():
    data = booklet_without_team()
    assert validate(data) == []
    del data["projects"][0]["themes"]
    data["projects"][1]["themes"] = []
    found = {(error.record, error.field, error.message) for error in validate(data)}
    assert found == {
        ("projet n° 1 (quimper-mobilites)", "themes", "au moins une thématique."),
        ("projet n° 2 (rennes-velo)", "themes", "au moins une thématique."),
    }


def test_the_page_says_the_team_was_not_given(client, no_team):
    body = client.get("/projets/quimper-mobilites/").content.decode()
    assert "Équipe non communiquée" in body
    assert "Tutorat au sein de la collectivité" not in body
    body = client.get("/projets/rennes-velo/").content.decode()
    assert "Équipe non communiquée" in body and "Hélène Kervella" in body


def test_search_and_facets_handle_projects_without_people(client, no_team):
    response = client.get("/projets/", {"q": "Quimper"})
    assert response.status_code == 200
    assert [project.slug for project in response.context["results"]] == ["quimper-mobilites"]
    response = client.get("/projets/", {"cadre": "administrateur"})
    assert response.status_code == 200 and list(response.context["results"]) == []
    assert client.get("/projets/", {"q": "Kervella"}).context["results"][0].slug == "rennes-velo"
    index = build_index(ProjectPage.objects.live().descendant_of(no_team))
    result = {
        facet.name: {option.value: option.count for option in options}
        for facet, options in facets.Selection(index, index.visible, {}).facet_options()
    }
    assert result["theme"] == {"mobilites": 2}
    assert result["cadre"] == {}
    assert client.get("/recherche/", {"q": "Quimper"}).status_code == 200


def _editor_data(page, themes):
    empty = {name: streamfield([]) for name in ("context", "problem", "keys", "figures", "testimonials")}
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": "",
            "collectivite": page.collectivite_id,
            "schooling_year": page.schooling_year,
            "authors": inline_formset([]),
            "tutors": inline_formset([]),
            **empty,
            "references": streamfield([]),
            "images": streamfield([]),
        }
    )
    data["themes"] = [str(pk) for pk in themes]  # a multiple choice, not a nested list
    return data


def test_the_page_editor_accepts_no_team_but_requires_a_theme(no_team):
    page = ProjectPage.objects.get(slug="quimper-mobilites")
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "motdepasse")
    form_class = ProjectPage.get_edit_handler().get_form_class()
    theme = Thematique.objects.get(slug="mobilites")
    form = form_class(_editor_data(page, [theme.pk]), instance=page, for_user=user, parent_page=no_team)
    assert form.is_valid(), form.errors
    form = form_class(_editor_data(page, []), instance=page, for_user=user, parent_page=no_team)
    assert not form.is_valid()
    assert form.errors["themes"] == ["Choisissez au moins une thématique."]
