"""Public pages as one SQL condition, without a query to list the private sections first."""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def outside_private_sections():
    """What ``PageQuerySet.public()`` keeps: pages neither restricted nor below a restricted page.

    ``public()`` reads every restriction first (one query per call) and writes its paths into the
    SQL; this asks the same thing in the query itself: no restriction's page path starts the page's
    path. The restrictions are few: the check costs little per row. Not for a queryset given to the
    search backend, which translates ``public()``'s filters but not this expression.
    """
    covering = PageViewRestriction.objects.annotate(section_length=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, F("section_length"))
    )
    return ~Exists(covering)
