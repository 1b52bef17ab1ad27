"""Delete proposals past their retention period (personal data): ``purge_proposals --older-than 36``.

Whatever the duration, a proposal whose schooling year is not over (one of its periods ends today or later, or the
year starts this calendar year or later) is kept: the stages team still works on it. The real run asks for a
« oui » unless ``--no-input`` (the scheduled task).
"""

import calendar
import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Site

from home.schooling import start_year
from offres.models import StagePeriod
from offres.proposals.models import DEFAULT_RETENTION_MONTHS, Proposal, ProposalSettings

DURATION = re.compile(r"^\s*(\d{1,4})\s*(m|mois|a|ans?|y|j|jours?|d)?\s*$", re.IGNORECASE)


def months_before(moment, months):
    """The same instant ``months`` calendar months earlier (day clamped to the month's length)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def cutoff_for(text, now):
    """'36', '36m' or '36 mois' (months), '3a' / '3y' (years), '400j' / '400d' (days) → the cut-off instant."""
    match = DURATION.match(str(text))
    if not match:
        raise CommandError(f"Durée illisible : « {text} ». Exemples : 36 (mois), 3a (ans), 400j (jours).")
    number, unit = int(match.group(1)), (match.group(2) or "m").lower()
    if unit in {"a", "an", "ans", "y"}:
        return months_before(now, 12 * number)
    if unit.startswith(("j", "d")):
        return now - datetime.timedelta(days=number)
    return months_before(now, number)


def years_not_over(now):
    """The schooling years the stages team still works on: a period ends today or later, or the year starts this
    calendar year or later."""
    today = timezone.localdate(now)
    ongoing = set(StagePeriod.objects.filter(end_date__gte=today).values_list("schooling_year", flat=True))
    recorded = set(Proposal.objects.values_list("schooling_year", flat=True).distinct())
    return ongoing | {year for year in recorded if start_year(year) >= today.year}


class Command(BaseCommand):
    help = "Supprime les propositions (et leurs courriels et historique) plus anciennes que la durée de conservation."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            help="Durée : 36 ou 36m (mois), 3a (ans), 400j (jours). Par défaut, le réglage du site.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien supprimer.")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="Supprime sans demander."
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options["older_than"]:
            cutoff = cutoff_for(options["older_than"], now)
        else:
            site = Site.objects.filter(is_default_site=True).first()
            months = ProposalSettings.for_site(site).retention_months if site else DEFAULT_RETENTION_MONTHS
            cutoff = months_before(now, months)
        old = Proposal.objects.filter(submitted_at__lt=cutoff).exclude(schooling_year__in=years_not_over(now))
        count = old.count()
        if options["dry_run"] or not count:
            self.stdout.write(f"{count} proposition(s) reçue(s) avant le {cutoff:%d/%m/%Y} seraient supprimée(s).")
            return
        if options["interactive"]:
            answer = input(
                f"Supprimer définitivement {count} proposition(s) reçue(s) avant le {cutoff:%d/%m/%Y} ? [oui/non] "
            )
            if answer.strip().lower() != "oui":
                raise CommandError("Rien n'a été supprimé.")
        old.delete()
        self.stdout.write(f"{count} proposition(s) reçue(s) avant le {cutoff:%d/%m/%Y} supprimée(s).")
