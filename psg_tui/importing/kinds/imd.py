"""English Indices of Deprivation by LSOA (`imd`), stored against 2021 LSOA codes.

Read as published: File 1 (`LSOA code (2011)`, `Index of Multiple Deprivation (IMD) Rank`,
`... Decile`) or File 7 (`... Rank (where 1 is most deprived)`, `... Decile (where 1 is most
deprived 10% of LSOAs)`), or a plain `lsoa_code,imd_rank,imd_decile` CSV. The edition comes
from the code column: 2011 codes (`LSOA code (2011)`, `LSOA11CD`) are IoD2019's, so 2019; 2021
codes (`LSOA code (2021)`, `LSOA21CD`, plain `lsoa_code`) are IoD2025's, so 2025. An `edition`
column (2019 or 2025) overrides it row by row.

2011 codes are mapped to 2021 through `lsoa_changes` (the ONS lookup, which must be imported
first: a 2011-coded file is refused before anything is written when it is empty, and a code
the lookup does not hold is rejected). Each 2021 LSOA takes its value from the 2011 LSOAs it
came from (its predecessors in the lookup):

- U (unchanged) and S (a 2011 LSOA split into several): one predecessor, whose rank and decile
  every 2021 part takes. The deprivation was measured on the whole 2011 LSOA, so its parts
  share it.
- M (several merged into one) and X (irregular): several predecessors. The 2021 LSOA gets the
  mean of their ranks (rounded), and the decile that mean rank falls in, read from the file's
  own rank-to-decile boundaries (the decile of the file's highest rank at or below it; exact
  with the national file, and the predecessors' common decile whenever they agree). Nothing
  is invented: `published_code` lists the predecessors, and the summary warns for every merge
  whose predecessors' deciles disagree and for every irregular change, naming the parts and
  their deciles, so an analyst can check the few that matter.
- A 2021 LSOA some of whose predecessors the file lacks (a file cut to one district at its
  edge) is stored from those it has, with a warning.

Rank 1 and decile 1 are the most deprived. Upserted by (2021 code, edition).
"""

from __future__ import annotations

import duckdb

from psg_tui.core.errors import DataError
from psg_tui.importing.common import (
    CHECKED,
    Change,
    Check,
    Layout,
    Source,
    count,
    first_failure,
    sql_quoted,
    sql_trimmed,
)
from psg_tui.importing.contract import Kind, Options, Prepared, checked_file
from psg_tui.importing.kinds.columns import IMD_LSOA_2011, IMD_LSOA_2021
from psg_tui.importing.kinds.population import lsoa_check, not_whole, number_sql, too_large
from psg_tui.importing.reading import materialize

EDITIONS = (2019, 2025)
WARNING_LIMIT = 200
# A rank is a position among England's LSOAs (33,755 in 2021): anything past this is no rank.
MAX_RANK = 1_000_000


def codes_are_2011(source: Source) -> bool:
    """Whether the file's LSOA column holds 2011 codes (its header says so)."""
    position = source.positions.get("lsoa_code")
    name = source.header[position].strip().lower() if position is not None else ""
    return name in {n.lower() for n in IMD_LSOA_2011} or "2011" in name or "11cd" in name


def check_sources(con: duckdb.DuckDBPyConnection, sources: list[Source], options: Options) -> None:
    """Before anything is written: a file on 2011 LSOAs needs the 2011 -> 2021 lookup."""
    if not any(codes_are_2011(s) for s in sources):
        return
    if con.execute("SELECT count(*) FROM lsoa_changes").fetchall()[0][0]:
        return
    first = next(s for s in sources if codes_are_2011(s))
    position = first.positions["lsoa_code"]
    column = first.header[position] if position is not None else "lsoa_code"
    raise DataError(
        f"{first.path} is on 2011 LSOAs (column '{column}'), but this database has no LSOA 2011 -> 2021 "
        "lookup to map them with, so nothing was imported.",
        "Import the ONS lookup first: `psg db import DB lsoa-changes LSOA11_LSOA21_LOOKUP.csv` "
        "(columns LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND), then this file again.",
    )


EDITIONS_SQL = ", ".join(str(e) for e in EDITIONS)


