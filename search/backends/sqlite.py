"""SQLite FTS5 (modelsearch's SQLite backend): one pass over the full-text index, ranked by weighted bm25.

modelsearch ranks with a correlated subquery that repeats the MATCH for every matched row (quadratic: 142 s for
8 500 matches among 10 000 pages) and multiplies the whole score by a title-length factor that lifts any short
title; ``docs/search.md`` reports both. Here one query reads the matched ids, best first, with bm25 weighted per
column (title 2, body 1, autocomplete 0). Visibility (the caller's queryset: live, public...) is a correlated
``EXISTS`` on the primary key, so the full-text match stays the outer loop: a query matching three pages looks
up three rows instead of listing every visible page.
"""

from django.db.models import BigIntegerField, Exists, F, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression
from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
from modelsearch.utils import get_descendants_content_types_pks

from ..idset import integer_key

# bm25 weights of the FTS table's columns, in its order: autocomplete, body, title.
BM25_WEIGHTS = (0.0, 1.0, 2.0)


def ranked_ids(results, limit):
    compiler = results.query_compiler
    queryset = compiler.queryset
    match = MatchExpression(compiler.FTS_TABLE_FIELDS, compiler.build_search_query(compiler.query))
    ids = list(ranked_queryset(queryset, match)[:limit])
    return ids if integer_key(queryset.model) else [queryset.model._meta.pk.to_python(pk) for pk in ids]


def ranked_queryset(queryset, match):
    """The ids of ``queryset``'s objects that ``match`` finds, best first (bm25 is lower for a better match)."""
    model = queryset.model
    table = SQLiteFTSIndexEntry._meta.db_table
    weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
    rank = RawSQL(f"bm25({table}, {weights})", [])  # noqa: S611  # nosec B611 - constants, no user input
    # ``object_id`` is text: an integer key is cast in SQL, so that the ids arrive as ints.
    object_pk = Cast("index_entry__object_id", BigIntegerField()) if integer_key(model) else F("index_entry__object_id")
    visible = queryset.order_by().filter(pk=OuterRef("object_pk")).values("pk")
    return (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(model))
        .annotate(object_pk=object_pk)
        .filter(Exists(visible))
        .annotate(score=rank)
        .order_by("score", "-index_entry__object_id")
        .values_list("object_pk", flat=True)
    )
