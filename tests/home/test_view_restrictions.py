"""Private pages: the restrictions read in one query give Wagtail's answer for every page, aliases included."""

import pytest
from wagtail.models import Page, PageViewRestriction

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def wagtails(page):
    return set(Page.get_view_restrictions(page))


def test_the_restrictions_are_wagtails_own_in_one_query(home_page, django_assert_num_queries):
    public_section = StandardPageFactory(parent=home_page, title="Public", slug="public")
    private_section = StandardPageFactory(parent=home_page, title="Réservé", slug="reserve")
    inside = StandardPageFactory(parent=private_section, title="Dedans", slug="dedans")
    deeper = StandardPageFactory(parent=inside, title="Plus bas", slug="plus-bas")
    login = PageViewRestriction.objects.create(page=private_section, restriction_type=PageViewRestriction.LOGIN)
    password = PageViewRestriction.objects.create(
        page=deeper,
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",  # noqa: S106
    )
    # An alias takes its source page's own restrictions (not those of the source's ancestors), wherever it stands.
    alias = deeper.create_alias(parent=public_section, update_slug="alias-de-plus-bas")
    cases = {
        home_page: set(),
        public_section: set(),
        private_section: {login},
        inside: {login},
        deeper: {login, password},
        alias: {password},
    }
    for page, expected in cases.items():
        page = Page.objects.get(pk=page.pk).specific
        assert wagtails(page) == expected, page.title
        with django_assert_num_queries(1):
            assert set(page.get_view_restrictions()) == expected, page.title


def test_a_private_page_still_asks_for_a_login(client, home_page):
    private = StandardPageFactory(parent=home_page, title="Réservé", slug="reserve")
    child = StandardPageFactory(parent=private, title="Dedans", slug="dedans")
    assert client.get(child.url).status_code == 200
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(child.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "connexion" in response["Location"]