def imd_checks(old_codes: bool) -> list[Check]:
    """The checks on an IMD file's rows; a file on 2011 LSOAs needs each in the lookup."""
    checks = [
        lsoa_check("lsoa_code", "lsoa_code", "LSOA code"),
        Check(
            "imd_rank",
            f"{not_whole('rank_num')} OR rank_num < 1",
            f"'IMD rank ' || coalesce({sql_quoted('rank_text')}, 'blank') || ' is not a whole number from 1'",
        ),
        too_large("imd_rank", "rank_num", "rank_text", "IMD rank", MAX_RANK),
        Check(
            "imd_decile",
            f"{not_whole('decile_num')} OR decile_num NOT BETWEEN 1 AND 10",
            f"'IMD decile ' || coalesce({sql_quoted('decile_text')}, 'blank') || ' is not a whole number from 1 to 10'",
        ),
        Check(
            "edition",
            f"edition_text IS NOT NULL AND coalesce(edition_num NOT IN ({EDITIONS_SQL}), true)",
            f"'edition ' || {sql_quoted('edition_text')} || ' is not one of {EDITIONS_SQL}'",
        ),
        Check(
            "lsoa_code",
            "first_row < _row",
            "'LSOA listed again for edition ' || edition || ' (first on row ' || first_row || ')'",
        ),
    ]
    if old_codes:
        checks.append(
            Check(
                "lsoa_code",
                "lsoa_code NOT IN (SELECT lsoa11_code FROM lsoa_changes)",
                f"'LSOA ' || {sql_quoted('lsoa_code')} || ' is not a 2011 LSOA of the 2011 -> 2021 lookup"
                " (lsoa_changes): import the whole ONS lookup'",
            )
        )
    return checks


def imd_select(checks: list[Check], default: int) -> str:
    """The checked rows: `default` is the edition of rows whose edition column is blank."""
    return f"""
        , parsed AS (
            SELECT _row, upper({sql_trimmed("lsoa_code")}) AS lsoa_code, {sql_trimmed("imd_rank")} AS rank_text,
                {number_sql(sql_trimmed("imd_rank"))} AS rank_num, {sql_trimmed("imd_decile")} AS decile_text,
                {number_sql(sql_trimmed("imd_decile"))} AS decile_num, {sql_trimmed("edition")} AS edition_text,
                {number_sql(sql_trimmed("edition"))} AS edition_num
            FROM src),
        typed AS (
            SELECT *, CASE WHEN edition_text IS NULL THEN {default}
                           WHEN edition_num IN ({EDITIONS_SQL}) THEN edition_num::INTEGER END AS edition,
                CASE WHEN rank_num BETWEEN 1 AND {MAX_RANK} THEN rank_num::INTEGER END AS imd_rank,
                CASE WHEN decile_num BETWEEN 1 AND 10 THEN decile_num::INTEGER END AS imd_decile
            FROM parsed)
        SELECT *, {first_failure(checks)}
        FROM (SELECT *, min(_row) OVER (PARTITION BY lsoa_code, edition) AS first_row FROM typed)
    """


