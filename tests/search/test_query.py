"""French search behaviour on the configured backend: accents, plurals, OR, title weight, names, faults."""

import logging

import pytest
from wagtail.models import Page

from core.highlight import highlight
from search import query as search_query
from search.query import SearchUnavailable, normalise_query, search_ids, search_queryset, suggest
from search.views import searchable_pages
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def make_page(home, title, summary="", body=None, **kwargs):
    page = StandardPageFactory(parent=home, title=title, summary=summary, **kwargs)
    if body:
        page.body = [("paragraph", f"<p>{body}</p>")]
        page.save_revision().publish()
    return page


def slugs(ids):
    by_id = dict(Page.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [by_id[pk] for pk in ids]


@pytest.fixture
def pages(home_page):
    return {
        "collectivites": make_page(home_page, "Les collectivités territoriales", slug="collectivites"),
        "bibliotheque": make_page(home_page, "Bibliothèque de Créteil", slug="bibliotheque"),
        "body_only": make_page(
            home_page,
            "Un rapport annuel",
            slug="rapport",
            body="La bibliothèque, les bibliothèques et leurs bibliothécaires. Tuteur : Jean-Pierre Dupont.",
        ),
        "other": make_page(home_page, "Mentions légales", summary="Éditeur du site.", slug="mentions"),
    }


@pytest.mark.parametrize("query", ["collectivite", "COLLECTIVITES", "Collectivités", "  collectivité  "])
def test_accents_case_and_plural_do_not_matter(pages, query):
    assert slugs(search_ids(searchable_pages(), query)) == ["collectivites"]


def test_terms_are_or_ed_so_an_unknown_word_does_not_empty_the_results(pages):
    assert slugs(search_ids(searchable_pages(), "collectivités zygomorphe")) == ["collectivites"]


def test_a_title_match_ranks_above_a_body_full_of_the_word(pages):
    assert slugs(search_ids(searchable_pages(), "bibliotheques")) == ["bibliotheque", "rapport"]


def test_people_names_in_the_body_are_searchable(pages):
    assert slugs(search_ids(searchable_pages(), "dupont")) == ["rapport"]
    assert slugs(search_ids(searchable_pages(), "Jean-Pierre")) == ["rapport"]


def test_the_callers_queryset_decides_what_is_visible(pages):
    without_report = searchable_pages().exclude(path=pages["body_only"].path)
    assert slugs(search_ids(without_report, "bibliotheques")) == ["bibliotheque"]
    assert slugs(search_ids(searchable_pages(), "bibliotheques")) == ["bibliotheque", "rapport"]


def test_unpublished_pages_are_not_found(pages):
    pages["collectivites"].unpublish()
    assert search_ids(searchable_pages(), "collectivités") == []


@pytest.mark.parametrize("query", ["", "   ", "*", '"', "-", "()", "le la les", "😀", "\x00\x07"])
def test_a_query_with_nothing_searchable_matches_nothing(pages, query):
    assert normalise_query(query) == ""
    assert search_ids(searchable_pages(), query) == []


def test_search_queryset_returns_objects_in_the_same_order(pages):
    ids = search_ids(searchable_pages(), "bibliothèque")
    objects = search_queryset(Page.objects.live().specific(), "bibliothèque")
    assert [page.pk for page in objects] == ids
    assert type(objects[0]).__name__ == "StandardPage"


def test_a_backend_fault_raises_search_unavailable_and_is_logged(pages, monkeypatch, caplog):
    class BrokenBackend:
        def search(self, *args, **kwargs):
            raise ConnectionError("le serveur de recherche ne répond pas")

        autocomplete = search

    monkeypatch.setattr(search_query, "get_search_backend", BrokenBackend)
    with caplog.at_level(logging.ERROR, logger="site_inet.search"), pytest.raises(SearchUnavailable):
        search_ids(searchable_pages(), "collectivités")
    assert "Recherche indisponible" in caplog.text
    with pytest.raises(SearchUnavailable):
        suggest(searchable_pages(), "coll")


def test_suggestions_match_a_prefix_without_accents(pages):
    assert [page.slug for page in suggest(searchable_pages(), "biblio")] == ["bibliotheque"]
    assert [page.slug for page in suggest(searchable_pages(), "creteil bib")] == ["bibliotheque"]
    assert suggest(searchable_pages(), "**") == []


def test_highlight_marks_the_matched_words_and_escapes_the_rest():
    terms = set(normalise_query("collectivité").split())
    html = highlight("Les <b>collectivités</b> & la collectivite territoriale", terms)
    assert html == "Les &lt;b&gt;<mark>collectivités</mark>&lt;/b&gt; &amp; la <mark>collectivite</mark> territoriale"


def test_highlight_cuts_a_long_text_around_the_first_match():
    text = " ".join(["mot"] * 100 + ["bibliothèque"] + ["suite"] * 100)
    html = highlight(text, set(normalise_query("bibliotheque").split()), words=20)
    assert html.startswith("… ")
    assert "<mark>bibliothèque</mark>" in html
    assert html.endswith(" …")
