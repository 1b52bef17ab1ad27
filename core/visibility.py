"""The one rule for "is this page public": outside every private section (a page under a view restriction).

``public(pages)`` is Wagtail's ``PageQuerySet.public()`` condition, so every search backend translates it, with
the private sections read once per generation (``PRIVATE_SECTIONS``) instead of once per call. A page served
to a visitor is checked by Wagtail itself (``Page.get_view_restrictions``, in ``serve``).
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction

from .purge import PAGES, RESTRICTIONS
from .shared import SharedItem


def _private_sections():
    return tuple(PageViewRestriction.objects.order_by("page__path").values_list("page__path", "page__depth"))


PRIVATE_SECTIONS = SharedItem(
    "private_sections",
    build=_private_sections,
    purged_by=(RESTRICTIONS, PAGES),  # a move changes the path of a private section
    doc="Path and depth of every page under a view restriction (a private section).",
)


def public(pages):
    """The pages of ``pages`` outside every private section (``pages.public()``, without its query)."""
    private = Q()
    for path, depth in PRIVATE_SECTIONS.get():
        private |= Q(path__startswith=path, depth__gte=depth)
    return pages.exclude(private) if private else pages


def may_be_private(page):
    """False when no private section holds ``page``: Wagtail's check before serving it (``get_view_restrictions``,
    a query) can only find nothing."""
    return any(page.path.startswith(path) for path, _depth in PRIVATE_SECTIONS.get())
