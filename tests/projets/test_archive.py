import html
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.schooling import schooling_year
from projets import facets
from projets.archive_index import build_index
from projets.models import ProjectPage
from search.query import search_ids

pytestmark = pytest.mark.django_db
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def counts(index_page, **selections):
    index = build_index(ProjectPage.objects.live().descendant_of(index_page))
    return {
        facet.name: {option.value: option.count for option in options}
        for facet, options in facets.Selection(index, index.visible, selections).facet_options()
        if not facet.searchable  # shown in part (SEARCHABLE_LIMIT): tested in tests/projets/test_people.py
    }


def test_facet_counts_on_the_booklet(booklet):
    result = counts(booklet)
    assert result["theme"] == {"travailler-autrement": 9, "gerer-differemment": 4, "valoriser-le-territoire": 6}
    assert result["type"] == {"commune": 6, "departement": 6, "region": 1, "metropole": 4, "communaute": 1, "ept": 1}
    assert result["scolarite"] == {"2020-2021": 19}
    # Meurthe-et-Moselle's team has no administrateur.
    assert result["cadre"] == {"administrateur": 18, "ingenieur": 16, "conservateur": 10}
    assert result["promotion"] == {"abbe-pierre": 18, "rachel-carson": 16, "toni-morrison": 10}
    assert result["region"]["Île-de-France"] == 4


def test_facet_counts_follow_the_other_facets(booklet):
    result = counts(booklet, theme=["travailler-autrement"], type=["departement"])
    # Each facet is counted over the other facets' selections (disjunctive faceting).
    assert result["theme"] == {"travailler-autrement": 3, "gerer-differemment": 2, "valoriser-le-territoire": 1}
    assert result["type"] == {"commune": 4, "departement": 3, "region": 1, "metropole": 1}
    assert result["cadre"] == {"administrateur": 3, "ingenieur": 3, "conservateur": 2}


def brute_force_counts(projects, selections):
    """Facet counts recomputed naively, project by project, from the objects themselves."""
    values = {
        project.pk: {
            "theme": {theme.slug for theme in project.themes.all()},
            "scolarite": {project.schooling_year},
            "type": {project.collectivite.type},
            "region": {project.collectivite.region},
            "cadre": {author.cadre for author in project.authors.all()},
            "promotion": {promotion.slug for promotion in project.promotions.all()},
        }
        for project in projects
    }
    counts = {}
    for facet in facets.FACETS:
        if facet.searchable:
            continue
        others = {name: set(chosen) for name, chosen in selections.items() if chosen and name != facet.name}
        kept = [pk for pk, held in values.items() if all(held[name] & chosen for name, chosen in others.items())]
        counts[facet.name] = {}
        for pk in kept:
            for value in values[pk][facet.name]:
                counts[facet.name][value] = counts[facet.name].get(value, 0) + 1
        for value in selections.get(facet.name, []):
            counts[facet.name].setdefault(value, 0)
    return counts


@pytest.mark.parametrize(
    "selections",
    [
        {},
        {"cadre": ["conservateur"]},
        {"theme": ["travailler-autrement", "valoriser-le-territoire"], "cadre": ["ingenieur"]},
        {"type": ["commune", "departement"], "promotion": ["rachel-carson"], "scolarite": ["2020-2021"]},
        {"region": ["Île-de-France", "Bretagne"], "cadre": ["administrateur", "conservateur"], "type": ["ept"]},
    ],
)
def test_facet_counts_match_a_brute_force_count(booklet, selections):
    projects = ProjectPage.objects.live().descendant_of(booklet)
    assert counts(booklet, **selections) == brute_force_counts(projects, selections)


def test_facet_counts_follow_the_query_and_the_facets_together(client, booklet):
    selections = {"cadre": ["ingenieur"], "type": ["commune", "metropole"]}
    response = client.get("/projets/", {"q": "territoire", **selections})
    matched = ProjectPage.objects.filter(pk__in=search_ids(ProjectPage.objects.live(), "territoire"))
    assert 0 < response.context["paginator"].count < matched.count()
    shown = {
        facet.name: {o.value: o.count for o in options}
        for facet, options in response.context["facets"]
        if not facet.searchable
    }
    assert shown == brute_force_counts(matched, selections)


