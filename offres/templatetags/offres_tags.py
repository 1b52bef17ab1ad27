"""Period dates in words and the home page's *Prochaines échéances*."""

from django import template
from django.utils import formats
from django.utils.html import format_html

from home.templatetags.dates_fr import time_fr

from ..cadres import Cadre
from ..deadlines import paris_today
from ..models import StagePeriod

register = template.Library()

HOME_DEADLINES = 5


def _month(value):
    return format_html('<time datetime="{}">{}</time>', value.strftime("%Y-%m"), formats.date_format(value, "F Y"))


@register.simple_tag
def period_dates(period):
    """« du 14 mars 2022 au 8 avril 2022 », or « mars – avril 2021 » for a month-level period."""
    if period.month_only:
        if (period.start_date.year, period.start_date.month) == (period.end_date.year, period.end_date.month):
            return _month(period.start_date)
        return format_html("{} – {}", _month(period.start_date), _month(period.end_date))
    return format_html("du {} au {}", time_fr(period.start_date), time_fr(period.end_date))


@register.filter
def euros(value):
    """4000 → « 4 000 € » (narrow no-break space between thousands, as French typography wants)."""
    if value is None:
        return ""
    return f"{value:,}".replace(",", "\u202f") + "\u00a0€"


@register.filter
def thousands(value):
    return f"{value:,}".replace(",", "\u202f") if value is not None else ""


@register.inclusion_tag("offres/includes/home_deadlines_list.html", takes_context=True)
def upcoming_deadlines(context, limit=HOME_DEADLINES):
    """The next open offer deadlines of live stage pages, soonest first, in one query.

    Periods of one stage sharing a deadline (a projet collectif's three tracks) make one item.
    """
    periods = (
        StagePeriod.objects.filter(offer_deadline__gte=paris_today(), page__live=True)
        .select_related("page")
        .order_by("offer_deadline", "page__path", "sort_order")[: limit * len(Cadre)]
    )
    items = {}
    for period in periods:
        key = (period.page_id, period.offer_deadline, period.schooling_year)
        if key not in items:
            if len(items) == limit:
                break
            items[key] = {"period": period, "page": period.page, "cadres": []}
        items[key]["cadres"].append(period.cadre_short_label)
    return {"items": list(items.values()), "request": context.get("request")}
