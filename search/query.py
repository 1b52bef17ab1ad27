"""One entry point for full-text search, with the same French behaviour on every backend.

Every backend receives the same thing: the query normalised to Snowball stems (``normalise_query``), as a
``PlainText`` with an explicit ``or`` operator, matched against the stemmed copies that ``FrenchSearchMixin``
indexes. The backend decides which pages match and gives a first ranking (read by its adapter,
``search/backends/``); a final, backend-independent pass puts pages whose *title* holds more query terms first,
so SQLite (whose FTS5 ranking ignores field boosts), PostgreSQL and Elasticsearch agree.
"""

import logging
from functools import lru_cache

from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from core.text import WORD_RE, fold, terms

from .backends import ranked_ids
from .idset import id_set, integer_key

logger = logging.getLogger("site_inet.search")

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 12
# Enough for any human reader; facets are counted over all of these ids.
MAX_MATCHES = 10_000
# The title pass reorders the backend's best results; deeper pages keep the backend's order.
RERANK_HEAD = 200


class SearchUnavailable(Exception):
    """The search backend could not answer; pages show a clear message instead of results."""


def normalise_query(raw):
    """A user's query as stems joined by spaces: no operator, quote or symbol survives.

    Returns '' when nothing searchable is left (only symbols, stop words, control characters).
    """
    found = []
    for term in terms((raw or "")[: MAX_QUERY_LENGTH * 5]):
        if term not in found:
            found.append(term)
    return " ".join(found[:MAX_QUERY_TERMS])


def clean_query(raw):
    """The query as shown back to the user: printable, single-spaced, capped."""
    printable = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def build_search(backend, queryset, normalised):
    """The backend's search results object for a normalised query: terms OR-ed, explicitly."""
    return backend.search(PlainText(normalised, operator="or"), queryset.only("pk"), order_by_relevance=True)


def _backend_ids(queryset, normalised, limit):
    backend = get_search_backend()
    try:
        return ranked_ids(backend, build_search(backend, queryset, normalised), limit)
    except Exception as error:  # the search server is down, slow or refused the query: degrade, never 500
        logger.error("Recherche indisponible pour la requête %r : %s: %s", normalised, type(error).__name__, error)
        raise SearchUnavailable from None


@lru_cache(maxsize=10_000)
def title_terms(title):
    """A title's stems, kept per process: the title pass reads up to 200 titles per search, and folding
    and stemming them was 40 % of ``search_ids`` with 10 000 projects. A pure function of the text."""
    return frozenset(terms(title))


def search_ids(queryset, raw_query, *, limit=MAX_MATCHES):
    """Ids of the objects of ``queryset`` matching a user's raw query, best first.

    Cheap on large sets: no model instance is built beyond primary keys, and the title pass reads only
    ``(id, title)`` pairs. Raises ``SearchUnavailable`` when the backend fails.
    """
    normalised = normalise_query(raw_query)
    if not normalised:
        return []
    ids = _backend_ids(queryset, normalised, limit)
    if not ids or "title" not in {field.name for field in queryset.model._meta.get_fields()}:
        return ids
    query_terms = frozenset(normalised.split())  # distinct already
    head, tail = ids[:RERANK_HEAD], ids[RERANK_HEAD:]
    rows = queryset.model._default_manager.filter(
        pk__in=id_set(head, queryset.db) if integer_key(queryset.model) else head
    )
    titles = dict(rows.order_by().values_list("pk", "title"))  # up to 200 ids as one parameter
    hits = {pk: len(title_terms(title) & query_terms) for pk, title in titles.items()}
    # A stable sort: pages with as many title hits keep the backend's order.
    return sorted(head, key=lambda pk: -hits.get(pk, 0)) + tail


def objects_in_order(queryset, ids):
    """The objects with these ids, in the order of ``ids`` (one query, or one per type with ``.specific()``)."""
    found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def search_queryset(queryset, raw_query):
    """Search ``queryset`` for a user's raw query; returns a list of objects, best first.

    A query with nothing searchable gives an empty list; a backend fault raises ``SearchUnavailable``.
    """
    return objects_in_order(queryset, search_ids(queryset, raw_query))


def suggest(queryset, raw_query, *, limit=8):
    """Titles starting with what the visitor is typing (accent- and case-insensitive prefix match)."""
    typed = " ".join(WORD_RE.findall(fold((raw_query or "")[:MAX_QUERY_LENGTH]))[:MAX_QUERY_TERMS])
    if not typed:
        return []
    try:
        return list(get_search_backend().autocomplete(typed, queryset, operator="and")[:limit])
    except Exception as error:
        logger.error("Suggestions indisponibles pour %r : %s: %s", typed, type(error).__name__, error)
        raise SearchUnavailable from None


def analyze_after_bulk_write(*models):
    """After thousands of rows written at once (import, generator): PostgreSQL's statistics of those models' tables,
    Wagtail's page table and the search index, so the next queries plan with them. Nothing on other databases."""
    from django.apps import apps
    from django.db import connection
    from wagtail.models import Page

    from .backends.postgres import analyze

    index_table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    analyze(connection, [*dict.fromkeys(model._meta.db_table for model in (Page, *models)), index_table])
