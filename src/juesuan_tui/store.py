"""The SQLite store: every SQL statement of the project lives here.

The schema is plain SQL under ``db/NNNN_*.sql`` (pending ones applied in order,
all in one transaction, tracked with ``PRAGMA user_version``). Decimals are stored as
TEXT exactly as printed and come back as ``Decimal``. Rows are encoded from the
pydantic models generically: a model field with a column of the same name goes
there (JSON-declared columns hold JSON), anything else goes to the row's
``extra`` JSON, so nothing of a document is ever dropped. Encoding needs no
database (:func:`prepare`): a bulk import's workers do it, and the one writer
only runs the INSERTs.

One ``Store`` per thread is the contract; a lock makes accidental sharing safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import stat
import threading
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterator, Literal, NamedTuple, Sequence
from urllib.parse import quote

import sqlite_utils
from pydantic import BaseModel

from juesuan_tui.models import (
    FUNDS,
    NOTE_STATUSES,
    Document,
    DocumentSummary,
    Fact,
    Finding,
    GlossaryTerm,
    Indicator,
    LineItem,
    Note,
    Scorecard,
    ScoreFundRow,
    SearchHit,
    Section,
    Source,
    Table,
)
from juesuan_tui.overview import HEADLINES, ClassCount, OverviewRow, Stats, YearCount

__all__ = [
    "Store", "StoreError", "ReadOnlyError", "SaveStatus", "diagnose", "migrations", "SCHEMA_VERSION",
    "PreparedDocument", "Layout", "prepare", "schema_layout",
]

SaveStatus = Literal["imported", "unchanged", "replaced"]

BUSY_TIMEOUT_MS = 5000
# On top of SQLite's busy timeout: how long a writer keeps retrying a locked
# database (with exponential backoff) before it reports the lock.
BUSY_RETRY_SECONDS = 60.0
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
_SQLITE_HEADER = b"SQLite format 3\x00"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w.-]+\.sql$")
# Columns that belong to the row's identity, not to a model field.
_ROW_KEYS = frozenset({"pk", "document_id", "seq", "parent_id", "scorecard_seq", "extra"})
# Source fields live in flattened columns of ``documents``.
_SOURCE_COLUMNS = {
    "path": "source_path",
    "sha256": "source_sha256",
    "format": "source_format",
    "encoding": "source_encoding",
    "size": "source_size",
    "imported_at": "imported_at",
    "importer_version": "importer_version",
}
_DOC_CHILDREN = ("sections", "facts", "line_items", "scorecards", "glossary", "tables", "findings")
_SNIPPET_BEFORE = 24
_SNIPPET_AFTER = 56


class StoreError(Exception):
    """A store failure with a one-line Chinese message naming the database."""


class ReadOnlyError(StoreError):
    """A write was attempted on a database opened read-only."""


# NULL in prepared rows. Binding None costs CPython's sqlite3 an adapter lookup
# (≈ 1 µs, five times a string); a bytearray binds at C speed, no value of ours is
# one, and the INSERT turns it into NULL with nullif(?, x'').
_NULL = bytearray()
_NULLIF_MARK = "nullif(?, x'')"
# In sections.raw and facts.sentence (TEXT): "the text stored elsewhere already" (db/0003).
_SAME = bytearray(b"=")
_COMPACT_VERSION = 3


class _OneByOne(Exception):
    """``save_many``: a document of the batch cannot be written; save them one at a time."""


# ---------------------------------------------------------------- migrations


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def _schema_dir():
    """``juesuan_tui/db`` inside an installed wheel, else the checkout's ``db/``."""
    try:
        packaged = files("juesuan_tui") / "db"
        if packaged.is_dir():
            return packaged
    except (ModuleNotFoundError, OSError):  # pragma: no cover - defensive
        pass
    return Path(__file__).resolve().parents[2] / "db"


def migrations() -> list[Migration]:
    """All schema migrations in order; numbering must run 1, 2, 3 … without gaps."""
    found: list[Migration] = []
    folder = _schema_dir()
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    expected = list(range(1, len(found) + 1))
    if [m.version for m in found] != expected:
        raise StoreError(f"数据库迁移文件编号不连续：{folder}")
    return found


SCHEMA_VERSION = len(migrations())


# ---------------------------------------------------------------- row codec


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str:
    return _JSON.encode(value)


