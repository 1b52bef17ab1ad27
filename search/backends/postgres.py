"""PostgreSQL (modelsearch's database backend): the ranked queryset's primary keys, no model instances."""

from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend


def handles(backend):
    return isinstance(backend, PostgresSearchBackend)


def ranked_ids(results, limit):
    return list(results[:limit].get_queryset().values_list("pk", flat=True))
