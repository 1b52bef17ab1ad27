from .inlines import StageStep, StageTrackContent
from .stages import Cycle, StageIndexPage, StagePage, StagePeriod, StageType

__all__ = ["Cycle", "StageIndexPage", "StagePage", "StagePeriod", "StageStep", "StageTrackContent", "StageType"]