def prepare_imd(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    old_codes = codes_are_2011(source)
    checks = imd_checks(old_codes)
    rows = materialize(con, source, imd_select(checks, 2019 if old_codes else 2025), options.progress)
    mapped = Mapped(_mapped_sql(old_codes))
    warnings = _warnings(con, mapped.sql)
    if not old_codes:
        warnings[:0] = _retired_codes(con)
    return checked_file(con, source, checks, rows, mapped.apply, mapped.changes, warnings)


def _retired_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """A file read as on 2021 LSOAs that holds 2011 codes the lookup replaced: said, with the first few."""
    retired, codes = con.execute(
        f"SELECT count(*), list(lsoa_code ORDER BY _row)[:5] FROM {CHECKED} WHERE _check IS NULL"
        " AND lsoa_code IN (SELECT lsoa11_code FROM lsoa_changes)"
        " AND lsoa_code NOT IN (SELECT lsoa21_code FROM lsoa_changes)"
    ).fetchall()[0]
    if not retired:
        return []
    return [
        f"{retired:,} LSOA code(s) read as 2021 codes are 2011 codes the lookup replaced "
        f"({', '.join(codes)}): if the file is on 2011 LSOAs, rename its column LSOA11CD "
        "or 'LSOA code (2011)' so they are mapped"
    ]


class Mapped:
    """The rows to store (`sql`: one per 2021 LSOA and edition), written and compared."""

    def __init__(self, sql: str) -> None:
        self.sql = sql

    def apply(self, con: duckdb.DuckDBPyConnection) -> int:
        con.execute(
            "INSERT OR REPLACE INTO imd (lsoa_code, edition, published_code, imd_rank, imd_decile)"
            f" SELECT lsoa21_code, edition, published_code, imd_rank, imd_decile FROM ({self.sql})"
        )
        return count(con, "_check IS NULL")

    def changes(self, con: duckdb.DuckDBPyConnection) -> list[Change]:
        before, new, updated = con.execute(
            "SELECT (SELECT count(*) FROM imd), count(*) FILTER (WHERE i.lsoa_code IS NULL),"
            " count(*) FILTER (WHERE i.lsoa_code IS NOT NULL)"
            f" FROM ({self.sql}) m LEFT JOIN imd i ON i.lsoa_code = m.lsoa21_code AND i.edition = m.edition"
        ).fetchall()[0]
        return [Change("imd", before, before + new, False, new, updated, "LSOA")]


def _mapped_sql(old_codes: bool) -> str:
    """The rows to store, one per (2021 LSOA, edition), from the file's good rows."""
    good = f"SELECT lsoa_code, edition, imd_rank, imd_decile FROM {CHECKED} WHERE _check IS NULL"
    if not old_codes:
        return (
            "SELECT lsoa_code AS lsoa21_code, edition, lsoa_code AS published_code, imd_rank, imd_decile,"
            " 1 AS present, 1 AS predecessors, false AS irregular, false AS disagree, '' AS parts"
            f" FROM ({good})"
        )
    return f"""
        WITH good AS ({good}),
        links AS (SELECT g.*, c.lsoa21_code, c.change FROM good g JOIN lsoa_changes c ON c.lsoa11_code = g.lsoa_code),
        preds AS (SELECT lsoa21_code, count(DISTINCT lsoa11_code) AS predecessors FROM lsoa_changes GROUP BY 1),
        merged AS (
            SELECT l.lsoa21_code, l.edition, count(*) AS present, any_value(p.predecessors) AS predecessors,
                string_agg(l.lsoa_code, ';' ORDER BY l.lsoa_code) AS published_code,
                round(avg(l.imd_rank))::INTEGER AS imd_rank, min(l.imd_decile) AS low, max(l.imd_decile) AS high,
                bool_or(l.change = 'X') AS irregular,
                string_agg(l.lsoa_code || ' (decile ' || l.imd_decile || ')', ', ' ORDER BY l.lsoa_code) AS parts
            FROM links l JOIN preds p USING (lsoa21_code) GROUP BY l.lsoa21_code, l.edition)
        SELECT lsoa21_code, edition, published_code, imd_rank,
            CASE WHEN low = high THEN low
                 ELSE (SELECT arg_max(g.imd_decile, g.imd_rank) FROM good g
                       WHERE g.edition = m.edition AND g.imd_rank <= m.imd_rank) END AS imd_decile,
            present, predecessors, irregular, low <> high AS disagree, parts
        FROM merged m
    """


def _warnings(con: duckdb.DuckDBPyConnection, mapped: str) -> list[str]:
    found: list[str] = []
    for code, edition, rank, decile, present, predecessors, irregular, disagree, parts in con.execute(
        "SELECT lsoa21_code, edition, imd_rank, imd_decile, present, predecessors, irregular, disagree, parts"
        f" FROM ({mapped}) WHERE irregular OR disagree OR present < predecessors ORDER BY lsoa21_code, edition"
    ).fetchall():
        stored = f"stored with the mean rank {rank:,}, decile {decile}"
        if irregular:
            found.append(f"2021 LSOA {code} ({edition}): irregular change (X) from {parts}; {stored}")
        elif disagree:
            found.append(f"2021 LSOA {code} ({edition}) merges {parts}, whose deciles disagree; {stored}")
        if present < predecessors:
            found.append(
                f"2021 LSOA {code} ({edition}) comes from {predecessors} 2011 LSOAs but the file has "
                f"{present} of them ({parts}): stored from those"
            )
    if len(found) > WARNING_LIMIT:
        found = [*found[:WARNING_LIMIT], f"... and {len(found) - WARNING_LIMIT} more warnings"]
    return found


# English Indices of Deprivation, File 1 (IMD) or File 7 (all scores, ranks and deciles).
IMD = Kind(
    name="imd",
    prepare=prepare_imd,
    layout=Layout(
        required=("lsoa_code", "imd_rank", "imd_decile"),
        optional=("edition",),
        aliases={
            "lsoa_code": IMD_LSOA_2011 + IMD_LSOA_2021,
            "imd_rank": (
                "Index of Multiple Deprivation (IMD) Rank",
                "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
                "IMD_Rank",
            ),
            "imd_decile": (
                "Index of Multiple Deprivation (IMD) Decile",
                "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
                "IMD_Decile",
            ),
        },
    ),
    help=(
        "English Indices of Deprivation LSOA file (File 1 or 7): LSOA code (2011) means\n"
        "the 2019 edition, mapped to 2021 LSOAs through lsoa-changes (split: each part\n"
        "takes the 2011 values; merged or irregular: the mean rank and its decile, with\n"
        "a warning when the deciles disagree); LSOA code (2021) means 2025; or\n"
        "lsoa_code,imd_rank,imd_decile[,edition]; upserted by (LSOA, edition)"
    ),
    check=check_sources,
)
