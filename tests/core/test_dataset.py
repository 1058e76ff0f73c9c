"""A database exported as a Parquet dataset (`psg db export DB --parquet DIR`) reads the same:
every query file gives the same output on the dataset as on the database, and a dataset that
lost a partition, disagrees with its manifest, is of a newer schema or holds a file that is not
Parquet is refused with a message naming what is wrong."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.core.database import SCHEMA_VERSION, open_database
from psg_tui.core.errors import DataError, OutputError, UsageError
from psg_tui.core.meeting import Meeting
from psg_tui.core.queries import DISTRICT, load_queries


@pytest.fixture(scope="module")
def exported(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("export") / "stockton-parquet"
    assert main(["db", "export", str(sample_db), "--parquet", str(dest)]) == 0
    return dest


@pytest.fixture
def copy(exported: Path, tmp_path: Path) -> Path:
    """A copy of the dataset a test may damage."""
    return Path(shutil.copytree(exported, tmp_path / "copy"))


def _calls(sample_db: Path) -> list[list[str]]:
    """Every query file, with each area scope run for a ward, a hotspot and the district."""
    meeting = Meeting(sample_db)
    try:
        areas = meeting.area_names()
        operations = [op.id for op in meeting.operations()]
    finally:
        meeting.close()
    some = [a for a in areas if a in ("stockton-town-centre", "mandale-and-victoria")] or list(areas)[:2]
    calls = []
    for query in load_queries().values():
        if query.scope == "area" or "area" in query.parameters:
            for area in [*some, *([DISTRICT] if query.district else [])]:
                calls.append([query.name, "--area", area])
        elif query.scope == "operation":
            calls.extend([query.name, "--operation", op] for op in operations)
        else:
            calls.append([query.name])
    return calls


def _output(capsys: pytest.CaptureFixture[str], db: Path, call: list[str]) -> tuple[int, str, str]:
    code = main(["query", str(db), *call, "--format", "json", "--meeting-date", "2026-11-19"])
    out, err = capsys.readouterr()
    return code, out, err.replace(str(db), "DB")


def test_every_query_file_reads_the_same_from_the_export(
    sample_db: Path, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _calls(sample_db)
    assert len(calls) >= len(load_queries())
    for call in calls:
        from_db = _output(capsys, sample_db, call)
        from_dataset = _output(capsys, exported, call)
        assert from_dataset == from_db, call
        assert from_db[0] == 0, (call, from_db[2])


def test_months_are_read_from_the_partition_only_when_every_row_is_a_first_day(
    sample_db: Path, exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The dataset's incidents take `month` from their partition's path (so a month filter reads
    only its months' files) only when the export found every month a first day: a database
    edited by hand to hold a mid-month date reads back its own dates."""
    import duckdb

    manifest = json.loads((exported / "manifest.json").read_text())
    assert manifest["tables"]["incidents"]["month_from_partition"] is True
    edited = Path(shutil.copy(sample_db, tmp_path / "edited.duckdb"))
    con = duckdb.connect(str(edited))
    con.execute("UPDATE incidents SET month = month + 14 WHERE id = (SELECT min(id) FROM incidents)")
    con.close()
    dest = tmp_path / "edited-parquet"
    assert main(["db", "export", str(edited), "--parquet", str(dest)]) == 0
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["tables"]["incidents"]["month_from_partition"] is False
    from_db, from_dataset = open_database(edited), open_database(dest)
    try:
        sql = "SELECT month, count(*) FROM incidents GROUP BY ALL ORDER BY ALL"
        assert from_dataset.execute(sql).fetchall() == from_db.execute(sql).fetchall()
        assert from_db.execute("SELECT count(*) FROM incidents WHERE day(month) <> 1").fetchall() == [(1,)]
    finally:
        from_db.close()
        from_dataset.close()


def test_the_manifest_lists_every_file_with_rows_and_checksums(sample_db: Path, exported: Path) -> None:
    manifest = json.loads((exported / "manifest.json").read_text())
    assert manifest["schema_version"] == str(SCHEMA_VERSION)
    con = open_database(sample_db)
    try:
        for table, entry in manifest["tables"].items():
            held = con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
            assert entry["rows"] == held == sum(f["rows"] for f in entry["files"]), table
            assert all(len(f["sha256"]) == 64 and f["bytes"] > 0 for f in entry["files"])
    finally:
        con.close()
    incidents = manifest["tables"]["incidents"]
    assert incidents["partitioned_by"] == ["force", "month"]
    assert len(incidents["files"]) > 12  # a file per force (or extract) and month
    assert any("/part_force=cleveland-police/" in f["path"] for f in incidents["files"])


def test_a_missing_partition_is_named(copy: Path) -> None:
    manifest = json.loads((copy / "manifest.json").read_text())
    lost = manifest["tables"]["incidents"]["files"][3]["path"]
    (copy / lost).unlink()
    with pytest.raises(DataError, match="missing .*" + lost.split("/")[-2]):
        open_database(copy)


def test_a_manifest_that_disagrees_with_the_files_is_refused(copy: Path) -> None:
    path = copy / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["tables"]["incidents"]["rows"] += 1
    path.write_text(json.dumps(manifest))
    with pytest.raises(DataError, match="incidents rows; its manifest says"):
        open_database(copy)


