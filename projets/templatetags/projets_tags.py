"""The home page's latest projects, read once per content generation (shared data), and the cards' links."""

from functools import lru_cache

from django import template

from core.purge import MEDIA, PAGES, RESTRICTIONS, SNIPPETS
from core.shared import SharedItem
from core.visibility import public

from ..models import ProjectIndexPage, ProjectPage

register = template.Library()


def _featured(count):
    """The latest real projects and the archive's address (``((), "")`` without an archive)."""
    index_page = ProjectIndexPage.objects.live().first()
    if index_page is None:
        return (), ""
    # Every project lives under the one archive (page type rules): no path condition, which would make
    # the database scan every page instead of walking the year index.
    latest = public(ProjectPage.cards()).filter(synthetic=False).order_by("-schooling_year", "-first_published_at")
    return tuple(latest[:count]), index_page.url


HOME_FEATURED = SharedItem(
    "home_featured_projects",
    build=_featured,
    purged_by=(PAGES, RESTRICTIONS, SNIPPETS, MEDIA),
    doc="The home page's latest projects (cards: collectivité, themes, image) and the archive's address.",
)


@register.inclusion_tag("projets/includes/home_featured_list.html", takes_context=True)
def home_featured_projects(context, count=3):
    featured, archive_url = HOME_FEATURED.get(count)
    return {"featured": featured, "archive_url": archive_url, "request": context.get("request")}


@lru_cache(maxsize=4096)
def _collectivite_path(slug):
    """The collectivité's route under any archive: a pure function of the slug (building a page instance to ask
    it took a tenth of an archive page's render)."""
    return ProjectIndexPage().reverse_subpage("collectivite", args=(slug,))


@register.filter
def collectivite_url(project):
    """The page of a card's collectivité, beside the project's archive (its parent), without a query."""
    archive_url = project.url.rstrip("/").rpartition("/")[0] + "/"
    return archive_url + _collectivite_path(project.collectivite.slug)
