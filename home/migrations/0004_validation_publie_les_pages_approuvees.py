"""The Validation group gets « publish » on the moderated sections, which approving a page requires."""

from django.db import migrations

from home.editorial import setup_editorial


def forwards(apps, schema_editor):
    setup_editorial(apps)  # adds only what is missing


class Migration(migrations.Migration):
    dependencies = [("home", "0003_libelles_editeurs")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
