"""A published page in the main menu, and the page cache on with its test views."""

import pytest

from tests.factories import StandardPageFactory


@pytest.fixture
def article(home_page):
    page = StandardPageFactory(parent=home_page, title="Actualité", slug="actualite", show_in_menus=True)
    page.save_revision().publish()
    return page


@pytest.fixture
def cached(page_cache_on):
    """The page cache on, in an empty local-memory cache, with the test views of tests/home/cache_urls.py."""
    page_cache_on.ROOT_URLCONF = "tests.home.cache_urls"
    return page_cache_on
