"""The drafts in the back office: listed apart from the proposals (never counted as one), read only."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from .draft import ProposalDraft


class DraftPermissionHelper(PermissionHelper):
    """Drafts come from the site; the stages team reads the list, nobody edits one, superusers delete."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class ProposalDraftAdmin(ModelAdmin):
    model = ProposalDraft
    menu_label = _("Brouillons de propositions")
    menu_icon = "draft"
    menu_order = 251
    add_to_settings_menu = False
    exclude_from_explorer = True
    list_display = ("collectivite", "stage_type", "email", "updated_at", "offer_deadline", "resumed_from")
    list_filter = ("stage_type",)
    list_per_page = 50
    ordering = ("-updated_at",)
    permission_helper_class = DraftPermissionHelper

    def collectivite(self, obj):
        return obj.data.get("collectivite_nom") or _("(sans nom)")

    collectivite.short_description = _("collectivité")
