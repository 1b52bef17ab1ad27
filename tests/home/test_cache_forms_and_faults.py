"""The anonymous page cache: forms and their CSRF tokens, Redis, and cache faults (never a 500)."""

import re
import socket
import uuid

import pytest
from django.test import Client

from core import generation
from core import pagecache as page_cache

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def fresh_client(**kwargs):
    return Client(**kwargs)


# Forms and CSRF


def test_form_page_is_cached_and_each_visitor_gets_a_working_token_of_their_own(cached, home_page):
    first_visitor = Client(enforce_csrf_checks=True)
    first = first_visitor.get("/test-cache/formulaire/")
    assert first["X-Cache"] == "MISS"
    second_visitor = Client(enforce_csrf_checks=True)
    second = second_visitor.get("/test-cache/formulaire/")
    assert second["X-Cache"] == "HIT"
    first_tokens = TOKEN_RE.findall(first.content.decode())
    second_tokens = TOKEN_RE.findall(second.content.decode())
    assert len(second_tokens) == 2
    assert not set(first_tokens) & set(second_tokens)
    assert "csrftoken" in second.cookies  # the new visitor's own CSRF cookie
    posted = second_visitor.post(
        "/test-cache/formulaire/", {"intitule": "Mobilités", "csrfmiddlewaretoken": second_tokens[0]}
    )
    assert posted.status_code == 200
    assert "votre proposition pour « Mobilités »" in posted.content.decode()
    # Someone else's token does not pass with this visitor's cookie.
    stolen = second_visitor.post("/test-cache/formulaire/", {"intitule": "X", "csrfmiddlewaretoken": first_tokens[0]})
    assert stolen.status_code == 403


def test_returning_visitor_keeps_their_csrf_cookie(cached, home_page):
    Client().get("/test-cache/formulaire/")
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/")
    visitor.get("/test-cache/formulaire/")  # sets the cookie
    cookie = visitor.cookies["csrftoken"].value
    again = visitor.get("/test-cache/formulaire/")
    assert again["X-Cache"] == "HIT"
    assert visitor.cookies["csrftoken"].value == cookie  # same secret (Django renews the cookie's expiry)
    token = TOKEN_RE.findall(again.content.decode())[0]
    assert page_cache._unmask(token) == cookie
    assert visitor.post("/test-cache/formulaire/", {"intitule": "A", "csrfmiddlewaretoken": token}).status_code == 200


def test_csrf_pages_are_not_stored_when_the_secret_lives_in_the_session(cached, home_page):
    cached.CSRF_USE_SESSIONS = True
    Client().get("/test-cache/formulaire/")
    assert Client().get("/test-cache/formulaire/")["X-Cache"] == "MISS"


def test_unmask_matches_django(rf):
    from django.middleware.csrf import get_token

    request = rf.get("/")
    token = get_token(request)
    assert page_cache._unmask(token) == request.META["CSRF_COOKIE"]


# Redis and cache faults


def redis_reachable(host="127.0.0.1", port=6379):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="Redis injoignable sur 127.0.0.1:6379")
def test_redis_backend_hit_and_purge(cached, article):
    prefix = f"test-{uuid.uuid4().hex}"
    cached.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix,
        }
    }
    cached.SHARED_CACHE_ALIAS = "default"  # with REDIS_URL, the generation lives with the pages
    from django.core.cache import caches

    try:
        assert fresh_client().get("/actualite/")["X-Cache"] == "MISS"
        assert fresh_client().get("/actualite/")["X-Cache"] == "HIT"
        article.title = "Titre via Redis"
        article.save_revision().publish()
        response = fresh_client().get("/actualite/")
        assert response["X-Cache"] == "MISS"
        assert "Titre via Redis" in response.content.decode()
        assert caches["default"].ttl(generation.KEY) is None  # the generation never expires
    finally:
        caches["default"].delete_pattern("*")


def broken_redis(ignore_exceptions):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/15",  # nothing listens there
        "OPTIONS": {"IGNORE_EXCEPTIONS": ignore_exceptions, "SOCKET_CONNECT_TIMEOUT": 0.2},
    }


def assert_renders_uncached(article):
    for _ in range(2):
        response = fresh_client().get("/actualite/")
        assert response.status_code == 200
        assert response["X-Cache"] == "MISS"
        assert "Actualité" in response.content.decode()
    article.title = "Publié sans cache"
    article.save_revision().publish()  # the purge fails, the publish succeeds
    assert "Publié sans cache" in fresh_client().get("/actualite/").content.decode()


def test_page_cache_raising_on_every_call_renders_uncached_never_a_500(cached, article):
    # Only the page cache is down here: Wagtail's own use of the default cache would raise too otherwise.
    cached.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": cached.CACHES["shared"],
        "pages": broken_redis(False),
    }
    cached.PAGE_CACHE_ALIAS = "pages"
    assert_renders_uncached(article)


def test_redis_down_with_production_options_renders_uncached(cached, article):
    # The production settings ignore Redis faults (IGNORE_EXCEPTIONS): every cache call misses.
    generation_store = cached.CACHES["shared"]
    cached.CACHES = {"default": broken_redis(True)}
    cached.SHARED_CACHE_ALIAS = "default"
    cached.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    assert_renders_uncached(article)
    cached.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": generation_store,
    }
