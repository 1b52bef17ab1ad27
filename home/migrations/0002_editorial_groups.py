"""Editors' groups (Communication, Validation, Équipe stages), least privilege, and the moderation workflow."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from home.editorial import setup_editorial


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    setup_editorial(apps)


def backwards(apps, schema_editor):
    from home.editorial import TASK_NAME, VALIDATION_GROUP, WORKFLOW_NAME

    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name=VALIDATION_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("offres", "0004_proposal_groups"),
        ("projets", "0001_project_archive"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
