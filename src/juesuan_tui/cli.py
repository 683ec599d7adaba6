"""The ``juesuan`` command: a thin click layer over the store and the importers.

Every failure is one line on stderr (never a traceback): store and user errors
exit 1, unexpected ones print "错误：…" and exit 2. Document text is printed
as plain text with control characters made visible, so it can neither be read
as Rich markup nor send escape sequences to the terminal.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from juesuan_tui import __version__
from juesuan_tui.inert import printable
from juesuan_tui.models import NOTE_STATUSES, Document, Section
from juesuan_tui.overview import HEADLINES, SORT_COLUMNS
from juesuan_tui.paths import default_db_path
from juesuan_tui.store import Store, StoreError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
STATUS_TEXT = {"imported": "已导入", "unchanged": "已存在，未改动", "replaced": "已替换", "attached": "附表已并入"}


class CliError(Exception):
    """A user-facing failure: printed as one line "错误：…", exit 1."""


def safe(text: str | None) -> str:
    """Document text made inert for a terminal (see ``inert.printable``); ``None`` → ""."""
    return printable(text) if text else ""


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def _fold(text: str) -> str:
    from importers.normalize import fold

    return fold(text).casefold()


# ---------------------------------------------------------------- the group


class _HelpInChinese:
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示帮助并退出。"
        return option


class _Command(_HelpInChinese, click.Command):
    pass


class _Group(_HelpInChinese, click.Group):
    """Turns every exception of a command into one line on stderr."""

    command_class = _Command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except (CliError, StoreError) as exc:
            _die(f"错误：{exc}", 1)
        except BrokenPipeError:
            # The reader went away (`juesuan list | head`): nothing left to say.
            _quiet_stdout()
            raise click.exceptions.Exit(0)
        except KeyboardInterrupt:
            _die("已中断", 130)
        except Exception as exc:  # noqa: BLE001 - the promise is "no tracebacks, ever"
            _die(f"错误：{type(exc).__name__}: {exc}", 2)


def _die(message: str, code: int) -> None:
    click.echo(one_line(safe(message)), err=True)
    raise click.exceptions.Exit(code)


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def db_option(func: Callable) -> Callable:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="数据库文件（默认 $JUESUAN_DB，否则 ~/.local/share/juesuan-tui/juesuan.db）。",
    )(func)


def json_option(func: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")(func)


def _db_path(db: Path | None) -> Path:
    """This command's --db, else the group's --db, else the default."""
    if db is not None:
        return db
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, dict) and ctx.obj.get("db") is not None:
            return ctx.obj["db"]
        ctx = ctx.parent
    return default_db_path()


def _open(db: Path | None, write: bool = False) -> Store:
    """The store for a command; a read on a database that does not exist yet sees an empty one."""
    path = _db_path(db)
    if not write and not path.exists():
        return Store(":memory:")
    store = Store(path)
    if write:
        try:
            store.check_writable()
        except StoreError:
            store.close()
            raise
    return store


def _resolve(store: Store, ref: str) -> str:
    try:
        return store.resolve(ref)
    except KeyError:
        raise CliError(f"未找到文档：{ref}（数据库 {store.path}）") from None
    except ValueError as exc:
        raise CliError(str(exc)) from None


@click.group(cls=_Group, invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@db_option
@click.version_option(
    __version__, "-V", "--version", prog_name="juesuan", message="%(prog)s %(version)s", help="显示版本并退出。"
)
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """决算公开终端浏览器：导入、浏览、搜索、导出部门/单位决算公开。

    不带子命令时打开浏览界面（同 juesuan browse）。
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        _browse(_db_path(None))


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        # A non-UTF-8 terminal must not turn Chinese output into a traceback.
        if hasattr(stream, "reconfigure") and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="backslashreplace")
    cli(prog_name="juesuan")


# ---------------------------------------------------------------- import


def _suffixes(name: str = "SUPPORTED_SUFFIXES") -> frozenset[str]:
    import importers

    listed = getattr(importers, name, ())
    return frozenset(s.lower() if s.startswith(".") else "." + s.lower() for s in listed)


def _collect(paths: Iterable[Path], suffixes: frozenset[str]) -> tuple[list[Path], list[dict], list[dict]]:
    """Files to import, skipped files and missing paths. Folders are walked recursively
    (hidden files and folders ignored); files named explicitly are always tried."""
    files: list[Path] = []
    skipped: list[dict] = []
    missing: list[dict] = []
    planned = _suffixes("PLANNED_SUFFIXES")  # formats announced but not readable yet
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    file = Path(root) / name
                    if file.suffix.lower() in suffixes:
                        files.append(file)
                    elif file.suffix.lower() in planned:
                        skipped.append({"path": str(file), "reason": f"暂不支持该格式（{file.suffix}）"})
                    else:
                        skipped.append({"path": str(file), "reason": f"不支持的文件类型（{file.suffix or '无扩展名'}）"})
        elif path.is_file():
            files.append(path)
        else:
            missing.append({"path": str(path), "error": "文件不存在"})
    return files, skipped, missing


