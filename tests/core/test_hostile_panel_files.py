"""`psg query` on a hostile panel file exits with a code and a message, never a traceback,
for the files written by hand and for any file Hypothesis builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from psg_tui.cli import main
from tests.conftest import build_mini
from tests.examples import PER_DATABASE
from tests.panel_files import panel_files


def run_panel(
    sql: str, folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path
) -> tuple[int, str, str]:
    folder.mkdir(exist_ok=True)
    (folder / "hostile.sql").write_text(sql, encoding="utf-8")
    monkeypatch.setenv("PSG_QUERIES_DIR", str(folder))
    code = main(["query", str(db), "hostile", "--area", "north-ward"])
    out, err = capsys.readouterr()
    return code, out, err


PERCEPTION = "-- title: Hostile\n-- scope: area\n-- render: perception\n"


def test_perception_without_its_columns_names_them(
    mini_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sql = PERCEPTION + "SELECT 'asb' AS topic, 'W1' AS wave, 3 AS respondents\n"
    code, _out, err = run_panel(sql, tmp_path / "q", monkeypatch, capsys, mini_db)
    assert code == 65
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "has no wave_date, agreeing, incidents columns" in err
    assert "hostile.sql" in err


@pytest.mark.parametrize(
    "row, said",
    [
        ("0 AS respondents, 0 AS agreeing", "row 1's respondents is 0"),
        ("10 AS respondents, 11 AS agreeing", "row 1's agreeing is 11"),
        ("10 AS respondents, 'x' AS agreeing", "row 1's agreeing is 'x'"),
    ],
)
def test_perception_with_values_it_cannot_use_names_the_row(
    mini_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    row: str,
    said: str,
) -> None:
    sql = (
        PERCEPTION
        + f"SELECT 'asb' AS topic, 'W1' AS wave, DATE '2026-01-01' AS wave_date, {row}, 1 AS incidents\n"
    )
    code, _out, err = run_panel(sql, tmp_path / "q", monkeypatch, capsys, mini_db)
    assert code == 65 and said in err and "Traceback" not in err


def test_an_unknown_render_is_a_message(
    mini_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_panel(
        "-- render: table.v2\nSELECT 1 AS n\n", tmp_path / "q", monkeypatch, capsys, mini_db
    )
    assert code == 65 and "render 'table.v2'" in err


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_mini(tmp_path_factory.mktemp("hostile") / "mini.duckdb")


@pytest.mark.slow
@PER_DATABASE
@given(sql=panel_files(), output=st.sampled_from(("table", "csv", "json")))
def test_any_panel_file_exits_with_a_code_and_a_message(
    shared_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sql: str,
    output: str,
) -> None:
    folder = tmp_path / "any"
    folder.mkdir(exist_ok=True)
    (folder / "hostile.sql").write_text(sql, encoding="utf-8")
    monkeypatch.setenv("PSG_QUERIES_DIR", str(folder))
    code = main(["query", str(shared_db), "hostile", "--area", "north-ward", "--format", output])
    _out, err = capsys.readouterr()
    assert isinstance(code, int)
    event(f"exit {code}")
    assert "Traceback" not in err
    if code != 0:
        assert err.startswith("psg: ") and err.strip(), err
