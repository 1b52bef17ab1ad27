"""One entry point for full-text search, with the same French behaviour on every backend.

Every backend receives the same thing: the query normalised to Snowball stems (``normalise_query``),
as a ``PlainText`` with an explicit ``or`` operator, matched against the stemmed copies that
``FrenchSearchMixin`` indexes. The backend decides which pages match and gives a first ranking;
a final, backend-independent pass puts pages whose *title* holds more query terms first, so
SQLite (whose FTS5 ranking ignores field boosts), PostgreSQL and Elasticsearch agree.
"""

import logging
from functools import lru_cache

from django.db import connections
from django.db.models import BigIntegerField, Exists, F, IntegerField, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from .french import MAX_QUERY_TERMS, WORD_RE, fold, normalise_query, terms
from .idset import id_set

logger = logging.getLogger("site_inet.search")

# Enough for any human reader; facets are counted over all of these ids.
MAX_MATCHES = 10_000
# The title pass reorders the backend's best results; deeper pages keep the backend's order.
RERANK_HEAD = 200


class SearchUnavailable(Exception):
    """The search backend could not answer; pages show a clear message instead of results."""


def build_search(backend, queryset, normalised):
    """The backend's search results object for a normalised query: terms OR-ed, explicitly."""
    return backend.search(PlainText(normalised, operator="or"), queryset.only("pk"), order_by_relevance=True)


def _elasticsearch_ids(results, limit):
    """One request for up to ``limit`` primary keys, best first (no scroll, no database round trip)."""
    model = results.query_compiler.queryset.model
    response = results._backend_do_search(
        results._get_es_body(),
        index=results.backend.get_index_for_model(model).name,
        _source=False,
        size=limit,
        **{results.fields_param_name: "pk"},
    )
    to_python = model._meta.pk.to_python
    return [to_python(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]]


def _sqlite_ids(results, limit):
    """SQLite FTS5: one pass over the full-text index, ranked by bm25, visibility checked in the same query.

    modelsearch ranks with a correlated subquery that repeats the MATCH for every matching row
    (quadratic: minutes for 10 000 pages); this reads the same bm25 expression in a single pass.
    Visibility (``queryset``: live, public, in the tree...) is a correlated ``EXISTS`` on the primary
    key, checked for each matched entry: the full-text match stays the outer loop, and a query that
    matches three pages looks up three rows instead of listing every visible page (5 ms with 10 000
    projects). A separate ``pk IN (match)`` query lets SQLite's planner drive from the index entries
    of a single content type and repeat the MATCH for each of them (0.5 s for 10 000 projects).

    The statement differs from one search to the next by the MATCH text only: it is compiled once per
    visibility condition and limit (``_sqlite_statement``), and the ids are read from the cursor.
    """
    from modelsearch.backends.database.sqlite.query import MatchExpression

    compiler = results.query_compiler
    model = compiler.queryset.model
    using = compiler.queryset.db
    match = MatchExpression(compiler.FTS_TABLE_FIELDS, compiler.build_search_query(compiler.query))
    match_text = _compiled_params(match, using)[0]
    visible = compiler.queryset.order_by().values("pk").query.get_compiler(using).as_sql()
    sql, params, match_position = _sqlite_statement(model, compiler.queryset, match, match_text, visible, limit)
    params = [*params[:match_position], match_text, *params[match_position + 1 :]]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    if integer_key(model):
        return ids
    to_python = model._meta.pk.to_python
    return [to_python(pk) for pk in ids]


def _compiled_params(expression, using):
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    compiler = SQLiteFTSIndexEntry.objects.none().query.get_compiler(using)
    return expression.as_sql(compiler, connections[using])[1]


_statements = {}  # (model, its content types, visibility SQL and params, limit, database) -> (sql, params, match position)
MAX_STATEMENTS = 64


def _sqlite_statement(model, queryset, match, match_text, visible, limit):
    """The ranked query's SQL and parameters, and where the MATCH text sits among them."""
    from modelsearch.utils import get_descendants_content_types_pks

    content_types = tuple(get_descendants_content_types_pks(model))
    key = (model, content_types, visible[0], tuple(visible[1]), limit, queryset.db)
    statement = _statements.get(key)
    if statement is None:
        ranked = _ranked_queryset(model, content_types, queryset, match)[:limit]
        sql, params = ranked.query.get_compiler(queryset.db).as_sql()
        statement = (sql, tuple(params), list(params).index(match_text))
        if len(_statements) >= MAX_STATEMENTS:
            _statements.clear()
        _statements[key] = statement
    return statement


