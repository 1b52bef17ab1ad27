"""The texts of the proposal form and of its e-mails, editable by INET in the admin (a site setting)."""

import string

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# Months a proposal is kept after it arrives, unless the site setting says otherwise (the privacy page states it).
DEFAULT_RETENTION_MONTHS = 36

# The placeholders of the decision e-mails, sent to addresses the sender typed: only what INET or the site wrote.
# The collectivité's name and the mission's title are typed by the sender, so they are left out (the form is no
# relay for someone else's text); INET's own notices may name them.
DECISION_PLACEHOLDERS = {
    "reference": _("la référence de la proposition"),
    "stage": _("le type de stage"),
    "etapes": _("les prochaines étapes du cycle, avec leurs dates"),
    "lien": _("le lien personnel de la proposition"),
}
PLACEHOLDER_HELP = _(
    "Remplacés : {reference}, {stage}, {etapes} (prochaines étapes et dates), {lien} (lien personnel)."
)

DEFAULT_ACCEPTED_BODY = """Bonjour,

L'INET a le plaisir de vous annoncer que votre proposition {reference} ({stage}) est retenue.

Les prochaines étapes :
{etapes}

Votre proposition reste consultable à votre lien personnel :
{lien}

L'équipe stages de l'INET
stages.inet@cnfpt.fr"""

DEFAULT_REJECTED_BODY = """Bonjour,

L'INET vous remercie pour votre proposition {reference} ({stage}). Elle n'a pas été retenue pour ce cycle : le nombre
de propositions reçues dépasse celui des élèves à accueillir.

Votre proposition reste consultable à votre lien personnel :
{lien}

Nous espérons vous compter parmi les collectivités d'accueil d'un prochain cycle.

L'équipe stages de l'INET
stages.inet@cnfpt.fr"""


def placeholders_in(text):
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}


def fill(template, values):
    """``template`` with its placeholders replaced; a text INET broke (an unknown or unclosed brace) is sent as is."""
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        return template


@register_setting(icon="form")
class ProposalSettings(BaseSiteSetting):
    """Texts and addresses of the proposal form, editable by INET without a developer."""

    intro = models.TextField(
        _("introduction du formulaire"),
        blank=True,
        max_length=1000,
        default=(
            "Proposez en ligne l'accueil d'élèves de l'INET. Vous recevrez aussitôt un accusé de réception avec "
            "la référence de votre proposition et un lien personnel pour la relire et la modifier jusqu'à la date "
            "limite."
        ),
    )
    thanks_text = models.TextField(
        _("texte de remerciement"),
        blank=True,
        max_length=1000,
        default=(
            "Merci, votre proposition est bien enregistrée. Un accusé de réception vient d'être envoyé au directeur "
            "général des services, au tuteur et au contact RH. Imprimez la version à signer par le DGS et "
            "renvoyez-la à l'INET."
        ),
    )
    receipt_subject = models.CharField(
        _("objet de l'accusé de réception"),
        max_length=200,
        default="INET – Votre proposition {reference} est enregistrée",
        help_text=_("« {reference} » est remplacé par la référence de la proposition."),
    )
    notice_subject = models.CharField(
        _("objet de la notification à l'INET"),
        max_length=200,
        default="Nouvelle proposition {reference} – {collectivite}",
        help_text=_("« {reference} » et « {collectivite} » sont remplacés."),
    )
    inet_email = models.EmailField(_("boîte de réception de l'INET"), default="stages.inet@cnfpt.fr")
    to_complete_subject = models.CharField(
        _("objet du courriel « à compléter »"),
        max_length=200,
        default="INET – Votre proposition {reference} est à compléter",
        help_text=PLACEHOLDER_HELP,
    )
    accepted_subject = models.CharField(
        _("objet du courriel « retenue »"),
        max_length=200,
        default="INET – Votre proposition {reference} est retenue",
        help_text=PLACEHOLDER_HELP,
    )
    accepted_body = models.TextField(
        _("texte du courriel « retenue »"), max_length=4000, default=DEFAULT_ACCEPTED_BODY, help_text=PLACEHOLDER_HELP
    )
    rejected_subject = models.CharField(
        _("objet du courriel « non retenue »"),
        max_length=200,
        default="INET – Votre proposition {reference}",
        help_text=PLACEHOLDER_HELP,
    )
    rejected_body = models.TextField(
        _("texte du courriel « non retenue »"),
        max_length=4000,
        default=DEFAULT_REJECTED_BODY,
        help_text=PLACEHOLDER_HELP,
    )
    retention_months = models.PositiveSmallIntegerField(
        _("durée de conservation (mois)"),
        default=DEFAULT_RETENTION_MONTHS,
        help_text=_("Les propositions plus anciennes sont supprimées par la commande purge_proposals."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("intro"), FieldPanel("thanks_text")], heading=_("Textes du formulaire")),
        MultiFieldPanel(
            [FieldPanel("receipt_subject"), FieldPanel("notice_subject"), FieldPanel("inet_email")],
            heading=_("Courriels"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("to_complete_subject"),
                FieldPanel("accepted_subject"),
                FieldPanel("accepted_body"),
                FieldPanel("rejected_subject"),
                FieldPanel("rejected_body"),
            ],
            heading=_("Courriels de décision"),
        ),
        FieldPanel("retention_months"),
    ]

    class Meta:
        verbose_name = _("formulaire de proposition")

    def clean(self):
        super().clean()
        errors = {}
        for name in ("to_complete_subject", "accepted_subject", "accepted_body", "rejected_subject", "rejected_body"):
            try:
                unknown = placeholders_in(getattr(self, name)) - set(DECISION_PLACEHOLDERS)
            except ValueError:
                errors[name] = _("Une accolade n'est pas fermée : écrivez {reference}, {stage}, {etapes} ou {lien}.")
                continue
            if unknown:
                errors[name] = _("Inconnu : %(names)s. Remplacés : {reference}, {stage}, {etapes}, {lien}.") % {
                    "names": ", ".join("{" + name + "}" for name in sorted(unknown))
                }
        if errors:
            raise ValidationError(errors)
