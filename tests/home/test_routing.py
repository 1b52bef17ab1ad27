"""Routing under the page cache and the shared data: every change of the tree is seen at once."""

import pytest

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


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
