from ..proposals.models import OutgoingEmail, Proposal, ProposalEvent, ProposalSettings, ProposalStatus
from .inlines import StageStep, StageTrackContent
from .stages import Cycle, StageIndexPage, StagePage, StagePeriod, StageType

__all__ = [
    "Cycle",
    "OutgoingEmail",
    "Proposal",
    "ProposalEvent",
    "ProposalSettings",
    "ProposalStatus",
    "StageIndexPage",
    "StagePage",
    "StagePeriod",
    "StageStep",
    "StageTrackContent",
    "StageType",
]
