"""One page per projet collectif, as the booklet presents it; no e-mail address is ever stored."""

import json
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.text import plain_text
from home.blocks import BodyStreamBlock
from home.cadres import Cadre
from home.models import BasePage
from home.schooling import SchoolingYearField, is_schooling_year, start_year
from search.mixins import FrenchSearchMixin

from ..blocks import FIGURE_BLOCKS, IMAGE_BLOCKS, REFERENCE_BLOCKS, TESTIMONIAL_BLOCKS

FIRST_YEAR = 1990
LAST_YEAR = 2100
# JSON inside a <script> element: no character may close it or start markup.
SCRIPT_SAFE_JSON = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


class CollectiviteSerializer(serializers.Field):
    def to_representation(self, value):
        return {"name": value.name, "type": value.type, "region": value.region, "departement": value.departement}


class NameListSerializer(serializers.Field):
    def to_representation(self, value):
        return [str(item) for item in value.all()]


class ProjectPageForm(WagtailAdminPageForm):
    """Only the title, the schooling year, the collectivité and one theme are required (as in the import)."""

    def clean(self):
        cleaned_data = super().clean()
        if "themes" in self.fields and not cleaned_data.get("themes"):
            self.add_error("themes", _("Choisissez au moins une thématique."))
        return cleaned_data


class ProjectPage(FrenchSearchMixin, BasePage):
    """One projet collectif as the booklet presents it; no e-mail address is ever stored."""

    base_form_class = ProjectPageForm

    collectivite = models.ForeignKey(
        "projets.Collectivite",
        verbose_name=_("collectivité"),
        on_delete=models.PROTECT,
        related_name="projects",
        help_text=_("Choisie dans la liste « Projets collectifs › Collectivités », où l'on peut en ajouter une."),
    )
    schooling_year = SchoolingYearField(_("scolarité"), help_text=_("Sous la forme « 2020-2021 »."))
    promotions = ParentalManyToManyField(
        "projets.Promotion",
        verbose_name=_("promotions"),
        blank=True,
        help_text=_("Les promotions des auteurs (liste « Projets collectifs › Promotions »)."),
    )
    themes = ParentalManyToManyField(
        "projets.Thematique",
        verbose_name=_("thématiques"),
        blank=True,
        help_text=_("Servent aux filtres de l'archive et aux pages thématiques."),
    )
    context = StreamField(BodyStreamBlock(), verbose_name=_("contexte"), blank=True)
    problem = StreamField(BodyStreamBlock(), verbose_name=_("problématique"), blank=True)
    keys = StreamField(BodyStreamBlock(), verbose_name=_("des clés pour agir"), blank=True)
    figures = StreamField(FIGURE_BLOCKS, verbose_name=_("les chiffres"), blank=True)
    testimonials = StreamField(TESTIMONIAL_BLOCKS, verbose_name=_("témoignages de la collectivité"), blank=True)
    references = StreamField(REFERENCE_BLOCKS, verbose_name=_("aller plus loin"), blank=True)
    images = StreamField(IMAGE_BLOCKS, verbose_name=_("images"), blank=True)
    report = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("rapport de mission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Le rapport à télécharger (PDF), s'il peut être publié."),
    )
    synthetic = models.BooleanField(
        _("projet synthétique"),
        default=False,
        help_text=_("Projet fictif créé pour les tests de charge ; jamais chargé par défaut."),
    )

    search_kind = "projets"  # its kind among the site search's results
    parent_page_types = ["projets.ProjectIndexPage"]
    subpage_types = []

    # The summary with the searched words highlighted, which the archive sets on its results. Cards elsewhere
    # find it empty here rather than failing the lookup (Django then lists every attribute of the page).
    excerpt = ""

    search_fields = [
        *BasePage.search_fields,
        *FrenchSearchMixin.french_search_fields,
        index.FilterField("schooling_year"),
        index.FilterField("collectivite"),
        index.FilterField("synthetic"),
        index.RelatedFields("collectivite", [index.SearchField("name"), index.FilterField("type")]),
        index.RelatedFields("authors", [index.SearchField("name")]),
        index.RelatedFields("tutors", [index.SearchField("name")]),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("collectivite"), FieldPanel("schooling_year"), FieldPanel("promotions"), FieldPanel("themes")],
            heading=_("Le projet"),
        ),
        # A booklet may name no student and no tutor: the page then shows « Équipe non communiquée ».
        InlinePanel("authors", label=_("Auteurs")),
        InlinePanel("tutors", label=_("Tuteurs ou tutrices au sein de la collectivité")),
        FieldPanel("context"),
        FieldPanel("problem"),
        FieldPanel("keys"),
        FieldPanel("figures"),
        FieldPanel("testimonials"),
        FieldPanel("references"),
        FieldPanel("images"),
        FieldPanel("report"),
        FieldPanel("synthetic"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("collectivite", serializer=CollectiviteSerializer()),
        APIField("schooling_year"),
        APIField("themes", serializer=NameListSerializer()),
        APIField("promotions", serializer=NameListSerializer()),
        APIField("authors"),
        APIField("tutors"),
        APIField("context"),
        APIField("problem"),
        APIField("keys"),
        APIField("figures"),
        APIField("testimonials"),
        APIField("references"),
    ]

    class Meta:
        verbose_name = _("projet collectif")
        verbose_name_plural = _("projets collectifs")
        permissions = [("import_projects", _("Peut importer des projets collectifs"))]
        indexes = [
            # The archive's schooling year choices (DISTINCT) read this index, not every project row.
            models.Index(fields=["schooling_year"], name="projets_project_year_idx"),
            # The home page's latest real projects: read in year order, three rows, even beside thousands of
            # synthetic ones (`make bench`, `make loadtest`).
            models.Index(
                fields=["schooling_year"], name="projets_project_real_year_idx", condition=models.Q(synthetic=False)
            ),
        ]

    def clean(self):
        super().clean()
        if self.listing_image_id and not self.listing_image.description.strip():
            raise ValidationError(
                {
                    "listing_image": _(
                        "Cette image n'a pas de texte alternatif : renseignez sa « description » dans la médiathèque "
                        "(ce que montre l'image, pour qui ne la voit pas)."
                    )
                }
            )
        if is_schooling_year(self.schooling_year) and not FIRST_YEAR <= start_year(self.schooling_year) <= LAST_YEAR:
            raise ValidationError({"schooling_year": _("Indiquez une scolarité entre 1990-1991 et 2100-2101.")})

    @cached_property
    def og_image_url(self):
        """The listing image for sharing (``og:image``, JSON-LD, the feed): an absolute address, or ""."""
        if not self.listing_image_id:
            return ""
        rendition = self.listing_image.get_rendition("fill-1200x630|format-jpeg")
        if rendition.url.startswith(("http://", "https://")):
            return rendition.url
        page_url = urlsplit(self.full_url or "")
        return f"{page_url.scheme}://{page_url.netloc}{rendition.url}" if page_url.netloc else rendition.url

    @cached_property
    def theme_list(self):
        """The themes, read once for the page, its JSON-LD and its related projects."""
        return list(self.themes.all())

    @cached_property
    def author_list(self):
        return list(self.authors.all())

    @cached_property
    def tutor_list(self):
        return list(self.tutors.all())

    def search_title_parts(self):
        return [self.title, self.collectivite.name if self.collectivite_id else ""]

    def search_body_parts(self):
        parts = [self.summary, self.context, self.problem, self.keys, self.figures, self.testimonials]
        parts += [self.references, self.schooling_year]
        parts += [author.name for author in self.authors.all()]
        parts += [f"{tutor.name} {tutor.function}" for tutor in self.tutors.all()]
        parts += [theme.name for theme in self.themes.all()]
        parts += [f"{promotion.name} {promotion.years}" for promotion in self.promotions.all()]
        if self.collectivite_id:
            parts += [self.collectivite.region, self.collectivite.departement]
        return [plain_text(part) for part in parts]

    def get_context(self, request, *args, **kwargs):
        """The archive the project belongs to adds its links back and the related projects."""
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_parent().specific.project_context(request, self))
        return context

    @classmethod
    def route_queryset(cls):
        """The project as its page reads it (core.wagtail_site.route_to_child): the collectivité joined, the themes,
        promotions and people prefetched, each read once for the page, its JSON-LD and its citation."""
        return cls.objects.select_related("collectivite").prefetch_related("themes", "promotions", "authors", "tutors")

    @classmethod
    def cards(cls):
        """Live projects as a card shows them (``projets/includes/project_card.html``), in a constant number of
        queries: the collectivité joined, the themes prefetched, the StreamFields left unread (Wagtail decodes
        seven per project otherwise). A field a card starts showing is read here."""
        return (
            cls.objects.live()
            .defer_streamfields()
            .select_related("collectivite", "listing_image")
            .prefetch_related("themes", "listing_image__renditions")
        )

    @property
    def json_ld(self):
        """schema.org description of the project, escaped for a <script> element."""
        data = {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": self.title,
            "description": self.meta_description,
            "url": self.full_url,
            "inLanguage": "fr",
            "genre": "Projet collectif",
            "temporalCoverage": self.schooling_year,
            **({"image": self.og_image_url} if self.og_image_url else {}),
            "about": [theme.name for theme in self.theme_list],
            "author": [{"@type": "Person", "name": author.name} for author in self.author_list],
            "contributor": [
                {"@type": "Person", "name": tutor.name, "jobTitle": tutor.function} for tutor in self.tutor_list
            ],
            "sourceOrganization": {
                "@type": "EducationalOrganization",
                "name": "INET – Institut national des études territoriales",
            },
            "spatialCoverage": {
                "@type": "GovernmentOrganization",
                "name": self.collectivite.name,
                "address": {
                    "@type": "PostalAddress",
                    "addressRegion": self.collectivite.region,
                    "addressCountry": "FR",
                },
            },
        }
        return mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE_JSON))  # noqa: S308  # nosec - JSON with <>& escaped


