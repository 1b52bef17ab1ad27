"""The next steps of a proposal's cycle, with their dates: in the receipt and decision e-mails, and as an .ics."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from icalendar import Calendar, Event

from core.formats import long_date
from core.paris import paris_today

UID_DOMAIN = "inet.cnfpt.fr"


@dataclass
class Step:
    uid: str
    label: str
    start: datetime.date
    end: datetime.date | None = None
    description: str = ""

    @property
    def dates(self):
        if self.end and self.end != self.start:
            return f"du {long_date(self.start)} au {long_date(self.end)}"
        return f"le {long_date(self.start)}"


def cycle_steps(proposal, now=None, with_deadline=True):
    """The steps still to come, soonest first: the offers deadline (before a decision), the page's dated steps, the
    stage itself."""
    today = paris_today(now)
    steps = []
    period = proposal.period
    page = proposal.stage_page
    if with_deadline and proposal.offer_deadline and proposal.offer_deadline >= today:
        steps.append(
            Step(
                f"depot-{proposal.reference}",
                "Date limite de dépôt des propositions (modification en ligne jusque-là)",
                proposal.offer_deadline,
            )
        )
    if page is not None:
        for step in page.steps.all():
            if (step.end_date or step.date) >= today:
                steps.append(Step(f"etape-{step.pk}", step.label, step.date, step.end_date, step.description))
    if period is not None and period.end_date >= today:
        steps.append(
            Step(
                f"stage-{period.pk}",
                f"{proposal.get_stage_type_display()} : les élèves dans la collectivité",
                period.start_date,
                period.end_date,
            )
        )
    return sorted(steps, key=lambda step: step.start)


def steps_text(steps):
    if not steps:
        return "- Les dates des prochaines étapes vous seront communiquées par l'équipe stages."
    lines = []
    for step in steps:
        line = f"- {step.label} : {step.dates}"
        if step.description:
            line += f" ({step.description})"
        lines.append(line)
    return "\n".join(lines)


def steps_ics(proposal, steps):
    """An RFC 5545 calendar of the steps: all-day events, UIDs stable per proposal so a new one updates."""
    calendar = Calendar()
    calendar.add("prodid", "-//INET//Proposition//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"INET – proposition {proposal.reference}")
    stamp = timezone.now().replace(microsecond=0)
    for step in steps:
        event = Event()
        event.add("uid", f"{proposal.reference}-{step.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", f"INET – {step.label}")
        event.add("dtstart", step.start)
        event.add("dtend", (step.end or step.start) + datetime.timedelta(days=1))
        event.add("description", f"Proposition {proposal.reference}. {step.description}".strip())
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def ics_attachment(proposal, steps):
    if not steps:
        return []
    return [
        {
            "filename": f"inet-{proposal.reference}.ics",
            "content_type": "text/calendar",
            "content": steps_ics(proposal, steps),
        }
    ]
