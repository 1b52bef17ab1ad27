"""The schooling timeline ("Les opportunités de stages au cours de la scolarité"), as server-rendered SVG.

Geometry is computed here, in plain numbers, so the template only writes attributes (no inline styles).
"""

import datetime

from django.utils import formats

from core.paris import paris_today
from home.cadres import SHORT_LABELS, Cadre

WIDTH = 1000
LABEL_WIDTH = 230
ROW_HEIGHT = 28
HEADER_HEIGHT = 34
CADRE_GAP = 30


def schooling_years(periods):
    """Schooling years in chronological order (the year list of the filter)."""
    return sorted({p.schooling_year for p in periods})


def default_schooling_year(periods, now=None):
    """The timeline opens on the current or next schooling: the earliest year with a date from today on (a period
    not over, or a deadline ahead); when every date is past, the latest year."""
    today = paris_today(now)
    periods = list(periods)
    ahead = sorted(
        {p.schooling_year for p in periods if p.end_date >= today or (p.offer_deadline and p.offer_deadline >= today)}
    )
    if ahead:
        return ahead[0]
    years = schooling_years(periods)
    return years[-1] if years else None


def _month_starts(first, last):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def build_timeline(pages, schooling_year, cadre=""):
    """Rows per cadre d'emplois of the stages of ``schooling_year``, positioned on a month scale."""
    if not schooling_year:
        return None
    items = [
        (page, period)
        for page in pages
        for period in page.periods.all()
        if period.schooling_year == schooling_year and (not cadre or period.cadre == cadre)
    ]
    if not items:
        return None
    first = min(min(period.start_date, period.offer_deadline or period.start_date) for _page, period in items)
    first = first.replace(day=1)
    last_end = max(period.end_date for _page, period in items)
    months = list(_month_starts(first, last_end))
    end = (months[-1].replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    span = (end - first).days
    scale = (WIDTH - LABEL_WIDTH) / span

    def x(day):
        return round(LABEL_WIDTH + (day - first).days * scale, 1)

    month_cells = [
        {
            "x": x(month),
            "width": round(x(_next_month(month)) - x(month), 1),
            "label": formats.date_format(month, "M"),
            "full": formats.date_format(month, "F Y"),
            "year_start": month.month == 1 or month == first,
            "year": month.year,
        }
        for month in months
    ]
    cadres = []
    y = HEADER_HEIGHT
    for cadre in Cadre:
        rows = sorted((item for item in items if item[1].cadre == cadre), key=lambda item: item[1].start_date)
        if not rows:
            continue
        cadre_y = y
        y += ROW_HEIGHT
        bars = []
        for page, period in rows:
            bars.append(
                {
                    "page": page,
                    "period": period,
                    "y": y,
                    "x": x(period.start_date),
                    "width": max(round(x(period.end_date + datetime.timedelta(days=1)) - x(period.start_date), 1), 4),
                    "label": page.get_stage_type_display(),
                    "deadline_x": x(period.offer_deadline) if period.offer_deadline else None,
                }
            )
            y += ROW_HEIGHT
        cadres.append({"cadre": cadre, "label": cadre.label, "short": SHORT_LABELS[cadre], "y": cadre_y, "bars": bars})
        y += CADRE_GAP - ROW_HEIGHT // 2
    return {
        "schooling_year": schooling_year,
        "months": month_cells,
        "cadres": cadres,
        "width": WIDTH,
        "height": y,
        "label_width": LABEL_WIDTH,
        "row_height": ROW_HEIGHT,
        "bar_height": ROW_HEIGHT - 8,
    }


def _next_month(month):
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
