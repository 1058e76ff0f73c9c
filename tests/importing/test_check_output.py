"""`psg db check` shows control characters stored by hand as marks, as every other output does:
an ESC in a source, area id, operation or meta value never reaches the terminal raw."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from psg_tui.cli import main
from tests.conftest import build_mini

RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EVIL = "\x1b]0;owned\x07\x1b[2J\u202e[bold]x[/bold]"


@pytest.mark.slow
def test_check_prints_database_text_with_its_controls_made_visible(tmp_path: Path, capsys) -> None:
    db = build_mini(tmp_path / "evil.duckdb")
    con = duckdb.connect(str(db))
    con.execute("UPDATE incidents SET source = ?", [f"src{EVIL}"])
    con.execute("INSERT INTO areas VALUES (?, 'Evil ward', 'ward', NULL, NULL, [])", [f"area{EVIL}"])
    con.execute("UPDATE meta SET value = ? WHERE key = 'as_of'", [f"soon{EVIL}"])
    if not con.execute("SELECT count(*) FROM meta WHERE key = 'as_of'").fetchone()[0]:
        con.execute("INSERT INTO meta VALUES ('as_of', ?)", [f"soon{EVIL}"])
    con.close()
    main(["db", "check", str(db)])
    out, err = capsys.readouterr()
    assert not RAW_CONTROL.findall(out + err), [line for line in out.splitlines() if RAW_CONTROL.search(line)]
    assert "␛]0;owned␇" in out  # shown, as marks
    assert "[bold]x[/bold]" in out  # as typed, never read as markup
    assert "Traceback" not in err
