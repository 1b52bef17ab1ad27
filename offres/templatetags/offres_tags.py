"""Period dates in words and the home page's *Prochaines échéances*."""

from django import template
from django.utils.html import format_html

from core.paris import paris_today
from core.purge import PAGES
from core.shared import SharedItem
from core.templatetags.french import month_fr, time_fr
from home.cadres import Cadre

from ..models import StagePeriod

register = template.Library()

HOME_DEADLINES = 5


@register.simple_tag
def period_dates(period):
    """« du 14 mars 2022 au 8 avril 2022 », or « mars – avril 2021 » for a month-level period."""
    if period.month_only:
        if (period.start_date.year, period.start_date.month) == (period.end_date.year, period.end_date.month):
            return month_fr(period.start_date)
        return format_html("{} – {}", month_fr(period.start_date), month_fr(period.end_date))
    return format_html("du {} au {}", time_fr(period.start_date), time_fr(period.end_date))


def _upcoming_deadlines(limit):
    """The next open offer deadlines of live stage pages, soonest first, in one query.

    Periods of one stage sharing a deadline (a projet collectif's three cadres d'emplois) make one item.
    """
    periods = (
        StagePeriod.objects.filter(offer_deadline__gte=paris_today(), page__live=True)
        .select_related("page")
        .order_by("offer_deadline", "page__path", "sort_order", "pk")[: limit * len(Cadre)]
    )
    items = {}
    for period in periods:
        key = (period.page_id, period.offer_deadline, period.schooling_year)
        if key not in items:
            if len(items) == limit:
                break
            items[key] = {"period": period, "page": period.page, "cadres": []}
        items[key]["cadres"].append(period.cadre_short_label)
    return tuple(items.values())


# Shared data never outlives midnight in Paris, when a deadline of the day passes.
UPCOMING_DEADLINES = SharedItem(
    "home_deadlines",
    build=_upcoming_deadlines,
    purged_by=(PAGES,),
    doc="The home page's next offer deadlines, by stage page and date, with their cadres d'emplois.",
)


@register.inclusion_tag("offres/includes/home_deadlines_list.html", takes_context=True)
def upcoming_deadlines(context, limit=HOME_DEADLINES):
    return {"items": UPCOMING_DEADLINES.get(limit), "request": context.get("request")}
