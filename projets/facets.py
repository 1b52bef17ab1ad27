"""One small filter object per facet of the archive; counts follow the query and the other facets."""

from dataclasses import dataclass

from django.db.models import Count

from offres.cadres import SHORT_LABELS, Cadre
from search.idset import id_set

from .models import CollectiviteType, ProjectAuthor, ProjectPage


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


class Facet:
    """``name`` is the GET parameter; ``lookup`` the ``ProjectPage`` path filtered on.

    Counts are read from the narrowest table that holds the value (``source``, joined to the
    projects by ``project_field``): the theme and promotion link tables, the authors, or the
    project row itself. One grouped query per facet, over the projects as a subquery: no page is
    loaded and no id list goes through Python, whatever the number of projects.
    """

    def __init__(
        self,
        name,
        label,
        lookup,
        *,
        source=None,
        project_field="pk",
        value_field=None,
        label_field=None,
        distinct=False,
        labels=None,
        sort_by_label=True,
        label_for=None,
    ):
        self.name = name
        self.label = label
        self.lookup = lookup
        self.source = source  # None: the ProjectPage rows themselves
        self.project_field = project_field
        self.value_field = value_field or lookup
        self.label_field = label_field
        self.distinct = distinct  # several rows of ``source`` per project and value (authors of one track)
        self.labels = labels or {}
        self.sort_by_label = sort_by_label
        self.label_for = label_for

    def label_of(self, value):
        if self.label_for:
            return self.label_for(value)
        return self.labels.get(value, value)

    def filter(self, queryset, values):
        """Projects with any of ``values``; a value held in another table is matched by a subquery on it."""
        if not values:
            return queryset
        if self.source is None:  # one value per project: no duplicate rows, filter the column directly
            return queryset.filter(**{f"{self.lookup}__in": values})
        matching = self.source.objects.filter(**{f"{self.value_field}__in": values}).values(self.project_field)
        return queryset.filter(pk__in=matching)

    def count_rows(self, project_ids):
        """``{value: count}`` rows over the projects ``project_ids`` (an ``id_set``), grouped in the database."""
        rows = self.source.objects if self.source is not None else ProjectPage.objects
        rows = rows.filter(**{f"{self.project_field}__in": project_ids})
        fields = [self.value_field] + ([self.label_field] if self.label_field else [])
        count = Count(self.project_field, distinct=self.distinct)
        return rows.values(*fields).annotate(count=count).order_by()

    def options(self, project_ids, selected):
        """Options present in ``project_ids`` (one aggregate query), plus selected ones even at zero."""
        options = {}
        for row in self.count_rows(project_ids):
            value = row[self.value_field]
            if value in (None, ""):
                continue
            value = str(value)
            label = row[self.label_field] if self.label_field else self.label_of(value)
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
    Facet(
        "theme",
        "Thématique",
        "themes__slug",
        source=ProjectPage.themes.through,
        project_field="projectpage_id",
        value_field="thematique__slug",
        label_field="thematique__name",
    ),
    Facet("annee", "Année de scolarité", "year", sort_by_label=False, label_for=lambda value: year_label(value)),
    Facet("type", "Type de collectivité", "collectivite__type", labels=dict(CollectiviteType.choices)),
    Facet("region", "Région", "collectivite__region"),
    Facet(
        "cadre",
        "Cadre d'emplois des auteurs",
        "authors__track",
        source=ProjectAuthor,
        project_field="page_id",
        value_field="track",
        distinct=True,
        labels={c.value: SHORT_LABELS[c] for c in Cadre},
    ),
    Facet(
        "promotion",
        "Promotion",
        "promotions__slug",
        source=ProjectPage.promotions.through,
        project_field="projectpage_id",
        value_field="promotion__slug",
        label_field="promotion__name",
    ),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


def apply(queryset, selections, *, skip=None):
    """``queryset`` filtered by every facet's selection except ``skip``'s (disjunctive faceting)."""
    for facet in FACETS:
        if facet.name != skip:
            queryset = facet.filter(queryset, selections.get(facet.name, []))
    return queryset


def matching_ids(queryset, selections, *, skip=None):
    """Primary keys of ``queryset`` filtered by the selections (but ``skip``'s), in one query."""
    return list(apply(queryset, selections, skip=skip).order_by().values_list("pk", flat=True))


def facet_options(queryset, selections, hidden=(), *, matching=None):
    """Each visible facet with its options, counted over the other facets' selections.

    The projects of each distinct set of "other selections" are read once, as ids (one query, plus
    one per selected facet; ``matching`` gives those of all the selections when already known); each
    facet then counts over them, sent as one parameter. The number of queries never depends on the
    number of projects.
    """
    active = {name: values for name, values in selections.items() if values}
    ids_by_skip = {}
    if matching is not None:
        ids_by_skip[None] = matching
    result = []
    for facet in FACETS:
        if facet.name in hidden:
            continue
        skip = facet.name if facet.name in active else None  # an unselected facet skips nothing
        if skip not in ids_by_skip:
            ids_by_skip[skip] = matching_ids(queryset, active, skip=skip)
        project_ids = id_set(ids_by_skip[skip], queryset.db)
        result.append((facet, facet.options(project_ids, selections.get(facet.name, []))))
    return result
