"""Areas and their LSOAs: wards from the ONS lookup, hotspots and custom areas from the analyst.

Everything else is placed through these tables (an incident belongs to an area when its LSOA
is one of the area's), so they are imported first.
"""

from __future__ import annotations

import duckdb

from psg_tui.importing.common import (
    CHECKED,
    LSOA_PATTERN,
    WARD_PATTERN,
    Change,
    Check,
    Layout,
    Source,
    count,
    first_failure,
    list_sql,
    slug_sql,
    sql_quoted,
    sql_trimmed,
    upsert_change,
)
from psg_tui.importing.contract import Kind, Options, Prepared, checked_file
from psg_tui.importing.kinds.columns import ons_columns
from psg_tui.importing.reading import materialize

AREA_KINDS = ("ward", "hotspot", "town-centre", "custom")
PHASES = ("clear", "hold", "build")
ID_PATTERN = "[a-z0-9]+(-[a-z0-9]+)*"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _ward_changes(con: duckdb.DuckDBPyConnection) -> list[Change]:
    """The areas upserted, then each ward whose LSOAs the file replaces (a ward's list is replaced)."""
    good = "_check IS NULL"
    found = [upsert_change(con, "areas", "id", "area_id", good)]
    wards = con.execute(
        f"SELECT c.area_id, coalesce(any_value(h.n), 0), count(*) FROM {CHECKED} c"
        " LEFT JOIN (SELECT area_id, count(*) AS n FROM area_lsoas GROUP BY area_id) h USING (area_id)"
        f" WHERE c.{good} GROUP BY c.area_id ORDER BY c.area_id"
    ).fetchall()
    found += [Change(f"ward {ward}", int(before), int(after), unit="LSOA") for ward, before, after in wards]
    return found


