"""The adapter of Wagtail's site lookup (core/wagtail_site.py): Wagtail takes the shared site, without a query.

If a Wagtail upgrade stops reading the request's site where the adapter puts it, these tests fail (and the
site keeps working: Wagtail then looks the site up itself, a few milliseconds slower).
"""

import pytest
from django.db import connection
from django.http import Http404
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


# Routing (core.wagtail_site.route_to_child): the same pages as Wagtail's own Page.route, one query per level.


@pytest.fixture
def tree(home_page):
    from tests.factories import StandardPageFactory

    section = StandardPageFactory(parent=home_page, title="Rubrique", slug="rubrique")
    section.save_revision().publish()
    child = StandardPageFactory(parent=section, title="Article", slug="article")
    child.save_revision().publish()
    draft = StandardPageFactory(parent=home_page, title="Brouillon", slug="brouillon", live=False)
    under_draft = StandardPageFactory(parent=draft, title="Sous le brouillon", slug="sous")
    under_draft.save_revision().publish()
    return {"section": section, "child": child, "draft": draft, "under_draft": under_draft}


def wagtail_route(page, components):
    """What Wagtail's own routing answers, from ``page``."""
    try:
        return Page.route(page, None, components).page
    except Http404:
        return None


def our_route(page, components):
    try:
        return page.route(None, components).page
    except Http404:
        return None


@pytest.mark.parametrize(
    "path",
    [
        ["rubrique"],
        ["rubrique", "article"],
        ["brouillon"],
        ["brouillon", "sous"],
        ["inconnue"],
        ["rubrique", "inconnue"],
        ["rubrique", "article", "plus-bas"],
    ],
)
def test_routing_finds_what_wagtail_finds(home_page, tree, path):
    expected = wagtail_route(home_page, path)
    found = our_route(home_page, path)
    assert (found and (found.pk, type(found))) == (expected and (expected.specific.pk, type(expected.specific)))


def test_each_level_is_one_query_and_the_parent_comes_with_the_page(home_page, tree):
    our_route(home_page, ["rubrique", "article"])  # the map of children: built once per content generation
    with CaptureQueriesContext(connection) as queries:
        page = our_route(home_page, ["rubrique", "article"])
        parent = page.get_parent()  # treebeard reads Wagtail's _cached_parent_obj: no query
    assert len(queries) == 2
    assert parent.pk == tree["section"].pk and type(parent) is type(tree["section"].specific)


def test_a_page_published_or_moved_is_routed_at_its_new_address(home_page, tree):
    from tests.factories import StandardPageFactory

    assert our_route(home_page, ["nouvelle"]) is None
    new = StandardPageFactory(parent=home_page, title="Nouvelle", slug="nouvelle")
    new.save_revision().publish()
    assert our_route(home_page, ["nouvelle"]).pk == new.pk
    new.move(tree["section"], pos="last-child")
    assert our_route(home_page, ["nouvelle"]) is None
    assert our_route(home_page, ["rubrique", "nouvelle"]).pk == new.pk


def test_a_page_outside_private_sections_is_served_without_reading_restrictions(client, home_page, tree):
    client.get("/rubrique/article/?visite=1")
    with CaptureQueriesContext(connection) as context:
        assert client.get("/rubrique/article/?visite=2").status_code == 200
    assert not any("wagtailcore_pageviewrestriction" in query["sql"] for query in context.captured_queries)


def test_a_page_in_a_private_section_still_asks_for_its_password(client, home_page, tree):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=tree["section"], restriction_type="password", password="secret")
    html = client.get("/rubrique/article/").content.decode()
    assert 'name="password"' in html
    assert client.get("/brouillon/sous/").content.decode().count('name="password"') == 0  # another section


def test_page_addresses_come_from_the_shared_root_paths(home_page, tree):
    from unittest import mock

    fresh = [Page.objects.get(pk=page.pk).specific for page in (tree["section"], tree["child"])]
    fresh[0].url  # noqa: B018 - the shared root paths: read once per content generation
    with mock.patch.object(Site, "get_site_root_paths", wraps=Site.get_site_root_paths) as read:
        urls = [page.url for page in fresh] + [Page.objects.get(pk=tree["child"].pk).specific.url]
    assert read.call_count == 0  # Wagtail reads them once per page instance otherwise
    assert urls == ["/rubrique/", "/rubrique/article/", "/rubrique/article/"]


def test_a_site_saved_changes_the_addresses_at_once(home_page, tree):
    assert Page.objects.get(pk=tree["child"].pk).specific.full_url == "http://localhost/rubrique/article/"
    site = Site.objects.get()
    site.hostname, site.port = "stages.inet.example", 443
    site.save()
    assert Page.objects.get(pk=tree["child"].pk).specific.full_url == "https://stages.inet.example/rubrique/article/"
