"""Consistency checks (勾稽) over a ``Document``: ``run_checks(doc) -> list[Finding]``.

Each module is one rule family; ``RULES`` maps every rule id to its ``Rule``
(Chinese title, severity of a breach, description). Severities:

* ``error``: numbers contradict each other beyond rounding;
* ``warning``: something is missing, unclear or inconsistently named
  (a change from zero stated as a percentage, a missing table…);
* ``info``: a difference that rounding of the printed numbers explains.

Data a rule needs but the document does not give makes the rule not
checkable: it then says nothing. All arithmetic is exact Decimal (see
``tolerance``). Checks never modify the document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from juesuan_tui.models import Document, Finding

from . import budget, changes, completeness, parts, scorecard, tables, totals, tree
from .base import Context, Rule

log = logging.getLogger(__name__)

FAMILIES: tuple = (totals, parts, changes, budget, tree, scorecard, tables, completeness)

INTERNAL = Rule("checks.internal", "检查规则执行出错", "warning",
                "某一类规则在本文档上运行出错，其结果未列出（程序缺陷，请报告）")

RULES: dict[str, Rule] = {rule.id: rule for family in FAMILIES for rule in family.RULES}
RULES[INTERNAL.id] = INTERNAL

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def run_checks(doc: Document) -> list[Finding]:
    """All findings for ``doc``, in rule-family order then document order.

    A family that fails on unexpected data is reported as one ``checks.internal``
    warning instead of breaking the import or the CLI.
    """
    ctx = Context(doc)
    for family in FAMILIES:
        check: Callable[[Context], None] = family.check
        try:
            check(ctx)
        except Exception as exc:  # noqa: BLE001 - one family's defect must not hide the others
            log.exception("check family %s failed on %s", family.__name__, doc.id)
            name = family.__name__.rsplit(".", 1)[-1]
            ctx.add(INTERNAL, "warning", f"规则组 {name} 执行出错：{type(exc).__name__}",
                    {"规则组": name}, None)
    return ctx.findings


# Findings made during import from data the checks cannot see again (the table cell a
# line item was matched to); refresh_findings keeps them.
IMPORT_RULES = frozenset({tables.ITEM_AMOUNT.id})


def refresh_findings(doc: Document) -> None:
    """Recompute ``doc.findings`` in place: import-time findings kept, all rules re-run."""
    kept = [f for f in doc.findings if f.rule in IMPORT_RULES]
    doc.findings = kept + run_checks(doc)


def counts(findings: list[Finding]) -> dict[str, int]:
    """Number of findings per severity (error / warning / info, all present)."""
    result = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        result[finding.severity] += 1
    return result


__all__ = ["RULES", "Rule", "run_checks", "refresh_findings", "counts", "SEVERITY_ORDER", "IMPORT_RULES"]
