"""Creating, opening and checking psg-tui databases.

Every failure to open becomes a PsgError that says what is wrong with the file and
what to do, so neither the dashboard nor the command line shows a traceback.

Every connection is opened locked down (`connect`): SQL run on it, a panel query file
above all, can read the database and nothing else: no other file, no other database, no
network, no extension to fetch, and no setting it could turn back on. An import names
the files it reads, and may read exactly those.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from psg_tui.core import dataset
from psg_tui.core.errors import DataError, LockedError, MissingInputError, OutputError, PsgError, UsageError
from psg_tui.core.filetypes import describe_non_duckdb, read_head
from psg_tui.core.safe_text import printable

SCHEMA_VERSION = 4
REQUIRED_TABLES = (
    "meta",
    "areas",
    "area_lsoas",
    "incidents",
    "closure_orders",
    "pspos",
    "pspo_breaches",
    "actions",
    "operations",
    "interventions",
    "population",
    "imd",
    "lsoa_changes",
    "survey",
    "outcomes",
    "stop_searches",
    "incident_counts",
    "lsoa_places",
)
# The tables (and views) each version added, so `psg db upgrade` can bring an older database up to date
# in place (their CREATE statements are the ones in schema.sql).
ADDED_IN: dict[int, tuple[str, ...]] = {
    2: (
        "operations",
        "interventions",
        "population",
        "imd",
        "lsoa_changes",
        "survey",
        "area_lsoa_parts",
        "area_population",
        "area_deprivation",
    ),
    3: ("outcomes", "stop_searches", "incident_counts", "lsoa_places"),
    4: ("crime_outcomes",),
}
# The views each version changed (re-created in place by `psg db upgrade`; a view holds no data).
CHANGED_IN: dict[int, tuple[str, ...]] = {3: ("area_incidents",)}

# DuckDB settings of every connection psg-tui opens. `lock_configuration` comes last and
# stops SET/RESET/PRAGMA changing any of them (or anything else) afterwards.
LOCKED_DOWN: dict[str, bool] = {
    "enable_external_access": False,  # no COPY TO/FROM, read_*(), glob(), ATTACH, INSTALL
    "autoinstall_known_extensions": False,  # nothing is downloaded ...
    "autoload_known_extensions": False,  # ... or loaded because a query (or a SQLite file) needs it
    "allow_community_extensions": False,
    "lock_configuration": True,
}
_SET_AFTER_ALLOWING = ("enable_external_access", "lock_configuration")


def connect(
    path: Path | str,
    *,
    read_only: bool = True,
    reads: Iterable[Path] = (),
    writes_into: Iterable[Path] = (),
    settings: Mapping[str, bool] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open `path` locked down; `reads` are the only other files its SQL may read (an import's,
    a Parquet dataset's), `writes_into` the only folders it may write in (an export's).

    DuckDB shares one instance per file within a process and refuses a second connection
    with different settings, so every connection psg-tui makes goes through here.
    """
    allowed = sorted({str(p) for f in reads for p in (Path(f).absolute(), Path(f).resolve())})
    folders = sorted({f"{p}/" for f in writes_into for p in (Path(f).absolute(), Path(f).resolve())})
    if not allowed and not folders and not settings:
        return duckdb.connect(str(path), read_only=read_only, config=dict(LOCKED_DOWN))
    # allowed_paths can only be set once the database is running, and only before access is shut.
    early: dict[str, str | bool | int | float | list[str]] = {
        k: v for k, v in LOCKED_DOWN.items() if k not in _SET_AFTER_ALLOWING
    }
    con = duckdb.connect(str(path), read_only=read_only, config=early)
    try:
        if allowed:
            con.execute("SET allowed_paths = $paths", {"paths": allowed})
        if folders:
            con.execute("SET allowed_directories = $folders", {"folders": folders})
        for name, value in (settings or {}).items():  # names from the code, never from input
            con.execute(f"SET {name} = {str(value).lower()}")
        for name in _SET_AFTER_ALLOWING:
            con.execute(f"SET {name} = {str(LOCKED_DOWN[name]).lower()}")
    except BaseException:
        con.close()
        raise
    return con