def test_several_values_of_one_facet_are_ored(client, booklet):
    response = client.get("/projets/?type=region&type=ept")
    assert response.status_code == 200
    assert response.context["paginator"].count == 2
    response = client.get("/projets/?type=metropole&cadre=conservateur&theme=valoriser-le-territoire")
    titles = {project.slug for project in response.context["results"]}
    assert titles == {"brest-destination-touristique"}


def test_counts_follow_the_query(client, booklet):
    response = client.get("/projets/?q=t%C3%A9l%C3%A9travail")
    found = {project.slug for project in response.context["results"]}
    assert "hauts-de-france-teletravail" in found
    theme_options = dict(response.context["facets"])[facets.FACETS_BY_NAME["theme"]]
    assert sum(option.count for option in theme_options) >= len(found)
    assert all(option.count <= len(found) for option in theme_options)


def test_the_archive_query_stays_in_the_archive_box_not_in_the_site_search_box(client, booklet):
    html = client.get("/projets/?q=t%C3%A9l%C3%A9travail").content.decode()
    assert re.search(r'<input id="archive-q"[^>]*value="télétravail"', html)
    assert re.search(r'<input id="header-search-input"[^>]*value=""', html)


@pytest.mark.parametrize("query", ["creteil", "CRÉTEIL", "Créteil", "créteil"])
def test_search_is_accent_and_case_insensitive(client, booklet, query):
    response = client.get("/projets/", {"q": query})
    slugs = [project.slug for project in response.context["results"]]
    assert slugs[0] == "creteil-relation-usager"


def test_people_are_searchable_and_matches_highlighted(client, booklet):
    response = client.get("/projets/", {"q": "Séguineau"})
    assert [p.slug for p in response.context["results"]] == ["creteil-relation-usager"]
    response = client.get("/projets/", {"q": "jeunesse"})
    assert "<mark>jeunesse</mark>" in response.content.decode()


def test_chips_remove_one_filter_each(client, booklet):
    response = client.get("/projets/?q=climat&theme=gerer-differemment&type=metropole")
    chips = response.context["chips"]
    labels = [chip["label"] for chip in chips]
    assert labels[0] == "Recherche : « climat »"
    assert "Type de collectivité : Métropole" in labels
    metropole = next(chip for chip in chips if chip["label"].endswith("Métropole"))
    assert "type=" not in metropole["url"] and "theme=gerer-differemment" in metropole["url"]


def test_empty_state_suggests_what_to_remove(client, booklet):
    response = client.get("/projets/?type=ept&theme=gerer-differemment")
    body = response.content.decode()
    assert response.context["paginator"].count == 0
    assert "Aucun projet ne correspond" in body
    assert "Retirer « Thématique : Gérer différemment »" in body


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=-3",
        "?page=99999",
        "?scolarite=deux-mille",
        "?type=village",
        "?tri=%00",
        "?theme=%27%22%3E%3Cscript%3E",
        "?q=" + "x" * 5000,
        "?q=%00%01",
        "?region=Atlantide&promotion=x",
    ],
)
def test_bad_parameters_give_a_french_message_and_200(client, booklet, query):
    response = client.get("/projets/" + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_bad_filter_is_reported_in_french(client, booklet):
    body = client.get("/projets/?type=village").content.decode()
    assert "existe pas ou plus : il a été ignoré" in body


def test_sorts_and_pagination_links(client, booklet):
    response = client.get("/projets/?tri=collectivite")
    names = [project.collectivite.name for project in response.context["results"]]
    assert names == sorted(names, key=str.lower) or names[0] == "Bordeaux Métropole"
    body = response.content.decode()
    assert 'rel="next"' in body and "tri=collectivite&amp;page=2" in body
    page2 = client.get("/projets/?tri=collectivite&page=2").content.decode()
    assert 'rel="prev"' in page2


def test_theme_pages(client, booklet):
    response = client.get("/projets/theme/valoriser-le-territoire/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Valoriser le territoire</h1>" in body
    assert "attractivité" in body
    assert response.context["paginator"].count == 6
    assert client.get("/projets/theme/inconnue/").status_code == 404


def _archive_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/projets/",
        "/projets/?q=synthetique+relation&tri=pertinence",
        "/projets/?type=commune&cadre=ingenieur&tri=collectivite",
        "/projets/?q=synthetique+climat&cadre=ingenieur&scolarite=2015-2016&scolarite=2016-2017",
    ],
)
def test_archive_queries_do_not_grow_with_results(client, archive, url, django_assert_max_num_queries):
    call_command("generate_demo_projects", "--count", "5", stdout=None)
    small = _archive_queries(client, url)
    call_command("generate_demo_projects", "--count", "50")
    assert ProjectPage.objects.count() == 50
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 35  # absolute ceiling (the index: 11 queries since issue 18); constancy is asserted above


