"""One small filter object per facet of the archive; counts follow the query and the other facets."""

import heapq
from dataclasses import dataclass

from django.utils.text import slugify

from core.text import WORD_RE, fold
from home.cadres import SHORT_LABELS, Cadre

from .models.project import ProjectAuthor, ProjectPage, ProjectTutor
from .models.taxonomy import CollectiviteType

# A facet with many values (people, collectivités) shows the most frequent ones, the selected ones, and those
# matching the search typed in it (``<facet>_q``).
SEARCHABLE_LIMIT = 10


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
    """``name`` is the GET parameter; the value is read from ``source`` (joined to the projects by
    ``project_field``): the theme and promotion link tables, the authors, or the project row itself.

    The values are read once for every project (``value_rows``) into the archive's index
    (``archive_index.py``), which filters and counts in memory.
    """

    def __init__(
        self,
        name,
        label,
        *,
        value_field,
        source=None,
        project_field="pk",
        label_field=None,
        labels=None,
        sort_by_label=True,
        label_for=None,
        searchable=False,
    ):
        self.name = name
        self.label = label
        self.source = source  # None: the ProjectPage rows themselves
        self.project_field = project_field
        self.value_field = value_field
        self.label_field = label_field
        self.labels = labels or {}
        self.sort_by_label = sort_by_label
        self.label_for = label_for
        self.searchable = searchable  # many values: a search field, the first SEARCHABLE_LIMIT shown

    @property
    def search_param(self):
        return f"{self.name}_q"

    def label_of(self, value):
        if self.label_for:
            return self.label_for(value)
        return self.labels.get(value, value)

    def value_rows(self):
        """``(project id, value, label or None)`` for every project: one query, several rows per project maybe."""
        rows = self.source.objects if self.source is not None else ProjectPage.objects
        fields = [self.project_field, self.value_field]
        if self.label_field:
            return rows.values_list(*fields, self.label_field).order_by()
        return ((pk, value, None) for pk, value in rows.values_list(*fields).order_by())

    def shown(self, counts, selected, words=None, search=""):
        """For a searchable facet, the part of ``counts`` to show: values whose label has a word starting with each
        word of ``search`` (accent- and case-insensitive; ``words``: value -> folded label words), else the most
        frequent; ``SEARCHABLE_LIMIT`` of them, plus the selected ones. Also says whether some were left out."""
        if not self.searchable:
            return counts, False
        typed = WORD_RE.findall(fold(search))
        pool = counts
        if typed and words is not None:
            pool = {
                value: count
                for value, count in counts.items()
                if all(any(word.startswith(t) for word in words.get(value, ())) for t in typed)
            }
        top = heapq.nsmallest(SEARCHABLE_LIMIT, pool.items(), key=lambda item: (-item[1], item[0]))
        shown = dict(top)
        shown.update((value, counts[value]) for value in selected if value in counts)
        return shown, len(pool) > len(top)

    def options(self, counts, selected, labels=None):
        """Options held by the counted projects (``counts``: ``{value: count}``), plus selected ones even at zero.

        ``labels``: the labels read with the values, for a facet whose labels live in the database.
        """
        labels = labels or {}
        options = {
            value: Option(value, labels.get(value) or str(self.label_of(value)), count, value in selected)
            for value, count in counts.items()
        }
        for value in selected:
            if value not in options:
                options[value] = Option(value, labels.get(value) or str(self.label_of(value)), 0, True)
        ordered = list(options.values())
        if self.sort_by_label:
            ordered.sort(key=lambda option: option.label.lower())
        else:
            ordered.sort(key=lambda option: option.value, reverse=True)
        for position, option in enumerate(ordered, 1):
            option.input_id = f"f-{self.name}-{position}"
        return ordered


ROLE_LABELS = {"eleve": "élève", "tuteur": "tuteur/tutrice"}


def person_value(role, name):
    """The GET value of a person: « eleve-marie-dupont », « tuteur-jean-martin »."""
    return f"{role}-{slugify(name)}"


