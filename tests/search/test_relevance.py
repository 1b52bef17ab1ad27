"""The relevance figure: success@3 of the relevance set on the demo content, through ``/recherche/``."""

import re

import pytest
from django.db import connection
from wagtail.models import Page

from search.query import search_ids
from search.views import searchable_pages

from .conftest import RELEVANCE_REPORT
from .relevance import CASES, MIN_SUCCESS_AT_K, TOP_K

RESULT_LINK = re.compile(r'class="search-result__title"><a href="([^"]+)"')


def top_slugs(raw_query, k=TOP_K):
    ids = search_ids(searchable_pages(), raw_query)[:k]
    slugs = dict(Page.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [slugs[pk] for pk in ids]


@pytest.mark.django_db
def test_success_at_3_on_the_demo_content(demo_site):
    failures = []
    for query, expected in CASES:
        found = top_slugs(query)
        if not set(found) & set(expected):
            failures.append(f"  « {query} » : attendu {expected}, obtenu {found}")
    success = (len(CASES) - len(failures)) / len(CASES)
    RELEVANCE_REPORT.append(
        f"Pertinence de la recherche ({connection.vendor}) : success@{TOP_K} = {success:.0%} "
        f"({len(CASES) - len(failures)}/{len(CASES)} requêtes)"
    )
    RELEVANCE_REPORT.extend(failures)
    assert success >= MIN_SUCCESS_AT_K, "\n".join(failures)


@pytest.mark.django_db
def test_the_search_page_shows_the_same_order(client, demo_site):
    """The page lists results in the order the relevance set measures."""
    query = "la promotion Nina Simone"
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    urls = RESULT_LINK.findall(response.content.decode())
    assert urls[0] == "/ena-inet-modules-de-formation-conjoints/"
    assert top_slugs(query, k=1) == ["ena-inet-modules-de-formation-conjoints"]