def test_feed_lists_projects_and_is_announced(client, booklet):
    body = client.get("/projets/").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in body
    feed = client.get("/projets/flux/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert feed.content.decode().count("<entry>") == 19


def test_project_page_json_ld_open_graph_and_breadcrumbs(client, booklet):
    body = client.get("/projets/creteil-relation-usager/").content.decode()
    import json

    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "CreativeWork"
    assert data["name"].startswith("Simplification")
    assert {author["name"] for author in data["author"]} >= {"Sonia Derdiri", "Régis Desbonne"}
    assert '<meta property="og:title"' in body
    assert 'aria-label="Fil d\'Ariane"' in body
    assert "Projets proches" in body
    assert body.count("<h1") == 1


def test_no_email_address_is_ever_published(client, booklet):
    urls = ["/projets/", "/projets/flux/", "/api/v2/pages/?type=projets.ProjectPage&fields=*"]
    urls += [page.url for page in ProjectPage.objects.all()]
    for url in urls:
        body = client.get(url).content.decode()
        body = body.replace("stages.inet@cnfpt.fr", "")  # the site's own contact, in the footer
        assert not EMAIL.search(body), (url, EMAIL.search(body))
        assert "inet.org" not in body


def test_back_link_keeps_the_filters(client, booklet):
    body = client.get("/projets/creteil-relation-usager/?retour=q%3Dusager%26type%3Dcommune").content.decode()
    assert 'href="/projets/?q=usager&amp;type=commune"' in body
    body = client.get("/projets/creteil-relation-usager/?retour=https%3A%2F%2Fevil.example").content.decode()
    assert "evil.example" not in body


def test_home_page_features_latest_projects(client, booklet, django_assert_max_num_queries):
    projects = list(ProjectPage.objects.order_by("title"))
    for position, project in enumerate(projects):
        ProjectPage.objects.filter(pk=project.pk).update(schooling_year=schooling_year(2010 + position))
    newest, synthetic, unpublished, third, fourth = reversed(projects[-6:-1])
    ProjectPage.objects.filter(pk=projects[-1].pk).update(synthetic=True)  # the very newest, but synthetic
    ProjectPage.objects.filter(pk=synthetic.pk).update(synthetic=True)
    unpublished.unpublish()
    with django_assert_max_num_queries(16):
        body = client.get("/").content.decode()
    section = html.unescape(body[body.index("Derniers projets collectifs") :])
    titles = [newest.title, third.title, fourth.title]
    assert [title for title in titles if title in section] == titles
    assert section.index(newest.title) < section.index(third.title) < section.index(fourth.title)
    for hidden in (projects[-1], synthetic, unpublished):
        assert hidden.title not in section


def test_projects_of_a_private_section_stay_out_of_the_archive(client, booklet):
    from wagtail.models import PageViewRestriction

    private = ProjectPage.objects.get(slug="creteil-relation-usager")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/projets/", {"q": "Créteil"})
    assert "creteil-relation-usager" not in {project.slug for project in response.context["results"]}
    response = client.get("/projets/")
    assert response.context["paginator"].count == 18
    shown = {
        facet.name: {o.value: o.count for o in options}
        for facet, options in response.context["facets"]
        if not facet.searchable
    }
    assert sum(shown["scolarite"].values()) == 18


def test_project_addresses_keep_wagtail_routing_rules(client, booklet):
    ProjectPage.objects.filter(slug="creteil-relation-usager").update(slug="flux")
    assert client.get("/projets/flux/")["Content-Type"].startswith("application/atom+xml")  # the feed wins
    ProjectPage.objects.get(slug="brest-destination-touristique").unpublish()
    assert client.get("/projets/brest-destination-touristique/").status_code == 404
    assert client.get("/projets/inconnu/").status_code == 404
    assert client.get("/projets/hauts-de-france-teletravail/suite/").status_code == 404
    assert client.get("/projets/hauts-de-france-teletravail/").status_code == 200
