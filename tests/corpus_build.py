"""A corpus of generated disclosures for many-document tests: several units, each over several years.

The generator picks a unit and a year per seed and has no parameter to keep a
unit fixed, so the corpus post-processes its text: the unit name is replaced
consistently and the report year (and the prior year it mentions) rewritten.
Each document is then imported through the real pipeline (extraction and the
consistency checks), so its facts and findings are what an import stores.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from juesuan_tui.models import Document
from tests.generator import BREAK_RULES, LAYOUTS, Generated, generate

YEAR = re.compile(r"(?<![\d.])(20\d\d)(?=\s*年)")


@dataclass
class CorpusDoc:
    doc: Document
    generated: Generated
    unit: str
    year: int
    path: Path


def retarget(gen: Generated, unit: str, year: int) -> str:
    """The generated text as if ``unit`` had published it for ``year``."""
    # The generator may space a name around digits ("某市 12345 热线中心"), as PDF text does.
    name = re.compile(r"\s*".join(re.escape(ch) for ch in gen.truth.unit if not ch.isspace()))
    text = name.sub(lambda m: unit, gen.text)
    shift = {gen.truth.year: year, gen.truth.year - 1: year - 1}
    return YEAR.sub(lambda m: str(shift.get(int(m.group(1)), int(m.group(1)))), text)


def build_corpus(folder: Path, units: int = 10, years_per_unit: int = 5, singles: int = 3) -> list[CorpusDoc]:
    """``units`` units with ``years_per_unit`` distinct years each, plus ``singles`` one-year units.

    Every seventh document breaks a consistency rule on purpose, so finding
    counts differ between documents.
    """
    from importers import load

    layouts = sorted(LAYOUTS)
    breaks = sorted(BREAK_RULES)
    rng = random.Random(20240601)
    corpus: list[CorpusDoc] = []
    seed = 5000
    used: set[str] = set()
    for slot in range(units + singles):
        layout = layouts[slot % len(layouts)]
        count = years_per_unit if slot < units else 1
        years = sorted(rng.sample(range(2018, 2026), count))
        unit = None
        for year in years:
            n = len(corpus)
            while True:  # every slot is its own unit
                seed += 1
                gen = generate(seed, layout, break_rule=breaks[n % len(breaks)] if n % 7 == 3 else None)
                if unit is not None or gen.truth.unit not in used:
                    break
            unit = unit or gen.truth.unit
            used.add(unit)
            path = folder / f"{layout}-{slot:02d}-{year}.txt"
            path.write_text(retarget(gen, unit, year), encoding="utf-8")
            doc = load(path)
            corpus.append(CorpusDoc(doc=doc, generated=gen, unit=unit, year=year, path=path))
    return corpus
