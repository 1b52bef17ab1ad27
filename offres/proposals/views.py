"""The proposal's pages, routed under a stage page (``ProposalFormMixin``): the form, its confirmation, the
personal link.

Routes (under the stage page URL):
- ``""``: the page; a POST submits the form, then redirects (POST/redirect/GET) to the confirmation;
- ``proposition/<token>/envoyee/``: the confirmation with the reference and a summary;
- ``proposition/<token>/``: the submitter's personal link, to read and (until the deadline) amend;
- ``proposition/<token>/imprimer/``: the print-friendly version for the DGS to sign.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from wagtail.contrib.routable_page.models import path
from wagtail.models import Page

from core.formats import long_date
from core.paris import paris_today
from exploitation.client_ip import client_ip

from .amendments import field_values, record_amendment
from .draft_views import DRAFT_BUTTON, DRAFT_EMAIL_FIELD, ProposalDraftMixin
from .emails import queue_emails
from .forms import HONEYPOT_FIELD, ProposalForm
from .models import ATTACHMENT_MAX_BYTES, Proposal, ProposalSettings, ProposalStatus
from .precedents import PrecedentsRouteMixin, precedents_for
from .resume import ProposalResumeMixin

RATE_GROUP = "offres.proposals"
DEFAULT_RATE = "10/h"
MAX_POST_BYTES = 256 * 1024
# A multipart body carries the optional PDF (10 MB at most) besides the texts.
MAX_MULTIPART_BYTES = ATTACHMENT_MAX_BYTES + 512 * 1024
PRIVACY_SLUG = "donnees-personnelles"
_UNSET = object()  # get_context computes the section itself unless a route hands one in


@dataclass
class ProposalSection:
    """What the stage page template needs to show the form, or say why it is closed."""

    is_open: bool
    form: ProposalForm | None = None
    period: object = None
    status: object = None
    last_deadline: object = None
    next_period: object = None
    intro: str = ""
    notice: str = ""
    submitted_values: list = field(default_factory=list)
    action: str = ""
    draft: object = None
    draft_saved: bool = False
    draft_email: str = ""
    precedents: object = None
    resume_state: str = ""


def _rate(group, request):
    return getattr(settings, "PROPOSALS_RATE_LIMIT", DEFAULT_RATE)


def _sender(group, request):
    """The sender's address as the site computes it behind its proxies (``TRUSTED_PROXY_COUNT``), not the
    proxy's; a request with no address at all (a unix socket, no proxy header) shares one bucket, never a 500."""
    return client_ip(request) or "adresse-inconnue"


def _rate_usage(request, increment=False):
    """Counted in the cache every worker shares (``RATELIMIT_USE_CACHE``), so the limit is the setting's."""
    return get_usage(request, group=RATE_GROUP, key=_sender, rate=_rate, method="POST", increment=increment)


def _is_rate_limited(request):
    usage = _rate_usage(request)
    return bool(usage and usage["count"] >= usage["limit"])


