"""The document model: what importers return, the store saves and the app shows.

Money is always ``Decimal`` exactly as printed (never float). Amounts of the
document are in ``Document.money_unit`` (万元 unless the disclosure says
otherwise); a fact keeps its own printed unit and its value converted to 万元.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field

DocumentKind = Literal["单位决算", "部门决算"]
Fund = Literal["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
FUNDS: tuple[str, ...] = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
ItemLevel = Literal["类", "款", "项"]
Severity = Literal["error", "warning", "info"]
Direction = Literal["increase", "decrease", "flat"]
TableStatus = Literal["listed", "empty", "included"]
NoteStatus = Literal["待核实", "已核实"]
NOTE_STATUSES: tuple[str, ...] = ("待核实", "已核实")
NoteAnchor = Literal["document", "section", "fact", "item"]


class Model(BaseModel):
    """Base for all models: strict field names, Decimals serialised as strings in JSON."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)


class Source(Model):
    """Where a document came from."""

    path: str
    sha256: str
    format: Literal["text", "pdf", "xlsx", "xls", "docx"]
    encoding: str | None = None
    size: int = 0
    imported_at: datetime
    importer_version: str


class TocEntry(Model):
    """One line of the 目录 (table of contents)."""

    number: str = ""
    title: str
    level: int = 0
    line: int = 0


