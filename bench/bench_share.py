"""Benchmark: following the chair (`psg --share`, issue 33.5) - how soon ten followers have the
chair's new area, and what sharing costs the chair's own key.

Three processes a session, in one run, the conditions alternated session by session so drift in
the machine hits them alike:

- the chair (`bench_share.py chair`): the real dashboard, started the way `psg open DB --share`
  starts it, headless, driven through Textual's auto-pilot like bench/probe.py: `n` through
  --switches areas, each key timed to every panel of the new area drawn (the same measure as
  bench_dashboard.py's 2a; the chair waits for the prefetch before each key, at most --dwell s,
  then at least --gap s after the panels are drawn, as a chair talks about each area). It notes,
  from the outside, when the share hands each view to the server (`Sharing._publish`) and how
  long building and rendering it took;
- the followers (`bench_share.py followers`): --followers real Server-Sent Events clients (httpx
  streams, one thread each) on the share's event stream, in a process of their own as browsers
  would be, noting when each event arrived;
- this script, which generates the database, runs the sessions and reads the timings.

Conditions: `off` (no --share), `none` (shared, nobody following) and `ten` (shared, --followers
following). Times on both sides are `time.monotonic()`, which on Linux is one clock for every
process (CLOCK_MONOTONIC), so a key in the chair and an event in a follower compare directly.

For each key and each follower, two arrivals are measured: the first event naming the new area
(its heading, the panels "Loading...": sent at the key, before the screen draws) and the event
with every panel's figures (sent by the share's check, every 0.1 s, once the screen has drawn
them) - the second is "the follower shows the new area". An arrival after the next key, or never,
is counted as missed (the share sends only the newest view, so a slow follower skips views).

Prints medians with the p10-p90 spread, the ratios of the chair's key time, where the time goes,
and writes the raw samples to bench/out/share-<size>.json (`bench_share.py table FILE` prints
the table again from them).

    .venv/bin/python bench/bench_share.py --size 100k --sessions 3 --switches 15
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import MONTHS, OUT, SIZES, SPAN, database_path, generate  # noqa: E402

PYTHON = sys.executable
SIZE = (120, 40)
CONDITIONS = ("off", "none", "ten")
FLOOD = "flood"  # shared, nobody following, --followers clients asking with a wrong token
FOLLOWER_GOAL_MS = 250.0  # p90, key -> every follower has the new area
KEY_GOAL = 1.1  # the chair's key with ten followers against none
LOADING = "Loading…"  # a panel's note while the share has only the new area's heading


def spread(samples: list[float]) -> dict[str, float]:
    """Median and p10/p90 in milliseconds (min/max when there are too few for deciles)."""
    ms = sorted(s * 1000 for s in samples)
    if not ms:
        return {"median": float("nan"), "p10": float("nan"), "p90": float("nan"), "n": 0}
    if len(ms) >= 10:
        deciles = statistics.quantiles(ms, n=10)
        low, high = deciles[0], deciles[-1]
    else:
        low, high = ms[0], ms[-1]
    return {"median": statistics.median(ms), "p10": low, "p90": high, "n": len(ms)}


# -- the followers' process ----------------------------------------------------------------


def followers_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_share.py followers")
    parser.add_argument("url")
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--flood", action="store_true", help="request wrong-token URLs instead of following")
    args = parser.parse_args(argv)
    import httpx

    got: list[list[dict[str, Any]]] = [[] for _ in range(args.count)]
    errors: list[str] = []
    if args.flood:
        return flood(args.url, args.count, args.out)

    def follow(events: list[dict[str, Any]]) -> None:
        kind = ""
        try:
            with httpx.stream("GET", args.url, timeout=httpx.Timeout(60, connect=10)) as stream:
                stream.raise_for_status()
                for line in stream.iter_lines():
                    if line.startswith("event: "):
                        kind = line[7:]
                    elif line.startswith("data: "):
                        at = time.monotonic()
                        data = json.loads(line[6:])
                        events.append(
                            {"at": at, "kind": kind, "status": data["status"], "loading": LOADING in data["html"],
                             "bytes": len(line)}
                        )  # fmt: skip
                        if kind == "ended":
                            return
        except Exception as exc:  # noted: the parent says which follower failed and why
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=follow, args=(events,), daemon=True) for events in got]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    args.out.write_text(json.dumps({"followers": got, "errors": errors}), encoding="utf-8")
    return 0


def flood(url: str, count: int, out: Path) -> int:
    """`count` clients asking for the stream with a wrong token, each as fast as it is answered,
    until the share ends; what they were answered is written to `out`."""
    import httpx

    wrong = url.replace("/follow/", "/follow/x", 1)
    answers: dict[str, int] = {}
    lock = threading.Lock()

    def hammer() -> None:
        mine: dict[str, int] = {}
        with httpx.Client(timeout=10) as client:
            while True:
                try:
                    code = str(client.get(wrong).status_code)
                except httpx.TransportError:
                    break  # the share has ended
                mine[code] = mine.get(code, 0) + 1
        with lock:
            for code, n in mine.items():
                answers[code] = answers.get(code, 0) + n

    started = time.monotonic()
    threads = [threading.Thread(target=hammer, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(900)
    seconds = time.monotonic() - started
    out.write_text(
        json.dumps({"followers": [], "errors": [], "flood": answers, "seconds": seconds}), encoding="utf-8"
    )
    return 0


# -- the chair's process --------------------------------------------------------------------


def chair_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_share.py chair")
    parser.add_argument("db", type=Path)
    parser.add_argument("--minutes", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--condition", choices=(*CONDITIONS, FLOOD), required=True)
    parser.add_argument("--followers", type=int, default=10)
    parser.add_argument(
        "--flood", type=int, default=0, metavar="N",
        help="also a condition with N clients asking for the stream with a wrong token, as fast as answered",
    )  # fmt: skip
    parser.add_argument("--followers-out", type=Path)
    parser.add_argument("--switches", type=int, default=15)
    parser.add_argument("--dwell", type=float, default=5.0)
    parser.add_argument("--gap", type=float, default=0.6)
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"keys": [], "publishes": [], "condition": args.condition}
    _instrument(args, results)
    from psg_tui.cli import main as psg_main

    command = ["open", str(args.db), "--minutes", str(args.minutes)]
    if args.condition != "off":
        command.append("--share")
    results["exit_code"] = psg_main(command)
    args.out.write_text(json.dumps(results), encoding="utf-8")
    return 0


def _instrument(args: argparse.Namespace, results: dict[str, Any]) -> None:
    """Wraps, from the outside, what bench/probe.py wraps (the overview and area drawn) and the
    share's hand-over to the server; no hook lives in the product."""
    from textual.app import App

    from psg_tui.screens.overview import OverviewScreen

    channel: dict[str, Any] = {}
    original_overview = OverviewScreen.show_loaded
    original_run = App.run

    def loop_objects() -> tuple[asyncio.Event, asyncio.Queue[tuple[str, Any, float]]]:
        if not channel:
            channel["overview"], channel["areas"] = asyncio.Event(), asyncio.Queue()
        return channel["overview"], channel["areas"]

    def on_overview_loaded(self: OverviewScreen, period: Any, result: Any) -> None:
        original_overview(self, period, result)
        if period == self.context.period:
            self.app.call_after_refresh(loop_objects()[0].set)

    def instrument_later() -> None:
        from psg_tui.screens.area import AreaScreen

        original_area = AreaScreen._show

        def on_area_shown(
            self: AreaScreen, area_id: str, period: Any, panels: Any, *, complete: bool = True
        ) -> None:
            original_area(self, area_id, period, panels, complete=complete)
            if complete and (area_id, period) == (self.context.area_id, self.context.period):
                self.app.call_after_refresh(
                    lambda: loop_objects()[1].put_nowait((area_id, period, time.perf_counter()))
                )

        AreaScreen._show = on_area_shown  # type: ignore[method-assign]
        if args.condition == "off":
            return
        from psg_tui.app.sharing import Sharing
        from psg_tui.share.hub import Hub

        original_view, original_publish, original_hand = Sharing.view, Sharing._publish, Hub.publish
        built: dict[str, float] = {}

        def hand(self: Hub, *given: Any, **named: Any) -> None:
            built["at"] = time.monotonic()  # handed to the server: a follower may have it before this returns
            original_hand(self, *given, **named)

        def view(self: Sharing) -> Any:
            started = time.perf_counter()
            made = original_view(self)
            built["ms"] = (time.perf_counter() - started) * 1000
            return made

        def publish(self: Sharing, made: Any) -> None:
            started = time.monotonic()
            original_publish(self, made)
            loading = any(table.note == LOADING for table in made.tables)
            results["publishes"].append(
                {"at": built["at"], "status": made.announcement, "loading": loading,
                 "view_ms": built.pop("ms", 0.0), "render_ms": (built["at"] - started) * 1000}
            )  # fmt: skip

        Sharing.view = view  # type: ignore[method-assign]
        Hub.publish = hand  # type: ignore[method-assign]
        Sharing._publish = publish  # type: ignore[method-assign]

    async def ready(app: Any, area: str, period: Any) -> None:
        waited = time.perf_counter()
        while (
            app.meeting.ready_area_panels(area, period) is None and time.perf_counter() - waited < args.dwell
        ):
            await asyncio.sleep(0.02)

    async def drive(pilot: Any) -> None:
        app = pilot.app
        follow: subprocess.Popen[bytes] | None = None
        try:
            await asyncio.wait_for(loop_objects()[0].wait(), timeout=300)
            instrument_later()
            if args.condition == FLOOD:
                assert app.sharing is not None, "the share did not start"
                follow = subprocess.Popen(
                    [PYTHON, __file__, "followers", f"{app.sharing.link}/events", "--count", str(args.followers),
                     "--out", str(args.followers_out), "--flood"]
                )  # fmt: skip
                await asyncio.sleep(1.0)  # the flood under way
            if args.condition == "ten":
                assert app.sharing is not None, "the share did not start"
                follow = subprocess.Popen(
                    [PYTHON, __file__, "followers", f"{app.sharing.link}/events", "--count", str(args.followers),
                     "--out", str(args.followers_out)]
                )  # fmt: skip
                waited = time.perf_counter()
                while app.sharing.following < args.followers:
                    if time.perf_counter() - waited > 60:
                        raise TimeoutError(f"{app.sharing.following} of {args.followers} followers connected")
                    await asyncio.sleep(0.05)
                results["connected_s"] = time.perf_counter() - waited
            await asyncio.sleep(args.gap)
            shown = loop_objects()[1]
            for _ in range(args.switches):
                order, current = app.area_order, app.area_id
                target = order[0] if current not in order else order[(order.index(current) + 1) % len(order)]
                await ready(app, target, app.period)
                prefetched = app.meeting.ready_area_panels(target, app.period) is not None
                while not shown.empty():
                    shown.get_nowait()
                key_at, started = time.monotonic(), time.perf_counter()
                await pilot.press("n")
                while True:
                    area_id, _period, at = await asyncio.wait_for(shown.get(), timeout=60)
                    if area_id == target:
                        break
                results["keys"].append(
                    {"at": key_at, "area": target, "ms": (at - started) * 1000, "ready": prefetched}
                )
                await asyncio.sleep(args.gap)  # the chair talks; followers catch up
        except Exception as exc:  # recorded, so the parent can say what went wrong
            results["error"] = f"{type(exc).__name__}: {exc}"
        app.exit()  # the share ends: every follower gets "ended" and its process writes its file
        if follow is not None:
            results["following_at_exit"] = app.sharing.following if app.sharing else 0

    def run(self: Any, **kwargs: Any) -> Any:
        kwargs.update(headless=True, size=SIZE, auto_pilot=drive)
        return original_run(self, **kwargs)

    OverviewScreen.show_loaded = on_overview_loaded  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]


