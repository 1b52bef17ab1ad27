"""The three cadres d'emplois of INET's students: a word both domain apps use (stages, projects)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Cadre(models.TextChoices):
    ADMINISTRATEUR = "administrateur", _("Élèves administrateurs territoriaux")
    CONSERVATEUR = "conservateur", _("Élèves conservateurs territoriaux de bibliothèques")
    INGENIEUR = "ingenieur", _("Élèves ingénieurs en chef territoriaux")


SHORT_LABELS = {
    Cadre.ADMINISTRATEUR: _("administrateurs"),
    Cadre.CONSERVATEUR: _("conservateurs de bibliothèques"),
    Cadre.INGENIEUR: _("ingénieurs en chef"),
}
