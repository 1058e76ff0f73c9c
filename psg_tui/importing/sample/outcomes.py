"""The sample's police.uk outcomes and stop-and-search files, drawn from its street files.

Written for the last OUTCOME_MONTHS months only (enough for the latest period and the same
months a year before), from their own `random.Random`, so the street files stay as they were.

- **Outcomes**: each crime of those months is 'Under investigation' in the month it was
  published, then reaches its street row's last outcome 0 to 5 months later (a charge first for
  those that went to court), when that month is still in the sample; a crime of the latest
  months may have no outcome yet, as in a real download.
- **Stop and search**: searches on the street rows' map points (so the importer places them
  through those rows), a few on points no street row shares (counted as not placed), with the
  objects, outcomes and links to the object that police.uk files show.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from psg_tui.importing.kinds.columns import POLICE_UK_OUTCOMES_COLUMNS, POLICE_UK_STOP_SEARCH_COLUMNS

OUTCOME_MONTHS = 15
FORCE = "Cleveland Police"
COURT = ("Awaiting court outcome", "Court result unavailable")
OBJECTS = (
    ("Controlled drugs", 0.62, "Misuse of Drugs Act 1971 (section 23)"),
    ("Offensive weapons", 0.14, "Police and Criminal Evidence Act 1984 (section 1)"),
    ("Stolen goods", 0.12, "Police and Criminal Evidence Act 1984 (section 1)"),
    ("Article for use in theft", 0.07, "Police and Criminal Evidence Act 1984 (section 1)"),
    ("Evidence of offences under the Act", 0.05, "Misuse of Drugs Act 1971 (section 23)"),
)
OUTCOMES = (
    ("A no further action disposal", 0.68),
    ("Arrest", 0.14),
    ("Community resolution", 0.10),
    ("Penalty Notice for Disorder", 0.03),
    ("Summons / charged by post", 0.03),
    ("Caution (simple or conditional)", 0.02),
)
AGES = (("18-24", 0.38), ("25-34", 0.3), ("10-17", 0.14), ("over 34", 0.18))


def _pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def generate_outcomes_and_searches(
    street_files: list[Path], rng: random.Random, out: Path
) -> dict[str, list[Path]]:
    """Outcomes and stop-and-search files for the last OUTCOME_MONTHS of `street_files` (one a
    month, named as police.uk names them)."""
    out.mkdir(parents=True, exist_ok=True)
    months = [p.name[:7] for p in street_files]
    recent = street_files[-OUTCOME_MONTHS:]
    events: dict[str, list[list[str]]] = {m: [] for m in months[-OUTCOME_MONTHS:]}
    searches: dict[str, list[list[str]]] = {m: [] for m in months[-OUTCOME_MONTHS:]}
    for path in recent:
        label = path.name[:7]
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        place = ["Longitude", "Latitude", "Location", "LSOA code", "LSOA name"]
        for row in rows:
            if not row["Crime ID"]:
                continue
            if label in months[-2:] and rng.random() < 0.2:
                continue  # not yet in an outcomes file: the panel says so
            where = [row[c] for c in place]
            first = [row["Crime ID"], label, FORCE, FORCE, *where]
            events[label].append([*first, "Under investigation"])
            final = row["Last outcome category"]
            if final in ("", "Under investigation"):
                continue
            later = months.index(label) + min(int(rng.expovariate(0.7)), 5)
            if later >= len(months):
                continue
            if final in COURT:
                charged = months[max(months.index(label), later - 2)]
                events[charged].append([row["Crime ID"], charged, FORCE, FORCE, *where, "Suspect charged"])
            events[months[later]].append([row["Crime ID"], months[later], FORCE, FORCE, *where, final])
        points = [(r["Latitude"], r["Longitude"]) for r in rows]
        for n in range(rng.randint(90, 140)):
            lat, lon = rng.choice(points)
            if n % 25 == 0:  # a point no street row shares: not placed
                lat, lon = f"{float(lat) + 0.0007:.6f}", f"{float(lon) - 0.0009:.6f}"
            obj = _pick(rng, tuple((o, w) for o, w, _ in OBJECTS))
            law = next(law for o, _, law in OBJECTS if o == obj)
            outcome = _pick(rng, OUTCOMES)
            linked = "" if outcome == "A no further action disposal" else str(rng.random() < 0.7)
            day, hour, minute = rng.randint(1, 28), rng.randint(0, 23), rng.choice((0, 15, 30, 45))
            searches[label].append(
                [
                    rng.choices(["Person search", "Person and Vehicle search"], weights=[0.85, 0.15])[0],
                    f"{label}-{day:02d}T{hour:02d}:{minute:02d}:00+00:00",
                    "False",
                    "",
                    lat,
                    lon,
                    rng.choices(["Male", "Female"], weights=[0.88, 0.12])[0],
                    _pick(rng, AGES),
                    "",
                    rng.choices(["White", "Asian", "Black", "Other"], weights=[0.9, 0.05, 0.03, 0.02])[0],
                    law,
                    obj,
                    outcome,
                    linked,
                    "False",
                ]
            )
    written: dict[str, list[Path]] = {"police-uk-outcomes": [], "police-uk-stop-and-search": []}
    for label in events:
        written["police-uk-outcomes"].append(
            _write(out / f"{label}-cleveland-outcomes.csv", POLICE_UK_OUTCOMES_COLUMNS, events[label])
        )
        written["police-uk-stop-and-search"].append(
            _write(
                out / f"{label}-cleveland-stop-and-search.csv", POLICE_UK_STOP_SEARCH_COLUMNS, searches[label]
            )
        )
    return written


def _write(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path