def test_a_file_changed_after_the_export_is_refused(copy: Path) -> None:
    manifest = json.loads((copy / "manifest.json").read_text())
    changed = copy / manifest["tables"]["areas"]["files"][0]["path"]
    with open(changed, "ab") as handle:
        handle.write(b"more")
    with pytest.raises(DataError, match="changed or cut short"):
        open_database(copy)


def test_a_file_that_is_not_parquet_is_named(copy: Path) -> None:
    manifest = json.loads((copy / "manifest.json").read_text())
    item = manifest["tables"]["areas"]["files"][0]
    (copy / item["path"]).write_bytes(b"x" * item["bytes"])  # the same size, not Parquet
    with pytest.raises(DataError, match=r"areas/data\.parquet is not a Parquet file"):
        open_database(copy)


def test_a_newer_schema_version_asks_for_a_newer_psg(copy: Path) -> None:
    path = copy / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["schema_version"] = str(SCHEMA_VERSION + 1)
    path.write_text(json.dumps(manifest))
    with pytest.raises(DataError, match="Upgrade psg-tui") as refused:
        open_database(copy)
    assert f"schema version {SCHEMA_VERSION + 1}" in refused.value.message


@pytest.mark.parametrize("text", ["{not json", json.dumps({"format": "something else"}), json.dumps([1, 2])])
def test_a_broken_manifest_is_refused(copy: Path, text: str) -> None:
    (copy / "manifest.json").write_text(text)
    with pytest.raises(DataError, match="manifest"):
        open_database(copy)


def test_a_manifest_cannot_point_outside_the_dataset(copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.parquet"
    shutil.copy(next((copy / "areas").glob("*.parquet")), outside)
    path = copy / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["tables"]["areas"]["files"][0]["path"] = "../outside.parquet"
    path.write_text(json.dumps(manifest))
    with pytest.raises(DataError, match="outside the dataset"):
        open_database(copy)


def test_a_dataset_is_never_written(exported: Path) -> None:
    with pytest.raises(UsageError, match="only ever read"):
        open_database(exported, read_only=False)


def test_a_panel_query_reads_only_the_listed_files(exported: Path, tmp_path: Path) -> None:
    con = open_database(exported)
    try:
        (tmp_path / "other.csv").write_text("a\n1\n")
        with pytest.raises(Exception, match=r"(?i)permission|not allowed|disabled"):
            con.execute(f"SELECT * FROM read_csv('{tmp_path / 'other.csv'}')").fetchall()
    finally:
        con.close()


def test_export_refuses_an_existing_folder_and_leaves_nothing_half_written(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "there").mkdir()
    with pytest.raises(OutputError, match="already exists"):
        import argparse

        from psg_tui.commands.db import run_export

        run_export(argparse.Namespace(db=sample_db, parquet=tmp_path / "there"))

    import psg_tui.core.dataset as dataset

    written: list[str] = []
    real = dataset._export_table

    def fail_on_the_third(con, table, work):  # type: ignore[no-untyped-def]
        written.append(table)
        if len(written) == 3:
            raise OSError("No space left on device")
        return real(con, table, work)

    monkeypatch.setattr(dataset, "_export_table", fail_on_the_third)
    assert main(["db", "export", str(sample_db), "--parquet", str(tmp_path / "new")]) != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["there"]


def test_db_check_reads_every_byte_against_the_checksums(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "check", str(copy)]) == 0
    manifest = json.loads((copy / "manifest.json").read_text())
    item = manifest["tables"]["areas"]["files"][0]
    data = bytearray((copy / item["path"]).read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte inside the data: the same size, the footer intact
    (copy / item["path"]).write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["db", "check", str(copy)]) == 65
    assert "areas/data.parquet differs from the export" in capsys.readouterr().out


def test_a_damaged_small_table_is_said_on_opening_not_shown_as_figures(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The small tables are read into memory when the dataset is opened: a damaged one stops
    the opening with a message that points at `psg db check`, which names the file."""
    manifest = json.loads((copy / "manifest.json").read_text())
    item = manifest["tables"]["areas"]["files"][0]
    data = bytearray((copy / item["path"]).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / item["path"]).write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["query", str(copy), "overview"]) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "is damaged" in captured.err and "psg db check" in captured.err
    assert "DuckDB database" not in captured.err


@pytest.mark.parametrize(
    "command",
    [
        ["import", "{ds}", "areas", "{csv}"],
        ["upgrade", "{ds}"],
        ["rebuild", "{ds}"],
        ["export", "{ds}", "--parquet", "{new}"],
    ],
)
def test_commands_that_write_refuse_a_dataset(
    exported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    before = sorted((p.relative_to(exported), p.stat().st_mtime_ns) for p in exported.rglob("*"))
    (tmp_path / "areas.csv").write_text("id,name,kind\nx,X,ward\n")
    values = {"ds": str(exported), "csv": str(tmp_path / "areas.csv"), "new": str(tmp_path / "new")}
    assert main(["db", *(part.format(**values) for part in command)]) != 0
    error = capsys.readouterr().err
    assert "Parquet dataset" in error and "Traceback" not in error
    assert sorted((p.relative_to(exported), p.stat().st_mtime_ns) for p in exported.rglob("*")) == before
    assert not (tmp_path / "new").exists()
