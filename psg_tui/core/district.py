"""The district view's strategic assessment: the district's 12-month change by category, what
partners did and the meeting's actions, each under the partnership's priorities, and what
residents say district-wide (the perception gap with area 'all').

Actions are the open minutes' and the database's action register (earlier meetings' minutes,
loaded with `psg db load-minutes`; the minutes' copy of an id wins); an action is put under a
priority by its `priority` field, matched to a priority's name or aliases
in the priorities file, ignoring case. Their RAG is core/minutes/rag.py's, reckoned from the
meeting's date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import duckdb

from psg_tui.core.errors import PsgError, QueryStopped
from psg_tui.core.evidence_maps import PriorityList, TopicMap, load_priorities, load_topics
from psg_tui.core.minutes.model import Action
from psg_tui.core.minutes.rag import action_rag
from psg_tui.core.perception import TopicGap, perception_rows, topic_gaps
from psg_tui.core.periods import Period
from psg_tui.core.queries import DISTRICT, Query, QueryResult


class Runs(Protocol):
    """What the report needs of a Meeting (which builds it: core/meeting.py)."""

    con: duckdb.DuckDBPyConnection

    def district_queries(self) -> list[Query]: ...
    def run(
        self,
        query: Query,
        period: Period,
        area: str | None = None,
        *,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> QueryResult: ...


NO_PRIORITY = "Not under a priority"
NO_PRIORITY_GIVEN = NO_PRIORITY  # actions naming no priority sit with the categories under none


@dataclass(frozen=True)
class DistrictReport:
    period: Period
    results: dict[str, QueryResult]  # by query name; a failed one says why
    priorities: PriorityList | None
    topics: TopicMap | None
    problems: tuple[str, ...] = ()  # a maps file that could not be read
    gaps: list[TopicGap] = field(default_factory=list)
    register: tuple[Action, ...] = ()  # the database's actions (earlier meetings')

    def actions(self, minutes_actions: Iterable[Action]) -> list[Action]:
        """The minutes' actions and the register's others (an id in both counts as the minutes have it)."""
        mine = list(minutes_actions)
        ids = {a.id for a in mine}
        return mine + [a for a in self.register if a.id not in ids]

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(w for maps in (self.priorities, self.topics) if maps is not None for w in maps.warnings)


def district_report(
    meeting: Runs, period: Period, *, con: duckdb.DuckDBPyConnection | None = None
) -> DistrictReport:
    """Every district file's result on one cursor (a failing one becomes a failed result)."""
    cursor = con or meeting.con
    problems: list[str] = []
    priorities = topics = None
    try:
        priorities = load_priorities()
    except PsgError as error:
        problems.append(str(error))
    try:
        topics = load_topics()
    except PsgError as error:
        problems.append(str(error))
    results: dict[str, QueryResult] = {}
    for query in meeting.district_queries():
        try:
            area = DISTRICT if "area" in query.parameters else None
            results[query.name] = meeting.run(query, period, area, con=cursor)
        except QueryStopped:
            raise
        except PsgError as error:
            results[query.name] = QueryResult.failed(query.name, str(error))
    gap_rows = results.get("perception_gap")
    gaps: list[TopicGap] = []
    if gap_rows is not None and gap_rows.error is None and topics is not None:
        try:
            gaps = topic_gaps(perception_rows(gap_rows, gap_rows.name), topics)
        except PsgError as error:  # an analyst's own perception_gap.sql that does not fit
            results["perception_gap"] = QueryResult.failed(gap_rows.name, str(error))
    return DistrictReport(
        period, results, priorities, topics, tuple(problems), gaps, register_actions(cursor)
    )


REGISTER = (
    "SELECT id, title, owner, agency, raised, due, status, area_id, priority FROM actions ORDER BY due, id"
)


def register_actions(con: duckdb.DuckDBPyConnection) -> tuple[Action, ...]:
    try:
        rows = con.execute(REGISTER).fetchall()
    except duckdb.InterruptException:
        raise QueryStopped("The district's actions were stopped before they were read.") from None
    except duckdb.Error:
        return ()  # the register is read for the view only; the panels say what is wrong with the database
    return tuple(
        Action(action_id, title, owner, agency, raised, due, status, area=area, priority=priority)
        for action_id, title, owner, agency, raised, due, status, area, priority in rows
    )


@dataclass(frozen=True)
class PriorityActions:
    heading: str
    in_file: bool  # a priority of the priorities file (else an action's own wording, or none)
    actions: tuple[tuple[Action, str], ...]  # (action, RAG colour), open ones first then by due date

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for _action, rag in self.actions:
            found[rag] = found.get(rag, 0) + 1
        return found


def actions_by_priority(
    actions: Iterable[Action], priorities: PriorityList | None, as_of: date
) -> list[PriorityActions]:
    """The actions under each priority, in the file's order (each priority listed even with no
    actions), then those naming another priority (by their wording), then those naming none."""
    listed = priorities.priorities if priorities else ()
    groups: dict[str, list[Action]] = {p.name: [] for p in listed}
    others: dict[str, list[Action]] = {}
    unnamed: list[Action] = []
    for action in actions:
        priority = priorities.of_action(action.priority) if priorities else None
        if priority is not None:
            groups[priority.name].append(action)
        elif action.priority and action.priority.strip():
            others.setdefault(" ".join(action.priority.split()), []).append(action)
        else:
            unnamed.append(action)

    def entry(heading: str, in_file: bool, items: list[Action]) -> PriorityActions:
        ordered = sorted(items, key=lambda a: (not a.is_open, a.due, a.id))
        return PriorityActions(heading, in_file, tuple((a, action_rag(a, as_of)) for a in ordered))

    result = [entry(name, True, items) for name, items in groups.items()]
    result += [entry(name, False, items) for name, items in sorted(others.items())]
    if unnamed:
        result.append(entry(NO_PRIORITY_GIVEN, False, unnamed))
    return result