class ProjectAuthor(Orderable):
    """An author as the booklet names them, with their cadre d'emplois (deduced from their school e-mail, never
    stored)."""

    page = ParentalKey(ProjectPage, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("nom"), max_length=120)
    cadre = models.CharField(_("cadre d'emplois"), max_length=20, choices=Cadre.choices)

    panels = [FieldPanel("name"), FieldPanel("cadre")]
    api_fields = [APIField("name"), APIField("cadre")]

    class Meta(Orderable.Meta):
        verbose_name = _("auteur")
        verbose_name_plural = _("auteurs")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if "@" in (self.name or ""):
            raise ValidationError({"name": _("Saisissez le nom seul : aucune adresse électronique n'est publiée.")})


class ProjectTutor(Orderable):
    page = ParentalKey(ProjectPage, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="tutors")
    name = models.CharField(_("nom"), max_length=120)
    function = models.CharField(
        _("fonction"), max_length=250, blank=True, help_text=_("Par exemple « Directrice générale adjointe ».")
    )

    panels = [FieldPanel("name"), FieldPanel("function")]
    api_fields = [APIField("name"), APIField("function")]

    class Meta(Orderable.Meta):
        verbose_name = _("tuteur ou tutrice")
        verbose_name_plural = _("tuteurs ou tutrices")

    def __str__(self):
        return self.name
