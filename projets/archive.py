"""Full-text matching for the archive: the ids of matching projects, best first.

``search.query.search_queryset`` returns whole pages; the archive only needs ids (facets are
counted in the ORM over them), so this asks the same backend, with the same French
normalisation, for deferred objects carrying their primary key only.
"""

import logging

from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from search.french import normalise_query
from search.query import SearchUnavailable

logger = logging.getLogger("site_inet.search")


def matching_ids(queryset, raw_query):
    """Primary keys of ``queryset`` rows matching ``raw_query``, unordered (cheap: no scoring).

    Facet counts and totals need every match but no ranking; ranking is done by ``ranked_ids``
    on the filtered set, for the requested page only.
    """
    return _search(queryset, raw_query, ranked=False)


def ranked_ids(queryset, raw_query, start, stop):
    """Primary keys of the ``start:stop`` slice of matches, most relevant first."""
    return _search(queryset, raw_query, ranked=True, window=(start, stop))


def _search(queryset, raw_query, ranked, window=None):
    normalised = normalise_query(raw_query)
    if not normalised:
        return []
    try:
        results = get_search_backend().search(
            PlainText(normalised, operator="or"), queryset.only("pk"), order_by_relevance=ranked
        )
        if window is not None:
            results = results[window[0] : window[1]]
        return [obj.pk for obj in results]
    except Exception:  # the search server is down or refused the query: the view says so, never a 500
        logger.exception("Recherche indisponible pour la requête %r", normalised)
        raise SearchUnavailable from None
