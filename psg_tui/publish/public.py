"""'You said, we did': one page for residents, from the meeting's database and its minutes.

What residents said (the district's survey topics, newest wave against the one before), what
the partners did in the period (interventions by kind, patrols, closures granted, PSPO
enforcement) and what changed (recorded incidents by category, the 12 months to the period's
end against the 12 before). It is marked OFFICIAL and, unlike every other export, is built
from counts, not from the minutes' text: no attendee, chair, action, owner, update, note or
decision reaches it, nor any subject reference, outcome or applicant from the database.
Closure premises are shown at street level only (`core.personal.street`), the meeting's title
goes through the redaction the redacted minutes use, and every text on the page is checked by
the privacy detector before it is laid out: anything it takes for a name or an address is
withheld. The database is opened read-only and every value is bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from psg_tui.core.interventions import kind_label
from psg_tui.core.minutes import Minutes
from psg_tui.core.personal import AllowList
from psg_tui.core.personal.street import street_only
from psg_tui.core.safe_text import visible
from psg_tui.core.text import one_line
from psg_tui.publish.redact import Redactor

MARKING = "OFFICIAL"
WITHHELD = "[withheld]"

# How a survey topic reads to residents ('51% are concerned about drug use or dealing').
TOPICS = {
    "drugs": "concerned about drug use or dealing",
    "feel-less-safe": "feel less safe than a year ago",
    "asb-victim": "have been a victim of anti-social behaviour",
    "street-drinking": "concerned about street drinking",
    "sex-work": "concerned about street sex work",
    "burglary": "concerned about burglary",
    "vehicle-crime": "concerned about vehicle crime",
    "speeding": "concerned about speeding",
}
BREACH_OUTCOMES = {
    "advice": "Advice given",
    "warning": "Warnings",
    "fpn-issued": "Fixed penalty notices issued",
    "fpn-paid": "Fixed penalty notices paid",
    "prosecution": "Prosecutions",
}
PATROLS = ("patrol", "joint-patrol")
# What the page calls a kind, where its own label is jargon (the rest read as kind_label has them).
PUBLIC_KINDS = {
    "cpw": "Community protection warnings (CPW)",
    "cpn": "Community protection notices (CPN)",
    "fpn": "Fixed penalty notices (FPN)",
    "cbo": "Criminal behaviour orders (CBO)",
}
# The terms a resident may not know, in plain words; the page explains those it uses.
MEANINGS = {
    "CPW": "a community protection warning: a written warning telling someone whose behaviour is "
    "spoiling the area for others to stop.",
    "CPN": "a community protection notice: a legal notice given when a warning has been ignored. "
    "Breaking it is a crime.",
    "FPN": "a fixed penalty notice: a fine that can be paid instead of going to court.",
    "CBO": "a criminal behaviour order: an order a court makes when it convicts someone, banning "
    "behaviour that harasses or frightens people.",
    "PSPO": "a Public Spaces Protection Order: local rules for a public place, such as not drinking "
    "alcohol in the street when asked to stop.",
}


def topic_label(topic: str) -> str:
    return TOPICS.get(topic, "said yes to: " + topic.replace("-", " "))


@dataclass(frozen=True)
class Concern:
    topic: str  # as residents read it
    share: int  # % agreeing in the newest wave
    respondents: int
    previous: int | None  # % in the wave before, when it asked the same

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.share - self.previous


@dataclass(frozen=True)
class Said:
    wave: str
    previous_wave: str | None
    concerns: tuple[Concern, ...]


@dataclass(frozen=True)
class Done:
    what: str
    count: int


@dataclass(frozen=True)
class Closure:
    where: str  # the street (and town), never the house
    kind: str  # 'order' | 'notice'
    issued: date


@dataclass(frozen=True)
class Changed:
    category: str
    recent: int  # the 12 months to the period's end
    before: int | None  # the 12 months before those, when the database holds them all

    @property
    def change_pct(self) -> int | None:
        if self.before is None or self.before == 0:
            return None
        return round(100 * (self.recent - self.before) / self.before)


def _done(done: list[tuple[str, int]], guard: _Guard) -> tuple[Done, ...]:
    """What was done by kind, with patrols and joint patrols counted once, as one row."""
    patrols = sum(n for k, n in done if k in PATROLS)
    joint = sum(n for k, n in done if k == "joint-patrol")
    rows = [Done(guard.text(PUBLIC_KINDS.get(k) or kind_label(k)), n) for k, n in done if k not in PATROLS]
    if patrols:
        together = f", {joint:,} of them by more than one agency together" if joint else ""
        rows.insert(0, Done(f"Patrols{together}", patrols))
    return tuple(sorted(rows, key=lambda d: -d.count))


@dataclass(frozen=True)
class PublicPage:
    title: str
    meeting_date: date
    period_start: date
    period_end: date
    next_meeting: date | None
    said: Said | None  # None: no survey of the district, and the section is left out
    done: tuple[Done, ...]
    patrols: int
    closures: tuple[Closure, ...]  # granted (orders) or served (notices) in the period
    orders_in_force: int  # closure orders in force at the period's end
    enforcement: tuple[Done, ...]  # PSPO breaches dealt with, by outcome
    changed: tuple[Changed, ...]
    year_from: date  # the first month of the recent 12
    compared: bool  # the 12 months before are all in the database
    notes: tuple[str, ...] = field(default_factory=tuple)
    marking: str = MARKING

    @property
    def meanings(self) -> tuple[tuple[str, str], ...]:
        """The terms the page uses that a resident may not know, each with its plain meaning."""
        used = {term for term in MEANINGS if any(f"({term})" in d.what for d in self.done)}
        if any(e.what.startswith("Fixed penalty") for e in self.enforcement):
            used.add("FPN")
        if self.enforcement:
            used.add("PSPO")
        return tuple((term, meaning) for term, meaning in MEANINGS.items() if term in used)

    @property
    def total_recent(self) -> int:
        return sum(c.recent for c in self.changed)

    @property
    def total_before(self) -> int | None:
        return sum(c.before or 0 for c in self.changed) if self.compared else None


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


_SURVEY_SQL = """
WITH waves AS (
    SELECT wave, max(wave_date) AS wave_date FROM survey
    WHERE area_id = 'all' AND wave_date <= $until
    GROUP BY wave ORDER BY wave_date DESC, wave DESC LIMIT 2
)
SELECT w.wave, w.wave_date, s.topic, s.respondents, s.agreeing
FROM survey s JOIN waves w ON w.wave = s.wave
WHERE s.area_id = 'all'
ORDER BY w.wave_date DESC, s.topic
"""
# A day-precision record counts by its day; a month-precision one when its month lies inside the period.
_DONE_SQL = """
SELECT kind, sum(count)::BIGINT AS n FROM interventions
WHERE (precision = 'day' AND occurred BETWEEN $start AND $end)
   OR (precision = 'month' AND month >= $start AND last_day(month) <= $end)
