"""``/recherche/``: site-wide search with kinds, excerpts, recommended results and popular searches;
``/recherche/suggestions/``: titles as the visitor types (JSON, for the header combobox)."""

import datetime
import logging
from collections import defaultdict
from urllib.parse import urlencode

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.fields import StreamField
from wagtail.models import Page

from core.highlight import highlight
from core.purge import PAGES, SEARCH_PROMOTIONS
from core.shared import SharedItem
from core.visibility import public
from exploitation.client_ip import client_ip

from .entities import ENTITY_KINDS, find_entities
from .excerpts import page_text
from .facets import KIND_LABELS, KindFacet, count_kinds, kind_of_ids, kinds_of_types, page_types
from .hits import count_search, write_pending
from .query import MAX_QUERY_LENGTH, SearchUnavailable, clean_query, normalise_query, search_ids, suggest

logger = logging.getLogger("site_inet.search")

RESULTS_PER_PAGE = 10
POPULAR_SEARCHES = 8
POPULAR_DAYS = 90
POPULAR_MIN_HITS = 3
SUGGESTIONS = 8
EXCERPT_WORDS = 40


class SearchForm(forms.Form):
    q = forms.CharField(label="Mots recherchés", required=False)
    type = forms.ChoiceField(
        label="Type de contenu",
        required=False,
        choices=[("", "Tous les contenus"), *KIND_LABELS.items()],
        error_messages={"invalid_choice": "Ce type de contenu n'existe pas : tous les contenus sont affichés."},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Le numéro de page doit être un nombre : la première page est affichée.",
            "min_value": "Le numéro de page doit être au moins 1 : la première page est affichée.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].validators = []  # control characters are cleaned below, not rejected
        entity_choices = [(kind.value, kind.label) for kind in ENTITY_KINDS.values()]
        self.fields["type"].choices = [*self.fields["type"].choices, *entity_choices]

    def clean_q(self):
        return clean_query(self.cleaned_data.get("q"))

    @property
    def values(self):
        """Valid values, or defaults where the visitor's input was not valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("q") or "", data.get("type") or "", data.get("page") or 1


def searchable_pages():
    """Every published, public page of the site (not the tree root)."""
    return public(Page.objects.live().filter(depth__gt=1))


def _promotions_by_query():
    """``{normalised query: (recommended result, ...)}``; the first query in alphabetical order wins a tie."""
    promoted = (
        Query.objects.filter(editors_picks__isnull=False)
        .distinct()
        .prefetch_related("editors_picks__page")
        .order_by("query_string")
    )
    by_query = {}
    for candidate in promoted:
        normalised = normalise_query(candidate.query_string)
        if normalised and normalised not in by_query:
            picks = candidate.editors_picks.all()
            by_query[normalised] = tuple(pick for pick in picks if pick.page is None or pick.page.live)
    return by_query


SEARCH_PROMOTIONS_BY_QUERY = SharedItem(
    "search_promotions",
    build=_promotions_by_query,
    purged_by=(SEARCH_PROMOTIONS, PAGES),
    doc="The recommended results of the site search, by their query normalised to French stems.",
)


def promotions_for(query):
    """Recommended results (``wagtail.contrib.search_promotions``) whose query means the same in French."""
    normalised = normalise_query(query)
    if not normalised:
        return []
    return list(SEARCH_PROMOTIONS_BY_QUERY.get().get(normalised, ()))


def specific_pages_in_order(ids, types):
    """The specific pages with these ids, in their order, one query per page type.

    Their types are known already (``types``, from ``page_types``): ``Page.objects.specific()``
    would read them again first. A type whose model is gone falls back to ``Page``, as it does.
    """
    ids_by_type = defaultdict(list)
    for pk in ids:
        ids_by_type[types[pk]].append(pk)
    found = {}
    for content_type_id, pks in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
        pages = model._default_manager.filter(pk__in=pks).defer(*unshown_streamfields(model))
        found.update((page.pk, page) for page in pages)
    return [found[pk] for pk in ids if pk in found]


def unshown_streamfields(model):
    """The StreamFields a result does not show (all but ``body``, which the excerpt may be cut from).

    Wagtail decodes every StreamField of a loaded page (a JSON parse and a new field object each):
    seven of them per project, for ten results, weighed more than the whole results query.
    """
    return [
        field.name for field in model._meta.concrete_fields if isinstance(field, StreamField) and field.name != "body"
    ]


def popular_searches():
    """The most searched queries of the last ``POPULAR_DAYS`` days, each counted once per visitor and day, from
    ``POPULAR_MIN_HITS`` hits: one address repeating a query cannot put it on the list."""
    write_pending()  # this process's latest searches count at once
    since = timezone.localdate() - datetime.timedelta(days=POPULAR_DAYS)
    popular = (
        Query.objects.filter(daily_hits__date__gte=since)
        .annotate(total=Sum("daily_hits__hits"))
        .filter(total__gte=POPULAR_MIN_HITS)
        .order_by("-total", "query_string")
    )
    return list(popular.values_list("query_string", flat=True)[:POPULAR_SEARCHES])


def search(request):
    form = SearchForm(request.GET)
    query, kind, page_number = form.values
    context = {
        "form": form,
        "search_query": query,
        "site_search_query": query,  # the header's search box repeats it here only, not on the archive's search
        "kind": kind,
        "kind_label": KIND_LABELS.get(kind) or getattr(ENTITY_KINDS.get(kind), "label", ""),
        "max_length": MAX_QUERY_LENGTH,
        "unavailable": False,
        "results": [],
        "facets": [],
        "total": 0,
        "promotions": [],
        "popular": [],
    }
    if not query:
        context["popular"] = popular_searches()
        return TemplateResponse(request, "search/search.html", context)

    try:
        ids = search_ids(searchable_pages(), query)
    except SearchUnavailable:
        context["unavailable"] = True
        return TemplateResponse(request, "search/search.html", context)

    types = page_types(ids)
    kinds = kinds_of_types(types)
    ids = [pk for pk in ids if pk in kinds]  # a page unpublished since it was indexed is left out
    entities = find_entities(query, request)
    entity_count = sum(len(found) for found in entities.values())
    shown = [pk for pk in ids if kinds[pk] == kind] if kind else ids
    if kind in ENTITY_KINDS:
        shown = entities.get(kind, [])
    paginator = Paginator(shown, RESULTS_PER_PAGE)
    page_obj = paginator.get_page(page_number)
    query_terms = set(normalise_query(query).split())
    if kind in ENTITY_KINDS:
        label = ENTITY_KINDS[kind].label
        results = [{"url": r.url, "title": r.title, "kind": label, "excerpt": r.excerpt} for r in page_obj]
    else:
        pages = specific_pages_in_order(list(page_obj.object_list), types)
        results = [
            {
                "page": page,
                "kind": KIND_LABELS[kinds[page.pk]],
                "excerpt": highlight(page_text(page), query_terms, words=EXCERPT_WORDS),
            }
            for page in pages
        ]
    entity_facets = [KindFacet(value, ENTITY_KINDS[value].label, len(found)) for value, found in entities.items()]
    context.update(
        {
            "facets": [*count_kinds(kinds), *entity_facets],
            "total": len(ids) + entity_count,
            "shown_count": len(shown),
            "page_obj": page_obj,
            "results": results,
            # On « Tous les contenus », the first page names the matching collectivités… above the pages.
            "entity_results": [
                {"url": r.url, "title": r.title, "kind": ENTITY_KINDS[value].singular}
                for value, found in entities.items()
                for r in found[:3]
            ]
            if not kind and page_obj.number == 1
            else [],
            "promotions": promotions_for(query) if page_obj.number == 1 else [],
            "query_string": _query_string(query, kind),
        }
    )
    if (ids or entity_count) and page_obj.number == 1 and not kind:
        count_search(query, visitor=client_ip(request))
    return TemplateResponse(request, "search/search.html", context)


def _query_string(query, kind):
    params = {"q": query}
    if kind:
        params["type"] = kind
    return urlencode(params)


def suggestions(request):
    """``{"suggestions": [{"title", "url", "kind"}]}``: at most 8 titles matching what is typed."""
    query, _kind, _page = SearchForm(request.GET).values
    payload = {"query": query, "suggestions": []}
    if query:
        try:
            found = suggest(searchable_pages().specific(), query, limit=SUGGESTIONS)
        except SearchUnavailable:
            payload["unavailable"] = True
            found = []
        kinds = kind_of_ids([page.pk for page in found])
        payload["suggestions"] = [
            {"title": page.title, "url": page.get_url(request), "kind": KIND_LABELS[kinds.get(page.pk, "pages")]}
            for page in found
        ]
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
