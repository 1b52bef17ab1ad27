"""The one rule for offer deadlines: an offer can be submitted until the end of its deadline day in Paris.

The deadline day ``D`` is open until ``D+1 00:00`` (Paris) excluded and closed from then on (``core.paris``).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.paris import end_of_day, paris_today

CLOSING_SOON_DAYS = 15


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
    if now >= end_of_day(deadline):
        return DeadlineStatus("closed", None)
    days_left = (deadline - paris_today(now)).days
    if days_left < CLOSING_SOON_DAYS:
        return DeadlineStatus("closing", days_left)
    return DeadlineStatus("open", days_left)
