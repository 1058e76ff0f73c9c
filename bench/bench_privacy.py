"""Benchmark: the personal-details detector behind privacy mode and redacted copies.

Times are CPU times (medians), except the whole command's, which is wall-clock.

Privacy mode masks every text on every redraw, so what matters there is (1) building the mask
when the minutes change (it reads all their free text for people they do not list), (2) the
first redraw, when every text is scanned, and (3) later redraws, which read remembered
results. Redaction scans every field once; (4) times `prepare(..., redact=True)` and the
whole `psg minutes show --redact` by size, with every action owned by someone else, the case
that used to take time proportional to actions x owners.

    .venv/bin/python bench/bench_privacy.py [--actions 2000] [--show 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from psg_tui.core.minutes import Action, Minutes, Update, dump_minutes, read_minutes
from psg_tui.core.paths import sample_sources_dir
from psg_tui.core.privacy import ScreenMask, free_texts
from psg_tui.publish import prepare

SAMPLE = sample_sources_dir() / "minutes" / "2026-10-15-stockton-psg.toml"


def made_up_name(i: int) -> str:
    return "".join("bcdfghklmnprstvz"[int(c, 16)] + "aeiou"[int(c, 16) % 5] for c in f"{i:04x}").capitalize()


def with_actions(base: Minutes, count: int, *, distinct_owners: bool) -> Minutes:
    people = [(a.name, a.agency) for a in base.attendees]
    actions = []
    for i in range(count):
        name, agency = (
            (f"Pat {made_up_name(i)}", f"Agency {i % 30}") if distinct_owners else people[i % len(people)]
        )
        actions.append(
            Action(
                f"A-{i + 1:05d}",
                f"Visit {i % 90 + 1} Gallion Street and speak to {made_up_name(i + 7)} about the closure order",
                name,
                agency,
                date(2026, 9, 1),
                date(2026, 9, 1) + timedelta(days=i % 120),
                ("open", "in-progress", "done", "blocked")[i % 4],
                area="thornaby-victoria",
                updates=(
                    Update(
                        datetime(2026, 10, 1, 9), people[(i + 1) % len(people)][0], f"Called {name} twice"
                    ),
                ),
            )
        )
    return replace(base, actions=tuple(actions))


def median_ms(fn, runs: int) -> float:
    """Median CPU time of `fn` in ms: CPU, not wall, time, so other work on shared cores counts less."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def screen_texts(minutes: Minutes) -> list[str]:
    """What the tracker and area view pass through the mask: titles, owners, notes, updates."""
    return [*free_texts(minutes), *(a.owner for a in minutes.actions)]


def privacy(label: str, minutes: Minutes, runs: int) -> None:
    texts = screen_texts(minutes)
    build = median_ms(lambda: ScreenMask.for_minutes(minutes), runs)

    def first_redraw() -> None:
        mask = ScreenMask.for_minutes(minutes)
        start = time.process_time()
        for text in texts:
            mask.text(text)
        first_redraw.ms = (time.process_time() - start) * 1000  # type: ignore[attr-defined]

    cold = []
    for _ in range(runs):
        first_redraw()
        cold.append(first_redraw.ms)  # type: ignore[attr-defined]
    mask = ScreenMask.for_minutes(minutes)
    for text in texts:
        mask.text(text)
    warm = median_ms(lambda: [mask.text(text) for text in texts], runs)
    print(
        f"privacy {label:>14}: {len(texts):6,} texts  CPU: build mask {build:8.1f} ms  "
        f"first redraw {statistics.median(cold):8.1f} ms  later redraws {warm:6.2f} ms"
    )


def redaction(count: int, folder: Path, runs: int) -> None:
    minutes = with_actions(read_minutes(SAMPLE), count, distinct_owners=True)
    path = folder / f"distinct-{count}.toml"
    path.write_text(dump_minutes(minutes), encoding="utf-8")
    ms = median_ms(lambda: prepare(minutes, redact=True), max(1, runs // 2))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "psg_tui", "minutes", "show", "--redact", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    show = time.perf_counter() - start
    print(
        f"redact {count:>7,} actions, {count:,} owners: prepare {ms / 1000:6.2f} s CPU, "
        f"`psg minutes show --redact` {show:6.2f} s wall"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=2000, help="actions in the privacy-mode file")
    parser.add_argument(
        "--show", type=int, action="append", help="sizes to redact (default 2,000 and 20,000)"
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sample = read_minutes(SAMPLE)
    privacy("sample", sample, args.runs)
    privacy(f"{args.actions:,} actions", with_actions(sample, args.actions, distinct_owners=False), args.runs)
    with tempfile.TemporaryDirectory() as folder:
        for count in args.show or [2000, 20000]:
            redaction(count, Path(folder), args.runs)


if __name__ == "__main__":
    main()
