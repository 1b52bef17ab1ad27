"""``/projets/collectivites/``: every collectivité that hosted a published project, and a page for each.

Routes of the archive page (``ProjectIndexPage``), read over the archive's index (``archive_index.py``): the
collectivité's projects are the ids its facet value holds, so a page reads one row and its projects' cards.
"""

from itertools import groupby

from django.http import Http404
from django.template.response import TemplateResponse

from search.query import objects_in_order

from .archive_index import archive_index
from .models.project import ProjectPage
from .models.taxonomy import Collectivite, CollectiviteType


def collectivite_url(index_page, slug):
    return f"{index_page.url}{index_page.reverse_subpage('collectivite', args=(slug,))}"


def collectivite_counts(index_page):
    """``{slug: number of visible projects}`` for the collectivités of the archive."""
    return {slug: len(ids) for slug, ids in archive_index(index_page).postings["collectivite"].items()}


def _crumbs(index_page, *extra):
    return [{"title": "Collectivités", "url": index_page.url + index_page.reverse_subpage("collectivites")}, *extra]


def collectivite_list_view(request, index_page):
    counts = collectivite_counts(index_page)
    collectivites = [c for c in Collectivite.objects.filter(slug__in=list(counts)) if c.slug in counts]
    for collectivite in collectivites:
        collectivite.project_count = counts[collectivite.slug]
        collectivite.page_url = collectivite_url(index_page, collectivite.slug)
    collectivites.sort(key=lambda c: (c.region.lower(), c.name.lower()))
    regions = [(region, list(items)) for region, items in groupby(collectivites, key=lambda c: c.region)]
    list_url = index_page.url + index_page.reverse_subpage("collectivites")
    context = {
        "page": index_page,
        "self": index_page,
        "regions": regions,
        "total": len(collectivites),
        "canonical_url": index_page.full_url + index_page.reverse_subpage("collectivites"),
        "breadcrumb_trail": _crumbs(index_page),
        "collectivites_url": list_url,
    }
    return TemplateResponse(request, "projets/collectivite_list.html", context)


def collectivite_view(request, index_page, slug):
    index = archive_index(index_page)
    held = index.postings["collectivite"].get(slug)
    collectivite = Collectivite.objects.filter(slug=slug).first() if held else None
    if collectivite is None:
        raise Http404("Collectivité inconnue ou sans projet publié")
    projects = objects_in_order(ProjectPage.cards(), index.ordered("recent", held))
    years = [(year, list(items)) for year, items in groupby(projects, key=lambda project: project.schooling_year)]
    url = collectivite_url(index_page, slug)
    context = {
        "page": index_page,
        "self": index_page,
        "collectivite": collectivite,
        "type_label": dict(CollectiviteType.choices).get(collectivite.type, ""),
        "projects": projects,
        "years": years,
        "canonical_url": index_page.full_url + index_page.reverse_subpage("collectivite", args=(slug,)),
        "breadcrumb_trail": _crumbs(index_page, {"title": collectivite.name, "url": url}),
        "archive_filter_url": f"{index_page.url}?collectivite={slug}",
    }
    return TemplateResponse(request, "projets/collectivite.html", context)
