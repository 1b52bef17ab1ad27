"""One word per concept: « cadre » (not « track »), and the project's schooling year as « 2020-2021 »
(``schooling_year``, the type every schooling year of the site has) instead of its first year.

The revisions of project pages are converted too, so that a draft saved before this migration opens as it was.
"""

from django.db import migrations, models

import home.schooling


def _label(start):
    return f"{start}-{start + 1}"


def year_to_schooling_year(apps, schema_editor):
    ProjectPage = apps.get_model("projets", "ProjectPage")
    for page in ProjectPage.objects.only("pk", "year").iterator():
        ProjectPage.objects.filter(pk=page.pk).update(schooling_year=_label(page.year))


def schooling_year_to_year(apps, schema_editor):
    ProjectPage = apps.get_model("projets", "ProjectPage")
    for page in ProjectPage.objects.only("pk", "schooling_year").iterator():
        ProjectPage.objects.filter(pk=page.pk).update(year=int(page.schooling_year[:4]))


def convert_revisions(apps, forwards):
    Revision = apps.get_model("wagtailcore", "Revision")
    revisions = Revision.objects.filter(content_type__app_label="projets", content_type__model="projectpage")
    for revision in revisions.iterator():
        content = revision.content
        if forwards and "year" in content:
            content["schooling_year"] = _label(int(content.pop("year")))
        elif not forwards and "schooling_year" in content:
            content["year"] = int(content.pop("schooling_year")[:4])
        old, new = ("track", "cadre") if forwards else ("cadre", "track")
        for author in content.get("authors") or []:
            if old in author:
                author[new] = author.pop(old)
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("projets", "0004_home_latest_projects_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RenameField(model_name="projectauthor", old_name="track", new_name="cadre"),
        migrations.RemoveConstraint(model_name="promotion", name="projets_promotion_name_track"),
        migrations.RenameField(model_name="promotion", old_name="track", new_name="cadre"),
        migrations.AddConstraint(
            model_name="promotion",
            constraint=models.UniqueConstraint(fields=("name", "cadre"), name="projets_promotion_name_cadre"),
        ),
        migrations.RemoveIndex(model_name="projectpage", name="projets_project_year_idx"),
        migrations.RemoveIndex(model_name="projectpage", name="projets_project_real_year_idx"),
        migrations.AddField(
            model_name="projectpage",
            name="schooling_year",
            field=home.schooling.SchoolingYearField(
                default="", help_text="Sous la forme « 2020-2021 ».", max_length=9, verbose_name="scolarité"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(year_to_schooling_year, schooling_year_to_year),
        migrations.RemoveField(model_name="projectpage", name="year"),
        migrations.AddIndex(
            model_name="projectpage",
            index=models.Index(fields=["schooling_year"], name="projets_project_year_idx"),
        ),
        migrations.AddIndex(
            model_name="projectpage",
            index=models.Index(
                condition=models.Q(("synthetic", False)), fields=["schooling_year"], name="projets_project_real_year_idx"
            ),
        ),
        migrations.RunPython(
            lambda apps, schema_editor: convert_revisions(apps, forwards=True),
            lambda apps, schema_editor: convert_revisions(apps, forwards=False),
        ),
    ]
