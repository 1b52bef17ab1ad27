"""A proposal sent by a collectivité through a stage page, its history and its outgoing e-mails."""

import re

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from core.paris import paris_today
from home.cadres import Cadre
from home.schooling import SchoolingYearField

from ..stage_types import StageType
from .siret import format_siret
from .storage import private_storage
from .texts import DEFAULT_RETENTION_MONTHS, ProposalSettings  # noqa: F401 -- the setting lives with its texts

# One reference prefix per stage type that takes offers.
REFERENCE_PREFIXES = {"projet_collectif": "PC", "observation": "SO", "thematique": "ST"}
TOKEN_SALT = "offres.proposal.personal-link"  # noqa: S105 - a signing namespace, not a secret

TOKEN_PATTERN = re.compile(r"^([A-Z]{2}-\d{4}-\d{4,})_([A-Za-z0-9_-]{20,100})$")

LONG_TEXT_MAX = 4000
PRACTICAL_TEXT_MAX = 2000
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class ProposalStatus(models.TextChoices):
    RECEIVED = "recue", _("Reçue")
    TO_COMPLETE = "a_completer", _("À compléter")
    COMPLETED = "completee", _("Complétée")
    ACCEPTED = "retenue", _("Retenue")
    REJECTED = "non_retenue", _("Non retenue")
    DROPPED = "sans_suite", _("Sans suite")


# The status workflow: from each status, the statuses the team may move a proposal to. « Complétée » is set by the
# collectivité's amendment of a proposal « à compléter » (the team may set it too, after a correction by e-mail).
STATUS_TRANSITIONS = {
    ProposalStatus.RECEIVED: [
        ProposalStatus.TO_COMPLETE,
        ProposalStatus.ACCEPTED,
        ProposalStatus.REJECTED,
        ProposalStatus.DROPPED,
    ],
    ProposalStatus.TO_COMPLETE: [ProposalStatus.COMPLETED, ProposalStatus.REJECTED, ProposalStatus.DROPPED],
    ProposalStatus.COMPLETED: [
        ProposalStatus.TO_COMPLETE,
        ProposalStatus.ACCEPTED,
        ProposalStatus.REJECTED,
        ProposalStatus.DROPPED,
    ],
    ProposalStatus.ACCEPTED: [ProposalStatus.DROPPED],
    ProposalStatus.REJECTED: [ProposalStatus.COMPLETED],
    ProposalStatus.DROPPED: [],
}
# Before the offers deadline, the personal link amends a proposal INET has not decided on.
OPEN_STATUSES = (ProposalStatus.RECEIVED, ProposalStatus.COMPLETED)


