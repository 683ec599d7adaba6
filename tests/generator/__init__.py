"""Synthetic 决算公开 disclosures with ground truth, for generalisation tests and benchmarks.

``generate(seed, layout=None, **options)`` returns the text of one disclosure and the truth of
what it states. The same seed (and options) always gives the same document. Numbers are
internally consistent (domain.md §7) unless ``break_rule`` perturbs one of them on purpose.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import artifacts
from .layouts.chongqing import Chongqing
from .layouts.shanghai import Shanghai
from .layouts.xinjiang import Xinjiang
from .ledger import BREAK_NEEDS, BREAK_RULES, apply_break, build
from .truth import Truth

__all__ = ["BREAK_RULES", "LAYOUTS", "Generated", "Truth", "generate"]

LAYOUTS = {"xinjiang": Xinjiang, "shanghai": Shanghai, "chongqing": Chongqing}


@dataclass
class Generated:
    """One generated disclosure: its text, layout and ground truth."""

    seed: int
    layout: str
    text: str
    truth: Truth

    @property
    def filename(self) -> str:
        return f"gen-{self.layout}-{self.seed:06d}.txt"


def generate(seed: int, layout: str | None = None, *, break_rule: str | None = None,
             page_breaks: bool = True, wrap: bool | None = None) -> Generated:
    """Generate one disclosure.

    ``layout``: one of ``LAYOUTS`` (chosen from the seed when None). ``break_rule``: a key of
    ``BREAK_RULES``; one printed number is perturbed so that rule fails, and ``truth.broken``
    records the rule, the fact key, the printed and the expected value. ``page_breaks``: split a
    few paragraphs as PDF page ends do. ``wrap``: hard-wrap paragraphs like a PDF text layer
    (Shanghai only; chosen from the seed when None).
    """
    rng = random.Random(seed)
    if layout is None:
        layout = rng.choice(sorted(LAYOUTS))
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(sorted(LAYOUTS))}")
    ledger = build(rng, layout, force=BREAK_NEEDS.get(break_rule or "", frozenset()))
    if break_rule:
        apply_break(ledger, rng, break_rule)
    renderer = LAYOUTS[layout](ledger, rng)
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
    return Generated(seed, layout, artifacts.assemble(blocks, spacing), renderer.finish_truth())
