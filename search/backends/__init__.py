"""One adapter per search backend: the ids of a search, best first, read the cheapest way the backend allows.

The library's public path (``backend.search(...)[:limit]``) builds a model instance per match; the site only
needs the ids (up to 10 000 of them, for the counts per kind and the archive's facets). Each adapter is the only
module that uses the library's internals for its backend, and ``tests/search/test_backend_contracts.py``
compares its answers with the library's public search on a small corpus: an upgrade that changes those
internals fails there, not on the site. A backend without an adapter (MySQL...) goes through the public path.
"""


def adapters():
    # Imported at the first search, not with the models: modelsearch's backend modules read the app registry
    # when they are imported.
    from . import elasticsearch, postgres, sqlite

    return (sqlite, postgres, elasticsearch)


def ranked_ids(backend, results, limit):
    """The primary keys of ``results`` (a backend's search results), best first, at most ``limit``."""
    for adapter in adapters():
        if adapter.handles(backend):
            return adapter.ranked_ids(results, limit)
    return [obj.pk for obj in results[:limit]]
