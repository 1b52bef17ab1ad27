"""``/projets/``: the archive of projets collectifs, with its search, facets, theme pages and Atom feed.

The top of the projets app: the archive page routes to the views and decides what surrounds each of its projects
(the way back with the visitor's filters, the related projects ranked over its index).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField

from home.blocks import BodyStreamBlock
from home.models import BasePage
from search.mixins import FrenchSearchMixin

from ..archive_index import related_projects
from ..feeds import LatestProjectsFeed
from ..forms import ReturnForm
from ..views import archive_view


class ProjectIndexPage(RoutablePageMixin, FrenchSearchMixin, BasePage):
    """``/projets/``: search, facets, theme pages and the Atom feed of the archive."""

    introduction = StreamField(BodyStreamBlock(), verbose_name=_("introduction"), blank=True)

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["projets.ProjectPage"]

    search_fields = [*BasePage.search_fields, *FrenchSearchMixin.french_search_fields]
    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("archive des projets collectifs")
        verbose_name_plural = _("archives des projets collectifs")

    @path("")
    def archive(self, request):
        return archive_view(request, self)

    @path("theme/<slug:slug>/")
    def theme(self, request, slug):
        return archive_view(request, self, theme_slug=slug)

    @path("flux/", name="feed")
    def feed(self, request):
        return LatestProjectsFeed(self)(request)

    def project_context(self, request, project):
        """What a project page of this archive shows around the project: the links back, the related projects."""
        back = ReturnForm(request.GET)
        return {
            "index_url": self.url,
            "back_url": f"{self.url}?{back.cleaned_data['retour']}" if back.is_valid() else "",
            "related": related_projects(self, project),
        }
