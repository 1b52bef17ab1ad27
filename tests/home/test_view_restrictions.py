"""Private pages ask for a login, under the page cache and the shared data too."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_a_private_page_still_asks_for_a_login(client, home_page):
    private = StandardPageFactory(parent=home_page, title="Réservé", slug="reserve")
    child = StandardPageFactory(parent=private, title="Dedans", slug="dedans")
    assert client.get(child.url).status_code == 200
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(child.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "connexion" in response["Location"]
