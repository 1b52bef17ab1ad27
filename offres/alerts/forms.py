"""The alert form: an e-mail address, one or more stage types, cadres d'emplois (none ticked: all)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.cadres import SHORT_LABELS, Cadre

from ..stage_types import StageType

HONEYPOT_FIELD = "site_web"


class AlertForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("Par exemple prenom.nom@ville.fr. Un courriel vous demandera de confirmer."),
        max_length=254,
        error_messages={
            "required": _("Saisissez votre adresse électronique."),
            "invalid": _("Saisissez une adresse électronique valide, par exemple prenom.nom@ville.fr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    stage_types = forms.MultipleChoiceField(
        label=_("Types de stage"),
        choices=StageType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cochez au moins un type de stage."),
            "invalid_choice": _("Ce type de stage n'existe pas."),
        },
    )
    cadres = forms.MultipleChoiceField(
        label=_("Cadres d'emplois"),
        help_text=_("Aucun coché : tous les cadres d'emplois."),
        required=False,
        choices=[(cadre.value, SHORT_LABELS[cadre].capitalize()) for cadre in Cadre],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Ce cadre d'emplois n'existe pas.")},
    )
    site_web = forms.CharField(label=_("Ne pas remplir"), required=False)

    def __init__(self, *args, stage_types=None, **kwargs):
        """``stage_types``: the choices offered (the live stage pages' types); all by default."""
        super().__init__(*args, **kwargs)
        if stage_types is not None:
            self.fields["stage_types"].choices = [(v, label) for v, label in StageType.choices if v in stage_types]

    def is_bot(self):
        return bool(self.data.get(HONEYPOT_FIELD))
