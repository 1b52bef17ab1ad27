"""The next cycle of a stage, derived from a known one: same weeks of the year, same offset to the deadline.

The brochure's calendar repeats from one schooling to the next: a stage starts in the same week of the year
(the Monday of week 11 for the administrateurs' stage d'observation), lasts as long, and its offers are due the
same number of days before. ``next_cycle`` moves a known period forward by whole years, keeping the ISO week and
the weekday, until the first date that matters (the offers deadline, or the start when there is none) is today or
later. What it returns is a forecast: the callers mark it « Dates indicatives, à confirmer ».
"""

import datetime
import re

from home.schooling import schooling_year, start_year

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
DATED_TEXT = re.compile(rf"\b({MONTHS})\b|\b(19|20)\d\d\b", re.IGNORECASE)
MAX_YEARS = 50


def weeks_in(year):
    """52 or 53: the ISO week of 28 December is always the year's last."""
    return datetime.date(year, 12, 28).isocalendar().week


def same_week(day, years):
    """The same weekday of the same ISO week, ``years`` later (week 53 becomes the year's last week)."""
    iso = day.isocalendar()
    year = iso.year + years
    return datetime.date.fromisocalendar(year, min(iso.week, weeks_in(year)), iso.weekday)


def shift_schooling_year(label, years):
    return schooling_year(start_year(label) + years)


def undated_precision(text):
    """A precision that stays true another year (« 12 semaines effectives »), else "" (« du 28 ou 29 mars… »)."""
    return "" if DATED_TEXT.search(text or "") else (text or "")


def shifted(period, years):
    """The period's dates ``years`` later, as a dict of StagePeriod fields (deadline kept at the same offset)."""
    start = same_week(period["start_date"], years)
    deadline = period.get("offer_deadline")
    return {
        "cadre": period["cadre"],
        "schooling_year": shift_schooling_year(period["schooling_year"], years),
        "start_date": start,
        "end_date": start + (period["end_date"] - period["start_date"]),
        "duration_weeks": period["duration_weeks"],
        "precision": undated_precision(period.get("precision", "")),
        "offer_deadline": start - (period["start_date"] - deadline) if deadline else None,
        "indicative": True,
        "month_only": False,
    }


def years_to_next(period, today):
    """How many years forward the period's first relevant date (deadline, else start) is today or later."""
    for years in range(1, MAX_YEARS + 1):
        moved = shifted(period, years)
        if (moved["offer_deadline"] or moved["start_date"]) >= today:
            return years
    raise ValueError("no cycle within 50 years")  # pragma: no cover - dates are validated long before


def next_cycle(period, today):
    """The first later cycle of ``period`` (a dict of StagePeriod fields) whose deadline or start is from today on.

    When the period itself is still ahead, ``None``: there is nothing to forecast.
    """
    if (period.get("offer_deadline") or period["start_date"]) >= today:
        return None
    return shifted(period, years_to_next(period, today))


def shifted_step(step, delta):
    """A key step moved by ``delta`` (a whole number of weeks keeps its weekday), flagged indicative."""
    start = step["date"] + delta
    end = step.get("end_date")
    return {
        "label": step["label"],
        "date": start,
        "end_date": start + (end - step["date"]) if end else None,
        "description": step.get("description", ""),
        "indicative": True,
    }
