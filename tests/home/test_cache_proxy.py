"""What a reverse proxy or CDN in front may keep (PROXY_CACHE_SECONDS), and revalidation by ETag."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_a_cdn(cached):
    cached.PROXY_CACHE_SECONDS = 120
    return cached


def test_by_default_nothing_is_offered_to_shared_caches(cached, article):
    for response in (Client().get("/actualite/"), Client().get("/actualite/")):
        assert "s-maxage" not in response.get("Cache-Control", "")


def test_a_public_page_may_be_kept_by_the_proxy_on_miss_and_on_hit(behind_a_cdn, article):
    miss, hit = Client().get("/actualite/"), Client().get("/actualite/")
    assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
    for response in (miss, hit):
        directives = {item.strip() for item in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0"} <= directives
        assert any(item.startswith("s-maxage=") and 0 < int(item.split("=")[1]) <= 120 for item in directives)


def test_a_page_with_a_form_is_kept_by_the_browser_only(behind_a_cdn, article):
    for response in (Client().get("/test-cache/formulaire/"), Client().get("/test-cache/formulaire/")):
        assert "private" in response["Cache-Control"]
        assert "s-maxage" not in response["Cache-Control"]


def test_an_unchanged_page_answers_304_to_its_etag(cached, article):
    first = Client().get("/actualite/")
    assert first.has_header("ETag")
    again = Client().get("/actualite/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
