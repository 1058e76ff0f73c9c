"""How long the screen blank takes to reach the terminal, measured in a real terminal (tmux).

The chair presses the blank key when someone who must not see the screen walks in, often
just after moving on (`n`, `]`), while the dashboard is busy drawing. This script starts the
dashboard in a detached tmux session, presses the move key, then the blank key --gap seconds
later, and polls the pane until no protective marking is left on it: the time from the blank
key being sent to the blank screen being on the terminal. It then brings the screen back and
repeats. Medians and the worst case are printed per move key and blank key.

    .venv/bin/python bench/bench_blank.py --runs 8                 # the sample, esc and f12
    .venv/bin/python bench/bench_blank.py --keys Escape --moves n  # one pairing only

The pane is read every ~5 ms, so times are good to about 10 ms; the machine's other work
moves them, so compare runs made on the same machine one after the other.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "OFFICIAL"  # the marking is on every screen's top bar, and never on the blank screen


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def pane(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, test, timeout: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if test(pane(session)):
            return time.perf_counter() - start
        time.sleep(0.005)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=8, help="presses per (move, blank key) pair")
    parser.add_argument("--moves", nargs="+", default=["n", "]"], help="keys pressed before blanking")
    parser.add_argument("--keys", nargs="+", default=["Escape", "F12"], help="blank keys, tmux names")
    parser.add_argument("--gap", type=float, default=0.04, help="seconds between move and blank key")
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--command", default=f"{ROOT}/.venv/bin/psg", help="the dashboard to start")
    args = parser.parse_args()
    width, height = args.size.split("x")
    session = f"psg-blank-bench-{os.getpid()}"
    data = tempfile.mkdtemp(prefix="psg-blank-bench-")
    command = f"cd {shlex.quote(str(ROOT))} && PSG_DATA_DIR={shlex.quote(data)} {args.command}"
    tmux("new-session", "-d", "-s", session, "-x", width, "-y", height, command)
    results: dict[tuple[str, str], list[float]] = {}
    try:
        if wait_for(session, lambda text: "areas ranked" in text, 120) is None:
            print("The dashboard did not show the overview within 120 s:\n" + pane(session))
            return 1
        time.sleep(1.0)
        for run in range(args.runs):
            for move in args.moves:
                for key in args.keys:
                    if move == "]":
                        tmux("send-keys", "-t", session, "[")  # stay inside the data's months
                        time.sleep(1.5)
                    tmux("send-keys", "-t", session, move)
                    time.sleep(args.gap)
                    tmux("send-keys", "-t", session, key)
                    took = wait_for(session, lambda text: MARK not in text, 10)
                    if took is None:
                        print(f"{move} then {key}: the screen never blanked:\n{pane(session)}")
                        return 1
                    results.setdefault((move, key), []).append(took)
                    time.sleep(0.3)
                    tmux("send-keys", "-t", session, key)
                    if wait_for(session, lambda text: MARK in text, 10) is None:
                        print(f"{key} did not bring the screen back:\n{pane(session)}")
                        return 1
                    time.sleep(1.0)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    print(f"{'after':>6} {'blank key':>10} {'runs':>5} {'median ms':>10} {'max ms':>8}  each run (ms)")
    for (move, key), times in results.items():
        ms = [t * 1000 for t in times]
        each = " ".join(f"{m:.0f}" for m in ms)
        print(f"{move:>6} {key:>10} {len(ms):>5} {statistics.median(ms):>10.0f} {max(ms):>8.0f}  {each}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
