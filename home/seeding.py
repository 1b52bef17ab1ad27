"""Create-or-update of demo pages by slug, shared by every app's demo loader.

A second load changes nothing: a page is saved (and a revision published) only when one of
its declared values differs from what the database holds.
"""

from pathlib import Path

import yaml
from django.db import transaction
from wagtail.fields import StreamField


def read_yaml(path):
    with Path(path).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _strip_ids(value):
    if isinstance(value, dict):
        return {key: _strip_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_strip_ids(item) for item in value]
    return value


def _comparable(model, name, value):
    field = model._meta.get_field(name)
    if isinstance(field, StreamField):
        return _strip_ids(field.get_prep_value(field.to_python(value)))
    return field.get_prep_value(field.to_python(value)) if value is not None else None


def _current(page, name):
    field = page._meta.get_field(name)
    if isinstance(field, StreamField):
        return _strip_ids(field.get_prep_value(getattr(page, name)))
    return field.get_prep_value(getattr(page, name))


@transaction.atomic
def upsert_page(parent, model, slug, values, *, children_of_same_slug_ok=False):
    """Create ``model`` under ``parent`` with ``slug``, or update it; returns (page, changed).

    ``values`` maps field names to plain values (StreamFields as lists of {type, value}).
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **{k: model._meta.get_field(k).to_python(v) for k, v in values.items()})
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, True
    changed = [name for name, value in values.items() if _current(page, name) != _comparable(model, name, value)]
    if not changed:
        return page, False
    for name in changed:
        field = model._meta.get_field(name)
        setattr(page, name, field.to_python(values[name]))
    page.save_revision().publish()
    return page, True
