"""The adapter of Wagtail's site lookup (core/wagtail_site.py): Wagtail takes the shared site, without a query.

If a Wagtail upgrade stops reading the request's site where the adapter puts it, these tests fail (and the
site keeps working: Wagtail then looks the site up itself, a few milliseconds slower).
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from core.wagtail_site import share_the_site

pytestmark = pytest.mark.django_db


def test_wagtail_takes_the_shared_site_and_routes_from_its_root_page_without_a_query(rf, home_page):
    request = rf.get("/", HTTP_HOST="autre-nom.example")
    assert share_the_site(request)  # one default site: built once (a query), then shared
    request = rf.get("/", HTTP_HOST="autre-nom.example")
    with CaptureQueriesContext(connection) as queries:
        assert share_the_site(request)
        site = Site.find_for_request(request)
        page, _args, _kwargs = Page.route_for_request(request, "/")
    assert len(queries) == 0
    assert site.root_page_id == home_page.pk
    assert page.pk == home_page.pk and type(page) is type(home_page)


def test_a_page_missing_the_cache_reads_no_site(client, home_page):
    from tests.factories import StandardPageFactory

    StandardPageFactory(parent=home_page, title="Actualité", slug="actualite").save_revision().publish()
    Client().get("/actualite/?visite=1")
    with CaptureQueriesContext(connection) as context:
        response = Client().get("/actualite/?visite=2")
    assert response.status_code == 200
    assert not any('FROM "wagtailcore_site"' in query["sql"] for query in context.captured_queries)


def test_with_two_sites_wagtail_resolves_each_request_itself(rf, home_page):
    Site.objects.create(hostname="autre.example", port=80, root_page=home_page, is_default_site=False)
    assert not share_the_site(rf.get("/"))