def _body_too_large(request):
    """More than ``MAX_POST_BYTES`` of texts, or a multipart body (the PDF) beyond ``MAX_MULTIPART_BYTES``."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return True
    if length <= MAX_POST_BYTES:
        return False
    if not str(request.META.get("CONTENT_TYPE", "")).startswith("multipart/form-data") or length > MAX_MULTIPART_BYTES:
        return True
    # The file apart, the texts keep the limit of a form without a file.
    texts = sum(len(key) + len(value) for key, values in request.POST.lists() for value in values)
    return texts > MAX_POST_BYTES


def _privacy_url():
    page = Page.objects.live().filter(slug=PRIVACY_SLUG).only("url_path").first()
    return page.url if page else f"/{PRIVACY_SLUG}/"


class ProposalFormMixin(ProposalResumeMixin, PrecedentsRouteMixin, ProposalDraftMixin):
    """Mixed into ``StagePage`` before ``RoutablePageMixin``; ``accepts_proposals`` switches it on."""

    proposal_form_class = ProposalForm

    # ----------------------------------------------------------------- state
    def proposal_section(self, request, data=None, now=None, files=None):
        """The ``proposal`` context: None when the page takes no proposal, else open or closed state."""
        if not self.accepts_proposals:
            return None
        texts = ProposalSettings.for_request(request)
        open_periods = self.open_offer_periods(now)
        if open_periods:
            form = self.proposal_form_class(
                data, files, stage_page=self, periods=open_periods, privacy_url=_privacy_url()
            )
            period = open_periods[0]
            section = ProposalSection(
                is_open=True,
                form=form,
                period=period,
                status=period.deadline_status(now),
                intro=texts.intro,
                action=f"{self.url}#proposition",
                resume_state=str(request.GET.get("reprise", ""))[:10],
            )
            return self.with_precedents(section, data or {}, request)
        offer_periods = self.offer_periods()
        last = offer_periods[-1] if offer_periods else None
        return ProposalSection(
            is_open=False,
            last_deadline=last.offer_deadline if last else None,
            next_period=self._next_cycle_period(last, now),
            intro=texts.intro,
        )

    def with_precedents(self, section, values, request):
        """The projet collectif's past projects beside the mission: computed when typed values come back."""
        if self.stage_type == "projet_collectif":
            section.precedents = precedents_for(values, request, self.precedents_endpoint())
        return section

    def _next_cycle_period(self, last, now=None):
        """A period of a later schooling (its deadline not yet announced), if editors entered one."""
        today = paris_today(now)
        later = [
            period
            for period in self.periods.all()
            if period.start_date > today and (last is None or period.schooling_year > last.schooling_year)
        ]
        return min(later, key=lambda period: period.start_date) if later else None

    def get_context(self, request, *args, proposal_section=_UNSET, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["proposal"] = self.proposal_section(request) if proposal_section is _UNSET else proposal_section
        return context

    # ---------------------------------------------------------------- routes
    @path("")
    def index_route(self, request, *args, **kwargs):
        if request.method == "POST" and self.accepts_proposals:
            return self._submit(request)
        return super().index_route(request, *args, **kwargs)

    def _render_section(self, request, section, status=200):
        response = self.render(request, proposal_section=section)
        response.status_code = status
        return response

    def _refused(self, request, message, status=200):
        """Render the page with a refusal; what was typed is shown back so nothing is lost."""
        section = self.proposal_section(request)
        section.notice = message
        section.draft = self._draft_from_request(request)
        section.draft_email = str(request.POST.get(DRAFT_EMAIL_FIELD, ""))[:254]
        if section.is_open:
            # Unbound with the typed values as initial data: shown again, not judged again.
            section.form = self.proposal_form_class(
                initial=request.POST.dict() if status != 413 else None,
                stage_page=self,
                periods=self.open_offer_periods(),
                privacy_url=_privacy_url(),
            )
            self.with_precedents(section, request.POST if status != 413 else {}, request)
        elif status != 413:
            section.submitted_values = _typed_values(self, request.POST)
        return self._render_section(request, section, status)

    def _submit(self, request):
        if DRAFT_BUTTON in request.POST and not _body_too_large(request):
            return self._save_draft(request)
        if _body_too_large(request):
            return self._refused(
                request, _("Votre envoi est trop volumineux. Raccourcissez les textes puis envoyez à nouveau."), 413
            )
        if _is_rate_limited(request):
            return self._refused(
                request,
                _(
                    "Trop de propositions ont été envoyées depuis votre connexion. Votre saisie est conservée "
                    "ci-dessous : réessayez dans une heure, ou écrivez à stages.inet@cnfpt.fr."
                ),
                429,
            )
        section = self.proposal_section(request, data=request.POST, files=request.FILES)
        if not section.is_open:
            return self._refused(request, self._closed_message(section))
        form = section.form
        if not form.is_valid():
            if form.data.get(HONEYPOT_FIELD):
                _rate_usage(request, increment=True)
            section.draft = self._draft_from_request(request)
            section.draft_email = str(request.POST.get(DRAFT_EMAIL_FIELD, ""))[:254]
            return self._render_section(request, section)
        with transaction.atomic():
            proposal = form.save()
            self.forget_draft(request)  # sent: the draft has done its job
            queue_emails(proposal, ProposalSettings.for_request(request), self.proposal_url(proposal))
        _rate_usage(request, increment=True)
        return HttpResponseRedirect(self.proposal_url(proposal, "envoyee", full=False), status=303)

    def _closed_message(self, section):
        message = _("Le dépôt des propositions est clos : votre proposition n'a pas été enregistrée.")
        if section.last_deadline:
            message = _(
                "Le dépôt des propositions est clos depuis le %(date)s : votre proposition n'a pas été enregistrée."
            ) % {"date": long_date(section.last_deadline)}
        if section.next_period:
            message += " " + _("Prochain cycle : scolarité %(year)s, à partir du %(start)s.") % {
                "year": section.next_period.schooling_year,
                "start": long_date(section.next_period.start_date),
            }
        return message

    def proposal_url(self, proposal, action="", full=True):
        name = {"": "proposal_detail", "envoyee": "proposal_confirmation", "imprimer": "proposal_print"}[action]
        suffix = self.reverse_subpage(name, kwargs={"token": proposal.personal_token})
        base = self.get_full_url() if full else self.url
        return base + suffix

    def _proposal_from_token(self, token):
        proposal = Proposal.from_token(token)
        if proposal is None or proposal.stage_page_id != self.pk:
            raise Http404(_("Lien de proposition invalide."))
        return proposal

    def _private(self, response):
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @path("proposition/<str:token>/envoyee/", name="proposal_confirmation")
    def proposal_confirmation(self, request, token):
        proposal = self._proposal_from_token(token)
        return self._private(
            self.render(
                request,
                template="offres/proposal_confirmation.html",
                context_overrides=self._proposal_context(request, proposal),
                proposal_section=None,
            )
        )

    @path("proposition/<str:token>/imprimer/", name="proposal_print")
    def proposal_print(self, request, token):
        proposal = self._proposal_from_token(token)
        return self._private(
            self.render(
                request,
                template="offres/proposal_print.html",
                context_overrides=self._proposal_context(request, proposal),
                proposal_section=None,
            )
        )

    @path("proposition/<str:token>/", name="proposal_detail")
    def proposal_detail(self, request, token):
        proposal = self._proposal_from_token(token)
        amendable = proposal.is_amendable()
        form = None
        status = 200
        if amendable:
            periods = self.open_offer_periods() if proposal.cadre else []
            if proposal.period is not None and proposal.period not in periods:
                periods.append(proposal.period)  # « à compléter » after the deadline keeps the chosen period
            data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
            form = self.proposal_form_class(
                data, files, instance=proposal, stage_page=self, periods=periods, privacy_url=_privacy_url()
            )
            if request.method == "POST":
                if _body_too_large(request):
                    messages.error(request, _("Votre envoi est trop volumineux. Raccourcissez les textes."))
                    return HttpResponseRedirect(request.path, status=303)
                before = field_values(proposal, form.fields)
                if form.is_valid():
                    with transaction.atomic():
                        form.save()
                        record_amendment(
                            proposal, before, form, ProposalSettings.for_request(request), self.proposal_url(proposal)
                        )
                    messages.success(request, _("Vos modifications sont enregistrées."))
                    return HttpResponseRedirect(request.path, status=303)
        elif request.method == "POST":
            messages.error(request, _("Cette proposition ne peut plus être modifiée en ligne."))
            status = 403
        context = self._proposal_context(request, proposal)
        request_event = proposal.events.filter(to_status=ProposalStatus.TO_COMPLETE).exclude(message="").last()
        context.update(
            {
                "amend_form": form,
                "amendable": amendable,
                "resumable": self.resumable(proposal),
                "resume_url": self.proposal_url(proposal, full=False) + "reprendre/",
                "request_message": request_event.message if request_event else "",
            }
        )
        response = self.render(
            request, template="offres/proposal_detail.html", context_overrides=context, proposal_section=None
        )
        response.status_code = status
        return self._private(response)

    def _proposal_context(self, request, proposal):
        return {
            "submission": proposal,
            "summary": proposal_summary(proposal),
            "proposal_texts": ProposalSettings.for_request(request),
            "personal_url": self.proposal_url(proposal, full=False),
            "print_url": self.proposal_url(proposal, "imprimer", full=False),
        }


def proposal_summary(proposal):
    """[(legend, [(label, value), ...]), ...] in the order of the form, empty fields left out."""
    form = ProposalForm(
        instance=proposal, stage_page=proposal.stage_page, periods=[proposal.period] if proposal.period else []
    )
    sections = []
    for section in form.sections:
        rows = []
        for bound in section.fields:
            name = bound.name
            if name == "periode":
                value = str(proposal.period) if proposal.period else ""
            elif name == "siret":
                value = proposal.siret_display
            elif name == "attachment":
                value = proposal.attachment.name.rsplit("/", 1)[-1] if proposal.attachment else ""
            else:
                value = getattr(proposal, name)
                if isinstance(value, bool):
                    value = _("Oui") if value else _("Non")
            if value not in ("", None):
                rows.append((bound.label, value))
        if rows:
            sections.append((section.legend, rows))
    return sections


def _typed_values(page, data):
    """What a refused POST carried, labelled, so the person can copy it elsewhere."""
    form = ProposalForm(stage_page=page, periods=[])
    values = []
    for section in form.sections:
        for bound in section.fields:
            value = str(data.get(bound.name, "")).strip()
            if value and not bound.is_checkbox:
                values.append((f"{section.legend} – {bound.label}", value[:5000]))
    return values
