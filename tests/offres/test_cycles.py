"""The next cycle of every stage type: derived from the brochure's pattern, worded as what is true today."""

import datetime

import pytest

from core.paris import PARIS
from offres import cycles, demo
from offres.calls import call_state
from offres.models import StagePage, StagePeriod, StageStep
from offres.rollover import next_steps, prepare_next_schooling

from .factories import StagePeriodFactory, StageStepFactory


def test_same_week_keeps_the_weekday_and_the_iso_week():
    monday = datetime.date(2022, 3, 14)  # week 11
    assert cycles.same_week(monday, 5) == datetime.date(2027, 3, 15)
    assert cycles.same_week(monday, 5).isocalendar()[1:] == (11, 1)
    # Week 53 of 2020 becomes the last week of 2021 (52 weeks).
    assert cycles.same_week(datetime.date(2020, 12, 31), 1) == datetime.date(2021, 12, 30)


def test_next_cycle_of_the_observation_keeps_the_offset_to_the_deadline():
    seed = {
        "cadre": "administrateur",
        "schooling_year": "2022-2023",
        "start_date": datetime.date(2022, 3, 14),
        "end_date": datetime.date(2022, 4, 8),
        "duration_weeks": 4,
        "offer_deadline": datetime.date(2021, 11, 29),
        "precision": "",
    }
    cycle = cycles.next_cycle(seed, datetime.date(2025, 12, 10))
    assert cycle["schooling_year"] == "2027-2028"
    assert (cycle["start_date"], cycle["end_date"]) == (datetime.date(2027, 3, 15), datetime.date(2027, 4, 9))
    assert cycle["offer_deadline"] == datetime.date(2026, 11, 30)  # a Monday, 105 days before, like the seed
    assert cycle["indicative"] is True
    assert cycles.next_cycle({**seed, "offer_deadline": datetime.date(2030, 1, 1)}, datetime.date(2025, 1, 1)) is None


def test_a_dated_precision_is_dropped_an_undated_one_kept():
    assert cycles.undated_precision("du 28 ou 29 mars au 15 ou 16 avril 2022") == ""
    assert cycles.undated_precision("12 semaines effectives") == "12 semaines effectives"


def _every_day_of(year):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


def test_on_every_day_of_the_year_every_stage_type_of_the_demo_has_a_date_from_that_day_on():
    data = demo.load_yaml(demo.DATA)
    history = data.get("history_2021_2022", {})
    for today in _every_day_of(2026):
        for record in data["stages"]:
            periods = demo._period_records(record, history, today)
            ahead = [p for p in periods if (p["offer_deadline"] or p["start_date"]) >= today]
            assert ahead, (record["slug"], today)
            if any(p.get("offer_deadline") for p in record["periods"]):
                cadres = {p["cadre"] for p in record["periods"] if p.get("offer_deadline")}
                # Each cadre d'emplois that takes offers has a deadline from today on.
                assert cadres <= {p["cadre"] for p in ahead if p["offer_deadline"]}, (record["slug"], today)


@pytest.mark.django_db
@pytest.mark.parametrize("today", [datetime.date(2026, 12, 10), datetime.date(2027, 6, 19)])
def test_demo_cards_say_what_is_true_today_never_a_bare_clos(home_page, today):
    demo.load(home_page, today=today)
    now = datetime.datetime.combine(today, datetime.time(12), tzinfo=PARIS)
    for page in StagePage.objects.all():
        state = page.call_state(now)
        assert state.period is not None, page.slug
        assert state.code in ("indicative", "no_offers"), (page.slug, state)
        if state.code == "indicative":
            assert state.text.startswith("Prochain appel : dépôt des offres jusqu'au ")
            assert state.period.offer_deadline >= today
        else:
            assert state.text.startswith("Prochaine période : du ")
            assert state.period.start_date > today
        assert state.text.endswith("dates indicatives, à confirmer")


@pytest.mark.django_db
def test_demo_derives_the_projet_collectif_key_steps_for_the_next_cycle(home_page):
    demo.load(home_page, today=datetime.date(2026, 12, 10))
    derived = StageStep.objects.filter(indicative=True).order_by("date")
    assert [(s.label[:28], s.date.isoformat()) for s in derived] == [
        ("Réunions visio (Teams) entre", "2027-08-25"),
        ("Constitution définitive des ", "2027-09-03"),
        ("Échanges téléphoniques entre", "2027-09-09"),
    ]
    assert derived[0].end_date == datetime.date(2027, 8, 27)
    assert all(s.date.isoweekday() == o for s, o in zip(derived, (3, 5, 4), strict=True))


@pytest.mark.django_db
def test_call_state_words_each_situation(observation):
    morning = datetime.datetime(2021, 11, 1, 9, tzinfo=PARIS)
    period = StagePeriod.objects.filter(page=observation).first()
    assert call_state([period], morning).text == "Dépôt des offres ouvert jusqu'au 29 novembre 2021 (dans 28 jours)"
    last_day = datetime.datetime(2021, 11, 29, 20, tzinfo=PARIS)
    assert call_state([period], last_day).text.endswith("(dernier jour)")
    after = datetime.datetime(2021, 12, 1, 9, tzinfo=PARIS)
    assert call_state([period], after).text == (
        "Dépôt des offres clos le 29 novembre 2021. Prochain appel : stage du 14 mars 2022 au 8 avril 2022, "
        "la date limite de dépôt sera annoncée ici"
    )


@pytest.mark.django_db
def test_rollover_copies_key_steps_shifted_and_indicative(projet_collectif, django_user_model):
    latest = max(p.schooling_year for p in projet_collectif.periods.all())
    year_start = min(p.offer_deadline for p in projet_collectif.periods.all() if p.schooling_year == latest)
    StageStepFactory(
        page=projet_collectif, label="Constitution des équipes (2024)", date=year_start + datetime.timedelta(days=20)
    )
    StageStepFactory(page=projet_collectif, label="Ancienne étape", date=datetime.date(2020, 1, 1))
    copies = next_steps(StagePage.objects.get(pk=projet_collectif.pk))
    assert [(c.label, c.indicative) for c in copies] == [("Constitution des équipes (2025)", True)]
    user = django_user_model.objects.create_superuser("admin", "a@example.org", "x")
    page = StagePage.objects.get(pk=projet_collectif.pk)
    prepare_next_schooling(page, user)
    draft = page.get_latest_revision_as_object()
    assert sum(1 for s in draft.steps.all() if s.indicative) == 1
    assert StagePeriodFactory  # the factories module stays imported for the fixtures
