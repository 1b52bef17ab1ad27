"""INET's back office for proposals (wagtail-modeladmin): list, filters, search, inspect, exports, workflow."""

import re

from django import forms
from django.contrib.admin import SimpleListFilter
from django.db import transaction
from django.urls import re_path
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView, IndexView, InspectView

from core.paris import paris_today
from core.spreadsheet import safe_cell

from ..stage_types import StageType
from .attachments import attachment_label, download_attachment
from .forms import COMMITMENT_FIELDS, SUBMITTED_FIELDS
from .history import record_admin_change
from .models import Proposal, ProposalStatus


class ProposalStatusForm(WagtailAdminModelForm):
    """The only edit INET makes: move the status along the workflow (with a message to the collectivité when it is
    « à compléter »), set who follows the proposal, add an internal note. Every change is logged."""

    message = forms.CharField(
        label=_("Message à la collectivité"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Obligatoire pour « à compléter » : ce qu'il faut compléter. Envoyé par courriel avec le lien."),
    )
    note = forms.CharField(
        label=_("Note interne"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visible seulement par l'équipe stages, conservée dans l'historique."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = ProposalStatus(self.instance.status)
        allowed = [current, *self.instance.allowed_statuses()]
        self.fields["status"].choices = [(status.value, status.label) for status in allowed]
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = self.fields["assignee"].queryset.distinct().order_by("username")
            self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def clean_status(self):
        status = self.cleaned_data["status"]
        current = self.instance.status
        if status != current and status not in self.instance.allowed_statuses():
            raise forms.ValidationError(
                _("Passage impossible de « %(from)s » à « %(to)s ».")
                % {"from": ProposalStatus(current).label, "to": ProposalStatus(status).label}
            )
        return status

    def clean(self):
        cleaned = super().clean()
        previous = Proposal.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        if cleaned.get("status") == ProposalStatus.TO_COMPLETE and previous != ProposalStatus.TO_COMPLETE:
            if not cleaned.get("message", "").strip():
                self.add_error("message", _("Écrivez à la collectivité ce qu'elle doit compléter."))
            until = cleaned.get("amend_until")
            if until is None:
                self.add_error("amend_until", _("Indiquez jusqu'à quel jour la proposition peut être complétée."))
            elif until < paris_today():
                self.add_error("amend_until", _("Choisissez aujourd'hui ou un jour à venir."))
        return cleaned

    def save(self, commit=True):
        before = Proposal.objects.filter(pk=self.instance.pk).values("status", "assignee_id", "amend_until").first()
        with transaction.atomic():
            proposal = super().save(commit=commit)
            record_admin_change(proposal, before, self.cleaned_data, getattr(self, "for_user", None))
        return proposal


class ProposalPermissionHelper(PermissionHelper):
    """Proposals arrive from the site only; nobody creates one in the admin, only superusers delete."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class ProposalInspectView(InspectView):
    """The proposal as the internship team reads it: French labels with a capital."""

    def get_field_label(self, field_name, field=None):
        return capfirst(super().get_field_label(field_name, field))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.instance.events.select_related("user")
        context["emails"] = self.instance.emails.all()
        if self.instance.attachment:
            context["attachment_url"] = self.url_helper.get_action_url("attachment", self.instance.pk)
            context["attachment_label"] = attachment_label(self.instance)
        return context


STAFF_GROUP = "Équipe stages"
STAGE_PREFIX = re.compile(r"^Stage (d'|de |du )?", re.IGNORECASE)

EXPORT_HEADINGS = {
    "stage_label": _("Stage"),
    "status_label": _("Statut"),
    "several_label": _("Plusieurs propositions du SIRET"),
    "submitted_at": _("Reçue le"),
}


class ProposalHistoryView(HistoryView):
    """wagtail-modeladmin's history view checks no permission: any admin user (Communication, Validation) would
    read who changed which proposal. Only those who may inspect a proposal see its history."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


class ProposalIndexView(IndexView):
    export_headings = EXPORT_HEADINGS

    def preprocess_field_value(self, field, value, export_format):
        """The public's text never runs as a formula in the CSV (the XLSX export already writes text cells)."""
        value = super().preprocess_field_value(field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value

    def get_heading(self, queryset, field):
        if field in self.export_headings:
            return str(self.export_headings[field])
        # Field labels as written in the model (French, sentence case), not title-cased.
        return str(Proposal._meta.get_field(field).verbose_name)


class StageTypeFilter(SimpleListFilter):
    """The stage types present among the proposals, by their French name (the field stores the code)."""

    title = _("type de stage")
    parameter_name = "stage_type"

    def lookups(self, request, model_admin):
        present = set(Proposal.objects.values_list("stage_type", flat=True).distinct())
        return [(value, label) for value, label in StageType.choices if value in present]

    def queryset(self, request, queryset):
        return queryset.filter(stage_type=self.value()) if self.value() else queryset


class AssigneeFilter(SimpleListFilter):
    """Who follows the proposal: « moi », nobody, or a member of the stages team."""

    title = _("suivie par")
    parameter_name = "suivie_par"

    def lookups(self, request, model_admin):
        members = Proposal._meta.get_field("assignee").related_model.objects.filter(
            groups__name=STAFF_GROUP, is_active=True
        )
        people = [(str(user.pk), user.get_full_name() or user.get_username()) for user in members.distinct()]
        return [("moi", _("Moi")), ("personne", _("Personne")), *people]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "moi":
            return queryset.filter(assignee=request.user)
        if value == "personne":
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class ProposalAdmin(ModelAdmin):
    model = Proposal
    menu_label = _("Propositions")
    menu_icon = "form"
    menu_order = 250
    add_to_settings_menu = False
    exclude_from_explorer = True
    # What the stages team reads at 1280 px; the rest is in the inspect view and the filters.
    list_display = ("reference", "collectivite_label", "stage_short", "status_label", "submitted_at")
    index_view_extra_css = ["css/proposals-admin.css"]
    list_filter = ("status", AssigneeFilter, StageTypeFilter, "schooling_year", "several_from_siret")
    search_fields = ("reference", "collectivite_nom", "intitule", "siret", "tuteur_nom", "dgs_nom")
    list_per_page = 50
    ordering = ("-submitted_at",)
    inspect_view_enabled = True
    inspect_view_class = ProposalInspectView
    history_view_class = ProposalHistoryView
    inspect_view_fields = (
        "reference",
        "status",
        "assignee",
        "amend_until",
        "stage_type",
        "schooling_year",
        "cadre",
        "period",
        "offer_deadline",
        "submitted_at",
        "updated_at",
        *SUBMITTED_FIELDS,
        *COMMITMENT_FIELDS,
    )
    index_view_class = ProposalIndexView
    inspect_template_name = "modeladmin/offres/proposal/inspect.html"
    permission_helper_class = ProposalPermissionHelper
    edit_handler = ObjectList(
        [
            FieldPanel("status"),
            FieldPanel("amend_until"),
            FieldPanel("message"),
            FieldPanel("assignee"),
            FieldPanel("note"),
        ],
        base_form_class=ProposalStatusForm,
    )
    export_filename = "propositions"
    list_export = (
        "reference",
        "stage_label",
        "schooling_year",
        "cadre",
        "status_label",
        "submitted_at",
        "several_label",
        *SUBMITTED_FIELDS,
    )

    def get_admin_urls_for_registration(self):
        """Besides modeladmin's views, the attachment's download under the inspect page:
        ``inspect/<pk>/piece-jointe/``, for whoever may inspect the proposal."""
        pattern = self.url_helper.get_action_url_pattern("inspect").rstrip("$") + "piece-jointe/$"
        return (
            *super().get_admin_urls_for_registration(),
            re_path(pattern, self.attachment_view, name=self.url_helper.get_action_url_name("attachment")),
        )

    def attachment_view(self, request, instance_pk):
        return download_attachment(request, self.permission_helper, instance_pk)

    def collectivite_label(self, obj):
        """The collectivité, and under it the mission's title and a mark when its SIRET sent several."""
        several = format_html('<br><span class="proposal-list__several">{}</span>', _("Plusieurs de ce SIRET"))
        return format_html(
            '{}<br><span class="proposal-list__mission">{}</span>{}',
            obj.collectivite_nom,
            obj.intitule,
            several if obj.several_from_siret else "",
        )

    collectivite_label.short_description = _("collectivité et mission")
    collectivite_label.admin_order_field = "collectivite_nom"

    def stage_short(self, obj):
        """« Observation », « Thématique », « Projet collectif »: the type without its « Stage d’ » or « Stage de »."""
        return capfirst(STAGE_PREFIX.sub("", obj.get_stage_type_display()))

    stage_short.short_description = _("stage")
    stage_short.admin_order_field = "stage_type"

    def stage_label(self, obj):
        return obj.get_stage_type_display()

    stage_label.short_description = _("stage")

    def status_label(self, obj):
        return obj.get_status_display()

    status_label.short_description = _("statut")
    status_label.admin_order_field = "status"

    def several_label(self, obj):
        return _("Oui, une seule sera proposée") if obj.several_from_siret else _("Non")

    several_label.short_description = _("plusieurs du même SIRET")
