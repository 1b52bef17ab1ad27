"""Dates shown the French way ("1er février 2023"), always inside <time datetime>."""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

register = template.Library()


def long_date(value, with_year=True):
    """'14 mars 2022', with the ordinal '1er' French uses for the first day."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    day = "1er" if value.day == 1 else str(value.day)
    month = formats.date_format(value, "F")
    return f"{day} {month} {value.year}" if with_year else f"{day} {month}"


@register.simple_tag
def time_fr(value, with_year=True):
    """Render a date as ``<time datetime="YYYY-MM-DD">14 mars 2022</time>``; nothing if empty."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), long_date(value, with_year))


@register.filter
def date_fr(value):
    """Plain-text long French date, for attributes and e-mails."""
    return long_date(value) if value else ""
