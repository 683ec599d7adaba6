"""Measurements that run in their own process: ``python -m tests.bench.probes KIND ARGS…``.

Each prints one JSON object on its last stdout line. Peak memory is the
process's own ``ru_maxrss`` (and, for the import, its workers').
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path


def _rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _emit(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False), flush=True)


def _paths(listing: Path) -> list[Path]:
    return [Path(line) for line in listing.read_text(encoding="utf-8").splitlines() if line]


# ---------------------------------------------------------------- import


def probe_import(args: argparse.Namespace) -> None:
    from juesuan_tui.batch import import_paths
    from juesuan_tui.store import Store

    paths = _paths(args.list)
    started = time.perf_counter()
    statuses: dict[str, int] = {}
    parse: list[float] = []
    with Store(args.db) as store:
        for result in import_paths(paths, store, jobs=args.jobs):
            statuses[result.status] = statuses.get(result.status, 0) + 1
            parse.append(result.parse_seconds)
    wall = time.perf_counter() - started
    _emit({
        "files": len(paths), "statuses": statuses, "wall_s": wall, "docs_per_s": len(paths) / wall,
        "parse_p50_ms": 1000 * _pct(parse, 0.5), "parse_p95_ms": 1000 * _pct(parse, 0.95),
        "cpu_writer_s": _cpu(resource.RUSAGE_SELF), "cpu_workers_s": _cpu(resource.RUSAGE_CHILDREN),
        "rss_writer_mib": _rss_mib(), "rss_worker_mib": _rss_mib(resource.RUSAGE_CHILDREN),
        "db_bytes": _db_bytes(args.db),
    })


def _db_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())


# ---------------------------------------------------------------- floor


def probe_floor(args: argparse.Namespace) -> None:
    """Read the files and store their raw text with sqlite-utils in one transaction."""
    import sqlite_utils

    paths = _paths(args.list)
    started = time.perf_counter()
    db = sqlite_utils.Database(args.db)
    with db.conn:
        db["raw"].insert_all(({"path": str(p), "text": p.read_text(encoding="utf-8")} for p in paths), batch_size=200)
    db.close()
    wall = time.perf_counter() - started
    _emit({"files": len(paths), "wall_s": wall, "docs_per_s": len(paths) / wall,
           "cpu_s": _cpu(resource.RUSAGE_SELF), "rss_mib": _rss_mib(), "db_bytes": _db_bytes(args.db)})


# ---------------------------------------------------------------- search


def probe_search(args: argparse.Namespace) -> None:
    from juesuan_tui.store import Store

    terms = json.loads(args.terms)
    out: dict[str, dict] = {}
    with Store(args.db, readonly=True) as store:
        for group, queries in terms.items():
            times: list[float] = []
            hits = 0
            for _ in range(args.repeat):
                for query in queries:
                    started = time.perf_counter()
                    found = store.search(query)
                    times.append(time.perf_counter() - started)
                    hits += len(found)
            out[group] = {"queries": len(times), "p50_ms": 1000 * _pct(times, 0.5), "p95_ms": 1000 * _pct(times, 0.95),
                          "hits_per_query": hits / max(1, len(times))}
    out["rss_mib"] = _rss_mib()
    _emit(out)


# ---------------------------------------------------------------- app


def _since_launch() -> float:
    """Seconds since the parent started this process (it passes its clock in BENCH_T0)."""
    return time.time() - float(os.environ["BENCH_T0"])


async def _until(pilot, condition, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.001)
    await pilot.pause()  # let the refresh that follows happen


def probe_minimal(args: argparse.Namespace) -> None:
    """A Textual app showing one line, measured as the juesuan app is."""
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self):
            yield Static("决算", markup=False)

    async def run() -> dict:
        app = Minimal()
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            first = _since_launch()
        return {"first_screen_s": first}

    result = asyncio.run(run())
    result["rss_mib"] = _rss_mib()
    _emit(result)


def probe_app(args: argparse.Namespace) -> None:
    """Launch the app on a database: first paint, document list, first document; then open, drill, switch."""
    from juesuan_tui.app import make_app

    timings: dict[str, object] = {}

    async def timed(name: str, action, condition) -> None:
        started = time.perf_counter()
        action()
        await _until(pilot_ref[0], condition)
        timings.setdefault(name, []).append(1000 * (time.perf_counter() - started))  # type: ignore[union-attr]

    pilot_ref: list = [None]

    async def run() -> None:
        app = make_app(args.db, readonly=True)
        async with app.run_test(size=(160, 50)) as pilot:
            pilot_ref[0] = pilot
            await pilot.pause()
            timings["first_paint_s"] = _since_launch()
            screen = app.screen
            await _until(pilot, lambda: bool(getattr(screen, "summaries", None)))
            timings["documents_listed_s"] = _since_launch()
            await _until(pilot, lambda: getattr(screen, "document", None) is not None)
            timings["first_document_s"] = _since_launch()
            # The floor of every action below: an action that does nothing, measured the same
            # way (the pilot's pause alone costs a frame or two on an idle app).
            for _ in range(10):
                await timed("noop", lambda: None, lambda: True)
            ids = [s.id for s in screen.summaries]
            step = max(1, len(ids) // args.opens)
            for doc_id in ids[step::step][: args.opens]:
                if doc_id == screen.document.id:
                    continue
                await timed("open_document", lambda d=doc_id: screen.load_document(d),
                            lambda d=doc_id: screen.document is not None and screen.document.id == d)
                await _drill_and_switch(screen, timed)

    async def _drill_and_switch(screen, timed) -> None:
        from juesuan_tui.widgets.drilldown import DrillDown

        for tab in ("drill", "report", "perf", "terms", "check", "text"):
            await timed("switch_view", lambda t=tab: screen.action_show_tab(t),
                        lambda t=tab: screen._active_tab() == t)
        screen.action_show_tab("drill")
        await pilot_ref[0].pause()
        drill = screen.query_one(DrillDown)
        for _ in range(3):  # fund → 类 → 款
            node = next((n for n in drill.rows if n.children), None)
            if node is None:
                break
            await timed("drill", lambda n=node: drill.descend(n), lambda n=node: drill.current is n)
        screen.action_show_tab("text")

    asyncio.run(run())
    result: dict[str, object] = {}
    for name, value in timings.items():
        if isinstance(value, list):
            result[name] = {"n": len(value), "p50_ms": _pct(value, 0.5), "p95_ms": _pct(value, 0.95),
                           "max_ms": max(value), "mean_ms": statistics.fmean(value)}
        else:
            result[name] = value
    result["rss_mib"] = _rss_mib()
    _emit(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.probes")
    sub = parser.add_subparsers(dest="kind", required=True)
    p = sub.add_parser("import")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--list", type=Path, required=True)
    p.add_argument("--jobs", type=int, default=None)
    p = sub.add_parser("floor")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--list", type=Path, required=True)
    p = sub.add_parser("search")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--terms", required=True, help='JSON: {"group": ["query", …]}')
    p.add_argument("--repeat", type=int, default=3)
    p = sub.add_parser("app")
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--opens", type=int, default=5)
    sub.add_parser("minimal")
    args = parser.parse_args(argv)
    {"import": probe_import, "floor": probe_floor, "search": probe_search, "app": probe_app,
     "minimal": probe_minimal}[args.kind](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
