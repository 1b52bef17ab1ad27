"""Demo content of the offres app: the *Accueillir un élève* index and one page per stage type.

Data comes from ``offres/demo/stages.yaml`` (seeds 001, 000 and the end of 002). Because every seed date is
past, the loader adds the *next* cycle of every stage type, derived from the day it runs and flagged indicative:
the projet collectif by its own pattern (``next_projet_collectif_cycle``, with its key steps), the five other
types from their 2022-2023 dates, per cadre d'emplois (``offres.cycles``: same weeks of the year, same offset
between the offers deadline and the period). So on any day every stage type shows a date from that day on.
"""

import datetime
from pathlib import Path

from django.db import transaction

from core.paris import paris_today
from core.upsert import load_yaml, upsert_page
from home.cadres import Cadre
from home.schooling import schooling_year

from .cycles import next_cycle, shifted_step
from .models import StageIndexPage, StagePage

DATA = Path(__file__).resolve().parent / "demo" / "stages.yaml"
PAGE_FIELDS = (
    "title",
    "stage_type",
    "summary",
    "body",
    "benefit",
    "host_commitments",
    "contribution",
    "min_population",
    "team_size",
    "accepts_proposals",
)
FRIDAY = 4
MONDAY = 0


def _last_weekday_on_or_before(day, weekday):
    return day - datetime.timedelta(days=(day.weekday() - weekday) % 7)


def next_projet_collectif_cycle(today):
    """The first projet collectif whose offer deadline is still ahead of ``today`` (inclusive), per the seeds.

    The seeds' cycles (24 June 2022 for 10 October – 9 December 2022; 21 June 2024 for 14 October 2024) follow
    one pattern: offers due on the last Friday on or before 24 June; the project starts on the second Monday of
    October and lasts 9 weeks, to the Friday of the ninth week.
    """
    year = today.year
    while True:
        deadline = _last_weekday_on_or_before(datetime.date(year, 6, 24), FRIDAY)
        if deadline >= today:
            break
        year += 1
    first_monday = datetime.date(year, 10, 1) + datetime.timedelta(
        days=(MONDAY - datetime.date(year, 10, 1).weekday()) % 7
    )
    start = first_monday + datetime.timedelta(weeks=1)
    end = start + datetime.timedelta(weeks=8, days=4)
    return {
        "schooling_year": schooling_year(year),
        "start_date": start,
        "end_date": end,
        "duration_weeks": 9,
        "offer_deadline": deadline,
        "indicative": True,
        "precision": "mi-octobre – mi-décembre",
    }


def _period_records(record, history, today):
    periods = [dict(period) for period in record.get("periods", [])]
    for period in history.get(record["slug"], []):
        periods.append({**period, "schooling_year": "2021-2022", "month_only": True})
    if record["stage_type"] == "projet_collectif":
        cycle = next_projet_collectif_cycle(today)
        periods.extend({"cadre": cadre.value, **cycle} for cadre in Cadre)
    else:
        periods.extend(_next_cycles(record, today))
    defaults = {"precision": "", "offer_deadline": None, "indicative": False, "month_only": False}
    return [{**defaults, **period} for period in sorted(periods, key=lambda p: (str(p["start_date"]), p["cadre"]))]


def _next_cycles(record, today):
    """The next cycle of each cadre d'emplois of the latest seed schooling (day-level dates only)."""
    seeds = [dict(period) for period in record.get("periods", []) if not period.get("month_only")]
    if not seeds:
        return []
    latest = max(period["schooling_year"] for period in seeds)
    cycles = (next_cycle(period, today) for period in seeds if period["schooling_year"] == latest)
    return [cycle for cycle in cycles if cycle]


def _cadre_content_records(record):
    defaults = {"cadre": "", "objectives": "", "modalities": "", "missions": ""}
    return [{**defaults, **content} for content in record.get("cadre_contents", [])]


def _step_records(record, today):
    defaults = {"end_date": None, "description": "", "indicative": False}
    steps = [{**defaults, **step} for step in record.get("steps", [])]
    if record["stage_type"] == "projet_collectif" and steps:
        steps += _next_key_steps(record, steps, today)
    return steps


def _next_key_steps(record, steps, today):
    """The seed cycle's key steps between its deadline and its start (video calls, teams, tutor calls), moved to
    the derived cycle at the same distance from its start (both start on a Monday), indicative like it."""
    seed = max((p for p in record["periods"] if p.get("offer_deadline")), key=lambda p: p["offer_deadline"])
    cycle = next_projet_collectif_cycle(today)
    delta = cycle["start_date"] - seed["start_date"]
    if cycle["offer_deadline"] <= seed["offer_deadline"]:
        return []
    between = [s for s in steps if seed["offer_deadline"] < s["date"] < seed["start_date"]]
    return [shifted_step(step, delta) for step in between]


@transaction.atomic
def load(home, stdout=None, today=None):
    """Create or update the section under ``home``; returns the number of pages changed (0 on a re-run)."""
    data = load_yaml(DATA)
    today = today or paris_today()
    index_data = data["index"]
    index, outcome = upsert_page(
        home,
        StageIndexPage,
        index_data["slug"],
        {key: index_data[key] for key in ("title", "summary", "introduction", "show_in_menus")},
    )
    changes = int(bool(outcome))
    history = data.get("history_2021_2022", {})
    for record in data["stages"]:
        values = {key: record.get(key, _default(key)) for key in PAGE_FIELDS}
        _page, outcome = upsert_page(
            index,
            StagePage,
            record["slug"],
            values,
            children={
                "periods": _period_records(record, history, today),
                "cadre_contents": _cadre_content_records(record),
                "steps": _step_records(record, today),
            },
        )
        changes += bool(outcome)
    if stdout is not None:
        stdout.write(f"Offres : {changes} page(s) créée(s) ou mise(s) à jour.")
    return changes


def _default(key):
    if key in ("body",):
        return []
    if key in ("benefit", "host_commitments"):
        return ""
    if key == "accepts_proposals":
        return False
    return None
