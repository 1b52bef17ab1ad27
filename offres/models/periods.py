"""When a cadre d'emplois does a stage in a given schooling year, and until when offers are taken."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable

from core.paris import paris_today
from home.cadres import SHORT_LABELS, Cadre
from home.schooling import SchoolingYearField

from ..deadlines import deadline_status


@dataclass
class Schooling:
    """One schooling year of a stage page, with its periods."""

    schooling_year: str
    periods: list
    is_past: bool


class StagePeriod(Orderable):
    """When a cadre d'emplois does this stage in a given schooling, and until when offers are taken."""

    page = ParentalKey(
        "offres.StagePage", verbose_name=_("page de stage"), on_delete=models.CASCADE, related_name="periods"
    )
    cadre = models.CharField(_("cadre d'emplois"), max_length=20, choices=Cadre.choices)
    schooling_year = SchoolingYearField(_("scolarité"))
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


def periods_prefetch():
    return Prefetch("periods", queryset=StagePeriod.objects.order_by("start_date", "sort_order"))
