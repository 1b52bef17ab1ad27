"""One small filter object per facet of the archive; counts follow the query and the other facets."""

from dataclasses import dataclass

from django.db.models import Count

from offres.cadres import SHORT_LABELS, Cadre

from .models import CollectiviteType, ProjectPage


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


class Facet:
    """``name`` is the GET parameter; ``lookup`` the ORM path filtered and counted."""

    def __init__(self, name, label, lookup, label_lookup=None, labels=None, sort_by_label=True, label_for=None):
        self.label_for = label_for
        self.name = name
        self.label = label
        self.lookup = lookup
        self.label_lookup = label_lookup
        self.labels = labels or {}
        self.sort_by_label = sort_by_label

    def label_of(self, value):
        if self.label_for:
            return self.label_for(value)
        return self.labels.get(value, value)

    def filter(self, queryset, values):
        if not values:
            return queryset
        matching = ProjectPage.objects.filter(**{f"{self.lookup}__in": values}).values("pk")
        return queryset.filter(pk__in=matching)

    def options(self, queryset, selected):
        """Options present in ``queryset`` (one aggregate query), plus selected ones even at zero."""
        fields = [self.lookup] + ([self.label_lookup] if self.label_lookup else [])
        rows = queryset.values(*fields).annotate(count=Count("pk", distinct=True)).order_by()
        options = {}
        for row in rows:
            value = row[self.lookup]
            if value in (None, ""):
                continue
            value = str(value)
            label = row[self.label_lookup] if self.label_lookup else self.label_of(value)
            options[value] = Option(value, str(label), row["count"], value in selected)
        for value in selected:
            if value not in options:
                options[value] = Option(value, str(self.label_of(value)), 0, True)
        ordered = list(options.values())
        if self.sort_by_label:
            ordered.sort(key=lambda option: option.label.lower())
        else:
            ordered.sort(key=lambda option: option.value, reverse=True)
        return ordered


def year_label(value):
    year = int(value)
    return f"{year}-{year + 1}"


FACETS = [
    Facet("theme", "Thématique", "themes__slug", "themes__name"),
    Facet("annee", "Année de scolarité", "year", sort_by_label=False, label_for=lambda value: year_label(value)),
    Facet("type", "Type de collectivité", "collectivite__type", labels=dict(CollectiviteType.choices)),
    Facet("region", "Région", "collectivite__region"),
    Facet("cadre", "Cadre d'emplois des auteurs", "authors__track", labels={c.value: SHORT_LABELS[c] for c in Cadre}),
    Facet("promotion", "Promotion", "promotions__slug", "promotions__name"),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


def apply(queryset, selections, *, skip=None):
    """``queryset`` filtered by every facet's selection except ``skip``'s (disjunctive faceting)."""
    for facet in FACETS:
        if facet.name != skip:
            queryset = facet.filter(queryset, selections.get(facet.name, []))
    return queryset


def facet_options(queryset, selections, hidden=()):
    """Each visible facet with its options, counted over the other facets' selections."""
    return [
        (facet, facet.options(apply(queryset, selections, skip=facet.name), selections.get(facet.name, [])))
        for facet in FACETS
        if facet.name not in hidden
    ]