GROUP BY kind ORDER BY n DESC, kind
"""
_CLOSURES_SQL = """
SELECT premises, kind, issued FROM closure_orders
WHERE issued BETWEEN $start AND $end
  AND ((kind = 'order' AND status IN ('granted', 'extended', 'expired', 'discharged'))
       OR (kind = 'notice' AND status <> 'refused'))
ORDER BY issued, id
"""
_IN_FORCE_SQL = """
SELECT count(*) FROM closure_orders
WHERE kind = 'order' AND status IN ('granted', 'extended') AND issued <= $end AND (expires IS NULL OR expires >= $end)
"""
_ENFORCEMENT_SQL = """
SELECT outcome, count(*) FROM pspo_breaches WHERE occurred BETWEEN $start AND $end GROUP BY outcome
"""
# The district: every incident in one of the partnership's areas, once (an incident lies in its
# ward and its hotspot).
_CHANGED_SQL = """
SELECT category,
       count(DISTINCT id) FILTER (WHERE month >= $recent_from) AS recent,
       count(DISTINCT id) FILTER (WHERE month < $recent_from) AS before
FROM area_incidents
WHERE month BETWEEN $before_from AND $end
GROUP BY category
ORDER BY recent DESC, category
"""
_MONTHS_SQL = """
SELECT count(DISTINCT month) FILTER (WHERE month >= $recent_from),
       count(DISTINCT month) FILTER (WHERE month < $recent_from)
