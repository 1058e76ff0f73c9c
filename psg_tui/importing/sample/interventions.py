"""The sample's interventions register: what the Stockton partners did, operation by operation.

The operations (`sample_db/operations.csv`) give the start dates; the closure register gives the
closures; the rest is drawn from one `random.Random`, so a seed always gives the same file. The
figures follow each operation's story (see `sample_db/README.md`):

- **Operation Nightfall** (Parkfield hotspot, from 2024-04-08): evening patrols, A Way Out's
  outreach with the women involved, safeguarding referrals, kerb-crawler warning letters.
- **Operation Beech** (same hotspot, from 2026-01-20, on the Middlesbrough model): 35 sex
  buyers disrupted in its first four weeks, more than 40 women engaged by the end of April,
  more than 70 buyers dealt with by cautions, arrests and charges by the end of June.
- **Operation Shield** (High Street, from 2025-06-01; clear to December, hold since): a daily
  patrol (one month-level row a month), joint patrols, assertive outreach and treatment
  referrals with Change Grow Live, dispersal directions of 24 to 48 hours, PSPO fixed
  penalties, arrests, closures, and community protection warnings that some subjects climb
  from to a notice (CPN), a fixed penalty for breaching it and a criminal behaviour order
  (SUBJ-0007 climbs every step).
- **Project Harmony** (from 2026-03-01): Parkfield in its clear phase (hotspot patrols, arrests
  of organised crime group members, drugs warrants, closures, dispersals), with hold work
  (care plans, vacant homes held, tenants vetted) from July; Thornaby Victoria clear in March
  and April, hold in May and June, build since July (drop-ins, ward surgeries, alley gates).
- Routine neighbourhood work of no operation in four wards, month by month, for comparison.

Every CPN follows a CPW for its subject, every FPN a CPN or a PSPO in force over its area, and
every row lies inside its operation's dates and areas, so the import has no ladder warnings.
"""

from __future__ import annotations

import calendar
import csv
import math
import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

HEADER = ["date", "area", "operation", "kind", "count", "agency", "subject", "outcome", "phase", "hours"]
POLICE = "Cleveland Police"
COUNCIL = "Stockton-on-Tees Borough Council"
A_WAY_OUT = "A Way Out"
CGL = "Change Grow Live"
THIRTEEN = "Thirteen Group"
FIRE = "Cleveland Fire Brigade"
HIGH_STREET, HARMONY, VICTORIA = "stockton-high-street", "parkfield-oxbridge-harmony", "thornaby-victoria"
NIGHTFALL, SHIELD, BEECH, PROJECT_HARMONY = (
    "operation-nightfall",
    "operation-shield",
    "operation-beech",
    "project-harmony",
)
LAST_DAY = date(2026, 10, 31)  # the sample's newest complete month ends here
FULL_LADDER = {7, 12}  # subjects who climb every step: CPW, CPN, FPN, CBO
SHIELD_HOLD = date(2026, 1, 1)  # Shield moved from clear to hold
PARKFIELD_HOLD_WORK = date(2026, 7, 1)
VICTORIA_PHASES = ((date(2026, 5, 1), "clear"), (date(2026, 7, 1), "hold"), (date(9999, 1, 1), "build"))

