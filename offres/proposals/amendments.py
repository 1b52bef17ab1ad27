"""What the personal link may change, and what a change leaves behind: the old values in the history, a notice to
INET, and a warning to every contact address that was replaced (who may not be the one who changed it)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .emails import send_after_commit
from .models import OutgoingEmail, ProposalEvent, ProposalStatus

CONTACT_FIELDS = ("dgs_courriel", "tuteur_courriel", "rh_courriel")


def field_values(proposal, names):
    return {name: _plain(getattr(proposal, name, "")) for name in names}


def _plain(value):
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    return "" if value is None else str(value)


def record_amendment(proposal, before, form, texts, personal_url):
    """Log the changed fields with their old and new values; tell INET, and warn replaced contact addresses.

    Call inside the amendment's transaction; returns the event (None when nothing changed)."""
    after = field_values(proposal, before)
    changes = [
        {"field": name, "label": str(form.fields[name].label), "old": before[name], "new": after[name]}
        for name in before
        if before[name] != after[name]
    ]
    if not changes:
        return None
    if proposal.status == ProposalStatus.TO_COMPLETE:
        # The collectivité answered INET's request: the proposal is « complétée », the link reads only from now on.
        proposal.status = ProposalStatus.COMPLETED
        proposal.save(update_fields=["status", "updated_at"])
        ProposalEvent.objects.create(
            proposal=proposal,
            kind=ProposalEvent.Kind.STATUS,
            from_status=ProposalStatus.TO_COMPLETE,
            to_status=ProposalStatus.COMPLETED,
            text=_("Complétée par la collectivité depuis son lien personnel."),
            changes=[
                {
                    "field": "status",
                    "label": str(_("Statut")),
                    "old": str(ProposalStatus.TO_COMPLETE.label),
                    "new": str(ProposalStatus.COMPLETED.label),
                }
            ],
        )
    event = ProposalEvent.objects.create(
        proposal=proposal,
        kind=ProposalEvent.Kind.AMENDED,
        text=_("Proposition modifiée par la collectivité : %(fields)s.")
        % {"fields": ", ".join(change["label"] for change in changes)},
        changes=changes,
    )
    context = {"proposal": proposal, "changes": changes, "personal_url": personal_url}
    emails = [
        OutgoingEmail.objects.create(
            proposal=proposal,
            kind=OutgoingEmail.Kind.AMENDED,
            recipients=[texts.inet_email],
            subject=_("Proposition %(reference)s modifiée par la collectivité") % {"reference": proposal.reference},
            body=render_to_string("offres/emails/proposal_amended_notice.txt", context),
        )
    ]
    current = {email.lower() for email in proposal.submitter_emails()}
    replaced = [before[name] for name in CONTACT_FIELDS if before.get(name) and before[name].lower() not in current]
    if replaced:
        emails.append(
            OutgoingEmail.objects.create(
                proposal=proposal,
                kind=OutgoingEmail.Kind.CONTACT_CHANGED,
                recipients=list(dict.fromkeys(replaced)),
                subject=_("INET – Votre adresse a été retirée de la proposition %(reference)s")
                % {"reference": proposal.reference},
                body=render_to_string(
                    "offres/emails/proposal_contact_changed.txt",
                    {**context, "inet_email": texts.inet_email, "contact": settings.DEFAULT_FROM_EMAIL},
                ),
            )
        )
    send_after_commit([email.pk for email in emails])
    return event
