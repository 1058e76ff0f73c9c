"""The dashboard probe still drives today's app: it broke silently once when screens stopped
holding the app (`self.psg`), and the benchmark then reported only "TimeoutError"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent


def test_the_probe_measures_start_up_an_area_switch_and_a_period_change(
    small_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "probe.json"
    command = [sys.executable, str(BENCH / "probe.py"), str(small_db), "--minutes", str(tmp_path / "m.toml")]
    command += ["--out", str(out), "--switches", "2", "--periods", "1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    results = json.loads(out.read_text())
    assert "error" not in results, (results.get("error"), done.stderr[-3000:])
    assert len(results["switch"]) == 2 and len(results["period"]) == 1
    assert all(0 < seconds < 60 for seconds in results["switch"] + results["period"])
    assert results["populated_at"] > 0


def test_the_probe_reports_its_own_peak_memory_not_its_parents() -> None:
    """ru_maxrss survives exec: the probe once reported the bench's own 600 MB as the app's."""
    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(ballast[::4096])  # touched: resident
    code = (
        f"import sys; sys.path.insert(0, {str(BENCH)!r}); from probe import peak_rss_mb; print(peak_rss_mb())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert float(done.stdout) < 200
    del ballast
