"""One small filter object per facet of the archive; counts follow the query and the other facets."""

from dataclasses import dataclass

from django.db import connections
from django.db.models import Case, Count, F, Q, Value, When

from offres.cadres import SHORT_LABELS, Cadre
from search.idset import id_set, id_set_param

from .models import CollectiviteType, ProjectAuthor, ProjectPage


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str = ""  # "f-<facet>-<position>", set once the options are in order

    @property
    def count_text(self):
        """« 1 projet », « 3 projets »: the template's pluralize, once per option instead of a filter call."""
        return f"{self.count} projet{'' if self.count == 1 else 's'}"


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
        self._statements = {}  # database alias: compiled count statement (None: compiled per request)

    def label_of(self, value):
        if self.label_for:
            return self.label_for(value)
        return self.labels.get(value, value)

    def condition(self, values):
        """``Q`` for the projects with any of ``values``; a value held in another table is matched by a subquery."""
        if self.source is None:  # one value per project: no duplicate rows, filter the column directly
            return Q(**{f"{self.lookup}__in": values})
        matching = self.source.objects.filter(**{f"{self.value_field}__in": values}).values(self.project_field)
        return Q(pk__in=matching)

    def filter(self, queryset, values):
        """Projects with any of ``values``."""
        return queryset.filter(self.condition(values)) if values else queryset

    def count_rows(self, project_ids):
        """``{value: count}`` rows over the projects ``project_ids`` (an ``id_set``), grouped in the database."""
        rows = self.source.objects if self.source is not None else ProjectPage.objects
        rows = rows.filter(**{f"{self.project_field}__in": project_ids})
        fields = [self.value_field] + ([self.label_field] if self.label_field else [])
        count = Count(self.project_field, distinct=self.distinct)
        return rows.values(*fields).annotate(count=count).order_by()

    def counts(self, ids, using, param=None):
        """``(value, label or None, count)`` rows of ``count_rows`` over the projects ``ids``.

        The statement is the same for every request but for its one parameter (the ids, ``param``
        when already encoded): it is compiled once per process and database, not by the ORM on
        every request.
        """
        if using not in self._statements:
            sql, params = self.count_rows(id_set([0], using)).query.sql_with_params()
            self._statements[using] = sql if len(params) == 1 else None
        sql = self._statements[using]
        if param is None:
            param = id_set_param(ids, using)
        if sql is None or param is None:
            fields = [self.value_field, self.label_field, "count"]
            return [tuple(row.get(field) for field in fields) for row in self.count_rows(id_set(ids, using))]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [param])
            return [(row[0], row[1], row[2]) if self.label_field else (row[0], None, row[1]) for row in cursor]

    def options(self, ids, selected, using="default", param=None):
        """Options present among the projects ``ids`` (one aggregate query), plus selected ones even at zero."""
        options = {}
        for value, label, count in self.counts(ids, using, param):
            if value in (None, ""):
                continue
            value = str(value)
            label = label if self.label_field else self.label_of(value)
            options[value] = Option(value, str(label), count, value in selected)
        for value in selected:
            if value not in options:
                options[value] = Option(value, str(self.label_of(value)), 0, True)
        ordered = list(options.values())
        if self.sort_by_label:
            ordered.sort(key=lambda option: option.label.lower())
        else:
            ordered.sort(key=lambda option: option.value, reverse=True)
        for position, option in enumerate(ordered, 1):
            option.input_id = f"f-{self.name}-{position}"
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


def skips_needed(selections, hidden=()):
    """The facets whose counts need the projects of "every selection but theirs": the visible selected ones."""
    return [facet.name for facet in FACETS if selections.get(facet.name) and facet.name not in hidden]


def ids_by_skip(queryset, selections, skips):
    """``{None: ids with every selection, name: ids with every selection but name's, ...}``, in one query.

    A selection that is never skipped filters the rows; each skipped one becomes a 0/1 column, and
    only the rows that miss at most one of them are read, then sorted out here. One query, whatever
    the number of selected facets, instead of one per set.
    """
    skips = [name for name in skips if name is not None]
    fixed = {name: values for name, values in selections.items() if name not in skips}
    rows = apply(queryset, fixed).order_by()
    if not skips:
        return {None: list(rows.values_list("pk", flat=True))}
    flags = {
        f"facet_{name}": Case(When(FACETS_BY_NAME[name].condition(selections[name]), then=1), default=0)
        for name in skips
    }
    rows = rows.annotate(**flags)
    if len(skips) > 1:
        rows = rows.annotate(facets_held=sum((F(flag) for flag in flags), Value(0))).filter(
            facets_held__gte=len(skips) - 1
        )
    result = {None: [], **{name: [] for name in skips}}
    for pk, *held in rows.values_list("pk", *flags):
        missed = [name for name, flag in zip(skips, held, strict=True) if not flag]
        if not missed:
            result[None].append(pk)
            for name in skips:
                result[name].append(pk)
        elif len(missed) == 1:
            result[missed[0]].append(pk)
    return result


def facet_options(queryset, selections, hidden=(), *, ids=None):
    """Each visible facet with its options, counted over the other facets' selections.

    The projects of each distinct set of "other selections" are read once, as ids, all in one query
    (``ids_by_skip``; ``ids`` gives them when already read); each facet then counts over them, sent
    as one parameter. The number of queries never depends on the number of projects.
    """
    active = {name: values for name, values in selections.items() if values}
    if ids is None:
        ids = ids_by_skip(queryset, active, skips_needed(active, hidden))
    params = {}  # each id list encoded once, whatever the number of facets counted over it
    result = []
    for facet in FACETS:
        if facet.name in hidden:
            continue
        skip = facet.name if facet.name in active else None  # an unselected facet skips nothing
        if skip not in params:
            params[skip] = id_set_param(ids[skip], queryset.db)
        options = facet.options(ids[skip], selections.get(facet.name, []), queryset.db, params[skip])
        result.append((facet, options))
    return result
