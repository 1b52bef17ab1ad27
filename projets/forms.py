"""Every query string of the archive goes through this form: bad input gives a French message, never a 500."""

import re

from django import forms

from core.purge import PAGES, SNIPPETS
from core.shared import SharedItem
from home.cadres import SHORT_LABELS, Cadre
from search.query import MAX_QUERY_LENGTH, clean_query

from .models.project import ProjectPage
from .models.taxonomy import Collectivite, CollectiviteType, Promotion, Thematique

FACET_NAMES = ("theme", "scolarite", "type", "region", "cadre", "promotion", "collectivite", "personne")
SLUG_VALUE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

SORTS = [("pertinence", "Pertinence"), ("recent", "Les plus récents"), ("collectivite", "Collectivité (A à Z)")]


def _read_choices():
    years = ProjectPage.objects.values_list("schooling_year", flat=True).distinct().order_by("-schooling_year")
    return {
        "theme": list(Thematique.objects.values_list("slug", "name")),
        "promotion": [(p.slug, str(p)) for p in Promotion.objects.all()],
        "region": [(region, region) for region in Collectivite.objects.values_list("region", flat=True).distinct()],
        "scolarite": [(year, year) for year in years],
    }


FILTER_CHOICES = SharedItem(
    "archive_filter_choices",
    build=_read_choices,
    purged_by=(PAGES, SNIPPETS),
    doc="The choices of the archive's filters read from the database: themes, promotions, regions, years.",
)


def filter_choices():
    return FILTER_CHOICES.get()


class SlugChoiceField(forms.MultipleChoiceField):
    """Values of a facet too large for a list of choices (people, collectivités): any slug is well formed; the
    archive's index knows which exist (an unknown one keeps no project)."""

    def valid_value(self, value):
        return len(value) <= 250 and bool(SLUG_VALUE.match(value))


class ArchiveForm(forms.Form):
    q = forms.CharField(label="Mots recherchés", required=False, max_length=MAX_QUERY_LENGTH * 5)
    theme = forms.MultipleChoiceField(label="Thématique", required=False)
    scolarite = forms.MultipleChoiceField(label="Scolarité", required=False)
    type = forms.MultipleChoiceField(label="Type de collectivité", required=False, choices=CollectiviteType.choices)
    region = forms.MultipleChoiceField(label="Région", required=False)
    cadre = forms.MultipleChoiceField(
        label="Cadre d'emplois des auteurs", required=False, choices=[(c.value, SHORT_LABELS[c]) for c in Cadre]
    )
    promotion = forms.MultipleChoiceField(label="Promotion", required=False)
    collectivite = SlugChoiceField(label="Collectivité", required=False)
    personne = SlugChoiceField(label="Personnes", required=False)
    collectivite_q = forms.CharField(label="Chercher une collectivité", required=False, max_length=100)
    personne_q = forms.CharField(label="Chercher une personne", required=False, max_length=100)
    tri = forms.ChoiceField(label="Trier par", required=False, choices=SORTS)
    page = forms.IntegerField(label="Page", required=False, min_value=1, max_value=100_000)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for name, choices in filter_choices().items():
            self.fields[name].choices = choices
        for form_field in self.fields.values():
            form_field.error_messages.update(
                {
                    "invalid_choice": "Ce filtre n'existe pas ou plus : il a été ignoré.",
                    "invalid_list": "Liste de valeurs attendue : elle a été ignorée.",
                    "invalid": "Valeur incorrecte : elle a été ignorée.",
                    "min_value": "Numéro de page incorrect : la première page est affichée.",
                    "max_value": "Numéro de page incorrect : la première page est affichée.",
                    "max_length": "Recherche trop longue : elle a été ignorée.",
                }
            )

    def values(self):
        """The valid part of the query string (invalid fields are dropped, their errors shown)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": clean_query(data.get("q") or ""),
            "selections": {name: [str(value) for value in data.get(name) or []] for name in FACET_NAMES},
            "searches": {name: clean_query(data.get(f"{name}_q") or "") for name in ("collectivite", "personne")},
            "tri": data.get("tri") or "",
            "page": data.get("page") or 1,
        }

    def labels(self, name):
        return {str(value): str(label) for value, label in self.fields[name].choices}


class ReturnForm(forms.Form):
    """``?retour=`` on a project page: the archive's query string, to come back with the filters intact."""

    retour = forms.CharField(required=False, max_length=2000)

    def clean_retour(self):
        value = self.cleaned_data["retour"]
        if not value or any(char in value for char in "\r\n#") or "://" in value:
            raise forms.ValidationError("Adresse de retour ignorée.")
        return value.lstrip("?")
