"""One entry point for full-text search, with the same French behaviour on every backend."""

import logging

from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from .french import normalise_query

logger = logging.getLogger("site_inet.search")


def search_queryset(queryset, raw_query, *, order_by_relevance=True):
    """Search ``queryset`` for a user's raw query; returns a list of objects, best first.

    Terms are OR-ed (as Elasticsearch does) and ranked by the backend. A query with nothing
    searchable, or a backend fault, gives an empty list: the caller shows its empty state.
    """
    normalised = normalise_query(raw_query)
    if not normalised:
        return []
    backend = get_search_backend()
    try:
        results = backend.search(
            PlainText(normalised, operator="or"),
            queryset,
            order_by_relevance=order_by_relevance,
        )
        return list(results)
    except Exception:  # the search server is down or refused the query: degrade, never 500
        logger.exception("Recherche indisponible pour la requête %r", normalised)
        raise SearchUnavailable from None


class SearchUnavailable(Exception):
    """The search backend could not answer; pages show a clear message instead of results."""
