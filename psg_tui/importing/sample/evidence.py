"""The sample's population estimates and (illustrative) Indices of Deprivation, written at build time.

- `population.csv` (kind `population`): for each of Stockton's 124 LSOAs (2021), the real
  Census 2021 households (`sample_db/stockton_households_census2021.csv`, ONS table TS041)
  times `PEOPLE_PER_HOUSEHOLD`, rounded: an estimate, not an ONS figure (the borough had about
  196,600 residents in 83,755 households at the 2021 Census, 2.35 a household; 2.3 leaves out
  people in communal establishments). Source column: 'Census 2021 households x 2.3 (estimate)'.
- `imd2019.csv` (kind `imd`), in the published IoD2019 File 1 layout on 2011 LSOAs, so the
  sample's import maps them to 2021 through `lsoa_changes`. The values are ILLUSTRATIVE, not
  the real IMD 2019 (not available offline): each 2019 ward has a plausible decile level
  (`WARD_DECILES`: the Parkfield and Oxbridge, Newtown, Mandale and Victoria and Stockton Town
  Centre LSOAs the most deprived, as Project Harmony's area "features high in the index of
  multiple deprivation"; Ingleby Barwick, Yarm, Eaglescliffe, Hartburn and the parishes the
  least), each LSOA takes one of its ward's deciles by a hash of its code, and its rank is a
  point inside that decile's tenth of England's 32,844 LSOAs, again by the hash: the same
  files every build, no random state.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

PEOPLE_PER_HOUSEHOLD = 2.3
POPULATION_SOURCE = "Census 2021 households x 2.3 (estimate)"
ENGLAND_LSOAS_2011 = 32_844
IMD_HEADER = [
    "LSOA code (2011)",
    "LSOA name (2011)",
    "Local Authority District code (2019)",
    "Local Authority District name (2019)",
    "Index of Multiple Deprivation (IMD) Rank",
    "Index of Multiple Deprivation (IMD) Decile",
]
# Illustrative: the deciles an LSOA of each 2019 ward may take (1 = the most deprived 10%).
WARD_DECILES = {
    "Parkfield and Oxbridge": (1,),
    "Newtown": (1,),
    "Mandale and Victoria": (1, 1, 1, 2),
    "Stockton Town Centre": (1,),
    "Hardwick and Salters Lane": (1, 1, 2),
    "Roseworth": (1, 2, 2),
    "Norton South": (1, 2, 3),
    "Billingham East": (1, 2, 3),
    "Billingham Central": (2, 3, 4),
    "Stainsby Hill": (2, 3, 4),
    "Billingham South": (3, 4, 5),
    "Village": (3, 4, 5),
    "Grangefield": (4, 5, 6),
    "Bishopsgarth and Elm Tree": (4, 5, 6),
    "Norton North": (5, 6, 7),
    "Billingham North": (5, 6, 7),
    "Norton West": (6, 7, 8),
    "Fairfield": (7, 8, 9),
    "Billingham West": (7, 8, 9),
    "Hartburn": (8, 9, 10),
    "Western Parishes": (8, 9, 10),
    "Northern Parishes": (8, 9),
    "Eaglescliffe": (8, 9, 10),
    "Yarm": (8, 9, 10),
    "Ingleby Barwick East": (9, 10),
    "Ingleby Barwick West": (9, 10),
}
DISTRICT = ("E06000004", "Stockton-on-Tees")


def _hash(code: str, salt: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{salt}:{code}".encode()).digest()[:8], "big")


def decile_band(decile: int) -> tuple[int, int]:
    """The ranks of a decile: the LSOAs ranked into ten equal groups."""
    return (decile - 1) * ENGLAND_LSOAS_2011 // 10 + 1, decile * ENGLAND_LSOAS_2011 // 10


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def generate_population(sources: Path, out_dir: Path) -> Path:
    households = _read(sources / "stockton_households_census2021.csv")
    path = out_dir / "population.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["lsoa", "population", "year", "source"])
        for row in households:
            people = round(int(row["Observation"]) * PEOPLE_PER_HOUSEHOLD)
            writer.writerow([row["Lower layer Super Output Areas Code"], people, 2021, POPULATION_SOURCE])
    return path


def generate_imd(sources: Path, out_dir: Path) -> Path:
    lookup = _read(sources / "stockton_lsoa_to_ward.csv")
    path = out_dir / "imd2019.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(IMD_HEADER)
        for row in lookup:
            code = row["LSOA11CD"]
            choices = WARD_DECILES[row["WD19NM"]]
            decile = choices[_hash(code, "decile") % len(choices)]
            low, high = decile_band(decile)
            rank = low + _hash(code, "rank") % (high - low + 1)
            writer.writerow([code, row["LSOA11NM"], *DISTRICT, rank, decile])
    return path
