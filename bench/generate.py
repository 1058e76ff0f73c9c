"""Synthetic partnership databases at force scale: 100k, 1M or 10M incidents over ten years, or
100M over fifteen (a nation's street-level crime; `--size 100m`, about 6 GB: run it in the
background, `nohup timeout 7200 .venv/bin/python bench/generate.py --size 100m > gen.log 2>&1 &`).

A made-up force ("Northmoor Police") of 100 wards of 3 to 9 LSOAs each, with 16 hotspots
and 4 town centres lying inside wards, so the ward/hotspot nesting (`area_within`) is
exercised as in a real partnership. The skew is what an analyst sees: LSOA volumes follow a
Zipf-like law (town-centre LSOAs get twenty times a quiet suburb's), each LSOA has a few
very busy snap points and a long tail, category mixes differ between town centres and
residential streets, volumes are seasonal and some LSOAs rise or fall year on year.
Rows go in month by month (each month one INSERT, as monthly imports would), so the table
is stored in time order. Closure orders, PSPO breaches and actions scale with the
incidents (1 per 5,000, 1 per 200 and 1 per 2,000). Six operations run over the hotspots and
town centres, and interventions (1 per 10 incidents: 1M at the 10m size) record their work and
the wards' routine work, in time order, so the operation view can be benchmarked; they are
drawn after everything else, from their own seed, so the incidents and registers are the same
as before they existed.

Everything is computed by DuckDB from `range()` and `hash()` against small lookup tables
built here with a seeded `random.Random`, so the same size gives the same database.

    .venv/bin/python bench/generate.py --size 10m            # -> bench/out/db-10m.duckdb
    .venv/bin/python bench/generate.py --size 100k --size 1m --force
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

from psg_tui.core.database import create_schema
from psg_tui.importing.derived import refresh_derived

OUT = Path(__file__).resolve().parent / "out"
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000, "100m": 100_000_000}
# Months of data by size (ending 2026-10): a force's ten years, or a nation's fifteen at 100m.
SPAN = {"100m": 180}
FORCE = "Northmoor Police"
FORCE_SLUG = "northmoor-police"
LAST_MONTH = (2026, 10)
MONTHS = 120  # 2016-11 .. 2026-10 unless SPAN says otherwise
# DuckDB's memory while generating: larger sizes spill to disk rather than grow (issue 34: the
# 100m database is generated with a peak resident memory under 4 GB).
MEMORY_LIMIT = "1500MB"
AS_OF = date(2026, 11, 19)
SEED = 7
LSOA_SLOTS = 20_000  # resolution of the LSOA draw (per year, so LSOAs can trend)
LOCATION_SLOTS = 1_000
CATEGORY_SLOTS = 1_000
LOCAL_SHARE = 0.06  # council ASB extract rows; the rest are police.uk

# police.uk categories with roughly national shares (residential, town-centre).
CATEGORIES = {
    "Anti-social behaviour": (30, 26),
    "Violence and sexual offences": (29, 26),
    "Criminal damage and arson": (9, 5),
    "Public order": (7, 9),
    "Shoplifting": (3, 14),
    "Other theft": (5, 7),
    "Vehicle crime": (5, 2),
    "Burglary": (5, 2),
    "Drugs": (2, 3),
    "Other crime": (1.5, 1),
    "Theft from the person": (0.5, 2),
    "Bicycle theft": (0.8, 1.2),
    "Robbery": (0.7, 1.2),
    "Possession of weapons": (0.6, 0.8),
}
LOCAL_CATEGORIES = ["Street drinking", "Begging", "Fly-tipping", "Noise nuisance"]
OUTCOMES = [
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Under investigation",
    "Status update unavailable",
    "Awaiting court outcome",
    "Offender given a caution",
    "Local resolution",
    "Court result unavailable",
]
LOCAL_OUTCOMES = ["Words of advice", "Alcohol surrendered", "Community protection warning", "No trace"]
SEASON = (0.86, 0.84, 0.93, 0.98, 1.06, 1.10, 1.14, 1.10, 1.00, 1.03, 1.02, 0.94)
STREET_WORDS = (
    "Ash", "Beech", "Birch", "Cedar", "Elm", "Hazel", "Holly", "Larch", "Maple", "Oak", "Rowan", "Willow",
    "Alder", "Yew", "Lime", "Poplar", "Station", "Church", "Mill", "Bridge", "Market", "Castle", "Queen",
    "King", "Victoria", "Albert", "Park", "Green", "Hill", "Dale", "Moor", "Brook", "Ford", "Field",
    "Marsh", "Grange", "Abbey", "Priory", "Chapel", "Forge", "Wharf", "Quay", "Tannery", "Foundry",
)  # fmt: skip
STREET_KINDS = ("Street", "Road", "Lane", "Close", "Avenue", "Terrace", "Way", "Grove", "Court", "Crescent")
PLACE_KINDS = (
    "Supermarket", "Shopping Area", "Parking Area", "Petrol Station", "Nightclub", "Sports/Recreation Area",
    "Further/Higher Educational Building", "Hospital", "Bus/Coach Station", "Police Station",
)  # fmt: skip
WARD_STEMS = (
    "Ashby", "Barrow", "Calder", "Denholm", "Eastwick", "Fenwick", "Garth", "Halewood", "Ingleby",
    "Kirkham", "Lanchester", "Marfleet", "Netherby", "Ormesby", "Pelton", "Quarrington", "Redmarley",
    "Stainby", "Thorpe", "Ulverley", "Vaughan", "Whitmore", "Yarwell", "Zeals", "Brancepeth",
    "Coniscliffe", "Dunsby", "Elwick", "Framwell", "Grindon",
)  # fmt: skip
WARD_SUFFIXES = ("North", "South", "East", "West", "Central", "Park", "Village", "Moor")
OWNERS = [
    "Dana Heron", "Sam Patel", "Rachel Okafor", "Tom Ashworth", "Priya Nair", "Gareth Lowe",
    "Helen Marsh", "Kwame Mensah", "Joanne Pike", "Liam Doherty", "Aisha Rahman", "Mark Ellison",
]  # fmt: skip
AGENCIES = [
    "Northmoor Police", "Northmoor Borough Council", "Thirteen Housing", "Change Grow Live",
    "Northmoor Fire and Rescue", "Probation Service", "Neighbourhood Watch",
]  # fmt: skip
PROHIBITIONS = [
    "Drinking alcohol when asked to stop", "Carrying an open container of alcohol", "Aggressive begging",
    "Urinating or defecating in a public place", "Gathering in a group causing alarm or distress",
    "Using a gated alleyway without the consent of the council",
]  # fmt: skip


def month_start(index: int, months: int = MONTHS) -> date:
    """The first day of month `index` of a span of `months` ending with LAST_MONTH."""
    year, month = LAST_MONTH
    total = year * 12 + month - months + index
    return date(total // 12, total % 12 + 1, 1)


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split total into whole numbers in proportion to weights (largest remainder)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    counts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def slots(weights: list[float], count: int) -> list[int]:
    """A lookup of `count` slots where item i fills a share proportional to weights[i]."""
    filled = allocate(count, weights)
    return [i for i, n in enumerate(filled) for _ in range(n)]


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, names: list[str], rows: list[tuple], *, temp: bool = False
) -> None:
    """Bulk-load Python rows through Arrow (executemany goes row by row: minutes, not seconds)."""
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in names]
    con.register("_rows", pa.table({name: list(col) for name, col in zip(names, columns, strict=True)}))
    try:
        if temp:
            con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM _rows")
        else:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


class Force:
    """The made-up force's areas, LSOAs and streets, drawn from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        names = [f"{stem} {suffix}" for stem in WARD_STEMS for suffix in WARD_SUFFIXES]
        rng.shuffle(names)
        self.wards: list[tuple[str, str, str, list[int]]] = []  # id, name, ward code, lsoa indexes
        self.lsoas: list[tuple[str, str, float, float, int]] = []  # code, name, lat, lon, ward index
        for w in range(100):
            name = names[w]
            ward_id = name.lower().replace(" ", "-")
            lat, lon = 54.3 + rng.random() * 0.6, -1.9 + rng.random() * 0.9
            members = []
            for k in range(rng.randint(3, 9)):
                code = f"E0199{len(self.lsoas):04d}"
                self.lsoas.append(
                    (
                        code,
                        f"Northmoor {w + 1:03d}{chr(65 + k)}",
                        lat + rng.gauss(0, 0.01),
                        lon + rng.gauss(0, 0.015),
                        w,
                    )
                )
                members.append(len(self.lsoas) - 1)
            self.wards.append((ward_id, name, f"E0599{w:04d}", members))
        # Zipf-like volume per LSOA; town-centre LSOAs are the busiest of all.
        order = list(range(len(self.lsoas)))
        rng.shuffle(order)
        self.volume = [0.0] * len(self.lsoas)
        for rank, i in enumerate(order):
            self.volume[i] = 1.0 / (rank + 8) ** 0.9
        self.town_lsoa: set[int] = set()
        # Subareas: 4 town centres (3 LSOAs), 16 hotspots (2 LSOAs), each inside one ward.
        self.subareas: list[tuple[str, str, str, int, list[int], str | None, list[str]]] = []
        busy_wards = sorted(range(100), key=lambda w: -max(self.volume[i] for i in self.wards[w][3]))
        for n, w in enumerate(busy_wards[:20]):
            ward_id, ward_name, _, members = self.wards[w]
            ranked = sorted(members, key=lambda i: -self.volume[i])
            if n < 4:
                chosen, kind = ranked[:3], "town-centre"
                name = f"{ward_name.split()[0]} Town Centre"
                self.town_lsoa.update(chosen)
                for i in chosen:
                    self.volume[i] *= 3
            else:
                chosen, kind = ranked[:2], "hotspot"
                name = f"{ward_name} ({rng.choice(['Operation Lantern', 'Project Harmony', 'Operation Shield'])})"
            phase = rng.choice(["clear", "hold", "build", None])
            ops = [name.split("(")[1].rstrip(")")] if "(" in name else []
            self.subareas.append((f"{ward_id}-{kind}", name, kind, w, chosen, phase, ops))
        # Per-LSOA trend: most flat, some rising, some falling (per year multiplier).
        self.growth = [rng.choice([1.0] * 6 + [1.08, 1.15, 0.92, 0.85]) for _ in self.lsoas]
        # Streets and places per LSOA: a few very busy snap points, then a long tail.
        self.locations: list[tuple[int, int, str, float, float, float]] = []  # lsoa, slot-weight...
        for i, (_, _, lat, lon, _) in enumerate(self.lsoas):
            for k in range(rng.randint(25, 60)):
                if rng.random() < 0.15:
                    place = f"On or near {rng.choice(PLACE_KINDS)}"
                else:
                    first, second = rng.sample(STREET_WORDS, 2)
                    place = f"On or near {first}{second.lower()} {rng.choice(STREET_KINDS)}"
                self.locations.append(
                    (i, k, place, lat + rng.gauss(0, 0.003), lon + rng.gauss(0, 0.004), 1.0 / (k + 1) ** 1.1)
                )

    def ward_of_lsoa(self, i: int) -> str:
        return self.wards[self.lsoas[i][4]][0]