FROM incidents WHERE month BETWEEN $before_from AND $end
"""


class _Guard:
    """Every text the page shows, once more through the detector the redacted copies use:
    the minutes' people by name, and anything shaped like a person, an address, a phone number
    or an e-mail. What it finds is withheld, never shown."""

    def __init__(self, minutes: Minutes, known: list[str]) -> None:
        self.redactor = Redactor(minutes, AllowList.default((), known))

    def text(self, value: str) -> str:
        return visible(one_line(self.redactor.scrub(value)))

    def place(self, value: str) -> str:
        found = self.redactor.detector.find(value)
        return WITHHELD if found or self.redactor.scrub(value) != value else visible(one_line(value))


def read_public(db: Path, minutes: Minutes) -> PublicPage:
    """The page's figures for the minutes' period, from `db` (opened read-only)."""
    import duckdb

    from psg_tui.core.database import open_database
    from psg_tui.core.errors import DataError

    meeting = minutes.meeting
    start, end = meeting.period_start, meeting.period_end
    recent_from = _months_back(end, 11)
    before_from = _months_back(end, 23)
    con = open_database(db, read_only=True)
    try:

        def rows(sql: str, **values: Any) -> list[tuple[Any, ...]]:
            return con.execute(sql, values).fetchall()

        survey = rows(_SURVEY_SQL, until=meeting.date)
        done = rows(_DONE_SQL, start=start, end=end)
        closures = rows(_CLOSURES_SQL, start=start, end=end)
        in_force = rows(_IN_FORCE_SQL, end=end)[0][0]
        enforcement = dict(rows(_ENFORCEMENT_SQL, start=start, end=end))
        window = dict(recent_from=recent_from, before_from=before_from, end=end)
        changed = rows(_CHANGED_SQL, **window)
        months_recent, months_before = rows(_MONTHS_SQL, **window)[0]
        places = [str(n) for (n,) in rows("SELECT name FROM areas")]
    except duckdb.Error as exc:
        raise DataError(f"Could not read {db} for the public page: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()
    guard = _Guard(minutes, places)
    compared = months_before == 12 and months_recent == 12
    notes = []
    if months_recent < 12:
        notes.append(f"The database holds {months_recent} of the 12 months to {end:%B %Y}.")
    if not compared:
        notes.append("There is no full year before to compare with.")
    streets = []
    for premises, kind, issued in closures:
        where = street_only(premises)
        streets.append(
            Closure(guard.place(where) if where else "a premises (street not given)", kind, issued)
        )
    return PublicPage(
        title=guard.text(meeting.title),
        meeting_date=meeting.date,
        period_start=start,
        period_end=end,
        next_meeting=meeting.next_meeting,
        said=_said(survey, guard),
        done=_done([(k, int(n)) for k, n in done], guard),
        patrols=sum(int(n) for k, n in done if k in PATROLS),
        closures=tuple(streets),
        orders_in_force=int(in_force),
        enforcement=tuple(
            Done(label, int(enforcement[key]))
            for key, label in BREACH_OUTCOMES.items()
            if enforcement.get(key)
        ),
        changed=tuple(
            Changed(guard.text(category), int(recent), int(before) if compared else None)
            for category, recent, before in changed
            if recent or (compared and before)
        ),
        year_from=recent_from,
        compared=compared,
        notes=tuple(notes),
    )


def _said(rows: list[tuple[Any, ...]], guard: _Guard) -> Said | None:
    if not rows:
        return None
    waves = list(dict.fromkeys(row[0] for row in rows))  # newest first
    newest = {topic: (n, agreeing) for wave, _d, topic, n, agreeing in rows if wave == waves[0]}
    before = {
        topic: (n, agreeing) for wave, _d, topic, n, agreeing in rows if len(waves) > 1 and wave == waves[1]
    }
    concerns = [
        Concern(
            guard.text(topic_label(topic)),
            round(100 * agreeing / n),
            n,
            round(100 * before[topic][1] / before[topic][0]) if topic in before else None,
        )
        for topic, (n, agreeing) in newest.items()
    ]
    concerns.sort(key=lambda c: (-c.share, c.topic))
    return Said(guard.text(waves[0]), guard.text(waves[1]) if len(waves) > 1 else None, tuple(concerns))


def render_public(page: PublicPage) -> str:
    from psg_tui.publish.templating import template

    return template("public.html.j2", autoescape=True).render(page=page)
