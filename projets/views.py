"""The archive page: search, facets, sort, pagination, chips; every parameter in the query string."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from core.highlight import highlight, shorten
from core.text import terms
from search.query import SearchUnavailable, objects_in_order, search_ids

from . import facets
from .archive_index import archive_index
from .facets import Selection
from .forms import SORTS, ArchiveForm
from .models.project import ProjectPage
from .models.taxonomy import Thematique

EXCERPT_CHARS = 320

PER_PAGE = 12


def _query_string(q, selections, tri, **overrides):
    pairs = []
    if q:
        pairs.append(("q", q))
    for name, values in selections.items():
        pairs += [(name, value) for value in values]
    if tri:
        pairs.append(("tri", tri))
    pairs += [(key, value) for key, value in overrides.items() if value]
    return urlencode(pairs)


@dataclass
class Filtered:
    """The archive's projects kept by the query string: what the page, its export and its feed all show."""

    form: ArchiveForm
    values: dict
    index: object
    theme: object
    selection: Selection
    ordered: list  # ids, in the order asked for
    tri: str
    unavailable: bool
    hidden: tuple


def filter_archive(request, index_page, theme_slug=None):
    """The projects of ``index_page`` that the GET parameters keep (search, facets, sort); ``Http404`` for an
    unknown theme."""
    theme = None
    if theme_slug is not None:
        theme = Thematique.objects.filter(slug=theme_slug).first()
        if theme is None:
            raise Http404("Thématique inconnue")
    form = ArchiveForm(request.GET)
    values = form.values()
    q, selections, tri = values["q"], values["selections"], values["tri"]
    if theme is not None:
        selections["theme"] = [theme.slug]

    index = archive_index(index_page)
    unavailable = False
    ids = None
    matched = index.visible
    if q:
        try:
            # Searched over every project; the archive's index keeps the visible ones, in the search's order.
            ids = [pk for pk in search_ids(ProjectPage.objects.all(), q) if pk in index.visible]
        except SearchUnavailable:
            unavailable, ids = True, []
        matched = frozenset(ids)
    if not tri or (tri == "pertinence" and not q):
        tri = "pertinence" if q else "recent"

    selection = Selection(index, matched, selections, values["searches"])
    kept = selection.kept()
    if tri == "pertinence":
        ordered = [pk for pk in ids if pk in kept]  # the search gave every match best first
    else:
        ordered = index.ordered(tri, kept)
    hidden = ("theme",) if theme else ()
    return Filtered(form, values, index, theme, selection, ordered, tri, unavailable, hidden)


def archive_view(request, index_page, theme_slug=None):
    found = filter_archive(request, index_page, theme_slug)
    form, values, index, theme, selection = found.form, found.values, found.index, found.theme, found.selection
    q, selections, tri, hidden = values["q"], values["selections"], found.tri, found.hidden
    paginator = Paginator(found.ordered, PER_PAGE)
    page_obj = paginator.get_page(values["page"])
    page_ids = list(page_obj.object_list)
    results = objects_in_order(ProjectPage.cards(), page_ids)
    query_terms = frozenset(terms(q))
    for project in results:
        project.excerpt = highlight(shorten(project.summary, EXCERPT_CHARS), query_terms)

    facet_list = selection.facet_options(hidden=hidden)
    chip_selections = {name: vals for name, vals in selections.items() if name not in hidden}
    chips = []
    for name, vals in chip_selections.items():
        labels = form.labels(name) or index.labels.get(name, {})
        for value in vals:
            remaining = {**chip_selections, name: [v for v in vals if v != value]}
            chips.append(
                {
                    "label": f"{facets.FACETS_BY_NAME[name].label} : {labels.get(value, value)}",
                    "url": "?" + _query_string(q, remaining, values["tri"]),
                }
            )
    if q:
        chips.insert(
            0, {"label": f"Recherche : « {q} »", "url": "?" + _query_string("", chip_selections, values["tri"])}
        )
    context = {
        "page": index_page,
        "self": index_page,
        "theme": theme,
        "form": form,
        "search_query": q,
        "facets": facet_list,
        "chips": chips,
        "results": results,
        "page_obj": page_obj,
        "paginator": paginator,
        "query_string": _query_string(q, chip_selections, values["tri"]),
        "export_query": _query_string(q, selections, values["tri"]),
        "sorts": SORTS if q else SORTS[1:],
        "current_sort": tri,
        "unavailable": found.unavailable,
        "form_errors": [error for errors in form.errors.values() for error in errors],
        "feed_url": index_page.url + index_page.reverse_subpage("feed"),
        "export_url": index_page.url + index_page.reverse_subpage("export"),
        "collectivites_url": index_page.url + index_page.reverse_subpage("collectivites"),
        "suggest_url": index_page.url + index_page.reverse_subpage("suggestions"),
    }
    return TemplateResponse(request, "projets/project_index_page.html", context)
