"""Synthetic 决算公开 disclosures with ground truth, for generalisation tests and benchmarks.

``generate(seed, layout=None, **options)`` returns the text of one disclosure and the truth of
what it states. ``LAYOUTS`` are the first three templates (Xinjiang, Shanghai, Chongqing);
``REGIONAL_LAYOUTS`` add Sichuan, Hunan, Hubei and Yunnan (domain.md §1.2 D, F, E, C); any of
them may be mirrored in traditional characters. The same seed (and options) always gives the same document. Numbers are
internally consistent (domain.md §7) unless ``break_rule`` perturbs one of them on purpose.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import artifacts
from .layouts.chongqing import Chongqing
from .layouts.hunan import Hubei, Hunan
from .layouts.shanghai import Shanghai
from .layouts.sichuan import Sichuan
from .layouts.xinjiang import Xinjiang
from .layouts.yunnan import Yunnan
from .ledger import BREAK_NEEDS, BREAK_RULES, apply_break, build
from .truth import Truth

__all__ = ["ALL_LAYOUTS", "BREAK_RULES", "LAYOUTS", "REGIONAL_LAYOUTS", "Generated", "Truth", "generate", "mirror"]

# The first three layouts; a seed alone picks among these (their documents stay the same).
LAYOUTS = {"xinjiang": Xinjiang, "shanghai": Shanghai, "chongqing": Chongqing}
# More regional variants of domain.md §1.2 (D Sichuan, F Hunan, E Hubei, C Yunnan).
REGIONAL_LAYOUTS = {"sichuan": Sichuan, "hunan": Hunan, "hubei": Hubei, "yunnan": Yunnan}
ALL_LAYOUTS = {**LAYOUTS, **REGIONAL_LAYOUTS}


@dataclass
class Generated:
    """One generated disclosure: its text, layout and ground truth."""

    seed: int
    layout: str
    text: str
    truth: Truth
    mirrored: bool = False

    @property
    def filename(self) -> str:
        return f"gen-{self.layout}{'-hant' if self.mirrored else ''}-{self.seed:06d}.txt"


def mirror(text: str) -> str:
    """The text in traditional characters, as mirror sites re-serve disclosures (domain.md §8)."""
    import zhconv

    return zhconv.convert(text, "zh-hant")


def generate(seed: int, layout: str | None = None, *, break_rule: str | None = None,
             page_breaks: bool = True, wrap: bool | None = None, traditional: bool = False) -> Generated:
    """Generate one disclosure.

    ``layout``: one of ``LAYOUTS`` (chosen from the seed when None). ``break_rule``: a key of
    ``BREAK_RULES``; one printed number is perturbed so that rule fails, and ``truth.broken``
    records the rule, the fact key, the printed and the expected value. ``page_breaks``: split a
    few paragraphs as PDF page ends do. ``wrap``: hard-wrap paragraphs like a PDF text layer
    (Shanghai only; chosen from the seed when None). ``traditional``: the whole text converted to
    traditional characters (the mirror of a disclosure); the truth stays simplified, and
    extractors compare names in the simplified form.
    """
    rng = random.Random(seed)
    if layout is None:
        layout = rng.choice(sorted(LAYOUTS))
    if layout not in ALL_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(sorted(ALL_LAYOUTS))}")
    ledger = build(rng, layout, force=BREAK_NEEDS.get(break_rule or "", frozenset()))
    if break_rule:
        apply_break(ledger, rng, break_rule)
    renderer = ALL_LAYOUTS[layout](ledger, rng)
    renderer.render()
    blocks = renderer.blocks
    if page_breaks:
        artifacts.page_breaks(blocks, rng, rng.choice((0, 1, 2, 3, 4) if layout == "xinjiang" else (0, 1, 2)))
    spacing = renderer.spacing
    do_wrap = (rng.random() < 0.5) if wrap is None else wrap
    if layout == "shanghai" and do_wrap:
        width = rng.randint(30, 45)
        for block in blocks:
            if block.kind == "para":
                block.text = "\n".join(artifacts.wrap(part, width) for part in block.text.split("\n"))
    text = artifacts.assemble(blocks, spacing)
    if traditional:
        text = mirror(text)
    return Generated(seed, layout, text, renderer.finish_truth(), traditional)
