"""« Reprendre ma proposition de l'an dernier »: a draft of the open cycle prefilled from a past proposal.

- From a past cycle's personal link (``proposition/<token>/reprendre/``, POST): the holder of the link gets the draft
  at once; its link is mailed to the old proposal's contact addresses.
- From a SIRET (``reprendre/``, POST): a SIRET is public, so nothing is prefilled for whoever types it. The old
  proposal's contact addresses receive its personal link (where the button above is); the answer is the same
  whether or not a proposal exists, and the route is rate-limited per client address.

The e-mails carry INET's text and a link only (no typed text), count in the daily cap per address and are sent by
the outbox. Only identities, addresses and mission texts are copied: never the status, the reference, the
commitments or the attachment.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from wagtail.contrib.routable_page.models import path

from core.formats import long_date
from core.paris import paris_today
from exploitation.client_ip import client_ip

from .draft import ProposalDraft
from .emails import send_after_commit, within_daily_cap
from .forms import SUBMITTED_FIELDS
from .models import OutgoingEmail, Proposal
from .siret import normalise_siret

RESUME_RATE_GROUP = "offres.proposals.resume"
DEFAULT_RESUME_RATE = "5/h"
RESUME_SIRET_FIELD = "reprise_siret"
CONTACT_FIELDS = ("dgs_courriel", "tuteur_courriel", "rh_courriel")


def _usage(request, increment=False):
    return get_usage(
        request,
        group=RESUME_RATE_GROUP,
        key=lambda group, request: client_ip(request) or "adresse-inconnue",
        rate=lambda group, request: getattr(settings, "PROPOSAL_RESUME_RATE_LIMIT", DEFAULT_RESUME_RATE),
        method="POST",
        increment=increment,
    )


def contact_addresses(proposal):
    addresses = []
    for name in CONTACT_FIELDS:
        value = (getattr(proposal, name, "") or "").strip()
        if value and value.lower() not in {address.lower() for address in addresses}:
            addresses.append(value)
    return addresses


def is_past_cycle(proposal, open_periods, now=None):
    """A proposal of a cycle whose deadline is over, while this page has an open cycle of a later year."""
    if proposal.offer_deadline is None or proposal.offer_deadline >= paris_today(now):
        return False
    return any(period.schooling_year > proposal.schooling_year for period in open_periods)


def prefilled_values(proposal):
    return {name: getattr(proposal, name) or "" for name in SUBMITTED_FIELDS if name != "siret"} | {
        "siret": proposal.siret
    }


def _queue(kind_key, proposal, addresses, subject, template, context):
    """One e-mail per address and key, within the daily cap; the key makes a repeated request send nothing."""
    ids = []
    allowed, _held = within_daily_cap(addresses, timezone.now())
    for address in allowed:
        key = f"{kind_key}:{address.lower()}"[:200]
        if OutgoingEmail.objects.filter(dedupe_key=key).exists():
            continue
        email = OutgoingEmail.objects.create(
            kind=OutgoingEmail.Kind.DRAFT_LINK,
            proposal=proposal,
            dedupe_key=key,
            recipients=[address],
            subject=subject,
            body=render_to_string(template, context),
        )
        ids.append(email.pk)
    if ids:
        send_after_commit(ids)


class ProposalResumeMixin:
    """The resume routes of ``ProposalFormMixin``."""

    def resumable(self, proposal):
        return proposal.stage_page_id == self.pk and is_past_cycle(proposal, self.open_offer_periods())

    @path("proposition/<str:token>/reprendre/", name="proposal_resume")
    def proposal_resume(self, request, token):
        proposal = self._proposal_from_token(token)
        if request.method != "POST" or not self.resumable(proposal):
            raise Http404(_("Cette proposition ne peut pas être reprise."))
        period = self.open_offer_periods()[0]
        addresses = contact_addresses(proposal)
        with transaction.atomic():
            draft = ProposalDraft.objects.filter(
                stage_page=self, resumed_from=proposal.reference, offer_deadline=period.offer_deadline
            ).first()
            if draft is None:
                draft = ProposalDraft.objects.create(
                    stage_page=self,
                    stage_type=self.stage_type,
                    email=addresses[0] if addresses else "",
                    data=prefilled_values(proposal),
                    offer_deadline=period.offer_deadline,
                    resumed_from=proposal.reference,
                )
            _queue(
                f"reprise-brouillon:{draft.key.hex}",
                proposal,
                addresses,
                _("INET – Le lien pour reprendre votre proposition"),
                "offres/emails/proposal_draft_link.txt",
                {"url": self.draft_url(draft), "deadline": long_date(period.offer_deadline)},
            )
        return HttpResponseRedirect(self.draft_url(draft, full=False) + "#proposition", status=303)

    @path("reprendre/", name="proposal_resume_by_siret")
    def proposal_resume_by_siret(self, request):
        """The same redirect and page for every SIRET, known or not: nobody learns who proposed."""
        if request.method != "POST" or not self.accepts_proposals:
            raise Http404(_("Page introuvable."))
        usage = _usage(request, increment=True)
        if usage and usage["should_limit"]:
            return HttpResponseRedirect(self.url + "?reprise=limite#reprise", status=303)
        try:
            siret = normalise_siret(str(request.POST.get(RESUME_SIRET_FIELD, ""))[:30])
        except ValidationError:  # a mistyped SIRET gets the same answer as any other
            siret = ""
        open_periods = self.open_offer_periods()
        candidates = Proposal.objects.filter(stage_page=self, siret=siret).order_by("-submitted_at") if siret else []
        proposal = next((item for item in candidates if is_past_cycle(item, open_periods)), None)
        if proposal is not None:
            with transaction.atomic():
                _queue(
                    f"reprise-siret:{proposal.reference}:{paris_today().isoformat()}",
                    proposal,
                    contact_addresses(proposal),
                    _("INET – Reprendre la proposition de votre collectivité"),
                    "offres/emails/proposal_resume_link.txt",
                    {"url": self.proposal_url(proposal)},
                )
        return HttpResponseRedirect(self.url + "?reprise=envoyee#reprise", status=303)
