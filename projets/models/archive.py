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

from ..archive_index import archive_index, related_projects
from ..collectivite_views import collectivite_list_view, collectivite_url, collectivite_view
from ..exports import citation, export_view
from ..feeds import LatestProjectsFeed
from ..forms import ReturnForm
from ..suggestions import suggestions_view
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

    @path("export/", name="export")
    def export(self, request):
        return export_view(request, self)

    @path("suggestions/", name="suggestions")
    def suggestions(self, request):
        return suggestions_view(request, self)

    @path("collectivites/", name="collectivites")
    def collectivites(self, request):
        return collectivite_list_view(request, self)

    @path("collectivites/<slug:slug>/", name="collectivite")
    def collectivite(self, request, slug):
        return collectivite_view(request, self, slug)

    def get_sitemap_urls(self, request=None):
        """The archive, its list of collectivités and a page per collectivité with a published project."""
        urls = super().get_sitemap_urls(request)
        if urls:
            base = self.get_full_url(request)
            slugs = sorted(archive_index(self).postings["collectivite"])
            paths = [self.reverse_subpage("collectivites")]
            paths += [self.reverse_subpage("collectivite", args=(slug,)) for slug in slugs]
            urls += [{"location": base + subpath, "lastmod": urls[0].get("lastmod")} for subpath in paths]
        return urls

    def project_context(self, request, project):
        """What a project page of this archive shows around the project: the links back, the related projects."""
        back = ReturnForm(request.GET)
        return {
            "index_url": self.url,
            "back_url": f"{self.url}?{back.cleaned_data['retour']}" if back.is_valid() else "",
            "related": related_projects(self, project),
            "collectivite_url": collectivite_url(self, project.collectivite.slug),
            "citation": citation(project, project.get_full_url(request)),
        }
