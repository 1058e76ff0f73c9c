"""What every import kind shares: summaries, rejects, and the SQL that validates rows in bulk.

Each kind validates a file with one vectorised SQL statement over the text read from it
(see `reading`): every check is a `Check` (column, condition, reason), and the first check a
row fails becomes its reject. Row numbers count data rows: row 1 is the first after the header.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

import duckdb

from psg_tui.importing.archive import Member

LSOA_PATTERN = r"[EW]01[0-9]{6}"
WARD_PATTERN = r"[EW]05[0-9]{6}"
# A generous box around England, Wales, Scotland and Northern Ireland.
UK_BOUNDS = {"lat_min": 49.8, "lat_max": 60.95, "lon_min": -8.7, "lon_max": 1.9}
CHECKED = "_psg_import_checked"
FRAME = "_psg_import_frame"
PLACES = "_psg_import_places"
BATCHES = "_psg_import_batches"
SUBJECTS = "_psg_import_subjects"  # interventions: subject values that are not references
DISTRICTS = "_psg_import_districts"  # police.uk: the districts the database's areas are in
TEMP_TABLES = (CHECKED, PLACES, BATCHES, SUBJECTS, DISTRICTS)
# An LSOA's district from its name: 'Stockton-on-Tees 014E' -> 'Stockton-on-Tees'.
DISTRICT_OF = "regexp_replace({}, '\\s*[0-9]{{3}}[A-Z]$', '')"
# A re-import may not leave less than this share of the rows it replaces without --replace.
SHRINK_LIMIT = 0.5
# What an import file is called in the messages that refuse one (a pipe, a device, too large).
IMPORT_FILE = "an import file (CSV or Parquet)"


# Canonical columns whose refused value may identify a person: the rejects file leaves it out.
WITHHELD_COLUMNS = frozenset({"subject"})


class Check(NamedTuple):
    """One check a kind makes on every row, as data: a row for which `condition` (SQL over the
    checked row's columns) is true is rejected, under the file's own name for `column`, with
    `reason` (a SQL expression, so it can quote the value: see `sql_quoted`)."""

    column: str
    condition: str
    reason: str


@dataclass
class Reject:
    """One row that was not stored: `row` is the 1-based data row (the header is not counted)."""

    file: str
    row: int
    column: str
    reason: str
    withheld: bool = False  # the refused value may identify a person: the rejects file leaves it out


@dataclass
class Change:
    """What a file does to the rows of `label`: `before` become `after`.

    `replaces`: the file replaces these rows (a police.uk month, a ward's LSOAs), so fewer
    rows after means rows are lost; otherwise rows are upserted (`new` added, `updated`;
    `unchanged` when the kind compares the stored values, else those count as `updated`).
    """

    label: str
    before: int
    after: int
    replaces: bool = True
    new: int = 0
    updated: int = 0
    unit: str = "row"
    unchanged: int | None = None

    @property
    def shrinks(self) -> bool:
        return self.replaces and self.before > 0 and self.after < self.before * SHRINK_LIMIT

    def describe(self) -> str:
        if self.replaces and self.before == 0:
            return f"{self.label}: new, {counted(self.after, self.unit)}"
        if self.replaces:
            return f"{self.label}: {counted(self.before, self.unit)} → {self.after:,}"
        same = "" if self.unchanged is None else f", {self.unchanged:,} unchanged"
        return (
            f"{self.label}: {counted(self.before, self.unit)} → {self.after:,}"
            f" ({self.new:,} new, {self.updated:,} updated{same})"
        )


@dataclass
class ImportSummary:
    kind: str
    file: str
    read: int
    stored: int
    skipped: int
    rejects: list[Reject]
    warnings: list[str]
    seconds: float
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    lines: int = 0  # data lines in the file (rows for Parquet)
    blank: int = 0  # blank rows
    unit: str = "lines"
    changes: list[Change] = field(default_factory=list)
    accepted: int = 0  # rows that passed every check: stored, unless the file was refused
    # A file of a download (one of several files) none of whose rows can be stored, left out
    # rather than refusing the import: whose rows it holds (police.uk: the force), and why not.
    left_out: str | None = None
    left_out_detail: str = ""

    @property
    def accounting(self) -> str:
        """How the file's data lines add up, e.g. '8 data lines = 2 stored + 6 rejected ...'."""
        kept = "stored" if self.stored == self.accepted else "accepted (not stored)"
        parts = [f"{self.accepted:,} {kept}", f"{len(self.rejects):,} rejected", f"{self.skipped:,} skipped"]
        if self.blank:
            parts.append(f"{self.blank:,} blank")
        extra = self.lines - self.read - self.blank  # lines after the first of rows spanning several
        if extra:
            parts.append(f"{extra:,} more inside rows that span lines")
        return f"{self.lines:,} data {self.unit} = " + " + ".join(parts)


def header_key(name: str) -> str:
    """A header name as it is matched: case and runs of spaces do not count ('CRIME ID', 'crime  id'
    and 'Crime ID' are one column), as a spreadsheet or another tool may have changed them."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Layout:
    """The columns a kind reads: police.uk files must match `exact`; others need `required`."""

    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    exact: tuple[str, ...] | None = None
    # Other header names read as a canonical column (the publisher's spellings), first match wins.
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def names(self, canonical: str) -> tuple[str, ...]:
        """Every header name read as `canonical`: itself, then its aliases."""
        return (canonical, *self.aliases.get(canonical, ()))

    @property
    def canonical(self) -> tuple[str, ...]:
        return self.exact if self.exact else self.required + self.optional


@dataclass
class Source:
    """A file to read, with each canonical column's position in it (None: absent)."""

    path: Path
    kind: str
    header: list[str]
    positions: dict[str, int | None]
    parquet: bool = False
    ignored: list[str] = field(default_factory=list)
    lead: int = 0  # leading columns that are not data: a rejects file's file, row, column, reason
    member: Member | None = None  # read from a zip archive (`path` is the archive's, then the member's)

    @property
    def own_header(self) -> list[str]:
        """The header without a rejects file's leading columns: the columns the kind matched."""
        return self.header[self.lead :]

    def column_label(self, canonical: str) -> str:
        """The column name as the user's file spells it, for reject messages."""
        position = self.positions.get(canonical)
        return self.header[position] if position is not None else canonical


def counted(number: int, word: str = "row") -> str:
    """'1 row', '2,271 rows'."""
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def latest_month(today: date | None = None) -> date:
    """The first day of next month: the latest month a record may fall in (clocks differ a little)."""
    today = today or date.today()
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def text(value: str) -> str:
    """A constant SQL string literal (only for names the code itself chose, never for file data)."""
    return "'" + value.replace("'", "''") + "'"


def sql_trimmed(expr: str) -> str:
    """Trimmed text, with blank as NULL. (trim() on every value costs more than reading the file;
    testing the ends first keeps it to the rare padded value.)"""
    return (
        f"CASE WHEN prefix({expr}, ' ') OR suffix({expr}, ' ') THEN nullif(trim({expr}), '')"
        f" ELSE nullif({expr}, '') END"
    )


def sql_quoted(expr: str) -> str:
    """A value quoted for a reject reason, shortened so a garbage cell cannot flood the report."""
    return f"'''' || left({expr}, 40) || ''''"


def slug_sql(expr: str) -> str:
    """'Parkfield and Oxbridge' -> 'parkfield-and-oxbridge' (accents and apostrophes dropped)."""
    return (
        f"trim(regexp_replace(regexp_replace(lower(strip_accents({expr})), '[''’]', '', 'g'),"
        " '[^a-z0-9]+', '-', 'g'), '-')"
    )


def date_sql(expr: str) -> str:
    """YYYY-MM-DD (or the UK DD/MM/YYYY a spreadsheet writes) as a DATE, else NULL."""
    return (
        f"CASE WHEN regexp_full_match({expr}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN try_cast({expr} AS DATE)"
        f" WHEN regexp_full_match({expr}, '[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}')"
        f" THEN try_strptime({expr}, '%d/%m/%Y')::DATE END"
    )


def list_sql(expr: str) -> str:
    """A ';'-separated cell as a list of trimmed, non-blank items (never NULL)."""
    return (
        f"coalesce(list_filter(list_transform(string_split({expr}, ';'), lambda x: trim(x)), lambda x: x <> ''),"
        " []::VARCHAR[])"
    )


def first_failure(checks: Sequence[Check], *, unless: str | None = None) -> str:
    """A SQL column `_check`: the 1-based number of the first check a row fails, NULL if none.

    Only the number is computed for every row; the column and reason are built for failing rows
    alone (`fetch_rejects`), which keeps validation of a large file to one pass over its conditions.
    """
    guard = f"WHEN {unless} THEN NULL " if unless else ""
    cases = " ".join(f"WHEN {cond} THEN {number}" for number, (_, cond, _) in enumerate(checks, start=1))
    return f"CASE {guard}{cases} END::INTEGER AS _check"


def fetch_rejects(con: duckdb.DuckDBPyConnection, source: Source, checks: Sequence[Check]) -> list[Reject]:
    if not checks:
        return []
    columns = " ".join(f"WHEN {n} THEN {text(column)}" for n, (column, _, _) in enumerate(checks, start=1))
    reasons = " ".join(f"WHEN {n} THEN {reason}" for n, (_, _, reason) in enumerate(checks, start=1))
    rows = con.execute(
        f"SELECT _row, CASE _check {columns} END, CASE _check {reasons} END"
        f" FROM {CHECKED} WHERE _check IS NOT NULL ORDER BY _row"
    ).fetchall()
    name = str(source.path)
    return [
        Reject(name, int(row), source.column_label(column), reason, column in WITHHELD_COLUMNS)
        for row, column, reason in rows
    ]


def drop_temp_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Drop every working table an import makes (temporary, so only this connection has them)."""
    for table in TEMP_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")


def skip_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many checked rows were skipped, by reason (the `_skip` column)."""
    return dict(
        con.execute(
            f"SELECT _skip, count(*) FROM {CHECKED} WHERE _skip IS NOT NULL GROUP BY _skip"
        ).fetchall()
    )


def count(con: duckdb.DuckDBPyConnection, where: str = "true") -> int:
    return int(con.execute(f"SELECT count(*) FROM {CHECKED} WHERE {where}").fetchall()[0][0])


def upsert_change(
    con: duckdb.DuckDBPyConnection,
    table: str,
    key: str,
    checked_key: str,
    good: str,
    *,
    unit: str = "row",
    compare: Sequence[tuple[str, str]] = (),
) -> Change:
    """The rows of `table` now, and how many of the file's good rows are new or replace one (by key).

    `compare` pairs each stored column with the checked table's expression for it: a row whose
    key is stored with every value the same is unchanged, not updated (re-importing a file
    changes nothing, and says so)."""
    pairs = list(enumerate(compare))
    mine = "".join(f", {expr} AS v{i}" for i, (_, expr) in pairs)
    stored = "".join(f", {column} AS v{i}" for i, (column, _) in pairs)
    distinct = f"DISTINCT ON ({checked_key})" if compare else "DISTINCT"
    differs = " OR ".join(f"c.v{i} IS DISTINCT FROM t.v{i}" for i, _ in pairs) or "true"
    before, new, updated, same = con.execute(
        f"SELECT (SELECT count(*) FROM {table}), count(*) FILTER (WHERE t.k IS NULL),"
        f" count(*) FILTER (WHERE t.k IS NOT NULL AND ({differs})),"
        f" count(*) FILTER (WHERE t.k IS NOT NULL AND NOT ({differs}))"
        f" FROM (SELECT {distinct} {checked_key} AS k{mine} FROM {CHECKED} WHERE {good}) c"
        f" LEFT JOIN (SELECT {key} AS k{stored} FROM {table}) t ON t.k = c.k"
    ).fetchall()[0]
    unchanged = int(same) if compare else None
    return Change(table, int(before), int(before) + int(new), False, int(new), int(updated), unit, unchanged)


def row_warnings(
    con: duckdb.DuckDBPyConnection, checks: Iterable[tuple[str, str]], limit: int = 200
) -> list[str]:
    """Per-row warnings for small register files: (condition, SQL message) on stored rows."""
    found: list[str] = []
    for cond, message in checks:
        rows = con.execute(
            f"SELECT _row, {message} FROM {CHECKED} WHERE _check IS NULL AND ({cond}) ORDER BY _row"
        ).fetchall()
        found.extend(f"row {row}: {msg}" for row, msg in rows)
    found.sort(key=lambda w: int(w.split(":", 1)[0].split()[1]))
    if len(found) > limit:
        found = [*found[:limit], f"... and {len(found) - limit} more warnings"]
    return found


KNOWN_AREAS = "(SELECT id AS known_area FROM areas)"
# A CTE `unknown` (_row, unknown_areas): per row of `parsed`, the ids in its `area_ids` list
# that are no area of the database, comma-separated (a register row naming several areas).
UNKNOWN_AREAS = f"""unknown AS (
            SELECT _row, string_agg(area_id, ', ' ORDER BY area_id) AS unknown_areas
            FROM (SELECT _row, unnest(area_ids) AS area_id FROM parsed) u
            LEFT JOIN {KNOWN_AREAS} a ON a.known_area = u.area_id
            WHERE a.known_area IS NULL GROUP BY _row)"""
