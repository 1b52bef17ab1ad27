"""One adapter per search backend: the ids of a search, best first, read the cheapest way the backend allows.

The library's public path (``backend.search(...)[:limit]``) builds a model instance per match; the site only
needs the ids (up to 10 000 of them, for the counts per kind and the archive's facets). Each adapter is the only
module that uses the library's internals for its backend, and ``tests/search/test_backend_contracts.py``
compares its answers with the library's public search on a small corpus: an upgrade that changes those
internals fails there, not on the site. A backend without an adapter (MySQL...) goes through the public path.

An adapter is imported only for its own backend, when the first search runs: modelsearch's backend modules read
the app registry when they are imported, and the SQLite one fails where SQLite's full-text table does not exist.
"""

# The library's backend classes, by dotted name: naming them does not import them.
SQLITE = "modelsearch.backends.database.sqlite.sqlite.SQLiteSearchBackend"
POSTGRES = "modelsearch.backends.database.postgres.postgres.PostgresSearchBackend"
ELASTICSEARCH = "modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchBackend"


def adapter_for(backend):
    """The adapter module of ``backend`` (by its class or a parent class), or None."""
    classes = {f"{cls.__module__}.{cls.__qualname__}" for cls in type(backend).__mro__}
    if SQLITE in classes:
        from . import sqlite

        return sqlite
    if POSTGRES in classes:
        from . import postgres

        return postgres
    if ELASTICSEARCH in classes:
        from . import elasticsearch

        return elasticsearch
    return None


def ranked_ids(backend, results, limit):
    """The primary keys of ``results`` (a backend's search results), best first, at most ``limit``."""
    adapter = adapter_for(backend)
    if adapter is None:
        return [obj.pk for obj in results[:limit]]
    return adapter.ranked_ids(results, limit)
