"""``python -m tests.bench --n 1000``: generate a corpus, measure import, search and the app, print a table, write JSON.

Everything (corpus, databases, JSON) goes to a temporary folder unless
``--workdir`` names one (a corpus already there is reused).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.corpus import build_corpus

# Targets of issue 8 (at N = 10,000 on 2 cores).
TARGETS = {
    "import_docs_per_s": 300,
    "first_screen_ratio": 2.0,
    "open_document_ms": 50,
    "drill_ms": 30,
    "switch_view_ms": 30,
    "search_p95_ms": 100,
    "app_rss_mib": 150,
}
# Search terms: words every disclosure uses, and the unit names of a few documents (rare).
COMMON_TERMS = ["财政拨款", "一般公共预算", "基本支出", "三公经费"]
ABSENT_TERMS = ["没有这个词语的文档"]


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return {
        "nproc": os.cpu_count(), "cpu": model, "python": platform.python_version(),
        "platform": platform.platform(), "load_avg_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def probe(*args: str, env: dict | None = None) -> dict:
    """Run ``tests.bench.probes`` in a fresh interpreter; its last stdout line is JSON."""
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench.probes", *args],
        capture_output=True, text=True, env={**os.environ, "BENCH_T0": repr(started), **(env or {})},
        cwd=Path(__file__).resolve().parents[2],
    )
    if proc.returncode != 0:
        raise RuntimeError(f"probe {args[0]} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def rare_terms(db: Path, k: int = 5) -> list[str]:
    from juesuan_tui.store import Store

    with Store(db, readonly=True) as store:
        units = sorted({s.unit for s in store.list_documents()})
    step = max(1, len(units) // k)
    return [u for u in units[::step][:k] if len(u) >= 3]


def run(args: argparse.Namespace) -> dict:
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {"n": args.n, "jobs": args.jobs, "machine": machine(), "workdir": str(work)}
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

    started = time.perf_counter()
    paths = build_corpus(work / "corpus", args.n)
    listing = work / f"files-{args.n}.txt"
    listing.write_text("\n".join(map(str, paths)) + "\n", encoding="utf-8")
    report["corpus"] = {"files": len(paths), "bytes": sum(p.stat().st_size for p in paths),
                        "seconds": time.perf_counter() - started}
    say(f"corpus: {len(paths)} files in {work / 'corpus'}")

    db = work / f"import-{args.n}.db"
    floor_db = work / f"floor-{args.n}.db"
    if "import" not in args.skip:
        # A new import starts from empty databases; with --skip import the ones a
        # previous run left in the workdir are measured again.
        for path in (db, floor_db):
            for extra in ("", "-wal", "-shm"):
                Path(f"{path}{extra}").unlink(missing_ok=True)
        say("import …")
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        report["import"] = probe("import", "--db", str(db), "--list", str(listing), *jobs)
        report["floor"] = probe("floor", "--db", str(floor_db), "--list", str(listing))

    if "search" not in args.skip and db.exists():
        say("search …")
        terms = {"common": COMMON_TERMS, "rare": rare_terms(db), "absent": ABSENT_TERMS}
        report["search"] = probe("search", "--db", str(db), "--terms", json.dumps(terms, ensure_ascii=False))
        report["search"]["terms"] = terms

    if "app" not in args.skip and db.exists():
        if importlib.util.find_spec("juesuan_tui.app") is None:
            report["app"] = {"skipped": "juesuan_tui.app is absent"}
        else:
            say("app …")
            runs = [probe("app", "--db", str(db), "--opens", str(args.opens)) for _ in range(args.launches)]
            minimal = [probe("minimal") for _ in range(args.launches)]
            app = runs[-1]
            for key in ("first_paint_s", "documents_listed_s", "first_document_s", "rss_mib"):
                app[key] = statistics.median(r[key] for r in runs)
            app["minimal_first_screen_s"] = statistics.median(r["first_screen_s"] for r in minimal)
            app["minimal_rss_mib"] = statistics.median(r["rss_mib"] for r in minimal)
            report["app"] = app

    report["seconds"] = time.perf_counter() - started
    if not args.keep and not args.workdir:
        shutil.rmtree(work / "corpus", ignore_errors=True)
    return report


def _fmt(value, spec: str = ".1f", unit: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{unit}"


def table(report: dict) -> str:
    m = report["machine"]
    n = report["n"]
    lines = [f"N = {n}  jobs = {report['jobs'] or 'cores'}  ({m['nproc']} cores, {m['cpu']}, Python {m['python']}, "
             f"load {', '.join(f'{x:.1f}' for x in (m['load_avg_at_start'] or []))})"]
    rows: list[tuple[str, str, str]] = []
    imp, floor = report.get("import"), report.get("floor")
    if imp:
        cpu_ms = 1000 * (imp["cpu_writer_s"] + imp["cpu_workers_s"]) / n
        rows += [
            ("import docs/s", _fmt(imp["docs_per_s"]), f"floor {_fmt(floor['docs_per_s'])}; target ≥ {TARGETS['import_docs_per_s']}"),
            ("import wall", _fmt(imp["wall_s"], ".1f", " s"), f"floor {_fmt(floor['wall_s'], '.2f', ' s')}"),
            ("parse per doc p50 / p95", f"{_fmt(imp['parse_p50_ms'])} / {_fmt(imp['parse_p95_ms'])} ms", "wall, in the worker"),
            ("CPU per doc (all processes)", _fmt(cpu_ms, ".1f", " ms"),
             f"writer {_fmt(1000 * imp['cpu_writer_s'] / n, '.1f', ' ms')}, workers {_fmt(1000 * imp['cpu_workers_s'] / n, '.1f', ' ms')}"),
            ("peak RSS writer / worker", f"{_fmt(imp['rss_writer_mib'], '.0f')} / {_fmt(imp['rss_worker_mib'], '.0f')} MiB",
             f"floor {_fmt(floor['rss_mib'], '.0f', ' MiB')}"),
            ("database per document", _fmt(imp["db_bytes"] / n / 1024, ".0f", " KiB"),
             f"floor {_fmt(floor['db_bytes'] / n / 1024, '.0f', ' KiB')}"),
        ]
    search = report.get("search")
    if search:
        for group in ("common", "rare", "absent"):
            s = search[group]
            rows.append((f"search {group} p50 / p95", f"{_fmt(s['p50_ms'])} / {_fmt(s['p95_ms'])} ms",
                         f"{s['hits_per_query']:.0f} hits/query; target p95 ≤ {TARGETS['search_p95_ms']} ms"))
    app = report.get("app")
    if app and "skipped" not in app:
        ratio = app["documents_listed_s"] / app["minimal_first_screen_s"]
        rows += [
            ("app first paint", _fmt(app["first_paint_s"], ".2f", " s"), f"minimal app {_fmt(app['minimal_first_screen_s'], '.2f', ' s')}"),
            ("app documents listed", _fmt(app["documents_listed_s"], ".2f", " s"),
             f"{ratio:.2f}× minimal; target ≤ {TARGETS['first_screen_ratio']}×"),
            ("app first document shown", _fmt(app["first_document_s"], ".2f", " s"), ""),
        ]
        noop = app.get("noop")
        floor = f"; floor (no-op action) p50 {_fmt(noop['p50_ms'])} ms" if noop else ""
        for key, target in (("open_document", "open_document_ms"), ("drill", "drill_ms"), ("switch_view", "switch_view_ms")):
            s = app.get(key)
            if s:
                rows.append((f"{key.replace('_', ' ')} p50 / p95", f"{_fmt(s['p50_ms'])} / {_fmt(s['p95_ms'])} ms",
                             f"n = {s['n']}; target ≤ {TARGETS[target]} ms{floor}"))
        rows.append(("app peak RSS", _fmt(app["rss_mib"], ".0f", " MiB"),
                     f"minimal {_fmt(app['minimal_rss_mib'], '.0f', ' MiB')}; target ≤ {TARGETS['app_rss_mib']} MiB"))
    elif app:
        rows.append(("app", app["skipped"], ""))
    width = max(len(r[0]) for r in rows) if rows else 0
    vwidth = max(len(r[1]) for r in rows) if rows else 0
    lines += [f"  {a:<{width}}  {b:>{vwidth}}   {c}" for a, b, c in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="documents in the corpus")
    parser.add_argument("--jobs", type=int, default=None, help="import worker processes (default: cores)")
    parser.add_argument("--workdir", help="folder for corpus and databases (default: a new temp folder)")
    parser.add_argument("--json", type=Path, help="where to write the JSON report (default: WORKDIR/bench-N.json)")
    parser.add_argument("--skip", nargs="+", action="extend", default=[], choices=["import", "search", "app"],
                        help="parts to skip (repeatable: --skip import --skip search, or --skip import search)")
    parser.add_argument("--launches", type=int, default=3, help="app launches to take the median of")
    parser.add_argument("--opens", type=int, default=5, help="documents opened per app launch")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus in the temp folder")
    args = parser.parse_args(argv)
    report = run(args)
    out = args.json or Path(report["workdir"]) / f"bench-{args.n}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(report))
    print(f"JSON: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
