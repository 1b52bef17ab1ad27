"""Routing with the children's types shared: one query per level, and every change of the tree seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home import routing
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def page_reads(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "wagtailcore_page"' in q["sql"]]
    return response.status_code, len(reads)


def test_each_level_is_read_in_one_query_once_the_children_are_known(client, home_page, page_cache_on):
    section = StandardPageFactory(parent=home_page, title="Rubrique", slug="rubrique")
    StandardPageFactory(parent=section, title="Sous-rubrique", slug="sous-rubrique")
    client.get("/rubrique/sous-rubrique/?premier=1")  # the children maps are built
    status, reads = page_reads(client, "/rubrique/sous-rubrique/?second=1")
    assert status == 200
    assert reads <= 4  # one per level, the lineage of the view restrictions, the breadcrumbs' shared links


def test_a_renamed_moved_new_or_deleted_page_is_routed_at_once(client, home_page, page_cache_on):
    section = StandardPageFactory(parent=home_page, title="Rubrique", slug="rubrique")
    other = StandardPageFactory(parent=home_page, title="Autre", slug="autre")
    leaf = StandardPageFactory(parent=section, title="Feuille", slug="feuille")
    assert client.get("/rubrique/feuille/").status_code == 200

    leaf.slug = "feuille-renommee"
    leaf.save_revision().publish()
    assert client.get("/rubrique/feuille/").status_code == 404
    assert client.get("/rubrique/feuille-renommee/").status_code == 200

    leaf.move(other, pos="last-child")
    moved = client.get("/rubrique/feuille-renommee/")  # no page there any more: Wagtail's redirect to the new place
    assert (moved.status_code, moved["Location"]) == (301, "/autre/feuille-renommee/")
    assert client.get("/autre/feuille-renommee/").status_code == 200

    new = StandardPageFactory(parent=section, title="Nouvelle", slug="nouvelle")
    new.save_revision().publish()
    assert client.get("/rubrique/nouvelle/").status_code == 200

    new.unpublish()
    assert client.get("/rubrique/nouvelle/").status_code == 404
    other.delete()
    assert client.get("/autre/feuille-renommee/").status_code == 404


def test_a_page_with_many_children_is_left_to_wagtails_routing(home_page, settings, monkeypatch):
    section = StandardPageFactory(parent=home_page, title="Rubrique", slug="rubrique")
    StandardPageFactory(parent=section, title="Un", slug="un")
    StandardPageFactory(parent=section, title="Deux", slug="deux")
    section.refresh_from_db()
    assert set(routing.child_routes(section)) == {"un", "deux"}
    monkeypatch.setattr(routing, "MAX_MAPPED_CHILDREN", 1)
    assert routing.child_routes(section) is None
    assert routing.specific_child(section, "un") is None
