"""Sites and navigation under the shared data: a published home page, a second site, shared breadcrumbs."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def queries_for(path, **headers):
    with CaptureQueriesContext(connection) as context:
        response = Client(**headers).get(path)
    return response, [query["sql"] for query in context.captured_queries]


def test_publishing_the_home_page_is_seen_at_once(page_cache_on, home_page, article):
    queries_for("/?visite=1")
    home_page.hero_title = "Un nouveau titre d'accueil"
    home_page.save_revision().publish()
    response, _ = queries_for("/?visite=2")
    assert "Un nouveau titre d&#x27;accueil" in response.content.decode()


def test_with_two_sites_each_host_gets_its_own(page_cache_on, home_page, article):
    Site.objects.create(hostname="autre.example", port=80, root_page=article, is_default_site=False)
    other, queries = queries_for("/", HTTP_HOST="autre.example")
    assert any('FROM "wagtailcore_site"' in sql for sql in queries)  # Wagtail resolves each request itself
    assert "<h1>Actualité</h1>" in other.content.decode()
    default, _ = queries_for("/", HTTP_HOST="localhost")
    assert "<h1>Actualité</h1>" not in default.content.decode()


def test_breadcrumbs_are_shared_by_siblings_and_follow_a_renamed_parent(page_cache_on, article):
    first = StandardPageFactory(parent=article, title="Première", slug="premiere")
    second = StandardPageFactory(parent=article, title="Seconde", slug="seconde")
    for page in (first, second):
        page.save_revision().publish()
    queries_for("/actualite/premiere/")
    response, queries = queries_for("/actualite/seconde/")
    assert '<a href="/actualite/">Actualité</a>' in response.content.decode()
    ancestor_titles = [sql for sql in queries if '"wagtailcore_page"."title"' in sql and '"path" IN' in sql]
    assert ancestor_titles == []  # the breadcrumbs' links were kept from the sibling
    article.title = "Actualités"
    article.save_revision().publish()
    response, _ = queries_for("/actualite/seconde/")
    assert '<a href="/actualite/">Actualités</a>' in response.content.decode()
