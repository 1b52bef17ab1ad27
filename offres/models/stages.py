"""The *Accueillir un élève* section: an index page and one page per stage type."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from home.models import BasePage, ContactSettings
from search.mixins import FrenchSearchMixin
from search.visibility import public

from ..cadres import SHORT_LABELS, Cadre
from ..deadlines import deadline_status, paris_today
from ..proposals.page_mixin import ProposalFormMixin
from ..stage_types import StageType

INP_NOTE = (
    "Les stages des élèves conservateurs territoriaux du patrimoine sont gérés par l'INP "
    "(Institut national du patrimoine), dans le cadre du partenariat avec l'INET."
)


def _ics_response(calendar_bytes, filename):
    response = HttpResponse(calendar_bytes, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def periods_prefetch():
    return Prefetch("periods", queryset=StagePeriod.objects.order_by("start_date", "sort_order"))


class StageIndexPage(RoutablePageMixin, FrenchSearchMixin, BasePage):
    """``/accueillir-un-eleve/``: every stage type, filterable by track, with the schooling timeline."""

    introduction = StreamField(BodyStreamBlock(), verbose_name=_("introduction"), blank=True)
    inp_note = models.TextField(
        _("note sur les conservateurs du patrimoine"),
        blank=True,
        default=INP_NOTE,
        help_text=_("Affichée sous l'introduction : les stages des conservateurs du patrimoine relèvent de l'INP."),
    )

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["offres.StagePage"]

    search_fields = [*BasePage.search_fields, *FrenchSearchMixin.french_search_fields]
    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("inp_note")]

    class Meta:
        verbose_name = _("index des stages")
        verbose_name_plural = _("index des stages")

    def stage_pages(self, cadre=None):
        """Live stage pages, with their periods, in one query plus one per prefetch (constant)."""
        pages = public(StagePage.objects.child_of(self).live()).prefetch_related(periods_prefetch())
        if cadre:
            pages = pages.filter(periods__cadre=cadre).distinct()
        return list(pages.order_by("path"))

    def get_context(self, request, *args, **kwargs):
        from ..forms import StageFilterForm
        from ..timeline import build_timeline, schooling_years

        context = super().get_context(request, *args, **kwargs)
        all_pages = self.stage_pages()
        years = schooling_years(p for page in all_pages for p in page.periods.all())
        form = StageFilterForm(request.GET or None, schooling_years=years)
        cadre, year = form.selected()
        pages = [page for page in all_pages if not cadre or page.has_cadre(cadre)]
        context.update(
            filter_form=form,
            selected_cadre=cadre,
            cards=[page.card(cadre=cadre) for page in pages],
            timeline=build_timeline(all_pages, year or (years[0] if years else None), cadre=cadre),
        )
        return context

    @re_path(r"^echeances\.ics/?$", name="calendar_feed")
    def calendar_feed(self, request):
        from ..calendar import build_calendar

        return _ics_response(build_calendar(self.stage_pages(), request), "inet-echeances-stages.ics")


@dataclass
class Cycle:
    """One schooling year of a stage page, with its periods."""

    schooling_year: str
    periods: list
    is_past: bool


class StagePage(ProposalFormMixin, RoutablePageMixin, FrenchSearchMixin, BasePage):
    """One stage type: what it is, for which track, when, and how to offer one."""

    stage_type = models.CharField(
        _("type de stage"),
        max_length=32,
        choices=StageType.choices,
        unique=True,
        help_text=_(
            "Une seule page par type de stage ; sert aux filtres, au calendrier et aux références des propositions."
        ),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("présentation"), blank=True)
    benefit = RichTextField(
        _("le + pour la collectivité"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Ce que l'accueil de l'élève apporte à la collectivité (« Le + » de la plaquette)."),
    )
    host_commitments = RichTextField(
        _("engagements de la collectivité d'accueil"), features=RICH_TEXT_FEATURES, blank=True
    )
    contribution = models.PositiveIntegerField(
        _("participation forfaitaire (€)"),
        null=True,
        blank=True,
        help_text=_("Montant demandé à la collectivité d'accueil, par exemple 4000 pour un projet collectif."),
    )
    min_population = models.PositiveIntegerField(
        _("population minimale de la collectivité (habitants)"),
        null=True,
        blank=True,
        help_text=_("Par exemple 40000 pour un projet collectif ; laisser vide s'il n'y a pas de seuil."),
    )
    team_size = models.PositiveSmallIntegerField(
        _("élèves par équipe"),
        null=True,
        blank=True,
        help_text=_("Pour un stage en équipe, par exemple 4 pour un projet collectif."),
    )
    contact_name = models.CharField(
        _("nom du contact"),
        max_length=120,
        blank=True,
        help_text=_("Laisser vide pour reprendre le contact des paramètres du site."),
    )
    contact_role = models.CharField(_("fonction du contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("courriel du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
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
        FieldPanel("benefit"),
        MultiFieldPanel(
            [FieldPanel("contribution"), FieldPanel("min_population"), FieldPanel("team_size")],
            heading=_("Conditions d'accueil"),
        ),
        FieldPanel("host_commitments"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Contact (facultatif)"),
        ),
    ]
    track_panels = [
        InlinePanel("track_contents", label=_("Contenu pour un cadre d'emplois"), heading=_("Par cadre d'emplois"))
    ]
    period_panels = [InlinePanel("periods", label=_("Période"), heading=_("Périodes et dates limites"))]
    step_panels = [InlinePanel("steps", label=_("Étape"), heading=_("Étapes clés"))]
    settings_panels = [*BasePage.settings_panels, FieldPanel("accepts_proposals")]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(track_panels, heading=_("Par cadre d'emplois")),
            ObjectList(period_panels, heading=_("Périodes")),
            ObjectList(step_panels, heading=_("Étapes")),
            ObjectList(BasePage.promote_panels, heading=_("Référencement")),
            ObjectList(settings_panels, heading=_("Paramètres")),
        ]
    )

    class Meta:
        verbose_name = _("page de stage")
        verbose_name_plural = _("pages de stage")

    # --- Periods and deadlines -------------------------------------------------------------------

    def sorted_periods(self):
        return sorted(self.periods.all(), key=lambda p: (p.start_date, p.sort_order or 0))

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

    def cycles(self, now=None):
        """The schooling years of this stage, current and upcoming first (soonest first), then past ones
        (latest first). A cycle is past once every one of its periods has ended in Paris: the last day of
        a period still belongs to the current cycle, the next day does not."""
        by_year = {}
        for period in self.sorted_periods():
            by_year.setdefault(period.schooling_year, []).append(period)
        cycles = [Cycle(year, periods, all(p.is_past(now) for p in periods)) for year, periods in by_year.items()]
        current = sorted((c for c in cycles if not c.is_past), key=lambda c: c.periods[0].start_date)
        past = sorted((c for c in cycles if c.is_past), key=lambda c: c.periods[0].start_date, reverse=True)
        return current + past

    def current_cycles(self, now=None):
        return [cycle for cycle in self.cycles(now) if not cycle.is_past]

    def past_cycles(self, now=None):
        return [cycle for cycle in self.cycles(now) if cycle.is_past]

    def cadres(self):
        present = {p.cadre for p in self.periods.all()}
        return [cadre for cadre in Cadre if cadre in present]

    def cadre_labels(self):
        return [SHORT_LABELS[cadre] for cadre in self.cadres()]

    def has_cadre(self, cadre):
        return any(p.cadre == cadre for p in self.periods.all())

    def card(self, now=None, cadre=""):
        """What the index shows for this stage (for one track when ``cadre`` is given): tracks, durations,
        next period and deadline status."""
        periods = [p for p in self.sorted_periods() if not cadre or p.cadre == cadre]
        upcoming = [p for p in periods if not p.is_past(now)]
        shown = upcoming or list(reversed(periods))
        reference = shown[0] if shown else None
        same_year = [p for p in periods if reference and p.schooling_year == reference.schooling_year]
        weeks = sorted({p.duration_weeks for p in same_year})
        open_offers = [p for p in self.open_offer_periods(now) if not cadre or p.cadre == cadre]
        next_offer = open_offers[0] if open_offers else None
        return {
            "page": self,
            "cadres": self.cadre_labels(),
            "weeks": weeks,
            "period": reference,
            "is_upcoming": bool(upcoming),
            "offer_period": next_offer,
            "status": next_offer.deadline_status(now) if next_offer else None,
            "has_deadlines": any(p.offer_deadline for p in periods),
        }

    # --- Contact ---------------------------------------------------------------------------------

    def contact(self, request=None):
        """The page's own contact, field by field, falling back on the site's contact setting."""
        site_contact = ContactSettings.for_request(request) if request is not None else ContactSettings()
        return {
            "name": self.contact_name or site_contact.name,
            "role": self.contact_role or site_contact.role,
            "email": self.contact_email or site_contact.email,
            "phone": self.contact_phone or site_contact.phone,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cycles = self.cycles()
        context.update(
            current_cycles=[cycle for cycle in cycles if not cycle.is_past],
            past_cycles=[cycle for cycle in cycles if cycle.is_past],
            next_offer_period=self.next_offer_period(),
            contact=self.contact(request),
            track_contents=list(self.track_contents.all()),
            steps=sorted(self.steps.all(), key=lambda s: (s.date, s.sort_order or 0)),
        )
        return context

    @re_path(r"^echeances\.ics/?$", name="calendar_feed")
    def calendar_feed(self, request):
        from ..calendar import build_calendar

        return _ics_response(build_calendar([self], request), f"inet-{self.slug}.ics")

    def search_body_parts(self):
        prose = [self.benefit, self.host_commitments]
        for content in self.track_contents.all():
            prose += [content.objectives, content.modalities, content.missions]
        return [
            self.summary,
            self.get_stage_type_display(),
            *(p.get_cadre_display() for p in self.periods.all()),
            *(strip_tags(text) for text in prose if text),
        ]


class StagePeriod(Orderable):
    """When a track does this stage in a given schooling, and until when offers are taken."""

    page = ParentalKey(StagePage, verbose_name=_("page de stage"), on_delete=models.CASCADE, related_name="periods")
    cadre = models.CharField(_("cadre d'emplois"), max_length=20, choices=Cadre.choices)
    schooling_year = models.CharField(
        _("scolarité"),
        max_length=9,
        help_text=_("Sous la forme « 2022-2023 »."),
    )
    start_date = models.DateField(_("début"), help_text=_("Premier jour du stage."))
    end_date = models.DateField(_("fin"), help_text=_("Dernier jour du stage (inclus)."))
    duration_weeks = models.PositiveSmallIntegerField(
        _("durée (semaines)"),
        help_text=_("La durée annoncée, par exemple 9 ; elle doit correspondre aux dates à une semaine près."),
    )
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
    month_only = models.BooleanField(
        _("dates connues au mois près"),
        default=False,
        help_text=_(
            "Pour un calendrier ancien qui ne donne que les mois (« mars – avril 2021 ») : seuls les mois sont "
            "affichés, le début et la fin sont le premier et le dernier jour de ces mois."
        ),
    )

    panels = [
        FieldPanel("cadre"),
        FieldPanel("schooling_year"),
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                FieldPanel("duration_weeks"),
                FieldPanel("precision"),
                FieldPanel("month_only"),
            ],
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
            if not self.month_only and abs(calendar_weeks - self.duration_weeks) > 1:
                errors["duration_weeks"] = _(
                    "La durée (%(weeks)s semaines) ne correspond pas aux dates, qui couvrent environ %(calendar)s semaines."
                ) % {"weeks": self.duration_weeks, "calendar": calendar_weeks}
        if self.schooling_year and not _is_schooling_year(self.schooling_year):
            errors["schooling_year"] = _("Indiquez la scolarité sous la forme « 2022-2023 ».")
        if errors:
            raise ValidationError(errors)

    def deadline_status(self, now=None):
        return deadline_status(self.offer_deadline, now) if self.offer_deadline else None

    def is_past(self, now=None):
        """True from the day after the period's last day, in Paris (the last day itself is not past)."""
        return paris_today(now) > self.end_date

    @property
    def cadre_short_label(self):
        return SHORT_LABELS[Cadre(self.cadre)]

    @property
    def uid_stem(self):
        """A stable identifier for calendar events: the page and the row (kept when an editor edits it)."""
        return f"stage-{self.page_id}-periode-{self.pk}"


def _is_schooling_year(value):
    first, sep, second = value.partition("-")
    return bool(sep) and first.isdigit() and second.isdigit() and len(first) == 4 and int(second) == int(first) + 1