def prepare_ons_wards(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    """The ONS LSOA->ward lookup (any year's column names): one ward area per ward, with its LSOAs."""
    checks = [
        Check(
            "lsoa_code",
            f"NOT coalesce(regexp_full_match(lsoa_code, '{LSOA_PATTERN}'), false)",
            f"'LSOA code ' || coalesce({sql_quoted('lsoa_code')}, 'blank') || ' is not E01/W01 followed by 6 digits'",
        ),
        Check(
            "ward_code",
            f"NOT coalesce(regexp_full_match(ward_code, '{WARD_PATTERN}'), false)",
            f"'ward code ' || coalesce({sql_quoted('ward_code')}, 'blank') || ' is not E05/W05 followed by 6 digits'",
        ),
        Check("ward_name", "ward_name IS NULL OR slug = ''", "'ward name is blank'"),
        Check("lsoa_code", "first_row < _row", "'LSOA listed again (first on row ' || first_row || ')'"),
        Check(
            "ward_name",
            "existing_kind IS NOT NULL AND existing_kind <> 'ward'",
            "'area id ''' || area_id || ''' already exists as a ' || existing_kind || ' area'",
        ),
    ]
    select = f"""
        , parsed AS (
            SELECT _row, upper({sql_trimmed("lsoa_code")}) AS lsoa_code, {sql_trimmed("lsoa_name")} AS lsoa_name,
                upper({sql_trimmed("ward_code")}) AS ward_code, {sql_trimmed("ward_name")} AS ward_name,
                {slug_sql(sql_trimmed("ward_name"))} AS slug
            FROM src),
        ided AS (
            SELECT *, min(_row) OVER (PARTITION BY lsoa_code) AS first_row,
                CASE WHEN count(DISTINCT ward_code) OVER (PARTITION BY slug) > 1
                     THEN slug || '-' || lower(ward_code) ELSE slug END AS area_id
            FROM parsed)
        SELECT *, {first_failure(checks)}
        FROM ided i LEFT JOIN (SELECT id AS existing_id, kind AS existing_kind FROM areas) a
            ON a.existing_id = i.area_id
    """
    rows = materialize(con, source, select, options.progress)
    warnings = []
    wards, shared = con.execute(
        f"SELECT count(DISTINCT area_id), count(DISTINCT area_id) FILTER (WHERE area_id <> slug)"
        f" FROM {CHECKED} WHERE _check IS NULL"
    ).fetchall()[0]
    if shared:
        warnings.append(f"{shared} wards share a name with another ward; their ids end with the ward code")
    if wards > 150:
        warnings.append(
            f"{wards:,} wards imported: is this the national lookup? Filter it to your district(s) first, "
            "or police.uk rows from every district will be stored"
        )

    def apply(con: duckdb.DuckDBPyConnection) -> int:
        con.execute(
            "INSERT INTO areas (id, name, kind, ward_code, phase, operations)"
            " SELECT area_id, arg_min(ward_name, _row), 'ward', arg_min(ward_code, _row), NULL, []::VARCHAR[]"
            f" FROM {CHECKED} WHERE _check IS NULL GROUP BY area_id"
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, ward_code = excluded.ward_code"
        )
        con.execute(
            f"DELETE FROM area_lsoas WHERE area_id IN (SELECT area_id FROM {CHECKED} WHERE _check IS NULL)"
        )
        con.execute(
            f"INSERT INTO area_lsoas (area_id, lsoa_code, lsoa_name) SELECT area_id, lsoa_code, lsoa_name"
            f" FROM {CHECKED} WHERE _check IS NULL"
        )
        return count(con, "_check IS NULL")

    return checked_file(con, source, checks, rows, apply, _ward_changes, warnings)


def prepare_areas(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    """Areas the analyst defines (hotspots, town centres, custom); upserted by id."""
    checks = [
        Check("id", "id IS NULL", "'id is blank'"),
        Check(
            "id",
            "lower(id) = 'all'",
            "'id all is reserved: survey files use it for the whole district; choose another id'",
        ),
        Check(
            "id",
            f"NOT regexp_full_match(id, '{ID_PATTERN}')",
            f"'id ' || {sql_quoted('id')} || ' must be lowercase letters, digits and single hyphens'",
        ),
        Check("id", "first_row < _row", "'id listed again (first on row ' || first_row || ')'"),
        Check("name", "name IS NULL", "'name is blank'"),
        Check(
            "kind",
            f"kind IS NULL OR kind NOT IN {_in(AREA_KINDS)}",
            f"'kind ' || coalesce({sql_quoted('kind')}, 'blank') || ' is not one of {', '.join(AREA_KINDS)}'",
        ),
        Check(
            "ward_code",
            f"ward_code IS NOT NULL AND NOT regexp_full_match(ward_code, '{WARD_PATTERN}')",
            f"'ward code ' || {sql_quoted('ward_code')} || ' is not E05/W05 followed by 6 digits'",
        ),
        Check(
            "phase",
            f"phase IS NOT NULL AND phase NOT IN {_in(PHASES)}",
            f"'phase ' || {sql_quoted('phase')} || ' is not one of clear, hold, build (or blank)'",
        ),
    ]
    select = f"""
        , parsed AS (
            SELECT _row, {sql_trimmed("id")} AS id, {sql_trimmed("name")} AS name, lower({sql_trimmed("kind")}) AS kind,
                upper({sql_trimmed("ward_code")}) AS ward_code, lower({sql_trimmed("phase")}) AS phase,
                {list_sql("operations")} AS operations
            FROM src)
        SELECT *, {first_failure(checks)}
        FROM (SELECT *, min(_row) OVER (PARTITION BY id) AS first_row FROM parsed)
    """
    rows = materialize(con, source, select, options.progress)
    given = {name for name, position in source.positions.items() if position is not None}
    updates = [
        "name = excluded.name",
        "kind = excluded.kind",
        "ward_code = coalesce(excluded.ward_code, areas.ward_code)",
    ]
    updates += [f"{col} = excluded.{col}" for col in ("phase", "operations") if col in given]

    def apply(con: duckdb.DuckDBPyConnection) -> int:
        con.execute(
            "INSERT INTO areas (id, name, kind, ward_code, phase, operations)"
            f" SELECT id, name, kind, ward_code, phase, operations FROM {CHECKED} WHERE _check IS NULL"
            f" ON CONFLICT (id) DO UPDATE SET {', '.join(updates)}"
        )
        return count(con, "_check IS NULL")

    changes = lambda con: [upsert_change(con, "areas", "id", "id", "_check IS NULL")]  # noqa: E731
    return checked_file(con, source, checks, rows, apply, changes, [])


def prepare_area_lsoas(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    """LSOAs of hotspots and custom areas, added to what each area already has."""
    checks = [
        Check("area_id", "area_id IS NULL", "'area_id is blank'"),
        Check(
            "lsoa_code",
            f"NOT coalesce(regexp_full_match(lsoa_code, '{LSOA_PATTERN}'), false)",
            f"'LSOA code ' || coalesce({sql_quoted('lsoa_code')}, 'blank') || ' is not E01/W01 followed by 6 digits'",
        ),
        Check(
            "area_id",
            "known_area IS NULL",
            f"'unknown area ' || {sql_quoted('area_id')} || ' (import it with the areas kind first)'",
        ),
    ]
    select = f"""
        , parsed AS (
            SELECT _row, {sql_trimmed("area_id")} AS area_id, upper({sql_trimmed("lsoa_code")}) AS lsoa_code,
                {sql_trimmed("lsoa_name")} AS lsoa_name
            FROM src)
        SELECT *, CASE WHEN _check IS NULL AND first_row < _row THEN 'listed again in this file' END AS _skip
        FROM (
            SELECT *, {first_failure(checks)}
            FROM (SELECT p.*, a.id AS known_area, min(p._row) OVER (PARTITION BY p.area_id, p.lsoa_code) AS first_row
                  FROM parsed p LEFT JOIN areas a ON a.id = p.area_id))
    """
    rows = materialize(con, source, select, options.progress)
    skipped = dict(
        con.execute(
            f"SELECT _skip, count(*) FROM {CHECKED} WHERE _skip IS NOT NULL GROUP BY _skip"
        ).fetchall()
    )
    good = "_check IS NULL AND _skip IS NULL"
    outside = count(
        con,
        f"{good} AND lsoa_code NOT IN (SELECT lsoa_code FROM area_lsoas al JOIN areas a ON a.id = al.area_id"
        " WHERE a.kind = 'ward')",
    )
    warnings = []
    if outside:
        warnings.append(f"{outside:,} LSOAs are in no ward of this database (import the ONS lookup first?)")

    def apply(con: duckdb.DuckDBPyConnection) -> int:
        con.execute(
            "INSERT INTO area_lsoas (area_id, lsoa_code, lsoa_name)"
            " SELECT c.area_id, c.lsoa_code, coalesce(c.lsoa_name, k.lsoa_name)"
            f" FROM {CHECKED} c LEFT JOIN (SELECT lsoa_code, min(lsoa_name) AS lsoa_name FROM area_lsoas"
            f" GROUP BY lsoa_code) k USING (lsoa_code) WHERE {good}"
            " ON CONFLICT (area_id, lsoa_code) DO UPDATE SET lsoa_name = coalesce(excluded.lsoa_name, area_lsoas.lsoa_name)"
        )
        return count(con, good)

    def changes(con: duckdb.DuckDBPyConnection) -> list[Change]:
        pair = "area_id || ' ' || lsoa_code"
        return [upsert_change(con, "area_lsoas", pair, pair, good, unit="LSOA")]

    return checked_file(con, source, checks, rows, apply, changes, warnings, skipped=skipped)


AREAS = Kind(
    name="areas",
    prepare=prepare_areas,
    layout=Layout(required=("id", "name", "kind"), optional=("ward_code", "phase", "operations")),
    help=(
        "id,name,kind,ward_code,phase,operations (kind ward|hotspot|town-centre|custom;\n"
        "phase clear|hold|build or blank; operations separated by ;)"
    ),
    places=True,
)


AREA_LSOAS = Kind(
    name="area-lsoas",
    prepare=prepare_area_lsoas,
    layout=Layout(required=("area_id", "lsoa_code"), optional=("lsoa_name",)),
    help=("area_id,lsoa_code: the LSOAs making up hotspots and custom areas"),
    places=True,
)


# ONS lookups name their columns by year; `exact` is the example named when a file has none of them.
ONS_WARDS = Kind(
    name="ons-wards",
    prepare=prepare_ons_wards,
    layout=Layout(exact=("LSOA11CD", "LSOA11NM", "WD19CD", "WD19NM")),
    help=(
        "ONS LSOA->ward lookup (LSOA11CD,LSOA11NM,WD19CD,WD19NM or any year's columns):\n"
        "one ward area per ward, id = slug of the name, with its LSOAs"
    ),
    places=True,
    find_columns=ons_columns,
)
