"""The bundled Stockton-on-Tees sample database, rebuilt from the text files in `sample_db/`.

The sample goes through the same importers and minutes loader analysts use, so it is both
a demonstration and an end-to-end check of them: a source file that produces a reject is a
bug and fails the build. A binary database is never committed; `ensure_sample` builds one
into the user's data folder on first run and again whenever a source file (or the
generator) changes, detected by a fingerprint stored in the database's meta table.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from psg_tui.core.database import connect, create_schema, open_database
from psg_tui.core.errors import DataError, OutputError, PsgError
from psg_tui.core.paths import sample_sources_dir, user_data_dir
from psg_tui.importing.sample.generate import generate_sources

if TYPE_CHECKING:
    from psg_tui.importing import ImportSummary

__all__ = [
    "SAMPLE_AS_OF",
    "build_sample",
    "ensure_sample",
    "generate_sources",
    "sample_fingerprint",
    "sample_minutes_path",
]

SAMPLE_AS_OF = date(2026, 11, 19)
SAMPLE_DB_NAME = "stockton-sample.duckdb"
SAMPLE_TITLE = "Stockton-on-Tees Problem-Solving Group"
SAMPLE_CLASSIFICATION = "OFFICIAL-SENSITIVE"
# Bump when the generator's output changes for the same sources, so old samples are rebuilt.
GENERATOR_VERSION = "5"  # 5: police.uk outcomes and stop and search; 4: incident_counts and its tally
SEED = 2026

Progress = Callable[[str], None]


def sample_minutes_path() -> Path:
    """The previous meeting's minutes (2026-10-15), whose actions the sample database holds."""
    return sample_sources_dir() / "minutes" / "2026-10-15-stockton-psg.toml"


def sample_fingerprint() -> str:
    """A hash of every file in `sample_db/` and the generator version: changes when either does."""
    sources = sample_sources_dir()
    digest = hashlib.sha256(f"psg-sample generator {GENERATOR_VERSION}\0".encode())
    for path in sorted(p for p in sources.rglob("*") if p.is_file()):
        relative = path.relative_to(sources).as_posix()
        if any(part.startswith(".") or part == "__pycache__" for part in relative.split("/")):
            continue
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_sample(db_path: Path, *, progress: Progress | None = None) -> None:
    """Build the sample into db_path atomically: a half-built sample is never left behind.

    It holds the database's write lock like every writer, so an import into the sample
    cannot be swapped away by a rebuild (or the other way round)."""
    from psg_tui.core.write_lock import database_write_lock

    db_path = Path(db_path)
    if not db_path.parent.is_dir():
        _build(db_path, progress or (lambda _message: None))  # says the folder does not exist
        return
    with database_write_lock(db_path, "psg (building the sample database)"):
        _build(db_path, progress or (lambda _message: None))


def ensure_sample(data_dir: Path | None = None, *, progress: Progress | None = None) -> Path:
    """The built sample database's path, building it first if missing or out of date.

    Two `psg` started at once both see a whole database: builds go to unique temporary
    names and are swapped in with `os.replace`, and a lock file makes the second wait
    for the first's build and reuse it instead of building again.
    """
    folder = Path(data_dir) if data_dir is not None else user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"Could not create the folder {folder} for the sample database: {exc.strerror or exc}.",
            "Set PSG_DATA_DIR to a folder you can write to, or open your own database with `psg open DB`.",
        ) from None
    path = folder / SAMPLE_DB_NAME
    wanted = sample_fingerprint()
    if _built_fingerprint(path) == wanted:
        return path
    with _exclusive(folder / f"{SAMPLE_DB_NAME}.lock"):
        if _built_fingerprint(path) != wanted:  # another process may have built it while we waited
            build_sample(path, progress=progress)
    return path


