"""A value too large to store rejects its row, with the reason, and keeps the rest of the file:
never the whole file refused as "This is a bug"."""

from __future__ import annotations

from pathlib import Path

from psg_tui.cli import main
from psg_tui.importing import import_files
from psg_tui.importing.rows import MAX_TEXT
from tests.importing.conftest import LOOKUP, scalar, table


def rejects(summary) -> list[tuple[int, str, str]]:
    return [(r.row, r.column, r.reason) for r in summary.rejects]


def test_survey_counts_too_large_reject_their_rows(stockton, write) -> None:
    path = write(
        "survey.csv",
        "wave,area,topic,respondents,agreeing\n"
        "2026-03,all,drugs,10,5\n"
        "2026-03,all,asb,99999999999,5\n"
        "2026-03,all,noise,100,99999999999\n"
        "2026-03,all,litter,2000000000,2000000000\n"
        "2026-03,all,speeding,1e300,1\n",
    )
    [summary] = import_files(stockton, "survey", [path])
    assert rejects(summary) == [
        (2, "respondents", "respondents '99999999999' is too large to store (at most 2,000,000,000)"),
        (3, "agreeing", "agreeing '99999999999' is too large to store (at most 2,000,000,000)"),
        (5, "respondents", "respondents '1e300' is too large to store (at most 2,000,000,000)"),
    ]
    assert table(stockton, "SELECT topic, respondents, agreeing FROM survey ORDER BY topic") == [
        ("drugs", 10, 5),
        ("litter", 2_000_000_000, 2_000_000_000),  # the largest allowed is kept
    ]


def test_a_population_too_large_rejects_its_row(stockton, write) -> None:
    path = write(
        "population.csv", "lsoa,population\nE01012187,1500\nE01012188,99999999999999\nE01012189,1620\n"
    )
    [summary] = import_files(stockton, "population", [path])
    assert rejects(summary) == [
        (2, "population", "population '99999999999999' is too large to store (at most 2,000,000,000)")
    ]
    assert scalar(stockton, "SELECT sum(population) FROM population") == 3120


def test_an_imd_rank_too_large_rejects_its_row(stockton, write) -> None:
    path = write(
        "imd.csv",
        "LSOA code (2021),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\n"
        "E01012187,100,1\nE01012188,99999999999,1\n",
    )
    [summary] = import_files(stockton, "imd", [path])
    assert [(r.row, r.reason) for r in summary.rejects] == [
        (2, "IMD rank '99999999999' is too large to store (at most 1,000,000)")
    ]
    assert scalar(stockton, "SELECT count(*) FROM imd") == 1


def test_the_command_keeps_the_good_rows_and_lists_the_rejects(tmp_path: Path, capsys) -> None:
    db = tmp_path / "t.duckdb"
    assert main(["db", "init", str(db)]) == 0
    assert main(["db", "import", str(db), "ons-wards", str(LOOKUP)]) == 0
    survey = tmp_path / "s.csv"
    survey.write_text(
        "wave,area,topic,respondents,agreeing\n2026-03,all,drugs,10,5\n2026-03,all,asb,99999999999,5\n"
    )
    capsys.readouterr()
    assert main(["db", "import", str(db), "survey", str(survey)]) == 0
    out, err = capsys.readouterr()
    assert "This is a bug" not in out + err and "1 stored + 1 rejected" in out
    listed = (tmp_path / "t-rejects-survey.csv").read_text(encoding="utf-8")
    assert "s.csv,2,respondents,\"respondents '99999999999' is too large to store" in listed


# -- text too long to keep ---------------------------------------------------------------------


def test_a_value_too_long_rejects_its_row_and_keeps_the_rest(stockton, write) -> None:
    aim = "x" * (MAX_TEXT + 1)
    path = write(
        "operations.csv",
        "id,name,started,ended,areas,target_categories,lead_agency,aims\n"
        "op-a,Operation A,2025-01-01,,newtown,,Police,Short aims\n"
        f'op-b,Operation B,2025-01-01,,newtown,,Police,"{aim}"\n'
        f"op-c,Operation C,2025-01-01,,newtown,,Police,{'é' * MAX_TEXT}\n",  # 2 bytes a character: kept
    )
    [summary] = import_files(stockton, "operations", [path])
    assert rejects(summary) == [
        (
            2,
            "aims",
            f"the value is {MAX_TEXT + 1:,} characters long; a value may have at most 10,000 (a typing or export mistake?)",
        )
    ]
    assert summary.stored == 2 and summary.read == 3
    assert table(stockton, "SELECT id, length(aims) FROM operations ORDER BY id") == [
        ("op-a", 10),
        ("op-c", MAX_TEXT),
    ]


def test_a_long_value_in_any_kind_is_rejected_with_its_column(stockton, write) -> None:
    path = write(
        "survey.csv",
        f"wave,area,topic,respondents,agreeing\n2026-03,all,drugs,10,5\n2026-03,all,{'t' * 20_000},10,5\n",
    )
    [summary] = import_files(stockton, "survey", [path])
    assert [(r.row, r.column) for r in summary.rejects] == [(2, "topic")]
    assert "20,000 characters" in summary.rejects[0].reason and "ttt" not in summary.rejects[0].reason
    assert scalar(stockton, "SELECT count(*) FROM survey") == 1