# Operation Beech's planned outputs per month: (kind, agency, total, outcome).
BEECH_MONTHS: dict[tuple[int, int], list[tuple[str, int]]] = {
    (2026, 1): [("disruption", 18), ("engagement", 9), ("arrest", 3), ("caution", 2)],
    (2026, 2): [("disruption", 24), ("engagement", 14), ("arrest", 6), ("caution", 5), ("charge", 2)],
    (2026, 3): [("disruption", 16), ("engagement", 12), ("arrest", 7), ("caution", 6), ("charge", 3)],
    (2026, 4): [("disruption", 12), ("engagement", 10), ("arrest", 6), ("caution", 5), ("charge", 3)],
    (2026, 5): [("disruption", 10), ("engagement", 8), ("arrest", 5), ("caution", 6), ("charge", 2)],
    (2026, 6): [("disruption", 9), ("engagement", 8), ("arrest", 4), ("caution", 5), ("charge", 3)],
    (2026, 7): [("disruption", 8), ("engagement", 7), ("arrest", 3), ("caution", 3), ("charge", 2)],
    (2026, 8): [("disruption", 8), ("engagement", 6), ("arrest", 3), ("caution", 4), ("charge", 1)],
    (2026, 9): [("disruption", 7), ("engagement", 7), ("arrest", 2), ("caution", 3), ("charge", 2)],
    (2026, 10): [("disruption", 7), ("engagement", 6), ("arrest", 3), ("caution", 2), ("charge", 2)],
}
BEECH_FIRST_WEEKS = (date(2026, 2, 16), 17)  # of February's disruptions, 17 by the 16th: 35 in four weeks
BEECH_WORDS = {
    "disruption": (POLICE, "Sex buyer disrupted (warning letter or vehicle stop)"),
    "engagement": (A_WAY_OUT, "Woman engaged by outreach"),
    "arrest": (POLICE, "Sex buyer arrested"),
    "caution": (POLICE, "Sex buyer cautioned"),
    "charge": (POLICE, "Sex buyer charged"),
}
# Routine work of no operation: (ward, patrols a month, engagements a month).
ROUTINE = (
    ("stockton-town-centre", 46, 12),
    ("parkfield-and-oxbridge", 30, 8),
    ("mandale-and-victoria", 26, 7),
    ("norton-south", 14, 4),
)


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _months(first: date, last: date = LAST_DAY) -> list[tuple[date, date]]:
    """(first day, last day) of each month from `first`'s to `last`'s, clipped to both."""
    spans, start = [], first
    while start <= last:
        end = min(_month_end(start), last)
        spans.append((start, end))
        start = end + timedelta(days=1)
    return spans


