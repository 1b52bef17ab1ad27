"""Dates in Europe/Paris, the zone of every date rule of the site, with half-open bounds.

A day ``D`` lasts from ``D 00:00`` (Paris) included to ``D+1 00:00`` (Paris) excluded, whatever the server's
time zone and whether summer or winter time applies: a deadline, a period or a cached page changes state at
midnight in Paris, and a day is in exactly one state.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")


def paris_now(now=None):
    return (now or timezone.now()).astimezone(PARIS)


def paris_today(now=None):
    return paris_now(now).date()


def end_of_day(day):
    """The instant ``day`` ends in Paris: midnight at the start of the next day (aware, exclusive bound)."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=PARIS)


def seconds_until_midnight(now=None):
    """Seconds left before the next midnight in Paris (at least 1)."""
    now = paris_now(now)
    # Subtract in UTC: between two datetimes of the same zone Python ignores a change of offset (DST).
    left = end_of_day(now.date()).astimezone(datetime.UTC) - now.astimezone(datetime.UTC)
    return max(1, int(left.total_seconds()))