class _Size(click.ParamType):
    """A file size: "50M", "800K", "1G", "123B"; a bare number is MB."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from importers.limits import parse_size

        try:
            return parse_size(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _limit_size(size: int | None) -> None:
    """--max-size reaches the importer (and any parsing worker process) as $JUESUAN_MAX_SIZE,
    restored when the command ends."""
    if size is None:
        return
    from importers.limits import MAX_SIZE_ENV

    before = os.environ.get(MAX_SIZE_ENV)
    os.environ[MAX_SIZE_ENV] = f"{size}B"

    def restore() -> None:
        if before is None:
            os.environ.pop(MAX_SIZE_ENV, None)
        else:
            os.environ[MAX_SIZE_ENV] = before

    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(restore)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--replace", is_flag=True, help="文档已存在时删除旧版本并重新导入。")
@click.option("--max-size", "max_size", type=_Size(), default=None, metavar="SIZE",
              help="单个文件的大小上限（如 50M、800K、1G；默认 $JUESUAN_MAX_SIZE，否则 50M）；更大的文件不读取，记为失败。")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="并行解析的进程数（默认：CPU 核数）；写入数据库的始终只有一个进程。")
@json_option
def import_command(paths: tuple[Path, ...], db: Path | None, replace: bool, as_json: bool,
                   max_size: int | None = None, jobs: int | None = None) -> None:
    """导入决算公开文件或文件夹（递归，只取支持的文件类型）。

    每个文件单独解析（--jobs 个进程并行），由一个进程按输入顺序保存（每个文档要么完整保存，要么不保存）；失败的文件在 stderr 报一行“导入失败 路径: 原因”，其余继续。已存在的文档（同一 ID）记为“已存在，未改动”，除非给出 --replace。有失败时退出码为 1。

    \b
    例：juesuan import 决算.txt
        juesuan import ./公开文件/ --json
    """
    _limit_size(max_size)
    store = _open(db, write=True)
    try:
        try:
            from juesuan_tui.batch import import_paths
        except ImportError as exc:
            raise CliError(f"导入器不可用（{exc}）") from None
        files, skipped, failed = _collect(paths, _suffixes())
        imported: list[dict] = []
        show_progress = not as_json and sys.stdout.isatty() and sys.stderr.isatty()
        say = _Reporter(enabled=not as_json, progress_total=len(files) if show_progress else None)
        with say:
            for item in skipped:
                say.line(f"跳过 {item['path']}: {item['reason']}")
            for item in failed:
                say.error(f"导入失败 {item['path']}: {item['error']}")
            for result in import_paths(files, store, jobs=jobs, replace=replace, on_result=say.advance):
                file = result.path
                if result.status == "failed":
                    failed.append({"path": str(file), "error": result.error})
                    say.error(f"导入失败 {file}: {result.error}")
                    continue
                imported.append(
                    {"id": result.id, "unit": result.unit, "year": result.year, "path": str(file), "status": result.status}
                )
                say.line(f"{STATUS_TEXT[result.status]} {result.unit} {result.year or ''} {(result.id or '')[:12]}  {file}")
        if as_json:
            click.echo(json.dumps({"imported": imported, "skipped": skipped, "failed": failed}, ensure_ascii=False, indent=2))
        else:
            counts = {s: sum(1 for i in imported if i["status"] == s) for s in STATUS_TEXT}
            click.echo(
                f"完成：导入 {counts['imported']}，替换 {counts['replaced']}，未改动 {counts['unchanged']}，"
                f"附表并入 {counts['attached']}，"
                f"跳过 {len(skipped)}，失败 {len(failed)}（数据库 {store.path}）"
            )
    finally:
        store.close()
    if failed:
        raise click.exceptions.Exit(1)


class _Reporter:
    """Per-file lines, with a rich progress bar only on a terminal."""

    def __init__(self, enabled: bool, progress_total: int | None) -> None:
        self.enabled = enabled
        self.progress = None
        self.task = None
        if progress_total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.progress = Progress(
                TextColumn("导入中"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}", markup=False),
                console=Console(stderr=True, markup=False, highlight=False), transient=True,
            )
            self.task = self.progress.add_task("", total=progress_total)

    def __enter__(self) -> _Reporter:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description="")
            self.progress.stop()

    def advance(self, result: object) -> None:
        """One file done (``batch.import_paths``' on_result)."""
        if self.progress is not None:
            self.progress.update(self.task, description=safe(Path(getattr(result, "path", "")).name))
            self.progress.advance(self.task)

    @contextmanager
    def working_on(self, file: Path) -> Iterator[None]:
        if self.progress is not None:
            self.progress.update(self.task, description=safe(file.name))
        try:
            yield
        finally:
            if self.progress is not None:
                self.progress.advance(self.task)

    def line(self, text: str) -> None:
        if not self.enabled:
            return
        if self.progress is not None:
            from rich.text import Text

            self.progress.console.print(Text(safe(text)), soft_wrap=True)
        else:
            click.echo(safe(text))

    def error(self, text: str) -> None:
        # Errors go to stderr even with --json; stdout then carries only the JSON object.
        click.echo(one_line(safe(text)), err=True)


# ---------------------------------------------------------------- list / show / search


@cli.command("list")
@click.argument("text", required=False)
@click.option("--year", type=int, default=None, help="只列出该年度。")
@click.option("--sort", "sort", type=click.Choice(list(SORT_COLUMNS), case_sensitive=False), default=None,
              help="按该列排序：" + "、".join(f"{k}（{v}）" for k, v in SORT_COLUMNS.items()) + "；空值总在最后。")
@click.option("--desc", is_flag=True, help="倒序（从大到小、从新到旧）。")
@db_option
@json_option
def list_command(text: str | None, year: int | None, sort: str | None, desc: bool, db: Path | None, as_json: bool) -> None:
    """列出已导入的文档及其主要数字（可按单位/标题文字和年度筛选，按任一列排序）。

    每行：ID、年度、类型、收入总计、本年支出合计、一般公共预算财政拨款支出、“三公”经费、政府采购（万元），检查结果数（错误/警告/提示）和单位。

    \b
    例：juesuan list
        juesuan list 热线 --year 2024 --json
        juesuan list --sort income --desc
    """
    with _open(db) as store:
        docs = {d.id: d for d in store.list_documents(text=text, year=year)}
        rows = [r for r in store.overview(year=year, sort=sort.lower() if sort else None, desc=desc) if r.id in docs]
    if as_json:
        out = [
            {"id": r.id, "unit": r.unit, "year": r.year, "kind": r.kind, "title": r.title,
             "source": docs[r.id].source.model_dump(mode="json"),
             "headline": {k: (format(v, "f") if v is not None else None) for k, v in r.headline.items()},
             "findings": r.findings}
            for r in rows
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("（没有文档。用 juesuan import 导入。）", err=True)
        return
    from juesuan_tui.format import amount

    header = ["ID", "年度", "类型", *(h.short for h in HEADLINES),
              "错/警/提", "单位"]
    table = [
        [r.id[:12], str(r.year or "----"), r.kind, *(amount(r.headline.get(h.key)) for h in HEADLINES),
         "/".join(str(r.findings.get(s, 0)) for s in ("error", "warning", "info")), r.unit]
        for r in rows
    ]
    right = {3, 4, 5, 6, 7, 8}
    for line in _aligned([header, *table], right):
        click.echo(safe(line))


def _aligned(rows: list[list[str]], right: set[int]) -> list[str]:
    """Rows as columns padded by terminal cells (CJK is two wide); the last column is never cut."""
    from rich.cells import cell_len

    widths = [max(cell_len(safe(row[n])) for row in rows) for n in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = []
        for n, width in enumerate(widths):
            pad = " " * (width - cell_len(safe(row[n])))
            cells.append(pad + row[n] if n in right else row[n] + pad)
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def _find_section(doc: Document, ref: str) -> Section:
    """A section by id ("2.5"), else by heading, number or title (width-insensitive)."""
    wanted = ref.strip()
    sections = list(doc.walk_sections())
    for section in sections:
        if section.id == wanted:
            return section
    needle = _fold(wanted)
    bare = needle.rstrip("、.．")
    tests: list[Callable[[Section], bool]] = [
        lambda s: _fold(s.heading) == needle,
        lambda s: bool(bare) and _fold(s.number).rstrip("、.．") == bare,
        lambda s: _fold(s.title) == needle,
        lambda s: needle in _fold(s.heading),
    ]
    for test in tests:
        hits = [s for s in sections if test(s)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            listed = "、".join(f"{s.id} {s.heading}" for s in hits[:6]) + ("等" if len(hits) > 6 else "")
            raise CliError(f"“{ref}”匹配多个章节：{listed}；请用章节 ID")
    raise CliError(f"文档 {doc.id[:12]} 中没有章节：{ref}")


@cli.command("show")
@click.argument("doc_ref", metavar="DOC")
@click.option("--section", "-s", "section_ref", metavar="N", help="章节 ID（如 2.5）、编号或标题文字；显示该章节（含下级）的正文。")
@click.option("--raw", is_flag=True, help="显示原文行（未整理）而不是整理后的正文。")
@db_option
def show_command(doc_ref: str, section_ref: str | None, raw: bool, db: Path | None) -> None:
    """显示文档的章节目录树，或某一章节的正文。

    DOC 可以是文档 ID、ID 前缀，或单位名称（可加年度，如“某单位 2024”）。

    \b
    例：juesuan show 3f2a
        juesuan show "某某服务中心 2024" --section 2.5
        juesuan show 3f2a -s 政府采购
    """
    with _open(db) as store:
        doc = store.get(_resolve(store, doc_ref))
    if section_ref is None:
        click.echo(safe(doc.title))
        click.echo(safe(f"单位：{doc.unit}  年度：{doc.year or '未知'}  类型：{doc.kind}  金额单位：{doc.money_unit}"))
        click.echo(safe(f"ID：{doc.id}  来源：{doc.source.path}"))
        click.echo("")
        for section in doc.walk_sections():
            click.echo(safe(f"{'  ' * section.level}{section.id}  {section.heading}"))
        return
    from juesuan_tui.export_md import body_text

    section = _find_section(doc, section_ref)
    for node in section.walk():
        body = node.raw if raw else body_text(node)
        if not raw:
            click.echo(safe(f"{'#' * min(node.level + 1, 6)} {node.id} {node.heading}".rstrip()))
        if body.strip():
            click.echo(safe(body.rstrip("\n")))
        if not raw:
            click.echo("")


@cli.command("search")
@click.argument("text")
@click.option("--doc", "doc_ref", metavar="DOC", help="只在这个文档中搜索。")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="最多返回条数。")
@db_option
@json_option
def search_command(text: str, doc_ref: str | None, limit: int, db: Path | None, as_json: bool) -> None:
    """全文搜索章节标题和正文（三字及以上用全文索引，一两个字逐段查找）。

    \b
    例：juesuan search 政府采购
        juesuan search 三公 --json
    """
    with _open(db) as store:
        doc_id = _resolve(store, doc_ref) if doc_ref else None
        hits = store.search(text, limit=limit, document_id=doc_id)
    if as_json:
        click.echo(json.dumps([h.model_dump(mode="json") for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(safe(f"没有找到：{text}"), err=True)
        return
    for hit in hits:
        click.echo(safe(f"{hit.unit} {hit.year or ''}  {hit.document_id[:12]}  §{hit.section_id} {hit.section_title}"))
        click.echo(safe(f"    {hit.snippet}"))


# ---------------------------------------------------------------- check


@cli.command("check")
@click.argument("doc_refs", nargs=-1, metavar="[DOC]...")
@db_option
@json_option
def check_command(doc_refs: tuple[str, ...], db: Path | None, as_json: bool) -> None:
    """一致性检查（勾稽）：重新检查文档（未指定时检查全部），按严重程度分组报告；数据库可写时保存检查结果。

    \b
    严重程度：错误 = 数字互相矛盾且超出四舍五入误差；警告 = 缺失、不清楚或名称不一致；
    提示 = 差异在四舍五入误差范围内。缺少数据的规则不报告（无法检查）。
    有任何错误时退出码为 1，否则为 0。

    \b
    例：juesuan check
        juesuan check 乌鲁木齐市12345政务服务热线中心 --json
    """
    from juesuan_tui.checks import refresh_findings

    results: list[tuple[Document, list]] = []
    with _open(db) as store:
        ids = [_resolve(store, ref) for ref in doc_refs] or [d.id for d in store.list_documents()]
        try:
            store.check_writable()
            writable = not store.memory
        except StoreError:  # read-only, or a newer schema: report without storing
            writable = False
        for doc_id in ids:
            doc = store.get(doc_id)
            refresh_findings(doc)
            if writable:
                store.set_findings(doc.id, doc.findings)
            results.append((doc, doc.findings))
    errors = sum(1 for _, findings in results for f in findings if f.severity == "error")
    if as_json:
        payload = [{"id": doc.id, "unit": doc.unit, "year": doc.year,
                    "findings": [f.model_dump(mode="json") for f in findings]} for doc, findings in results]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        from juesuan_tui.checks.report import format_report

        console = _console()
        for doc, findings in results:
            # soft_wrap: the terminal wraps; Rich would break lines inside numbers of CJK text.
            console.print(format_report(findings, title=safe(f"{doc.unit} {doc.year or ''}  {doc.id[:12]}")),
                          soft_wrap=True)
            console.print()
    if errors:
        sys.exit(1)


# ---------------------------------------------------------------- stats / compare / chart


def _console(width: int | None = None):
    """A Rich console on stdout that never reads text as markup or emoji codes."""
    from rich.console import Console

    return Console(file=sys.stdout, markup=False, highlight=False, emoji=False,
                   width=width, soft_wrap=False)


@cli.command("stats")
@click.argument("text", required=False)
@click.option("--year", type=int, default=None, help="只统计该年度。")
@db_option
@json_option
def stats_command(text: str | None, year: int | None, db: Path | None, as_json: bool) -> None:
    """统计：各年度的文档数和单位数，各支出功能分类“类”出现的文档数及金额合计（万元）。

    \b
    例：juesuan stats
        juesuan stats --year 2024 --json
    """
    with _open(db) as store:
        stats = store.stats(text=text, year=year)
    if as_json:
        click.echo(json.dumps(stats.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    from juesuan_tui.format import amount

    click.echo(f"共 {stats.documents} 个文档，{stats.units} 个单位")
    if stats.years:
        click.echo("")
        rows = [["年度", "文档", "单位"]] + [[str(y.year or "不详"), str(y.documents), str(y.units)] for y in stats.years]
        for line in _aligned([r + [""] for r in rows], {1, 2}):
            click.echo(line)
    for fund in dict.fromkeys(c.fund for c in stats.classes):
        click.echo("")
        click.echo(safe(f"按类（{fund}）"))
        lines = [["编码", "文档", "合计（万元）", "类"]]
        lines += [[c.code or "", str(c.documents), amount(c.amount), c.name] for c in stats.classes if c.fund == fund]
        for line in _aligned(lines, {1, 2}):
            click.echo(safe(line))


@cli.command("compare")
@click.argument("a_ref", metavar="A")
@click.argument("b_ref", metavar="B")
@db_option
@json_option
def compare_command(a_ref: str, b_ref: str, db: Path | None, as_json: bool) -> None:
    """比较两个文档：主要数据逐项对照（差额 = B − A，差异率 = 差额 ÷ A），支出科目按编码（无编码时按路径）对齐，列出新增、删除和更名的科目。

    \b
    例：juesuan compare "某单位 2023" "某单位 2024"
        juesuan compare 3f2a 9c1d --json
    """
    from juesuan_tui.compare import compare

    with _open(db) as store:
        a = store.get(_resolve(store, a_ref))
        b = store.get(_resolve(store, b_ref))
    result = compare(a, b)
    if as_json:
        click.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    _print_comparison(result)


def _print_comparison(result) -> None:
    from rich.table import Table
    from rich.text import Text

    from juesuan_tui.format import amount, percent

    console = _console()
    name_a = safe(f"A：{result.a.unit} {result.a.year or ''}（{result.a.id[:12]}）")
    name_b = safe(f"B：{result.b.unit} {result.b.year or ''}（{result.b.id[:12]}）")
    console.print(Text(name_a))
    console.print(Text(name_b))
    facts = Table(title="主要数据", title_justify="left", show_lines=False)
    for title, justify in (("项目", "left"), ("A", "right"), ("B", "right"), ("差额", "right"), ("差异率", "right")):
        facts.add_column(title, justify=justify)  # type: ignore[arg-type]
    for f in result.facts:
        unit = "" if f.unit == "万元" else f"（{f.unit}）"
        facts.add_row(Text(safe(f.label + unit)), amount(f.a), amount(f.b), amount(f.difference, signed=True),
                      percent(f.difference_pct, signed=True))
    console.print(facts)
    funds = list(dict.fromkeys(i.fund for i in result.items))
    for fund in funds:
        table = Table(title=f"支出科目（{fund}，万元）", title_justify="left")
        for title, justify in (("科目", "left"), ("A", "right"), ("B", "right"), ("差额", "right"),
                               ("差异率", "right"), ("状态", "left")):
            table.add_column(title, justify=justify)  # type: ignore[arg-type]
        for item in (i for i in result.items if i.fund == fund):
            indent = "  " * {"类": 0, "款": 1, "项": 2}.get(item.level, 0)
            label = f"{indent}{item.code + ' ' if item.code else ''}{item.name}"
            status = {"added": "新增", "removed": "删除"}.get(item.status, "")
            if item.renamed:
                status = f"更名：{item.name_a} → {item.name_b}"
            table.add_row(Text(safe(label)), amount(item.a), amount(item.b), amount(item.difference, signed=True),
                          percent(item.difference_pct, signed=True), Text(safe(status)))
        console.print(table)


CHART_KINDS = {"shares": "各“类”支出占比", "years": "同一单位各年度主要数据", "scorecard": "绩效自评得分与分值"}


@cli.command("chart")
@click.argument("doc_ref", metavar="DOC")
@click.option("--kind", type=click.Choice(list(CHART_KINDS)), default="shares", show_default=True,
              help="shares：各类支出占比；years：该单位各年度主要数据；scorecard：绩效指标得分与分值。")
@click.option("--fund", default=None, metavar="FUND",
              help="shares 的资金来源（一般公共预算/政府性基金/国有资本经营，默认一般公共预算）。")
@click.option("--width", type=click.IntRange(min=40), default=None, help="图宽（列数，默认终端宽度，最多 120）。")
@db_option
def chart_command(doc_ref: str, kind: str, fund: str | None, width: int | None, db: Path | None) -> None:
    """在终端画横向条形图：支出结构、同一单位的年度变化或绩效自评得分。

    \b
    例：juesuan chart 3f2a
        juesuan chart "某单位 2024" --kind years
        juesuan chart 3f2a --kind scorecard --width 80
    """
    import shutil

    from juesuan_tui import charts
    from juesuan_tui.models import FUNDS

    width = width or min(shutil.get_terminal_size((80, 24)).columns, 120)
    with _open(db) as store:
        doc_id = _resolve(store, doc_ref)
        if kind == "years":
            summary = next(r for r in store.overview() if r.id == doc_id)
            series = charts.headline_years(store.overview(unit=summary.unit))
            title = f"{summary.unit} 各年度主要数据"
        else:
            doc = store.get(doc_id)
    if kind == "shares":
        wanted = FUNDS[0]
        if fund:
            hits = [f for f in FUNDS if _fold(f).startswith(_fold(fund))]
            if len(hits) != 1:
                raise CliError(f"资金来源不明：{fund}（可用：{'、'.join(FUNDS)}）")
            wanted = hits[0]
        bars = charts.class_shares(doc, wanted)
        title = f"{doc.unit} {doc.year or ''} {wanted}支出结构（万元）"
        series = [charts.Series(key="shares", title=title, bars=bars)] if bars else []
    elif kind == "scorecard":
        series = charts.scorecard_series(doc)
        title = f"{doc.unit} {doc.year or ''} 项目支出绩效自评"
    if not series or not any(s.bars for s in series):
        raise CliError(f"没有可画的数据：{title}（{CHART_KINDS[kind]}）")
    from rich.text import Text

    console = _console(width)
    if kind != "shares":
        console.print(Text(safe(title)))
        console.print()
    console.print(charts.render_series(series, width))


# ---------------------------------------------------------------- export


EXPORT_FORMATS = ["json", "md", "csv", "xlsx"]


@cli.command("export")
@click.argument("doc_refs", nargs=-1, metavar="[DOC]...")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True,
              help="json：完整文档数组；md：可读的 Markdown；csv：一张表（UTF-8 带 BOM）；xlsx：每张表一个工作表。")
@click.option("--table", "table", type=click.Choice(["facts", "line_items", "indicators", "glossary", "findings", "notes"]),
              default=None, help="只导出这张表（csv 默认 line_items；xlsx 不指定时导出全部表）。")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="写入文件（默认标准输出；xlsx 必须指定）。")
@db_option
def export_command(doc_refs: tuple[str, ...], fmt: str, table: str | None, output: Path | None, db: Path | None) -> None:
    """导出文档或其中一张表（不指定 DOC 时导出全部）。

    不带 --table 时，json 是 Document 模型的完整 JSON 数组（金额为保留原样小数位的字符串），md 是按章节树排版的 Markdown，附数据摘录、支出科目和名词解释表。--table 导出一张表：facts（数据摘录）、line_items（支出科目）、indicators（绩效指标）、glossary（名词解释）、findings（检查结果）、notes（审核意见）。csv 为 UTF-8 带 BOM，金额为原样小数；xlsx 中金额为两位小数的数字。

    \b
    例：juesuan export --format json -o all.json
        juesuan export 3f2a --format md > 决算.md
        juesuan export --format csv -o 科目.csv
        juesuan export --format xlsx -o 全部.xlsx
        juesuan export 3f2a --format md --table indicators
    """
    if fmt == "xlsx" and output is None:
        raise CliError("xlsx 是二进制格式，请用 --output 指定文件")
    whole = table is None and fmt in ("json", "md")
    with _open(db) as store:
        ids = [_resolve(store, ref) for ref in doc_refs] if doc_refs else [d.id for d in store.list_documents()]
        ids = list(dict.fromkeys(ids))
        needs_docs = whole or table != "notes"
        docs = [store.get(doc_id) for doc_id in ids] if needs_docs else []
        notes = []
        if table == "notes" or (fmt == "xlsx" and table is None):
            wanted = set(ids)
            notes = [n for n in store.notes() if n.document_id in wanted]
        summaries = {d.id: d for d in store.list_documents()}
    if whole:
        _export_documents(docs, fmt, output)
        return
    from juesuan_tui import exporting

    if fmt == "xlsx":
        names = [table] if table else list(exporting.TABLES)
        sheets = [exporting.build_sheet(n, docs, notes, summaries) for n in names]
        _write_atomic(output, exporting.to_xlsx(sheets))  # type: ignore[arg-type]
        click.echo(f"已导出 {len(ids)} 个文档的 {len(sheets)} 张表到 {output}", err=True)
        return
    sheet = exporting.build_sheet(table or "line_items", docs, notes, summaries)
    _emit_sheet(sheet, fmt, output)


def _emit_sheet(sheet, fmt: str, output: Path | None) -> None:
    from juesuan_tui import exporting

    data: str | bytes
    if fmt == "csv":
        data = exporting.to_csv(sheet)
    elif fmt == "md":
        data = exporting.to_markdown(sheet)
    else:
        data = exporting.to_json(sheet)
    if output is None:
        if isinstance(data, bytes):
            click.echo(data, nl=False)  # bytes go to the binary stream untouched (the CSV's BOM included)
        else:
            click.echo(data, nl=False)
        return
    _write_atomic(output, data)
    click.echo(f"已导出 {len(sheet.rows)} 行（{sheet.spec.sheet}）到 {output}", err=True)


def _export_documents(docs: list[Document], fmt: str, output: Path | None) -> None:
    if fmt == "json":
        text = "[" + ",".join(
            "\n" + json.dumps(d.model_dump(mode="json"), ensure_ascii=False, indent=2) for d in docs
        ) + ("\n]\n" if docs else "]\n")
    else:
        from juesuan_tui.export_md import document_markdown

        text = "\n\n".join(document_markdown(d) for d in docs)
    if fmt == "md":
        text = safe(text)  # a reading format: never carries control characters (JSON escapes them)
    if output is None:
        click.echo(text, nl=False)
        return
    _write_atomic(output, text)
    click.echo(f"已导出 {len(docs)} 个文档到 {output}", err=True)


def _write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file atomically (``exporting.write_atomic``), failing as one CLI error line."""
    from juesuan_tui.exporting import WriteError, write_atomic

    try:
        write_atomic(path, data)
    except WriteError as exc:
        raise CliError(str(exc)) from None


# ---------------------------------------------------------------- doctor


SCHEMA_STATUS = {"current": "当前版本", "old": "较旧，可写打开时自动升级", "newer": "比本程序新，只读",
                 "empty": "空数据库"}


@cli.command("doctor")
@click.option("--rebuild-fts", is_flag=True, help="重建全文索引（章节表不变），再检查。")
@db_option
@json_option
def doctor_command(rebuild_fts: bool, db: Path | None, as_json: bool) -> None:
    """检查数据库：完整性（integrity_check）、架构版本、各表行数、全文索引与章节表是否一致。

    只读取，不改动文件（--rebuild-fts 除外）。没有问题时退出码为 0，发现问题时为 1。

    \b
    例：juesuan doctor
        juesuan doctor --json
        juesuan doctor --rebuild-fts
    """
    from juesuan_tui.store import diagnose

    report = diagnose(_db_path(db), rebuild_fts=rebuild_fts)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_diagnosis(report)
    if not report["ok"]:
        raise click.exceptions.Exit(1)


def _print_diagnosis(report: dict[str, Any]) -> None:
    from importers.limits import format_size

    size = f"（{format_size(report['size'])}）" if report["size"] is not None else ""
    click.echo(safe(f"数据库：{report['path']}{size}"))
    if report["integrity"]:
        verdict = "正常" if report["integrity"] == ["ok"] else "未通过：" + one_line(report["integrity"][0])
        click.echo(safe(f"完整性检查（integrity_check）：{verdict}"))
    if report["user_version"] is not None:
        click.echo(f"架构版本：{report['user_version']}（本程序支持 {report['schema_version']}）"
                   f"：{SCHEMA_STATUS.get(report['schema'] or '', report['schema'] or '')}")
    if report["counts"]:
        counts = "，".join(f"{t} {'?' if n is None else n}" for t, n in report["counts"].items())
        click.echo(safe(f"各表行数：{counts}"))
    fts = report["fts"]
    if fts is not None:
        check = {"ok": "正常", None: "未运行（文件只读或已损坏）"}.get(fts["integrity"], f"未通过（{fts['integrity']}）")
        click.echo(safe(f"全文索引：章节 {fts['sections']} 行，已索引 {fts['indexed']} 行；FTS5 integrity-check：{check}"))
    if report["fts_rebuilt"]:
        click.echo("已重建全文索引。")
    if report["ok"]:
        click.echo("结论：正常")
        return
    click.echo(f"结论：发现 {len(report['problems'])} 个问题")
    for problem in report["problems"]:
        click.echo(safe(f"  - {one_line(problem)}"))


# ---------------------------------------------------------------- notes


@cli.group("note", cls=_Group, context_settings=CONTEXT_SETTINGS)
def note_group() -> None:
    """审核意见：给文档、章节、数据或支出科目加意见，列出、标记已核实、导出。

    意见按稳定的引用（章节标题路径、数据的指标键和名称、科目的资金来源和路径）挂在文档上，用 import --replace 重新导入同一文档后仍然保留；原位置找不到时留在文档上并标记“原位置已不存在”。作者取 $JUESUAN_AUTHOR，否则 $USER。
    """


@note_group.command("add")
@click.argument("doc_ref", metavar="DOC")
@click.argument("text")
@click.option("--section", "-s", "section_ref", metavar="N", help="章节 ID（如 2.5）、编号或标题文字。")
@click.option("--item", "item_ref", metavar="PATH",
              help="支出科目：编码（2010350）、路径（一般公共服务支出/…/行政运行）或唯一的名称；可加资金来源前缀，如“政府性基金：212”。")
@click.option("--fact", "fact_ref", metavar="LABEL", help="数据：指标键（income.total）或名称（收入总计）。")
@click.option("--status", type=click.Choice(NOTE_STATUSES), default="待核实", show_default=True, help="状态。")
@db_option
@json_option
def note_add_command(doc_ref: str, text: str, section_ref: str | None, item_ref: str | None, fact_ref: str | None,
                     status: str, db: Path | None, as_json: bool) -> None:
    """给文档（或其中的章节、数据、支出科目）添加一条审核意见。

    \b
    例：juesuan note add 3f2a "请核对收入总计"
        juesuan note add 3f2a "口径不一致" --section 2.5
        juesuan note add 3f2a "与附表不符" --item 2010350 --status 待核实
        juesuan note add 3f2a "已与财政核对" --fact income.total --status 已核实
    """
    from juesuan_tui.notes import AnchorError, describe, find_fact, find_item, make_note

    if sum(x is not None for x in (section_ref, item_ref, fact_ref)) > 1:
        raise CliError("--section、--item、--fact 只能选一个")
    if not text.strip():
        raise CliError("意见内容为空")
    with _open(db, write=True) as store:
        doc = store.get(_resolve(store, doc_ref))
        try:
            note = make_note(
                doc, text, status=status,
                section=_find_section(doc, section_ref) if section_ref is not None else None,
                item=find_item(doc, item_ref) if item_ref is not None else None,
                fact=find_fact(doc, fact_ref) if fact_ref is not None else None,
            )
        except AnchorError as exc:
            raise CliError(str(exc)) from None
        note = store.add_note(note)
    if as_json:
        click.echo(json.dumps(note.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    click.echo(safe(f"已添加意见 #{note.id}：{doc.unit} {doc.year or ''} {describe(note)}"))


@note_group.command("list")
@click.argument("doc_ref", metavar="[DOC]", required=False)
@click.option("--status", type=click.Choice(NOTE_STATUSES), default=None, help="只列出该状态。")
@click.option("--author", default=None, help="只列出该作者的意见。")
@db_option
@json_option
def note_list_command(doc_ref: str | None, status: str | None, author: str | None, db: Path | None,
                      as_json: bool) -> None:
    """列出审核意见（可按文档、状态、作者筛选）。

    \b
    例：juesuan note list
        juesuan note list 3f2a --status 待核实 --json
    """
    from juesuan_tui.exporting import note_rows

    with _open(db) as store:
        doc_id = _resolve(store, doc_ref) if doc_ref else None
        notes = store.notes(document_id=doc_id, status=status, author=author)
        docs = {d.id: d for d in store.list_documents()}
    if as_json:
        out = []
        for note, row in zip(notes, note_rows(notes, docs)):
            out.append({**note.model_dump(mode="json"), "unit": row["unit"], "year": row["year"], "where": row["where"]})
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if not notes:
        click.echo("（没有审核意见。）", err=True)
        return
    for row in note_rows(notes, docs):
        click.echo(safe(f"#{row['id']}  [{row['status']}]  {row['unit'] or row['document_id'][:12]} {row['year'] or ''}  "
                        f"{row['where']}"))
        click.echo(safe(f"    {row['text']}"))
        click.echo(safe(f"    — {row['author'] or '未署名'}  {row['created_at']}"))


@note_group.command("set")
@click.argument("note_id", metavar="NOTE_ID", type=int)
@click.option("--status", type=click.Choice(NOTE_STATUSES), default=None, help="新状态。")
@click.option("--text", "new_text", default=None, help="新的意见内容。")
@db_option
def note_set_command(note_id: int, status: str | None, new_text: str | None, db: Path | None) -> None:
    """修改一条审核意见的状态或内容。

    \b
    例：juesuan note set 3 --status 已核实
    """
    if status is None and new_text is None:
        raise CliError("请给出 --status 或 --text")
    with _open(db, write=True) as store:
        try:
            note = store.update_note(note_id, status=status, text=new_text)
        except KeyError:
            raise CliError(f"没有审核意见 #{note_id}（数据库 {store.path}）") from None
        except ValueError as exc:
            raise CliError(str(exc)) from None
    click.echo(safe(f"已更新意见 #{note.id}：{note.status}"))


@note_group.command("export")
@click.argument("doc_refs", nargs=-1, metavar="[DOC]...")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "md"]), default="csv", show_default=True,
              help="csv（UTF-8 带 BOM）、xlsx 或 md。")
@click.option("--status", type=click.Choice(NOTE_STATUSES), default=None, help="只导出该状态。")
@click.option("--author", default=None, help="只导出该作者的意见。")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="写入文件（默认标准输出；xlsx 必须指定）。")
@db_option
def note_export_command(doc_refs: tuple[str, ...], fmt: str, status: str | None, author: str | None,
                        output: Path | None, db: Path | None) -> None:
    """导出审核意见清单（不指定 DOC 时导出全部）。

    \b
    例：juesuan note export --format xlsx -o 审核意见.xlsx
        juesuan note export 3f2a --format md --status 待核实
    """
    from juesuan_tui import exporting

    if fmt == "xlsx" and output is None:
        raise CliError("xlsx 是二进制格式，请用 --output 指定文件")
    with _open(db) as store:
        ids = {_resolve(store, ref) for ref in doc_refs}
        notes = [n for n in store.notes(status=status, author=author) if not ids or n.document_id in ids]
        docs = {d.id: d for d in store.list_documents()}
    sheet = exporting.build_sheet("notes", notes=notes, documents=docs)
    if fmt == "xlsx":
        _write_atomic(output, exporting.to_xlsx([sheet]))  # type: ignore[arg-type]
        click.echo(f"已导出 {len(sheet.rows)} 条审核意见到 {output}", err=True)
        return
    _emit_sheet(sheet, fmt, output)


# ---------------------------------------------------------------- browse


@cli.command("browse")
@db_option
def browse_command(db: Path | None) -> None:
    """打开浏览界面（数据库为空时先导入内置样例）。"""
    _browse(_db_path(db))


def _browse(path: Path) -> None:
    _ensure_sample(path)
    if importlib.util.find_spec("juesuan_tui.app") is not None:
        app = importlib.import_module("juesuan_tui.app")
        if hasattr(app, "run_app"):
            app.run_app(path)
            return
        if hasattr(app, "make_app"):
            app.make_app(path).run()
            return
    _fallback_app(path)


def _ensure_sample(path: Path) -> None:
    """A first launch on an empty, writable database imports the bundled sample."""
    try:
        store = Store(path)
    except StoreError:
        return  # the app reports the problem itself
    try:
        if store.readonly or store.count():
            return
        from importers import load
        from juesuan_tui.sample import sample_path

        doc = load(sample_path())
        store.save(doc)
        click.echo(safe(f"数据库为空，已导入内置样例：{doc.unit} {doc.year or ''}"), err=True)
    except Exception as exc:  # noqa: BLE001 - the sample is a convenience, never a blocker
        click.echo(one_line(f"未能导入内置样例：{exc}"), err=True)
    finally:
        store.close()


def _fallback_app(path: Path) -> None:
    """A minimal document list, used until the full app is installed."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    with Store(path) as store:
        docs = store.list_documents()

    class DocumentList(App):
        TITLE = "决算公开"
        BINDINGS = [("q", "quit", "退出")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable(cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("年度", "单位", "类型", "标题")
            for d in docs:
                table.add_row(*(Text(safe(str(v))) for v in (d.year or "", d.unit, d.kind, d.title)), key=d.id)

    DocumentList().run()
