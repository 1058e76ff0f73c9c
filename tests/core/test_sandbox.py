"""Panel query files can read the database and nothing else.

Each escape an attacker tried is a hostile `.sql` file dropped into PSG_QUERIES_DIR and run
with `psg query`: it must be refused with a message naming the file, write nothing and show
nothing of the file it reached for. The connection itself is tested too, without the
one-SELECT check in front of it, so each layer holds on its own.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from psg_tui.cli import main
from psg_tui.core import database
from psg_tui.core.database import open_database
from psg_tui.core.errors import DataError

SECRET = "SECRET-7f3a9 do not show"


@pytest.fixture
def scene(tmp_path: Path) -> dict[str, Path]:
    """A file with a secret in it, another DuckDB database and a SQLite one, beside the mini database."""
    secret = tmp_path / "secret.csv"
    secret.write_text(f"name,value\nkey,{SECRET}\n")
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute(f"CREATE TABLE leaked AS SELECT '{SECRET}' AS value")
    con.close()
    lite = tmp_path / "lite.sqlite"
    lite.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    return {"secret": secret, "other": other, "lite": lite, "out": tmp_path / "stolen.csv", "dir": tmp_path}


# name -> the hostile panel file's SQL; {secret}, {other}, {lite}, {out} and {dir} are filled in.
ESCAPES = {
    "copy_to": "COPY (SELECT * FROM incidents) TO '{out}'",
    "copy_to_parquet": "COPY incidents TO '{out}' (FORMAT parquet)",
    "copy_from": "COPY incidents FROM '{secret}'",
    "export_database": "EXPORT DATABASE '{dir}/export'",
    "read_text": "SELECT * FROM read_text('{secret}')",
    "read_text_etc_passwd": "SELECT * FROM read_text('/etc/passwd')",
    "read_blob": "SELECT * FROM read_blob('{secret}')",
    "read_csv_other_file": "SELECT * FROM read_csv('{secret}')",
    "file_as_table": "SELECT * FROM '{secret}'",
    "read_json": "SELECT * FROM read_json_auto('{secret}')",
    "read_parquet": "SELECT * FROM read_parquet('{secret}')",
    "sniff_csv": "SELECT * FROM sniff_csv('{secret}')",
    "glob": "SELECT * FROM glob('{dir}/*')",
    "glob_root": "SELECT * FROM glob('/root/*')",
    "url": "SELECT * FROM read_csv('https://example.invalid/x.csv')",
    "attach_read_only": "ATTACH '{other}' AS other (READ_ONLY)",
    "attach_sqlite": "ATTACH '{lite}' AS lite (TYPE sqlite)",
    "install_httpfs": "INSTALL httpfs",
    "load_httpfs": "LOAD httpfs",
    "set_external_access": "SET enable_external_access = true",
    "reset_external_access": "RESET enable_external_access",
    "set_lock_configuration": "SET lock_configuration = false",
    "set_autoload": "SET autoload_known_extensions = true",
    "reset_autoinstall": "RESET autoinstall_known_extensions",
    "pragma": "PRAGMA enable_profiling",
    "enable_logging_to_file": "CALL enable_logging(storage = 'file', storage_path = '{dir}/log')",
    "temp_view_shadowing_a_panel": "CREATE TEMP VIEW area_incidents AS SELECT 1 AS x",
    "select_then_copy": "SELECT 1; COPY (SELECT * FROM incidents) TO '{out}'",
}


def _hostile_panel(folder: Path, name: str, sql: str, scene: dict[str, Path]) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"evil_{name}.sql"
    path.write_text("-- title: Evil\n-- scope: database\n" + sql.format(**scene) + "\n")
    return path


@pytest.mark.parametrize("name", list(ESCAPES))
def test_a_query_file_cannot_reach_outside_the_database(
    name: str,
    mini_db: Path,
    scene: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    panel = _hostile_panel(scene["dir"] / "panels", name, ESCAPES[name], scene)
    monkeypatch.setenv("PSG_QUERIES_DIR", str(panel.parent))
    before = sorted(p.name for p in scene["dir"].iterdir())
    for output in ("table", "csv", "json"):
        code = main(["query", str(mini_db), panel.stem, "--format", output])
        shown = capsys.readouterr()
        assert code == DataError.exit_code, shown
        assert str(panel) in shown.err and "was refused" in shown.err, shown.err
        assert "may only read the database" in shown.err
        assert SECRET not in shown.out + shown.err and "root:" not in shown.out + shown.err
        assert "Traceback" not in shown.err
    assert sorted(p.name for p in scene["dir"].iterdir()) == before  # nothing written anywhere
    assert not scene["out"].exists()


CONNECTION_ESCAPES = {  # what the connection refuses by itself, and the error DuckDB gives
    "COPY (SELECT * FROM incidents) TO '{out}'": duckdb.PermissionException,
    "SELECT * FROM read_text('{secret}')": duckdb.PermissionException,
    "SELECT * FROM read_csv('{secret}')": duckdb.PermissionException,
    "SELECT * FROM glob('{dir}/*')": duckdb.PermissionException,
    "ATTACH '{other}' AS other (READ_ONLY)": duckdb.PermissionException,
    "ATTACH '{lite}' AS lite (TYPE sqlite)": duckdb.PermissionException,
    "INSTALL httpfs": duckdb.PermissionException,
    "LOAD httpfs": duckdb.PermissionException,
    "SET enable_external_access = true": duckdb.InvalidInputException,
    "RESET enable_external_access": duckdb.InvalidInputException,
    "SET lock_configuration = false": duckdb.InvalidInputException,
    "SET autoinstall_known_extensions = true": duckdb.InvalidInputException,
    "RESET autoload_known_extensions": duckdb.InvalidInputException,
    "SET allowed_directories = ['/']": duckdb.InvalidInputException,
}


@pytest.mark.parametrize("sql", list(CONNECTION_ESCAPES))
def test_the_read_only_connection_refuses_by_itself(sql: str, mini_db: Path, scene: dict[str, Path]) -> None:
    con = open_database(mini_db)
    try:
        with pytest.raises(CONNECTION_ESCAPES[sql]):
            con.execute(sql.format(**scene)).fetchall()
        cursor = con.cursor()  # the workers' cursors are locked down too
        with pytest.raises(CONNECTION_ESCAPES[sql]):
            cursor.execute(sql.format(**scene)).fetchall()
        cursor.close()
        settings = dict(
            con.execute(
                "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access',"
                " 'autoinstall_known_extensions', 'autoload_known_extensions', 'lock_configuration')"
            ).fetchall()
        )
    finally:
        con.close()
    assert settings == {
        "enable_external_access": "false",
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "lock_configuration": "true",
    }
    assert not scene["out"].exists()


def test_a_sqlite_file_never_reaches_duckdb(
    scene: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """DuckDB would autoload (and download) its sqlite extension for such a file."""
    seen: list[str] = []
    real = database.duckdb.connect

    def spy(path: str, *args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        seen.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(database.duckdb, "connect", spy)
    assert main(["query", str(scene["lite"]), "overview"]) == DataError.exit_code
    err = capsys.readouterr().err
    assert "is a SQLite database, not a DuckDB database" in err and "Catalog Error" not in err
    assert seen == []


def test_a_locked_down_connection_to_a_sqlite_file_loads_no_extension(scene: dict[str, Path]) -> None:
    """The second layer: even handed to DuckDB, the locked-down connection refuses to load one."""
    with pytest.raises(duckdb.PermissionException, match="disabled"):
        database.connect(scene["lite"], read_only=True)


def test_an_import_connection_reads_exactly_its_files(tmp_path: Path, scene: dict[str, Path]) -> None:
    wanted = tmp_path / "wanted.csv"
    wanted.write_text("a,b\n1,2\n")
    link = tmp_path / "link.csv"
    link.symlink_to(wanted)
    con = database.connect(tmp_path / "import.duckdb", read_only=False, reads=[link])
    try:
        assert con.execute("SELECT * FROM read_csv($p)", {"p": str(link)}).fetchall() == [(1, 2)]
        assert con.execute("SELECT * FROM read_csv($p)", {"p": str(wanted)}).fetchall() == [(1, 2)]
        con.execute("CREATE TABLE t AS SELECT 1 AS x")  # it still writes its own database
        for sql in (
            "SELECT * FROM read_csv('{secret}')",
            "COPY t TO '{out}'",
            "ATTACH '{other}' AS other (READ_ONLY)",
        ):
            with pytest.raises(duckdb.PermissionException):
                con.execute(sql.format(**scene))
        with pytest.raises(duckdb.InvalidInputException, match="locked"):
            con.execute("SET allowed_paths = ['/']")
    finally:
        con.close()
    assert not scene["out"].exists()


def test_psg_db_import_runs_on_a_locked_down_copy(
    mini_db: Path, scene: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import pipeline's connection may read the files given and no others."""
    from psg_tui.importing import swap

    areas = scene["dir"] / "areas.csv"
    areas.write_text("id,name,kind\nnew-hotspot,New Hotspot,hotspot\n")
    tried: dict[str, object] = {}
    real = swap.import_files

    def spying(con: duckdb.DuckDBPyConnection, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        try:
            con.execute("SELECT * FROM read_text($p)", {"p": str(scene["secret"])}).fetchall()
            tried["secret"] = "read"
        except duckdb.PermissionException:
            tried["secret"] = "refused"
        return real(con, *args, **kwargs)

    monkeypatch.setattr(swap, "import_files", spying)
    assert main(["db", "import", str(mini_db), "areas", str(areas)]) == 0
    assert tried == {"secret": "refused"}
    con = open_database(mini_db)
    assert con.execute("SELECT name FROM areas WHERE id = 'new-hotspot'").fetchall() == [("New Hotspot",)]
    con.close()
