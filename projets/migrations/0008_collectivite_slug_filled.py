"""A slug for every collectivité, unique, from its name (« Ville de Créteil » → « ville-de-creteil »)."""

from django.db import migrations, models
from django.utils.text import slugify

HELP = "L'adresse de la page de la collectivité (/projets/collectivites/…/). Laissé vide, il est déduit du nom."


def fill_slugs(apps, schema_editor):
    Collectivite = apps.get_model("projets", "Collectivite")
    taken = set()
    for collectivite in Collectivite.objects.order_by("pk"):
        base = slugify(collectivite.name)[:196].strip("-") or "collectivite"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        collectivite.slug = slug
        collectivite.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("projets", "0007_import_jobs")]

    operations = [
        migrations.AddField(
            model_name="collectivite",
            name="slug",
            field=models.SlugField(
                blank=True, null=True, help_text=HELP, max_length=200, verbose_name="identifiant d'adresse"
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
    ]
