"""Result kinds (Stages, Projets, Pages) counted in Python over the matched ids.

Elasticsearch aggregations return 10 buckets by default and the database backends count differently; counting
here, over the ids the backend matched, gives complete counts that are identical on every backend. A page model
says its kind with a ``search_kind`` class attribute (one of ``KIND_LABELS``); other pages are « Pages ».
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from core.purge import PAGES as PAGES_CHANGED
from core.shared import SharedItem

STAGES = "stages"
PROJETS = "projets"
PAGES = "pages"

KIND_LABELS = {STAGES: "Stages", PROJETS: "Projets", PAGES: "Pages"}


def kind_content_type_ids():
    """``{content_type_id: kind}`` for the page models that declare a kind; other types are ``PAGES``."""
    models = [model for model in apps.get_models() if issubclass(model, Page) and hasattr(model, "search_kind")]
    return {
        content_type.pk: model.search_kind
        for model, content_type in ContentType.objects.get_for_models(*models).items()
    }


@dataclass(frozen=True)
class KindFacet:
    value: str
    label: str
    count: int


def _every_page_type():
    return dict(Page.objects.order_by().values_list("pk", "content_type_id"))


PAGE_TYPES = SharedItem(
    "page_types",
    build=_every_page_type,
    purged_by=(PAGES_CHANGED,),
    doc="The content type of every page of the site, for the counts per kind of the site search.",
)


def page_types(ids):
    """``{page_id: content_type_id}`` for these page ids (ids unknown to the database are left out).

    Looked up in memory (``PAGE_TYPES``): a search that matches thousands of pages would otherwise spend about
    10 ms of SQL on them with 10 000 projects.
    """
    known = PAGE_TYPES.get()
    return {pk: known[pk] for pk in ids if pk in known}


def kinds_of_types(types_by_id):
    """``{page_id: kind}`` for a ``page_types`` result."""
    by_type = kind_content_type_ids()
    return {pk: by_type.get(content_type_id, PAGES) for pk, content_type_id in types_by_id.items()}


def kind_of_ids(ids):
    """``{page_id: kind}`` for these page ids (ids unknown to the database are left out)."""
    return kinds_of_types(page_types(ids))


def count_kinds(kinds_by_id):
    """Facets in a fixed order (Stages, Projets, Pages), empty kinds left out."""
    counts = dict.fromkeys(KIND_LABELS, 0)
    for kind in kinds_by_id.values():
        counts[kind] += 1
    return [KindFacet(kind, KIND_LABELS[kind], count) for kind, count in counts.items() if count]