def _encode(
    data: dict[str, Any],
    columns: dict[str, str],
    *,
    rename: dict[str, str] | None = None,
    base: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A JSON-mode model dump → a row for a table with ``columns`` (name → declared type).

    Fields without a matching column (or whose value does not fit a scalar
    column) are kept in ``extra``.
    """
    rename = rename or {}
    row: dict[str, Any] = dict(base or {})
    extra: dict[str, Any] = {}
    for field, value in data.items():
        column = rename.get(field, field)
        if column not in columns or column in _ROW_KEYS or column in row:
            extra[field] = value
        elif columns[column] == "JSON":
            row[column] = _dumps(value)
        elif isinstance(value, (dict, list)):
            extra[field] = value
        else:
            row[column] = value
    if "extra" in columns:
        row["extra"] = _dumps(extra) if extra else None
    elif extra:  # pragma: no cover - every table of the schema has ``extra``
        raise StoreError(f"无法保存字段：{', '.join(extra)}")
    return row


def _decode(row: dict[str, Any], columns: dict[str, str], model: type[BaseModel], *, rename: dict[str, str] | None = None) -> dict[str, Any]:
    """A row → field values for ``model`` (columns renamed back, JSON parsed, ``extra`` merged)."""
    back = {column: field for field, column in (rename or {}).items()}
    fields = model.model_fields
    data: dict[str, Any] = {}
    for column, value in row.items():
        if column in _ROW_KEYS:
            continue
        field = back.get(column, column)
        if field not in fields:
            continue
        if isinstance(value, str) and columns.get(column) == "JSON":
            value = json.loads(value)
        if value is None and not fields[field].is_required() and fields[field].default is not None:
            continue  # a NULL in a column added later: let the model's default apply
        data[field] = value
    if row.get("extra"):
        data.update({k: v for k, v in json.loads(row["extra"]).items() if k in fields})
    return data


def _flatten_dumps(sections: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str | None]]:
    """JSON-mode section dumps in document pre-order with their parent id; each comes without its ``children``."""
    stack: list[tuple[dict[str, Any], str | None]] = [(s, None) for s in reversed(sections)]
    while stack:
        section, parent = stack.pop()
        children = section.pop("children", [])
        yield section, parent
        stack.extend((child, section["id"]) for child in reversed(children))


# ---------------------------------------------------------------- prepared documents

# (column names, row tuples) of one table
_Part = tuple[tuple[str, ...], list[tuple]]


class Layout(NamedTuple):
    """The schema version and tables and columns (name → declared type) rows are encoded for,
    and a fingerprint of them."""

    version: int
    columns: dict[str, dict[str, str]]
    key: str


def _layout(version: int, columns: dict[str, dict[str, str]]) -> Layout:
    canonical = _dumps([version, sorted((table, sorted(cols.items())) for table, cols in columns.items())])
    return Layout(version, columns, hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest())


_SCHEMA_LAYOUT: Layout | None = None


def schema_layout() -> Layout:
    """The layout of a database with every migration applied (what a writable ``Store`` has)."""
    global _SCHEMA_LAYOUT
    if _SCHEMA_LAYOUT is None:
        conn = sqlite3.connect(":memory:")
        try:
            for migration in migrations():
                conn.executescript(migration.sql)
            _SCHEMA_LAYOUT = _layout(len(migrations()), _table_columns(conn))
        finally:
            conn.close()
    return _SCHEMA_LAYOUT


def _table_columns(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {
        table: {r[1]: (r[2] or "").upper() for r in conn.execute(f"PRAGMA table_info({_ident(table)})")}
        for table in tables
    }


class PreparedDocument(NamedTuple):
    """A document encoded as rows of plain tuples of strings and integers (``_NULL`` for
    NULL): what ``Store`` inserts.

    Made by :func:`prepare` away from the database (a bulk import's worker
    processes), so the one writer only executes SQL; cheap to pickle.
    ``document`` is the model itself when it was kept; otherwise the writer
    reads the document back from its rows on the rare occasion it needs it
    (re-anchoring review notes on a replace).
    """

    id: str
    unit: str
    year: int | None
    layout: str  # Layout.key of the rows
    rows: dict[str, _Part]  # table → its rows; scorecards, scorecard_funds and indicators included
    document: Document | None = None


def prepare(doc: Document, layout: Layout | None = None, *, keep: bool = False) -> PreparedDocument:
    """``doc`` as the rows of each table (for ``layout``; default: :func:`schema_layout`).

    Pure: no database is needed. One JSON-mode dump of the document, then
    each part encoded as its own model dump would be (see :func:`_encode`).
    ``keep`` keeps ``doc`` in the result.
    """
    layout = layout or schema_layout()
    cols = layout.columns
    doc_id = doc.id
    data = doc.model_dump(mode="json")
    children = {name: data.pop(name) for name in _DOC_CHILDREN}
    source = data.pop("source")
    for field, column in _SOURCE_COLUMNS.items():
        if column in cols["documents"] and field in source:
            data[column] = source.pop(field)
    if source:  # Source fields this schema has no column for
        data["source"] = source
    data["saved_at"] = None  # stamped by the writer
    rows: dict[str, _Part] = {"documents": _encode_table([((), data)], (), cols["documents"])}
    sections = list(_flatten_dumps(children["sections"]))
    compact = layout.version >= _COMPACT_VERSION
    if compact:
        # A section's raw that is a slice of the text's lines is stored once, in documents.text.
        lines = _text_lines(doc.text)
        for section, _ in sections:
            _mark_slice(section, lines)
    rows["sections"] = _encode_table([((doc_id, seq, parent), section) for seq, (section, parent) in enumerate(sections)],
                                     ("document_id", "seq", "parent_id"), cols["sections"], rename={"order": "ord"})
    if compact:
        # A sentence that gives several facts is stored with the first of them.
        _mark_repeats(children["facts"])
    for name, table in (("facts", "facts"), ("line_items", "line_items"), ("glossary", "glossary"),
                        ("tables", "tables_"), ("findings", "findings")):
        rows[table] = _encode_table([((doc_id, seq), item) for seq, item in enumerate(children[name])],
                                    ("document_id", "seq"), cols[table])
    cards, funds, indicators = [], [], []
    for seq, card in enumerate(children["scorecards"]):
        funds += [((doc_id, seq, n), item) for n, item in enumerate(card.pop("funds", []))]
        indicators += [((doc_id, seq, n), item) for n, item in enumerate(card.pop("indicators", []))]
        cards.append(((doc_id, seq), card))
    rows["scorecards"] = _encode_table(cards, ("document_id", "seq"), cols["scorecards"])
    rows["scorecard_funds"] = _encode_table(funds, ("document_id", "scorecard_seq", "seq"), cols["scorecard_funds"])
    rows["indicators"] = _encode_table(indicators, ("document_id", "scorecard_seq", "seq"), cols["indicators"])
    return PreparedDocument(doc_id, doc.unit, doc.year, layout.key, rows, doc if keep else None)


def _text_lines(text: str) -> list[str]:
    """The lines a ``sections.raw`` marker slices (db/0003): fixed here, never the importers'
    rule, so that a stored database reads back the same whatever the importers do later."""
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff").split("\n")


def _mark_slice(section: dict[str, Any], lines: list[str]) -> None:
    """``raw`` → the marker when it is exactly the section's lines of the text."""
    raw = section.get("raw")
    start, end = section.get("line_start"), section.get("line_end")
    if (raw and isinstance(raw, str) and type(start) is int and type(end) is int and 0 <= start < end <= len(lines)
            and "\n".join(lines[start:end]) == raw):
        section["raw"] = _SAME


def _mark_repeats(facts: list[dict[str, Any]]) -> None:
    """``sentence`` → the marker when it is the sentence of the fact before."""
    previous = None
    for fact in facts:
        sentence = fact.get("sentence")
        if sentence and isinstance(sentence, str) and sentence == previous:
            fact["sentence"] = _SAME
        previous = sentence


class _Diverted(Exception):
    """A value that does not fit its scalar column: the row needs the general encoder."""


def _encode_table(
    items: list[tuple[tuple, dict[str, Any]]],
    base_keys: tuple[str, ...],
    columns: dict[str, str],
    *,
    rename: dict[str, str] | None = None,
) -> _Part:
    """Rows ``(base values, JSON-mode dump)`` → (columns, row tuples): each row what :func:`_encode`
    gives, their columns united as one INSERT takes them (a column a row lacks is NULL).

    Dumps of one model share their keys, so each key sequence is planned once.
    """
    if not items:
        return (), []
    rename = rename or {}
    plans: dict[tuple[str, ...], _Plan] = {}
    out: list[tuple] = []
    names: tuple[str, ...] | None = None
    try:
        for base, data in items:
            keys = tuple(data)
            plan = plans.get(keys)
            if plan is None:
                plan = plans[keys] = _plan(keys, base_keys, columns, rename)
                if names is not None and plan.names != names:
                    raise _Diverted
                names = plan.names
            out.append(_encode_row(base, data, plan))
    except _Diverted:
        encoded = [_encode(data, columns, rename=rename, base=dict(zip(base_keys, base))) for base, data in items]
        united = tuple(dict.fromkeys(column for row in encoded for column in row))
        return united, [tuple(_NULL if row.get(column) is None else row[column] for column in united) for row in encoded]
    return names, out


class _Plan(NamedTuple):
    names: tuple[str, ...]  # the row's columns: base keys, the fields' columns, extra
    fields: tuple[str, ...]  # fields with a column, in column order
    json: tuple[int, ...]  # positions in the row of JSON-declared columns
    extra: tuple[str, ...]  # fields without a column
    has_extra: bool


def _plan(keys: tuple[str, ...], base_keys: tuple[str, ...], columns: dict[str, str], rename: dict[str, str]) -> _Plan:
    """Where each field of a dump goes (as :func:`_encode` decides)."""
    names = list(base_keys)
    taken = set(base_keys)
    fields, json_at, extra = [], [], []
    for field in keys:
        column = rename.get(field, field)
        if column not in columns or column in _ROW_KEYS or column in taken:
            extra.append(field)
            continue
        if columns[column] == "JSON":
            json_at.append(len(names))
        fields.append(field)
        names.append(column)
        taken.add(column)
    has_extra = "extra" in columns
    if has_extra:
        names.append("extra")
    elif extra:  # pragma: no cover - every table of the schema has ``extra``
        raise StoreError(f"无法保存字段：{', '.join(extra)}")
    return _Plan(tuple(names), tuple(fields), tuple(json_at), tuple(extra), has_extra)


# What a JSON-mode dump puts in a scalar column (and the writer's markers).
_SCALARS = frozenset({str, int, float, bool, type(None), bytearray})


def _encode_row(base: tuple, data: dict[str, Any], plan: _Plan) -> tuple:
    """One row; the loops run in C (values fetched, types checked, NULLs replaced)."""
    values = [*base, *map(data.__getitem__, plan.fields)]
    for at in plan.json:
        values[at] = _dumps(values[at])
    if not _SCALARS.issuperset(map(type, values)):
        raise _Diverted  # a list or dict for a scalar column: _encode keeps it in extra
    if None in values:
        values = [_NULL if value is None else value for value in values]
    if plan.has_extra:
        values.append(_dumps({field: data[field] for field in plan.extra}) if plan.extra else _NULL)
    return tuple(values)


def _unite(parts: Sequence[_Part]) -> _Part:
    """Rows of different columns as rows of all their columns (NULL where a row has none)."""
    columns = tuple(dict.fromkeys(column for names, _ in parts for column in names))
    rows = []
    for names, part in parts:
        at = [names.index(column) if column in names else -1 for column in columns]
        rows += [tuple(row[i] if i >= 0 else _NULL for i in at) for row in part]
    return columns, rows


def _stamped(part: _Part, saved_at: str) -> _Part:
    """The documents row with its ``saved_at`` (when the writer wrote it)."""
    names, rows = part
    if "saved_at" not in names:
        return part
    at = names.index("saved_at")
    return names, [row[:at] + (saved_at,) + row[at + 1:] for row in rows]


# ASCII punctuation and its full-width form (U+FF01–FF5E), as Chinese text prints it.
_HALF_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_TO_FULL_PUNCT = {ord(c): ord(c) + 0xFEE0 for c in _HALF_PUNCT}
_TO_FULL_ALL = {**_TO_FULL_PUNCT, **{c: c + 0xFEE0 for c in range(0x30, 0x3A)},
                **{c: c + 0xFEE0 for c in range(0x41, 0x5B)}, **{c: c + 0xFEE0 for c in range(0x61, 0x7B)}}


def width_variants(query: str) -> list[str]:
    """``query`` and the forms it takes in print: half-width, full-width punctuation, all full-width.

    A disclosure prints （一） or (一), ３ or 3 as its typesetter chose; the stored text is
    verbatim, so a search tries each form (at most four, in this order, without repeats).
    """
    half = unicodedata.normalize("NFKC", query).replace("\u3000", " ")
    variants = [query, half, half.translate(_TO_FULL_PUNCT), half.translate(_TO_FULL_ALL)]
    return list(dict.fromkeys(variants))


def _excerpt(text: str, query: str) -> str:
    """A one-line excerpt of ``text`` around the first occurrence of ``query`` (in any width form)."""
    flat = " ".join(text.split())
    folded = flat.casefold()
    at, found = -1, query
    for variant in width_variants(" ".join(query.split())):
        at = folded.find(variant.casefold())
        if at >= 0:
            found = variant
            break
    if at < 0:
        at = 0
    start = max(0, at - _SNIPPET_BEFORE)
    end = min(len(flat), at + len(found) + _SNIPPET_AFTER)
    return ("…" if start > 0 else "") + flat[start:end] + ("…" if end < len(flat) else "")


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


# ---------------------------------------------------------------- store


class Store:
    """A juesuan database file.

    ``Store(path)`` creates and migrates the file (WAL mode, 5 s busy timeout).
    It opens read-only by itself when the file or its folder is not writable,
    or when ``readonly=True``; writes then raise :class:`ReadOnlyError`.
    ``path=":memory:"`` gives a private in-memory database.
    """

    def __init__(self, path: str | os.PathLike[str], readonly: bool = False) -> None:
        self._lock = threading.RLock()
        self.memory = str(path) == ":memory:"
        self.path = Path(path) if not self.memory else Path(":memory:")
        self.readonly = bool(readonly)
        self.version = 0
        self._too_new = False
        self._verified = False  # quick_check passed (done once, before the first write)
        self._columns: dict[str, dict[str, str]] = {}
        self.layout = _layout(0, {})  # the tables and columns this database has (set when opened)
        self._conn = self._connect()
        try:
            self.db = sqlite_utils.Database(self._conn)
            self._prepare()
        except BaseException:
            self._conn.close()
            raise

    # -- opening

    def _connect(self) -> sqlite3.Connection:
        if self.memory:
            return sqlite3.connect(":memory:", check_same_thread=False)
        path = self.path
        immutable = False
        if path.exists():
            if path.is_dir():
                raise StoreError(f"{path}: 是文件夹，不是数据库文件")
            _check_header(path)
            dir_writable = _writable(path.parent)
            if not (dir_writable and _writable(path)):
                self.readonly = True
            # WAL readers need a -shm file beside the database; without a
            # writable folder the file can only be read as immutable.
            immutable = self.readonly and not dir_writable
        else:
            if self.readonly:
                raise StoreError(f"{path}: 数据库不存在")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path}: 无法创建数据库目录（{exc.strerror or exc}）") from None
            if not _writable(path.parent):
                raise StoreError(f"{path}: 目录不可写，无法创建数据库")
        try:
            if self.readonly:
                uri = "file:" + quote(str(path.resolve()), safe="/") + "?mode=ro"
                if immutable:
                    uri += "&immutable=1"
                return sqlite3.connect(uri, uri=True, check_same_thread=False)
            return sqlite3.connect(str(path), check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: 无法打开数据库（{exc}）") from None

    def _prepare(self) -> None:
        conn = self._conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # The first real read tells a database from any other file.
            self.version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            if _is_corrupt(exc):
                raise StoreError(_damaged(self.path, exc)) from None
            raise StoreError(f"{self.path}: 不是有效的 SQLite 数据库（{exc}）") from None
        known = SCHEMA_VERSION
        if self.version > known:
            # Reads are attempted; writes would corrupt a schema we do not know.
            self._too_new = True
        elif self.version < known:
            if self.readonly:
                raise StoreError(f"{self.path}: 数据库为只读，且版本 {self.version} 需要升级到 {known}")
            self._migrate()
        if not self.readonly and not self.memory and not self._too_new:
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
            except sqlite3.OperationalError:
                pass  # another connection holds a lock; WAL is set on the next open
            # The writer's staging tables (``_stage``): memory, not a file; settable outside transactions only.
            conn.execute("PRAGMA temp_store = MEMORY")
        self._columns = _table_columns(conn)
        self.layout = _layout(self.version, self._columns)

    def _migrate(self) -> None:
        """Apply every pending migration in ONE transaction: the file ends fully upgraded or untouched."""
        pending = [m for m in migrations() if m.version > self.version]
        if self.version > 0:
            self._verify()  # never upgrade (write into) a damaged file
        running = pending[0] if pending else None
        current = self.version
        try:
            with self._transaction():
                # Another process may have migrated while we waited for the lock.
                current = self._conn.execute("PRAGMA user_version").fetchone()[0]
                for migration in pending:
                    if migration.version <= current:
                        continue
                    running = migration
                    self.db.executescript(migration.sql)
                    self._conn.execute(f"PRAGMA user_version = {migration.version:d}")
                    current = migration.version
        except sqlite3.Error as exc:
            name = running.name if running is not None else ""
            raise StoreError(
                f"{self.path}: 数据库迁移 {name} 失败（{one_line(exc)}），数据库保持版本 {self.version} 未改动"
            ) from None
        self.version = current
        self._too_new = current > SCHEMA_VERSION

    # -- lifecycle

    def close(self) -> None:
        with self._lock:
            try:
                self._conn.close()
            except sqlite3.Error:  # pragma: no cover - closing twice is harmless
                pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "ro" if self.readonly else "rw"
        return f"<Store {self.path} v{self.version} {mode}>"

    # -- transactions

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error.

        A database locked by another process is waited for: SQLite's busy
        timeout, then retries with backoff for up to ``BUSY_RETRY_SECONDS``
        (taking the write lock, and committing, are the steps that can meet
        another writer).
        """
        with self._lock:
            self._retry_busy("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            try:
                # A COMMIT that meets SQLITE_BUSY leaves the transaction open: retry it.
                self._retry_busy("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _retry_busy(self, sql: str) -> None:
        delay = 0.02
        deadline = time.monotonic() + BUSY_RETRY_SECONDS
        while True:
            try:
                self._conn.execute(sql)
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)

    def check_writable(self) -> None:
        """Raise :class:`ReadOnlyError` / :class:`StoreError` now if a write would be refused."""
        if self.readonly:
            raise ReadOnlyError(f"数据库为只读：{self.path}")
        if self._too_new:
            raise StoreError(
                f"{self.path}: 数据库版本 {self.version} 比本程序支持的版本 {SCHEMA_VERSION} 新，拒绝写入（请升级 juesuan-tui）"
            )

    @contextmanager
    def _writing(self) -> Iterator[None]:
        self.check_writable()
        self._verify()
        try:
            with self._transaction():
                yield
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc):
                raise ReadOnlyError(f"数据库为只读：{self.path}") from None
            raise StoreError(f"{self.path}: 写入失败（{exc}）") from None
        except sqlite3.Error as exc:
            if _is_corrupt(exc):
                raise StoreError(_damaged(self.path, exc)) from None
            raise StoreError(f"{self.path}: 写入失败（{exc}）") from None

    def _verify(self) -> None:
        """Before the first write: ``PRAGMA quick_check`` (fast), so a damaged file is never written to."""
        if self._verified or self.memory:
            return
        with self._lock:
            try:
                result = [row[0] for row in self._conn.execute("PRAGMA quick_check(5)").fetchall()]
            except sqlite3.OperationalError as exc:
                if _is_busy(exc):
                    return  # a busy database is not a damaged one; the write itself waits
                raise StoreError(_damaged(self.path, exc, writing=True)) from None
            except sqlite3.DatabaseError as exc:
                raise StoreError(_damaged(self.path, exc, writing=True)) from None
        if result != ["ok"]:
            raise StoreError(_damaged(self.path, result[0], writing=True))
        self._verified = True

    @contextmanager
    def _reading(self) -> Iterator[None]:
        with self._lock:
            try:
                yield
            except sqlite3.Error as exc:
                if _is_corrupt(exc):
                    raise StoreError(_damaged(self.path, exc)) from None
                raise StoreError(f"{self.path}: 读取失败（{exc}）") from None

    # -- writing

    def save(self, doc: Document | PreparedDocument, replace: bool = False) -> SaveStatus:
        """Store ``doc`` whole or not at all.

        Returns "unchanged" when a document with this id is present and
        ``replace`` is false, "replaced" when it was deleted and written again,
        "imported" otherwise. ``doc`` may come already :func:`prepare`\\ d.
        """
        self.check_writable()
        prepared = self._ready(doc)
        with self._writing():
            return self._save_batch([prepared], replace)[0]

    def save_many(self, docs: Sequence[Document | PreparedDocument], replace: bool = False) -> list[SaveStatus | StoreError]:
        """Store several documents in one transaction (a bulk import's writer).

        The same as :meth:`save` on each in order, several times faster: one
        commit, and the full-text index takes all their sections at once.
        Each document is still whole or not at all: when one of them cannot
        be written (its data breaks a constraint), the batch is rolled back
        and saved again one document per transaction; that document's entry
        is then its :class:`StoreError`. A failure of the database itself
        (locked, full, damaged) raises :class:`StoreError` for the batch.
        Documents may come already :func:`prepare`\\ d (a batch import's workers do).
        """
        if not docs:
            return []
        self.check_writable()
        prepared = [self._ready(doc) for doc in docs]
        try:
            with self._writing():
                try:
                    return self._save_batch(prepared, replace)
                except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError) as exc:
                    raise _OneByOne from exc  # rolls the batch back (not an sqlite3.Error)
        except _OneByOne:
            pass
        results: list[SaveStatus | StoreError] = []
        for one in prepared:
            try:
                results.append(self.save(one, replace))
            except ReadOnlyError:
                raise
            except StoreError as exc:
                results.append(exc)
        return results

    def _ready(self, doc: Document | PreparedDocument) -> PreparedDocument:
        """``doc`` as rows of this database's layout (encoded here unless a worker did)."""
        if not isinstance(doc, PreparedDocument):
            return prepare(doc, self.layout, keep=True)
        if doc.layout == self.layout.key:
            return doc
        if doc.document is not None:
            return prepare(doc.document, self.layout, keep=True)
        raise StoreError(f"{self.path}: 文档 {doc.id} 按另一数据库结构编码，无法写入")

    def _save_batch(self, docs: Sequence[PreparedDocument], replace: bool) -> list[SaveStatus]:
        """Inside a transaction: what saving each of ``docs`` in turn does, with the rows
        of all of them inserted table by table."""
        statuses: list[SaveStatus] = []
        stored: dict[str, bool] = {}  # id → a row of it is in the database now
        pending: dict[str, PreparedDocument] = {}  # to insert, in the order their last save came
        for doc in docs:
            if doc.id not in stored:
                stored[doc.id] = bool(self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone())
            exists = stored[doc.id] or doc.id in pending
            if exists and not replace:
                statuses.append("unchanged")
                continue
            if stored[doc.id]:
                self._conn.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
                stored[doc.id] = False
            pending.pop(doc.id, None)
            pending[doc.id] = doc
            statuses.append("replaced" if exists else "imported")
        batch = list(pending.values())
        now = _now()
        self._insert_rows("documents", [_stamped(doc.rows["documents"], now) for doc in batch])
        # Sections in one statement: the full-text index takes them in one go.
        self._insert_rows("sections", [doc.rows.get("sections") for doc in batch], one_statement=True)
        for table in ("facts", "line_items"):
            self._insert_rows(table, [doc.rows.get(table) for doc in batch])
        for doc in batch:
            self._insert_scorecards(doc)
        for table in ("glossary", "tables_", "findings"):
            self._insert_rows(table, [doc.rows.get(table) for doc in batch])
        for doc in batch:
            self._reanchor_notes(doc)
        return statuses

    def merge(self, doc: Document, absorbed: Sequence[str]) -> None:
        """Replace ``doc`` and delete the documents ``absorbed`` into it, in one transaction.

        Their notes move to ``doc`` and are anchored again in it (a note on a
        workbook's row finds the same row among ``doc``'s attached tables).
        """
        self.check_writable()
        prepared = self._ready(doc)
        with self._writing():
            for gone in absorbed:
                if gone == doc.id:
                    continue
                if "notes" in self._columns:
                    self._conn.execute("UPDATE notes SET document_id = ? WHERE document_id = ?", (doc.id, gone))
                self._conn.execute("DELETE FROM documents WHERE id = ?", (gone,))
            self._save_batch([prepared], replace=True)

    def tables_only_documents(self) -> list[tuple[str, str, int | None]]:
        """(id, unit, year) of the stored documents that hold 附表 and nothing of a narrative:
        included tables, no facts, no line item read from text (a workbook stored on its own)."""
        # The candidates come from the id index (a scan of `documents` itself reads a page per
        # document, since each row holds its text: 76 against 15 ms at 10,000 documents); most
        # documents have facts, so that test goes first.
        with self._reading():
            rows = self._conn.execute(
                "SELECT d.id, d.unit, d.year FROM documents d WHERE d.id IN ("
                " SELECT k.id FROM documents k WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.document_id = k.id)"
                " AND EXISTS (SELECT 1 FROM tables_ t WHERE t.document_id = k.id AND t.status = 'included')"
                " AND NOT EXISTS (SELECT 1 FROM line_items i WHERE i.document_id = k.id AND i.source != 'table'))"
            ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def set_findings(self, doc_id: str, findings: list[Finding]) -> None:
        """Replace a stored document's findings (after the checks ran again) in one transaction."""
        columns = self._columns["findings"]
        part = _encode_table([((doc_id, seq), f.model_dump(mode="json")) for seq, f in enumerate(findings)],
                             ("document_id", "seq"), columns)
        with self._writing():
            if not self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
                raise KeyError(doc_id)
            self._conn.execute("DELETE FROM findings WHERE document_id = ?", (doc_id,))
            self._insert_rows("findings", [part])

    def delete(self, doc_id: str) -> bool:
        """Delete a document and everything of it, its notes included; False when it was not there."""
        with self._writing():
            cursor = self._conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            if "notes" in self._columns:
                self._conn.execute("DELETE FROM notes WHERE document_id = ?", (doc_id,))
        return cursor.rowcount > 0

    def _insert_scorecards(self, doc: PreparedDocument) -> None:
        for table in ("scorecards", "scorecard_funds", "indicators"):
            self._insert_rows(table, [doc.rows.get(table)])

    def _insert_rows(self, table: str, parts: Sequence[_Part | None], *, one_statement: bool = False) -> None:
        """Insert the rows of ``parts`` (each: columns, row tuples, ``_NULL`` for NULL) into ``table``;
        with ``one_statement`` in ONE statement however many rows there are.
        Parts of different columns are united (a column a row lacks is NULL)."""
        parts = [part for part in parts if part is not None and part[1]]
        if not parts:
            return
        columns = parts[0][0]
        if all(part[0] == columns for part in parts):
            rows = parts[0][1] if len(parts) == 1 else [row for part in parts for row in part[1]]
        else:
            columns, rows = _unite(parts)
        names = ", ".join(map(_ident, columns))
        values = f"VALUES ({', '.join([_NULLIF_MARK] * len(columns))})"
        if not one_statement:
            self._conn.executemany(f"INSERT INTO {_ident(table)} ({names}) {values}", rows)
            return
        # FTS5 writes its pending terms out at the end of every statement that fires its
        # trigger: the rows go to a temporary table first, then into ``table`` in one
        # statement, so the index takes the whole batch as one segment (fewer merges).
        stage = self._stage(table, columns)
        self._conn.executemany(f"INSERT INTO temp.{stage} {values}", rows)
        self._conn.execute(f"INSERT INTO main.{_ident(table)} ({names}) SELECT {names} FROM temp.{stage} ORDER BY rowid")
        self._conn.execute(f"DELETE FROM temp.{stage}")

    def _stage(self, table: str, columns: tuple[str, ...]) -> str:
        """A temporary table (in memory, this connection's) for rows of ``table`` with ``columns``.

        Created inside the transaction (a rollback removes it again), so looked for every time."""
        digest = hashlib.blake2b("\0".join(columns).encode(), digest_size=6).hexdigest()
        stage = _ident(f"stage_{table}_{digest}")
        # Columns without a type: values are kept as bound; ``table`` applies its own affinity.
        self._conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} ({', '.join(map(_ident, columns))})")
        return stage

    # -- reading

    def _rows(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    def get(self, doc_id: str) -> Document:
        """The whole document; ``KeyError`` when absent, ``StoreError`` when its rows are damaged."""
        with self._reading():
            rows = self._rows("SELECT * FROM documents WHERE id = ?", (doc_id,))
            if not rows:
                raise KeyError(doc_id)
            try:
                return self._load_document(rows[0])
            except ValueError as exc:  # pydantic's ValidationError and bad JSON both are ValueErrors
                raise StoreError(f"{self.path}: 文档 {doc_id} 的数据无法读取（{one_line(exc)}）") from None

    def _load_document(self, row: dict[str, Any]) -> Document:
        doc_id = row["id"]
        data = _decode(row, self._columns["documents"], Document)
        extra = json.loads(row["extra"]) if row.get("extra") else {}
        source = {field: row[column] for field, column in _SOURCE_COLUMNS.items() if column in row}
        source.update(extra.get("source") or {})
        data["source"] = source
        data["sections"] = self._load_sections(doc_id, row["text"])
        data["facts"] = self._load_facts(doc_id)
        data["line_items"] = self._load_rows("line_items", doc_id, LineItem)
        data["scorecards"] = self._load_scorecards(doc_id)
        data["glossary"] = self._load_rows("glossary", doc_id, GlossaryTerm)
        data["tables"] = self._load_rows("tables_", doc_id, Table)
        data["findings"] = self._load_rows("findings", doc_id, Finding)
        return Document.model_validate(data)

    def _load_rows(self, table: str, doc_id: str, model: type[BaseModel], scorecard_seq: int | None = None) -> list[dict]:
        columns = self._columns[table]
        if scorecard_seq is None:
            rows = self._rows(f"SELECT * FROM {_ident(table)} WHERE document_id = ? ORDER BY seq", (doc_id,))
        else:
            rows = self._rows(
                f"SELECT * FROM {_ident(table)} WHERE document_id = ? AND scorecard_seq = ? ORDER BY seq",
                (doc_id, scorecard_seq),
            )
        return [_decode(row, columns, model) for row in rows]

    def _load_facts(self, doc_id: str) -> list[dict]:
        columns = self._columns["facts"]
        facts = []
        sentence = None
        for row in self._rows("SELECT * FROM facts WHERE document_id = ? ORDER BY seq", (doc_id,)):
            fact = _decode(row, columns, Fact)
            if isinstance(row.get("sentence"), bytes):  # the sentence of the fact before (db/0003)
                fact["sentence"] = sentence or ""
            sentence = fact.get("sentence")
            facts.append(fact)
        return facts

    def _load_sections(self, doc_id: str, text: str) -> list[dict]:
        columns = self._columns["sections"]
        rows = self._rows("SELECT * FROM sections WHERE document_id = ? ORDER BY seq", (doc_id,))
        roots: list[dict] = []
        by_id: dict[str, dict] = {}
        lines: list[str] | None = None
        for row in rows:
            node = _decode(row, columns, Section, rename={"order": "ord"})
            if isinstance(row.get("raw"), bytes):  # stored once, in the document's text (db/0003)
                lines = _text_lines(text) if lines is None else lines
                node["raw"] = "\n".join(lines[row["line_start"]:row["line_end"]])
            node["children"] = []
            parent = by_id.get(row["parent_id"]) if row["parent_id"] is not None else None
            (parent["children"] if parent is not None else roots).append(node)
            by_id.setdefault(node["id"], node)
        return roots

    def _load_scorecards(self, doc_id: str) -> list[dict]:
        columns = self._columns["scorecards"]
        rows = self._rows("SELECT * FROM scorecards WHERE document_id = ? ORDER BY seq", (doc_id,))
        cards = []
        for row in rows:
            card = _decode(row, columns, Scorecard)
            card["funds"] = self._load_rows("scorecard_funds", doc_id, ScoreFundRow, scorecard_seq=row["seq"])
            card["indicators"] = self._load_rows("indicators", doc_id, Indicator, scorecard_seq=row["seq"])
            cards.append(card)
        return cards

    def list_documents(self, text: str | None = None, year: int | None = None) -> list[DocumentSummary]:
        """Documents ordered by unit then newest year; ``text`` matches unit, title or id (width-insensitive)."""
        source_fields = list(_SOURCE_COLUMNS)
        with self._reading():
            # Plain tuples and one validation per row: a province's list (10,000 rows) is read
            # at every start of the app, and dict rows plus two validations doubled its cost.
            rows = self._conn.execute(
                "SELECT id, title, unit, year, kind, extra, "
                + ", ".join(_ident(c) for c in _SOURCE_COLUMNS.values())
                + " FROM documents WHERE (:year IS NULL OR year = :year)"
                " ORDER BY unit, year DESC, title, id",
                {"year": year},
            ).fetchall()
        needle = _fold(text) if text and text.strip() else None
        validate = DocumentSummary.model_validate
        result = []
        for doc_id, title, unit, doc_year, kind, extra, *source_values in rows:
            if needle and needle not in _fold(f"{unit}\n{title}") and not doc_id.startswith(text.strip()):
                continue
            source = dict(zip(source_fields, source_values))
            if extra:
                source.update(json.loads(extra).get("source") or {})
            result.append(validate({"id": doc_id, "title": title, "unit": unit, "year": doc_year, "kind": kind,
                                    "source": source}))
        return result

    def count(self) -> int:
        """How many documents are stored."""
        with self._reading():
            return self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def resolve(self, ref: str) -> str:
        """A full id, a unique id prefix, or a unit name with an optional year → the document id.

        ``KeyError`` when nothing matches; ``ValueError`` (Chinese message) when
        the reference is empty or matches several documents.
        """
        ref = (ref or "").strip()
        if not ref:
            raise ValueError("文档标识为空")
        with self._reading():
            if self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (ref,)).fetchone():
                return ref
            docs = self._rows("SELECT id, unit, year FROM documents ORDER BY unit, year DESC, id")
        by_prefix = [d for d in docs if d["id"].startswith(ref)]
        if len(by_prefix) == 1:
            return by_prefix[0]["id"]
        if len(by_prefix) > 1:
            raise ValueError(f"“{ref}”匹配多个文档 ID：{_describe(by_prefix)}")
        name, year = ref, None
        match = re.fullmatch(r"(.*?)[\s:：/@]*((?:19|20)\d\d)\s*年?度?", ref)
        if match and match.group(1).strip():
            name, year = match.group(1).strip(), int(match.group(2))
        needle = _fold(name)
        candidates = [d for d in docs if _fold(d["unit"]) == needle] or [d for d in docs if needle in _fold(d["unit"])]
        if year is not None:
            candidates = [d for d in candidates if d["year"] == year]
        if not candidates:
            raise KeyError(ref)
        if len(candidates) > 1:
            raise ValueError(f"“{ref}”匹配多个文档：{_describe(candidates)}；请指定年度或 ID")
        return candidates[0]["id"]

    def search(self, query: str, limit: int = 50, document_id: str | None = None) -> list[SearchHit]:
        """Sections whose title or text contains ``query`` (FTS5 trigram; LIKE-style for 1–2 characters)."""
        query = (query or "").strip()
        if not query or limit <= 0:
            return []
        select = (
            "SELECT s.document_id, d.unit, d.year, s.id AS section_id, s.title, s.text"
            " FROM sections s JOIN documents d ON d.id = s.document_id"
        )
        with self._reading():
            variants = width_variants(query)
            # FTS5 reads a query as a C string: a NUL would cut the phrase ("unterminated string").
            if all(len(v) >= 3 for v in variants) and "\x00" not in query:
                # Each form of the user's text is one quoted phrase: FTS syntax in it stays literal.
                phrases = " OR ".join('"' + v.replace('"', '""') + '"' for v in variants)
                # The limit is applied inside the index scan (rowid order) and the few hits are
                # then ordered by document: ranking every match with bm25 costs seconds for a
                # term that thousands of documents use, and a hit list is read by document anyway.
                rows = self._rows(
                    select + " WHERE s.pk IN (SELECT f.rowid FROM sections_fts f"
                    " JOIN sections s2 ON s2.pk = f.rowid"
                    " WHERE sections_fts MATCH :q AND (:doc IS NULL OR s2.document_id = :doc) LIMIT :limit)"
                    " ORDER BY d.unit, d.year DESC, s.document_id, s.seq",
                    {"q": phrases, "doc": document_id, "limit": limit},
                )
            else:
                # Trigrams cannot match fewer than 3 characters.
                params: dict[str, Any] = {f"q{n}": v for n, v in enumerate(variants)}
                contains = " OR ".join(f"instr(s.text, :q{n}) > 0 OR instr(s.title, :q{n}) > 0"
                                       for n in range(len(variants)))
                rows = self._rows(
                    select + f" WHERE ({contains})"
                    " AND (:doc IS NULL OR s.document_id = :doc)"
                    " ORDER BY d.unit, d.year DESC, s.document_id, s.seq LIMIT :limit",
                    {**params, "doc": document_id, "limit": limit},
                )
        return [
            SearchHit(
                document_id=r["document_id"], unit=r["unit"], year=r["year"], section_id=r["section_id"],
                section_title=r["title"], snippet=_excerpt(r["text"] or r["title"], query),
            )
            for r in rows
        ]


    # -- overview

    def overview(
        self,
        text: str | None = None,
        year: int | None = None,
        sort: str | None = None,
        desc: bool = False,
        unit: str | None = None,
    ) -> list[OverviewRow]:
        """Every document with its headline figures (万元) and finding counts per severity.

        Computed in SQL over ``facts`` and ``findings`` (no document is
        loaded): a headline is the first statement of its fact key in a money
        unit. ``sort`` is a name of ``overview.SORT_COLUMNS``; empty values sort
        last either way; without ``sort`` the order is that of
        :meth:`list_documents`. ``text`` filters like ``list_documents``;
        ``unit`` keeps one unit (width-insensitive equality).
        """
        if sort is not None and sort not in _OVERVIEW_SORT:
            raise ValueError(f"无法按“{sort}”排序；可用：{'、'.join(_OVERVIEW_SORT)}")
        heads = ",\n".join(
            f"max(CASE WHEN h.key = :k_{h.name} THEN h.amount END) AS h_{h.name}" for h in HEADLINES
        )
        if sort is None:
            order = "d.unit, d.year DESC, d.title, d.id"
        else:
            expr = _OVERVIEW_SORT[sort]
            order = f"({expr}) IS NULL, {expr} {'DESC' if desc else 'ASC'}, d.unit, d.year DESC, d.id"
        params: dict[str, Any] = {"year": year, **{f"k_{h.name}": h.key for h in HEADLINES}}
        keys = ", ".join(f":k_{h.name}" for h in HEADLINES)
        sql = f"""
            WITH head AS (
                SELECT document_id, key,
                       coalesce(value_wan, CASE WHEN unit = '万元' THEN value END) AS amount,
                       row_number() OVER (PARTITION BY document_id, key ORDER BY seq) AS n
                FROM facts
                WHERE key IN ({keys}) AND (value_wan IS NOT NULL OR unit = '万元')
            ),
            counts AS (
                SELECT document_id,
                       sum(severity = 'error') AS errors,
                       sum(severity = 'warning') AS warnings,
                       sum(severity = 'info') AS infos
                FROM findings GROUP BY document_id
            )
            SELECT d.id, d.unit, d.year, d.kind, d.title, d.imported_at,
                   {heads},
                   coalesce(c.errors, 0) AS errors,
                   coalesce(c.warnings, 0) AS warnings,
                   coalesce(c.infos, 0) AS infos
            FROM documents d
            LEFT JOIN head h ON h.document_id = d.id AND h.n = 1
            LEFT JOIN counts c ON c.document_id = d.id
            WHERE (:year IS NULL OR d.year = :year)
            GROUP BY d.id
            ORDER BY {order}
        """
        with self._reading():
            rows = self._rows(sql, params)
        rows = [r for r in rows if _matches(r, text) and (unit is None or _fold(r["unit"]) == _fold(unit))]
        return [
            OverviewRow(
                id=r["id"], unit=r["unit"], year=r["year"], kind=r["kind"], title=r["title"],
                imported_at=r["imported_at"] or "",
                headline={h.key: r[f"h_{h.name}"] for h in HEADLINES},
                findings={"error": r["errors"], "warning": r["warnings"], "info": r["infos"]},
            )
            for r in rows
        ]

    def stats(self, text: str | None = None, year: int | None = None) -> Stats:
        """Documents and units per year, and per 类 (fund, code) the documents stating it and the
        exact sum of their amounts; ``text`` and ``year`` filter as in :meth:`overview`."""
        ids = None
        if text and text.strip():
            ids = _dumps([r.id for r in self.overview(text=text, year=year)])
        where = "(:year IS NULL OR d.year = :year) AND (:ids IS NULL OR d.id IN (SELECT value FROM json_each(:ids)))"
        params = {"year": year, "ids": ids}
        with self._reading():
            totals = self._rows(f"SELECT count(*) AS n, count(DISTINCT unit) AS u FROM documents d WHERE {where}", params)[0]
            years = self._rows(
                "SELECT d.year, count(*) AS documents, count(DISTINCT d.unit) AS units FROM documents d"
                f" WHERE {where} GROUP BY d.year ORDER BY d.year IS NULL, d.year",
                params,
            )
            items = self._rows(
                "SELECT li.document_id, li.fund, li.code, li.name, coalesce(li.amount, li.table_amount) AS amount"
                f" FROM line_items li JOIN documents d ON d.id = li.document_id WHERE li.level = '类' AND {where}"
                " ORDER BY li.document_id, li.seq",
                params,
            )
        return Stats(
            documents=totals["n"], units=totals["u"],
            years=[YearCount(**row) for row in years],
            classes=_class_counts(items),
        )

    # -- notes

    def add_note(self, note: Note) -> Note:
        """Store a new note; ``KeyError`` when its document is absent. Returns it with its id."""
        data = note.model_dump(mode="json", exclude={"id", "document_id"})
        with self._writing():
            if not self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (note.document_id,)).fetchone():
                raise KeyError(note.document_id)
            row = _encode(data, self._columns["notes"], base={"document_id": note.document_id})
            names = ", ".join(_ident(c) for c in row)
            marks = ", ".join("?" for _ in row)
            cursor = self._conn.execute(f"INSERT INTO notes ({names}) VALUES ({marks})", list(row.values()))
        return note.model_copy(update={"id": cursor.lastrowid})

    def note(self, note_id: int) -> Note:
        """One note by id; ``KeyError`` when absent."""
        with self._reading():
            notes = self._load_notes("id = ?", (note_id,))
        if not notes:
            raise KeyError(note_id)
        return notes[0]

    def notes(
        self,
        document_id: str | None = None,
        status: str | None = None,
        author: str | None = None,
        orphaned: bool | None = None,
    ) -> list[Note]:
        """Notes in the order they were written, filtered by document, status, author, orphaned."""
        with self._reading():
            return self._load_notes(
                "(:doc IS NULL OR document_id = :doc) AND (:status IS NULL OR status = :status)"
                " AND (:author IS NULL OR author = :author) AND (:orphaned IS NULL OR orphaned = :orphaned)",
                {"doc": document_id, "status": status, "author": author,
                 "orphaned": None if orphaned is None else int(orphaned)},
            )

    def update_note(self, note_id: int, *, status: str | None = None, text: str | None = None) -> Note:
        """Change a note's status and/or text (``updated_at`` is set); ``KeyError`` when absent."""
        if status is not None and status not in NOTE_STATUSES:
            raise ValueError(f"状态只能是：{'、'.join(NOTE_STATUSES)}")
        if text is not None and not text.strip():
            raise ValueError("意见内容为空")
        with self._writing():
            found = self._load_notes("id = ?", (note_id,))
            if not found:
                raise KeyError(note_id)
            self._conn.execute(
                "UPDATE notes SET status = coalesce(?, status), text = coalesce(?, text), updated_at = ? WHERE id = ?",
                (status, text.strip() if text is not None else None, _now(), note_id),
            )
            return self._load_notes("id = ?", (note_id,))[0]

    def delete_note(self, note_id: int) -> bool:
        with self._writing():
            return self._conn.execute("DELETE FROM notes WHERE id = ?", (note_id,)).rowcount > 0

    def _load_notes(self, where: str, params: tuple | dict) -> list[Note]:
        columns = self._columns["notes"]
        rows = self._rows(f"SELECT * FROM notes WHERE {where} ORDER BY id", params)
        return [Note.model_validate({**_decode(row, columns, Note), "document_id": row["document_id"]}) for row in rows]

    def _reanchor_notes(self, prepared: PreparedDocument) -> None:
        """Inside ``save``: look the anchors of the document's notes up again in the version just written."""
        from juesuan_tui.notes import reanchor

        if "notes" not in self._columns:
            return
        columns = self._columns["notes"]
        notes = self._load_notes("document_id = ?", (prepared.id,))
        if not notes:
            return
        doc = prepared.document
        if doc is None:  # rows from a worker: the document as just written
            doc = self._load_document(self._rows("SELECT * FROM documents WHERE id = ?", (prepared.id,))[0])
        for note in notes:
            try:
                moved = reanchor(note, doc)
            except Exception:  # noqa: BLE001 - a lookup defect must not block the import or lose the note
                moved = note.model_copy(update={"orphaned": True})
            if moved == note:
                continue
            row = _encode(moved.model_dump(mode="json", exclude={"id", "document_id"}), columns)
            assignments = ", ".join(f"{_ident(c)} = ?" for c in row)
            self._conn.execute(f"UPDATE notes SET {assignments} WHERE id = ?", [*row.values(), note.id])


    # -- maintenance

    def rebuild_fts(self) -> None:
        """Rebuild the full-text index from the sections table (one transaction)."""
        with self._writing():
            self._conn.execute("INSERT INTO sections_fts (sections_fts) VALUES ('rebuild')")


# ---------------------------------------------------------------- diagnosis (juesuan doctor)


def diagnose(path: str | os.PathLike[str], rebuild_fts: bool = False) -> dict[str, Any]:
    """A health report of a database file; the file is only written with ``rebuild_fts``.

    Keys: ``path``, ``size``, ``ok`` (no problem found), ``problems`` (one
    Chinese line each), ``integrity`` (``PRAGMA integrity_check`` rows,
    ``["ok"]`` when sound), ``user_version``, ``schema_version`` (the newest
    this program knows), ``schema`` (current/old/newer/empty), ``counts`` (rows
    per table), ``fts`` (sections, indexed rows, missing/stale rows, and the
    FTS5 ``integrity-check`` result against the sections table: "ok", an
    error, or None when the file cannot be opened for writing), ``fts_rebuilt``.
    """
    path = Path(path)
    report: dict[str, Any] = {
        "path": str(path), "size": None, "ok": False, "problems": [], "integrity": [],
        "user_version": None, "schema_version": SCHEMA_VERSION, "schema": None,
        "counts": {}, "fts": None, "fts_rebuilt": False,
    }
    problems: list[str] = report["problems"]
    if rebuild_fts:
        try:
            with Store(path) as store:
                store.rebuild_fts()
            report["fts_rebuilt"] = True
        except StoreError as exc:
            problems.append(f"未能重建全文索引：{one_line(exc)}")
    if not path.exists():
        problems.append("数据库文件不存在")
        return report
    if path.is_dir():
        problems.append("是文件夹，不是数据库文件")
        return report
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
        report["size"] = size = path.stat().st_size
    except OSError as exc:
        problems.append(f"无法读取文件：{exc.strerror or exc}")
        return report
    if head[: len(_SQLITE_HEADER)] != _SQLITE_HEADER:
        problems.append("不是 SQLite 数据库文件" if head else "文件为空（尚未建库）")
        return report
    truncated = _truncation(path, head, size)
    if truncated:
        problems.append(truncated)
    try:
        conn = _readonly_connection(path)
    except sqlite3.Error as exc:
        problems.append(f"无法打开：{one_line(exc)}")
        return report
    try:
        _diagnose_connection(conn, path, report)
    finally:
        conn.close()
    report["ok"] = not problems
    return report


def _readonly_connection(path: Path) -> sqlite3.Connection:
    uri = "file:" + quote(str(path.resolve()), safe="/") + "?mode=ro"
    if not _writable(path.parent):
        uri += "&immutable=1"  # no -shm can be made beside it
    conn = sqlite3.connect(uri, uri=True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _diagnose_connection(conn: sqlite3.Connection, path: Path, report: dict[str, Any]) -> None:
    problems: list[str] = report["problems"]
    try:
        integrity = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)").fetchall()]
    except sqlite3.DatabaseError as exc:
        integrity = [one_line(exc)]
    report["integrity"] = integrity
    if integrity != ["ok"]:
        problems.append(f"完整性检查未通过：{one_line(integrity[0])}" + (f" 等 {len(integrity)} 处" if len(integrity) > 1 else ""))
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    except sqlite3.DatabaseError as exc:
        problems.append(f"无法读取数据库结构：{one_line(exc)}")
        return
    report["user_version"] = version
    report["schema"] = (
        "empty" if version == 0 and not tables else
        "current" if version == SCHEMA_VERSION else "old" if version < SCHEMA_VERSION else "newer"
    )
    if version == 0 and tables:
        problems.append("数据库版本为 0，但已有数据表：不是本程序建立的数据库")
    for table in tables:
        if table.startswith("sections_fts"):
            continue  # the index's own tables: judged below
        try:
            report["counts"][table] = conn.execute(f"SELECT count(*) FROM {_ident(table)}").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            report["counts"][table] = None
            problems.append(f"表 {table} 无法读取：{one_line(exc)}")
    if "sections" in tables and "sections_fts" in tables:
        report["fts"] = _diagnose_fts(conn, path, problems, sound=integrity == ["ok"])


def _diagnose_fts(conn: sqlite3.Connection, path: Path, problems: list[str], sound: bool) -> dict[str, Any]:
    """The FTS index against the sections table: row counts, missing and stale rows, FTS5 integrity-check."""
    fts: dict[str, Any] = {"sections": None, "indexed": None, "missing": None, "stale": None, "integrity": None}
    try:
        fts["sections"] = conn.execute("SELECT count(*) FROM sections").fetchone()[0]
        # One docsize row per indexed section (the index's own record of what it holds).
        fts["indexed"] = conn.execute("SELECT count(*) FROM sections_fts_docsize").fetchone()[0]
        fts["missing"] = conn.execute(
            "SELECT count(*) FROM sections s WHERE NOT EXISTS (SELECT 1 FROM sections_fts_docsize d WHERE d.id = s.pk)"
        ).fetchone()[0]
        fts["stale"] = conn.execute(
            "SELECT count(*) FROM sections_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM sections s WHERE s.pk = d.id)"
        ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        problems.append(f"全文索引无法读取：{one_line(exc)}")
        return fts
    if fts["sections"] != fts["indexed"] or fts["missing"] or fts["stale"]:
        problems.append(
            f"全文索引与章节表不一致：章节 {fts['sections']} 行，索引 {fts['indexed']} 行"
            f"（缺 {fts['missing']}，多 {fts['stale']}）；可用 juesuan doctor --rebuild-fts 重建"
        )
    if sound and _writable(path) and _writable(path.parent):
        # A damaged file is never opened for writing. FTS5's own check, against the content table (rank = 1); it is an INSERT,
        # so it needs a writable connection: run inside a transaction, rolled back.
        rw = sqlite3.connect(str(path), isolation_level=None)
        try:
            rw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            rw.execute("BEGIN")
            rw.execute("INSERT INTO sections_fts (sections_fts, rank) VALUES ('integrity-check', 1)")
            fts["integrity"] = "ok"
        except sqlite3.Error as exc:
            fts["integrity"] = one_line(exc)
            problems.append(f"全文索引 integrity-check 未通过（{one_line(exc)}）；可用 juesuan doctor --rebuild-fts 重建")
        finally:
            if rw.in_transaction:
                rw.execute("ROLLBACK")
            rw.close()
    return fts


# ---------------------------------------------------------------- helpers


# ``Store.overview`` sort expressions. Amounts are TEXT as printed; they are
# compared as REAL, which keeps their order exactly (2-decimal amounts are far
# inside a double's 15 significant digits) and no arithmetic is done on them.
_OVERVIEW_SORT: dict[str, str] = {
    "unit": "d.unit",
    "year": "d.year",
    "kind": "d.kind",
    "title": "d.title",
    "id": "d.id",
    "imported": "d.imported_at",
    **{h.name: f"CAST(h_{h.name} AS REAL)" for h in HEADLINES},
    "errors": "errors",
    "warnings": "warnings",
    "infos": "infos",
    "findings": "errors + warnings + infos",
}


def _matches(row: dict[str, Any], text: str | None) -> bool:
    """``list_documents``' text filter: unit or title (width-insensitive), or an id prefix."""
    if not text or not text.strip():
        return True
    return _fold(text) in _fold(f"{row['unit']}\n{row['title']}") or row["id"].startswith(text.strip())


def _class_counts(items: list[dict[str, Any]]) -> list[ClassCount]:
    """Aggregate 类 rows (document_id, fund, code, name, amount) in exact Decimal.

    A 类 printed without its code (narrative) joins the coded ones of the same
    name; a document counts once per (fund, 类) with its first stated amount.
    """
    code_of: dict[str, str] = {}
    for item in items:
        if item["code"]:
            code_of.setdefault(_fold(item["name"]), item["code"])
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        code = item["code"] or code_of.get(_fold(item["name"]))
        key = (item["fund"], code or "name:" + _fold(item["name"]))
        group = groups.setdefault(key, {"fund": item["fund"], "code": code, "names": {}, "docs": {}})
        group["names"][item["name"]] = group["names"].get(item["name"], 0) + 1
        if group["docs"].get(item["document_id"]) is None:  # the first stated amount counts
            group["docs"][item["document_id"]] = Decimal(item["amount"]) if item["amount"] is not None else None
    result = [
        ClassCount(
            fund=g["fund"], code=g["code"], name=max(g["names"], key=lambda n: (g["names"][n], -len(n))),
            documents=len(g["docs"]), amount=sum((a for a in g["docs"].values() if a is not None), Decimal("0.00")),
        )
        for g in groups.values()
    ]
    fund_order = {f: i for i, f in enumerate(FUNDS)}
    result.sort(key=lambda c: (fund_order.get(c.fund, 9), -c.documents, c.code or "999", c.name))
    return result


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _describe(docs: list[dict[str, Any]]) -> str:
    shown = "、".join(f"{d['unit']} {d['year'] or ''}（{d['id'][:8]}）".replace(" （", "（") for d in docs[:5])
    return shown + ("等" if len(docs) > 5 else "")


def _fold(text: str) -> str:
    """Width- and case-insensitive matching form (the importers' ``fold``)."""
    from importers.normalize import fold

    return fold(text).casefold()


def _is_busy(exc: sqlite3.Error) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED (any extended code), or their messages."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _writable(path: Path) -> bool:
    """Writable for us and not marked read-only (no write bit), even for root."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _is_corrupt(exc: sqlite3.Error) -> bool:
    """SQLITE_CORRUPT / SQLITE_NOTADB: the file itself is damaged."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (11, 26):
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _damaged(path: Path, detail: object, writing: bool = False) -> str:
    what = "拒绝写入，文件未改动" if writing else "文件未改动"
    return f"{path}: 数据库文件已损坏（{one_line(detail)}），{what}；可运行 juesuan doctor 检查"


def _truncation(path: Path, head: bytes, size: int) -> str | None:
    """Why the file is shorter than its header says, or None.

    Only judged without a write-ahead log beside it: during a checkpoint the
    log holds pages the main file has not received yet.
    """
    if len(head) < 100:
        return f"文件只有 {size} 字节，不足一个数据库文件头"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"文件头中的页大小无效（{page_size}）"
    try:
        # One stat, not exists() then stat(): another connection may remove the log in between.
        if path.with_name(path.name + "-wal").stat().st_size > 0:
            return None
    except FileNotFoundError:
        pass
    pages = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96]  # the in-header size is trusted only when its counter matches
    if valid and pages and size < pages * page_size:
        return f"文件被截断：应有 {pages * page_size} 字节，实有 {size} 字节"
    if size % page_size:
        return f"文件被截断：{size} 字节不是页大小 {page_size} 的整数倍"
    return None


def _check_header(path: Path) -> None:
    """Refuse a non-empty file that is not SQLite, before SQLite can touch it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(f"{path}: 无法读取数据库文件（{exc.strerror or exc}）") from None
    if head and head[: len(_SQLITE_HEADER)] != _SQLITE_HEADER:
        raise StoreError(f"{path}: 不是 SQLite 数据库文件（文件未改动）")
    problem = _truncation(path, head, size) if head else None
    if problem:
        raise StoreError(_damaged(path, problem))