def load_lookups(con: duckdb.DuckDBPyConnection, force: Force, months: int = MONTHS) -> None:
    """Small tables the row generator joins against (temporary: not part of the database)."""
    insert_rows(
        con,
        "g_lsoa",
        ["idx", "code", "name", "ward", "town"],
        [
            (i, row[0], row[1], force.ward_of_lsoa(i), i in force.town_lsoa)
            for i, row in enumerate(force.lsoas)
        ],
        temp=True,
    )
    rows = []
    for year in range(months // 12 + 1):
        weights = [v * g**year for v, g in zip(force.volume, force.growth, strict=True)]
        rows += [(year, s, i) for s, i in enumerate(slots(weights, LSOA_SLOTS))]
    insert_rows(con, "g_lsoa_slot", ["year", "slot", "idx"], rows, temp=True)
    names = list(CATEGORIES)
    rows = []
    for town in (False, True):
        weights = [CATEGORIES[n][1 if town else 0] for n in names]
        rows += [(town, s, names[c]) for s, c in enumerate(slots(weights, CATEGORY_SLOTS))]
    insert_rows(con, "g_category_slot", ["town", "slot", "category"], rows, temp=True)
    by_lsoa: dict[int, list[tuple[int, int, str, float, float, float]]] = {}
    for loc in force.locations:
        by_lsoa.setdefault(loc[0], []).append(loc)
    rows = []
    for i, locs in by_lsoa.items():
        for s, k in enumerate(slots([loc[5] for loc in locs], LOCATION_SLOTS)):
            _, _, place, lat, lon, _ = locs[k]
            rows.append((i, s, place, round(lat, 6), round(lon, 6)))
    insert_rows(con, "g_location_slot", ["idx", "slot", "location", "lat", "lon"], rows, temp=True)
    con.execute(
        "CREATE TEMP TABLE g_outcome AS SELECT * FROM unnest($o) WITH ORDINALITY t(outcome, k)",
        {"o": OUTCOMES},
    )
    con.execute(
        "CREATE TEMP TABLE g_local AS SELECT * FROM unnest($c) WITH ORDINALITY t(category, k)",
        {"c": LOCAL_CATEGORIES},
    )


def insert_areas(con: duckdb.DuckDBPyConnection, force: Force) -> None:
    areas, members = [], []
    for ward_id, name, code, lsoas in force.wards:
        areas.append((ward_id, name, "ward", code, None, []))
        members += [(ward_id, force.lsoas[i][0], force.lsoas[i][1]) for i in lsoas]
    for area_id, name, kind, _, lsoas, phase, ops in force.subareas:
        areas.append((area_id, name, kind, None, phase, ops))
        members += [(area_id, force.lsoas[i][0], force.lsoas[i][1]) for i in lsoas]
    insert_rows(con, "areas", ["id", "name", "kind", "ward_code", "phase", "operations"], areas)
    insert_rows(con, "area_lsoas", ["area_id", "lsoa_code", "lsoa_name"], members)


INSERT_MONTH = """
INSERT INTO incidents
WITH base AS (
    SELECT r.range AS n,
           hash(r.range, $salt) AS h,
           (hash(r.range, $salt) % 1000000) / 1000000.0 < $local_share AS local
    FROM range($rows) r
),
drawn AS (
    SELECT b.*, s.idx, l.code, l.name AS lsoa_name, l.ward, l.town,
           (b.h >> 20) % $location_slots AS loc_slot,
           (b.h >> 32) % $category_slots AS cat_slot
    FROM base b
    JOIN g_lsoa_slot s ON s.year = $year AND s.slot = (b.h >> 8) % $lsoa_slots
    JOIN g_lsoa l ON l.idx = s.idx
)
SELECT CASE WHEN d.local THEN 'cas:' || $label || ':' || d.n
            ELSE 'puk:' || $label || ':' || $force_slug || ':' || d.n END AS id,
       CASE WHEN d.local THEN 'council-asb' ELSE 'police-uk' END AS source,
       CASE WHEN d.local THEN 'CAS-' || $label || '-' || d.n
            WHEN c.category = 'Anti-social behaviour' THEN NULL
            ELSE sha256($label || ':' || d.n) END AS source_ref,
       CASE WHEN d.local THEN 'council-asb:' || $label ELSE 'police-uk:' || $label || ':' || $force END AS batch,
       $month::DATE AS month,
       CASE WHEN d.local THEN $month::TIMESTAMP + to_seconds(((d.h >> 40) % ($days * 86400))::BIGINT)
            ELSE $month::TIMESTAMP END AS occurred,
       CASE WHEN d.local THEN 'minute' ELSE 'month' END AS precision,
       CASE WHEN d.local THEN lc.category ELSE c.category END AS category,
       d.ward AS area_id,
       -- a fifth of the council's rows name only a ward: the view's no-LSOA branch
       CASE WHEN d.local AND (d.h >> 50) % 5 = 0 THEN NULL ELSE d.code END AS lsoa_code,
       loc.location,
       loc.lat AS latitude,
       loc.lon AS longitude,
       CASE WHEN d.local THEN
                CASE (d.h >> 44) % 4 WHEN 0 THEN 'Words of advice' WHEN 1 THEN 'Alcohol surrendered'
                     WHEN 2 THEN 'Community protection warning' ELSE 'No trace' END
            WHEN c.category = 'Anti-social behaviour' THEN NULL
            ELSE o.outcome END AS outcome,
       CASE WHEN d.town AND (d.h >> 46) % 7 = 0 THEN 'Operation Shield' END AS operation
FROM drawn d
JOIN g_category_slot c ON c.town = d.town AND c.slot = d.cat_slot
JOIN g_location_slot loc ON loc.idx = d.idx AND loc.slot = d.loc_slot
JOIN g_outcome o ON o.k = 1 + (d.h >> 36) % $outcomes
JOIN g_local lc ON lc.k = 1 + (d.h >> 42) % $locals
-- As the files arrive: police.uk's monthly file sorted by LSOA name (as data.police.uk
-- publishes it), then the council's extract in time order.
ORDER BY d.local, CASE WHEN NOT d.local THEN d.lsoa_name END, occurred, d.n
"""


def insert_incidents(
    con: duckdb.DuckDBPyConnection, total: int, progress: bool, months: int = MONTHS
) -> None:
    weights = [SEASON[month_start(m, months).month - 1] * (1.015 ** (m / 12)) for m in range(months)]
    for m, rows in enumerate(allocate(total, weights)):
        start = month_start(m, months)
        end = month_start(m + 1, months)
        con.execute(
            INSERT_MONTH,
            {
                "rows": rows,
                "salt": m * 7919 + 17,
                "local_share": LOCAL_SHARE,
                "location_slots": LOCATION_SLOTS,
                "category_slots": CATEGORY_SLOTS,
                "lsoa_slots": LSOA_SLOTS,
                "year": m // 12,
                "label": f"{start:%Y-%m}",
                "force_slug": FORCE_SLUG,
                "force": FORCE,
                "month": start,
                "days": (end - start).days,
                "outcomes": len(OUTCOMES),
                "locals": len(LOCAL_CATEGORIES),
            },
        )
        if progress and m % 12 == 11:
            print(f"  incidents to {start:%Y-%m}", file=sys.stderr, flush=True)


def insert_registers(
    con: duckdb.DuckDBPyConnection, force: Force, total: int, rng: random.Random, months: int = MONTHS
) -> None:
    """Closure orders, PSPOs, breaches and actions in proportion to the incidents."""
    area_ids = [w[0] for w in force.wards] + [s[0] for s in force.subareas]
    weights = [sum(force.volume[i] for i in w[3]) for w in force.wards] + [
        sum(force.volume[i] for i in s[4]) * 3 for s in force.subareas
    ]
    first, days = month_start(0, months), (AS_OF - month_start(0, months)).days

    def recent_day(bias: float = 2.0) -> date:
        return date.fromordinal(first.toordinal() + int(days * rng.random() ** (1 / bias)))

    orders = []
    count = max(20, total // 5000)
    for n in range(count):
        # A few are recent, so every size has orders in force and expiring.
        issued = (
            recent_day()
            if n >= max(3, count * 3 // 100)
            else date.fromordinal(AS_OF.toordinal() - rng.randint(1, 100))
        )
        area = rng.choices(area_ids, weights)[0]
        kind = "notice" if rng.random() < 0.2 else "order"
        if kind == "notice":
            hearing, expires = (
                date.fromordinal(issued.toordinal() + 2),
                date.fromordinal(issued.toordinal() + 2),
            )
            status = "notice-served" if hearing >= AS_OF else rng.choice(["expired", "refused"])
        else:
            hearing, expires = issued, date.fromordinal(issued.toordinal() + rng.choice([90, 90, 180]))
            status = (
                rng.choice(["granted", "extended"])
                if expires >= AS_OF
                else rng.choice(["expired", "expired", "discharged"])
            )
        orders.append(
            (f"CO-{issued.year}-{n:05d}", f"{rng.randint(1, 120)} {rng.choice(STREET_WORDS)} Street", area,
             kind, issued, hearing, expires, status, rng.choice(AGENCIES[:2]))
        )  # fmt: skip
    insert_rows(
        con,
        "closure_orders",
        ["id", "premises", "area_id", "kind", "issued", "hearing", "expires", "status", "applicant"],
        orders,
    )

    pspos = []
    for n, (area_id, name, _, w, _, _, _) in enumerate(force.subareas[:10]):
        made = date(2024, 1 + n % 12, 1) if n % 3 else date(2021, 1 + n % 12, 1)
        prohibitions = rng.sample(PROHIBITIONS, rng.randint(2, 4))
        pspos.append(
            (f"PSPO-{n:02d}", f"{name} PSPO", made, date(made.year + 3, made.month, 1), prohibitions,
             [area_id, force.wards[w][0]])
        )  # fmt: skip
    insert_rows(con, "pspos", ["id", "name", "made", "expires", "prohibitions", "area_ids"], pspos)

    breaches = []
    outcomes = ["advice", "warning", "fpn-issued", "fpn-paid", "prosecution"]
    for _ in range(max(20, total // 200)):
        pspo_id, _, made, expires, prohibitions, pspo_areas = rng.choice(pspos)
        span = (min(expires, AS_OF) - made).days
        occurred = date.fromordinal(made.toordinal() + int(span * rng.random() ** 0.7))
        breaches.append(
            (
                occurred,
                pspo_id,
                pspo_areas[0],
                rng.choice(prohibitions),
                rng.choices(outcomes, [40, 30, 15, 10, 5])[0],
            )
        )
    breaches.sort()  # time order, as a register grows
    insert_rows(
        con,
        "pspo_breaches",
        ["id", "pspo_id", "occurred", "area_id", "location", "prohibition", "outcome"],
        [
            (f"B-{n:07d}", pspo_id, occurred, area, "On or near Market Place", prohibition, outcome)
            for n, (occurred, pspo_id, area, prohibition, outcome) in enumerate(breaches)
        ],
    )

    actions = []
    for n in range(max(10, total // 2000)):
        raised = recent_day(bias=4.0)
        due = date.fromordinal(raised.toordinal() + rng.choice([14, 28, 42, 56, 90]))
        # Most actions due before the meeting are closed; a few are late (what makes an area red).
        status = (
            rng.choices(["open", "in-progress", "blocked", "done"], [40, 45, 5, 10])[0]
            if due >= AS_OF
            else rng.choices(["done", "dropped", "open", "in-progress", "blocked"], [88, 8, 1, 2, 1])[0]
        )
        actions.append(
            (f"A-{n + 1:05d}", rng.choices(area_ids, weights)[0], f"Joint visit to {rng.choice(STREET_WORDS)} Street",
             rng.choice(OWNERS), rng.choice(AGENCIES), raised, due, status,
             "Anti-social behaviour and feelings of safety", f"{raised:%Y-%m-%d} Northmoor PSG")
        )  # fmt: skip
    actions.sort(key=lambda a: a[5])
    insert_rows(
        con,
        "actions",
        ["id", "area_id", "title", "owner", "agency", "raised", "due", "status", "priority", "meeting"],
        actions,
    )


# Operations over the subareas: (id, name, started, the subareas' operation label or kind, target
# categories, lead agency). The three labels are the ones `Force` gives hotspots.
OPERATIONS = [
    ("operation-lantern", "Operation Lantern", date(2023, 4, 3), "Operation Lantern",
     ["Anti-social behaviour", "Criminal damage and arson"], "Northmoor Police"),
    ("project-harmony", "Project Harmony", date(2024, 6, 1), "Project Harmony",
     ["Anti-social behaviour", "Drugs", "Burglary"], "Northmoor Police"),
    ("operation-shield", "Operation Shield", date(2025, 3, 1), "Operation Shield",
     ["Anti-social behaviour", "Street drinking", "Begging"], "Northmoor Police"),
    ("operation-nightsafe", "Operation Nightsafe", date(2022, 9, 1), "town-centre",
     ["Violence and sexual offences", "Public order"], "Northmoor Police"),
    ("operation-retail", "Operation Retail", date(2025, 10, 1), "town-centre",
     ["Shoplifting", "Theft from the person"], "Northmoor Borough Council"),
    ("operation-clean-streets", "Operation Clean Streets", date(2024, 1, 8), "town-centre",
     ["Fly-tipping", "Criminal damage and arson"], "Northmoor Borough Council"),
]  # fmt: skip
# Kinds of work with their weight, agency and (for a dispersal) hours.
WORK = [
    ("patrol", 30, "Northmoor Police"), ("joint-patrol", 8, "Northmoor Borough Council"),
    ("engagement", 20, "Change Grow Live"), ("safeguarding-referral", 5, "Northmoor Borough Council"),
    ("treatment-referral", 4, "Change Grow Live"), ("disruption", 6, "Northmoor Police"),
    ("arrest", 5, "Northmoor Police"), ("charge", 2, "Northmoor Police"), ("caution", 2, "Northmoor Police"),
    ("restorative-justice", 1, "Probation Service"), ("cpw", 4, "Northmoor Borough Council"),
    ("cpn", 2, "Northmoor Borough Council"), ("fpn", 3, "Northmoor Borough Council"),
    ("cbo", 0.5, "Northmoor Police"), ("injunction", 0.5, "Thirteen Housing"),
    ("dispersal", 2, "Northmoor Police"), ("closure", 0.5, "Northmoor Police"),
    ("target-hardening", 2, "Northmoor Fire and Rescue"), ("community-event", 2, "Neighbourhood Watch"),
    ("other", 1, "Thirteen Housing"),
]  # fmt: skip
WORK_SLOTS = 1_000
OPERATION_SHARE = 0.6  # of interventions; the rest are the wards' routine work
INTERVENTION_END = date(2026, 10, 31)

INSERT_INTERVENTIONS = """
INSERT INTO interventions
WITH base AS (
    SELECT r.range AS n, hash(r.range, $salt) AS h FROM range($rows) r
),
placed AS (
    SELECT b.*, (b.h % 1000000) / 1000000.0 < $operation_share AS of_operation,
        o.operation_id, o.area_id AS op_area, o.started, w.area_id AS ward
    FROM base b
    JOIN g_op_slot o ON o.slot = (b.h >> 8) % $op_slots
    JOIN g_ward_slot w ON w.slot = (b.h >> 8) % $ward_slots
),
drawn AS (
    SELECT p.*, k.kind, k.agency,
        CASE WHEN of_operation THEN started ELSE $first END AS span_start
    FROM placed p JOIN g_work_slot k ON k.slot = (p.h >> 24) % $work_slots
)
SELECT 'iv-' || n AS id,
    span_start + ((h >> 34) % (($end - span_start) + 1))::INTEGER AS occurred,
    'day' AS precision,
    date_trunc('month', span_start + ((h >> 34) % (($end - span_start) + 1))::INTEGER)::DATE AS month,
    CASE WHEN of_operation THEN op_area ELSE ward END AS area_id,
    CASE WHEN of_operation THEN operation_id END AS operation_id,
    kind,
    1 + ((h >> 50) % 4 = 0)::INTEGER * ((h >> 52) % 5)::INTEGER AS count,
    agency,
    CASE WHEN kind IN ('cpw', 'cpn', 'fpn', 'cbo', 'injunction') THEN 'SUBJ-' || lpad(((h >> 40) % 40000)::VARCHAR, 5, '0') END
        AS subject,
    NULL AS outcome,
    CASE WHEN of_operation AND operation_id = 'project-harmony'
         THEN ['clear', 'hold', 'build'][1 + ((h >> 56) % 3)::INTEGER] END AS phase,
    CASE WHEN kind = 'dispersal' THEN [24.0, 36.0, 48.0][1 + ((h >> 58) % 3)::INTEGER] END AS hours
FROM drawn
ORDER BY occurred, n
"""


def insert_operations(
    con: duckdb.DuckDBPyConnection, force: Force, total: int, progress: bool, months: int = MONTHS
) -> None:
    """Six operations over the subareas and 1 intervention per 10 incidents (their own seed)."""
    rng = random.Random(SEED + 1)
    rows, op_slots = [], []
    for op_id, name, started, label, categories, lead in OPERATIONS:
        if label == "town-centre":
            areas = [s[0] for s in force.subareas if s[2] == "town-centre"]
        else:
            areas = [s[0] for s in force.subareas if label in s[6]]
        areas = areas or [force.subareas[rng.randrange(len(force.subareas))][0]]
        rows.append((op_id, name, started, None, areas, categories, lead, f"What {name} set out to do"))
        op_slots += [(op_id, area, started) for area in areas]
    insert_rows(
        con,
        "operations",
        ["id", "name", "started", "ended", "area_ids", "target_categories", "lead_agency", "aims"],
        rows,
    )
    insert_rows(
        con,
        "g_op_slot",
        ["slot", "operation_id", "area_id", "started"],
        [(i, *op_slots[k]) for i, k in enumerate(slots([1.0] * len(op_slots), WORK_SLOTS))],
        temp=True,
    )
    ward_weights = [sum(force.volume[i] for i in w[3]) for w in force.wards]
    insert_rows(
        con,
        "g_ward_slot",
        ["slot", "area_id"],
        [(i, force.wards[k][0]) for i, k in enumerate(slots(ward_weights, WORK_SLOTS))],
        temp=True,
    )
    insert_rows(
        con,
        "g_work_slot",
        ["slot", "kind", "agency"],
        [(i, WORK[k][0], WORK[k][2]) for i, k in enumerate(slots([w[1] for w in WORK], WORK_SLOTS))],
        temp=True,
    )
    con.execute(
        INSERT_INTERVENTIONS,
        {
            "rows": max(100, total // 10),
            "salt": SEED * 104729 + 3,
            "operation_share": OPERATION_SHARE,
            "op_slots": WORK_SLOTS,
            "ward_slots": WORK_SLOTS,
            "work_slots": WORK_SLOTS,
            "first": month_start(0, months),
            "end": INTERVENTION_END,
        },
    )
    if progress:
        print(f"  interventions: {max(100, total // 10):,}", file=sys.stderr, flush=True)


def generate(path: Path, total: int, *, months: int = MONTHS, progress: bool = True) -> None:
    """Build the database at path (replacing any file there), `months` of data to 2026-10.

    Each month is one INSERT computed by DuckDB, under MEMORY_LIMIT (spilling to a folder beside
    the file), so memory stays flat however large the database grows."""
    rng = random.Random(SEED)
    force = Force(rng)
    temp = path.with_name(path.name + ".building")
    for p in (temp, Path(str(temp) + ".wal")):
        p.unlink(missing_ok=True)
    spill = path.with_name(path.name + ".spill")
    con = duckdb.connect(str(temp), config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(spill)})
    try:
        create_schema(
            con,
            meta={
                "title": f"Northmoor Community Safety Partnership (synthetic, {total:,} incidents)",
                "classification": "OFFICIAL-SENSITIVE",
                "as_of": AS_OF.isoformat(),
            },
        )
        load_lookups(con, force, months)
        insert_areas(con, force)
        insert_incidents(con, total, progress, months)
        insert_registers(con, force, total, rng, months)
        insert_operations(con, force, total, progress, months)
        refresh_derived(con)  # what the imports would have kept in step
        con.execute("CHECKPOINT")
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
    Path(str(path) + ".wal").unlink(missing_ok=True)
    os.replace(temp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size", action="append", choices=sorted(SIZES), help="100k, 1m, 10m or 100m (repeatable)"
    )
    parser.add_argument(
        "--out", type=Path, default=OUT, help="folder for db-<size>.duckdb (default bench/out)"
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if the file exists")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for size in args.size or ["100k"]:
        path = args.out / f"db-{size}.duckdb"
        if path.exists() and not args.force:
            print(f"{path} exists (use --force to rebuild)")
            continue
        started = time.perf_counter()
        generate(path, SIZES[size], months=SPAN.get(size, MONTHS))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{path}: {SIZES[size]:,} incidents in {time.perf_counter() - started:.1f} s, "
            f"{path.stat().st_size / 1e6:,.0f} MB, generator peak RSS {peak:,.0f} MB",
            flush=True,
        )
    return 0


def database_path(size: str, out: Path = OUT) -> Path:
    return out / f"db-{size}.duckdb"


if __name__ == "__main__":
    sys.exit(main())
