"""Dates and numbers the French way in templates; a date is always inside ``<time datetime>``."""

from django import template
from django.utils.html import format_html

from core import formats

register = template.Library()


@register.simple_tag
def time_fr(value, with_year=True):
    """``<time datetime="2022-03-14">14 mars 2022</time>``; nothing if empty."""
    if not value:
        return ""
    day = formats.as_date(value)
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), formats.long_date(day, with_year))


@register.simple_tag
def month_fr(value):
    """``<time datetime="2021-03">mars 2021</time>``."""
    return format_html('<time datetime="{}">{}</time>', value.strftime("%Y-%m"), formats.month_year(value))


@register.filter
def date_fr(value):
    """Plain-text long French date, for attributes and e-mails."""
    return formats.long_date(value) if value else ""


@register.filter
def thousands(value):
    return formats.thousands(value)


@register.filter
def euros(value):
    return formats.euros(value)
