"""The figures in SECURITY.md ("Query files and the read-only database"): every hostile panel
file of tests/core/test_sandbox.py, run with `psg query` on a fresh mini database, sorted into
leaked (it showed the secret, wrote a file or ran without error), refused (psg-tui refused it,
naming the file) and failed (DuckDB failed it for another reason).

    .venv/bin/python bench/attack_query_files.py

Run it from another checkout (PYTHONPATH=that checkout) to see an older version's figures.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "core"), str(ROOT / "tests")]

import test_sandbox  # noqa: E402  (the attacks the tests run)
from conftest import build_mini  # noqa: E402

from psg_tui.cli import main  # noqa: E402


def attack(name: str, sql: str) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        db = build_mini(folder / "mini.duckdb")
        (folder / "secret.csv").write_text(f"name,value\nkey,{test_sandbox.SECRET}\n")
        con = duckdb.connect(str(folder / "other.duckdb"))
        con.execute(f"CREATE TABLE leaked AS SELECT '{test_sandbox.SECRET}' AS value")
        con.close()
        (folder / "lite.sqlite").write_bytes(b"SQLite format 3\x00" + bytes(4080))
        scene = {
            "secret": folder / "secret.csv",
            "other": folder / "other.duckdb",
            "lite": folder / "lite.sqlite",
            "out": folder / "stolen.csv",
            "dir": folder,
        }
        panel = test_sandbox._hostile_panel(folder / "panels", name, sql, scene)
        os.environ["PSG_QUERIES_DIR"] = str(panel.parent)
        before = sorted(p.name for p in folder.iterdir())
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["query", str(db), panel.stem, "--format", "csv"])
        shown = out.getvalue() + err.getvalue()
        wrote = sorted(p.name for p in folder.iterdir()) != before
        if test_sandbox.SECRET in shown or "root:" in shown or wrote or code == 0:
            return "leaked", f"exit {code}" + (", wrote a file" if wrote else "")
        if "was refused" in shown:
            return "refused", ""
        return "failed", err.getvalue().strip().splitlines()[0][:100]


def main_() -> int:
    results = {name: attack(name, sql) for name, sql in test_sandbox.ESCAPES.items()}
    for name, (outcome, detail) in results.items():
        print(f"{outcome:8} {name:30} {detail}")
    outcomes = [outcome for outcome, _ in results.values()]
    print(
        f"\n{len(outcomes)} tried: {outcomes.count('refused')} refused, "
        f"{outcomes.count('leaked')} leaked, {outcomes.count('failed')} failed otherwise"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main_())
