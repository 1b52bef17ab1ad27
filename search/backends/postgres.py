"""PostgreSQL (modelsearch's database backend): the ranked queryset's primary keys, no model instances."""


def ranked_ids(results, limit):
    return list(results[:limit].get_queryset().values_list("pk", flat=True))


# modelsearch filters on ``(title || body) @@ query`` while it indexes title and body apart: without an index on the
# expression itself, every search reads the whole index table, and its cost grows with the number of pages.
SEARCHED_EXPRESSION_INDEX = "site_inet_indexentry_title_body_gin"


def create_searched_expression_index(schema_editor, table):
    """On PostgreSQL only: a GIN index on the very expression modelsearch's filter searches."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quoted = schema_editor.quote_name(table)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {SEARCHED_EXPRESSION_INDEX} ON {quoted} USING GIN ((title || body))"
    )


def drop_searched_expression_index(schema_editor, table):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCHED_EXPRESSION_INDEX}")


def analyze(connection, tables):
    """Refresh PostgreSQL's statistics after a bulk write (autovacuum may be off or late): without them, the first
    searches and archive renders after an import of thousands of pages chose plans of seconds."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
