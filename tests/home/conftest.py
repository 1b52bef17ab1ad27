"""A published page in the main menu, for the page cache and shared data tests."""

import pytest

from tests.factories import StandardPageFactory


@pytest.fixture
def article(home_page):
    page = StandardPageFactory(parent=home_page, title="Actualité", slug="actualite", show_in_menus=True)
    page.save_revision().publish()
    return page
