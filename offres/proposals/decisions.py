"""What the stages team's status changes send: the « à compléter » request, the « retenue » / « non retenue » news.

Written in the status change's transaction, sent after the commit by the outbox. These e-mails go to the addresses
the sender typed: they carry only INET's texts (the setting's, the team's message), the reference, the stage type,
the steps and INET's link — never the collectivité's name or the mission's title, typed by the sender.
"""

from django.template.loader import render_to_string

from core.formats import long_date

from .emails import send_after_commit
from .models import OutgoingEmail, ProposalStatus
from .steps import cycle_steps, ics_attachment, steps_text
from .texts import fill

DECISION_KINDS = {
    ProposalStatus.TO_COMPLETE: OutgoingEmail.Kind.TO_COMPLETE,
    ProposalStatus.ACCEPTED: OutgoingEmail.Kind.ACCEPTED,
    ProposalStatus.REJECTED: OutgoingEmail.Kind.REJECTED,
}


def personal_url(proposal):
    page = proposal.stage_page
    return page.specific.proposal_url(proposal) if page is not None else ""


def decision_values(proposal, steps, url):
    return {
        "reference": proposal.reference,
        "stage": proposal.get_stage_type_display().lower(),
        "etapes": steps_text(steps),
        "lien": url,
    }


def queue_decision_email(proposal, status, texts, message=""):
    """The e-mail a move to ``status`` sends to the collectivité (None for the statuses that send nothing)."""
    kind = DECISION_KINDS.get(status)
    recipients = proposal.submitter_emails()
    if kind is None or not recipients:
        return None
    url = personal_url(proposal)
    steps = cycle_steps(proposal, with_deadline=status == ProposalStatus.TO_COMPLETE)
    values = decision_values(proposal, steps, url)
    attachments = []
    if status == ProposalStatus.TO_COMPLETE:
        subject = fill(texts.to_complete_subject, values)
        body = render_to_string(
            "offres/emails/proposal_to_complete.txt",
            {
                "proposal": proposal,
                "message": message,
                "until": long_date(proposal.amend_until) if proposal.amend_until else "",
                "personal_url": url,
            },
        )
    elif status == ProposalStatus.ACCEPTED:
        subject, body = fill(texts.accepted_subject, values), fill(texts.accepted_body, values)
        attachments = ics_attachment(proposal, steps)
    else:
        subject, body = fill(texts.rejected_subject, values), fill(texts.rejected_body, values)
    email = OutgoingEmail.objects.create(
        proposal=proposal,
        kind=kind,
        recipients=recipients,
        subject=" ".join(subject.split())[:240],
        body=body,
        attachments=attachments,
    )
    send_after_commit([email.pk])
    return email
