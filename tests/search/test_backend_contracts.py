"""Each search adapter (``search/backends/``) answers what the library's own public search answers.

The adapters read the ids of a search through the library's internals; these tests compare them, on a small
corpus, with the public path (``backend.search(...)[:limit]``), so that a Wagtail or modelsearch upgrade that
changes those internals fails here. The SQLite adapter ranks on purpose differently (weighted bm25, no title
length factor, ``docs/search.md``): it must find the same pages, and put first a page the query is all about.
"""

import pytest
from django.db import connection
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from search import backends
from search.query import build_search, normalise_query
from search.views import searchable_pages
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

QUERIES = ["bibliothèque", "budget climat", "collectivités territoriales", "mobilité durable", "introuvablerien"]


@pytest.fixture
def corpus(home_page):
    pages = [
        ("Bibliothèque de Créteil", "La bibliothèque, ses bibliothèques de quartier et leurs bibliothécaires."),
        ("Un budget climat pour la métropole", "Évaluer le budget au regard du climat."),
        ("Rapport annuel", "Les collectivités territoriales et une bibliothèque."),
        ("Mobilité durable", "Les mobilités douces d'une collectivité."),
        ("Mentions légales", "Éditeur du site."),
    ]
    created = [
        StandardPageFactory(parent=home_page, title=title, summary=summary, slug=f"page-{position}")
        for position, (title, summary) in enumerate(pages)
    ]
    StandardPageFactory(parent=home_page, title="Bibliothèque en brouillon", slug="brouillon", live=False)
    return created


def public_ids(backend, query, limit=100):
    """The library's public path: model instances, then their ids."""
    return [page.pk for page in build_search(backend, searchable_pages(), normalise_query(query))[:limit]]


def adapter_ids(backend, query, limit=100):
    return backends.ranked_ids(backend, build_search(backend, searchable_pages(), normalise_query(query)), limit)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="l'adaptateur SQLite se vérifie sur SQLite")
@pytest.mark.parametrize("query", QUERIES)
def test_sqlite_adapter_finds_what_the_public_search_finds(corpus, query):
    backend = get_search_backend()
    assert backends.adapter_for(backend).__name__ == "search.backends.sqlite"
    assert set(adapter_ids(backend, query)) == set(public_ids(backend, query))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="l'adaptateur SQLite se vérifie sur SQLite")
def test_sqlite_adapter_puts_first_the_page_a_query_is_all_about(corpus):
    backend = get_search_backend()
    assert adapter_ids(backend, "bibliothèque")[0] == corpus[0].pk  # title and body full of the word
    assert adapter_ids(backend, "bibliothèque", limit=1) == [corpus[0].pk]
    # The library's own ranking puts the shortest title first (its title-length factor, docs/search.md).
    assert public_ids(backend, "bibliothèque")[0] == corpus[2].pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="l'adaptateur PostgreSQL se vérifie sur PostgreSQL")
@pytest.mark.parametrize("query", QUERIES)
def test_postgres_adapter_gives_the_public_search_in_its_order(corpus, query):
    backend = get_search_backend()
    assert backends.adapter_for(backend).__name__ == "search.backends.postgres"
    assert adapter_ids(backend, query) == public_ids(backend, query)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="l'index d'expression n'existe que sur PostgreSQL")
def test_postgres_search_can_use_the_index_of_the_searched_expression(corpus):
    """The migration indexes ``(title || body)``, the very expression modelsearch's filter searches: if the library
    changes that expression, the index no longer serves and a search reads the whole index table again."""
    from search.backends.postgres import SEARCHED_EXPRESSION_INDEX

    results = build_search(get_search_backend(), searchable_pages(), normalise_query("bibliothèque"))
    searched = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert searched in str(results.get_queryset().query)  # the library's filter, as the index was built for
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE {searched} to_tsquery('simple', 'bibliothequ')"  # noqa: S608
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert SEARCHED_EXPRESSION_INDEX in plan


ELASTICSEARCH = {
    "default": {
        "BACKEND": "wagtail.search.backends.elasticsearch9",
        "URLS": ["http://127.0.0.1:9"],  # never reached: the client's search is replaced below
        "INDEX_PREFIX": "site_inet_contract_",
        "OPTIONS": {"max_retries": 0},
    }
}


def test_elasticsearch_adapter_sends_the_public_request_and_reads_the_same_ids(corpus, monkeypatch):
    with override_settings(WAGTAILSEARCH_BACKENDS=ELASTICSEARCH):
        backend = get_search_backend()
    assert backends.adapter_for(backend).__name__ == "search.backends.elasticsearch"
    hits = [{"_score": 3.0 - position, "fields": {"pk": [str(page.pk)]}} for position, page in enumerate(corpus[:3])]
    requests = []

    def fake_search(**kwargs):
        requests.append(kwargs)
        return {"hits": {"hits": hits, "total": {"value": len(hits)}}}

    monkeypatch.setattr(backend.es, "search", fake_search)
    assert adapter_ids(backend, "bibliothèque", limit=50) == public_ids(backend, "bibliothèque", limit=50)
    ours, theirs = requests
    theirs.pop("from_", None)
    assert ours == theirs  # the same query, sort, index and fields; ids only, no _source
    assert ours["size"] == 50 and ours["_source"] is False
