"""The calendar feeds: one track per ``?cadre=``, the key steps as events, one event per real date, stable UIDs,
a ``webcal://`` subscription link with help, all parsed by an RFC 5545 parser (icalendar)."""

import datetime
from collections import Counter

import pytest
from icalendar import Calendar

from offres import demo

from .factories import StageStepFactory

pytestmark = pytest.mark.django_db
INDEX = "/accueillir-un-eleve/"


def events_of(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_track_feed_has_that_tracks_events_only(client, projet_collectif, observation):
    events = events_of(client.get(INDEX + "echeances.ics?cadre=conservateur"))
    summaries = [str(e["SUMMARY"]) for e in events]
    assert summaries and all("conservateurs" in s for s in summaries)
    assert not any("administrateurs" in s or "ingénieurs" in s for s in summaries)
    response = client.get(INDEX + "echeances.ics?cadre=ingenieur")
    assert 'filename="inet-echeances-stages-ingenieur.ics"' in response["Content-Disposition"]
    ingenieur = [str(e["SUMMARY"]) for e in events_of(response)]
    assert all("ingénieurs" in s for s in ingenieur) and not any("Stage d'observation" in s for s in ingenieur)
    # A bad value never raises: every track.
    assert len(events_of(client.get(INDEX + "echeances.ics?cadre=<script>"))) == 7


def test_key_steps_are_events_and_the_global_feed_has_one_event_per_date(client, projet_collectif):
    StageStepFactory(
        page=projet_collectif,
        label="Réunions visio",
        date=datetime.date(2024, 8, 28),
        end_date=datetime.date(2024, 8, 30),
    )
    StageStepFactory(
        page=projet_collectif,
        label="Constitution définitive des équipes",
        date=datetime.date(2024, 9, 6),
        indicative=True,
    )
    events = events_of(client.get(INDEX + "echeances.ics"))
    visio = next(e for e in events if "Réunions visio" in str(e["SUMMARY"]))
    assert (visio.decoded("DTSTART"), visio.decoded("DTEND")) == (
        datetime.date(2024, 8, 28),
        datetime.date(2024, 8, 31),
    )
    teams = next(e for e in events if "Constitution" in str(e["SUMMARY"]))
    assert "Date indicative, à confirmer." in str(teams["DESCRIPTION"])
    deadlines = [e for e in events if str(e["SUMMARY"]).startswith("Dépôt des offres")]
    assert len(deadlines) == 2  # 2022 and the open cycle: once each, not once per track
    assert (
        str(deadlines[0]["SUMMARY"]) == "Dépôt des offres : Projet collectif – les trois cadres d'emplois (2022-2023)"
    )
    description = str(deadlines[0]["DESCRIPTION"])
    assert (
        "Pour : élèves administrateurs, élèves conservateurs de bibliothèques, élèves ingénieurs en chef" in description
    )
    assert all(count == 1 for count in Counter((e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events).values())


def test_the_demo_feed_parses_with_unique_stable_uids_and_one_event_per_date(client, home_page):
    demo.load(home_page, today=datetime.date(2026, 12, 10))
    first = events_of(client.get(INDEX + "echeances.ics"))
    uids = [str(e["UID"]) for e in first]
    assert len(uids) == len(set(uids))
    assert uids == [str(e["UID"]) for e in events_of(client.get(INDEX + "echeances.ics"))]
    keys = Counter((str(e["URL"]), e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"])) for e in first)
    assert max(keys.values()) == 1
    for event in first:  # every event is all-day with a stamp, as RFC 5545 requires
        assert isinstance(event.decoded("DTSTART"), datetime.date) and "DTSTAMP" in event
    steps = [e for e in first if str(e["SUMMARY"]).startswith("Projet collectif : ")]
    assert {"Projet collectif : Constitution définitive des équipes"} <= {str(e["SUMMARY"]) for e in steps}


def test_pages_offer_a_webcal_subscription_and_help(client, projet_collectif):
    html = client.get(INDEX + "?cadre=ingenieur").content.decode()
    assert 'href="webcal://testserver/accueillir-un-eleve/echeances.ics?cadre=ingenieur"' in html
    assert "S&#x27;abonner au calendrier" in html or "S'abonner au calendrier" in html
    assert "Google Agenda" in html and "Outlook" in html
    stage = client.get(projet_collectif.url).content.decode()
    assert 'href="webcal://testserver/accueillir-un-eleve/projet-collectif/echeances.ics"' in stage


def test_the_api_exposes_periods_deadlines_and_key_steps_with_their_status(client, projet_collectif, observation):
    StageStepFactory(page=projet_collectif, label="Constitution définitive des équipes", date=datetime.date(2024, 9, 6))
    listing = client.get("/api/v2/pages/", {"type": "offres.StagePage", "fields": "stage_type,dates"}).json()
    pages = {item["stage_type"]: item for item in listing["items"]}
    dates = pages["projet_collectif"]["dates"]
    assert dates["call"]["status"] == "indicative"
    statuses = {(p["schooling_year"], p["offer_deadline"]["status"]) for p in dates["periods"]}
    upcoming = next(p for p in dates["periods"] if p["indicative"])
    assert statuses == {("2022-2023", "closed"), (upcoming["schooling_year"], "indicative")}
    assert upcoming["status"] == "upcoming" and upcoming["cadre_label"]
    assert dates["key_steps"] == [
        {
            "label": "Constitution définitive des équipes",
            "date": "2024-09-06",
            "end_date": None,
            "description": "",
            "indicative": False,
            "status": "past",
        }
    ]
    detail = client.get(f"/api/v2/pages/{observation.pk}/").json()
    assert detail["dates"]["call"]["status"] == "closed"
    assert {p["offer_deadline"]["date"] for p in detail["dates"]["periods"]} == {"2021-11-29"}
