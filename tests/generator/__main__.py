"""``python -m tests.generator --out DIR -n N``: write generated disclosures and their truth.

Each document is ``DIR/gen-<layout>-<seed>.txt`` with ``…truth.json`` beside it; ``DIR/manifest.json``
lists them. Without ``--layout`` the first three layouts take turns (``--all-layouts``: every
layout, the regional ones too); ``--traditional`` prints the texts in traditional characters.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import ALL_LAYOUTS, BREAK_RULES, LAYOUTS, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.generator", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory (created if missing)")
    parser.add_argument("-n", type=int, default=10, help="number of documents")
    parser.add_argument("--start", type=int, default=0, help="first seed")
    parser.add_argument("--layout", choices=sorted(ALL_LAYOUTS), help="one layout only")
    parser.add_argument("--all-layouts", action="store_true", help="every layout takes turns, the regional ones too")
    parser.add_argument("--traditional", action="store_true", help="texts in traditional characters (a mirror)")
    parser.add_argument("--break-rule", choices=sorted(BREAK_RULES), help="perturb one number per document")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    order = sorted(ALL_LAYOUTS if args.all_layouts else LAYOUTS)
    manifest = []
    for i in range(args.n):
        seed = args.start + i
        layout = args.layout or order[seed % len(order)]
        doc = generate(seed, layout, break_rule=args.break_rule, traditional=args.traditional)
        text_path = args.out / doc.filename
        truth_path = text_path.with_suffix(".truth.json")
        text_path.write_text(doc.text, encoding="utf-8")
        truth_path.write_text(doc.truth.to_json(), encoding="utf-8")
        manifest.append({"seed": seed, "layout": layout, "text": text_path.name, "truth": truth_path.name,
                         "break_rule": args.break_rule, "traditional": args.traditional})
    (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{args.n} documents written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
