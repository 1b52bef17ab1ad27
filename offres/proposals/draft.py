"""A proposal saved half-typed, without an account: what was typed, and the signed link that brings it back."""

import datetime
import re
import uuid

from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from core.paris import paris_today

from ..stage_types import StageType

DRAFT_SALT = "offres.proposal.draft-link"  # noqa: S105 - a signing namespace, not a secret
DRAFT_TOKEN_PATTERN = re.compile(r"^([0-9a-f]{32})_([A-Za-z0-9_-]{20,100})$")
# Days a draft is kept after the offers deadline of its cycle (the privacy page states it).
DRAFT_RETENTION_DAYS = 30


class ProposalDraft(models.Model):
    """What a collectivité typed, not checked but for sizes; never a proposal (not counted, no reference)."""

    key = models.UUIDField(_("clé"), default=uuid.uuid4, unique=True, editable=False)
    stage_page = models.ForeignKey(
        "offres.StagePage",
        verbose_name=_("page de stage"),
        null=True,
        on_delete=models.CASCADE,
        related_name="proposal_drafts",
        editable=False,
    )
    stage_type = models.CharField(_("type de stage"), max_length=32, choices=StageType.choices, editable=False)
    email = models.EmailField(_("courriel du lien"), max_length=254)
    data = models.JSONField(_("saisie"), default=dict, blank=True)
    offer_deadline = models.DateField(_("date limite de dépôt"), null=True)
    resumed_from = models.CharField(_("reprise de la proposition"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("enregistré le"), auto_now=True)

    class Meta:
        verbose_name = _("brouillon de proposition")
        verbose_name_plural = _("brouillons de propositions")
        ordering = ["-updated_at"]

    def __str__(self):
        name = self.data.get("collectivite_nom") or _("sans nom")
        return f"{self.get_stage_type_display()} – {name}"

    @property
    def token(self):
        return f"{self.key.hex}_{signing.Signer(salt=DRAFT_SALT).signature(self.key.hex)}"

    @classmethod
    def from_token(cls, token):
        match = DRAFT_TOKEN_PATTERN.match(str(token))
        if not match:
            return None
        key, signature = match.groups()
        if not constant_time_compare(signature, signing.Signer(salt=DRAFT_SALT).signature(key)):
            return None
        return cls.objects.filter(key=uuid.UUID(key)).first()

    def is_open(self, now=None):
        """A draft comes back until the offers deadline of its cycle (included, Paris)."""
        return self.offer_deadline is None or paris_today(now) <= self.offer_deadline

    @classmethod
    def expired(cls, now=None):
        """Drafts whose cycle closed more than ``DRAFT_RETENTION_DAYS`` days ago."""
        limit = paris_today(now) - datetime.timedelta(days=DRAFT_RETENTION_DAYS)
        return cls.objects.filter(offer_deadline__lt=limit)
