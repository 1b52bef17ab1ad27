"""``/recherche/`` and ``/recherche/suggestions/``: kinds with counts, pagination, recommended results,
popular searches, form errors in French, degraded mode; lists stay O(1) in queries."""

import json
import re

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from offres.models import StageIndexPage, StagePage
from search import query as search_query
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

TITLES = re.compile(r'class="search-result__title"><a href="[^"]+">([^<]+)</a>')


@pytest.fixture
def site(home_page):
    index = home_page.add_child(
        instance=StageIndexPage(
            title="Accueillir un élève", slug="accueillir-un-eleve", summary="Les stages en collectivité."
        )
    )
    stages = [
        index.add_child(
            instance=StagePage(
                title=title, slug=slug, stage_type=stage_type, summary="Un stage en collectivité territoriale."
            )
        )
        for title, slug, stage_type in [
            ("Stage d'observation", "stage-observation", "observation"),
            ("Stage thématique", "stage-thematique", "thematique"),
        ]
    ]
    pages = [
        StandardPageFactory(
            parent=home_page, title=f"Actualité {n}", slug=f"actualite-{n}", summary="Une collectivité accueille."
        )
        for n in range(13)
    ]
    return {"index": index, "stages": stages, "pages": pages}


def facets(response):
    return dict(re.findall(r"(Stages|Projets|Pages|Tous les contenus) <span[^>]*>\((\d+)\)", response.content.decode()))


def test_results_are_counted_by_kind_over_every_match_and_paginated(client, site):
    response = client.get("/recherche/", {"q": "collectivités"})
    assert response.status_code == 200
    assert facets(response) == {"Tous les contenus": "16", "Stages": "3", "Pages": "13"}
    assert "16 résultats pour « collectivités »" in response.content.decode()
    assert len(TITLES.findall(response.content.decode())) == 10
    second = client.get("/recherche/", {"q": "collectivités", "page": 2})
    assert len(TITLES.findall(second.content.decode())) == 6
    assert set(TITLES.findall(response.content.decode())).isdisjoint(TITLES.findall(second.content.decode()))


def test_filtering_by_kind_keeps_the_counts_of_every_kind(client, site):
    response = client.get("/recherche/", {"q": "collectivité", "type": "stages"})
    html = response.content.decode()
    assert facets(response) == {"Tous les contenus": "16", "Stages": "3", "Pages": "13"}
    assert sorted(TITLES.findall(html)) == ["Accueillir un élève", "Stage d&#x27;observation", "Stage thématique"]
    assert 'type=stages" aria-current="true"' in html


def test_the_excerpt_highlights_the_matched_words(client, site):
    html = client.get("/recherche/", {"q": "collectivite"}).content.decode()
    assert "<mark>collectivité</mark>" in html


def test_the_results_page_stays_constant_in_queries(client, site, home_page, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/recherche/", {"q": "collectivité"})  # warm the content type and site caches
    with CaptureQueriesContext(connection) as with_16:
        client.get("/recherche/", {"q": "collectivité"})
    with_16 = len(with_16)  # counted now: the next request outside a capture resets Django's query log
    for n in range(13, 40):
        StandardPageFactory(parent=home_page, title=f"Actualité {n}", summary="Une collectivité accueille.")
    client.get("/recherche/", {"q": "collectivité"})  # the shared data (page types, menu...) read again
    with django_assert_max_num_queries(with_16) as with_43:
        response = client.get("/recherche/", {"q": "collectivité"})
    assert facets(response)["Pages"] == "40"
    assert len(with_43) == with_16 <= 17  # of which 7 write the hit (here at once; batched in production)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "stage", "type": "inconnu"}, "Ce type de contenu n&#x27;existe pas"),
        ({"q": "stage", "page": "abc"}, "Le numéro de page doit être un nombre"),
        ({"q": "stage", "page": "0"}, "Le numéro de page doit être au moins 1"),
    ],
)
def test_bad_parameters_give_a_french_message_and_a_200(client, site, params, message):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert len(TITLES.findall(response.content.decode())) == 3


def test_the_header_search_box_repeats_the_query_on_the_results_page(client, site):
    html = client.get("/recherche/", {"q": "collectivité"}).content.decode()
    assert re.search(r'<input id="header-search-input"[^>]*value="collectivité"', html)


def test_a_page_past_the_end_shows_the_last_page(client, site):
    response = client.get("/recherche/", {"q": "collectivité", "page": 99})
    assert response.status_code == 200
    assert "Page 2 sur 2" in response.content.decode()


def test_recommended_results_show_first_for_a_query_with_the_same_meaning(client, site):
    promoted = Query.objects.create(query_string="stages")
    SearchPromotion.objects.create(query=promoted, page=site["pages"][5], description="À lire d'abord.")
    html = client.get("/recherche/", {"q": "Stage"}).content.decode()
    assert "Résultats recommandés" in html
    assert html.index("Actualité 5") < html.index("search-results")
    assert "À lire d&#x27;abord." in html
    assert "Résultats recommandés" not in client.get("/recherche/", {"q": "collectivité"}).content.decode()


