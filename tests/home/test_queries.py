"""Every page type answers in a constant number of SQL queries, whatever the number of pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def count_queries(client, path):
    client.get(path)  # warm Wagtail's site-root cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def add_pages(parent, start, stop, **kwargs):
    for index in range(start, stop):
        page = StandardPageFactory(
            parent=parent, title=f"Territoire {index}", slug=f"territoire-{index}", show_in_menus=True, **kwargs
        )
        page.save_revision().publish()


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/", 10),
        ("/rubrique/sous-rubrique/", 14),  # menu + breadcrumbs
        # private sections, ids, title pass, types, one page of results, promotions, then the hit: written at once
        # here (a savepoint and 5 statements); in production, with the hits of every search of the last 30 s
        ("/recherche/?q=territoire", 17),
    ],
)
def test_query_count_does_not_grow_with_the_number_of_pages(
    client, home_page, django_assert_max_num_queries, path, limit
):
    section = StandardPageFactory(parent=home_page, title="Rubrique", slug="rubrique", show_in_menus=True)
    section.save_revision().publish()
    leaf = StandardPageFactory(parent=section, title="Sous-rubrique", slug="sous-rubrique")
    leaf.save_revision().publish()
    add_pages(home_page, 0, 3, summary="Un territoire.")
    few = count_queries(client, path)
    add_pages(home_page, 3, 30, summary="Un territoire.")
    many = count_queries(client, path)
    assert many == few
    with django_assert_max_num_queries(limit):
        html = client.get(path).content.decode()
    assert "Territoire 29" in html or "30 résultats" in html or "31 résultats" in html, "the pages are really listed"