def _ranked_queryset(model, content_types, queryset, match):
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    # bm25 with per-column weights (autocomplete, body, title), and without modelsearch's ``title_norm``
    # factor, which multiplies the whole score and so lifts any page with a short title ("Accueil").
    table = SQLiteFTSIndexEntry._meta.db_table
    rank = RawSQL(f"bm25({table}, 0.0, 1.0, 2.0)", [])  # noqa: S611  # nosec B611 - a constant, no user input
    # ``object_id`` is text: an integer key is cast in SQL, so that the ids arrive as ints, not one
    # Python conversion per match.
    integer_pk = integer_key(model)
    object_pk = Cast("index_entry__object_id", BigIntegerField()) if integer_pk else F("index_entry__object_id")
    visible = queryset.order_by().filter(pk=OuterRef("object_pk")).values("pk")
    return (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=content_types)
        .annotate(object_pk=object_pk)
        .filter(Exists(visible))
        .annotate(score=rank)
        .order_by("score", "-index_entry__object_id")
        .values_list("object_pk", flat=True)
    )


def integer_key(model):
    """Does the model's key hold integers (through ``page_ptr`` and the like)?"""
    field = model._meta.pk
    while field.is_relation:
        field = field.target_field
    return isinstance(field, IntegerField)


def _backend_ids(queryset, normalised, limit):
    backend = get_search_backend()
    try:
        results = build_search(backend, queryset, normalised)
        if hasattr(results, "_get_es_body"):
            return _elasticsearch_ids(results, limit)
        if type(backend).__name__ == "SQLiteSearchBackend":
            return _sqlite_ids(results, limit)
        sliced = results[:limit]
        if hasattr(sliced, "get_queryset"):  # PostgreSQL, MySQL: primary keys only, no model instances
            return list(sliced.get_queryset().values_list("pk", flat=True))
        return [obj.pk for obj in sliced]
    except Exception as error:  # the search server is down, slow or refused the query: degrade, never 500
        logger.error("Recherche indisponible pour la requête %r : %s: %s", normalised, type(error).__name__, error)
        raise SearchUnavailable from None


@lru_cache(maxsize=10_000)
def title_terms(title):
    """A title's stems, kept per process: the title pass reads up to 200 titles per search, and folding
    and stemming them was 40 % of ``search_ids`` with 10 000 projects. A pure function of the text."""
    return frozenset(terms(title))


def title_hits(title, query_terms):
    """How many of the query's stems (a set) appear in a title (the backend-independent title weight)."""
    return len(title_terms(title) & query_terms)


def search_ids(queryset, raw_query, *, limit=MAX_MATCHES):
    """Ids of the objects of ``queryset`` matching a user's raw query, best first.

    Cheap on large sets: no model instance is built beyond primary keys, and the title pass reads
    only ``(id, title)`` pairs. Raises ``SearchUnavailable`` when the backend fails.
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
    hits = {pk: title_hits(title, query_terms) for pk, title in titles.items()}
    # A stable sort: pages with as many title hits keep the backend's order.
    return sorted(head, key=lambda pk: -hits.get(pk, 0)) + tail


def objects_in_order(queryset, ids):
    """The objects with these ids, in the order of ``ids`` (one query, or one per type with ``.specific()``)."""
    found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def search_queryset(queryset, raw_query, *, order_by_relevance=True):
    """Search ``queryset`` for a user's raw query; returns a list of objects, best first.

    A query with nothing searchable gives an empty list; a backend fault raises ``SearchUnavailable``.
    """
    ids = search_ids(queryset, raw_query)
    objects = objects_in_order(queryset, ids)
    if not order_by_relevance:
        objects.sort(key=lambda obj: obj.pk)
    return objects


def suggest(queryset, raw_query, *, limit=8):
    """Titles starting with what the visitor is typing (accent- and case-insensitive prefix match)."""
    typed = " ".join(terms_for_prefix(raw_query))
    if not typed:
        return []
    backend = get_search_backend()
    try:
        results = backend.autocomplete(typed, queryset, operator="and")
        return list(results[:limit])
    except Exception as error:
        logger.error("Suggestions indisponibles pour %r : %s: %s", typed, type(error).__name__, error)
        raise SearchUnavailable from None


def terms_for_prefix(raw_query):
    """Folded words of a partial query, the last one possibly incomplete (no stemming: it is a prefix)."""
    return WORD_RE.findall(fold((raw_query or "")[:200]))[:MAX_QUERY_TERMS]
