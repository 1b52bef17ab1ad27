"""The calendar feed (RFC 5545): one event per real date — a stage period, an offers deadline, a key step.

Events are all-day (``VALUE=DATE``), so they fall on the same days in every time zone; the calendar declares
Europe/Paris, the zone every date rule of the site uses. The periods of several cadres d'emplois on the same
days (a projet collectif's three tracks) make one event that lists them, and so do their shared deadline. UIDs
derive from the database rows (the first track's row of a group), so a re-download updates events instead of
duplicating them. ``cadre`` keeps one track's periods and deadlines (key steps concern every track).
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from core.formats import long_date
from home.cadres import SHORT_LABELS, Cadre

UID_DOMAIN = "inet.cnfpt.fr"
CADRE_ORDER = {cadre.value: index for index, cadre in enumerate(Cadre)}


def _event(uid, stamp, summary, start, end, description, url):
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end + datetime.timedelta(days=1))
    event.add("description", f"{description}\n{url}")
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def _grouped(periods, key):
    groups = {}
    for period in sorted(periods, key=lambda p: CADRE_ORDER[p.cadre]):
        groups.setdefault(key(period), []).append(period)
    return groups.values()


def _who(periods):
    return ", ".join(f"élèves {SHORT_LABELS[Cadre(p.cadre)]}" for p in periods)


def _short_who(periods):
    """The summary's words: one or two tracks by name, all three as such (the description lists them)."""
    return "les trois cadres d'emplois" if len(periods) == len(Cadre) else _who(periods)


def page_events(page, stamp, url, cadre=""):
    stage = page.get_stage_type_display()
    periods = [p for p in page.sorted_periods() if not p.month_only and (not cadre or p.cadre == cadre)]
    events = []
    for group in _grouped(periods, lambda p: (p.schooling_year, p.start_date, p.end_date)):
        first = group[0]
        note = " Dates indicatives, à confirmer." if first.indicative else ""
        details = "; ".join(
            f"élèves {p.cadre_short_label} : {p.duration_weeks} semaines" + (f" ({p.precision})" if p.precision else "")
            for p in group
        )
        events.append(
            _event(
                f"periode-{first.uid_stem}",
                stamp,
                f"{stage} – {_short_who(group)} ({first.schooling_year})",
                first.start_date,
                first.end_date,
                f"{stage}, du {long_date(first.start_date)} au {long_date(first.end_date)}. Pour : {details}.{note}",
                url,
            )
        )
    with_deadline = [p for p in periods if p.offer_deadline]
    for group in _grouped(with_deadline, lambda p: (p.schooling_year, p.offer_deadline)):
        first = group[0]
        note = " Dates indicatives, à confirmer." if first.indicative else ""
        stages = "; ".join(
            f"élèves {p.cadre_short_label}, du {long_date(p.start_date)} au {long_date(p.end_date)}" for p in group
        )
        events.append(
            _event(
                f"depot-{first.uid_stem}",
                stamp,
                f"Dépôt des offres : {stage} – {_short_who(group)} ({first.schooling_year})",
                first.offer_deadline,
                first.offer_deadline,
                f"Dernier jour pour proposer une offre : le {long_date(first.offer_deadline)}, jusqu'à minuit "
                f"(heure de Paris). Pour : {_who(group)}. Stage : {stages}.{note}",
                url,
            )
        )
    for step in page.sorted_steps():
        note = " Date indicative, à confirmer." if step.indicative else ""
        description = f"{step.label}" + (f". {step.description}" if step.description else "")
        events.append(
            _event(
                f"etape-{step.uid_stem}",
                stamp,
                f"{stage} : {step.label}",
                step.date,
                step.last_date,
                description + "." + note,
                url,
            )
        )
    return events


def build_calendar(pages, request=None, cadre=""):
    calendar = Calendar()
    calendar.add("prodid", "-//INET//Accueillir un élève//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = "INET – échéances des stages"
    if cadre:
        name += f" (élèves {SHORT_LABELS[Cadre(cadre)]})"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    stamp = timezone.now().replace(microsecond=0)
    for page in pages:
        for event in page_events(page, stamp, page.get_full_url(request), cadre):
            calendar.add_component(event)
    return calendar.to_ical()


def feed_cadre(request):
    """``?cadre=`` when it names a cadre d'emplois, else "" (every track: a bad value never raises)."""
    value = request.GET.get("cadre", "")
    return value if value in CADRE_ORDER else ""


def feed_links(request, feed_path, cadre=""):
    """The download link and its ``webcal://`` twin (a calendar application subscribes and keeps it up to date)."""
    query = f"?cadre={cadre}" if cadre else ""
    absolute = request.build_absolute_uri(feed_path + query)
    return {"download": feed_path + query, "webcal": "webcal://" + absolute.split("://", 1)[1], "https": absolute}


def ics_response(calendar_bytes, filename):
    response = HttpResponse(calendar_bytes, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
