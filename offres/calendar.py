"""The calendar feed (RFC 5545): one event per offer deadline and one per stage period.

Events are all-day (``VALUE=DATE``), so they fall on the same days in every time zone; the calendar
declares Europe/Paris, the zone every date rule of the site uses. UIDs derive from the database rows,
so a re-download updates events instead of duplicating them.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from core.formats import long_date

UID_DOMAIN = "inet.cnfpt.fr"


def build_calendar(pages, request=None):
    calendar = Calendar()
    calendar.add("prodid", "-//INET//Accueillir un élève//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "INET – échéances des stages")
    calendar.add("x-wr-timezone", "Europe/Paris")
    stamp = timezone.now().replace(microsecond=0)
    for page in pages:
        url = page.get_full_url(request)
        stage = page.get_stage_type_display()
        for period in page.sorted_periods():
            if period.month_only:
                continue  # a calendar event needs real days; month-level history stays on the page
            who = f"élèves {period.cadre_short_label}"
            note = " Dates indicatives, à confirmer." if period.indicative else ""
            dates = f"du {long_date(period.start_date)} au {long_date(period.end_date)}"
            if period.precision:
                dates += f" ({period.precision})"
            event = Event()
            event.add("uid", f"periode-{period.uid_stem}@{UID_DOMAIN}")
            event.add("dtstamp", stamp)
            event.add("summary", f"{stage} – {who} ({period.schooling_year})")
            event.add("dtstart", period.start_date)
            event.add("dtend", period.end_date + datetime.timedelta(days=1))
            event.add(
                "description",
                f"{stage}, {who}, {period.duration_weeks} semaines {dates}.{note}\n{url}",
            )
            event.add("url", url)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
            if period.offer_deadline:
                deadline = Event()
                deadline.add("uid", f"depot-{period.uid_stem}@{UID_DOMAIN}")
                deadline.add("dtstamp", stamp)
                deadline.add("summary", f"Dépôt des offres : {stage} – {who} ({period.schooling_year})")
                deadline.add("dtstart", period.offer_deadline)
                deadline.add("dtend", period.offer_deadline + datetime.timedelta(days=1))
                deadline.add(
                    "description",
                    f"Dernier jour pour proposer une offre : le {long_date(period.offer_deadline)}, "
                    f"jusqu'à minuit (heure de Paris). Stage {dates}.{note}\n{url}",
                )
                deadline.add("url", url)
                deadline.add("transp", "TRANSPARENT")
                calendar.add_component(deadline)
    return calendar.to_ical()


def ics_response(calendar_bytes, filename):
    response = HttpResponse(calendar_bytes, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
