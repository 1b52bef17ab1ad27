"""The schooling year (« scolarité »), a word both domain apps use: one type, « 2022-2023 », and one field.

A stage period, a proposal and a project each belong to one schooling year, stored as its label
(``SchoolingYearField``): a string that sorts in time order and reads as editors write it.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

LABEL_RE = re.compile(r"^(\d{4})-(\d{4})$")


def schooling_year(start):
    """The schooling year that starts in ``start`` (an int): 2022 → « 2022-2023 »."""
    return f"{start}-{start + 1}"


def start_year(label):
    """2022 for « 2022-2023 »."""
    return int(label[:4])


def next_schooling_year(label):
    """« 2023-2024 » after « 2022-2023 »."""
    return schooling_year(start_year(label) + 1)


def is_schooling_year(value):
    match = LABEL_RE.match(str(value or ""))
    return bool(match) and int(match.group(2)) == int(match.group(1)) + 1


def validate_schooling_year(value):
    if not is_schooling_year(value):
        raise ValidationError(_("Indiquez la scolarité sous la forme « 2022-2023 »."), code="invalid")


class SchoolingYearField(models.CharField):
    """A schooling year, stored as « 2022-2023 »."""

    default_validators = [validate_schooling_year]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 9)
        kwargs.setdefault("help_text", _("Sous la forme « 2022-2023 »."))
        super().__init__(*args, **kwargs)
