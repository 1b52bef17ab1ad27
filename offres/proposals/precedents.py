"""« Projets collectifs déjà menés sur des sujets proches »: up to three past projects of the archive beside the
mission fields, found by the site's French search on what is typed (title, context) and by the same collectivité.

The archive's page types are found by their content type (« projets », « projectpage »): ``offres`` and ``projets``
never import each other. Without JavaScript, a link to the archive's search with the typed words; with it, the
route ``precedents/?q=…&collectivite=…`` answers JSON as one types.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import JsonResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage
from wagtail.contrib.routable_page.models import path

from exploitation.client_ip import client_ip
from search.query import MAX_QUERY_LENGTH, SearchUnavailable, clean_query, objects_in_order, search_ids

PROJECT_TYPE = ("projets", "projectpage")
ARCHIVE_TYPE = ("projets", "projectindexpage")
ARCHIVE_FALLBACK_URL = "/projets/"
MAX_PRECEDENTS = 3
# Matches searched before the public / real filter keeps three.
SEARCH_DEPTH = 30
RATE_GROUP = "offres.proposals.precedents"
DEFAULT_RATE = "120/h"
# What the no-JavaScript link carries: the title's words (the context is long; the title names the subject).
LINK_QUERY_LENGTH = 120


@dataclass
class Precedents:
    projects: list = field(default_factory=list)  # [{"title", "year", "collectivite", "url"}]
    archive_url: str = ARCHIVE_FALLBACK_URL
    endpoint: str = ""

    @property
    def announcement(self):
        count = len(self.projects)
        if not count:
            return _("Aucun projet proche pour l'instant.")
        return ngettext("%(count)d projet proche", "%(count)d projets proches", count) % {"count": count}


def _model(natural_key):
    try:
        return ContentType.objects.get_by_natural_key(*natural_key).model_class()
    except ContentType.DoesNotExist:
        return None


def archive_url(query=""):
    model = _model(ARCHIVE_TYPE)
    page = model.objects.live().public().only("url_path").first() if model else None
    base = page.url if page and page.url else ARCHIVE_FALLBACK_URL
    query = clean_query(query)[:LINK_QUERY_LENGTH]
    return f"{base}?{urlencode({'q': query})}" if query else base


def find_precedents(text, collectivite="", request=None):
    """Up to three live, public, real projects: the collectivité's own first (latest first), then the search's."""
    model = _model(PROJECT_TYPE)
    if model is None:
        return []
    text, collectivite = clean_query(text), clean_query(collectivite)
    pages = model.objects.live().public()
    if "synthetic" in {f.name for f in model._meta.get_fields()}:
        pages = pages.filter(synthetic=False)  # the load generator's projects are no precedent
    ids = []
    if collectivite:
        ids += list(
            pages.filter(collectivite__name__iexact=collectivite)
            .order_by("-schooling_year")
            .values_list("pk", flat=True)[:MAX_PRECEDENTS]
        )
    if text and len(ids) < MAX_PRECEDENTS:
        try:
            found = search_ids(model.objects.live(), text, limit=SEARCH_DEPTH)
        except SearchUnavailable:
            found = []
        ids += [pk for pk in found if pk not in ids]
    if not ids:
        return []
    kept = set(pages.filter(pk__in=ids[:SEARCH_DEPTH]).values_list("pk", flat=True))
    ids = [pk for pk in ids if pk in kept][:MAX_PRECEDENTS]
    projects = objects_in_order(model.objects.select_related("collectivite").defer_streamfields(), ids)
    return [
        {
            "title": project.title,
            "year": project.schooling_year,
            "collectivite": project.collectivite.name if project.collectivite_id else "",
            "url": project.get_url(request),
        }
        for project in projects
    ]


def precedents_for(values, request=None, endpoint=""):
    """What the form shows when re-displayed with typed values (refused, draft): the list and the archive link."""
    title = str(values.get("intitule", "") or "")
    text = f"{title} {values.get('contexte', '') or ''}"[: MAX_QUERY_LENGTH * 5]
    typed = clean_query(text)
    projects = find_precedents(text, str(values.get("collectivite_nom", "") or ""), request) if typed else []
    return Precedents(projects=projects, archive_url=archive_url(title), endpoint=endpoint)


def _usage(request, increment=False):
    return get_usage(
        request,
        group=RATE_GROUP,
        key=lambda group, request: client_ip(request) or "adresse-inconnue",
        rate=lambda group, request: getattr(settings, "PROPOSAL_PRECEDENTS_RATE_LIMIT", DEFAULT_RATE),
        method="GET",
        increment=increment,
    )


class PrecedentsRouteMixin:
    """The JSON route of the stage page: ``precedents/?q=<title and context>&collectivite=<name>``."""

    def precedents_endpoint(self):
        return self.url + self.reverse_subpage("proposal_precedents")

    @path("precedents/", name="proposal_precedents")
    def proposal_precedents(self, request):
        usage = _usage(request, increment=True)
        limited = bool(usage and usage["should_limit"])
        q = str(request.GET.get("q", ""))[: MAX_QUERY_LENGTH * 5]
        name = str(request.GET.get("collectivite", ""))[:200]
        projects = [] if limited or not self.accepts_proposals else find_precedents(q, name, request)
        response = JsonResponse(
            {
                "count": len(projects),
                "announcement": Precedents(projects).announcement,
                "results": projects,
                "archive_url": archive_url(str(request.GET.get("titre", q))),
            },
            status=429 if limited else 200,
        )
        # What a collectivité types is not for shared caches: the browser alone keeps the answer a moment.
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
