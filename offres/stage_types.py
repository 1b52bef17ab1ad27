"""The six stage types; apart from the page models so that the proposals can name them too."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StageType(models.TextChoices):
    OBSERVATION = "observation", _("Stage d'observation")
    THEMATIQUE = "thematique", _("Stage thématique")
    PROJET_COLLECTIF = "projet_collectif", _("Projet collectif")
    OUVERTURE = "ouverture", _("Stage d'ouverture")
    PERFECTIONNEMENT = "perfectionnement", _("Stage de perfectionnement")
    PROFESSIONNALISATION = "professionnalisation", _("Stage de professionnalisation")