def schema_sql() -> str:
    return resources.files("psg_tui.core").joinpath("schema.sql").read_text(encoding="utf-8")


def schema_objects() -> tuple[list[str], list[str]]:
    """The tables and the views schema.sql creates, in its order (what `psg db init` lists)."""
    tables: list[str] = []
    views: list[str] = []
    for statement in schema_sql().split(";\n"):
        if name := _created_table(statement):
            (views if f"CREATE VIEW {name}" in statement else tables).append(name)
    return tables, views


def init_db(path: Path, *, meta: dict[str, str] | None = None) -> None:
    """Create an empty database with the current schema; refuse to touch an existing file."""
    path = Path(path)
    if path.exists():
        raise OutputError(
            f"{path} already exists.",
            "Choose a new file name, or delete the old database first if you mean to start again.",
        )
    if not path.parent.exists():
        raise OutputError(
            f"The folder {path.parent} does not exist.", "Create it first, or choose another path."
        )
    try:
        con = connect(path, read_only=False)
    except duckdb.Error as exc:
        raise OutputError(f"Could not create {path}: {_first_line(exc)}") from None
    try:
        create_schema(con, meta=meta)
    finally:
        con.close()


def create_schema(con: duckdb.DuckDBPyConnection, *, meta: dict[str, str] | None = None) -> None:
    con.execute("BEGIN")
    con.execute(schema_sql())
    values = {"schema_version": str(SCHEMA_VERSION), **(meta or {})}
    con.executemany("INSERT INTO meta VALUES (?, ?)", list(values.items()))
    con.execute("COMMIT")


