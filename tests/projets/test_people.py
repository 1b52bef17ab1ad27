"""People in the archive (issue 18): the « Personnes » facet, its inner search, the name suggestions."""

import pytest

from projets import facets
from projets.archive_index import build_index
from projets.models import ProjectPage
from projets.suggestions import suggest_names

pytestmark = pytest.mark.django_db


def people_options(response):
    return dict(response.context["facets"])[facets.FACETS_BY_NAME["personne"]]


def test_the_people_facet_names_students_and_tutors_with_their_role(client, booklet):
    response = client.get("/projets/?personne=tuteur-fabien-seguineau")
    assert response.status_code == 200
    assert [project.slug for project in response.context["results"]] == ["creteil-relation-usager"]
    assert any(chip["label"] == "Personnes : Fabien Séguineau (tuteur/tutrice)" for chip in response.context["chips"])
    assert "Fabien Séguineau (tuteur/tutrice)" in {option.label for option in people_options(response)}
    labels = {option.label for option in people_options(client.get("/projets/?personne_q=sonia"))}
    assert labels == {"Sonia Derdiri (élève)"}


def test_the_people_facet_shows_the_first_values_and_searches_the_others(client, booklet):
    html = client.get("/projets/").content.decode()
    assert '<label for="f-personne_q" class="visually-hidden">Chercher dans « Personnes »</label>' in html
    options = people_options(client.get("/projets/"))
    assert len(options) == facets.SEARCHABLE_LIMIT
    found = people_options(client.get("/projets/?personne_q=SEGU"))
    assert [option.label for option in found] == ["Fabien Séguineau (tuteur/tutrice)"]
    kept = people_options(client.get("/projets/?personne_q=segu&personne=eleve-sonia-derdiri"))
    assert {option.value for option in kept} == {"tuteur-fabien-seguineau", "eleve-sonia-derdiri"}
    nothing = client.get("/projets/?personne_q=zzzz").content.decode()
    assert "Aucun nom ne commence ainsi." in nothing


def test_facet_counts_of_people_are_those_of_a_brute_force_count(booklet):
    projects = ProjectPage.objects.live().descendant_of(booklet)
    index = build_index(projects)
    pool = frozenset(list(index.visible)[:5])
    expected = {}
    for project in projects.filter(pk__in=pool):
        for author in project.authors.all():
            value = facets.person_value("eleve", author.name)
            expected[value] = expected.get(value, 0) + 1
        for tutor in project.tutors.all():
            value = facets.person_value("tuteur", tutor.name)
            expected[value] = expected.get(value, 0) + 1
    assert index.counts("personne", pool) == expected


@pytest.mark.parametrize("typed", ["segu", "Ségu", "SEGUI", "fabien seg"])
def test_name_suggestions_match_accent_insensitive_prefixes(booklet, typed):
    names = suggest_names(booklet, typed)
    assert [(name.label, name.kind) for name in names] == [("Fabien Séguineau", "Tuteur/tutrice")]


def test_name_suggestions_json(client, booklet):
    data = client.get("/projets/suggestions/?q=cr%C3%A9t").json()
    assert {"title": "Ville de Créteil", "url": "/projets/collectivites/ville-de-creteil/", "kind": "Collectivité"} in (
        data["suggestions"]
    )
    data = client.get("/projets/suggestions/?q=abb").json()
    assert data["suggestions"][0] == {
        "title": "Abbé Pierre",
        "url": "/projets/?promotion=abbe-pierre",
        "kind": "Promotion",
    }
    assert client.get("/projets/suggestions/?q=s").json()["suggestions"] == []
    assert "@" not in client.get("/projets/suggestions/?q=inet").content.decode()


def test_name_suggestions_read_no_table_once_the_archive_is_known(client, booklet, django_assert_max_num_queries):
    client.get("/projets/suggestions/?q=segu")  # the archive's index and names are built once
    with django_assert_max_num_queries(4):  # Wagtail serving the archive page: routing and its restrictions
        assert client.get("/projets/suggestions/?q=sonia").json()["suggestions"]
