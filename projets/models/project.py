"""The archive of projets collectifs: ``/projets/`` and one page per project."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from home.blocks import BodyStreamBlock
from home.models import BasePage
from offres.cadres import Cadre
from search.mixins import FrenchSearchMixin
from search.query import objects_in_order

from ..blocks import FIGURE_BLOCKS, IMAGE_BLOCKS, REFERENCE_BLOCKS, TESTIMONIAL_BLOCKS

FIRST_YEAR = 1990
LAST_YEAR = 2100


class CollectiviteSerializer(serializers.Field):
    def to_representation(self, value):
        return {"name": value.name, "type": value.type, "region": value.region, "departement": value.departement}


class NameListSerializer(serializers.Field):
    def to_representation(self, value):
        return [str(item) for item in value.all()]


class ProjectIndexPage(RoutablePageMixin, FrenchSearchMixin, BasePage):
    """``/projets/``: search, facets, theme pages and the Atom feed of the archive."""

    introduction = StreamField(BodyStreamBlock(), verbose_name=_("introduction"), blank=True)

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["projets.ProjectPage"]

    search_fields = [*BasePage.search_fields, *FrenchSearchMixin.french_search_fields]
    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("archive des projets collectifs")
        verbose_name_plural = _("archives des projets collectifs")

    def routed_child(self, slug):
        """A project read in one query, its type being known (the archive holds projects only). Reached after
        ``RoutablePageMixin`` has tried the archive's own routes (themes, feed), which keep precedence."""
        return ProjectPage.objects.child_of(self).filter(slug=slug).first()

    @path("")
    def archive(self, request):
        from ..views import archive_view

        return archive_view(request, self)

    @path("theme/<slug:slug>/")
    def theme(self, request, slug):
        from ..views import archive_view

        return archive_view(request, self, theme_slug=slug)

    @path("flux/", name="feed")
    def feed(self, request):
        from ..feeds import LatestProjectsFeed

        return LatestProjectsFeed(self)(request)

    def projects(self):
        return ProjectPage.objects.child_of(self).live().public()


class ProjectPage(FrenchSearchMixin, BasePage):
    """One projet collectif as the booklet presents it; no e-mail address is ever stored."""

    collectivite = models.ForeignKey(
        "projets.Collectivite",
        verbose_name=_("collectivité"),
        on_delete=models.PROTECT,
        related_name="projects",
        help_text=_("Choisie dans la liste « Projets collectifs › Collectivités », où l'on peut en ajouter une."),
    )
    year = models.PositiveSmallIntegerField(
        _("année de scolarité (début)"),
        help_text=_("Première année de la scolarité : 2020 pour « 2020-2021 »."),
    )
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

    parent_page_types = ["projets.ProjectIndexPage"]
    subpage_types = []

    # The summary with the searched words highlighted, which the archive sets on its results. Cards elsewhere
    # find it empty here rather than failing the lookup (Django then lists every attribute of the page).
    excerpt = ""

    search_fields = [
        *BasePage.search_fields,
        *FrenchSearchMixin.french_search_fields,
        index.FilterField("year"),
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
            [FieldPanel("collectivite"), FieldPanel("year"), FieldPanel("promotions"), FieldPanel("themes")],
            heading=_("Le projet"),
        ),
        InlinePanel("authors", label=_("Auteurs"), min_num=1),
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
        APIField("year"),
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
            # The archive's year choices (DISTINCT year) read this index, not every project row.
            models.Index(fields=["year"], name="projets_project_year_idx"),
            # The home page's latest real projects: read in year order, three rows, even beside thousands of
            # synthetic ones (`make bench`, `make loadtest`).
            models.Index(fields=["year"], name="projets_project_real_year_idx", condition=models.Q(synthetic=False)),
        ]

    def clean(self):
        super().clean()
        if self.year is not None and not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValidationError({"year": _("Indiquez une année entre 1990 et 2100.")})

    @property
    def schooling_year(self):
        return f"{self.year}-{self.year + 1}" if self.year else ""

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
        return [_plain(part) for part in parts]

    def get_context(self, request, *args, **kwargs):
        from ..forms import ReturnForm

        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent()
        context["index_url"] = parent.url
        back = ReturnForm(request.GET)
        context["back_url"] = f"{parent.url}?{back.cleaned_data['retour']}" if back.is_valid() else ""
        context["related"] = self.related_projects(index_page=parent)
        return context

    @property
    def json_ld(self):
        """schema.org description of the project, escaped for a <script> element."""
        import json

        from django.utils.html import _json_script_escapes
        from django.utils.safestring import mark_safe

        data = {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": self.title,
            "description": self.meta_description,
            "url": self.full_url,
            "inLanguage": "fr",
            "genre": "Projet collectif",
            "temporalCoverage": self.schooling_year,
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
        return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))  # noqa: S308  # nosec - JSON with <>& escaped

    def related_projects(self, limit=3, index_page=None):
        """Live projects sharing a theme (most recent first, then most themes in common, then by title), then
        projects of the same collectivité type; ranked over the archive's index (``archive_index.py``), kept in
        memory, so that only the chosen pages are read.
        """
        from ..archive_index import archive_index

        index = archive_index(index_page or self.get_parent())
        theme_slugs = [theme.slug for theme in self.theme_list]
        ids = index.related(self.pk, theme_slugs, self.collectivite.type, limit)
        cards = ProjectPage.objects.defer_streamfields().select_related("collectivite").prefetch_related("themes")
        return objects_in_order(cards, ids)


def _plain(value):
    """StreamField values and strings as plain text for the stemmed index (no template rendering)."""
    from django.utils.html import strip_tags

    if hasattr(value, "get_prep_value"):
        return " ".join(strip_tags(text) for text in _texts(value.get_prep_value()))
    return str(value or "")


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("id", "type", "url", "level"):
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


class ProjectAuthor(Orderable):
    """An author as the booklet names them, with their track (deduced from their school e-mail, never stored)."""

    page = ParentalKey(ProjectPage, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("nom"), max_length=120)
    track = models.CharField(_("cadre d'emplois"), max_length=20, choices=Cadre.choices)

    panels = [FieldPanel("name"), FieldPanel("track")]
    api_fields = [APIField("name"), APIField("track")]

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
