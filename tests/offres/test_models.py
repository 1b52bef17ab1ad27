"""Model rules: clean() messages in French, cycles (Europe/Paris, half-open), tree rules, contact fallback."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from home.models import ContactSettings, HomePage, StandardPage
from offres.models import StageCadreContent, StageIndexPage, StagePage, StagePeriod, StageStep

from .factories import StageCadreContentFactory, StagePeriodFactory

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC


def period(**overrides):
    values = {
        "cadre": "administrateur",
        "schooling_year": "2022-2023",
        "start_date": datetime.date(2022, 3, 14),
        "end_date": datetime.date(2022, 4, 8),
        "duration_weeks": 4,
    }
    values.update(overrides)
    return StagePeriod(**values)


def messages(error):
    return {field: [str(m) for m in msgs] for field, msgs in error.value.message_dict.items()}


def test_valid_seed_period_passes_clean():
    period(offer_deadline=datetime.date(2021, 11, 29)).full_clean(exclude=["page"])


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"end_date": datetime.date(2022, 3, 1)},
            "end_date",
            "La fin du stage doit être postérieure à son début.",
        ),
        (
            {"offer_deadline": datetime.date(2022, 3, 14)},
            "offer_deadline",
            "La date limite de dépôt des offres doit précéder le début du stage.",
        ),
        (
            {"duration_weeks": 9},
            "duration_weeks",
            "La durée (9 semaines) ne correspond pas aux dates, qui couvrent environ 4 semaines.",
        ),
        ({"schooling_year": "2022-2024"}, "schooling_year", "Indiquez la scolarité sous la forme « 2022-2023 »."),
    ],
)
def test_period_clean_puts_a_french_message_by_its_field(overrides, field, message):
    with pytest.raises(ValidationError) as error:
        period(**overrides).full_clean(exclude=["page"])
    assert messages(error) == {field: [message]}


def test_month_only_period_skips_the_weeks_check():
    """The 2021-2022 calendar gives months only: « mars – avril 2021 » for 4 weeks."""
    period(
        schooling_year="2021-2022",
        start_date=datetime.date(2021, 3, 1),
        end_date=datetime.date(2021, 4, 30),
        month_only=True,
    ).clean()
    with pytest.raises(ValidationError):
        period(start_date=datetime.date(2021, 3, 1), end_date=datetime.date(2021, 4, 30)).clean()


def test_step_and_track_content_clean():
    with pytest.raises(ValidationError) as error:
        StageStep(label="Réunions visio", date=datetime.date(2024, 8, 30), end_date=datetime.date(2024, 8, 28)).clean()
    assert messages(error) == {"end_date": ["La date de fin de l'étape doit être postérieure à sa date de début."]}
    StageStep(label="Réunions visio", date=datetime.date(2024, 8, 28), end_date=datetime.date(2024, 8, 30)).clean()
    with pytest.raises(ValidationError) as error:
        StageCadreContent(cadre="ingenieur").clean()
    assert messages(error) == {"objectives": ["Renseignez au moins les objectifs, les modalités ou des missions."]}


@pytest.mark.parametrize(
    ("now", "past"),
    [
        # The last day (8 April 2022, summer time) belongs to the period until midnight Paris...
        (datetime.datetime(2022, 4, 8, 23, 59, 59, tzinfo=PARIS), False),
        (datetime.datetime(2022, 4, 8, 21, 59, 59, tzinfo=UTC), False),
        # ...and from 00:00 Paris (22:00 UTC) it is past.
        (datetime.datetime(2022, 4, 8, 22, 0, 0, tzinfo=UTC), True),
        (datetime.datetime(2022, 4, 9, 0, 0, 0, tzinfo=PARIS), True),
    ],
)
def test_period_is_past_from_the_next_day_in_paris(now, past):
    assert period().is_past(now) is past


def test_winter_time_deadline_boundary_on_a_period():
    p = period(offer_deadline=datetime.date(2021, 11, 29))
    assert p.deadline_status(datetime.datetime(2021, 11, 29, 22, 59, 59, tzinfo=UTC)).label == (
        "Dernier jour pour déposer une offre"
    )
    assert p.deadline_status(datetime.datetime(2021, 11, 29, 23, 0, 0, tzinfo=UTC)).label == "Dépôt des offres clos"
    assert period().deadline_status() is None


@pytest.mark.django_db
def test_cycles_put_current_first_and_fold_past_ones(projet_collectif):
    current, past = projet_collectif.schoolings()
    assert not current.is_past and past.is_past
    assert past.schooling_year == "2022-2023"
    assert [p.cadre for p in current.periods] == ["administrateur", "conservateur", "ingenieur"]
    assert projet_collectif.current_schoolings() == [current]
    assert projet_collectif.past_schoolings() == [past]
    # On the last day of the 2022-2023 projet collectif, that cycle is still the current one.
    last_day = datetime.datetime(2022, 12, 9, 23, 30, tzinfo=PARIS)
    assert [c.schooling_year for c in projet_collectif.schoolings(last_day)][0] == "2022-2023"
    assert not projet_collectif.schoolings(last_day)[0].is_past


@pytest.mark.django_db
def test_next_offer_period_is_the_nearest_open_deadline(projet_collectif):
    nxt = projet_collectif.next_offer_period()
    assert nxt is not None and nxt.indicative
    assert projet_collectif.next_offer_period(datetime.datetime(2022, 6, 1, tzinfo=PARIS)).offer_deadline == (
        datetime.date(2022, 6, 24)
    )
    card = projet_collectif.card()
    assert card["is_upcoming"] and card["status"].code == "open" and card["weeks"] == [9]
    assert [str(label) for label in card["cadres"]] == [
        "administrateurs",
        "conservateurs de bibliothèques",
        "ingénieurs en chef",
    ]


@pytest.mark.django_db
def test_contact_falls_back_on_site_setting_field_by_field(observation):
    contact = observation.contact()
    assert contact == {
        "name": "Ingrid Vibet",
        "role": ContactSettings._meta.get_field("role").default,
        "email": "stages.inet@cnfpt.fr",
        "phone": "03 88 15 53 69",
    }
    observation.contact_email = "autre@cnfpt.fr"
    assert observation.contact()["email"] == "autre@cnfpt.fr"
    assert observation.contact()["name"] == "Ingrid Vibet"


def test_page_tree_is_pinned():
    assert StageIndexPage.allowed_parent_page_models() == [HomePage]
    assert StageIndexPage.allowed_subpage_models() == [StagePage]
    assert StagePage.allowed_parent_page_models() == [StageIndexPage]
    assert StagePage.allowed_subpage_models() == []
    assert StageIndexPage.max_count == 1
    assert StandardPage not in StagePage.allowed_parent_page_models()


@pytest.mark.django_db
def test_only_one_index_and_one_page_per_stage_type(stage_index, home_page, observation):
    assert not StageIndexPage.can_create_at(home_page)
    assert StagePage.can_create_at(stage_index)
    duplicate = StagePage(title="Autre", slug="autre", stage_type="observation")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "stage_type" in error.value.message_dict


@pytest.mark.django_db
def test_periods_come_back_in_start_order(observation):
    StagePeriodFactory(
        page=observation,
        cadre="ingenieur",
        start_date=datetime.date(2022, 5, 16),
        end_date=datetime.date(2022, 6, 10),
        offer_deadline=datetime.date(2022, 2, 18),
    )
    assert [p.start_date.isoformat() for p in observation.sorted_periods()] == [
        "2022-03-14",
        "2022-03-28",
        "2022-05-16",
    ]
    assert [p.offer_deadline.isoformat() for p in observation.offer_periods()] == [
        "2021-11-29",
        "2021-11-29",
        "2022-02-18",
    ]


@pytest.mark.django_db
def test_card_for_one_track_uses_that_tracks_periods(observation):
    StagePeriodFactory(
        page=observation,
        cadre="ingenieur",
        start_date=datetime.date(2022, 5, 16),
        end_date=datetime.date(2022, 6, 10),
        offer_deadline=datetime.date(2022, 2, 18),
    )
    before_ingenieur_deadline = datetime.datetime(2022, 2, 18, 23, 59, tzinfo=PARIS)
    card = observation.card(before_ingenieur_deadline, cadre="ingenieur")
    assert card["period"].cadre == "ingenieur"
    assert card["status"].label == "Dernier jour pour déposer une offre"
    assert observation.card(before_ingenieur_deadline, cadre="conservateur")["status"] is None
    assert observation.card(before_ingenieur_deadline, cadre="conservateur")["has_deadlines"]
    assert observation.card(before_ingenieur_deadline)["weeks"] == [3, 4]


@pytest.mark.django_db
def test_search_text_includes_track_prose_without_markup(observation):
    StageCadreContentFactory(page=observation, missions="<ul><li>Prévenir l'usure professionnelle.</li></ul>")
    parts = observation.search_body_parts()
    assert "Prévenir l'usure professionnelle." in parts
    assert not any("<li>" in part for part in parts)