def open_database(
    path: Path, *, read_only: bool = True, any_version: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open a psg-tui database and check it is one this version can read (with `any_version`,
    only that it is a psg-tui database: `psg db upgrade` opens older ones)."""
    path = Path(path)
    if not path.exists():
        raise MissingInputError(
            f"There is no database at {path}.",
            f"Check the path, or create one with `psg db init {path}` and import data into it.",
        )
    if dataset.is_dataset(path):
        if not read_only:
            raise UsageError(
                f"{path} is a Parquet dataset (`psg db export`): it is only ever read.",
                "Import into the DuckDB database it was exported from, then export it again.",
            )
        return open_dataset(path)
    if path.is_dir():
        raise MissingInputError(
            f"{path} is a folder, not a database file.", "Give the path of a .duckdb file."
        )
    try:
        what = describe_non_duckdb(path, read_head(path))
    except OSError as exc:
        raise MissingInputError(
            f"Could not read {path}: {exc.strerror}.", "Ask its owner for read access."
        ) from None
    if what is not None:  # DuckDB never sees it: a SQLite file would make it reach for an extension
        raise DataError(*what)
    try:
        con = connect(path, read_only=read_only)
    except duckdb.Error as exc:
        raise _explain_open_error(path, exc) from None
    try:
        _check_whole(con, path)
        if any_version:
            schema_version(con, path)
        else:
            check_schema(con, path)
    except PsgError:
        con.close()
        raise
    except duckdb.Error as exc:
        con.close()
        raise unreadable(path, exc) from None
    return con


def open_dataset(folder: Path) -> duckdb.DuckDBPyConnection:
    """A Parquet dataset (core/dataset.py) as an in-memory database of views over its files."""
    manifest = dataset.read_manifest(folder)
    version = str(manifest.get("schema_version"))
    if version != str(SCHEMA_VERSION):
        newer = version.isdigit() and int(version) > SCHEMA_VERSION
        raise DataError(
            f"The dataset {folder} has schema version {printable(version)}; this psg-tui reads version {SCHEMA_VERSION}.",
            "Upgrade psg-tui (pip install --upgrade psg-tui) to open it."
            if newer
            else "Upgrade the database it came from (`psg db upgrade DB`) and export it again.",
        )
    files = dataset.dataset_files(folder, manifest)
    con = connect(
        ":memory:",
        read_only=False,
        reads=[p for paths in files.values() for p in paths],
        # each file's footer is read once, not by every panel's query again
        settings={"parquet_metadata_cache": True},
    )
    try:
        dataset.create_views(con, folder, manifest, files)
        _tables, views = schema_objects()
        for statement in schema_sql().split(";\n"):
            if _created_table(statement) in views:
                con.execute(statement)
        check_schema(con, folder)
    except PsgError:
        con.close()
        raise
    except duckdb.Error as exc:
        con.close()
        raise DataError(
            f"A file of the dataset {folder} is damaged, so it cannot be read ({_first_line(exc)}).",
            f"`psg db check {folder}` names it. Copy the folder again, or export the database again.",
        ) from None
    return con


def _check_whole(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A file too short to hold the blocks in use was cut short by a copy or a download: say
    so now (~1 ms), rather than when a panel first reads a missing block. (Free blocks may
    have been trimmed from the end, so only the used ones are counted.)"""
    rows = con.execute(
        "SELECT block_size, used_blocks FROM pragma_database_size() WHERE database_name = current_database()"
    ).fetchall()
    if not rows:
        return
    expected, actual = int(rows[0][0]) * int(rows[0][1]), path.stat().st_size
    if actual < expected:
        raise unreadable(path, duckdb.IOException(f"{actual:,} of at least {expected:,} bytes"), short=True)


@contextmanager
def writable(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_database(path, read_only=False)
    try:
        yield con
    finally:
        con.close()


def check_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    version = schema_version(con, path)
    if version != str(SCHEMA_VERSION):
        newer = version.isdigit() and int(version) > SCHEMA_VERSION
        older = version.isdigit() and int(version) in range(min(ADDED_IN) - 1, SCHEMA_VERSION)
        raise DataError(
            f"{path} has schema version {version}; this psg-tui reads version {SCHEMA_VERSION}.",
            "Upgrade psg-tui (pip install --upgrade psg-tui) to open it."
            if newer
            else f"Bring it up to date, keeping its data: `psg db upgrade {path}`."
            if older
            else "Rebuild it with this version: `psg db init NEW.duckdb`, then import the source files again.",
        )
    held = _tables(con)
    missing = [t for t in REQUIRED_TABLES if t not in held]
    if missing:
        raise DataError(
            f"{path} is missing the table(s): {', '.join(missing)}.",
            "The file is damaged or was edited by hand; rebuild it with `psg db init` and `psg db import`.",
        )


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
            "UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main'"
        ).fetchall()
    }


