import datetime
from zoneinfo import ZoneInfo

import pytest

from core.paris import end_of_day
from offres.deadlines import deadline_status

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC


def at_paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("deadline", "now", "code"),
    [
        # Winter time (UTC+1): open until 23:59:59 Paris, closed at 00:00 Paris.
        (datetime.date(2022, 1, 28), at_paris(2022, 1, 28, 23, 59, 59), "closing"),
        (datetime.date(2022, 1, 28), at_paris(2022, 1, 29, 0, 0, 0), "closed"),
        # Summer time (UTC+2): 21:59:59 UTC is still the deadline day in Paris, 22:00 UTC is the next day.
        (datetime.date(2024, 6, 21), datetime.datetime(2024, 6, 21, 21, 59, 59, tzinfo=UTC), "closing"),
        (datetime.date(2024, 6, 21), datetime.datetime(2024, 6, 21, 22, 0, 0, tzinfo=UTC), "closed"),
        (datetime.date(2024, 6, 21), at_paris(2024, 6, 6, 12, 0), "open"),
    ],
)
def test_deadline_day_is_open_until_midnight_paris(deadline, now, code):
    assert deadline_status(deadline, now).code == code


def test_closing_soon_counts_days_in_words():
    status = deadline_status(datetime.date(2024, 6, 21), at_paris(2024, 6, 11, 9, 0))
    assert status.code == "closing"
    assert status.days_left == 10
    assert status.label == "Clôture dans 10 jours"
    assert (
        deadline_status(datetime.date(2024, 6, 21), at_paris(2024, 6, 21, 9, 0)).label
        == "Dernier jour pour déposer une offre"
    )
    assert deadline_status(datetime.date(2024, 6, 21), at_paris(2024, 6, 1, 9, 0)).label == "Dépôt des offres ouvert"
    assert deadline_status(datetime.date(2024, 6, 21), at_paris(2024, 6, 22, 9, 0)).label == "Dépôt des offres clos"


def test_a_day_ends_at_midnight_paris():
    assert end_of_day(datetime.date(2024, 6, 21)) == datetime.datetime(2024, 6, 21, 22, 0, tzinfo=UTC)
    assert end_of_day(datetime.date(2021, 11, 29)) == datetime.datetime(2021, 11, 29, 23, 0, tzinfo=UTC)
