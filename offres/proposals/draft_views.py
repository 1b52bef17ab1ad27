"""« Enregistrer et reprendre plus tard »: a draft of the proposal form, its signed link by e-mail, its route.

A draft keeps what was typed, checked only for sizes; the link brings it back in any browser until the offers
deadline, where it is completed and sent (the draft is then deleted). The e-mail carries INET's text and the signed
link only, goes to an address at most ``RECEIPTS_PER_ADDRESS_PER_DAY`` times a day (receipts and draft links
together), and draft saves are rate-limited per client address like proposals.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from wagtail.contrib.routable_page.models import path

from core.formats import long_date
from exploitation.client_ip import client_ip

from .draft import ProposalDraft
from .emails import send_after_commit, within_daily_cap
from .forms import HONEYPOT_FIELD
from .models import OutgoingEmail

DRAFT_RATE_GROUP = "offres.proposals.drafts"
DEFAULT_DRAFT_RATE = "20/h"
DRAFT_BUTTON = "brouillon"
DRAFT_EMAIL_FIELD = "brouillon_courriel"
DRAFT_TOKEN_FIELD = "brouillon_jeton"  # noqa: S105 - a form field name
# The address the link goes to when the draft field is left empty: the DGS's, else the tutor's, else HR's.
FALLBACK_EMAIL_FIELDS = ("dgs_courriel", "tuteur_courriel", "rh_courriel")


def _draft_usage(request, increment=False):
    return get_usage(
        request,
        group=DRAFT_RATE_GROUP,
        key=lambda group, request: client_ip(request) or "adresse-inconnue",
        rate=lambda group, request: getattr(settings, "PROPOSAL_DRAFTS_RATE_LIMIT", DEFAULT_DRAFT_RATE),
        method="POST",
        increment=increment,
    )


def draft_values(form, data):
    """(values, errors): what was typed in the form's fields, and a message per field longer than it may be."""
    values, errors = {}, []
    for name, field in form.fields.items():
        if name == HONEYPOT_FIELD or isinstance(field, forms.FileField):
            continue  # a draft keeps no file: the PDF is chosen when the proposal is sent
        if isinstance(field.widget, forms.CheckboxInput):
            values[name] = bool(data.get(name))
            continue
        value = str(data.get(name, ""))
        limit = getattr(field, "max_length", None)
        if limit and len(value) > limit:
            errors.append(
                _("« %(label)s » est trop long : %(limit)s caractères au plus (vous en avez saisi %(count)s).")
                % {"label": field.label, "limit": limit, "count": len(value)}
            )
        values[name] = value
    return values, errors


def draft_address(data):
    for name in (DRAFT_EMAIL_FIELD, *FALLBACK_EMAIL_FIELDS):
        value = str(data.get(name, "")).strip()
        if value:
            try:
                validate_email(value)
            except ValidationError:
                if name == DRAFT_EMAIL_FIELD:
                    return None
                continue
            return value
    return None


def queue_draft_link(draft, url):
    """The signed link to the address given, once per draft and address, within the daily cap per address."""
    key = f"brouillon:{draft.key.hex}:{draft.email.lower()}"
    if OutgoingEmail.objects.filter(dedupe_key=key).exists():
        return None
    allowed, _held = within_daily_cap([draft.email], draft.updated_at)
    if not allowed:
        return None
    email = OutgoingEmail.objects.create(
        kind=OutgoingEmail.Kind.DRAFT_LINK,
        dedupe_key=key,
        recipients=allowed,
        subject=_("INET – Le lien pour reprendre votre proposition"),
        body=render_to_string(
            "offres/emails/proposal_draft_link.txt",
            {"url": url, "deadline": long_date(draft.offer_deadline) if draft.offer_deadline else ""},
        ),
    )
    send_after_commit([email.pk])
    return email


class ProposalDraftMixin:
    """The draft routes of ``ProposalFormMixin``."""

    def draft_url(self, draft, full=True):
        suffix = self.reverse_subpage("proposal_draft", kwargs={"token": draft.token})
        return (self.get_full_url() if full else self.url) + suffix

    def _draft_from_request(self, request):
        draft = ProposalDraft.from_token(request.POST.get(DRAFT_TOKEN_FIELD, ""))
        return draft if draft is not None and draft.stage_page_id == self.pk else None

    def _save_draft(self, request):
        """Store what was typed; anything refused renders the page as typed, with a French message."""
        usage = _draft_usage(request)
        if usage and usage["count"] >= usage["limit"]:
            return self._refused(
                request,
                _(
                    "Trop de brouillons ont été enregistrés depuis votre connexion. Votre saisie est conservée "
                    "ci-dessous : réessayez dans une heure."
                ),
                429,
            )
        section = self.proposal_section(request)
        if not section.is_open:
            return self._refused(request, self._closed_message(section))
        if request.POST.get(HONEYPOT_FIELD):
            _draft_usage(request, increment=True)
            return self._refused(request, _("Votre brouillon n'a pas pu être enregistré."))
        values, errors = draft_values(section.form, request.POST)
        email = draft_address(request.POST)
        if email is None:
            errors.append(
                _(
                    "Indiquez une adresse électronique valide pour recevoir le lien du brouillon, par exemple "
                    "prenom.nom@ville.fr."
                )
            )
        if errors:
            return self._refused(request, _("Le brouillon n'est pas enregistré : ") + " ".join(errors))
        draft = self._draft_from_request(request) or ProposalDraft(stage_page=self, stage_type=self.stage_type)
        draft.data, draft.email = values, email
        draft.offer_deadline = section.period.offer_deadline
        with transaction.atomic():
            draft.save()
            queue_draft_link(draft, self.draft_url(draft))
        _draft_usage(request, increment=True)
        return HttpResponseRedirect(self.draft_url(draft, full=False) + "?enregistre=1#proposition", status=303)

    def forget_draft(self, request):
        draft = self._draft_from_request(request)
        if draft is not None:
            draft.delete()

    @path("brouillon/<str:token>/", name="proposal_draft")
    def proposal_draft(self, request, token):
        draft = ProposalDraft.from_token(token)
        if draft is None or draft.stage_page_id != self.pk or not draft.is_open():
            raise Http404(_("Lien de brouillon invalide ou expiré."))
        section = self.proposal_section(request)
        if not section.is_open:
            raise Http404(_("Lien de brouillon invalide ou expiré."))
        section.form = self.proposal_form_class(
            initial=draft.data, stage_page=self, periods=self.open_offer_periods(), privacy_url=section.form.privacy_url
        )
        self.with_precedents(section, draft.data, request)
        section.draft = draft
        section.draft_saved = request.GET.get("enregistre") == "1"
        response = self.render(request, proposal_section=section)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
