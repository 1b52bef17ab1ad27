"""An e-mail address that asked to be told when a call for offers opens, and the calls already announced."""

import datetime
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.cadres import Cadre

from ..stage_types import StageType

CONFIRMATION_DAYS = 7  # a confirmation link is valid 7 days; an unconfirmed subscription is deleted after that
INACTIVE_YEARS = 3  # a confirmed subscription is deleted after 3 years without the subscriber confirming again
REMINDER_DAYS = 14  # the reminder goes 14 days before the offers deadline


def new_key():
    return secrets.token_urlsafe(32)


class AlertSubscription(models.Model):
    """One address, its stage types and cadres d'emplois; what it asked last waits for confirmation.

    ``requested_*`` is what the form last asked; confirming the link copies it to ``stage_types`` and ``cadres``
    (the choices alerts follow). So a second request for the same address creates nothing and changes nothing until
    its owner confirms, and a stranger typing someone's address learns nothing and changes nothing.
    """

    email = models.EmailField(_("adresse électronique"), unique=True)
    key = models.CharField(_("clé des liens"), max_length=64, unique=True, default=new_key, editable=False)
    stage_types = models.JSONField(_("types de stage"), default=list, blank=True)
    cadres = models.JSONField(_("cadres d'emplois"), default=list, blank=True, help_text=_("Vide : tous."))
    requested_stage_types = models.JSONField(_("types de stage demandés"), default=list, blank=True)
    requested_cadres = models.JSONField(_("cadres d'emplois demandés"), default=list, blank=True)
    requested_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    last_activity_at = models.DateTimeField(
        _("dernière activité"), default=timezone.now, help_text=_("Inscription ou confirmation de l'abonné.")
    )

    class Meta:
        verbose_name = _("abonnement aux alertes")
        verbose_name_plural = _("abonnements aux alertes")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Abonnement {self.pk}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def link_expires_at(self):
        return self.requested_at + datetime.timedelta(days=CONFIRMATION_DAYS)

    def link_is_valid(self, now=None):
        return (now or timezone.now()) < self.link_expires_at()

    def matches(self, stage_type, cadres):
        """Does this confirmed subscription follow ``stage_type`` for one of ``cadres``?"""
        return stage_type in self.stage_types and (not self.cadres or bool(set(self.cadres) & set(cadres)))

    def stage_type_labels(self, requested=False):
        values = self.requested_stage_types if requested else self.stage_types
        return [label for value, label in StageType.choices if value in values]

    def cadre_labels(self, requested=False):
        values = self.requested_cadres if requested else self.cadres
        return [label for value, label in Cadre.choices if value in values] or [_("tous les cadres d'emplois")]


class OpenedCall(models.Model):
    """A call for offers that opened (confirmed dates, deadline ahead), announced once to the subscribers.

    A call is one stage page's offers deadline in one schooling year: the projet collectif's three cadres
    d'emplois share one. Moving the deadline makes a new call (the subscribers hear of the new date).
    """

    page = models.ForeignKey(
        "offres.StagePage", verbose_name=_("page du stage"), on_delete=models.CASCADE, related_name="opened_calls"
    )
    schooling_year = models.CharField(_("scolarité"), max_length=9)
    offer_deadline = models.DateField(_("date limite de dépôt"))
    cadres = models.JSONField(_("cadres d'emplois"), default=list)
    opened_at = models.DateTimeField(_("ouvert le"), default=timezone.now)

    class Meta:
        verbose_name = _("appel ouvert")
        verbose_name_plural = _("appels ouverts")
        constraints = [
            models.UniqueConstraint(fields=["page", "schooling_year", "offer_deadline"], name="one_opened_call")
        ]

    def __str__(self):
        return f"{self.page_id} {self.schooling_year} {self.offer_deadline}"
