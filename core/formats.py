"""French formatting of dates and numbers, as French typography wants them."""

import datetime

from django.utils import formats, timezone

NARROW_NBSP = "\u202f"  # between thousands: « 4 000 »
NBSP = "\u00a0"  # before the currency sign: « 4 000 € »


def as_date(value):
    """A date, or the Paris-local date of an aware datetime."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def long_date(value, with_year=True):
    """« 14 mars 2022 », with the ordinal « 1er » French uses for the first day of a month."""
    value = as_date(value)
    day = "1er" if value.day == 1 else str(value.day)
    month = formats.date_format(value, "F")
    return f"{day} {month} {value.year}" if with_year else f"{day} {month}"


def month_year(value):
    """« mars 2021 »."""
    return formats.date_format(value, "F Y")


def thousands(value):
    """4000 → « 4 000 » (a narrow no-break space between thousands); '' for None."""
    return f"{value:,}".replace(",", NARROW_NBSP) if value is not None else ""


def euros(value):
    """4000 → « 4 000 € »; '' for None."""
    return f"{thousands(value)}{NBSP}€" if value is not None else ""