class Section(Model):
    """A node of the section tree: part (level 0) → section (1) → subsection (2) → item (3).

    ``raw`` holds the verbatim source lines of this node only (heading line
    included, children excluded); concatenating ``raw`` over the tree in order
    gives back the body. ``text`` is the display text: markdown debris removed,
    paragraphs split by page breaks re-joined.
    """

    id: str  # stable within the document, e.g. "2", "2.5", "2.5.1"
    level: int
    number: str = ""  # as printed: "第二部分", "五、", "（一）"
    title: str = ""
    key: str | None = None  # canonical block: overview, explanation, tables, performance, glossary, …
    raw: str = ""
    text: str = ""
    order: int = 0
    page: int | None = None
    line_start: int = 0  # 0-based index into the document's lines
    line_end: int = 0  # exclusive; covers this node's own lines
    children: list[Section] = Field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}".strip()

    def walk(self) -> Iterator[Section]:
        """This node and all descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


class Fact(Model):
    """One number of the narrative with its meaning and qualifiers."""

    label: str
    key: str | None = None  # canonical key, e.g. "income.total", "sangong.total"
    topic: str | None = None  # e.g. 收入支出总体, 三公, 政府采购, 国有资产, 人员
    value: Decimal
    unit: str  # as printed: 万元 / 元 / 亿元 / 人 / 辆 / 个 / 批次 / 人次 / 平方米 / 台（套） / %
    value_wan: Decimal | None = None  # money converted to 万元; None for counts
    share_pct: Decimal | None = None
    share_base: str | None = None
    change: Decimal | None = None  # signed: negative for 减少
    change_pct: Decimal | None = None  # signed
    direction: Direction | None = None
    change_text: str | None = None  # e.g. "--(基数为0,不可比)"
    budget: Decimal | None = None
    budget_basis: Literal["年初", "全年"] | None = None
    final: Decimal | None = None
    diff_pct: Decimal | None = None  # 预决算差异率
    completion_pct: Decimal | None = None  # 完成预算的 X%
    reason: str | None = None  # why it changed against last year (or the only reason given)
    budget_reason: str | None = None  # why 决算 differs from 预算, when stated separately
    items: list[str] = Field(default_factory=list)  # listed components, e.g. 人员经费 包括：基本工资、…
    section: str | None = None  # Section.id
    sentence: str = ""
    page: int | None = None


class LineItem(Model):
    """A 类 / 款 / 项 of the expenditure classification for one fund."""

    fund: str
    level: ItemLevel
    code: str | None = None  # 3 / 5 / 7 digits
    name: str
    path: list[str]  # names from 类 down, this item last
    amount: Decimal | None = None
    share_pct: Decimal | None = None
    change: Decimal | None = None
    change_pct: Decimal | None = None
    budget: Decimal | None = None
    table_amount: Decimal | None = None  # the amount a 附表 gives, beside the narrative's
    reason: str | None = None
    parent: str | None = None  # path_key of the parent
    children: list[str] = Field(default_factory=list)  # path_keys of the children
    section: str | None = None
    sentence: str = ""
    page: int | None = None
    source: Literal["narrative", "structure", "table"] = "narrative"

    @property
    def path_key(self) -> str:
        return "/".join(self.path)


class Staffing(Model):
    """人员情况."""

    establishment: int | None = None  # 编制
    total: int | None = None  # 实有人数
    active: int | None = None  # 在职
    active_change: int | None = None
    retired_cadre: int | None = None  # 离休
    retired_cadre_change: int | None = None
    retired: int | None = None  # 退休
    retired_change: int | None = None
    sentence: str = ""


class Profile(Model):
    """单位概况: functions, structure, staffing."""

    functions: list[str] = Field(default_factory=list)
    departments: list[str] = Field(default_factory=list)
    department_count: int | None = None
    subordinate_units: list[str] = Field(default_factory=list)
    subordinate_count: int | None = None
    staffing: Staffing = Field(default_factory=Staffing)


class ScoreFundRow(Model):
    """A 项目资金 row of a scorecard."""

    name: str
    initial_budget: Decimal | None = None  # 年初预算数
    annual_budget: Decimal | None = None  # 全年预算数
    executed: Decimal | None = None  # 全年执行数
    weight: Decimal | None = None  # 分值
    rate_pct: Decimal | None = None  # 执行率
    score: Decimal | None = None  # 得分


class Goal(Model):
    expected: str = ""
    actual: str = ""


class Indicator(Model):
    """One 三级 indicator of a scorecard, with its 一级 / 二级 parents."""

    level1: str
    level2: str
    name: str
    target: str = ""  # as printed, e.g. ">=85 万条"
    target_op: str | None = None  # =, >=, <=, >, <, ≈ (normalised to ASCII)
    target_value: Decimal | None = None
    target_unit: str | None = None
    actual: str = ""
    actual_op: str | None = None
    actual_value: Decimal | None = None
    actual_unit: str | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    note: str = ""


class Scorecard(Model):
    """项目支出绩效自评表."""

    project: str
    year: int | None = None
    department: str | None = None  # 主管部门
    implementer: str | None = None  # 实施单位
    funds: list[ScoreFundRow] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    section: str | None = None
    page: int | None = None


class GlossaryTerm(Model):
    term: str
    definition: str
    number: str = ""
    section: str | None = None


class TableRow(Model):
    """A row of a table: its printed cells plus the parsed code, label and amounts."""

    cells: list[str]
    code: str | None = None
    label: str = ""
    values: list[Decimal | None] = Field(default_factory=list)


class Table(Model):
    """One of the 附表: listed, stated empty, or included with its grid."""

    name: str
    key: str | None = None  # canonical: income_expenditure_total, income, expenditure, …
    number: str = ""  # ordinal as listed: "一", "七", "公开07表"
    status: TableStatus = "listed"
    unit: str | None = None  # 万元 / 元
    columns: list[str] = Field(default_factory=list)
    rows: list[TableRow] = Field(default_factory=list)
    note: str = ""
    section: str | None = None
    page: int | None = None
    source: str | None = None  # file the table came from when attached later


class Finding(Model):
    """A consistency-check result."""

    rule: str
    title: str
    severity: Severity
    message: str
    values: dict[str, str] = Field(default_factory=dict)
    difference: Decimal | None = None
    section: str | None = None
    sentence: str = ""
    location: str | None = None  # e.g. "table:expenditure:row 3:col 2"


class Document(Model):
    """A whole disclosure."""

    id: str
    title: str
    unit: str
    year: int | None = None
    kind: DocumentKind = "单位决算"
    money_unit: str = "万元"
    source: Source
    text: str  # the decoded original text, verbatim
    cover: str = ""  # lines before the 目录 (verbatim)
    toc_raw: str = ""  # the 目录 block (verbatim)
    toc: list[TocEntry] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    line_items: list[LineItem] = Field(default_factory=list)
    profile: Profile = Field(default_factory=Profile)
    scorecards: list[Scorecard] = Field(default_factory=list)
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    def walk_sections(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.walk_sections() if s.id == section_id), None)


class DocumentSummary(Model):
    """A row of the document list: enough to show and pick, without loading the body."""

    id: str
    title: str
    unit: str
    year: int | None
    kind: str
    source: Source


class Note(Model):
    """A reviewer's note (审核意见) on a document, a section, a fact or a line item.

    Anchored by stable references (the section's heading path, the fact's key
    and label, the line item's fund and path), never by row ids, so a note
    survives re-importing its document; ``orphaned`` is set when the anchor is
    no longer found (the note then stays on the document).
    """

    id: int | None = None  # assigned by the store
    document_id: str
    anchor: NoteAnchor = "document"
    section: str | None = None  # Section.id where the anchor is, as last resolved
    section_path: list[str] = Field(default_factory=list)  # headings from the part down
    fact_key: str | None = None
    fact_label: str | None = None
    fact_value: Decimal | None = None
    item_fund: str | None = None
    item_level: ItemLevel | None = None
    item_code: str | None = None
    item_path: list[str] = Field(default_factory=list)
    text: str
    status: NoteStatus = "待核实"
    author: str = ""
    created_at: datetime
    updated_at: datetime | None = None
    orphaned: bool = False


class SearchHit(Model):
    document_id: str
    unit: str
    year: int | None
    section_id: str
    section_title: str
    snippet: str
