"""One word per concept: « cadre » (not « track ») and « schooling_year » (not « cycle »), one field type for it.

The revisions of stage pages keep their per-cadre contents under the relation's new name, so that a draft
saved before this migration opens with them.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

import home.schooling


def rename_relation_in_revisions(apps, old, new):
    Revision = apps.get_model("wagtailcore", "Revision")
    revisions = Revision.objects.filter(content_type__app_label="offres", content_type__model="stagepage")
    for revision in revisions.iterator():
        if old in revision.content:
            revision.content[new] = revision.content.pop(old)
            revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    rename_relation_in_revisions(apps, "track_contents", "cadre_contents")


def backwards(apps, schema_editor):
    rename_relation_in_revisions(apps, "cadre_contents", "track_contents")


class Migration(migrations.Migration):
    dependencies = [
        ("offres", "0006_proposition_type_de_stage_nomme"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RenameModel("StageTrackContent", "StageCadreContent"),
        migrations.AlterField(
            model_name="stagecadrecontent",
            name="page",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="cadre_contents",
                to="offres.stagepage",
                verbose_name="page de stage",
            ),
        ),
        migrations.RemoveIndex(model_name="proposal", name="offres_prop_siret_1d671b_idx"),
        migrations.RenameField(model_name="proposal", old_name="cycle", new_name="schooling_year"),
        migrations.AlterField(
            model_name="proposal",
            name="schooling_year",
            field=home.schooling.SchoolingYearField(
                editable=False, help_text="Sous la forme « 2022-2023 ».", max_length=9, verbose_name="scolarité"
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["siret", "stage_type", "schooling_year"], name="offres_prop_siret_year_idx"),
        ),
        migrations.AlterField(
            model_name="stageperiod",
            name="schooling_year",
            field=home.schooling.SchoolingYearField(
                help_text="Sous la forme « 2022-2023 ».", max_length=9, verbose_name="scolarité"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
