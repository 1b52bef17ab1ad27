"""``/api/v2/collectivites/``: the archive's collectivités, read-only, with the address of their page."""

from rest_framework.fields import SerializerMethodField
from wagtail.api.v2.serializers import BaseSerializer
from wagtail.api.v2.views import BaseAPIViewSet

from projets.models import Collectivite, ProjectIndexPage


class CollectiviteSerializer(BaseSerializer):
    html_url = SerializerMethodField()

    def get_html_url(self, collectivite):
        index_page = self.context.get("archive")
        if index_page is None:
            return None
        return index_page.full_url + index_page.reverse_subpage("collectivite", args=(collectivite.slug,))


class CollectivitesAPIViewSet(BaseAPIViewSet):
    model = Collectivite
    base_serializer_class = CollectiviteSerializer
    body_fields = [*BaseAPIViewSet.body_fields, "name", "slug", "type", "region", "departement", "html_url"]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug", "type", "region", "html_url"]
    name = "collectivites"

    def get_queryset(self):
        return Collectivite.objects.filter(projects__live=True).distinct().order_by("name")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["archive"] = ProjectIndexPage.objects.live().first()
        return context
