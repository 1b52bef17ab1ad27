"""« Projets collectifs déjà menés sur des sujets proches »: the JSON route, its bounds, the link without JavaScript."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.projets.conftest import archive, booklet, demo_data  # noqa: F401 -- the archive's fixtures

from .proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def stage_page(home_page, request):
    request.getfixturevalue("booklet")  # the booklet's 19 projects, imported in the archive
    return add_stage_page(home_page)


def precedents(page, **params):
    return Client().get(page.url + "precedents/", params)


def test_the_typed_title_finds_past_projects(stage_page):
    response = precedents(stage_page, q="télétravail et organisation du travail")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert 1 <= data["count"] <= 3 and len(data["results"]) == data["count"]
    first = data["results"][0]
    assert "Télétravail" in first["title"] and first["year"] == "2020-2021"
    assert first["collectivite"] == "Région Hauts-de-France" and first["url"].startswith("/projets/")
    assert data["announcement"] in {"1 projet proche", "2 projets proches", "3 projets proches"}
    assert "private" in response["Cache-Control"]


def test_the_same_collectivite_comes_first(stage_page):
    data = precedents(stage_page, q="", collectivite="ville de créteil").json()
    assert data["results"][0]["collectivite"] == "Ville de Créteil"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "'; DROP TABLE projets; --"},
        {"q": "<script>alert(1)</script>"},
        {"q": "\x00\x01 zzzqqq"},
        {"q": "x" * 50_000},
        {"q": "le la les de"},
        {"q": ["a", "b"], "collectivite": "%" * 500},
    ],
)
def test_bad_input_answers_an_empty_list(stage_page, params):
    response = precedents(stage_page, **params)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(data["results"]) <= 3
    assert "<script>" not in response.content.decode()


def test_query_count_is_bounded(stage_page):
    precedents(stage_page, q="tourisme")  # warm the content types and site caches
    with CaptureQueriesContext(connection) as few:
        precedents(stage_page, q="tourisme")
    with CaptureQueriesContext(connection) as many:
        precedents(stage_page, q="tourisme commerce numérique alimentation mobilité emploi télétravail climat")
    assert len(many.captured_queries) <= len(few.captured_queries) + 2 and len(many.captured_queries) <= 20


def test_the_route_is_rate_limited_per_address(stage_page, settings):
    settings.PROPOSAL_PRECEDENTS_RATE_LIMIT = "2/h"
    assert precedents(stage_page, q="tourisme").status_code == 200
    assert precedents(stage_page, q="tourisme").status_code == 200
    limited = precedents(stage_page, q="tourisme")
    assert limited.status_code == 429 and limited.json()["results"] == []


def test_without_javascript_the_archive_link_carries_the_typed_words(stage_page):
    html = Client().get(stage_page.url).content.decode()
    assert "Projets collectifs déjà menés sur des sujets proches" in html
    assert 'href="/projets/" data-precedents-archive' in html and 'aria-live="polite"' in html
    refused = Client().post(stage_page.url, projet_collectif_data(intitule="Télétravail et organisation", siret="1"))
    html = refused.content.decode()
    assert 'href="/projets/?q=T%C3%A9l%C3%A9travail+et+organisation" data-precedents-archive' in html
    assert "pistes d&#x27;action pour une nouvelle organisation du travail</a>" in html
