from ..alerts.models import AlertSubscription, OpenedCall
from ..proposals.draft import ProposalDraft
from ..proposals.models import OutgoingEmail, Proposal, ProposalEvent, ProposalSettings, ProposalStatus
from .index import StageIndexPage
from .inlines import StageCadreContent, StageStep
from .periods import Schooling, StagePeriod
from .stages import StagePage, StageType

__all__ = [
    "AlertSubscription",
    "OpenedCall",
    "OutgoingEmail",
    "Proposal",
    "ProposalDraft",
    "ProposalEvent",
    "ProposalSettings",
    "ProposalStatus",
    "Schooling",
    "StageCadreContent",
    "StageIndexPage",
    "StagePage",
    "StagePeriod",
    "StageStep",
    "StageType",
]
