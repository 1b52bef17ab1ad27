"""The collectivité's slug, filled by 0008, becomes required and unique (its own migration: PostgreSQL would
refuse to alter the table in the transaction that updated its rows)."""

from django.db import migrations, models

HELP = "L'adresse de la page de la collectivité (/projets/collectivites/…/). Laissé vide, il est déduit du nom."


class Migration(migrations.Migration):
    dependencies = [("projets", "0008_collectivite_slug_filled")]

    operations = [
        migrations.AlterField(
            model_name="collectivite",
            name="slug",
            field=models.SlugField(
                blank=True, help_text=HELP, max_length=200, unique=True, verbose_name="identifiant d'adresse"
            ),
        ),
    ]