def test_searches_that_find_something_become_popular_searches(client, site):
    from search import hits

    hits.forget_visitors()
    for visitor in range(1, 5):
        client.get("/recherche/", {"q": "Stage"}, REMOTE_ADDR=f"192.0.2.{visitor}")
    for visitor in range(1, 4):
        client.get("/recherche/", {"q": "collectivité"}, REMOTE_ADDR=f"192.0.2.{visitor}")
        client.get("/recherche/", {"q": "zygomorphe"}, REMOTE_ADDR=f"192.0.2.{visitor}")  # nothing found
    html = client.get("/recherche/").content.decode()
    popular = re.findall(r'<li><a href="\?q=[^"]+">([^<]+)</a></li>', html)
    assert popular == ["stage", "collectivité"]
    assert "Recherches fréquentes" in html
    assert not Query.objects.filter(query_string="zygomorphe").exists()


def test_an_empty_search_has_one_h1_and_no_results_list(client, site):
    html = client.get("/recherche/").content.decode()
    assert html.count("<h1") == 1
    assert "search-results" not in html
    assert 'name="robots" content="noindex"' in html


def test_degraded_mode_answers_200_with_a_clear_message(client, site, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise TimeoutError("délai dépassé")

    monkeypatch.setattr(search_query, "build_search", broken)
    response = client.get("/recherche/", {"q": "collectivité"})
    assert response.status_code == 200
    assert "La recherche est momentanément indisponible" in response.content.decode()
    assert "Recherche indisponible" in caplog.text


def test_suggestions_return_titles_urls_and_kinds(client, site):
    response = client.get("/recherche/suggestions/", {"q": "stage obs"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["suggestions"] == [
        {"title": "Stage d'observation", "url": "/accueillir-un-eleve/stage-observation/", "kind": "Stages"}
    ]


@pytest.mark.parametrize("q", ["", "*", '"AND" OR (', "\x00", "😀", "x" * 10_000])
def test_suggestions_answer_any_query(client, site, q):
    response = client.get("/recherche/suggestions/", {"q": q})
    assert response.status_code == 200
    assert json.loads(response.content)["suggestions"] == []


def test_kinds_of_a_large_id_set_in_one_query(site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    from search.facets import kind_content_type_ids, kind_of_ids

    pages = dict(Page.objects.filter(depth__gt=1).values_list("pk", "slug"))
    unknown = range(10**6, 10**6 + 40_000)  # past SQLite's 32 766 bound parameters if sent one by one
    kind_content_type_ids()  # content types are cached once per process
    with CaptureQueriesContext(connection) as queries:
        kinds = kind_of_ids([*unknown, *pages])
    assert len(queries) == 1
    assert set(kinds) == set(pages)
    by_slug = {pages[pk]: kind for pk, kind in kinds.items()}
    assert by_slug["stage-observation"] == "stages"
    assert "pages" in by_slug.values()


def test_page_kinds_are_read_once_per_generation(site, home_page, page_cache_on, django_assert_num_queries):
    from search.facets import kind_content_type_ids, kind_of_ids

    kind_content_type_ids()
    first = kind_of_ids([home_page.pk])
    with django_assert_num_queries(0):
        assert kind_of_ids([home_page.pk]) == first == {home_page.pk: "pages"}
    page = StandardPageFactory(parent=home_page, title="Nouvelle page", slug="nouvelle-page")
    page.save_revision().publish()  # purges the page cache: the new page's type is known at once
    assert kind_of_ids([page.pk]) == {page.pk: "pages"}


def test_suggestions_stay_constant_in_queries(client, site, home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/recherche/suggestions/", {"q": "actu"})
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/recherche/suggestions/", {"q": "actu"}).json()["suggestions"]) == 8
    few = len(few)  # counted now: the next request outside a capture resets Django's query log
    for n in range(13, 30):
        StandardPageFactory(parent=home_page, title=f"Actualité {n}", slug=f"actualite-{n}")
    client.get("/recherche/suggestions/", {"q": "actu"})  # the shared data read again after the new pages
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/recherche/suggestions/", {"q": "actu"}).json()["suggestions"]) == 8
    assert len(many) == few <= 8


def test_a_new_recommended_result_shows_at_once_on_a_cached_search(client, site, page_cache_on):
    assert "Résultats recommandés" not in client.get("/recherche/", {"q": "stage"}).content.decode()
    promoted = Query.objects.create(query_string="stages")
    pick = SearchPromotion.objects.create(query=promoted, page=site["pages"][5], description="À lire d'abord.")
    assert "Résultats recommandés" in client.get("/recherche/", {"q": "stage"}).content.decode()
    pick.delete()
    assert "Résultats recommandés" not in client.get("/recherche/", {"q": "stage"}).content.decode()


def test_a_page_made_private_leaves_the_results_at_once(
    client, site, page_cache_on, hits_batched, django_assert_max_num_queries
):
    from wagtail.models import PageViewRestriction

    def titles():
        return TITLES.findall(client.get("/recherche/", {"q": "thématique", "x": titles.calls}).content.decode())

    titles.calls = 0
    assert titles() == ["Stage thématique"]
    titles.calls = 1  # a new address: rendered, with the private sections read from memory
    with django_assert_max_num_queries(3):  # matches, titles, the results shown
        assert titles() == ["Stage thématique"]
    PageViewRestriction.objects.create(page=site["index"], restriction_type=PageViewRestriction.LOGIN)
    assert titles() == []
