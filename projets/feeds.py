"""The Atom feed of the latest projects, announced by <link rel="alternate"> on /projets/."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Enclosure

from core.visibility import public
from search.idset import id_set

from .forms import FACET_NAMES
from .models.project import ProjectPage
from .views import filter_archive

FEED_SIZE = 20


class LatestProjectsFeed(Feed):
    feed_type = Atom1Feed
    title = "Projets collectifs de l'INET"
    subtitle = "Les derniers projets collectifs menés par les élèves de l'INET dans les collectivités."
    language = "fr"

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def get_object(self, request, *args, **kwargs):
        """The archive's filters (same GET parameters as ``/projets/``): ``None`` when there are none."""
        filtered = any(request.GET.getlist(name) for name in ("q", *FACET_NAMES))
        self.kept = filter_archive(request, self.index_page).ordered if filtered else None
        self.query = request.GET.urlencode() if filtered else ""
        return None

    def link(self):
        return f"{self.index_page.url}?{self.query}" if self.query else self.index_page.url

    def items(self):
        projects = public(ProjectPage.objects.live()).descendant_of(self.index_page)
        if self.kept is not None:
            projects = projects.filter(pk__in=id_set(self.kept))
        return (
            projects.defer_streamfields()
            .select_related("collectivite", "listing_image")
            .prefetch_related("listing_image__renditions")
            .order_by("-first_published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.title} ({item.collectivite.name})"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_enclosures(self, item):
        """The listing image, as ``<link rel="enclosure">``."""
        if not item.listing_image_id:
            return []
        rendition = item.listing_image.get_rendition("fill-1200x630|format-jpeg")
        return [Enclosure(item.og_image_url, str(rendition.file.size), "image/jpeg")]

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at
