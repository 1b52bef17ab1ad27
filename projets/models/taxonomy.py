"""The archive's taxonomy, edited as snippets: thématiques, collectivités, promotions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from home.cadres import Cadre


class Thematique(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(
        _("identifiant d'adresse"),
        max_length=120,
        unique=True,
        help_text=_("Utilisé dans les adresses du site : minuscules, chiffres et tirets, sans accent."),
    )
    description = models.TextField(_("description"), blank=True, max_length=1000)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")

    def __str__(self):
        return self.name


class CollectiviteType(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Région")
    METROPOLE = "metropole", _("Métropole")
    COMMUNAUTE = "communaute", _("Communauté urbaine ou d'agglomération")
    EPT = "ept", _("Établissement public territorial")
    AUTRE = "autre", _("Autre")


def unique_slug(model, name, pk=None, max_length=200):
    """A slug for ``name`` that no other row of ``model`` holds: « ville-de-creteil », then « ville-de-creteil-2»…"""
    base = slugify(name)[: max_length - 4].strip("-") or "collectivite"
    others = model.objects.exclude(pk=pk) if pk else model.objects.all()
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class Collectivite(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(
        _("identifiant d'adresse"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_(
            "L'adresse de la page de la collectivité (/projets/collectivites/…/). Laissé vide, il est déduit du nom."
        ),
    )
    type = models.CharField(_("type de collectivité"), max_length=20, choices=CollectiviteType.choices)
    region = models.CharField(_("région"), max_length=80)
    departement = models.CharField(_("département"), max_length=80, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("type"),
        FieldPanel("region"),
        FieldPanel("departement"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("type")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Collectivite, self.name, self.pk)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.type == CollectiviteType.REGION and self.departement:
            raise ValidationError({"departement": _("Une région ne se rattache pas à un département.")})


class Promotion(models.Model):
    name = models.CharField(_("nom"), max_length=120, help_text=_("Le nom de baptême de la promotion."))
    slug = models.SlugField(
        _("identifiant d'adresse"),
        max_length=120,
        unique=True,
        help_text=_("Utilisé dans les adresses du site : minuscules, chiffres et tirets, sans accent."),
    )
    cadre = models.CharField(_("cadre d'emplois"), max_length=20, choices=Cadre.choices)
    year_start = models.PositiveSmallIntegerField(_("année de début"))
    year_end = models.PositiveSmallIntegerField(_("année de fin"))

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("cadre"),
        FieldPanel("year_start"),
        FieldPanel("year_end"),
    ]

    class Meta:
        ordering = ["-year_start", "name"]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        constraints = [models.UniqueConstraint(fields=["name", "cadre"], name="projets_promotion_name_cadre")]

    def __str__(self):
        return f"{self.name} ({self.years})"

    @property
    def years(self):
        return f"{self.year_start}-{self.year_end}"

    def clean(self):
        super().clean()
        if self.year_start and self.year_end and self.year_end < self.year_start:
            raise ValidationError({"year_end": _("L'année de fin ne peut pas précéder l'année de début.")})
