from ..proposals.models import OutgoingEmail, Proposal, ProposalEvent, ProposalSettings, ProposalStatus
from .stages import StageIndexPage, StagePage, StagePeriod, StageType

__all__ = [
    "OutgoingEmail",
    "Proposal",
    "ProposalEvent",
    "ProposalSettings",
    "ProposalStatus",
    "StageIndexPage",
    "StagePage",
    "StagePeriod",
    "StageType",
]
