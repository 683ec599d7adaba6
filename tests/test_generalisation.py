"""Generalisation: a few hundred generated disclosures (seven regional layouts, some mirrored in
traditional characters) through the real importer.

Recall of what the texts state must be ≥ 98% per category and per layout, with exactly equal
values, and the unit / year / kind identification exact. A failure prints recall per layout and
the most frequent misses with examples (seed, expected, got); regenerate one with
``generate(seed, layout, traditional=…)``.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import importers
from importers.errors import ImportRefused
from tests.generator import ALL_LAYOUTS, generate
from tests.generator.recall import Report, measure

PER_LAYOUT = 30  # 210 documents, as many as before over more layouts; the module stays under 20 s
TRADITIONAL_EVERY = 5  # every fifth round of layouts is printed in traditional characters
THRESHOLD = 0.98

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Report, list[str]]:
    """Generate, write, import through ``importers.load``, measure."""
    folder = tmp_path_factory.mktemp("generated")
    pairs, refused = [], []
    layouts = sorted(ALL_LAYOUTS)
    for n in range(PER_LAYOUT * len(layouts)):
        layout = layouts[n % len(layouts)]
        mirrored = (n // len(layouts)) % TRADITIONAL_EVERY == TRADITIONAL_EVERY - 1
        gen = generate(1000 + n, layout, traditional=mirrored)
        path = folder / gen.filename
        path.write_text(gen.text, encoding="utf-8")
        try:
            doc = importers.load(path)
        except ImportRefused as exc:
            refused.append(f"{layout} seed {gen.seed}: {exc}")
            # an unimportable document misses everything it states
            doc = SimpleNamespace(unit="", year=None, kind="", facts=[], line_items=[], scorecards=[],
                                  glossary=[], tables=[])
        pairs.append((gen, doc))
    return measure(pairs), refused


def test_every_generated_document_imports(imported) -> None:
    _, refused = imported
    assert not refused, "\n".join(refused[:20])


def test_unit_year_and_kind_are_identified(imported) -> None:
    report, _ = imported
    assert report.recall("identity") == 1.0, report.summary("identity", examples=3)


@pytest.mark.parametrize("category", ["facts", "line_items", "indicators", "glossary", "tables"])
def test_recall(imported, category: str) -> None:
    report, _ = imported
    assert report.total, "nothing was measured"
    low = [layout for layout in sorted(ALL_LAYOUTS) if report.recall(category, layout) < THRESHOLD]
    assert not low, f"below {THRESHOLD:.0%} in {low}\n" + report.summary(category)
