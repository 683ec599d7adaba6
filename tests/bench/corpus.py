"""The benchmark corpus: N generated disclosures (mixed layouts), text files only."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tests.generator import LAYOUTS, generate

CHUNK = 200


def _write(args: tuple[Path, int, int]) -> list[str]:
    folder, start, stop = args
    order = sorted(LAYOUTS)
    names = []
    for seed in range(start, stop):
        doc = generate(seed, order[seed % len(order)])  # layouts take turns, as in tests.generator
        path = folder / doc.filename
        path.write_text(doc.text, encoding="utf-8")
        names.append(path.name)
    return names


def build_corpus(folder: Path, n: int, jobs: int | None = None) -> list[Path]:
    """Write seeds 0..n-1 into ``folder`` (reusing files already there); paths in seed order."""
    folder.mkdir(parents=True, exist_ok=True)
    order = sorted(LAYOUTS)
    expected = [folder / f"gen-{order[s % len(order)]}-{s:06d}.txt" for s in range(n)]
    missing = [s for s, p in enumerate(expected) if not p.exists()]
    if missing:
        chunks = [(folder, s, min(s + CHUNK, n)) for s in range(min(missing), n, CHUNK)]
        with ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
            list(pool.map(_write, chunks))
    return expected
