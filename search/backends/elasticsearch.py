"""Elasticsearch and OpenSearch: one request for up to ``limit`` primary keys, no ``_source``, no database read.

modelsearch's public path scrolls through the hits and then reads every matched object from the database.
"""


def ranked_ids(results, limit):
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
