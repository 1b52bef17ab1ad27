"""The Elasticsearch path: chosen by ``ELASTICSEARCH_URL`` alone, French analysis in the index settings,
mapping and query generation checked without a server, degraded mode against loopback addresses
(nothing listening; a server that never answers), and live tests when a cluster is configured."""

import copy
import importlib
import json
import os
import socket
import threading
import time

import pytest
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from home.models import StandardPage
from search import query as search_query
from search.analysis import FRENCH_INDEX_SETTINGS
from search.query import build_search, normalise_query, search_ids
from search.views import searchable_pages
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

REFUSED_URL = "http://127.0.0.1:9"  # nothing listens on the discard port: immediate refusal


def elasticsearch_backends(url, timeout=2):
    return {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [url],
            "INDEX_PREFIX": "site_inet_test_",
            "TIMEOUT": timeout,
            "ATOMIC_REBUILD": True,
            "OPTIONS": {"max_retries": 0},
            "INDEX_SETTINGS": FRENCH_INDEX_SETTINGS,
        }
    }


def settings_with_env(monkeypatch, **env):
    """Evaluate the settings module as a fresh process with this environment would."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import site_inet.settings.base as base

    try:
        return copy.deepcopy(importlib.reload(base).WAGTAILSEARCH_BACKENDS)
    finally:
        for name in env:
            monkeypatch.delenv(name)
        importlib.reload(base)


def test_elasticsearch_url_alone_switches_the_backend(monkeypatch):
    monkeypatch.delenv("ELASTICSEARCH_URL", raising=False)
    default = settings_with_env(monkeypatch)
    assert default["default"]["BACKEND"] == "wagtail.search.backends.database"
    assert default["default"]["SEARCH_CONFIG"] == "simple"
    configured = settings_with_env(monkeypatch, ELASTICSEARCH_URL="http://127.0.0.1:9200")
    backend = configured["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch9"
    assert backend["URLS"] == ["http://127.0.0.1:9200"]
    assert backend["INDEX_SETTINGS"] == FRENCH_INDEX_SETTINGS
    assert backend["TIMEOUT"] < 3


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_backends(REFUSED_URL))
def test_index_settings_carry_the_french_analysis_chain():
    backend = get_search_backend()
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"]["filter"] == [
        "french_elision",
        "lowercase",
        "asciifolding",
        "french_light_stemmer",
    ]
    assert analysis["filter"]["french_light_stemmer"] == {"type": "stemmer", "language": "light_french"}
    assert "l" in analysis["filter"]["french_elision"]["articles"]
    # Wagtail's own analyzers (autocomplete) are kept beside ours.
    assert "edgengram_analyzer" in analysis["analyzer"]


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_backends(REFUSED_URL))
def test_mapping_indexes_the_stemmed_copies_with_the_title_boost(home_page):
    backend = get_search_backend()
    mapping = backend.mapping_class(StandardPage)
    properties = mapping.get_mapping()["properties"]
    assert properties["home_standardpage__search_title_stems"] == {
        "type": "text",
        "copy_to": ["_all_text", "_all_text_boost_4_0"],
    }
    assert properties["home_standardpage__search_body_stems"]["copy_to"] == "_all_text"
    assert "edgengram_analyzer" == properties["home_standardpage__search_title_folded_edgengrams"]["analyzer"]

    page = StandardPageFactory(parent=home_page, title="Collectivités territoriales", summary="Tutrice : Élise Dupré.")
    document = mapping.get_document(page)
    assert document["home_standardpage__search_title_stems"] == "collectivit territorial"
    assert "dupr" in document["home_standardpage__search_body_stems"].split()
    assert document["home_standardpage__search_title_folded_edgengrams"] == "collectivites territoriales"


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_backends(REFUSED_URL))
def test_query_generation_sends_the_normalised_terms_or_ed():
    backend = get_search_backend()
    normalised = normalise_query('Les "collectivités" AND (territoriales) -NEAR *')
    query = build_search(backend, searchable_pages(), normalised).query_compiler.get_query()
    multi_match = query["bool"]["must"]["multi_match"]
    assert multi_match["query"] == "collectivit territorial"
    assert "operator" not in multi_match  # Elasticsearch's default: or, as on the database backends
    assert "_all_text_boost_4_0^4.0" in multi_match["fields"]
    assert {"range": {"depth_filter": {"gt": 1}}} in query["bool"]["filter"][1]["bool"]["must"]


def test_ids_come_from_one_request_without_a_database_round_trip(home_page, monkeypatch, django_assert_num_queries):
    with override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_backends(REFUSED_URL)):
        backend = get_search_backend()
    sent = {}

    def fake_search(**kwargs):
        sent.update(kwargs)
        return {"hits": {"hits": [{"fields": {"pk": ["12"]}}, {"fields": {"pk": ["7"]}}]}}

    monkeypatch.setattr(backend.es, "search", fake_search)
    monkeypatch.setattr(search_query, "get_search_backend", lambda: backend)
    # Two queries: the view restrictions (``.public()``), then the (id, title) pairs of the title pass.
    with django_assert_num_queries(2):
        assert search_ids(searchable_pages(), "collectivités", limit=500) == [12, 7]
    assert sent["size"] == 500
    assert sent["_source"] is False
    assert sent["index"] == "site_inet_test_wagtailcore_page"
    assert json.dumps(sent["query"], ensure_ascii=False).count("collectivit") == 1


@override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_backends(REFUSED_URL))
def test_degraded_mode_when_nothing_listens(client, home_page, caplog):
    started = time.monotonic()
    response = client.get("/recherche/", {"q": "collectivités"})
    assert time.monotonic() - started < 3
    assert response.status_code == 200
    assert "La recherche est momentanément indisponible" in response.content.decode()
    assert "Recherche indisponible" in caplog.text
    suggestions = client.get("/recherche/suggestions/", {"q": "coll"})
    assert suggestions.status_code == 200
    assert suggestions.json() == {"query": "coll", "suggestions": [], "unavailable": True}


@pytest.fixture
def silent_server():
    """A loopback server that accepts connections and never answers (a hung search server)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_degraded_mode_when_the_server_hangs(client, home_page, silent_server, caplog):
    with override_settings(WAGTAILSEARCH_BACKENDS=elasticsearch_backends(silent_server, timeout=0.5)):
        started = time.monotonic()
        response = client.get("/recherche/", {"q": "collectivités"})
        elapsed = time.monotonic() - started
    assert 0.4 < elapsed < 3
    assert response.status_code == 200
    assert "La recherche est momentanément indisponible" in response.content.decode()
    assert "Recherche indisponible" in caplog.text


live = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL non défini : les tests contre un Elasticsearch réel sont ignorés.",
)


@live
def test_live_cluster_uses_the_french_analyzer(demo_site):
    backend = get_search_backend()
    index = backend.get_index_for_model(StandardPage).name

    def tokens(text):
        return [token["token"] for token in backend.es.indices.analyze(index=index, text=text)["tokens"]]

    assert tokens("L'État") == tokens("etat")
    assert tokens("Collectivités") == tokens("collectivite")
    assert tokens("L'État")[0].startswith("etat")


@live
def test_live_cluster_finds_french_words_and_names(demo_site):
    found = search_ids(searchable_pages(), "eleves")
    assert StandardPage.objects.get(slug="inet-et-ses-eleves").pk in found[:3]
    found = search_ids(searchable_pages(), "Nina Simone")
    assert found[0] == StandardPage.objects.get(slug="ena-inet-modules-de-formation-conjoints").pk
