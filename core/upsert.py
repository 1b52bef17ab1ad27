"""Create-or-update by a natural key, for the demo loaders and the importers: a second run changes nothing.

A row or a page is saved (a page: a revision published) only when one of its declared values differs from what
the database holds. ``Outcome`` says what happened, and is true when something was written.
"""

import enum
from pathlib import Path

import yaml
from django.db import transaction
from wagtail.fields import StreamField


class Outcome(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"

    def __bool__(self):
        return self is not Outcome.UNCHANGED


def load_yaml(path):
    with Path(path).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def upsert_row(model, lookup, values):
    """The row of ``model`` matching ``lookup``, created or updated with ``values``; returns (row, outcome)."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), Outcome.CREATED
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        row.save(update_fields=changed)
    return row, Outcome.UPDATED if changed else Outcome.UNCHANGED


@transaction.atomic
def upsert_page(parent, model, slug, values, *, children=None, relations=None, existing=None):
    """Create ``model`` under ``parent`` with ``slug``, or update it; returns (page, outcome).

    ``values`` maps field names to plain values (StreamFields as lists of {type, value}; a foreign key by its
    ``<name>_id``). ``children`` maps a ParentalKey relation (an inline such as ``periods``) to its records, in
    order: the page's rows are then exactly these, updated in place (same ids) where they exist. ``relations``
    maps a ParentalManyToManyField to the ids it holds. ``existing``: the page if the caller has read it already
    (None: looked up by slug under ``parent``).
    """
    children, relations = children or {}, relations or {}
    page = existing if existing is not None else model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **{name: _python(model, name, value) for name, value in values.items()})
        for relation, records in children.items():
            setattr(page, relation, _build_children(model, relation, records))
        parent.add_child(instance=page)
        for relation, ids in relations.items():  # many-to-many values need the page's id
            setattr(page, relation, sorted(ids))
        page.save_revision().publish()
        return page, Outcome.CREATED
    changed, changed_children, changed_relations, rows = _differences(page, model, values, children, relations)
    if not (changed or changed_children or changed_relations):
        return page, Outcome.UNCHANGED
    for name in changed:
        setattr(page, name, _python(model, name, values[name]))
    for relation in changed_children:
        setattr(page, relation, _build_children(model, relation, children[relation], rows[relation]))
    for relation in changed_relations:
        setattr(page, relation, sorted(relations[relation]))
    page.save_revision().publish()
    return page, Outcome.UPDATED


def page_changes(page, values, *, children=None, relations=None):
    """The names of what ``upsert_page`` would change on ``page`` (fields, children, relations), in that order;
    an empty list: it would leave the page unchanged. Nothing is written."""
    changed, changed_children, changed_relations, _rows = _differences(
        page, type(page), values, children or {}, relations or {}
    )
    return [*changed, *changed_children, *changed_relations]


def _differences(page, model, values, children, relations):
    changed = [name for name, value in values.items() if _stored(page, name) != _comparable(model, name, value)]
    rows = {relation: _ordered(getattr(page, relation).all()) for relation in children}
    changed_children = [
        name for name, records in children.items() if _children_differ(model, name, records, rows[name])
    ]
    changed_relations = [
        name
        for name, ids in relations.items()
        if sorted(getattr(page, name).values_list("pk", flat=True)) != sorted(ids)
    ]
    return changed, changed_children, changed_relations, rows


def _strip_ids(value):
    """A StreamField's stored JSON without its block ids (new on every conversion)."""
    if isinstance(value, dict):
        return {key: _strip_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_strip_ids(item) for item in value]
    return value


def _python(model, name, value):
    return model._meta.get_field(name).to_python(value)


def _comparable(model, name, value):
    field = model._meta.get_field(name)
    if value is None:
        return None
    if isinstance(field, StreamField):
        return _strip_ids(field.get_prep_value(field.to_python(value)))
    return field.get_prep_value(field.to_python(value))


def _stored(obj, name):
    field = obj._meta.get_field(name)
    value = getattr(obj, field.attname)
    if isinstance(field, StreamField):
        return _strip_ids(field.get_prep_value(value))
    return field.get_prep_value(value)


def _child_model(model, relation):
    return model._meta.get_field(relation).related_model


def _build_children(model, relation, records, existing=()):
    """Instances for ``records`` in order, reusing ``existing`` rows by position so that their ids stay stable."""
    child_model = _child_model(model, relation)
    existing = list(existing)
    children = []
    for position, record in enumerate(records):
        child = existing[position] if position < len(existing) else child_model()
        for name, value in record.items():
            setattr(child, name, _python(child_model, name, value))
        if hasattr(child, "sort_order"):
            # Assigned children get no sort order (only the admin's formset sets one); without it, PostgreSQL
            # returns them in any order and the next load would see a difference.
            child.sort_order = position
        children.append(child)
    return children


def _ordered(rows):
    """Rows in their editorial order, ties broken by id so that every database agrees."""
    return sorted(
        rows, key=lambda row: (getattr(row, "sort_order", None) is None, getattr(row, "sort_order", 0) or 0, row.pk)
    )


def _children_differ(model, relation, records, existing):
    if len(records) != len(existing):
        return True
    child_model = _child_model(model, relation)
    return any(
        _stored(child, name) != _comparable(child_model, name, value)
        for record, child in zip(records, existing, strict=True)
        for name, value in record.items()
    )