def _built_fingerprint(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        con = open_database(path, read_only=True)
    except (PsgError, duckdb.Error):
        return None  # damaged, another schema version, ...: rebuild
    try:
        rows = con.execute("SELECT value FROM meta WHERE key = 'sample_fingerprint'").fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return rows[0][0] if rows else None


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: builds still swap in atomically, they may just happen twice
        yield
        return
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(db_path: Path, progress: Progress) -> list[ImportSummary]:
    if not db_path.parent.is_dir():
        raise OutputError(
            f"The folder {db_path.parent} does not exist.", "Create it first, or choose another path."
        )
    temp = db_path.with_name(f".{db_path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    meta = {
        "title": SAMPLE_TITLE,
        "classification": SAMPLE_CLASSIFICATION,
        "as_of": SAMPLE_AS_OF.isoformat(),
        "sample_fingerprint": sample_fingerprint(),
    }
    try:
        with tempfile.TemporaryDirectory(prefix="psg-sample-") as scratch:
            progress("Generating the sample's incident files")
            plan = _plan(generate_sources(Path(scratch), seed=SEED, sources=sample_sources_dir()))
            # Locked down like every import: its SQL may read the sample's files and no others.
            con = connect(temp, read_only=False, reads=[f for _, files in plan for f in files])
            try:
                create_schema(con, meta=meta)
                summaries = _import_all(con, plan, progress)
                progress("Loading the previous meeting's actions")
                _load_minutes(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
        _remove(db_path.with_name(db_path.name + ".wal"))  # a stale WAL would be replayed onto the new file
        os.replace(temp, db_path)
    except OSError as exc:
        raise OutputError(f"Could not write the sample database {db_path}: {exc.strerror or exc}.") from None
    except duckdb.Error as exc:
        raise OutputError(f"Could not write the sample database {db_path}: {str(exc).strip()}") from None
    finally:
        _remove(temp)
        _remove(temp.with_name(temp.name + ".wal"))
    progress(f"Sample database ready: {db_path}")
    return summaries


def _plan(generated: dict[str, list[Path]]) -> list[tuple[str, list[Path]]]:
    """What the sample imports, kind by kind, in order."""
    sources = sample_sources_dir()
    return [
        ("ons-wards", [sources / "stockton_lsoa_to_ward.csv"]),
        ("areas", [sources / "areas.csv"]),
        ("area-lsoas", [sources / "area_lsoas.csv"]),
        ("lsoa-changes", [sources / "stockton_lsoa11_to_lsoa21.csv"]),
        ("population", generated["population"]),
        ("imd", generated["imd"]),
        ("survey", [sources / "survey.csv"]),
        ("police-uk", generated["police-uk"]),
        ("police-uk-outcomes", generated["police-uk-outcomes"]),
        ("police-uk-stop-and-search", generated["police-uk-stop-and-search"]),
        ("incidents", generated["incidents"]),
        ("pspos", [sources / "pspos.csv"]),
        ("closure-orders", [sources / "closure_orders.csv"]),
        ("pspo-breaches", generated["pspo-breaches"]),
        ("operations", [sources / "operations.csv"]),
        ("interventions", generated["interventions"]),
    ]


def _import_all(
    con: duckdb.DuckDBPyConnection, plan: list[tuple[str, list[Path]]], progress: Progress
) -> list[ImportSummary]:
    from psg_tui.importing import import_files

    summaries: list[ImportSummary] = []
    for kind, files in plan:
        progress(f"Importing {kind} ({len(files)} file{'s' if len(files) != 1 else ''})")
        try:
            done = import_files(con, kind, files, strict=True)
        except PsgError as exc:
            raise _sample_bug(f"importing {kind}: {exc.message}") from exc
        for summary in done:
            if summary.rejects:
                first = summary.rejects[0]
                raise _sample_bug(
                    f"{len(summary.rejects)} {kind} row(s) rejected in {Path(first.file).name}, "
                    f"first at row {first.row}, {first.column}: {first.reason}"
                )
        summaries.extend(done)
    return summaries


def _load_minutes(con: duckdb.DuckDBPyConnection) -> int:
    from psg_tui.core.minutes import load_minutes_into, read_minutes

    try:
        return load_minutes_into(con, read_minutes(sample_minutes_path()))
    except PsgError as exc:
        raise _sample_bug(f"loading {sample_minutes_path().name}: {exc.message}") from exc


def _sample_bug(what: str) -> DataError:
    return DataError(
        f"The bundled sample database could not be built: {what}",
        "This is a bug in psg-tui's sample files; please report it. Your own databases are not affected "
        "(open one with `psg open DB`).",
    )


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
