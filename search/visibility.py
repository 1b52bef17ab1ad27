"""Public pages without a query to list the private sections on every request."""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

from home.shared import shared_by_visitors


def outside_private_sections():
    """What ``PageQuerySet.public()`` keeps: pages neither restricted nor below a restricted page.

    ``public()`` reads every restriction first (one query per call) and writes its paths into the
    SQL; this asks the same thing in the query itself: no restriction's page path starts the page's
    path. The restrictions are few: the check costs little per row. Not for a queryset given to the
    search backend, which translates ``public()``'s filters but not this expression: use ``public``.
    """
    covering = PageViewRestriction.objects.annotate(section_length=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, F("section_length"))
    )
    return ~Exists(covering)


def _private_sections():
    return tuple(PageViewRestriction.objects.order_by("page__path").values_list("page__path", "page__depth"))


def public(pages):
    """``pages.public()``, the same condition (so every search backend translates it), with the private
    sections read once per generation of the page cache (``home/shared.py``: a new view restriction purges
    it) instead of once per call."""
    private = Q()
    for path, depth in shared_by_visitors("private_sections", _private_sections):
        private |= Q(path__startswith=path, depth__gte=depth)
    return pages.exclude(private) if private else pages
