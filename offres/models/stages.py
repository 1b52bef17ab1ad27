"""One page per stage type: what it is, for which cadre d'emplois, when, and how to offer one."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.paris import paris_today
from home.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from home.cadres import SHORT_LABELS, Cadre
from home.models import BasePage, ContactSettings
from search.mixins import FrenchSearchMixin

from ..alerts.forms import AlertForm
from ..api import stage_dates
from ..calendar import build_calendar, feed_cadre, feed_links, ics_response
from ..calls import call_state
from ..proposals.views import ProposalFormMixin
from ..stage_types import StageType
from .periods import Schooling


class StagePage(ProposalFormMixin, RoutablePageMixin, FrenchSearchMixin, BasePage):
    """One stage type: what it is, for which cadre d'emplois, when, and how to offer one."""

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

    search_kind = "stages"  # its kind among the site search's results
    parent_page_types = ["offres.StageIndexPage"]
    subpage_types = []

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.FilterField("stage_type"),
        *FrenchSearchMixin.french_search_fields,
    ]

    api_fields = [
        APIField("summary"),
        APIField("stage_type"),
        APIField("contribution"),
        APIField("min_population"),
        APIField("team_size"),
        APIField("dates"),
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
    cadre_panels = [
        InlinePanel("cadre_contents", label=_("Contenu pour un cadre d'emplois"), heading=_("Par cadre d'emplois"))
    ]
    period_panels = [InlinePanel("periods", label=_("Période"), heading=_("Périodes et dates limites"))]
    step_panels = [InlinePanel("steps", label=_("Étape"), heading=_("Étapes clés"))]
    settings_panels = [*BasePage.settings_panels, FieldPanel("accepts_proposals")]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(cadre_panels, heading=_("Par cadre d'emplois")),
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

    def schoolings(self, now=None):
        """The schooling years of this stage, current and upcoming first (soonest first), then past ones
        (latest first). A schooling year is past once every one of its periods has ended in Paris: the last day of
        a period still belongs to the current schooling year, the next day does not."""
        by_year = {}
        for period in self.sorted_periods():
            by_year.setdefault(period.schooling_year, []).append(period)
        schoolings = [
            Schooling(year, periods, all(p.is_past(now) for p in periods)) for year, periods in by_year.items()
        ]
        current = sorted((s for s in schoolings if not s.is_past), key=lambda s: s.periods[0].start_date)
        past = sorted((s for s in schoolings if s.is_past), key=lambda s: s.periods[0].start_date, reverse=True)
        return current + past

    def current_schoolings(self, now=None):
        return [schooling for schooling in self.schoolings(now) if not schooling.is_past]

    def past_schoolings(self, now=None):
        return [schooling for schooling in self.schoolings(now) if schooling.is_past]

    def cadres(self):
        present = {p.cadre for p in self.periods.all()}
        return [cadre for cadre in Cadre if cadre in present]

    def cadre_labels(self):
        return [SHORT_LABELS[cadre] for cadre in self.cadres()]

    def has_cadre(self, cadre):
        return any(p.cadre == cadre for p in self.periods.all())

    def card(self, now=None, cadre=""):
        """What the index shows for this stage (for one cadre d'emplois when ``cadre`` is given): cadres, durations,
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
            "call": call_state(periods, now),
        }

    @property
    def dates(self):
        """Periods, deadlines and key steps with their status, for the API v2 (``offres.api``)."""
        return stage_dates(self)

    def call_state(self, now=None, cadre=""):
        """What is true today of this stage's call for offers, in words (``offres.calls``)."""
        return call_state([p for p in self.periods.all() if not cadre or p.cadre == cadre], now)

    def sorted_steps(self):
        return sorted(self.steps.all(), key=lambda s: (s.date, s.sort_order or 0))

    def upcoming_steps(self, now=None):
        """Key steps whose last day is today or later (Paris)."""
        today = paris_today(now)
        return [step for step in self.sorted_steps() if step.last_date >= today]

    def past_steps(self, now=None):
        today = paris_today(now)
        return [step for step in self.sorted_steps() if step.last_date < today]

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
        schoolings = self.schoolings()
        context.update(
            current_schoolings=[schooling for schooling in schoolings if not schooling.is_past],
            past_schoolings=[schooling for schooling in schoolings if schooling.is_past],
            next_offer_period=self.next_offer_period(),
            call=self.call_state(),
            calendar=feed_links(request, self.url + "echeances.ics"),
            alert_form=AlertForm(initial={"stage_types": [self.stage_type]}, auto_id="alerte-%s"),
            contact=self.contact(request),
            cadre_contents=list(self.cadre_contents.all()),
            steps=self.upcoming_steps(),
            past_steps=self.past_steps(),
        )
        return context

    @re_path(r"^echeances\.ics/?$", name="calendar_feed")
    def calendar_feed(self, request):
        cadre = feed_cadre(request)
        suffix = f"-{cadre}" if cadre else ""
        return ics_response(build_calendar([self], request, cadre), f"inet-{self.slug}{suffix}.ics")

    def search_body_parts(self):
        prose = [self.benefit, self.host_commitments]
        for content in self.cadre_contents.all():
            prose += [content.objectives, content.modalities, content.missions]
        return [
            self.summary,
            self.get_stage_type_display(),
            *(p.get_cadre_display() for p in self.periods.all()),
            *(strip_tags(text) for text in prose if text),
        ]