class Register:
    """The rows being written, and the pseudonymous subjects handed out so far."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: list[list[str]] = []
        self.subjects = 0

    def add(
        self,
        day: date | str,
        area: str,
        operation: str,
        kind: str,
        count: int = 1,
        agency: str = POLICE,
        *,
        subject: str = "",
        outcome: str = "",
        phase: str = "",
        hours: str | float = "",
    ) -> None:
        when = day if isinstance(day, str) else day.isoformat()
        self.rows.append(
            [when, area, operation, kind, str(count), agency, subject, outcome, phase, str(hours)]
        )

    def spread(
        self,
        total: int,
        first: date,
        last: date,
        area: str,
        operation: str,
        kind: str,
        agency: str = POLICE,
        *,
        most: int = 3,
        outcome: str = "",
        phase: str = "",
    ) -> None:
        """`total` outputs over rows of 1..`most` on days between `first` and `last`."""
        span = (last - first).days
        while total > 0:
            n = min(total, self.rng.randint(1, most))
            day = first + timedelta(days=self.rng.randint(0, span))
            self.add(day, area, operation, kind, n, agency, outcome=outcome, phase=phase)
            total -= n

    def subject(self) -> str:
        self.subjects += 1
        return f"SUBJ-{self.subjects:04d}"

    def ladder(self, day: date, area: str, operation: str, phase_of: Callable[[date], str]) -> None:
        """A CPW for a new subject; some go on to a CPN, a fixed penalty for breaching it and a CBO."""
        who = self.subject()
        full = self.subjects in FULL_LADDER
        rng = self.rng

        def step(day: date, kind: str, agency: str, outcome: str) -> None:
            self.add(day, area, operation, kind, 1, agency, subject=who, outcome=outcome, phase=phase_of(day))

        step(day, "cpw", COUNCIL, "Written warning served")
        if not (full or rng.random() < 0.4):
            return
        day += timedelta(days=rng.randint(21, 56))
        if day > LAST_DAY:
            return
        step(day, "cpn", COUNCIL, "Notice served after the warning")
        if not (full or rng.random() < 0.45):
            return
        day += timedelta(days=rng.randint(14, 42))
        if day > LAST_DAY:
            return
        step(day, "fpn", COUNCIL, "Fixed penalty for breaching the CPN")
        if not (full or rng.random() < 0.3):
            return
        day += timedelta(days=rng.randint(30, 75))
        if day <= LAST_DAY:
            step(day, "cbo", POLICE, "CBO granted at Teesside Magistrates")


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _closures(
    reg: Register,
    orders: list[dict[str, str]],
    operation: str,
    areas: tuple[str, ...],
    start: date,
    phase: str = "",
) -> None:
    for order in orders:
        issued = date.fromisoformat(order["issued"])
        if order["area"] in areas and start <= issued <= LAST_DAY:
            outcome = f"Closure {order['kind']} {order['id']} ({order['status']})"
            reg.add(
                issued,
                order["area"],
                operation,
                "closure",
                1,
                order["applicant"],
                outcome=outcome,
                phase=phase,
            )


def _nightfall(reg: Register, start: date, beech: date) -> None:
    rng = reg.rng
    for first, last in _months(start):
        share = ((last - first).days + 1) / calendar.monthrange(first.year, first.month)[1]
        buyers = 1.5 if first >= beech else 4.5  # Beech takes over the buyers
        reg.spread(_poisson(rng, 8 * share), first, last, HARMONY, NIGHTFALL, "patrol", POLICE, most=1,
                   outcome="Evening patrol of the beat")  # fmt: skip
        reg.spread(_poisson(rng, 10 * share), first, last, HARMONY, "Operation Nightfall", "engagement",
                   A_WAY_OUT, outcome="Outreach contact")  # fmt: skip
        reg.spread(_poisson(rng, 2 * share), first, last, HARMONY, "Operation Nightfall", "safeguarding-referral",
                   A_WAY_OUT, most=1, outcome="Adult safeguarding referral")  # fmt: skip
        reg.spread(_poisson(rng, buyers * share), first, last, HARMONY, NIGHTFALL, "disruption", POLICE,
                   most=2, outcome="Kerb-crawler warning letter")  # fmt: skip
        reg.spread(_poisson(rng, 0.5 * share), first, last, HARMONY, NIGHTFALL, "arrest", POLICE, most=1,
                   outcome="Arrest for kerb-crawling")  # fmt: skip


def _beech(reg: Register, start: date) -> None:
    rng = reg.rng
    for first, last in _months(start):
        for kind, total in BEECH_MONTHS[(first.year, first.month)]:
            agency, outcome = BEECH_WORDS[kind]
            early_end, early = BEECH_FIRST_WEEKS
            if kind == "disruption" and first <= early_end <= last:
                reg.spread(early, first, early_end, HARMONY, BEECH, kind, agency, outcome=outcome)
                first_left, total = early_end + timedelta(days=1), total - early
            else:
                first_left = first
            reg.spread(total, first_left, last, HARMONY, BEECH, kind, agency, outcome=outcome)
        reg.spread(3, first, last, HARMONY, BEECH, "safeguarding-referral", A_WAY_OUT, most=1,
                   outcome="Referral to specialist support")  # fmt: skip
        reg.spread(_poisson(rng, 2), first, last, HARMONY, BEECH, "treatment-referral", CGL, most=1,
                   outcome="Referral to drug and alcohol treatment")  # fmt: skip


def _shield_phase(day: date) -> str:
    return "clear" if day < SHIELD_HOLD else "hold"


def _shield(reg: Register, start: date, orders: list[dict[str, str]]) -> None:
    rng = reg.rng
    for first, last in _months(start):
        phase = _shield_phase(first)
        ease = 1.0 if phase == "clear" else 0.75
        days = (last - first).days + 1
        reg.add(f"{first:%Y-%m}", HIGH_STREET, SHIELD, "patrol", days - rng.randint(0, 3), POLICE,
                outcome="Daily high-visibility patrol", phase=phase)  # fmt: skip
        for _ in range(_poisson(rng, 9 * ease)):
            day = first + timedelta(days=rng.randint(0, days - 1))
            agency = POLICE if rng.random() < 0.5 else COUNCIL
            reg.add(day, HIGH_STREET, SHIELD, "joint-patrol", 1, agency, outcome="Joint patrol with council wardens",
                    phase=phase)  # fmt: skip
        reg.spread(_poisson(rng, 14 * ease), first, last, HIGH_STREET, SHIELD, "engagement", CGL,
                   outcome="Assertive outreach contact", phase=phase)  # fmt: skip
        reg.spread(_poisson(rng, 3), first, last, HIGH_STREET, SHIELD, "treatment-referral", CGL, most=1,
                   outcome="Referral to alcohol treatment", phase=phase)  # fmt: skip
        reg.spread(_poisson(rng, 4 * ease), first, last, HIGH_STREET, SHIELD, "fpn", COUNCIL, most=1,
                   outcome="Fixed penalty for a PSPO breach (drinking when asked to stop)", phase=phase)  # fmt: skip
        reg.spread(_poisson(rng, 2), first, last, HIGH_STREET, SHIELD, "arrest", POLICE, most=1,
                   outcome="Arrest (public order or theft)", phase=phase)  # fmt: skip
        for _ in range(_poisson(rng, 2 * ease)):
            day = first + timedelta(days=rng.randint(0, days - 1))
            reg.add(day, HIGH_STREET, SHIELD, "dispersal", 1, POLICE, outcome="Group directed to leave the High Street",
                    phase=phase, hours=rng.choice((24, 36, 48)))  # fmt: skip
        for _ in range(_poisson(rng, 3 * ease) if first > start else 3):
            reg.ladder(first + timedelta(days=rng.randint(0, days - 1)), HIGH_STREET, SHIELD, _shield_phase)
    _closures(reg, orders, SHIELD, (HIGH_STREET,), start)


def _harmony(reg: Register, start: date, orders: list[dict[str, str]]) -> None:
    rng = reg.rng
    for first, last in _months(start):
        n = (first.year - start.year) * 12 + first.month - start.month
        clear_push = 1.0 if n < 2 else 0.7
        reg.spread(_poisson(rng, 22 * clear_push), first, last, HARMONY, PROJECT_HARMONY, "patrol", POLICE, most=2,
                   outcome="Hotspot patrol", phase="clear")  # fmt: skip
        reg.spread(_poisson(rng, 4 if n < 2 else 2), first, last, HARMONY, PROJECT_HARMONY, "arrest", POLICE,
                   most=1, outcome="Arrest of an organised crime group member", phase="clear")  # fmt: skip
        reg.spread(_poisson(rng, 2), first, last, HARMONY, PROJECT_HARMONY, "disruption", POLICE, most=1,
                   outcome="Drugs warrant executed", phase="clear")  # fmt: skip
        for _ in range(rng.randint(1, 2)):
            day = first + timedelta(days=rng.randint(0, (last - first).days))
            reg.add(day, HARMONY, PROJECT_HARMONY, "dispersal", 1, POLICE, outcome="Group directed to leave the area",
                    phase="clear", hours=rng.choice((24, 48)))  # fmt: skip
        for _ in range(rng.randint(1, 2)):
            reg.ladder(first + timedelta(days=rng.randint(0, (last - first).days)), HARMONY, PROJECT_HARMONY,
                       lambda _day: "clear")  # fmt: skip
        if first >= PARKFIELD_HOLD_WORK:
            reg.spread(_poisson(rng, 3), first, last, HARMONY, PROJECT_HARMONY, "safeguarding-referral", COUNCIL,
                       most=1, outcome="Care plan agreed", phase="hold")  # fmt: skip
            reg.spread(_poisson(rng, 2), first, last, HARMONY, PROJECT_HARMONY, "other", THIRTEEN, most=1,
                       outcome="Vacant home secured and held", phase="hold")  # fmt: skip
            reg.spread(_poisson(rng, 3), first, last, HARMONY, PROJECT_HARMONY, "other", THIRTEEN, most=1,
                       outcome="Incoming tenant vetted", phase="hold")  # fmt: skip
        phase = next(p for until, p in VICTORIA_PHASES if first < until)
        if phase == "clear":
            reg.spread(_poisson(rng, 15), first, last, VICTORIA, PROJECT_HARMONY, "patrol", POLICE, most=2,
                       outcome="Hotspot patrol", phase=phase)  # fmt: skip
            reg.spread(_poisson(rng, 2), first, last, VICTORIA, PROJECT_HARMONY, "arrest", POLICE, most=1,
                       outcome="Arrest of an organised crime group member", phase=phase)  # fmt: skip
        elif phase == "hold":
            reg.spread(_poisson(rng, 10), first, last, VICTORIA, PROJECT_HARMONY, "patrol", POLICE, most=2,
                       outcome="Reassurance patrol", phase=phase)  # fmt: skip
            reg.spread(_poisson(rng, 3), first, last, VICTORIA, PROJECT_HARMONY, "safeguarding-referral", COUNCIL,
                       most=1, outcome="Care plan agreed", phase=phase)  # fmt: skip
            reg.spread(_poisson(rng, 2), first, last, VICTORIA, PROJECT_HARMONY, "other", THIRTEEN, most=1,
                       outcome="Vacant home secured and held", phase=phase)  # fmt: skip
            reg.spread(_poisson(rng, 3), first, last, VICTORIA, PROJECT_HARMONY, "other", THIRTEEN, most=1,
                       outcome="Incoming tenant vetted", phase=phase)  # fmt: skip
        else:
            reg.spread(_poisson(rng, 6), first, last, VICTORIA, PROJECT_HARMONY, "engagement", COUNCIL,
                       outcome="Community drop-in", phase=phase)  # fmt: skip
            reg.add(first + timedelta(days=rng.randint(0, 20)), VICTORIA, PROJECT_HARMONY, "community-event", 1,
                    COUNCIL, outcome="Ward surgery", phase=phase)  # fmt: skip
            reg.spread(_poisson(rng, 3), first, last, VICTORIA, PROJECT_HARMONY, "target-hardening", COUNCIL,
                       most=2, outcome="Alley gate fitted", phase=phase)  # fmt: skip
            reg.spread(_poisson(rng, 2), first, last, VICTORIA, PROJECT_HARMONY, "target-hardening", FIRE,
                       most=1, outcome="Home fire safety visit and door locks", phase=phase)  # fmt: skip
    _closures(reg, orders, PROJECT_HARMONY, (HARMONY, VICTORIA), start, phase="clear")


def _routine(reg: Register, first_month: date) -> None:
    rng = reg.rng
    for first, _ in _months(first_month):
        month = f"{first:%Y-%m}"
        for ward, patrols, engagements in ROUTINE:
            reg.add(month, ward, "", "patrol", max(1, round(rng.gauss(patrols, patrols**0.5))), POLICE,
                    outcome="Neighbourhood patrol")  # fmt: skip
            reg.add(month, ward, "", "engagement", max(1, round(rng.gauss(engagements, engagements**0.5))),
                    COUNCIL, outcome="ASB team visit")  # fmt: skip


def generate_interventions(sources: Path, rng: random.Random, out: Path, first_month: date) -> Path:
    """Write `interventions.csv` (import kind `interventions`) into `out` from the sample's registers."""
    started = {row["id"]: date.fromisoformat(row["started"]) for row in _read(sources / "operations.csv")}
    orders = _read(sources / "closure_orders.csv")
    reg = Register(rng)
    _routine(reg, first_month)
    _nightfall(reg, started[NIGHTFALL], started[BEECH])
    _shield(reg, started[SHIELD], orders)
    _beech(reg, started[BEECH])
    _harmony(reg, started[PROJECT_HARMONY], orders)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "interventions.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(sorted(reg.rows))
    return path
