"""Year rollover: copy a stage page's latest schooling year one year later, as indicative dates to confirm.

The key steps of that schooling (those dated from its first offers deadline, or first start, to its last day) are
copied too, one year later and flagged indicative the same way; a year in their label moves with them.
"""

import re

from django.db import transaction

from home.schooling import next_schooling_year

from .models import StagePeriod, StageStep

YEAR_IN_LABEL = re.compile(r"\b(20\d\d)\b")


def shift_year(value):
    """The same day one year later (29 February becomes 28 February)."""
    if value is None:
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:
        return value.replace(year=value.year + 1, day=28)


def latest_schooling_year(periods):
    years = sorted({p.schooling_year for p in periods})
    return years[-1] if years else None


def next_periods(page):
    """Unsaved copies of the latest schooling year's periods, one year later, marked indicative."""
    periods = list(page.periods.all())
    latest = latest_schooling_year(periods)
    if latest is None:
        return latest, []
    target = next_schooling_year(latest)
    copies = []
    for period in sorted((p for p in periods if p.schooling_year == latest), key=lambda p: p.sort_order or 0):
        copies.append(
            StagePeriod(
                cadre=period.cadre,
                schooling_year=target,
                start_date=shift_year(period.start_date),
                end_date=shift_year(period.end_date),
                duration_weeks=period.duration_weeks,
                precision="",
                offer_deadline=shift_year(period.offer_deadline),
                indicative=True,
                month_only=period.month_only,
            )
        )
    return target, copies


def next_steps(page, periods=None):
    """Unsaved copies, one year later and indicative, of the key steps within the latest schooling year."""
    periods = list(page.periods.all()) if periods is None else periods
    latest = latest_schooling_year(periods)
    if latest is None:
        return []
    year_periods = [p for p in periods if p.schooling_year == latest]
    first = min(p.offer_deadline or p.start_date for p in year_periods)
    last = max(p.end_date for p in year_periods)
    return [
        StageStep(
            label=YEAR_IN_LABEL.sub(lambda match: str(int(match.group(1)) + 1), step.label),
            date=shift_year(step.date),
            end_date=shift_year(step.end_date),
            description=step.description,
            indicative=True,
        )
        for step in sorted(page.steps.all(), key=lambda s: (s.date, s.sort_order or 0))
        if first <= step.date <= last
    ]


def prepare_next_schooling(page, user):
    """Add next year's indicative periods and key steps to the page's latest draft, saved as a new revision (not published).

    The year is taken from the published periods, so running it again before publishing adds nothing.
    Returns ``(schooling_year, number_of_periods)``; 0 periods when that year is already in the draft or there is none.
    """
    target, copies = next_periods(page)
    draft = page.get_latest_revision_as_object()
    if not copies or any(p.schooling_year == target for p in draft.periods.all()):
        return target, 0
    steps = next_steps(page)
    known = {(step.label, step.date) for step in draft.steps.all()}
    with transaction.atomic():
        draft.periods.add(*copies)
        draft.steps.add(*(step for step in steps if (step.label, step.date) not in known))
        draft.save_revision(user=user, log_action=True)
    return target, len(copies)
