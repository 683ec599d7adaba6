"""Narrative facts: every amount and count of the prose, with its qualifiers.

A paragraph is read in the folded form as the token sequence of
:func:`.tokens.scan`: amounts and counts (statements), and the qualifiers that
follow them in the same clause or sentence — share (占 X%), change against
last year (比上年增加 X，增长 Y%), budget comparison (年初预算数 X，决算数 Y，
预决算差异率 Z%), reasons (主要原因是：…), listed components (包括：…).
A qualifier without a subject of its own attaches to the subject its words
name (收入支出总体 → the two totals), else to the statement just before it,
else to the subject of the previous sentence.

Statements carry 类/款/项 item heads too; :mod:`.line_items` builds the
classification tree from them. Nothing here depends on a sample's wording:
values are found by structure and by the vocabulary in :mod:`.vocab`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Iterable, Iterator

from importers.limits import check as check_budget
from importers.normalize import fold
from juesuan_tui.models import FUNDS, Document, Fact, Section

from .numbers import is_money, parse_decimal, to_wan, unit_name
from .sentences import Paragraph, paragraphs
from .tokens import BASIS_BEFORE, COMPARISON_KINDS, COUNTED_NOUN, DELIMS, ItemHead, Token, canonical_name, scan
from .vocab import BLOCK_ALIASES, PREFIX_BLOCKS, block_of_title, keys_for, topic_for

# Blocks too broad to tell what a label means (年初结转和结余 of which fund?): a sub-heading
# that leads a paragraph there names a finer one.
_BROAD_BLOCKS = frozenset({None, "explanation", "other", "other_matters", "overview"})
_LEAD_IN = re.compile(
    r"^\s*(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d{1,2}[.、](?!\d))\s*(?P<title>[^:。,;\d]{2,30}?)[:。]"
)
# Blocks that hold no narrative amounts (tables are read by .tables).
SKIP_BLOCKS = frozenset({"tables", "glossary", "contact"})
FUND_BY_BLOCK = {"general_budget": FUNDS[0], "gov_fund": FUNDS[1], "state_capital": FUNDS[2]}

# --- labels ---------------------------------------------------------------------

_LEAD = re.compile(
    r"^(?:[,;:、。\s]|其中|此外|另外|包括|包含|分别|共有|共计|合计为|总计为|共|截[至止]\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|"
    r"\d{4}年(?:度|末|底)?|本年度(?=[^收支])|本单位|本部门|我单位|我部门|我局|本局|本机关|该单位|单位(?=全年)|全年安排的?|"
    r"\d+[.、)]|\(\d+\)|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]是)+"
)
_TRAIL = re.compile(r"(?:为|是|达到|达|约|共计|合计为|总计为|均为|各为|各是|分别为|分别是|累计|各|均|:|,)+$")
_OWNER = re.compile(r"^[^,;:。、]{1,40}?(?:共有|现有|拥有|实有)(?=[\u4e00-\u9fff]{2})(?!人数|人员)")
_UNIT_KIND = re.compile(r"^\((?:事业|行政|参公|参照公务员法管理的?事业)单位\)")
_GENERIC = frozenset({"", "价值", "金额", "采购金额", "决算数", "支出决算数", "支出决算", "决算", "支出", "收入", "其中", "人次",
                      "数量", "面积"})
# Labels that continue the previous statement's subject (项目 4 个，涉及预算金额 X).
_CONTINUATION = re.compile(r"^(?:涉及|对应|相应)")
_RESPECTIVELY = re.compile(r"^(.+?)分别(?:为|是)$")
_JOINERS = re.compile(r"[和及与、]")
_CLAUSE_SPLIT = re.compile(r"[,;:。!?]")
_ETC = re.compile(r"等$")
_LIST_SPLIT = re.compile(r"[、，,]")
_TWINS = {f"{p}{a}": f"{p}{b}" for p in ("income.", "fiscal.", "fund.", "capital.")
          for a, b in (("expenditure_total", "income_total"), ("income_total", "expenditure_total"))}
_TWINS.update({"expenditure.total": "income.total", "income.total": "expenditure.total"})
_TWINS.pop("income.expenditure_total", None)
_TWINS.pop("income.income_total", None)
# 预算 as a budget (年初预算, 预算数), not inside a fund's name (一般公共预算).
_BUDGET_WORD = re.compile(r"(?<!公共)(?<!基金)(?<!经营)预算")
_REASON_TAIL = re.compile(
    r"(?:支出)?(?:决算数?)?(?:比上年|较上年)?(?:增加|减少|增长|下降|降低|变动|变化|大于预算数?|小于预算数?|差异|持平)?(?:的)?$"
)


def _cut_unit(label: str, unit_names: tuple[str, ...]) -> str:
    for name in unit_names:
        if name and label.startswith(name):
            label = label[len(name):]
    return label


_TO_WIDE = str.maketrans({",": "，", ";": "；", ":": "："})


@lru_cache(maxsize=4096)  # pure; labels recur
def _display(label: str) -> str:
    """A label as shown: canonical name, clause punctuation full-width (digits' commas kept)."""
    shown = canonical_name(label)
    if "," in shown or ";" in shown or ":" in shown:
        shown = re.sub(r"(?<!\d),|,(?!\d)|[;:]", lambda m: m.group().translate(_TO_WIDE), shown)
    return shown


def _in_unit(value: Decimal, unit: str, target: str) -> Decimal:
    """A money amount expressed in another money unit (exact); others unchanged."""
    if unit == target or not (is_money(unit) and is_money(target)):
        return value
    wan, per = to_wan(value, unit), to_wan(Decimal(1), target)
    if wan is None or not per:
        return value
    return (wan / per).normalize() if (wan / per) != (wan / per).to_integral_value() else (wan / per).quantize(Decimal(1))


@lru_cache(maxsize=4096)
def _clean_label(raw: str, unit_names: tuple[str, ...]) -> str:
    """A label without enumeration, year, unit name, 其中 / 为 and similar framing."""
    label = raw.strip()
    # XX局共有车辆 / 本部门现有房屋: the owner before 共有 is not part of the label.
    label = _OWNER.sub("", label)
    for _ in range(3):
        before = label
        label = _LEAD.sub("", label)
        label = _cut_unit(label, unit_names)
        label = _UNIT_KIND.sub("", label)
        label = _TRAIL.sub("", label)
        if label == before:
            break
    return label


@dataclass(slots=True)  # one per amount: slots make them cheaper to build and read
class Statement:
    """A printed amount or count: one fact per key (two for 收入支出总计)."""

    facts: list[Fact]
    item: ItemHead | None = None
    fund: str | None = None
    in_reason: bool = False

    @property
    def fact(self) -> Fact:
        return self.facts[0]

    def fill(self, **values: object) -> None:
        """Set qualifiers that are still unset (what is stated first wins)."""
        for fact in self.facts:
            for name, value in values.items():
                if value is None:
                    continue
                current = getattr(fact, name)
                if current is None or current == [] or current == "":
                    setattr(fact, name, value)


# --- the analyser -------------------------------------------------------------------


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    stmts: list[Statement] = field(default_factory=list)
    last_subject: list[Statement] | None = None
    last_kind: str | None = None
    head_subject: list[Statement] | None = None
    yoy_label: str = ""
    block: str | None = None
    text: str | None = None  # the printed sentence, once needed
    parts: list[str] = field(default_factory=list)  # names still waiting for their amounts (分别为)


class SectionAnalyser:
    """Reads the paragraphs of one section; statements accumulate in ``statements``."""

    def __init__(self, section_id: str | None, block: str | None, *, unit_names: Iterable[str] = (),
                 page: int | None = None, fund: str | None = None) -> None:
        self.section_id = section_id
        self.block = block
        self.section_block = block
        self.page = page
        self.fund = fund or FUND_BY_BLOCK.get(block or "")
        self.unit_names = tuple(sorted({fold(u) for u in unit_names if u}, key=len, reverse=True))
        self.statements: list[Statement] = []
        self.prev_subject: list[Statement] | None = None
        self.item_head: ItemHead | None = None
        self.item_stmt: Statement | None = None

    # -- public ------------------------------------------------------------------

    def read(self, text: str) -> list[Statement]:
        for paragraph in paragraphs(text):
            self._paragraph(paragraph)
        return self.statements

    # -- paragraph -------------------------------------------------------------------

    def _paragraph(self, p: Paragraph) -> None:
        folded = p.folded
        if self.section_block in _BROAD_BLOCKS:
            # （三）国有资产占有使用情况：截至…: a sub-heading leading its paragraph names the
            # block of this paragraph and the next ones, up to the next such lead-in.
            lead = _LEAD_IN.match(folded)
            if lead:
                self.block = block_of_title(lead.group("title")) or self.section_block
        tokens, _ = scan(folded)
        self.p = p
        # An item head that ended its paragraph without an amount (…（项）。主要用于：↵ 年初预算为 …)
        # is the subject of the next paragraph; any other head stays in its own.
        if not (self.item_head is not None and self.item_stmt is None):
            self.item_head = None
        self.item_stmt = None
        ti = 0
        for s_start, s_end in p.sentences():
            sent = _Sentence(s_start, s_end, block=self.block)
            batch: list[Token] = []
            while ti < len(tokens) and tokens[ti].start < s_end:
                batch.append(tokens[ti])
                ti += 1
            self._sentence(sent, batch)
            if sent.head_subject:
                self.prev_subject = sent.head_subject

    def _sentence(self, sent: _Sentence, tokens: list[Token]) -> None:
        folded = self.p.folded
        prev_end = sent.start
        group: list[tuple[Token, str]] = []
        group_label = ""
        for tok in tokens:
            region = folded[prev_end:tok.start] if tok.start > prev_end else ""
            if tok.kind in COMPARISON_KINDS:
                if group and self._opens_group(tok, region, group):
                    self._flush(sent, group, group_label)
                    group, group_label = [], ""
                if not group_label and not any(t.kind in {"budget", "final"} for t, _ in group):
                    # 财政拨款“三公”经费支出全年预算数: the basis is not part of the subject.
                    group_label = self._clean(BASIS_BEFORE.sub("", self._last_clause(region)))
                group.append((tok, region))
                prev_end = max(prev_end, tok.end)
                continue
            if group:
                self._flush(sent, group, group_label)
                group, group_label = [], ""
            handler = getattr(self, "_on_" + tok.kind)
            handler(sent, tok, region)
            if tok.kind not in {"reason_amount", "reason_count"}:
                prev_end = max(prev_end, tok.end)
        if group:
            self._flush(sent, group, group_label)

    def _opens_group(self, tok: Token, region: str, group: list[tuple[Token, str]]) -> bool:
        """A comparison token that starts a new comparison (…完成预算的0%；其中：因公出国（境）费决算为…)."""
        kinds = {t.kind for t, _ in group}
        if tok.kind in kinds and tok.kind != "cmp_budget":
            return True
        if tok.kind in {"budget", "final", "cmp_budget"} and ({"diff", "completion"} & kinds):
            return True
        label = self._clean(BASIS_BEFORE.sub("", self._last_clause(region)))
        return bool(label) and label not in _GENERIC and bool(kinds & {"budget", "final"})

    # -- labels ----------------------------------------------------------------------

    @staticmethod
    def _last_clause(region: str) -> str:
        """The text of ``region`` after its last delimiter (收、支 keeps its 、)."""
        i = len(region)
        while i > 0:
            c = region[i - 1]
            # 收、支总计 / 收入、支出总计 name one thing: that 、 is not a delimiter.
            if c in DELIMS and not (c == "、" and i >= 2 and region[i - 2] in "收入" and region[i:i + 1] == "支"):
                break
            i -= 1
        return region[i:]

    def _clean(self, raw: str) -> str:
        return _clean_label(raw, self.unit_names)

    # -- statements ----------------------------------------------------------------------

    def _new(self, sent: _Sentence, label: str, num: str, unit: str, *, keys: tuple[str, ...] | None = None,
             item: ItemHead | None = None, in_reason: bool = False, nested: bool = False) -> Statement | None:
        value = parse_decimal(num)
        if value is None:
            return None
        unit = unit_name(unit)
        if item is not None:
            shown = item.label
            keys = ()
        else:
            shown = _display(label)
            if keys is None:
                keys = () if in_reason else keys_for(label, unit, sent.block)
        money = is_money(unit)
        if sent.text is None:
            sent.text = self.p.printed(sent.start, sent.end)
        facts = [
            Fact(
                label=shown,
                key=key,
                topic=topic_for(key, self.block),
                value=value,
                unit=unit,
                value_wan=to_wan(value, unit) if money else None,
                section=self.section_id,
                sentence=sent.text,
                page=self.page,
            )
            for key in (keys or (None,))
        ]
        stmt = Statement(facts, item=item, fund=self._fund(sent), in_reason=in_reason)
        self.statements.append(stmt)
        if in_reason:
            return stmt
        if nested and sent.last_subject:
            # 财政拨款收入 X（其中：一般公共预算 Y），占 Z%: the share is X's.
            return stmt
        sent.stmts.append(stmt)
        sent.last_subject = [stmt]
        sent.last_kind = None
        if sent.head_subject is None:
            sent.head_subject = [stmt]
            # The sentence's subject may name a finer block (政府性基金…收入总计 → 年初结转和结余 is the fund's).
            prefix = (stmt.fact.key or "").split(".", 1)[0]
            if prefix in PREFIX_BLOCKS:
                sent.block = PREFIX_BLOCKS[prefix]
        if item is not None:
            self.item_stmt = stmt
        return stmt

    def _fund(self, sent: _Sentence) -> str | None:
        if self.fund:
            return self.fund
        text = self.p.folded[sent.start:sent.end]
        for word, fund in (("政府性基金", FUNDS[1]), ("国有资本经营", FUNDS[2]), ("一般公共预算", FUNDS[0])):
            if word in text:
                return fund
        return None

    def _statement_label(self, sent: _Sentence, region: str, extra: str = "") -> tuple[str, ItemHead | None]:
        """Label of an amount: the clause before it, a generic word completed from context."""
        clause = self._last_clause(region) + extra
        # 人员经费和公用经费分别为 X 万元和 Y 万元: one name per amount, in order.
        tail = _CLAUSE_SPLIT.split(region)[-1] + extra
        listed = _RESPECTIVELY.search(tail) if "分别" in tail else None
        if listed:
            parts = [p for p in _JOINERS.split(self._clean(listed.group(1))) if p]
            if len(parts) >= 2:
                sent.parts = parts[1:]
                return parts[0], None
        if sent.parts and clause.strip() in {"", "和", "及", "与"}:
            return sent.parts.pop(0), None
        label = self._clean(clause)
        generic = label in _GENERIC or self._clean(label.replace("决算", "").replace("支出", "")) == ""
        if generic or _CONTINUATION.match(label):
            head = self.item_head
            if generic and head is not None and head.subject and self.item_stmt is None:
                return label, head
            # 在…项目中，由…成交的，采购金额 X: the clauses before say what is counted.
            full = self._clean(region + extra)
            if full and full != label and not _CONTINUATION.match(label):
                return full, None
            if sent.stmts:
                stem = self._strip_generic(sent.stmts[-1].fact.label)
                # …财政拨款收入 X 万元，支出 Y 万元: the counterpart of the previous subject.
                if label in {"收入", "支出"} and stem[-2:] in {"收入", "支出"}:
                    return stem[:-2] + label, None
                return stem + label, None
        return label, None

    @staticmethod
    def _strip_generic(label: str) -> str:
        for word in ("价值", "金额", "面积", "数量"):
            if label.endswith(word) and len(label) > len(word):
                return label[: -len(word)]
        return label

    # -- subject resolution ------------------------------------------------------------

    def _resolve(self, sent: _Sentence, label: str, unit: str | None = None) -> list[Statement] | None:
        """The statements a qualifier's own words name, or None."""
        if not label or label.startswith("与") or label in _GENERIC:
            return None
        # Without a unit, a money reading comes first (因公出国（境）费 is the fee, not the trips).
        keys = keys_for(label, unit, sent.block) if unit else (
            keys_for(label, "万元", sent.block) or keys_for(label, None, sent.block))
        if keys:
            found: list[Statement] = []
            for key in keys:
                hit = next((s for s in reversed(self.statements) if not s.in_reason and any(f.key == key for f in s.facts)), None)
                if hit is not None and hit not in found:
                    found.append(hit)
            return found or None
        shown = canonical_name(label)
        hit = next(
            (s for s in reversed(self.statements)
             if not s.in_reason and (s.fact.label == shown or (len(shown) >= 4 and s.fact.label.endswith(shown)))),
            None,
        )
        return [hit] if hit else None

    def _fallback(self, sent: _Sentence) -> list[Statement] | None:
        if sent.last_subject:
            return self._with_twin(sent, sent.last_subject)
        if self.item_stmt is not None:
            return [self.item_stmt]
        return self.prev_subject

    @staticmethod
    def _with_twin(sent: _Sentence, subject: list[Statement]) -> list[Statement]:
        """收入总计 X，支出总计 X，较上年增加 …: a qualifier after a pair of equal totals is both's."""
        if len(subject) != 1:
            return subject
        fact = subject[0].fact
        key = fact.key or ""
        twin_key = _TWINS.get(key)
        if twin_key is None:
            return subject
        twin = next((s for s in sent.stmts if s.fact.key == twin_key and s.fact.value == fact.value), None)
        return [twin, subject[0]] if twin is not None else subject

    def _subject(self, sent: _Sentence, label: str, unit: str | None = None) -> list[Statement] | None:
        subject = self._resolve(sent, label, unit) or self._fallback(sent)
        if subject and sent.head_subject is None:
            sent.head_subject = subject
        return subject

    # -- token handlers ----------------------------------------------------------------

    def _on_head(self, sent: _Sentence, tok: Token, region: str) -> None:
        if tok.head is not None and tok.head.subject:
            self.item_head = tok.head
            self.item_stmt = None

    def _nested(self, sent: _Sentence, pos: int) -> bool:
        before = self.p.folded[sent.start:pos]
        return before.count("(") > before.count(")")

    def _on_amount(self, sent: _Sentence, tok: Token, region: str) -> None:
        m = tok.match
        assert m is not None
        label, head = self._statement_label(sent, region)
        self._new(sent, label, m.group("num"), m.group("unit"), item=head, nested=self._nested(sent, tok.start))

    def _on_count(self, sent: _Sentence, tok: Token, region: str) -> None:
        m = tok.match
        assert m is not None
        label, head = self._statement_label(sent, region)
        # 下设 4 个科室: the counted noun follows the unit.
        noun = COUNTED_NOUN.match(self.p.folded, tok.end)
        if noun and m.group("unit") in {"个", "家", "项"}:
            label = self._clean(label + noun.group(1)) or noun.group(1)
        self._new(sent, label, m.group("num"), m.group("unit"), item=head, nested=self._nested(sent, tok.start))

    def _on_pair(self, sent: _Sentence, tok: Token, region: str) -> None:
        m = tok.match
        assert m is not None
        label, head = self._statement_label(sent, region)
        keys = keys_for(label, m.group("unit"), sent.block)
        if len(keys) == 2:
            self._new(sent, label, m.group("num"), m.group("unit"), keys=keys[:1])
            self._new(sent, label, m.group("num2"), m.group("unit"), keys=keys[1:])
        else:
            self._new(sent, label, m.group("num"), m.group("unit"), item=head)
            self._new(sent, label, m.group("num2"), m.group("unit"), item=head)

    def _on_reason_amount(self, sent: _Sentence, tok: Token, region: str) -> None:
        m = tok.match
        assert m is not None
        start = tok.start
        i = start
        while i > 0 and self.p.folded[i - 1] not in DELIMS:
            i -= 1
        label = self._clean(self.p.folded[i:start])
        self._new(sent, label, m.group("num"), m.group("unit"), in_reason=True)

    _on_reason_count = _on_reason_amount

    def _on_cmp_yoy(self, sent: _Sentence, tok: Token, region: str) -> None:
        sent.yoy_label = self._clean(self._last_clause(region))

    def _change_subject(self, sent: _Sentence, region: str, unit: str | None) -> list[Statement] | None:
        label = self._clean(self._last_clause(region)) or sent.yoy_label
        if label:
            resolved = self._resolve(sent, label, unit)
            if resolved:
                sent.yoy_label = label
                return resolved
        if sent.last_kind == "yoy" and sent.last_subject:
            return sent.last_subject
        return self._subject(sent, "", unit)

    def _mark_yoy(self, sent: _Sentence, subject: list[Statement]) -> None:
        sent.last_subject = subject
        sent.last_kind = "yoy"
        if sent.head_subject is None:
            sent.head_subject = subject

    def _on_change(self, sent: _Sentence, tok: Token, region: str) -> None:
        m = tok.match
        assert m is not None
        amount = parse_decimal(m.group("num"))
        if amount is None:
            return
        word = m.group("word")
        unit = unit_name(m.group("unit"))
        sign = -1 if word in {"减少", "下降", "降低", "减支"} else 1
        if _BUDGET_WORD.search(self._last_clause(region)) and not sent.yoy_label and sent.last_kind != "yoy":
            # 决算数较年初预算增加 X: a difference from the budget, kept as a fact of its own.
            label = self._clean(self._last_clause(region)) + word
            self._new(sent, label, m.group("num"), m.group("unit"), keys=())
            return
        subject = self._change_subject(sent, region, unit if is_money(unit) else None)
        if not subject:
            label = self._clean(self._last_clause(region)) or sent.yoy_label or "较上年变动"
            stmt = self._new(sent, f"{label}{word}", m.group("num"), m.group("unit"), keys=())
            if stmt is None:
                return
            subject = [stmt]
        for stmt in subject:
            change = _in_unit(amount, unit, stmt.fact.unit) * sign
            stmt.fill(change=change, direction="decrease" if sign < 0 else "increase")
        self._mark_yoy(sent, subject)

    def _on_change_pct(self, sent: _Sentence, tok: Token, region: str) -> None:
        m = tok.match
        assert m is not None
        pct = parse_decimal(m.group("pct"))
        if pct is None:
            return
        sign = -1 if m.group("word") in {"下降", "降低", "减少", "降幅", "减幅"} else 1
        subject = self._change_subject(sent, region, None)
        if not subject:
            return
        for stmt in subject:
            stmt.fill(change_pct=pct * sign, direction="decrease" if sign < 0 else "increase")
        self._mark_yoy(sent, subject)

    def _on_change_na(self, sent: _Sentence, tok: Token, region: str) -> None:
        m = tok.match
        assert m is not None
        subject = self._change_subject(sent, region, None)
        if not subject:
            return
        text = m.group("text").strip()
        for stmt in subject:
            stmt.fill(change_text=text)
        self._mark_yoy(sent, subject)

    def _on_flat(self, sent: _Sentence, tok: Token, region: str) -> None:
        clause = self._last_clause(region)
        if _BUDGET_WORD.search(clause) or _BUDGET_WORD.search(region[-12:]):
            return  # 决算数与预算数基本持平: budget wording, not a change
        subject = self._change_subject(sent, region, None)
        if not subject:
            return
        # 持平 states no change; 基本持平 only a small one (its amount stays unknown).
        exact = not region.endswith("基本")
        for stmt in subject:
            stmt.fill(direction="flat", change=Decimal(0) if exact else None)
        self._mark_yoy(sent, subject)

    def _on_share(self, sent: _Sentence, tok: Token, region: str) -> None:
        m = tok.match
        assert m is not None
        pct = parse_decimal(m.group("pct"))
        subject = self._subject(sent, "")
        if not subject or pct is None:
            return
        base = m.group("base").removesuffix("的").strip() or None
        for stmt in subject:
            stmt.fill(share_pct=pct, share_base=canonical_name(base) if base else None)

    def _on_items(self, sent: _Sentence, tok: Token, region: str) -> None:
        m = tok.match
        assert m is not None
        subject = self._subject(sent, "")
        if not subject:
            return
        printed = self.p.printed(m.start("list"), m.end("list"))
        parts = [_ETC.sub("", part.strip(" 　。.")) for part in _LIST_SPLIT.split(printed)]
        items = [canonical_name(p) for p in parts if p]
        for stmt in subject:
            stmt.fill(items=items)

    def _on_reason(self, sent: _Sentence, tok: Token, region: str) -> None:
        text = self.p.printed(tok.reason_start, tok.end).strip(" 　:：")
        text = text.rstrip("。；;，, ")
        if not text:
            return
        raw = self._clean(self._last_clause(region))
        budgetish = bool(_BUDGET_WORD.search(raw)) or (sent.last_kind == "budget" and not raw)
        subject = None
        stem = _REASON_TAIL.sub("", raw)
        if stem and not raw.startswith("与"):
            subject = self._resolve(sent, stem)
        subject = subject or self._fallback(sent)
        if not subject:
            return
        name = "budget_reason" if budgetish else "reason"
        for stmt in subject:
            stmt.fill(**{name: text})

    # -- budget comparisons ------------------------------------------------------------

    def _flush(self, sent: _Sentence, group: list[tuple[Token, str]], label: str) -> None:
        kinds = [t.kind for t, _ in group]
        comparison = ("budget" in kinds and "final" in kinds) or "diff" in kinds or "completion" in kinds
        if not comparison:
            # 全年预算数 X，全年执行数 Y (no 决算): plain amounts with their own labels.
            for tok, region in group:
                if tok.kind in {"budget", "final"} and tok.match is not None:
                    m = tok.match
                    prefix = self.p.folded[tok.start:m.start("num")]
                    lbl, head = self._statement_label(sent, region, prefix)
                    self._new(sent, lbl, m.group("num"), m.group("unit"), item=head,
                              nested=self._nested(sent, tok.start))
            return
        basis = None
        budget = final = diff = completion = None
        final_tok = None
        for tok, region in group:
            m = tok.match
            if m is None:
                continue
            before = BASIS_BEFORE.search(region) if tok.kind == "budget" else None
            b = before.group(1) if before else m.groupdict().get("basis")
            if b and basis is None:
                basis = "全年" if b in {"全年", "调整后"} else "年初"
            if tok.kind == "budget" and budget is None:
                budget = parse_decimal(m.group("num"))
            elif tok.kind == "final" and final is None:
                final = parse_decimal(m.group("num"))
                final_tok = tok
            elif tok.kind == "diff":
                diff = parse_decimal(m.group("pct"))
            elif tok.kind == "completion":
                completion = parse_decimal(m.group("pct"))
                if m.groupdict().get("num") and budget is None:
                    budget = parse_decimal(m.group("num"))
        subject = self._resolve(sent, label)
        if subject is None and label and label not in _GENERIC and final_tok is not None:
            m = final_tok.match
            assert m is not None
            stmt = self._new(sent, label, m.group("num"), m.group("unit"))
            subject = [stmt] if stmt else None
        head = self.item_head
        if (subject is None and label in _GENERIC and label and final_tok is not None and head is not None
                and head.subject and self.item_stmt is None and not sent.stmts):
            # X（类）Y（款）Z（项）：支出决算为 F 万元，完成预算 P%: the item is the subject.
            m = final_tok.match
            assert m is not None
            stmt = self._new(sent, "", m.group("num"), m.group("unit"), item=head)
            subject = [stmt] if stmt else None
        if subject is None and not label:
            if sent.last_subject:
                subject = sent.last_subject
            elif self.item_head is not None and self.item_head.subject and self.item_stmt is None and final_tok is not None:
                m = final_tok.match
                assert m is not None
                stmt = self._new(sent, "", m.group("num"), m.group("unit"), item=self.item_head)
                subject = [stmt] if stmt else None
            else:
                subject = self._fallback(sent)
        if not subject:
            # Nothing to compare with: keep the printed amounts as facts of their own.
            for tok, _ in group:
                if tok.kind in {"budget", "final"} and tok.match is not None:
                    m = tok.match
                    prefix = self.p.folded[tok.start:m.start("num")]
                    self._new(sent, self._clean(label + prefix) or prefix, m.group("num"), m.group("unit"), keys=())
            return
        for stmt in subject:
            stmt.fill(budget=budget, budget_basis=basis, final=final, diff_pct=diff, completion_pct=completion)
        sent.last_subject = subject
        sent.last_kind = "budget"
        if sent.head_subject is None:
            sent.head_subject = subject


# --- document level -------------------------------------------------------------------


def section_blocks(doc: Document) -> dict[str, str | None]:
    """Section id → block: its own key, else its title's wording, else its parent's block."""
    blocks: dict[str, str | None] = {}

    def visit(section: Section, inherited: str | None) -> None:
        block = BLOCK_ALIASES.get(section.key or "", section.key) if section.key else None
        if block in {None, "explanation", "other", "other_matters", "overview"}:
            block = block_of_title(section.title) or block or inherited
        blocks[section.id] = block
        for child in section.children:
            visit(child, block)

    for section in doc.sections:
        visit(section, None)
    return blocks


def analyse_document(doc: Document) -> list[Statement]:
    """All statements of the document's narrative sections, in document order."""
    blocks = section_blocks(doc)
    units = [doc.unit] if doc.unit else []
    statements: list[Statement] = []
    for section in doc.walk_sections():
        check_budget()
        block = blocks.get(section.id)
        if block in SKIP_BLOCKS or not section.text.strip():
            continue
        analyser = SectionAnalyser(section.id, block, unit_names=units, page=section.page)
        statements.extend(analyser.read(section.text))
    return statements


def analyse_text(text: str, section_id: str | None = None, block: str | None = None, *,
                 unit_names: Iterable[str] = (), fund: str | None = None) -> list[Statement]:
    """Statements of one section's display text (for tests and other importers)."""
    return SectionAnalyser(section_id, block, unit_names=unit_names, fund=fund).read(text)


def _same(a: Fact, b: Fact) -> bool:
    """Two mentions of one thing: same key, section, value and unit, and labels that agree
    (公务用车购置及运行维护费 / …费支出), not two subjects that happen to be equal."""
    if a.key is None or a.key != b.key or a.section != b.section or a.value != b.value or a.unit != b.unit:
        return False
    x, y = a.label.removesuffix("支出"), b.label.removesuffix("支出")
    return x in y or y in x


def _merge(facts: list[Fact]) -> list[Fact]:
    """One fact per (key, section, value): later mentions only add missing qualifiers."""
    out: list[Fact] = []
    # Only facts equal in (key, section, value, unit) can be twins: bucket them, so a
    # section with thousands of amounts stays linear.
    buckets: dict[tuple, list[Fact]] = {}
    for n, fact in enumerate(facts):
        if n % 512 == 0:
            check_budget()
        if fact.key is None:
            out.append(fact)
            continue
        bucket = buckets.setdefault((fact.key, fact.section, fact.value, fact.unit), [])
        twin = next((f for f in bucket if _same(f, fact)), None)
        if twin is None:
            out.append(fact)
            bucket.append(fact)
            continue
        for name in Fact.model_fields:
            mine = getattr(twin, name)
            if (mine is None or mine == [] or mine == "") and getattr(fact, name) not in (None, [], ""):
                setattr(twin, name, getattr(fact, name))
    return out


def facts_of(statements: Iterable[Statement]) -> list[Fact]:
    return _merge([f for s in statements for f in s.facts])


def extract_facts(doc: Document, statements: list[Statement] | None = None) -> list[Fact]:
    """Every amount and count of the narrative, as facts with qualifiers and keys."""
    return facts_of(analyse_document(doc) if statements is None else statements)


def facts_from_text(text: str, section_id: str | None = None, block: str | None = None, *,
                    unit_names: Iterable[str] = ()) -> list[Fact]:
    return facts_of(analyse_text(text, section_id, block, unit_names=unit_names))


def iter_items(statements: Iterable[Statement]) -> Iterator[Statement]:
    """Statements whose subject is a 类/款/项 head."""
    return (s for s in statements if s.item is not None and not s.in_reason)


__all__ = [
    "ItemHead",
    "Statement",
    "SectionAnalyser",
    "analyse_document",
    "analyse_text",
    "extract_facts",
    "facts_from_text",
    "facts_of",
    "iter_items",
    "section_blocks",
]
