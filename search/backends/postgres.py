"""PostgreSQL (modelsearch's database backend): the ranked queryset's primary keys, no model instances."""


def ranked_ids(results, limit):
    return list(results[:limit].get_queryset().values_list("pk", flat=True))
