"""The *Accueillir un élève* section: an index page and one page per stage type."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from home.blocks import BodyStreamBlock
from home.models import BasePage
from search.mixins import FrenchSearchMixin

from ..cadres import Cadre
from ..deadlines import deadline_status
from ..proposals.page_mixin import ProposalFormMixin


class StageType(models.TextChoices):
    OBSERVATION = "observation", _("Stage d'observation")
    THEMATIQUE = "thematique", _("Stage thématique")
    PROJET_COLLECTIF = "projet_collectif", _("Projet collectif")
    OUVERTURE = "ouverture", _("Stage d'ouverture")
    PERFECTIONNEMENT = "perfectionnement", _("Stage de perfectionnement")
    PROFESSIONNALISATION = "professionnalisation", _("Stage de professionnalisation")


class StageIndexPage(FrenchSearchMixin, BasePage):
    """``/accueillir-un-eleve/``: every stage type, filterable by track."""

    introduction = StreamField(BodyStreamBlock(), verbose_name=_("introduction"), blank=True)

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["offres.StagePage"]

    search_fields = [*BasePage.search_fields, *FrenchSearchMixin.french_search_fields]
    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("index des stages")
        verbose_name_plural = _("index des stages")


class StagePage(ProposalFormMixin, RoutablePageMixin, FrenchSearchMixin, BasePage):
    """One stage type: what it is, for which track, when, and how to offer one."""

    stage_type = models.CharField(_("type de stage"), max_length=32, choices=StageType.choices, unique=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("présentation"), blank=True)
    contribution = models.PositiveIntegerField(
        _("participation forfaitaire (€)"),
        null=True,
        blank=True,
        help_text=_("Montant demandé à la collectivité d'accueil, par exemple 4000 pour un projet collectif."),
    )
    accepts_proposals = models.BooleanField(
        _("formulaire de proposition en ligne"),
        default=False,
        help_text=_(
            "Affiche le formulaire de proposition sur la page tant que la date limite de dépôt n'est pas passée."
        ),
    )

    parent_page_types = ["offres.StageIndexPage"]
    subpage_types = []

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.FilterField("stage_type"),
        *FrenchSearchMixin.french_search_fields,
    ]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("stage_type"),
        FieldPanel("body"),
        FieldPanel("contribution"),
    ]
    period_panels = [InlinePanel("periods", label=_("Période"), heading=_("Périodes et dates limites"))]
    settings_panels = [*BasePage.settings_panels, FieldPanel("accepts_proposals")]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(period_panels, heading=_("Périodes")),
            ObjectList(BasePage.promote_panels, heading=_("Référencement")),
            ObjectList(settings_panels, heading=_("Paramètres")),
        ]
    )

    class Meta:
        verbose_name = _("page de stage")
        verbose_name_plural = _("pages de stage")

    def offer_periods(self):
        """Periods that take offers (a deadline is set), soonest deadline first."""
        return sorted((p for p in self.periods.all() if p.offer_deadline), key=lambda p: p.offer_deadline)

    def open_offer_periods(self, now=None):
        """Periods whose offer deadline is still open at ``now`` (Europe/Paris rule)."""
        return [p for p in self.offer_periods() if p.deadline_status(now).is_open]

    def next_offer_period(self, now=None):
        """The period with the nearest open deadline, or None when every deadline has passed."""
        open_periods = self.open_offer_periods(now)
        return open_periods[0] if open_periods else None

    def search_body_parts(self):
        return [self.summary, self.get_stage_type_display(), *(p.get_cadre_display() for p in self.periods.all())]


class StagePeriod(Orderable):
    """When a track does this stage in a given schooling, and until when offers are taken."""

    page = ParentalKey(StagePage, on_delete=models.CASCADE, related_name="periods")
    cadre = models.CharField(_("cadre d'emplois"), max_length=20, choices=Cadre.choices)
    schooling_year = models.CharField(
        _("scolarité"),
        max_length=9,
        help_text=_("Sous la forme « 2022-2023 »."),
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    duration_weeks = models.PositiveSmallIntegerField(_("durée (semaines)"))
    precision = models.CharField(
        _("précision"),
        max_length=200,
        blank=True,
        help_text=_(
            "Texte libre affiché à côté des dates, par exemple « 28 ou 29 mars » ou « 12 semaines effectives »."
        ),
    )
    offer_deadline = models.DateField(
        _("date limite de dépôt des offres"),
        null=True,
        blank=True,
        help_text=_(
            "Dernier jour (inclus, heure de Paris) pour proposer une offre. Laisser vide si les élèves trouvent eux-mêmes leur structure."
        ),
    )
    indicative = models.BooleanField(
        _("dates indicatives"),
        default=False,
        help_text=_("Affiche « Dates indicatives, à confirmer » à côté des dates."),
    )

    panels = [
        FieldPanel("cadre"),
        FieldPanel("schooling_year"),
        MultiFieldPanel(
            [FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("duration_weeks"), FieldPanel("precision")],
            heading=_("Dates"),
        ),
        FieldPanel("offer_deadline"),
        FieldPanel("indicative"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("période de stage")
        verbose_name_plural = _("périodes de stage")

    def __str__(self):
        return f"{self.get_cadre_display()} – {self.schooling_year}"

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La fin du stage doit être postérieure à son début.")
        if self.offer_deadline and self.start_date and self.offer_deadline >= self.start_date:
            errors["offer_deadline"] = _("La date limite de dépôt des offres doit précéder le début du stage.")
        if self.start_date and self.end_date and self.duration_weeks and not errors.get("end_date"):
            calendar_weeks = ((self.end_date - self.start_date).days + 3) // 7
            if abs(calendar_weeks - self.duration_weeks) > 1:
                errors["duration_weeks"] = _(
                    "La durée (%(weeks)s semaines) ne correspond pas aux dates, qui couvrent environ %(calendar)s semaines."
                ) % {"weeks": self.duration_weeks, "calendar": calendar_weeks}
        if self.schooling_year and not _is_schooling_year(self.schooling_year):
            errors["schooling_year"] = _("Indiquez la scolarité sous la forme « 2022-2023 ».")
        if errors:
            raise ValidationError(errors)

    def deadline_status(self, now=None):
        return deadline_status(self.offer_deadline, now) if self.offer_deadline else None


def _is_schooling_year(value):
    first, sep, second = value.partition("-")
    return bool(sep) and first.isdigit() and second.isdigit() and len(first) == 4 and int(second) == int(first) + 1
