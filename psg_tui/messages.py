"""App-wide messages posted by thread workers: they carry results, never touch widgets."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from psg_tui.core.district import DistrictReport
from psg_tui.core.operations import OperationReport
from psg_tui.core.periods import Period
from psg_tui.core.queries import QueryResult


@dataclass
class OverviewLoaded(Message):
    period: Period
    result: QueryResult


@dataclass
class AreaLoaded(Message):
    area_id: str
    period: Period
    results: dict[str, QueryResult]


@dataclass
class OperationLoaded(Message):
    """An operation's report, or why it could not be read (`error`)."""

    operation_id: str
    period: Period
    report: OperationReport | None
    error: str | None = None


@dataclass
class DistrictLoaded(Message):
    """The district view's report, or why it could not be read (`error`)."""

    period: Period
    report: DistrictReport | None
    error: str | None = None
