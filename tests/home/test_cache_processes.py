"""Every process of the site learns a purge: the generation lives in a store they share, never in one process's
memory (several gunicorn workers, a command run beside them)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import Client

from core import generation
from site_inet.settings import base

ROOT = Path(__file__).resolve().parents[2]
LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


def bump_in_another_process():
    """What a command (publish_scheduled, import_projects) or another worker does when it purges."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_inet.settings.test",
        "SHARED_CACHE_DIR": settings.SHARED_CACHE_DIR,
    }
    code = "import django; django.setup(); from core import generation; generation.bump()"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)  # noqa: S603 (fixed code)


def test_a_purge_in_another_process_reaches_this_one(cached, article):
    assert Client().get("/actualite/")["X-Cache"] == "MISS"
    assert Client().get("/actualite/")["X-Cache"] == "HIT"
    before = generation.current()
    bump_in_another_process()
    assert generation.current() != before
    assert Client().get("/actualite/")["X-Cache"] == "MISS"


def test_a_page_made_private_is_never_served_again_from_this_process_memory(cached, article):
    from wagtail.models import PageViewRestriction

    Client().get("/actualite/")
    assert Client().get("/actualite/")["X-Cache"] == "HIT"
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = Client().get("/actualite/")
    assert response.status_code == 302  # to the login page, not the cached article


def test_no_settings_keep_the_generation_in_one_process_memory():
    for cache_settings, alias in (
        (base.CACHES, base.SHARED_CACHE_ALIAS),
        (settings.CACHES, settings.SHARED_CACHE_ALIAS),
    ):
        assert cache_settings[alias]["BACKEND"] != LOCAL_MEMORY
