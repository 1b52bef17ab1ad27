"""The archive's visible projects and their facet values, read once and kept in memory.

Filtering by facets and counting every option are set operations in Python: a few milliseconds for
10 000 projects, where one grouped SQL query per facet over the list of matching ids took about 20 ms
per request, and listing a whole archive without a query took more. The index is rebuilt (eleven
queries, whatever the number of projects) when content changes (``ARCHIVE_INDEX``, shared data of
``core.shared``). Only the current page of results is then read from the database.
"""

from collections import Counter
from dataclasses import dataclass, field

from core.purge import PAGES, RESTRICTIONS, SNIPPETS
from core.shared import SharedItem
from core.text import WORD_RE, fold
from core.visibility import public
from home.schooling import start_year
from search.query import objects_in_order

from .facets import FACETS
from .models.project import ProjectPage

ORDERINGS = {"recent": ("-schooling_year", "title"), "collectivite": ("collectivite__name", "title")}


@dataclass(frozen=True)
class ArchiveIndex:
    visible: frozenset  # ids of the projects the archive shows
    orders: dict  # sort name ("recent", "collectivite") -> every visible id in that order, by the database
    postings: dict  # facet name -> {value: frozenset of the visible ids holding it}
    labels: dict  # facet name -> {value: label read alongside} (facets whose label lives in the database)
    year_of: dict  # id -> year
    words: dict  # searchable facet name -> {value: folded words of its label}, for the search in the facet
    values_of: dict  # searchable facet name -> {id: values held}: counting a small pool walks its projects
    # What is the same for every visitor of this index (the first values of a large facet over the whole archive),
    # kept once computed: a value only ever replaced by an equal one.
    memo: dict = field(default_factory=dict, compare=False)

    def holding(self, name, values):
        """Ids of the projects holding any of ``values`` of facet ``name``."""
        postings = self.postings[name]
        return frozenset().union(*(postings.get(value, ()) for value in values))

    def counts(self, name, pool):
        """``{value: number of projects of pool holding it}`` for facet ``name``, values held by none left out."""
        postings = self.postings[name]
        if pool is self.visible:
            return {value: len(ids) for value, ids in postings.items()}
        values_of = self.values_of.get(name)
        if values_of is not None and len(pool) < len(postings):
            return dict(Counter(value for pk in pool for value in values_of.get(pk, ())))
        counts = {}
        for value, ids in postings.items():
            held = len(ids & pool)  # CPython walks the smaller of the two sets
            if held:
                counts[value] = held
        return counts

    def ordered(self, sort, kept):
        """The ids of ``kept`` in the order ``sort``."""
        order = self.orders[sort]
        if kept is self.visible:
            return order
        return [pk for pk in order if pk in kept]

    def related(self, pk, theme_slugs, collectivite_type, limit=3):
        """Ids of up to ``limit`` projects like ``pk``: those sharing a theme, most recent first, then most themes
        in common, then by title; then the most recent of the same collectivité type.

        Walks the projects from the most recent and stops after the year that fills the list.
        """
        sharing = [self.postings["theme"].get(slug, frozenset()) for slug in theme_slugs]
        chosen, last_year = [], None
        if sharing:
            recent = self.orders["recent"]
            for position, other in enumerate(recent):
                year = self.year_of[other]
                if len(chosen) >= limit and year != last_year:
                    break
                in_common = sum(other in ids for ids in sharing)
                if in_common and other != pk:
                    chosen.append((-year, -in_common, position, other))
                    last_year = year
            chosen = [other for *_rank, other in sorted(chosen)[:limit]]
        if len(chosen) < limit:
            same_type = self.postings["type"].get(collectivite_type, frozenset())
            taken = {pk, *chosen}
            for other in self.orders["recent"]:
                if other in same_type and other not in taken:
                    chosen.append(other)
                    if len(chosen) == limit:
                        break
        return chosen


def build_index(projects):
    """The index of ``projects`` (a ``ProjectPage`` queryset): two ordered id lists, then one query per facet."""
    orders = {
        sort: tuple(projects.order_by(*fields).values_list("pk", flat=True)) for sort, fields in ORDERINGS.items()
    }
    visible = frozenset(orders["recent"])
    postings, labels, words, values_of = {}, {}, {}, {}
    for facet in FACETS:
        held, named = {}, {}
        for pk, value, label in facet.value_rows():
            if pk not in visible or value in (None, ""):
                continue
            value = str(value)
            held.setdefault(value, set()).add(pk)
            if label is not None:
                named[value] = str(label)
        postings[facet.name] = {value: frozenset(ids) for value, ids in held.items()}
        labels[facet.name] = named
        if facet.searchable:
            words[facet.name] = {value: tuple(WORD_RE.findall(fold(label))) for value, label in named.items()}
            by_project = {}
            for value, ids in held.items():
                for pk in ids:
                    by_project.setdefault(pk, []).append(value)
            values_of[facet.name] = {pk: tuple(values) for pk, values in by_project.items()}
    year_of = {pk: start_year(label) for label, ids in postings["scolarite"].items() for pk in ids}
    return ArchiveIndex(visible, orders, postings, labels, year_of, words, values_of)


def visible_projects(index_page):
    """What the archive shows: live projects under it, outside any private section."""
    return public(ProjectPage.objects.live().descendant_of(index_page))


ARCHIVE_INDEX = SharedItem(
    "archive_index",
    build=lambda index_page_pk, *, index_page: build_index(visible_projects(index_page)),
    purged_by=(PAGES, RESTRICTIONS, SNIPPETS),
    doc="The archive's visible projects, their two sort orders and, per facet value, the projects holding it.",
)


def archive_index(index_page):
    """The index of the archive ``index_page``, shared by every visitor until content changes."""
    return ARCHIVE_INDEX.get(index_page.pk, index_page=index_page)


def related_projects(index_page, project, limit=3):
    """Live projects like ``project`` (see ``ArchiveIndex.related``), ranked over the archive's index, so that only
    the chosen pages are read."""
    index = archive_index(index_page)
    key = ("related", project.pk, limit)
    ids = index.memo.get(key)
    if ids is None:  # ranked once per project and index: the same for every visitor
        ids = index.memo[key] = tuple(
            index.related(project.pk, [theme.slug for theme in project.theme_list], project.collectivite.type, limit)
        )
    return objects_in_order(ProjectPage.cards(), ids)
