"""Fixtures shared by every test: an explicit page tree with its own root and Site."""

import pytest
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from core import generation
from home.models import HomePage


@pytest.fixture
def root_page(db):
    """The tree root; transactional tests flush it, so it is recreated when missing."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Racine", slug="root"))


@pytest.fixture
def home_page(root_page):
    """A fresh HomePage served by the default Site (migration-created pages are removed)."""
    for child in root_page.get_children():
        child.delete()
    home = HomePage(title="Accueil", slug="accueil", hero_title="Accueillir un élève de l'INET")
    root_page.add_child(instance=home)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="INET")
    return home


@pytest.fixture(autouse=True)
def fresh_generation():
    """Every test starts with an empty shared cache (no rate limit counted) and a new content generation: nothing
    an earlier test built is shared with it (the data shared between requests is kept in tests as in production,
    ``core.shared``)."""
    from django.core.cache import caches

    caches[settings.SHARED_CACHE_ALIAS].clear()
    generation.bump()


@pytest.fixture
def page_cache_on(settings):
    """The page cache on (the test settings turn it off)."""
    from django.core.cache import cache

    settings.PAGE_CACHE_TTL = 60
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def run_db_worker(monkeypatch):
    """``manage.py db_worker --batch`` (production's worker for queued tasks) inside the test's transaction.

    The worker closes "old" connections between tasks, as a process of its own should; within a test that would close
    the test's own PostgreSQL connection, which holds its transaction, so the test keeps it."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
