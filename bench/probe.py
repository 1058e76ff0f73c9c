"""Child process: the real dashboard, started the way `psg open DB` starts it, timed from outside.

No benchmark hook lives in the product. This script patches three things from the outside
before handing over to `psg_tui.cli.main(["open", DB, "--minutes", ...])`:

- `App.run` gets `headless=True` and a fixed size (there is no terminal to draw on);
- `OverviewScreen.show_loaded` and `AreaScreen._show` (which fills the panels, both
  from a load's message and from memory when the prefetch has the area ready; wrapped once the
  overview is drawn, as the product imports the area screen only then) are wrapped so
  that, after the real handler has filled the panels, the time is taken once the next screen
  refresh has happened (`call_after_refresh`): what the chair would see.
- with `--no-prefetch`, `Prefetch.restart` does nothing: every area is loaded on its key.

With `--dwell S` the chair "talks about" each area: before each `n` it waits until the prefetch
has the next area ready, or S seconds, whichever is first, and records whether it was ready
(`switch_ready`). Without it, keys follow each other as soon as the panels are drawn.

Then it drives the app as a chair would, through Textual's own auto-pilot (`App.run(auto_pilot=)`,
whose `pilot.press` sends keys through the driver like a terminal does): `n` through --switches areas, `[` through --periods months, `r` --reloads times,
and writes a JSON line of timings (seconds) and the peak resident memory to --out.
The parent (bench_dashboard.py) takes `time.time()` just before starting this process;
`populated_at` here is the same clock, so start-up is measured from process start.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

SIZE = (120, 40)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--minutes", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--switches", type=int, default=0, help="areas to step through with n")
    parser.add_argument("--periods", type=int, default=0, help="months to step back with [")
    parser.add_argument("--reloads", type=int, default=0, help="times to press r")
    parser.add_argument(
        "--dwell", type=float, default=0.0, help="seconds to wait for the prefetch before each n"
    )
    parser.add_argument("--no-prefetch", action="store_true", help="load every area on its key")
    parser.add_argument(
        "--fix-highlight-loop",
        action="store_true",
        help="apply the proposed fix to OverviewScreen.show_loaded (see bench/RESULTS.md): "
        "refilling the hidden overview must not post RowHighlighted, which sets the current area",
    )
    args = parser.parse_args()
    results: dict[str, Any] = {"switch": [], "switch_ready": [], "period": [], "reload": [], "areas": []}
    _instrument(args, results)
    from psg_tui.cli import main as psg_main

    code = psg_main(["open", str(args.db), "--minutes", str(args.minutes)])
    results["maxrss_mb"] = peak_rss_mb()
    results["exit_code"] = code
    args.out.write_text(json.dumps(results), encoding="utf-8")
    return 0


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB.

    Linux's `ru_maxrss` survives `exec`: a child started by a parent holding 600 MB reports at
    least 600 MB whatever it uses itself (bench_dashboard.py runs the floors, with the whole
    database in DuckDB's buffers, before it starts this probe). `VmHWM` in /proc/self/status is
    the peak of this program's own memory; ru_maxrss is the fallback elsewhere.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _instrument(args: argparse.Namespace, results: dict[str, Any]) -> None:
    from textual.app import App

    from psg_tui.app.prefetch import Prefetch
    from psg_tui.screens.overview import OverviewScreen

    if args.no_prefetch:
        Prefetch.restart = lambda self, period: None  # type: ignore[method-assign]

    # Created on the app's event loop, in the first handler call below.
    channel: dict[str, Any] = {}
    original_overview = OverviewScreen.show_loaded
    original_run = App.run

    def loop_objects() -> tuple[asyncio.Event, asyncio.Queue[tuple[str, Any, float]]]:
        if not channel:
            channel["overview"], channel["areas"] = asyncio.Event(), asyncio.Queue()
        return channel["overview"], channel["areas"]

    def on_overview_loaded(self: OverviewScreen, period: Any, result: Any) -> None:
        if args.fix_highlight_loop:
            from textual.widgets import DataTable

            with self.prevent(DataTable.RowHighlighted):
                original_overview(self, period, result)
        else:
            original_overview(self, period, result)
        if period == self.context.period and "populated_at" not in results:
            self.app.call_after_refresh(first_overview)

    def first_overview() -> None:
        results["populated_at"] = time.time()
        results["rss_at_overview_mb"] = peak_rss_mb()
        loop_objects()[0].set()

    def instrument_area() -> None:
        """The area screen is imported after start-up (PsgApp.SCREENS_BY_MODE): patched once the
        overview is drawn, so start-up is timed with what the product imports, no more."""
        from psg_tui.screens.area import AreaScreen

        original_area = AreaScreen._show

        def on_area_shown(
            self: AreaScreen, area_id: str, period: Any, panels: Any, *, complete: bool = True
        ) -> None:
            original_area(self, area_id, period, panels, complete=complete)
            if complete and (area_id, period) == (self.context.area_id, self.context.period):
                self.app.call_after_refresh(area_shown, area_id, period)

        AreaScreen._show = on_area_shown  # type: ignore[method-assign]

    def area_shown(area_id: str, period: Any) -> None:
        loop_objects()[1].put_nowait((area_id, period, time.perf_counter()))

    async def press_and_wait(pilot: Any, key: str, want: Any) -> float:
        shown = loop_objects()[1]
        while not shown.empty():
            shown.get_nowait()
        started = time.perf_counter()
        await pilot.press(key)
        while True:
            area_id, period, at = await asyncio.wait_for(shown.get(), timeout=60)
            if want(area_id, period):
                return at - started

    async def ready(app: Any, area: str, period: Any) -> None:
        """The chair talks about the area: until the prefetch has `area` for `period`, at most --dwell s."""
        waited = time.perf_counter()
        while app.meeting.ready_area_panels(area, period) is None:
            if time.perf_counter() - waited > args.dwell:
                return
            await asyncio.sleep(0.02)

    async def drive(pilot: Any) -> None:
        app = pilot.app
        try:
            await asyncio.wait_for(loop_objects()[0].wait(), timeout=300)
            instrument_area()
            for _ in range(args.switches):
                order, current = app.area_order, app.area_id
                target = order[0] if current not in order else order[(order.index(current) + 1) % len(order)]
                if args.dwell:
                    await ready(app, target, app.period)
                results["switch_ready"].append(app.meeting.ready_area_panels(target, app.period) is not None)
                results["switch"].append(await press_and_wait(pilot, "n", lambda a, p, t=target: a == t))
                results["areas"].append(target)
            if (args.periods or args.reloads) and app.area_id is None:
                await press_and_wait(pilot, "n", lambda a, p: True)
            results["period_area"] = app.area_id
            for _ in range(args.periods):
                target = app.period.previous
                if args.dwell:
                    await ready(app, app.area_id, target)
                results.setdefault("period_ready", []).append(
                    app.meeting.ready_area_panels(app.area_id, target) is not None
                )
                seconds = await press_and_wait(pilot, "left_square_bracket", lambda a, p, t=target: p == t)
                results["period"].append(seconds)
            results["reload_period"] = str(app.period)
            for _ in range(args.reloads):
                results["reload"].append(await press_and_wait(pilot, "r", lambda a, p: True))
        except Exception as exc:  # recorded, so the parent can say what went wrong
            results["error"] = f"{type(exc).__name__}: {exc}"
        app.exit()

    def run(self: Any, **kwargs: Any) -> Any:
        kwargs.update(headless=True, size=SIZE, auto_pilot=drive)
        return original_run(self, **kwargs)

    OverviewScreen.show_loaded = on_overview_loaded  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]


if __name__ == "__main__":
    sys.exit(main())
