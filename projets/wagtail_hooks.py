"""Back office of the archive: taxonomy snippets and the « Importer des projets » view."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.cadres import Cadre

from . import admin_views
from .models import Collectivite, CollectiviteType, Promotion, Thematique


class CollectiviteFilterSet(WagtailFilterSet):
    type = ChoiceFilter(label=_("Type de collectivité"), choices=CollectiviteType.choices)

    class Meta:
        model = Collectivite
        fields = ["type", "region"]


class PromotionFilterSet(WagtailFilterSet):
    cadre = ChoiceFilter(label=_("Cadre d'emplois"), choices=Cadre.choices)

    class Meta:
        model = Promotion
        fields = ["cadre"]


class ThematiqueViewSet(SnippetViewSet):
    model = Thematique
    icon = "tag"
    menu_label = _("Thématiques")
    list_display = ["name", "slug"]
    list_export = ["name", "slug", "description"]
    search_fields = ["name"]


class CollectiviteViewSet(SnippetViewSet):
    model = Collectivite
    icon = "site"
    menu_label = _("Collectivités")
    list_display = ["name", "type", "region", "departement"]
    list_export = ["name", "type", "region", "departement"]
    filterset_class = CollectiviteFilterSet
    search_fields = ["name"]


class PromotionViewSet(SnippetViewSet):
    model = Promotion
    icon = "group"
    menu_label = _("Promotions")
    list_display = ["name", "cadre", "years"]
    list_export = ["name", "slug", "cadre", "year_start", "year_end"]
    filterset_class = PromotionFilterSet


class ProjetsTaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Projets collectifs")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (ThematiqueViewSet, CollectiviteViewSet, PromotionViewSet)


register_snippet(ProjetsTaxonomyGroup)


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("projets/importer/", admin_views.import_projects, name="projets_import"),
        path("projets/importer/tableur/", admin_views.import_spreadsheet, name="projets_import_spreadsheet"),
        path("projets/importer/modele.xlsx", admin_views.import_template, name="projets_import_template"),
        path("projets/importer/<int:pk>/", admin_views.import_job, name="projets_import_job"),
        path("projets/importer/<int:pk>/confirmer/", admin_views.import_confirm, name="projets_import_confirm"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("projets.import_projects")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Importer des projets"), reverse("projets_import"), icon_name="upload", order=260)
