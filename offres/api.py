"""What the Wagtail API v2 says of a stage page: its periods, offers deadlines and key steps, each with a status.

``GET /api/v2/pages/?type=offres.StagePage&fields=stage_type,dates`` (or ``/api/v2/pages/<id>/``). Statuses:
for a deadline, ``open`` (``closing`` under 15 days), ``indicative`` (ahead, dates to be confirmed), ``closed``;
for a period or a step, ``upcoming``, ``current``, ``past``, with ``indicative`` true while its dates are to be
confirmed. Dates are ISO 8601, days in Paris. Reusable by partners (a collectivités' association, the CNFPT portal).
"""

from core.paris import paris_today
from home.cadres import SHORT_LABELS, Cadre

from .calls import call_state


def _when(start, end, today):
    if end < today:
        return "past"
    return "current" if start <= today else "upcoming"


def deadline_code(period, now=None):
    status = period.deadline_status(now)
    if not status.is_open:
        return "closed"
    return "indicative" if period.indicative else status.code


def stage_dates(page, now=None):
    today = paris_today(now)
    call = call_state(list(page.periods.all()), now)
    return {
        "call": {"status": call.code, "text": call.text},
        "periods": [
            {
                "cadre": period.cadre,
                "cadre_label": SHORT_LABELS[Cadre(period.cadre)],
                "schooling_year": period.schooling_year,
                "start_date": period.start_date.isoformat(),
                "end_date": period.end_date.isoformat(),
                "month_only": period.month_only,
                "duration_weeks": period.duration_weeks,
                "precision": period.precision,
                "indicative": period.indicative,
                "status": _when(period.start_date, period.end_date, today),
                "offer_deadline": (
                    {"date": period.offer_deadline.isoformat(), "status": deadline_code(period, now)}
                    if period.offer_deadline
                    else None
                ),
            }
            for period in page.sorted_periods()
        ],
        "key_steps": [
            {
                "label": step.label,
                "date": step.date.isoformat(),
                "end_date": step.end_date.isoformat() if step.end_date else None,
                "description": step.description,
                "indicative": step.indicative,
                "status": _when(step.date, step.last_date, today),
            }
            for step in page.sorted_steps()
        ],
    }
