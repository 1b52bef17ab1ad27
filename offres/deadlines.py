"""The one rule for offer deadlines, computed in Europe/Paris with half-open bounds.

An offer can be submitted until the *end* of its deadline day in Paris: the deadline day
``D`` is open on ``[.., D+1 00:00 Paris)`` and closed from ``D+1 00:00`` on, whatever the
server's time zone and whether summer or winter time applies.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PARIS = ZoneInfo("Europe/Paris")
CLOSING_SOON_DAYS = 15


def paris_today(now=None):
    now = now or timezone.now()
    return now.astimezone(PARIS).date()


def closes_at(deadline):
    """The instant the deadline day ends in Paris (aware datetime, exclusive bound)."""
    next_day = deadline + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=PARIS)


@dataclass(frozen=True)
class DeadlineStatus:
    code: str  # "open", "closing" or "closed"
    days_left: int | None

    @property
    def is_open(self):
        return self.code != "closed"

    @property
    def label(self):
        if self.code == "closed":
            return _("Dépôt des offres clos")
        if self.code == "closing":
            if self.days_left == 0:
                return _("Dernier jour pour déposer une offre")
            return ngettext(
                "Clôture dans %(days)d jour",
                "Clôture dans %(days)d jours",
                self.days_left,
            ) % {"days": self.days_left}
        return _("Dépôt des offres ouvert")


def deadline_status(deadline, now=None):
    """Status of an offer deadline (a date) at ``now`` (default: the current instant)."""
    now = now or timezone.now()
    if now >= closes_at(deadline):
        return DeadlineStatus("closed", None)
    days_left = (deadline - paris_today(now)).days
    if days_left < CLOSING_SOON_DAYS:
        return DeadlineStatus("closing", days_left)
    return DeadlineStatus("open", days_left)