class PeopleFacet(Facet):
    """Students (``ProjectAuthor``) and tutors (``ProjectTutor``), each with their role: two queries."""

    def value_rows(self):
        slugs = {}  # a name slugified once (a tutor holds several projects)
        for role, model in (("eleve", ProjectAuthor), ("tuteur", ProjectTutor)):
            for pk, name in model.objects.values_list("page_id", "name").order_by():
                slug = slugs.get(name)
                if slug is None:
                    slug = slugs[name] = slugify(name or "")
                if slug:
                    yield pk, f"{role}-{slug}", f"{name} ({ROLE_LABELS[role]})"


FACETS = [
    Facet(
        "theme",
        "Thématique",
        source=ProjectPage.themes.through,
        project_field="projectpage_id",
        value_field="thematique__slug",
        label_field="thematique__name",
    ),
    Facet("scolarite", "Scolarité", value_field="schooling_year", sort_by_label=False),
    Facet("type", "Type de collectivité", value_field="collectivite__type", labels=dict(CollectiviteType.choices)),
    Facet("region", "Région", value_field="collectivite__region"),
    Facet(
        "cadre",
        "Cadre d'emplois des auteurs",
        source=ProjectAuthor,
        project_field="page_id",
        value_field="cadre",
        labels={c.value: SHORT_LABELS[c] for c in Cadre},
    ),
    Facet(
        "promotion",
        "Promotion",
        source=ProjectPage.promotions.through,
        project_field="projectpage_id",
        value_field="promotion__slug",
        label_field="promotion__name",
    ),
    Facet(
        "collectivite",
        "Collectivité",
        value_field="collectivite__slug",
        label_field="collectivite__name",
        searchable=True,
    ),
    PeopleFacet("personne", "Personnes", value_field="name", searchable=True),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


class Selection:
    """The projects of ``matched`` (a set of ids, within the archive's ``index``) that every facet selection keeps.

    Disjunctive faceting: values of one facet are OR-ed, facets are AND-ed, and each facet's options are
    counted over the projects that the *other* facets' selections keep.
    """

    def __init__(self, index, matched, selections, searches=None):
        self.index = index
        self.matched = matched
        self.selections = selections
        self.searches = searches or {}  # facet name -> what is typed in its search field
        self.holding = {name: index.holding(name, values) for name, values in selections.items() if values}
        self._kept = {}

    def kept(self, skip=None):
        """Ids of ``matched`` held by every selection but ``skip``'s (a set; ``matched`` itself when none applies)."""
        if skip not in self.holding:
            skip = None  # an unselected facet skips nothing
        if skip not in self._kept:
            kept = self.matched
            for name, ids in self.holding.items():
                if name != skip:
                    kept = kept & ids
            self._kept[skip] = kept
        return self._kept[skip]

    def facet_options(self, hidden=()):
        """``[FacetOptions, ...]`` for each visible facet, counted over the other facets' selections."""
        shown = []
        for facet in FACETS:
            if facet.name in hidden:
                continue
            selected = self.selections.get(facet.name, [])
            search = self.searches.get(facet.name, "")
            pool = self.kept(skip=facet.name)
            if facet.searchable and not search and pool is self.index.visible:
                # The whole archive's first values: 50 000 people counted once per index, not per request.
                key = ("shown", facet.name)
                if key not in self.index.memo:
                    self.index.memo[key] = facet.shown(self.index.counts(facet.name, pool), [])
                counts, more = self.index.memo[key]
                counts = {**counts, **{v: len(self.index.postings[facet.name].get(v, ())) for v in selected}}
                counts = {value: count for value, count in counts.items() if count}
            else:
                counts, more = facet.shown(
                    self.index.counts(facet.name, pool), selected, self.index.words.get(facet.name), search
                )
            options = facet.options(counts, selected, self.index.labels[facet.name])
            shown.append(FacetOptions(facet, options, search, more))
        return shown


@dataclass
class FacetOptions:
    facet: Facet
    options: list
    search: str = ""  # what the visitor typed in the facet's search field
    more: bool = False  # some values matching are not shown

    def __iter__(self):  # ``facet, options = ...``
        return iter((self.facet, self.options))
