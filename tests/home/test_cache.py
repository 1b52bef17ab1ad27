"""The anonymous page cache: hits and misses, who never gets a cached page, its lifetime, and purges."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from core import generation
from core import pagecache as page_cache
from core.paris import seconds_until_midnight
from home.models import ContactSettings
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def fresh_client(**kwargs):
    return Client(**kwargs)


def test_second_anonymous_request_is_a_hit_without_any_query(cached, article, django_assert_num_queries):
    first = fresh_client().get("/actualite/")
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = fresh_client().get("/actualite/")
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "DENY"  # the middleware above the cache still applies
    replayed = {name for name, _value in second.items()} - {"X-Cache"}
    assert replayed == {name for name, _value in first.items()} - {"X-Cache"}


def test_head_request_shares_the_get_entry(cached, article):
    fresh_client().get("/actualite/")
    assert fresh_client().head("/actualite/")["X-Cache"] == "HIT"


def test_query_strings_are_keyed_separately(cached, article):
    client = fresh_client()
    assert client.get("/recherche/?q=actualite")["X-Cache"] == "MISS"
    assert client.get("/recherche/?q=autre")["X-Cache"] == "MISS"
    hit = client.get("/recherche/?q=actualite")
    assert hit["X-Cache"] == "HIT"
    assert "« actualite »" in hit.content.decode()


def test_cache_off_when_ttl_is_zero(cached, article):
    cached.PAGE_CACHE_TTL = 0
    client = fresh_client()
    client.get("/actualite/")
    assert not client.get("/actualite/").has_header("X-Cache")


def test_logged_in_editor_never_gets_a_cached_page(cached, article, django_user_model):
    fresh_client().get("/actualite/")  # an anonymous visitor fills the cache
    editor = fresh_client()
    editor.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    response = editor.get("/actualite/")
    assert response.status_code == 200
    assert not response.has_header("X-Cache")
    assert "wagtail-userbar" in response.content.decode()


def test_logged_in_editor_never_fills_the_cache(cached, article, django_user_model):
    editor = fresh_client()
    editor.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    editor.get("/actualite/")
    editor.get("/actualite/")
    anonymous = fresh_client().get("/actualite/")
    assert anonymous["X-Cache"] == "MISS"
    assert "wagtail-userbar" not in anonymous.content.decode()


@pytest.mark.parametrize("cookie, queries", [("sessionid", 1), ("messages", 0)])
def test_a_forged_session_or_messages_cookie_is_served_from_the_cache(
    cached, article, cookie, queries, django_assert_num_queries
):
    fresh_client().get("/actualite/")
    visitor = fresh_client()
    visitor.cookies[cookie] = "quelque-chose-de-forge"
    with django_assert_num_queries(queries):  # a session cookie: one read of the session store, nothing more
        response = visitor.get("/actualite/")
    assert response["X-Cache"] == "HIT"
    assert "wagtail-userbar" not in response.content.decode()


@pytest.mark.parametrize("path", ["/test-cache/session/", "/test-cache/message/"])
def test_a_visitor_whose_session_or_messages_hold_something_bypasses_the_cache(cached, article, path):
    fresh_client().get("/actualite/")
    visitor = fresh_client()
    visitor.get(path)  # a real session with data, or a real message waiting to be shown
    assert not visitor.get("/actualite/").has_header("X-Cache")


def test_a_visitor_who_passed_a_page_password_never_shares_the_private_page(cached, article):
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="mot-de-passe-du-jury"
    )
    visitor = fresh_client()
    url = f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/"
    visitor.post(url, {"password": "mot-de-passe-du-jury", "return_url": "/actualite/"})
    private = visitor.get("/actualite/")
    assert not private.has_header("X-Cache")
    assert "mot de passe" not in private.content.decode().lower()
    assert "mot de passe" in fresh_client().get("/actualite/").content.decode().lower()


@pytest.mark.parametrize("path", ["/admin/login/", "/documents/1/fichier.pdf"])
def test_admin_and_documents_are_never_considered(cached, article, path):
    client = fresh_client()
    client.get(path)
    assert not client.get(path).has_header("X-Cache")


@pytest.mark.parametrize(
    "path",
    [
        "/nulle-part/",  # 404
        "/test-cache/cookie/",  # Set-Cookie
        "/test-cache/session/",  # writes the session (so a session cookie follows)
        "/test-cache/prive/",  # never_cache
        "/test-cache/json/",  # not HTML
        "/test-cache/max-age-0/",  # its own max-age says so
        "/test-cache/jeton-cache/",  # used the CSRF token without showing it
    ],
)
def test_responses_that_must_not_be_shared_are_never_stored(cached, article, path):
    fresh_client().get(path)
    second = fresh_client().get(path)
    assert second["X-Cache"] == "MISS"


def test_preview_is_never_stored(cached, article, django_user_model):
    editor = fresh_client()
    editor.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    assert editor.get(f"/admin/pages/{article.pk}/edit/preview/").status_code == 200
    assert fresh_client().get("/actualite/")["X-Cache"] == "MISS"


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        ("2024-06-21T21:59:30+00:00", 30),  # 23:59:30 in Paris (summer time)
        ("2024-12-20T22:59:00+00:00", 60),  # 23:59:00 in Paris (winter time)
        ("2024-03-30T23:00:00+00:00", 23 * 3600),  # midnight, the night clocks go forward: a 23-hour day
    ],
)
def test_no_page_is_kept_past_midnight_in_paris(cached, utc, expected):
    import datetime

    from django.http import HttpResponse

    now = datetime.datetime.fromisoformat(utc)
    assert seconds_until_midnight(now) == expected
    assert page_cache.entry_timeout(HttpResponse(), now) == min(60, expected)


def test_response_max_age_shortens_the_lifetime(cached):
    from django.http import HttpResponse

    response = HttpResponse()
    response["Cache-Control"] = "max-age=5"
    assert 0 < page_cache.entry_timeout(response) <= 5


def test_menu_and_footer_are_read_once_then_shared_until_the_next_purge(cached, home_page, article):
    other = StandardPageFactory(parent=home_page, title="Agenda", slug="agenda", show_in_menus=True)
    other.save_revision().publish()
    with CaptureQueriesContext(connection) as first:
        fresh_client().get("/actualite/")
    with CaptureQueriesContext(connection) as second:
        agenda = fresh_client().get("/agenda/").content.decode()
    read_by_first = {query["sql"] for query in first.captured_queries}
    assert not any("home_contactsettings" in sql for sql in (q["sql"] for q in second.captured_queries))
    assert len(second.captured_queries) < len(read_by_first)
    # Shared data, but the current page is still the visitor's own.
    assert '<a href="/agenda/" aria-current="page">Agenda</a>' in agenda
    assert '<a href="/actualite/">Actualité</a>' in agenda


# Purges


def warm(path):
    fresh_client().get(path)
    assert fresh_client().get(path)["X-Cache"] == "HIT"


def test_publish_purges_the_page_and_the_menus_that_list_it(cached, article):
    warm("/actualite/")
    warm("/")
    article.title = "Actualité modifiée"
    article.save_revision().publish()
    page = fresh_client().get("/actualite/")
    assert page["X-Cache"] == "MISS"
    assert "Actualité modifiée" in page.content.decode()
    home = fresh_client().get("/")
    assert home["X-Cache"] == "MISS"
    assert "Actualité modifiée" in home.content.decode()


def test_draft_save_does_not_change_what_visitors_see(cached, article):
    warm("/actualite/")
    article.title = "Brouillon"
    article.save_revision()
    response = fresh_client().get("/actualite/")
    assert "Brouillon" not in response.content.decode()


def test_unpublish_purges(cached, article):
    warm("/actualite/")
    article.unpublish()
    assert fresh_client().get("/actualite/").status_code == 404


def test_move_purges(cached, home_page, article):
    section = StandardPageFactory(parent=home_page, title="Rubrique", slug="rubrique")
    warm("/actualite/")
    article.move(section, pos="last-child")
    old = fresh_client().get("/actualite/")
    assert old.status_code == 301  # Wagtail's automatic redirect to the new address
    assert old["Location"] == "/rubrique/actualite/"
    assert fresh_client().get("/rubrique/actualite/").status_code == 200


def test_delete_purges_the_page_and_the_menu(cached, article):
    warm("/actualite/")
    warm("/")
    Page.objects.get(pk=article.pk).delete()
    assert fresh_client().get("/actualite/").status_code == 404
    assert "Actualité" not in fresh_client().get("/").content.decode()


def test_site_setting_save_purges_the_footer(cached, home_page, article):
    warm("/actualite/")
    contact = ContactSettings.for_site(home_page.get_site())
    contact.email = "nouvelle.adresse@cnfpt.fr"
    contact.save()
    assert "nouvelle.adresse@cnfpt.fr" in fresh_client().get("/actualite/").content.decode()


def test_making_a_page_private_purges_it_and_the_menu(cached, article):
    warm("/actualite/")
    warm("/")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="mot-de-passe-du-jury"
    )
    page = fresh_client().get("/actualite/")
    assert page["X-Cache"] == "MISS"
    assert "mot de passe" in page.content.decode().lower()
    assert 'href="/actualite/"' not in fresh_client().get("/").content.decode()
    restriction.delete()
    assert fresh_client().get("/actualite/")["X-Cache"] == "MISS"


def test_snippet_save_purges(cached, article, monkeypatch):
    from wagtail.contrib.redirects.models import Redirect

    from core import purge

    monkeypatch.setattr(purge, "get_snippet_models", lambda: [Redirect])
    warm("/actualite/")
    Redirect.objects.create(old_path="/ancienne", redirect_link="/actualite/")
    assert fresh_client().get("/actualite/")["X-Cache"] == "MISS"


def test_unrelated_model_save_does_not_purge(cached, article, django_user_model):
    warm("/actualite/")
    django_user_model.objects.create_user("visiteur", "v@example.org", "pw")
    assert fresh_client().get("/actualite/")["X-Cache"] == "HIT"


def test_purge_runs_again_after_commit(cached, article, django_capture_on_commit_callbacks):
    warm("/actualite/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
    warm("/actualite/")  # a render that raced the commit
    for callback in callbacks:
        callback()
    assert fresh_client().get("/actualite/")["X-Cache"] == "MISS"


def test_lost_generation_never_brings_back_old_pages(cached, article):
    warm("/actualite/")
    generation.cache().delete(generation.KEY)  # evicted
    assert fresh_client().get("/actualite/")["X-Cache"] == "MISS"
