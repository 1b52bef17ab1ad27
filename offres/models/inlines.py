"""Orderable children of a stage page: the prose per cadre d'emplois and the key steps with their dates."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from home.blocks import RICH_TEXT_FEATURES
from home.cadres import Cadre


class StageCadreContent(Orderable):
    """What the stage is for one cadre d'emplois: objectives, modalities, example missions (prose)."""

    page = ParentalKey(
        "offres.StagePage", verbose_name=_("page de stage"), on_delete=models.CASCADE, related_name="cadre_contents"
    )
    cadre = models.CharField(
        _("cadre d'emplois"),
        max_length=20,
        choices=Cadre.choices,
        blank=True,
        help_text=_("Laisser vide si le texte vaut pour tous les cadres d'emplois du stage."),
    )
    objectives = RichTextField(_("objectifs du stage"), features=RICH_TEXT_FEATURES, blank=True)
    modalities = RichTextField(_("modalités"), features=RICH_TEXT_FEATURES, blank=True)
    missions = RichTextField(_("exemples de missions"), features=RICH_TEXT_FEATURES, blank=True)

    panels = [FieldPanel("cadre"), FieldPanel("objectives"), FieldPanel("modalities"), FieldPanel("missions")]

    class Meta(Orderable.Meta):
        verbose_name = _("contenu par cadre d'emplois")
        verbose_name_plural = _("contenus par cadre d'emplois")

    def __str__(self):
        return str(self.heading)

    @property
    def heading(self):
        if not self.cadre:
            return _("Tous les cadres d'emplois")
        return Cadre(self.cadre).label

    def clean(self):
        if not (self.objectives or self.modalities or self.missions):
            raise ValidationError(
                {"objectives": _("Renseignez au moins les objectifs, les modalités ou des missions.")}
            )


class StageStep(Orderable):
    """A dated step of the stage's calendar (video calls, teams fixed, tutor calls...)."""

    page = ParentalKey(
        "offres.StagePage", verbose_name=_("page de stage"), on_delete=models.CASCADE, related_name="steps"
    )
    label = models.CharField(_("étape"), max_length=200, help_text=_("Par exemple « Constitution des équipes »."))
    date = models.DateField(_("date"))
    end_date = models.DateField(
        _("date de fin"), null=True, blank=True, help_text=_("Pour une étape sur plusieurs jours.")
    )
    description = models.CharField(_("précision"), max_length=300, blank=True)
    indicative = models.BooleanField(
        _("date indicative"),
        default=False,
        help_text=_("Affiche « Date indicative, à confirmer » à côté de la date ; décochez quand elle est confirmée."),
    )

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("end_date")]),
        FieldPanel("description"),
        FieldPanel("indicative"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("étape clé")
        verbose_name_plural = _("étapes clés")

    def __str__(self):
        return self.label

    @property
    def last_date(self):
        return self.end_date or self.date

    @property
    def uid_stem(self):
        """A stable identifier for calendar events (the page and the row)."""
        return f"stage-{self.page_id}-etape-{self.pk}"

    def clean(self):
        if self.date and self.end_date and self.end_date < self.date:
            raise ValidationError(
                {"end_date": _("La date de fin de l'étape doit être postérieure à sa date de début.")}
            )
