"""Generates the Stockton-on-Tees sample's incident files from one real police.uk month.

Everything is drawn from `sample_db/`: the real Stockton rows of August 2021 give every
location, coordinate, LSOA, the category mix per ward and the outcome mix, so repeat
locations are real police.uk snap points. On top of that come seasonality, noise and
three deliberate trends a chair should spot (see `sample_db/README.md`). The output is
the formats analysts get (police.uk monthly CSVs, local extract CSVs, a breach register),
so the sample goes through the same importers as real data. Deterministic: one
`random.Random(seed)`, sorted iteration, no wall-clock.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from psg_tui.core.paths import sample_sources_dir
from psg_tui.importing.sample.evidence import generate_imd, generate_population
from psg_tui.importing.sample.interventions import generate_interventions
from psg_tui.importing.sample.outcomes import generate_outcomes_and_searches

POLICE_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]  # fmt: skip
INCIDENT_HEADER = [
    "id", "occurred", "category", "area", "lsoa_code", "location", "latitude", "longitude",
    "outcome", "operation", "source",
]  # fmt: skip
BREACH_HEADER = ["id", "pspo", "occurred", "area", "location", "prohibition", "outcome"]

FORCE = "Cleveland Police"
FIRST_MONTH = (2023, 11)
MONTHS = 36  # 2023-11 .. 2026-10
CALIBRATION_FILE = "police_uk_stockton_2021-08.csv"
CALIBRATION_MONTH = 8
ASB = "Anti-social behaviour"
TOWN_CENTRE, PARKFIELD = "stockton-town-centre", "parkfield-and-oxbridge"
HIGH_STREET, HARMONY, VICTORIA = "stockton-high-street", "parkfield-oxbridge-harmony", "thornaby-victoria"
SHIELD_START = 19  # month index of 2025-06: Operation Shield begins in the town centre
HARMONY_CLEAR = 28  # month index of 2026-03: Project Harmony's clear phase begins
BEECH_MONTH = 26  # month index of 2026-01: Operation Beech begins on the 20th (sample_db/operations.csv)
# The incident extracts name the operation a sex-work report came under (only the label: the
# counts drawn are unchanged, so every screen of the sample looks as it did).
NIGHTFALL_START, BEECH_START = "2024-04-08", "2026-01-20"

# Seasonal factors, January to December (summer ASB and violence, Bonfire Night damage, Christmas
# shoplifting, dark-night burglary). Categories not listed are flat.
SEASON: dict[str, tuple[float, ...]] = {
    ASB: (0.80, 0.80, 0.90, 1.00, 1.10, 1.20, 1.25, 1.20, 1.00, 1.12, 1.18, 0.80),
    "Violence and sexual offences": (0.92, 0.88, 0.95, 0.98, 1.05, 1.08, 1.10, 1.08, 1.00, 1.00, 0.98, 1.05),
    "Criminal damage and arson": (0.90, 0.88, 0.95, 1.00, 1.05, 1.05, 1.05, 1.05, 0.98, 1.22, 1.35, 0.92),
    "Shoplifting": (0.95, 0.92, 0.95, 0.95, 1.00, 1.00, 0.98, 1.00, 1.00, 1.05, 1.12, 1.30),
    "Burglary": (1.15, 1.05, 0.95, 0.90, 0.85, 0.85, 0.90, 0.90, 0.95, 1.05, 1.15, 1.20),
    "Public order": (0.90, 0.88, 0.95, 1.00, 1.05, 1.10, 1.12, 1.10, 1.00, 1.00, 1.00, 1.05),
    "Street drinking": (0.70, 0.70, 0.85, 1.00, 1.20, 1.35, 1.40, 1.35, 1.10, 0.90, 0.80, 0.90),
    "Begging": (1.05, 0.95, 0.90, 0.90, 0.95, 0.95, 0.95, 0.95, 0.95, 1.00, 1.15, 1.40),
    "Fly-tipping": (0.75, 0.75, 0.95, 1.15, 1.25, 1.20, 1.15, 1.15, 1.05, 0.95, 0.85, 0.80),
    "On-street sex work": (0.85, 0.85, 0.95, 1.00, 1.05, 1.10, 1.10, 1.10, 1.05, 1.00, 0.95, 0.90),
}

# Local extract categories: (source, mean per month, [(LSOA group, weight)], outcomes).
EXTRACTS: dict[str, tuple[str, float, list[tuple[str, float]], list[tuple[str, float]]]] = {
    "Street drinking": (
        "council-asb", 17.0,
        [(HIGH_STREET, 0.62), (TOWN_CENTRE, 0.12), (HARMONY, 0.12), (VICTORIA, 0.08), ("norton-south", 0.06)],
        [("Alcohol surrendered", 0.45), ("Words of advice", 0.25), ("Community protection warning", 0.1),
         ("Referred to Change Grow Live", 0.1), ("No trace", 0.1)],
    ),
    "Begging": (
        "council-asb", 9.0,
        [(HIGH_STREET, 0.78), (TOWN_CENTRE, 0.1), (HARMONY, 0.12)],
        [("Words of advice", 0.4), ("Referred to outreach", 0.3), ("No trace", 0.2),
         ("Community protection warning", 0.1)],
    ),
    "On-street sex work": (
        "partner-log", 8.0,
        [(HARMONY, 0.8), (TOWN_CENTRE, 0.12), (VICTORIA, 0.08)],
        [("Referred to A Way Out", 0.4), ("Welfare check", 0.3), ("Intelligence logged", 0.2),
         ("Kerb-crawler warning letter", 0.1)],
    ),
    "Fly-tipping": (
        "council-asb", 20.0,
        [("*", 1.0)],
        [("Cleared", 0.6), ("No evidence", 0.25), ("Investigation ongoing", 0.07),
         ("Fixed penalty notice issued", 0.08)],
    ),
}  # fmt: skip

# PSPO breaches: mean per month before and after the local enforcement push began.
BREACH_RATES: dict[str, tuple[float, float, int]] = {
    "PSPO-2021-TC": (4.5, 4.5, MONTHS),
    "PSPO-2024-TC": (4.5, 7.5, SHIELD_START),
    "PSPO-2024-PO": (2.0, 4.5, HARMONY_CLEAR),
    "PSPO-2025-TV": (1.2, 1.2, MONTHS),
}
BREACH_OUTCOMES = [
    ("advice", 0.3),
    ("warning", 0.28),
    ("fpn-issued", 0.2),
    ("fpn-paid", 0.15),
    ("prosecution", 0.07),
]


def slugify(name: str) -> str:
    """Area ids as the ONS import makes them: 'Parkfield and Oxbridge' -> 'parkfield-and-oxbridge'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def month_list() -> list[tuple[int, int]]:
    year, month = FIRST_MONTH
    index = year * 12 + month - 1
    return [((index + i) // 12, (index + i) % 12 + 1) for i in range(MONTHS)]


@dataclass
class Calibration:
    """What the real month and the sample's own registers say, indexed for drawing."""

    rows: list[dict[str, str]]
    ward_of: dict[str, str]  # LSOA code -> ward area id
    by_ward: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    by_ward_cat: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    by_lsoa: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    hotspot_lsoas: dict[str, list[str]] = field(default_factory=dict)
    pspos: list[dict[str, str]] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        return sorted({r["Crime type"] for r in self.rows})

    def lsoas_of(self, area: str) -> list[str]:
        """LSOAs (with real rows) of a hotspot, of a ward outside its hotspots, or '*': the borough."""
        if area == "*":
            codes = sorted(self.by_lsoa)
        elif area in self.hotspot_lsoas:
            codes = self.hotspot_lsoas[area]
        else:
            in_hotspots = {c for codes in self.hotspot_lsoas.values() for c in codes}
            codes = sorted(c for c, w in self.ward_of.items() if w == area and c not in in_hotspots)
        return [c for c in codes if c in self.by_lsoa]


def load_calibration(sources: Path) -> Calibration:
    with open(sources / "stockton_lsoa_to_ward.csv", newline="", encoding="utf-8") as f:
        ward_of = {r["LSOA11CD"]: slugify(r["WD19NM"]) for r in csv.DictReader(f)}
    with open(sources / CALIBRATION_FILE, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    cal = Calibration(rows=rows, ward_of=ward_of)
    for row in rows:
        ward = ward_of[row["LSOA code"]]
        cal.by_ward.setdefault(ward, []).append(row)
        cal.by_ward_cat.setdefault((ward, row["Crime type"]), []).append(row)
        cal.by_lsoa.setdefault(row["LSOA code"], []).append(row)
    with open(sources / "area_lsoas.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            cal.hotspot_lsoas.setdefault(r["area_id"], []).append(r["lsoa_code"])
    with open(sources / "pspos.csv", newline="", encoding="utf-8") as f:
        cal.pspos = list(csv.DictReader(f))
    return cal


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def season(category: str, month: int) -> float:
    return SEASON.get(category, (1.0,) * 12)[month - 1]


def police_trend(ward: str, category: str, index: int) -> float:
    """The visible police.uk trends: town-centre shoplifting up, Parkfield ASB down after 'clear'."""
    if ward == TOWN_CENTRE and category == "Shoplifting" and index >= MONTHS - 12:
        return 1.0 + (index - (MONTHS - 13)) * 0.1
    if ward == PARKFIELD and category == ASB:
        if index < HARMONY_CLEAR:
            return 1.0 + 0.25 * index / (HARMONY_CLEAR - 1)
        return 1.25 * 0.87 ** (index - HARMONY_CLEAR + 1)
    return 1.0


def extract_trend(category: str, area_group: str, index: int) -> float:
    """Town-centre street drinking falls once Operation Shield starts."""
    if category == "Street drinking" and area_group == HIGH_STREET and index >= SHIELD_START:
        return max(0.35, 0.65 - (index - SHIELD_START) * 0.04)
    return 1.0


def outcome_mixes(cal: Calibration) -> dict[str, list[tuple[str, int]]]:
    """Outcome mix per crime category from the real rows; small categories share the overall mix."""
    overall: Counter[str] = Counter()
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for row in cal.rows:
        if row["Crime type"] != ASB:
            overall[row["Last outcome category"]] += 1
            per[row["Crime type"]][row["Last outcome category"]] += 1
    mixes = {}
    for category in cal.categories:
        counts = per[category] if sum(per[category].values()) >= 20 else overall
        mixes[category] = sorted(counts.items())
    return mixes


def generate_police(cal: Calibration, rng: random.Random, out: Path, seed: int) -> list[Path]:
    categories = cal.categories
    share = Counter(r["Crime type"] for r in cal.rows)
    total = len(cal.rows)
    base: dict[tuple[str, str], float] = {}
    for ward in sorted(cal.by_ward):
        ward_total = len(cal.by_ward[ward])
        for category in categories:
            real = len(cal.by_ward_cat.get((ward, category), []))
            smoothed = 0.85 * real + 0.15 * ward_total * share[category] / total
            base[ward, category] = smoothed / season(category, CALIBRATION_MONTH)
    mixes = outcome_mixes(cal)
    under_investigation = {0: 0.55, 1: 0.35, 2: 0.2, 3: 0.1}
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for index, (year, month) in enumerate(month_list()):
        label = f"{year:04d}-{month:02d}"
        recent = under_investigation.get(MONTHS - 1 - index, 0.0)
        rows = []
        for ward in sorted(cal.by_ward):
            ward_noise = rng.lognormvariate(0, 0.06)
            for category in categories:
                lam = base[ward, category] * season(category, month) * police_trend(ward, category, index)
                for _ in range(poisson(rng, lam * ward_noise)):
                    same = cal.by_ward_cat.get((ward, category))
                    src = rng.choice(same if same and rng.random() < 0.8 else cal.by_ward[ward])
                    if category == ASB:
                        outcome = ""
                    elif rng.random() < recent:
                        outcome = "Under investigation"
                    else:
                        outcome = weighted(rng, mixes[category])
                    rows.append([src["Longitude"], src["Latitude"], src["Location"], src["LSOA code"],
                                 src["LSOA name"], category, outcome])  # fmt: skip
        rng.shuffle(rows)
        path = out / f"{label}-cleveland-street.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(POLICE_HEADER)
            for n, (lon, lat, location, code, name, category, outcome) in enumerate(rows):
                crime_id = "" if category == ASB else _crime_id(seed, label, n)
                writer.writerow(
                    [crime_id, label, FORCE, FORCE, lon, lat, location, code, name, category, outcome, ""]
                )
        files.append(path)
    return files


def _crime_id(seed: int, label: str, n: int) -> str:
    return hashlib.sha256(f"psg-sample:{seed}:{label}:{n}".encode()).hexdigest()


def _place(cal: Calibration, rng: random.Random, group: str) -> dict[str, str]:
    return rng.choice(cal.by_lsoa[rng.choice(cal.lsoas_of(group))])


def _operation(category: str, group: str, index: int, day: str) -> str:
    if group == HIGH_STREET and category in ("Street drinking", "Begging") and index >= SHIELD_START:
        return "Operation Shield"
    if category == "On-street sex work" and group == HARMONY:
        return (
            "Operation Beech"
            if day >= BEECH_START
            else "Operation Nightfall"
            if day >= NIGHTFALL_START
            else ""
        )
    return ""


def generate_extracts(cal: Calibration, rng: random.Random, out: Path) -> list[Path]:
    """Council ASB and partner-log extracts with day-level dates, for categories police.uk lacks."""
    rows: dict[str, list[list[str]]] = {"council-asb": [], "partner-log": []}
    for index, (year, month) in enumerate(month_list()):
        days = calendar.monthrange(year, month)[1]
        for category, (source, mean, groups, outcomes) in EXTRACTS.items():
            for group, weight in groups:
                lam = mean * weight * season(category, month) * extract_trend(category, group, index)
                for _ in range(poisson(rng, lam)):
                    day = date(year, month, rng.randint(1, days)).isoformat()
                    place = _place(cal, rng, group)
                    row_source = "partner-log" if category == "Begging" and rng.random() < 0.3 else source
                    if category == "On-street sex work" and group == HARMONY and rng.random() < 0.15:
                        # Outreach logs often name the beat, not a street.
                        where = [HARMONY, "", "", "", ""]
                    else:
                        code = place["LSOA code"]
                        where = [
                            cal.ward_of[code],
                            code,
                            place["Location"],
                            place["Latitude"],
                            place["Longitude"],
                        ]
                    outcome = weighted(rng, outcomes)
                    rows[row_source].append(
                        [day, category, *where, outcome, _operation(category, group, index, day)]
                    )
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for source, prefix in (("council-asb", "CASB"), ("partner-log", "PL")):
        path = out / f"{source}.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(INCIDENT_HEADER)
            per_year: Counter[str] = Counter()
            for row in sorted(rows[source]):
                per_year[row[0][:4]] += 1
                writer.writerow([f"{prefix}-{row[0][:4]}-{per_year[row[0][:4]]:05d}", *row, source])
        files.append(path)
    return files


def generate_breaches(cal: Calibration, rng: random.Random, out: Path) -> Path:
    """PSPO breaches inside each PSPO's dates, at its prohibitions, in the areas it covers."""
    records = []
    for pspo in cal.pspos:
        made, expires = date.fromisoformat(pspo["made"]), date.fromisoformat(pspo["expires"])
        prohibitions = pspo["prohibitions"].split(";")
        weights = [0.55, 0.25, 0.12, 0.08][: len(prohibitions)]
        areas = pspo["areas"].split(";")
        hotspot = next(a for a in areas if a in cal.hotspot_lsoas)
        wards = [a for a in areas if a not in cal.hotspot_lsoas]
        before, after, change = BREACH_RATES[pspo["id"]]
        for index, (year, month) in enumerate(month_list()):
            first = max(made, date(year, month, 1))
            last = min(expires, date(year, month, calendar.monthrange(year, month)[1]))
            if first > last:
                continue
            share = (last.day - first.day + 1) / calendar.monthrange(year, month)[1]
            rate = (before if index < change else after) * season("Street drinking", month) ** 0.5
            for _ in range(poisson(rng, rate * share)):
                day = date(year, month, rng.randint(first.day, last.day))
                group = hotspot if rng.random() < 0.85 else rng.choice(wards)
                place = _place(cal, rng, group)
                area = (
                    hotspot
                    if place["LSOA code"] in cal.hotspot_lsoas[hotspot]
                    else cal.ward_of[place["LSOA code"]]
                )
                prohibition = rng.choices(prohibitions, weights=weights)[0]
                outcome = weighted(rng, BREACH_OUTCOMES)
                records.append([day.isoformat(), pspo["id"], area, place["Location"], prohibition, outcome])
    path = out / "pspo_breaches.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(BREACH_HEADER)
        for n, (when, pspo_id, area, location, prohibition, outcome) in enumerate(sorted(records), start=1):
            writer.writerow([f"BR-{n:05d}", pspo_id, when, area, location, prohibition, outcome])
    return path


def generate_sources(
    out_dir: Path, *, seed: int = 2026, sources: Path | None = None
) -> dict[str, list[Path]]:
    """Write the generated sample sources into out_dir; returns import kind -> files written."""
    out_dir = Path(out_dir)
    cal = load_calibration(Path(sources) if sources else sample_sources_dir())
    rng = random.Random(seed)
    folder = Path(sources) if sources else sample_sources_dir()
    first = date(*FIRST_MONTH, 1)
    street = generate_police(cal, rng, out_dir / "police_uk", seed)
    return {
        "police-uk": street,
        # Their own generator, drawn from the street files, so nothing above moves.
        **generate_outcomes_and_searches(street, random.Random(seed + 2), out_dir / "police_uk"),
        "incidents": generate_extracts(cal, rng, out_dir / "incidents"),
        "pspo-breaches": [generate_breaches(cal, rng, out_dir)],
        # Its own generator, so the work done never moves the incidents drawn above.
        "interventions": [generate_interventions(folder, random.Random(seed + 1), out_dir, first)],
        # Derived from the real households and the ward lookup, with no random state.
        "population": [generate_population(folder, out_dir)],
        "imd": [generate_imd(folder, out_dir)],
    }
