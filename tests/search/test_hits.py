"""Popular searches: hits counted in the process and written in batches, never lost to a failed write."""

import datetime

import pytest
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search import hits

pytestmark = pytest.mark.django_db


def stored_hits():
    return dict(QueryDailyHits.objects.values_list("query__query_string", "hits"))


def test_hits_wait_for_the_batch_then_are_written_in_one_go(hits_batched, django_assert_max_num_queries):
    for query in ["Stage", "  stage ", "collectivité"]:
        hits.count_search(query)
    assert stored_hits() == {}
    with django_assert_max_num_queries(7):  # begin, 5 statements, commit: whatever the number of queries
        hits.write_pending()
    assert stored_hits() == {"stage": 2, "collectivité": 1}
    assert QueryDailyHits.objects.get(query__query_string="stage").date == timezone.now().date()


def test_batches_add_up_to_what_is_already_stored(hits_batched):
    existing = Query.objects.create(query_string="stage")
    QueryDailyHits.objects.create(query=existing, date=timezone.now().date(), hits=5)
    QueryDailyHits.objects.create(query=existing, date=timezone.now().date() - datetime.timedelta(days=1), hits=9)
    hits.count_search("stage")
    hits.write_pending()
    hits.count_search("STAGE")
    hits.write_pending()
    today, yesterday = timezone.now().date(), timezone.now().date() - datetime.timedelta(days=1)
    assert dict(QueryDailyHits.objects.values_list("date", "hits")) == {today: 7, yesterday: 9}
    assert Query.objects.filter(query_string="stage").count() == 1


def test_a_failed_write_keeps_its_hits_for_the_next_one(hits_batched, monkeypatch, caplog):
    hits.count_search("stage")
    real_write = hits._write

    def refuse(batch):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(hits, "_write", refuse)
    hits.write_pending()  # logged, not raised
    assert "non enregistrée" in caplog.text
    assert stored_hits() == {}
    monkeypatch.setattr(hits, "_write", real_write)
    hits.count_search("stage")
    hits.write_pending()
    assert stored_hits() == {"stage": 2}


def searches(client, query, visitors):
    for number in range(visitors):
        response = client.get("/recherche/", {"q": query}, REMOTE_ADDR=f"192.0.2.{number + 1}")
        assert "1 résultat" in response.content.decode()


def test_the_popular_searches_show_the_latest_searches_of_the_batch(hits_batched, client, home_page):
    from tests.factories import StandardPageFactory

    StandardPageFactory(parent=home_page, title="Accueillir un stagiaire", summary="Un stage en collectivité.")
    searches(client, "stage", visitors=4)
    searches(client, "collectivité", visitors=3)
    assert stored_hits() == {}
    html = client.get("/recherche/").content.decode()
    assert html.index(">stage</a>") < html.index(">collectivité</a>")
    assert stored_hits() == {"stage": 4, "collectivité": 3}


def test_one_address_repeating_a_query_never_makes_it_popular(hits_batched, client, home_page):
    from tests.factories import StandardPageFactory

    StandardPageFactory(parent=home_page, title="Accueillir un stagiaire", summary="Un stage en collectivité.")
    for _ in range(12):
        searches(client, "stage", visitors=1)  # twelve times from 192.0.2.1
    searches(client, "collectivité", visitors=2)
    html = client.get("/recherche/").content.decode()
    assert stored_hits() == {"stage": 1, "collectivité": 2}  # once per address and day
    assert ">stage</a>" not in html and ">collectivité</a>" not in html  # below the 3 hits shown
    searches(client, "collectivité", visitors=3)  # a third address; the first two counted already today
    assert ">collectivité</a>" in client.get("/recherche/").content.decode()


def test_a_batch_is_written_once_it_holds_enough_distinct_queries(hits_batched):
    for n in range(hits.BATCH_PAIRS - 1):
        hits.count_search(f"recherche {n}")
    assert stored_hits() == {}
    hits.count_search("la centième")
    assert len(stored_hits()) == hits.BATCH_PAIRS
