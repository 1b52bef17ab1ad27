"""The index's query string (``?cadre=…&scolarite=…``) goes through this form: bad values never raise."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.cadres import SHORT_LABELS, Cadre


class StageFilterForm(forms.Form):
    cadre = forms.ChoiceField(
        label=_("Cadre d'emplois"),
        required=False,
        choices=[("", _("Tous les cadres d'emplois")), *((c.value, SHORT_LABELS[c].capitalize()) for c in Cadre)],
        error_messages={"invalid_choice": _("Ce cadre d'emplois n'existe pas : tous les stages sont affichés.")},
    )
    scolarite = forms.ChoiceField(
        label=_("Scolarité de la frise"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Cette scolarité n'est pas au calendrier : la scolarité en cours ou la prochaine est affichée."
            )
        },
    )

    def __init__(self, *args, schooling_years=(), default=None, **kwargs):
        """``schooling_years`` in chronological order; ``default``: the one the timeline opens on."""
        super().__init__(*args, **kwargs)
        self.fields["scolarite"].choices = [(year, year) for year in schooling_years]
        self.fields["scolarite"].initial = default or (schooling_years[0] if schooling_years else None)

    def selected(self):
        """(cadre, schooling year) from valid fields only; an invalid field falls back to its default."""
        if not self.is_bound:
            return "", ""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("cadre", ""), data.get("scolarite", "")