def schema_version(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    """The database's schema version (text, as stored); a DataError when it is not psg-tui's."""
    if "meta" not in _tables(con):
        raise DataError(
            f"{path} is a DuckDB database but not a psg-tui one (it has no meta table).",
            "Create a psg-tui database with `psg db init NEW.duckdb` and import your data into it.",
        )
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    if not row:
        raise DataError(
            f"{path} has no schema version in its meta table.",
            "It was not made by `psg db init`; rebuild it with `psg db init` and `psg db import`.",
        )
    return str(row[0][0])


def upgrade_schema(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """Add the tables of every later version to an older database, in one transaction, and
    set its version; returns the tables added (none when it is already current)."""
    version = schema_version(con, path)
    if version == str(SCHEMA_VERSION):
        return []
    if not version.isdigit() or not (min(ADDED_IN) - 1 <= int(version) < SCHEMA_VERSION):
        check_schema(con, path)  # newer, or too old to upgrade: says which
    statements = {
        name: statement
        for statement in schema_sql().split(";\n")
        for name in [_created_table(statement)]
        if name
    }
    later = range(int(version) + 1, SCHEMA_VERSION + 1)
    added = [name for v in later for name in ADDED_IN.get(v, ())]
    changed = [name for v in later for name in CHANGED_IN.get(v, ()) if name not in added]
    _check_names_free(con, path, added, changed)
    con.execute("BEGIN")
    for name in added:
        con.execute(statements[name])
    for name in changed:
        con.execute(statements[name].replace("CREATE VIEW ", "CREATE OR REPLACE VIEW ", 1))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
    con.execute("COMMIT")
    check_schema(con, path)
    return added


def _check_names_free(
    con: duckdb.DuckDBPyConnection, path: Path, added: list[str], changed: list[str]
) -> None:
    """Refuse, before changing anything, an upgrade whose new tables' names are already taken
    (a table or view made by hand), or whose changed views are not views; names are matched as
    DuckDB matches them, regardless of case."""
    kinds = {
        name.casefold(): (kind, name)
        for name, kind in con.execute(
            "SELECT table_name, 'table' FROM duckdb_tables() WHERE schema_name = 'main' "
            "UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
        ).fetchall()
    }
    taken = [kinds[n.casefold()] for n in added if n.casefold() in kinds]
    taken += [kinds[n.casefold()] for n in changed if kinds.get(n.casefold(), ("view",))[0] != "view"]
    if taken:
        names = ", ".join(f"a {kind} named {printable(name)}" for kind, name in taken)
        raise DataError(
            f"{path} cannot be upgraded: it already has {names}, a name this version of psg-tui "
            "needs for its own. Nothing was changed.",
            "Rename or drop it (it was not made by psg-tui), for example with "
            "`ALTER TABLE name RENAME TO name_old` in the duckdb shell, then run `psg db upgrade` again.",
        )


def _created_table(statement: str) -> str | None:
    for line in statement.splitlines():
        if line.startswith(("CREATE TABLE ", "CREATE VIEW ")):
            return line.split()[2]
    return None


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM meta").fetchall())


def unreadable(path: Path, exc: BaseException, *, short: bool = False) -> DataError:
    """A DuckDB file whose contents cannot be read: cut short by a copy, or damaged."""
    if short or "read enough bytes" in str(exc):
        what = "is cut short: it ends before the data it lists"
        try:
            detail = f"{Path(path).stat().st_size:,} bytes" if not short else str(exc)
        except OSError:
            detail = _first_line(exc)
    else:
        what, detail = "is damaged", _first_line(exc)
    return DataError(
        f"{path} is a DuckDB database but it {what}, so it cannot be read ({detail}).",
        "Copy it again from where it came from (a copy or download may not have finished), "
        "or rebuild it with `psg db init` and `psg db import`.",
    )


def _explain_open_error(path: Path, exc: duckdb.Error) -> PsgError:
    text = str(exc)
    if "read enough bytes" in text or "checksum" in text.lower():
        return unreadable(path, exc)
    if "lock" in text.lower():
        holder = re.search(r"held in (.+?) \(PID (\d+)\)", text)
        who = f" (process {holder.group(2)}, {Path(holder.group(1)).name})" if holder else ""
        return LockedError(
            f"{path} is locked by a program writing to it{who}.",
            "Wait for the import to finish or close that program, then try again. "
            "`psg db import` builds into a copy, so it never holds the file for long.",
        )
    if "not a valid DuckDB database" in text or "not a valid database" in text.lower():
        return DataError(
            f"{path} is not a DuckDB database.",
            "Check the path: the dashboard opens the .duckdb file made by `psg db init` and `psg db import`.",
        )
    if "version" in text.lower():
        return DataError(
            f"{path} was written by a different DuckDB storage version: {_first_line(exc)}",
            "Rebuild it with this psg-tui (`psg db init` and `psg db import`).",
        )
    if "permission" in text.lower():
        return MissingInputError(
            f"You do not have permission to read {path}.", "Ask its owner for read access."
        )
    return DataError(f"Could not open {path}: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
