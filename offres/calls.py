"""What is true today about a stage's call for offers, in one French sentence (never a bare « clos »).

- an offers deadline still ahead, dates confirmed: « Dépôt des offres ouvert jusqu'au 19 juin 2026 (dans 45 jours) » ;
- the same with indicative dates (derived, or copied by the rollover): « Prochain appel : dépôt des offres
  jusqu'au 18 juin 2027 (dans 400 jours), dates indicatives, à confirmer » ;
- every deadline past: « Dépôt des offres clos le 21 juin 2024. Prochain appel : … » with the next period if an
  editor entered one, else « dates à venir » ;
- a stage without offers (the students find their host): its next period, indicative or not.

Statuses, for CSS and the API: ``open``, ``closing`` (under ``CLOSING_SOON_DAYS``), ``indicative``, ``closed``,
``no_offers``.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formats import long_date
from core.paris import paris_today


@dataclass(frozen=True)
class CallState:
    code: str
    text: str
    period: object = None

    @property
    def is_open(self):
        return self.code in ("open", "closing", "indicative")


def days_left_text(days):
    if days == 0:
        return _("dernier jour")
    if days == 1:
        return _("demain")
    return ngettext("dans %(days)d jour", "dans %(days)d jours", days) % {"days": days}


def period_span(period):
    return _("du %(start)s au %(end)s") % {"start": long_date(period.start_date), "end": long_date(period.end_date)}


def call_state(periods, now=None):
    """The state of the call for ``periods`` (one stage page's, maybe of one cadre d'emplois) at ``now``."""
    periods = sorted(periods, key=lambda p: (p.start_date, p.sort_order or 0))
    today = paris_today(now)
    with_deadline = [p for p in periods if p.offer_deadline]
    open_periods = sorted((p for p in with_deadline if p.deadline_status(now).is_open), key=lambda p: p.offer_deadline)
    if open_periods:
        period = open_periods[0]
        status = period.deadline_status(now)
        values = {"date": long_date(period.offer_deadline), "left": days_left_text(status.days_left)}
        if period.indicative:
            text = _("Prochain appel : dépôt des offres jusqu'au %(date)s (%(left)s), dates indicatives, à confirmer")
            return CallState("indicative", text % values, period)
        return CallState(status.code, _("Dépôt des offres ouvert jusqu'au %(date)s (%(left)s)") % values, period)
    upcoming = [p for p in periods if p.start_date > today]
    if with_deadline:
        last = max(p.offer_deadline for p in with_deadline)
        text = _("Dépôt des offres clos le %(date)s.") % {"date": long_date(last)}
        if upcoming:
            text += " " + _("Prochain appel : stage %(span)s, la date limite de dépôt sera annoncée ici") % {
                "span": period_span(upcoming[0])
            }
        else:
            text += " " + _("Prochain appel : dates à venir, annoncées sur cette page")
        return CallState("closed", text, upcoming[0] if upcoming else None)
    if upcoming:
        period = upcoming[0]
        text = _("Prochaine période : %(span)s") % {"span": period_span(period)}
        if period.indicative:
            text += _(", dates indicatives, à confirmer")
        return CallState("no_offers", text, period)
    return CallState("no_offers", _("Prochaine période : dates à venir"), None)
