"""The Atom feed of the latest projects, announced by <link rel="alternate"> on /projets/."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from core.visibility import public

from .models.project import ProjectPage

FEED_SIZE = 20


class LatestProjectsFeed(Feed):
    feed_type = Atom1Feed
    title = "Projets collectifs de l'INET"
    subtitle = "Les derniers projets collectifs menés par les élèves de l'INET dans les collectivités."
    language = "fr"

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def link(self):
        return self.index_page.url

    def items(self):
        return (
            public(ProjectPage.objects.live())
            .descendant_of(self.index_page)
            .select_related("collectivite")
            .order_by("-first_published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.title} ({item.collectivite.name})"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at
