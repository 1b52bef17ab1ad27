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


def _child_model(model, relation):
    return model._meta.get_field(relation).related_model


def _build_children(model, relation, records, existing=()):
    """Instances for ``records`` in order, reusing ``existing`` rows by position so their ids stay stable."""
    child_model = _child_model(model, relation)
    existing = list(existing)
    children = []
    for position, record in enumerate(records):
        child = existing[position] if position < len(existing) else child_model()
        for name, value in record.items():
            setattr(child, name, child_model._meta.get_field(name).to_python(value))
        if hasattr(child, "sort_order"):
            # Assigned children get no sort order (only the admin's formset sets it); without one,
            # PostgreSQL returns them in any order and the next load would see a difference.
            child.sort_order = position
        children.append(child)
    return children


def _ordered(rows):
    """Rows in their editorial order, ties broken by id so every database agrees."""
    return sorted(
        rows, key=lambda row: (getattr(row, "sort_order", None) is None, getattr(row, "sort_order", 0) or 0, row.pk)
    )


def _children_differ(model, relation, records, existing):
    if len(records) != len(existing):
        return True
    child_model = _child_model(model, relation)
    for record, child in zip(records, existing, strict=True):
        for name, value in record.items():
            if _current(child, name) != _comparable(child_model, name, value):
                return True
    return False


@transaction.atomic
def upsert_page(parent, model, slug, values, *, children=None, children_of_same_slug_ok=False):
    """Create ``model`` under ``parent`` with ``slug``, or update it; returns (page, changed).

    ``values`` maps field names to plain values (StreamFields as lists of {type, value}).
    ``children`` maps a ParentalKey relation name (an inline such as ``periods``) to a list of records,
    in order; the page's rows are then exactly these, updated in place (same ids) where they exist.
    """
    children = children or {}
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **{k: model._meta.get_field(k).to_python(v) for k, v in values.items()})
        for relation, records in children.items():
            setattr(page, relation, _build_children(model, relation, records))
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, True
    changed = [name for name, value in values.items() if _current(page, name) != _comparable(model, name, value)]
    existing = {relation: _ordered(getattr(page, relation).all()) for relation in children}
    changed_children = [
        relation
        for relation, records in children.items()
        if _children_differ(model, relation, records, existing[relation])
    ]
    if not changed and not changed_children:
        return page, False
    for name in changed:
        field = model._meta.get_field(name)
        setattr(page, name, field.to_python(values[name]))
    for relation in changed_children:
        setattr(page, relation, _build_children(model, relation, children[relation], existing[relation]))
    page.save_revision().publish()
    return page, True
