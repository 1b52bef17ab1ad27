"""Collectivités as entities (issue 18): their pages, the list, links from projects and cards, sitemap, API."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projets.models import Collectivite, CollectiviteType, ProjectPage
from projets.models.taxonomy import unique_slug

pytestmark = pytest.mark.django_db


def test_a_collectivite_gets_a_unique_slug_from_its_name():
    first = Collectivite.objects.create(name="Ville de Créteil", type=CollectiviteType.COMMUNE, region="Île-de-France")
    assert first.slug == "ville-de-creteil"
    assert unique_slug(Collectivite, "Ville de CRÉTEIL") == "ville-de-creteil-2"
    kept = Collectivite.objects.create(name="Autre", slug="choisi", type="commune", region="Bretagne")
    assert kept.slug == "choisi"


def test_the_collectivite_page_lists_its_projects_by_year(client, booklet):
    response = client.get("/projets/collectivites/ville-de-creteil/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h1>Ville de Créteil</h1>" in html
    assert "Commune" in html and "Île-de-France" in html and "Val-de-Marne" in html
    assert "1 projet collectif" in html
    assert "Scolarité 2020-2021" in html
    assert "Simplification, réactivité et proximité" in html
    assert '<link rel="canonical" href="http://localhost/projets/collectivites/ville-de-creteil/">' in html
    assert (
        'aria-label="Fil d\'Ariane"' in html
        and 'aria-current="page" href="/projets/collectivites/ville-de-creteil/"' in html
    )
    content = html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]
    assert "@" not in content  # no e-mail address (the footer's contact aside)


def test_unknown_or_unpublished_collectivites_are_not_found(client, booklet):
    assert client.get("/projets/collectivites/nulle-part/").status_code == 404
    Collectivite.objects.create(name="Sans projet", type="commune", region="Bretagne")
    assert client.get("/projets/collectivites/sans-projet/").status_code == 404


def test_the_list_of_collectivites_groups_them_by_region(client, booklet):
    html = client.get("/projets/collectivites/").content.decode()
    assert html.count("<h1") == 1
    assert '<h2 id="region-1">' in html
    assert 'href="/projets/collectivites/ville-de-creteil/">Ville de Créteil</a>' in html
    assert "19 collectivités" in html or "collectivités ont accueilli" in html


def test_projects_and_cards_link_to_their_collectivite(client, booklet):
    html = client.get("/projets/creteil-relation-usager/").content.decode()
    assert html.count('href="/projets/collectivites/ville-de-creteil/"') == 2  # header and aside
    archive = client.get("/projets/?collectivite=ville-de-creteil").content.decode()
    assert 'class="card__secondary-link" href="/projets/collectivites/ville-de-creteil/"' in archive
    assert 'href="/projets/collectivites/">Toutes les collectivités</a>' in archive


def test_the_collectivite_filter_of_the_archive(client, booklet):
    response = client.get("/projets/?collectivite=ville-de-creteil")
    assert response.context["paginator"].count == 1
    assert any("Collectivité : Ville de Créteil" in chip["label"] for chip in response.context["chips"])
    response = client.get("/projets/?collectivite=Pas+un+slug")
    assert response.status_code == 200
    assert response.context["form_errors"]


def test_the_sitemap_lists_the_collectivite_pages(client, booklet):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/projets/collectivites/</loc>" in xml
    assert "http://localhost/projets/collectivites/ville-de-creteil/</loc>" in xml


def test_the_api_lists_the_collectivites(client, booklet):
    data = client.get("/api/v2/collectivites/?fields=departement").json()
    assert data["meta"]["total_count"] == Collectivite.objects.count()
    creteil = next(item for item in data["items"] if item["slug"] == "ville-de-creteil")
    assert creteil["html_url"] == "http://localhost/projets/collectivites/ville-de-creteil/"
    assert creteil["departement"] == "Val-de-Marne"
    detail = client.get(f"/api/v2/collectivites/{creteil['id']}/").json()
    assert detail["name"] == "Ville de Créteil"


def test_the_collectivite_page_queries_do_not_grow_with_its_projects(client, archive):
    call_command("generate_demo_projects", "--count", "60")
    collectivite = Collectivite.objects.filter(projects__isnull=False).first()
    url = f"/projets/collectivites/{collectivite.slug}/"
    client.get(url)  # the archive's index is built once
    with CaptureQueriesContext(connection) as small:
        assert client.get(url + "?a=1").status_code == 200
    call_command("generate_demo_projects", "--count", "120")
    assert ProjectPage.objects.filter(collectivite=collectivite).count() > 1
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url + "?a=2").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    with CaptureQueriesContext(connection) as listing:
        assert client.get("/projets/collectivites/?a=3").status_code == 200
    assert len(listing.captured_queries) <= len(small.captured_queries)


def test_the_site_search_finds_collectivites_as_their_own_kind(client, booklet):
    response = client.get("/recherche/?q=cr%C3%A9teil")
    kinds = {facet.value: facet.count for facet in response.context["facets"]}
    assert kinds["collectivites"] == 1
    html = response.content.decode()
    assert 'href="/projets/collectivites/ville-de-creteil/">Ville de Créteil</a>' in html
    response = client.get("/recherche/?q=creteil&type=collectivites")
    assert [r["title"] for r in response.context["results"]] == ["Ville de Créteil"]
    assert client.get("/recherche/?q=ville").context["facets"] == [
        facet for facet in client.get("/recherche/?q=ville").context["facets"] if facet.value != "collectivites"
    ]
