"""PostgreSQL: index the expression modelsearch's full-text filter searches (see search/backends/postgres.py)."""

from django.db import migrations


def index_table(apps):
    return apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table


def create(apps, schema_editor):
    from search.backends.postgres import create_searched_expression_index

    create_searched_expression_index(schema_editor, index_table(apps))


def drop(apps, schema_editor):
    from search.backends.postgres import drop_searched_expression_index

    drop_searched_expression_index(schema_editor, index_table(apps))


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop)]
