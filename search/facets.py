"""Result kinds (Stages, Projets, Pages) counted in Python over the matched ids.

Elasticsearch aggregations return 10 buckets by default and the database backends count
differently; counting here, over the ids the backend matched, gives complete counts that are
identical on every backend.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from home.shared import shared_by_visitors

STAGES = "stages"
PROJETS = "projets"
PAGES = "pages"

KIND_LABELS = {STAGES: "Stages", PROJETS: "Projets", PAGES: "Pages"}

# Models of each kind other than "pages" (everything else); a model missing on this branch is skipped.
KIND_MODELS = {
    STAGES: [("offres", "StagePage"), ("offres", "StageIndexPage")],
    PROJETS: [("projets", "ProjectPage")],
}


def _model(app_label, model_name):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def kind_content_type_ids():
    """``{content_type_id: kind}`` for the models that exist; other types are ``PAGES``."""
    mapping = {}
    for kind, names in KIND_MODELS.items():
        models = [model for model in (_model(*name) for name in names) if model is not None]
        for content_type in ContentType.objects.get_for_models(*models).values():
            mapping[content_type.pk] = kind
    return mapping


@dataclass(frozen=True)
class KindFacet:
    value: str
    label: str
    count: int


def _every_page_type():
    return dict(Page.objects.order_by().values_list("pk", "content_type_id"))


def page_types(ids):
    """``{page_id: content_type_id}`` for these page ids (ids unknown to the database are left out).

    The type of every page of the site is read in one query and kept until content changes
    (``home/shared.py``): a search that matches thousands of pages then looks their types up in
    memory (about 10 ms of SQL with 10 000 projects otherwise).
    """
    known = shared_by_visitors("page_types", _every_page_type)
    return {pk: known[pk] for pk in ids if pk in known}


def kinds_of_types(types_by_id):
    """``{page_id: kind}`` for a ``page_types`` result."""
    by_type = kind_content_type_ids()
    return {pk: by_type.get(content_type_id, PAGES) for pk, content_type_id in types_by_id.items()}


def kind_of_ids(ids):
    """``{page_id: kind}`` for these page ids, in one query (ids unknown to the database are left out)."""
    return kinds_of_types(page_types(ids))


def count_kinds(kinds_by_id):
    """Facets in a fixed order (Stages, Projets, Pages), empty kinds left out."""
    counts = dict.fromkeys(KIND_LABELS, 0)
    for kind in kinds_by_id.values():
        counts[kind] += 1
    return [KindFacet(kind, KIND_LABELS[kind], count) for kind, count in counts.items() if count]
