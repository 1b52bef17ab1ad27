"""The home page's latest projects, in a constant number of queries."""

from django import template

from core.visibility import public

from ..models import ProjectIndexPage, ProjectPage

register = template.Library()


@register.inclusion_tag("projets/includes/home_featured_list.html", takes_context=True)
def home_featured_projects(context, count=3):
    index_page = ProjectIndexPage.objects.live().first()
    featured = []
    if index_page is not None:
        # Every project lives under the one archive (page type rules): no path condition, which would make
        # the database scan every page instead of walking the year index.
        featured = list(
            public(ProjectPage.cards())
            .filter(synthetic=False)
            .order_by("-schooling_year", "-first_published_at")[:count]
        )
    return {
        "featured": featured,
        "archive_url": index_page.url if index_page else "",
        "request": context.get("request"),
    }


@register.filter
def collectivite_url(project):
    """The page of a card's collectivité, beside the project's archive (its parent), without a query."""
    archive_url = project.url.rstrip("/").rpartition("/")[0] + "/"
    return archive_url + ProjectIndexPage().reverse_subpage("collectivite", args=(project.collectivite.slug,))