# -- the parent ----------------------------------------------------------------------------


def session(db: Path, scratch: Path, n: int, condition: str, opts: argparse.Namespace) -> dict[str, Any]:
    out, minutes = scratch / f"chair-{n}-{condition}.json", scratch / f"minutes-{n}-{condition}.toml"
    followers_out = scratch / f"followers-{n}-{condition}.json"
    command = [PYTHON, __file__, "chair", str(db), "--minutes", str(minutes), "--out", str(out),
               "--condition", condition, "--followers", str(opts.flood if condition == FLOOD else opts.followers),
               "--followers-out",
               str(followers_out), "--switches", str(opts.switches), "--dwell", str(opts.dwell),
               "--gap", str(opts.gap)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"chair ({condition}) failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(out.read_text())
    if "error" in result:
        raise SystemExit(f"chair ({condition}): {result['error']}")
    if condition in ("ten", FLOOD):
        for _ in range(100):  # the followers' process writes its file once the share has ended
            if followers_out.exists():
                break
            time.sleep(0.1)
        got = json.loads(followers_out.read_text())
        if got["errors"]:
            raise SystemExit(f"followers: {got['errors'][:3]}")
        result["followers"] = got["followers"]
        if "flood" in got:
            result["flood"] = {"answers": got["flood"], "seconds": got["seconds"]}
    return result


def arrivals(result: dict[str, Any]) -> dict[str, list[float]]:
    """For each key and follower: key -> first event naming the area, key -> its figures; and
    the chair's side: key -> the share handing each to the server."""
    keys, publishes = result["keys"], result["publishes"]
    found: dict[str, list[float]] = {
        "heading": [], "figures": [], "publish_heading": [], "publish_figures": [],
        "send_heading": [], "send_figures": [], "missed": [], "view_ms": [], "render_ms": [],
        "frame_publish": [], "frame_follower": [],
    }  # fmt: skip
    for i, key in enumerate(keys):
        if i == 0:
            continue  # the first n also builds the area screen: reported on its own
        ends = keys[i + 1]["at"] if i + 1 < len(keys) else float("inf")
        mine = [p for p in publishes if key["at"] <= p["at"] < ends]
        named = [p for p in mine if p["status"].startswith("Now showing ")]
        if not named:
            found["missed"].append(1.0)
            continue
        status = named[0]["status"]
        first = named[0]
        full = next((p for p in named if not p["loading"]), None)
        found["publish_heading"].append(first["at"] - key["at"])
        frame = key["at"] + key["ms"] / 1000  # the chair's screen drawn (perf_counter: the same clock)
        if full is not None:
            found["publish_figures"].append(full["at"] - key["at"])
            found["frame_publish"].append(full["at"] - frame)
        for p in mine:
            found["view_ms"].append(p["view_ms"] / 1000)
            found["render_ms"].append(p["render_ms"] / 1000)
        for events in result.get("followers", []):
            seen = [e for e in events if key["at"] <= e["at"] < ends and e["status"] == status]
            if not seen:
                found["missed"].append(1.0)
                continue
            found["heading"].append(seen[0]["at"] - key["at"])
            found["send_heading"].append(seen[0]["at"] - first["at"])
            figures = next((e for e in seen if not e["loading"]), None)
            if figures is None or full is None:
                found["missed"].append(1.0)
                continue
            found["figures"].append(figures["at"] - key["at"])
            found["frame_follower"].append(figures["at"] - frame)
            found["send_figures"].append(figures["at"] - full["at"])
    return found


def bench(opts: argparse.Namespace) -> dict[str, Any]:
    db = database_path(opts.size, opts.out)
    if not db.exists():
        print(f"generating {db} ...", file=sys.stderr, flush=True)
        generate(db, SIZES[opts.size], months=SPAN.get(opts.size, MONTHS))
    db.read_bytes()  # warm the page cache
    samples: dict[str, Any] = {
        "size": opts.size,
        "followers": opts.followers,
        "flood": opts.flood,
        "gap": opts.gap,
        "sessions": [],
    }
    with tempfile.TemporaryDirectory(prefix="psg-bench-share-") as tmp:
        scratch = Path(tmp)
        warm = argparse.Namespace(**{**vars(opts), "switches": 2})
        session(db, scratch, -1, "ten", warm)  # warm-up: .pyc files, page cache
        conditions = (*CONDITIONS, FLOOD) if opts.flood else CONDITIONS
        for n in range(opts.sessions):
            turn = n % len(conditions)
            order = conditions[turn:] + conditions[:turn]  # rotated, so none always goes first
            for condition in order:
                print(f"session {n} {condition} ...", file=sys.stderr, flush=True)
                samples["sessions"].append(session(db, scratch, n, condition, opts))
    (opts.out / f"share-{opts.size}.json").write_text(json.dumps(samples), encoding="utf-8")
    return samples


def fmt(s: dict[str, float]) -> str:
    return f"{s['median']:.0f} ({s['p10']:.0f}-{s['p90']:.0f}) n={s['n']}"


def table(samples: dict[str, Any]) -> str:
    keys: dict[str, list[float]] = {c: [] for c in (*CONDITIONS, FLOOD)}
    first: dict[str, list[float]] = {c: [] for c in (*CONDITIONS, FLOOD)}
    ready: dict[str, list[bool]] = {c: [] for c in (*CONDITIONS, FLOOD)}
    answers: dict[str, int] = {}
    seconds = 0.0
    parts: dict[str, list[float]] = {}
    gap = samples.get("gap", 0.6)
    waits: dict[str, list[float]] = {c: [] for c in (*CONDITIONS, FLOOD)}
    for result in samples["sessions"]:
        # How long the chair waited for the prefetch to have the next area (the app's thread
        # workers, which a busy server thread in the same process holds back).
        k = result["keys"]
        waits[result["condition"]] += [
            k[i + 1]["at"] - k[i]["at"] - k[i]["ms"] / 1000 - gap for i in range(1, len(k) - 1)
        ]
        # The first n also builds the area screen: reported on its own, not in the median.
        first[result["condition"]] += [k["ms"] / 1000 for k in result["keys"][:1]]
        keys[result["condition"]] += [k["ms"] / 1000 for k in result["keys"][1:]]
        ready[result["condition"]] += [k["ready"] for k in result["keys"][1:]]
        if "flood" in result:
            seconds += result["flood"]["seconds"]
            for code, n in result["flood"]["answers"].items():
                answers[code] = answers.get(code, 0) + n
        if result["condition"] == "ten":
            for name, values in arrivals(result).items():
                parts.setdefault(name, []).extend(values)
    size, count = samples["size"], samples["followers"]
    key = {c: spread(keys[c]) for c in CONDITIONS}
    figures = spread(parts.get("figures", []))
    lines = [
        "| size | measure | median (p10-p90) ms | goal | met |",
        "|---|---|---|---|---|",
        f"| {size} | key -> each of {count} followers has the new area's figures | {fmt(figures)} "
        f"(p90 {figures['p90']:.0f}) | p90 <= {FOLLOWER_GOAL_MS:.0f} ms "
        f"| {'yes' if figures['p90'] <= FOLLOWER_GOAL_MS else 'NO'} |",
        f"| {size} | key -> each follower has the new area's heading | {fmt(spread(parts.get('heading', [])))} | | |",
        f"| {size} | views missed (arrived after the next key, or never) | {int(sum(parts.get('missed', [])))} | 0 "
        f"| {'yes' if not parts.get('missed') else 'NO'} |",
    ]
    for condition, label in (
        ("off", "not shared"),
        ("none", "shared, nobody following"),
        ("ten", f"{count} following"),
    ):
        lines.append(
            f"| {size} | chair's key (n -> panels drawn), {label} | {fmt(key[condition])} "
            f"({sum(ready[condition])}/{len(ready[condition])} prefetched) | | |"
        )
    lines.append(
        f"| {size} | the prefetch's next area ready after the chair's frame (waited before the next n), "
        f"not shared / none / {count} following / flooded "
        f"| {' / '.join(f'{statistics.median(waits[c]) * 1000:.0f}' if waits[c] else '-' for c in (*CONDITIONS, FLOOD))} "
        "| | |"
    )
    lines.append(
        f"| {size} | the first n (also builds the area screen), not shared / none / {count} following "
        f"| {' / '.join(f'{statistics.median(first[c]) * 1000:.0f}' for c in CONDITIONS)} | | |"
    )
    for against, label in (("off", "not shared"), ("none", "shared, nobody following")):
        ratio = key["ten"]["median"] / key[against]["median"]
        lines.append(
            f"| {size} | chair's key, {count} following / {label} (medians) | {ratio:.2f}x | <= {KEY_GOAL}x "
            f"| {'yes' if ratio <= KEY_GOAL else 'NO'} |"
        )
    if keys[FLOOD]:
        flooded = spread(keys[FLOOD])
        ratio = flooded["median"] / key["none"]["median"]
        rate = sum(answers.values()) / seconds if seconds else 0.0
        codes = ", ".join(f"{n:,} x {code}" for code, n in sorted(answers.items()))
        lines += [
            f"| {size} | chair's key, shared, {samples.get('flood', '')} clients asking with a wrong token "
            f"({rate:,.0f} requests/s answered: {codes}) | {fmt(flooded)} | | |",
            f"| {size} | chair's key, flooded / shared, nobody following (medians) | {ratio:.2f}x | <= {KEY_GOAL}x "
            f"| {'yes' if ratio <= KEY_GOAL else 'NO'} |",
        ]
    lines += [
        "",
        "Where the time goes (ms, median (p10-p90)):",
        "",
        "| step | ms |",
        "|---|---|",
        f"| key -> the share hands the heading to the server (chair's process) | {fmt(spread(parts.get('publish_heading', [])))} |",
        f"| heading handed over -> a follower has it (server thread, socket, client) | {fmt(spread(parts.get('send_heading', [])))} |",
        f"| key -> the share hands the figures to the server (the screen drawn, then the share's check) | {fmt(spread(parts.get('publish_figures', [])))} |",
        f"| figures handed over -> a follower has them | {fmt(spread(parts.get('send_figures', [])))} |",
        f"| the chair's frame drawn -> the figures handed over (the share's own delay) "
        f"| {fmt(spread(parts.get('frame_publish', [])))} |",
        f"| the chair's frame drawn -> a follower has the figures (how far followers trail the room) "
        f"| {fmt(spread(parts.get('frame_follower', [])))} |",
        f"| building a view from what the screen holds (`Sharing.view`) | {fmt(spread(parts.get('view_ms', [])))} |",
        f"| rendering it (`render_view`) | {fmt(spread(parts.get('render_ms', [])))} |",
    ]
    return "\n".join(lines)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100k", help="100k, 1m, 10m or 100m (bench/generate.py)")
    parser.add_argument("--sessions", type=int, default=3, help="sessions of each condition, alternated")
    parser.add_argument("--switches", type=int, default=15, help="areas stepped through per session")
    parser.add_argument("--followers", type=int, default=10)
    parser.add_argument(
        "--flood", type=int, default=0, metavar="N",
        help="also a condition with N clients asking for the stream with a wrong token, as fast as answered",
    )  # fmt: skip
    parser.add_argument("--dwell", type=float, default=5.0, help="seconds to wait for the prefetch, at most")
    parser.add_argument(
        "--gap", type=float, default=0.6, help="seconds on each area after it is drawn, at least"
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where the databases are (default bench/out)")
    opts = parser.parse_args(argv)
    opts.out.mkdir(parents=True, exist_ok=True)
    return opts


def main(argv: list[str]) -> int:
    if argv[:1] == ["chair"]:
        return chair_main(argv[1:])
    if argv[:1] == ["followers"]:
        return followers_main(argv[1:])
    if argv[:1] == ["table"]:  # the table again from a run's samples: bench_share.py table FILE
        print(table(json.loads(Path(argv[1]).read_text(encoding="utf-8"))))
        return 0
    opts = parse(argv)
    started = time.perf_counter()
    samples = bench(opts)
    print(f"measured in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(table(samples))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
