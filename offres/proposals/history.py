"""What a change in the back office leaves: an event per change (who, when, from what to what, the message) and the
e-mail the new status sends to the collectivité."""

from django.utils.translation import gettext as _
from wagtail.models import Site

from .decisions import queue_decision_email
from .models import Proposal, ProposalEvent, ProposalStatus
from .texts import ProposalSettings


def texts_for(proposal):
    """The texts of the proposal's site (the default site's when its stage page is gone)."""
    site = proposal.stage_page.get_site() if proposal.stage_page is not None else None
    return ProposalSettings.for_site(site or Site.objects.filter(is_default_site=True).first())


def _user_label(user_id):
    if user_id is None:
        return ""
    user = Proposal._meta.get_field("assignee").related_model.objects.filter(pk=user_id).first()
    return (user.get_full_name() or user.get_username()) if user else ""


def record_admin_change(proposal, before, cleaned, user):
    """Log the status, follow-up and internal note changes; queue the status's e-mail. Call in the transaction."""
    user = user if user is not None and user.is_authenticated else None
    before = before or {"status": "", "assignee_id": None, "amend_until": None}
    message = cleaned.get("message", "").strip()
    note = cleaned.get("note", "").strip()
    if before["status"] != proposal.status:
        changes = [
            {
                "field": "status",
                "label": _("Statut"),
                "old": str(ProposalStatus(before["status"]).label) if before["status"] else "",
                "new": str(ProposalStatus(proposal.status).label),
            }
        ]
        if proposal.status == ProposalStatus.TO_COMPLETE:
            changes.append(
                {
                    "field": "amend_until",
                    "label": _("À compléter jusqu'au"),
                    "old": before["amend_until"].isoformat() if before["amend_until"] else "",
                    "new": proposal.amend_until.isoformat() if proposal.amend_until else "",
                }
            )
        ProposalEvent.objects.create(
            proposal=proposal,
            kind=ProposalEvent.Kind.STATUS,
            from_status=before["status"] or "",
            to_status=proposal.status,
            user=user,
            text=note,
            message=message,
            changes=changes,
        )
        queue_decision_email(proposal, ProposalStatus(proposal.status), texts_for(proposal), message)
    elif note:
        ProposalEvent.objects.create(proposal=proposal, kind=ProposalEvent.Kind.NOTE, user=user, text=note)
    if before["assignee_id"] != proposal.assignee_id:
        new = _user_label(proposal.assignee_id)
        ProposalEvent.objects.create(
            proposal=proposal,
            kind=ProposalEvent.Kind.ASSIGNED,
            user=user,
            text=_("Suivie par %(name)s.") % {"name": new} if new else _("Plus suivie par personne."),
            changes=[
                {
                    "field": "assignee",
                    "label": _("Suivie par"),
                    "old": _user_label(before["assignee_id"]),
                    "new": new,
                }
            ],
        )