class Proposal(models.Model):
    """One offer: a projet collectif mission, or a host for an observation / thématique stage."""

    reference = models.CharField(_("référence"), max_length=16, unique=True, editable=False)
    stage_page = models.ForeignKey(
        "offres.StagePage",
        verbose_name=_("page de stage"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        editable=False,
    )
    period = models.ForeignKey(
        "offres.StagePeriod",
        verbose_name=_("période"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        editable=False,
    )
    stage_type = models.CharField(_("type de stage"), max_length=32, choices=StageType.choices, editable=False)
    schooling_year = SchoolingYearField(_("scolarité"), editable=False)
    cadre = models.CharField(_("cadre d'emplois souhaité"), max_length=20, choices=Cadre.choices, blank=True)
    offer_deadline = models.DateField(_("date limite de dépôt"), null=True, editable=False)
    status = models.CharField(
        _("statut"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.RECEIVED
    )
    submitted_at = models.DateTimeField(_("reçue le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suivie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_proposals",
        limit_choices_to={"groups__name": "Équipe stages", "is_active": True},
    )
    amend_until = models.DateField(
        _("à compléter jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Le lien personnel rouvre la proposition jusqu'à ce jour inclus (heure de Paris)."),
    )
    attachment = models.FileField(
        _("pièce jointe (PDF)"), storage=private_storage, upload_to="propositions/%Y/", blank=True, max_length=200
    )
    several_from_siret = models.BooleanField(
        _("plusieurs propositions de ce SIRET"),
        default=False,
        editable=False,
        help_text=_(
            "La collectivité a envoyé plusieurs propositions pour ce cycle : une seule sera proposée aux élèves."
        ),
    )

    # Collectivité
    collectivite_nom = models.CharField(_("Nom de la collectivité"), max_length=200)
    siret = models.CharField(_("N° de SIRET"), max_length=14)
    collectivite_adresse = models.TextField(_("Adresse complète de la collectivité"), max_length=500)
    locaux_adresse = models.TextField(_("Adresse des locaux accueillant l'équipe"), max_length=500, blank=True)
    rh_contact = models.CharField(_("Contact RH pour la convention"), max_length=200)
    rh_courriel = models.EmailField(_("Courriel du contact RH"), max_length=254)

    # Directeur général des services (projet collectif)
    dgs_nom = models.CharField(_("Nom du DGS"), max_length=100, blank=True)
    dgs_prenom = models.CharField(_("Prénom du DGS"), max_length=100, blank=True)
    dgs_courriel = models.EmailField(_("Courriel du DGS"), max_length=254, blank=True)
    dgs_telephone = models.CharField(_("Téléphone du DGS"), max_length=30, blank=True)

    # Tuteur
    tuteur_nom = models.CharField(_("Nom du tuteur"), max_length=100)
    tuteur_prenom = models.CharField(_("Prénom du tuteur"), max_length=100)
    tuteur_fonction = models.CharField(_("Fonction du tuteur"), max_length=200)
    tuteur_courriel = models.EmailField(_("Courriel du tuteur"), max_length=254)
    tuteur_telephone = models.CharField(_("Téléphone du tuteur"), max_length=30)

    # Mission
    intitule = models.CharField(_("Intitulé"), max_length=250)
    contexte = models.TextField(_("Contexte et raisons d'émergence"), max_length=LONG_TEXT_MAX)
    enjeux = models.TextField(_("Enjeux stratégiques"), max_length=LONG_TEXT_MAX, blank=True)
    objectifs = models.TextField(
        _("Objectifs opérationnels et résultats attendus"), max_length=LONG_TEXT_MAX, blank=True
    )
    valeur_ajoutee = models.TextField(
        _("Valeur ajoutée d'une approche inter-filières"), max_length=LONG_TEXT_MAX, blank=True
    )
    aspects_pratiques = models.TextField(
        _("Aspects pratiques et logistiques"), max_length=PRACTICAL_TEXT_MAX, blank=True
    )

    # Commitments
    portage_direction_generale = models.BooleanField(_("projet porté par le DGS ou un DGA"), default=False)
    contribution_acceptee = models.BooleanField(_("participation forfaitaire acceptée"), default=False)
    consentement = models.BooleanField(_("consentement au traitement des données"), default=False)

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["siret", "stage_type", "schooling_year"], name="offres_prop_siret_year_idx")]

    def __str__(self):
        return f"{self.reference} – {self.collectivite_nom}"

    @property
    def siret_display(self):
        return format_siret(self.siret)

    @property
    def prefix(self):
        return REFERENCE_PREFIXES.get(self.stage_type, "PR")

    @property
    def personal_token(self):
        """``PC-2024-0001_<HMAC>``: only [A-Za-z0-9_-], as Wagtail's page URLs allow."""
        return f"{self.reference}_{signing.Signer(salt=TOKEN_SALT).signature(self.reference)}"

    @classmethod
    def from_token(cls, token):
        """The proposal a personal link points to, or None when the signature does not match."""
        match = TOKEN_PATTERN.match(str(token))
        if not match:
            return None
        reference, signature = match.groups()
        if not constant_time_compare(signature, signing.Signer(salt=TOKEN_SALT).signature(reference)):
            return None
        return cls.objects.select_related("stage_page", "period").filter(reference=reference).first()

    def is_amendable(self, now=None):
        """The submitter amends until the deadline of the proposal's period (Europe/Paris rule) while INET has not
        decided; « à compléter » reopens it until the day the team set, even after the deadline. A proposal retenue,
        non retenue or sans suite only reads."""
        if self.status == ProposalStatus.TO_COMPLETE:
            return bool(self.amend_until and paris_today(now) <= self.amend_until)
        if self.status not in OPEN_STATUSES or self.period is None:
            return False
        status = self.period.deadline_status(now)
        return bool(status and status.is_open)

    def amendable_until(self):
        return self.amend_until if self.status == ProposalStatus.TO_COMPLETE else self.offer_deadline

    def submitter_emails(self):
        """DGS, tutor and HR contact, each once, in that order."""
        seen = []
        for email in (self.dgs_courriel, self.tuteur_courriel, self.rh_courriel):
            if email and email.lower() not in (known.lower() for known in seen):
                seen.append(email)
        return seen

    def allowed_statuses(self):
        return STATUS_TRANSITIONS.get(ProposalStatus(self.status), [])

    def flag_several_from_siret(self):
        """Flag every proposal of this SIRET in this schooling year and stage type when there is more than one."""
        siblings = Proposal.objects.filter(
            siret=self.siret, stage_type=self.stage_type, schooling_year=self.schooling_year
        )
        if siblings.count() > 1:
            siblings.update(several_from_siret=True)
            self.several_from_siret = True

    def save_new(self):
        """Save a new proposal with the next free reference ``PC-2024-0001`` (retries on a concurrent save)."""
        year = (self.offer_deadline or timezone.localdate()).year
        stem = f"{self.prefix}-{year}-"
        for _attempt in range(5):
            last = (
                Proposal.objects.filter(reference__startswith=stem)
                .order_by("-reference")
                .values_list("reference", flat=True)
            ).first()
            number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
            self.reference = f"{stem}{number:04d}"
            try:
                with transaction.atomic():
                    self.save()
                    ProposalEvent.objects.create(
                        proposal=self,
                        kind=ProposalEvent.Kind.STATUS,
                        to_status=self.status,
                        text=_("Proposition reçue"),
                    )
                    self.flag_several_from_siret()
                return self
            except IntegrityError:
                self.pk = None
                continue
        raise IntegrityError("Impossible d'attribuer une référence unique.")


class ProposalEvent(models.Model):
    """The history of a proposal: status changes, amendments by the submitter, internal notes."""

    class Kind(models.TextChoices):
        STATUS = "statut", _("Changement de statut")
        AMENDED = "modification", _("Modification par la collectivité")
        NOTE = "note", _("Note interne")
        ASSIGNED = "suivi", _("Suivi attribué")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposition"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("date"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), null=True, blank=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    from_status = models.CharField(_("ancien statut"), max_length=16, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(_("nouveau statut"), max_length=16, choices=ProposalStatus.choices, blank=True)
    text = models.TextField(_("texte"), blank=True, max_length=4000)
    message = models.TextField(_("message à la collectivité"), blank=True, max_length=4000)
    changes = models.JSONField(_("valeurs modifiées"), default=list, blank=True)

    class Meta:
        verbose_name = _("événement de proposition")
        verbose_name_plural = _("historique des propositions")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.proposal_id} {self.get_kind_display()} {self.at:%Y-%m-%d}"


class OutgoingEmail(models.Model):
    """An e-mail written with its proposal; sent by the worker (claimed first), retried with back-off until it leaves."""

    class Kind(models.TextChoices):
        RECEIPT = "accuse", _("Accusé de réception")
        NOTICE = "notification", _("Notification à l'INET")
        AMENDED = "modification", _("Modification signalée à l'INET")
        CONTACT_CHANGED = "contact", _("Avis à une adresse retirée")
        TO_COMPLETE = "a_completer", _("Demande de compléments")
        ACCEPTED = "retenue", _("Proposition retenue")
        REJECTED = "non_retenue", _("Proposition non retenue")
        DRAFT_LINK = "brouillon", _("Lien d'un brouillon")
        ALERT_CONFIRM = "alerte_confirmer", _("Alerte : lien de confirmation")
        ALERT_OPENING = "alerte_ouverture", _("Alerte : ouverture d'un appel")
        ALERT_REMINDER = "alerte_rappel", _("Alerte : rappel avant la date limite")

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposition"),
        on_delete=models.CASCADE,
        related_name="emails",
        null=True,
        blank=True,
        help_text=_("Vide pour un courriel qui ne concerne pas une proposition."),
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    # What makes an e-mail unique (e.g. one alert per subscription and call): a second write of it is refused.
    dedupe_key = models.CharField(_("clé d'unicité"), max_length=200, null=True, blank=True, unique=True)
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    # Small text attachments (an .ics): [{"filename", "content_type", "content"}], stored with the e-mail.
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    recipients = models.JSONField(_("destinataires"), default=list)
    subject = models.CharField(_("objet"), max_length=250)
    body = models.TextField(_("texte"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    next_attempt_at = models.DateTimeField(_("prochain essai"), default=timezone.now, db_index=True)
    claimed_until = models.DateTimeField(_("pris en charge jusqu'au"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("courriel")
        verbose_name_plural = _("courriels")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.proposal_id}"
