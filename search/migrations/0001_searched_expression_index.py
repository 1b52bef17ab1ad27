"""PostgreSQL: index the expression modelsearch's full-text filter searches (see search/backends/postgres.py)."""

from django.db import migrations


def index_table(apps):
    return apps.get_model("modelsearch", "IndexEntry")._meta.db_table


def create(apps, schema_editor):
    from search.backends.postgres import create_searched_expression_index

    create_searched_expression_index(schema_editor, index_table(apps))


def drop(apps, schema_editor):
    from search.backends.postgres import drop_searched_expression_index

    drop_searched_expression_index(schema_editor, index_table(apps))


class Migration(migrations.Migration):
    dependencies = [("modelsearch", "0004_rename_modelsear_autocom_476c89_gin_modelsearch_autocom_ea8581_gin_and_more")]

    operations = [migrations.RunPython(create, drop)]
