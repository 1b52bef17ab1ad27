from .stages import StageIndexPage, StagePage, StagePeriod, StageType

__all__ = ["StageIndexPage", "StagePage", "StagePeriod", "StageType"]
