"""Shared printing of the regional MoF-style templates (domain.md §1.2 C–F).

Sichuan, Hunan, Hubei and Yunnan word the same 情况说明 items differently; each
statement here has the variants real disclosures show, chosen per document or per
sentence: ``收、支总计均为X`` / ``收、支总计各是X，Y``, ``较上年`` / ``与2023年相比``,
``降低`` / ``持平``, ``完成预算X%`` (no 的), ``完成年初预算的X%`` with
``决算数大于/小于预算数的主要原因``, zero amounts printed ``0万元``, ``占0%``.
"""

from __future__ import annotations

import random
from decimal import Decimal

from .. import data
from ..ledger import GF, GP, HUNDRED, SC, ZERO, Item, Ledger, pct
from ..render import Renderer

CN = data.CN_NUM
NOT_COMPARABLE = ("--(基数为0,不可比)", "--（基数为0，不可比）", "-")
FUND_TITLES = {GF: ("fund", "政府性基金预算财政拨款"), SC: ("capital", "国有资本经营预算财政拨款")}


class Regional(Renderer):
    """Statement printers shared by the regional layouts; subclasses set the outline."""

    def __init__(self, led: Ledger, rng: random.Random) -> None:
        super().__init__(led, rng)
        rng = self.rng
        self.zero_bare = rng.random() < 0.5  # "0万元", "占0%" (Sichuan, Hunan)
        self.lead_form = rng.choice(("与上年相比，", "与{prev}年相比，", "较上年", "比上年"))
        self.down = rng.choice(("下降", "降低"))
        self.zero_base = rng.choice(("omit", "100", "nc"))  # a change from a zero prior year
        self.nc = rng.choice(NOT_COMPARABLE)
        self.why_word = rng.choice(("主要原因是：", "主要变动原因是：", "主要原因："))
        self.org = "单位" if led.kind == "单位决算" else "部门"
        self.spacing = "loose" if rng.random() < 0.6 else "tight"
        self.empty_tables: set[str] = set()
        self.item_sep = rng.choice((".", "、"))

    # -- output ----------------------------------------------------------------------------
    pending: str | None = None

    def lead_in(self, title: str) -> None:
        """A sub-heading printed at the start of its first paragraph: ``（一）机关运行经费支出情况：…``."""
        self.pending = title

    def para(self, text: str) -> None:
        if self.pending:
            text = f"{self.pending}{self.rng.choice(('：', '。'))}{text}"
            self.pending = None
        super().para(text)

    # -- numbers ---------------------------------------------------------------------------
    def num(self, value: Decimal) -> str:
        if self.zero_bare and value == 0:
            return "0"
        return super().num(value)

    def prev(self, word: str = "年") -> str:
        return f"{self.led.year - 1}{self.sp}{word}"

    def y(self, word: str = "年度") -> str:
        return self.year(word=word)

    def lead_text(self) -> str:
        return self.lead_form.format(prev=self.prev())

    def why(self, key_or_delta: str | Decimal, pool: tuple[str, ...] | None = None) -> str:
        """``主要原因是：…`` for a change (by key or by its sign)."""
        if isinstance(key_or_delta, str):
            delta = self.led.change(key_or_delta).delta
        else:
            delta = key_or_delta
        pool = pool or (data.REASONS_UP if delta >= 0 else data.REASONS_DOWN)
        return f"{self.why_word}{self.reason(pool)}。"

    def budget_why(self, final: Decimal, budget: Decimal, word: str = "预算数") -> str:
        """``决算数大于预算数的主要原因是：…`` or ``决算数与预算数持平。``"""
        if final == budget:
            return f"决算数与{word}持平。"
        cmp = "大于" if final > budget else "小于"
        return f"决算数{cmp}{word}的主要原因是：{self.reason(data.REASONS_BUDGET[:3])}。"

    # -- year on year ------------------------------------------------------------------------
    def change_phrase(self, delta: Decimal, prior: Decimal, rate: Decimal | None,
                      each: bool = False) -> tuple[str, dict]:
        """``增加X万元，增长Y%`` (or 减少/下降|降低, 持平, a zero base) and its qualifiers."""
        if delta == 0:
            return "持平", {"direction": "flat"}
        word = ("各" if each else "") + ("增加" if delta > 0 else "减少")
        text = f"{word}{self.amount(abs(delta))}"
        if prior == 0:
            if self.zero_base == "omit":
                return text, {"change": delta}
            if self.zero_base == "nc" and delta > 0:
                return f"{text}，增长{self.nc}", {"change": delta, "change_text": self.nc}
            rtext, rvalue = self.rate(HUNDRED if delta > 0 else ZERO)
            return f"{text}，增长{rtext}", {"change": delta, "change_pct": rvalue}
        rtext, rvalue = self.rate(abs(rate))
        rword = "增长" if delta > 0 else self.down
        return f"{text}，{rword}{rtext}", {"change": delta, "change_pct": rvalue if delta > 0 else -rvalue}

    def chg(self, key: str, subject: str = "", also: tuple[str, ...] = (), each: bool = False,
            subject_first: bool = False) -> str:
        """The year-on-year clause of ``key``: lead, optional subject, change (or subject, lead, change:
        ``公务用车购置及运行维护费较上年增加…``)."""
        ch = self.led.change(key)
        text, quals = self.change_phrase(ch.delta, ch.prior, ch.pct, each)
        for k in (key, *self.same(key, also)):
            self.qual(k, **quals)
        lead = self.lead_text()
        if quals.get("direction") == "flat":
            return f"{lead}{subject}持平" if lead.startswith("与") else f"与上年相比，{subject}持平"
        if subject_first:
            return f"{subject}{lead}{text}"
        return f"{lead}{subject}{text}"

    def twin(self, key: str, other: str, label: str) -> None:
        """Record ``other`` as stated by the same printed number as ``key`` (收、支总计均为 X)."""
        first = self._last[key]
        self._fact(other, first["value"], first["unit"], first["printed"], label, first.get("value_wan"))

    # -- budget against final ------------------------------------------------------------------
    def completion(self, key: str, label: str = "", bare: bool = False, basis: str | None = "年初") -> str:
        """``年初预算为B万元，支出决算为F万元，完成年初预算的P%`` (budget printed) or, with ``bare``,
        ``支出决算为F万元，完成预算P%`` (Sichuan: the budget itself is not printed)."""
        led = self.led
        budget, final = led.budget[key], led.shown(key)
        if bare:
            text = f"{label}支出决算为{self.money(key, label or None)}"
            if budget:
                rtext, rvalue = self.rate(pct(final, budget))
                self.qual(key, final=final, completion_pct=rvalue)
                text += f"，完成预算{rtext}"
            return text
        word = f"{basis or ''}预算"
        text = f"{label}{word}为{self.amount(budget)}，支出决算为{self.money(key, label or None)}"
        quals: dict = {"budget": budget, "budget_basis": basis, "final": final}
        if budget:
            rtext, quals["completion_pct"] = self.rate(pct(final, budget))
            text += f"，完成{word}的{rtext}"
        self.qual(key, **quals)
        return text

    # -- sections -------------------------------------------------------------------------------
    def s_totals(self, form: str) -> None:
        """收入支出总体: ``均为`` / ``各是X，Y`` / ``收、支总计X`` / 收入总计…支出总计…"""
        m, y = self.money, self.y()
        if (self.led.broken or {}).get("rule", "").startswith("totals."):
            form = "split"  # a perturbed total is printed on its own
        if form == "equal":
            text = f"{y}收、支总计均为{m('income.total', '收、支总计')}。"
            self.twin("income.total", "expenditure.total", "收、支总计")
        elif form == "pair":
            m("income.total", "收、支总计")  # printed twice below: 各是 X，X 万元
            printed = self._last["income.total"]["printed"]
            self.twin("income.total", "expenditure.total", "收、支总计")
            text = f"{y}收、支总计各是{self.sp}{printed}，{printed}{self.sp}万元。"
        elif form == "plain":
            text = f"{y}收、支总计{m('income.total', '收、支总计')}。"
            self.twin("income.total", "expenditure.total", "收、支总计")
        else:
            text = (f"{y}收入总计{m('income.total')}，其中：本年收入合计{m('income.current')}，使用非财政拨款结余"
                    f"{m('income.nonfiscal_balance_used')}，年初结转和结余{m('income.carryover_begin')}；支出总计"
                    f"{m('expenditure.total')}，其中：本年支出合计{m('expenditure.current')}，结余分配"
                    f"{m('expenditure.surplus_distribution')}，年末结转和结余{m('expenditure.carryover_end')}。")
            if self.led.shown("income.total") == self.led.shown("expenditure.total"):
                change = self.chg("income.total", "收入支出总计", also=("expenditure.total",))
            else:  # a perturbed total: each states its own change
                change = f"{self.chg('income.total', '收入总计')}；{self.chg('expenditure.total', '支出总计')}"
            self.para(f"{text}{change}。{self.why('income.total')}")
            return
        change = self.chg("income.total", "收、支总计", also=("expenditure.total",), each=True)
        self.para(f"{text}{change}。{self.why('income.total')}")

    def s_income(self, funds: bool, every: bool, nested: bool = False) -> None:
        """本年收入合计 and its parts; ``funds``: 财政拨款 split by fund (Sichuan); ``nested``:
        ``财政拨款收入X（其中：一般公共预算…，政府性基金…），占Y%`` (domain.md §4.2)."""
        led, m = self.led, self.money
        base = "income.current"
        parts = []
        if nested and led.v["fund.income_current"]:
            gp = led.v["fiscal.income_current"] - led.v["fund.income_current"] - led.v["capital.income_current"]
            amount = m("income.fiscal")
            inner = (f"（其中：一般公共预算财政拨款收入{self.amount(gp)}，政府性基金预算财政拨款收入"
                     f"{m('fund.income_current', '政府性基金预算财政拨款收入')}）")
            parts.append(f"财政拨款收入{amount}{inner}，占{self.share('income.fiscal', base)}")
        elif funds:
            gp = led.v["fiscal.income_current"] - led.v["fund.income_current"] - led.v["capital.income_current"]
            gp_share = pct(gp, led.shown(base)) or ZERO
            parts.append(f"一般公共预算财政拨款收入{self.amount(gp)}，占{self.rate(gp_share)[0]}")
            for key, label in (("fund.income_current", "政府性基金预算财政拨款收入"),
                               ("capital.income_current", "国有资本经营预算财政拨款收入")):
                if every or led.v[key]:
                    parts.append(f"{label}{m(key, label)}，占{self.share(key, base)}")
        else:
            parts.append(f"财政拨款收入{m('income.fiscal')}，占{self.share('income.fiscal', base)}")
        for key, label in (("income.superior_subsidy", "上级补助收入"), ("income.business", "事业收入"),
                           ("income.operating", "经营收入"), ("income.affiliated", "附属单位上缴收入"),
                           ("income.other", "其他收入")):
            if every or led.v[key]:
                parts.append(f"{label}{m(key, label)}，占{self.share(key, base)}")
        self.para(f"{self.y('年')}本年收入合计{m(base, '本年收入合计')}，其中：{'；'.join(parts)}。")

    def s_expenditure(self, every: bool) -> None:
        led, m = self.led, self.money
        base = "expenditure.current"
        parts = []
        for key, label in (("expenditure.basic", "基本支出"), ("expenditure.project", "项目支出"),
                           ("expenditure.remit_superior", "上缴上级支出"), ("expenditure.operating", "经营支出"),
                           ("expenditure.affiliated_subsidy", "对附属单位补助支出")):
            if every or led.v[key]:
                parts.append(f"{label}{m(key, label)}，占{self.share(key, base)}")
        self.para(f"{self.y('年')}本年支出合计{m(base, '本年支出合计')}，其中：{'；'.join(parts)}。")

    def s_fiscal(self, form: str) -> None:
        m, y = self.money, self.y()
        if form == "plain":
            text = f"{y}财政拨款收、支总计{m('fiscal.income_total', '财政拨款收、支总计')}。"
            self.twin("fiscal.income_total", "fiscal.expenditure_total", "财政拨款收、支总计")
            change = self.chg("fiscal.income_total", "财政拨款收、支总计", also=("fiscal.expenditure_total",),
                              each=True)
        else:
            text = (f"{y}财政拨款收入总计{m('fiscal.income_total')}，其中：年初财政拨款结转和结余"
                    f"{m('fiscal.carryover_begin')}，本年财政拨款收入{m('fiscal.income_current')}；财政拨款支出总计"
                    f"{m('fiscal.expenditure_total')}，其中：本年财政拨款支出{m('fiscal.expenditure_current')}，"
                    f"年末财政拨款结转和结余{m('fiscal.carryover_end')}。")
            change = self.chg("fiscal.income_total", "财政拨款收入支出总计", also=("fiscal.expenditure_total",))
        self.para(f"{text}{change}。{self.why('fiscal.income_total')}")

    def grid(self, name: str, header: list[str], built: tuple[list[str], list] | None,
             statuses: dict[str, str]) -> None:
        """Print a 决算表 grid (its header lines, then the grid); a grid without rows is an empty table."""
        if built is None:
            return
        lines, rows = built
        for line in [*header, *lines]:
            self.out(line, "grid")
        if rows:
            statuses[name] = "included"
        else:
            self.empty_tables.add(name)

    def record_tables(self, tables: list[str] | tuple[str, ...], statuses: dict[str, str]) -> None:
        """The truth of every listed table: included (a grid), empty (stated) or listed."""
        for name in tables:
            state = statuses.get(name) or ("empty" if name in self.empty_tables else "listed")
            self.truth.tables.append({"name": name, "status": state})

    def s_general_parts(self, detail: str) -> None:
        """（一）总体、（二）结构、（三）具体情况 of the 一般公共预算 section, ``detail`` as in s_general_detail."""
        self.heading("（一）一般公共预算财政拨款支出决算总体情况")
        self.s_general_total()
        self.heading("（二）一般公共预算财政拨款支出决算结构情况")
        self.s_general_structure()
        self.heading("（三）一般公共预算财政拨款支出决算具体情况")
        self.s_general_detail(detail)

    def s_general_total(self) -> None:
        key = "general.expenditure"
        text = (f"{self.y()}一般公共预算财政拨款支出{self.money(key)}，占本年支出合计的"
                f"{self.share(key, 'expenditure.current')}。")
        self.para(f"{text}{self.chg(key, '一般公共预算财政拨款支出')}。{self.why(key)}")

    def s_general_structure(self) -> None:
        led = self.led
        base = led.v["general.expenditure"]
        after = self.rng.random() < 0.5  # 一般公共服务（类）支出 X vs 一般公共服务支出（类）X
        pieces = []
        for code, amount in led.classes(GP):
            name = data.CODES[code]
            rtext, rvalue = self.rate(pct(amount, base) or ZERO)
            self.line_item(GP, "类", (name,), amount, share_pct=rvalue)
            label = f"{name[:-2]}（类）支出" if after and name.endswith("支出") else f"{name}（类）"
            pieces.append(f"{label}{self.amount(amount)}，占{rtext}")
        self.para(f"{self.y()}一般公共预算财政拨款支出{self.amount(base)}，主要用于以下方面：{'；'.join(pieces)}。")

    def item_head(self, n: int, item: Item) -> str:
        sep = self.item_sep
        path = self.item_path_text(item)
        if self.st.width == "half":
            path = path.replace("（", "(").replace("）", ")")
        return f"{n}{sep}{path}"

    def s_general_detail(self, form: str) -> None:
        """(三)具体情况: ``bare`` (完成预算X%), ``budget`` (年初预算为…完成年初预算的…), ``yoy`` (比上年决算…)."""
        led, key = self.led, "general.expenditure"
        items = list(led.fund_items(GP))
        if form == "bare":
            self.para(f"{self.y('年')}一般公共预算财政拨款{self.completion(key, bare=True)}。其中：")
        elif form == "budget":
            self.para(f"{self.y()}一般公共预算财政拨款支出{self.completion(key)}。"
                      f"{self.budget_why(led.shown(key), led.budget[key], '年初预算数')}其中：")
        elif form == "full_year" and led.budget[key]:
            # 完成全年预算 B 万元的 P% (domain.md §4.4 c)
            budget, final = led.budget[key], led.shown(key)
            rtext, rvalue = self.rate(pct(final, budget))
            text = (f"{self.y()}一般公共预算财政拨款支出决算为{self.money(key)}，完成全年预算{self.amount(budget)}"
                    f"的{rtext}。")
            self.qual(key, budget=budget, budget_basis="全年", final=final, completion_pct=rvalue)
            self.para(text + self.budget_why(final, budget, "全年预算数") + "其中：")
            form = "budget"
        for n, item in enumerate(items, 1):
            self.item_para(n, item, form)

    def item_para(self, n: int, item: Item, form: str) -> None:
        head = self.item_head(n, item)
        if form == "bare":
            self.line_item(item.fund, "项", item.path, item.amount)
            text = f"{head}：支出决算为{self.amount(item.amount)}"
            if item.budget:
                text += f"，完成预算{self.rate(pct(item.amount, item.budget))[0]}，{self.budget_why(item.amount, item.budget)}"
            else:
                text += f"，年初未安排预算，{self.budget_why(item.amount, item.budget)}"
            self.para(text)
        elif form == "budget":
            self.line_item(item.fund, "项", item.path, item.amount, budget=item.budget)
            text = f"{head}。年初预算为{self.amount(item.budget)}，支出决算为{self.amount(item.amount)}"
            if item.budget:
                text += f"，完成年初预算的{self.rate(pct(item.amount, item.budget))[0]}"
            self.para(f"{text}。{self.budget_why(item.amount, item.budget, '年初预算数')}")
        else:
            rate = pct(item.change, item.prior) if item.prior else None
            text, quals = self.change_phrase(item.change, item.prior, rate)
            if quals.get("direction") == "flat":
                quals, text = {"change": ZERO}, "与上年持平"
            else:
                text = f"比上年决算{text}"
            quals.pop("direction", None)
            quals.pop("change_text", None)
            self.line_item(item.fund, "项", item.path, item.amount, **quals)
            self.para(f"{head}：支出决算为{self.amount(item.amount)}，{text}。{self.why(item.change)}")

    def s_basic(self) -> None:
        led = self.led
        pers = "、".join(n for _, n, a in led.personnel_econ if a)
        pubs = "、".join(n for _, n, a in led.public_econ if a)
        self.para(f"{self.y()}一般公共预算财政拨款基本支出{self.money('basic.total')}，其中：人员经费"
                  f"{self.money('basic.personnel')}，主要包括：{pers}；公用经费{self.money('basic.public')}，"
                  f"主要包括：{pubs}。")

    def s_fund(self, fund: str, table: str, statement: str, items_form: str) -> None:
        """政府性基金 / 国有资本经营: an empty-table statement, or the amounts and their items."""
        led = self.led
        prefix, title = FUND_TITLES[fund]
        if not led.fund_items(fund):
            if statement == "table":
                self.para(f"本{self.org}{self.y()}无{title}收入、支出及结转和结余，故《{table}》为空表。")
            else:
                self.para(f"{self.y()}本{self.org}无{title}收支，故{table}为空表。")
            self.empty_tables.add(table)
            return
        m = self.money
        self.para(f"{self.y()}{title}收入{m(prefix + '.income_current', title + '收入')}，"
                  f"支出{m(prefix + '.expenditure_current', title + '支出')}，"
                  f"年末结转和结余{m(prefix + '.carryover_end', '年末结转和结余')}。")
        for n, item in enumerate(led.fund_items(fund), 1):
            self.item_para(n, item, items_form)

    def s_sangong(self, form: str, groups_unit: str = "个") -> None:
        """三公: ``bare`` (Sichuan: 完成预算X%), ``budget`` (预算为…支出决算为…完成预算的…)."""
        led, m, y = self.led, self.money, self.y()
        total = "sangong.total"
        self.heading(self.sub(1) + "“三公”经费财政拨款支出决算总体情况说明")
        if not led.v[total] and not led.prior[total] and not led.budget[total]:
            self.para(f"本{self.org}{y}无“三公”经费财政拨款支出，“三公”经费财政拨款支出决算为{m(total)}。")
            self.heading(self.sub(2) + "“三公”经费财政拨款支出决算具体情况说明")
            self.para(f"本{self.org}{y}无因公出国（境）费、公务用车购置及运行维护费和公务接待费支出。")
            return
        if form == "bare":
            text = f"{y}“三公”经费财政拨款{self.completion(total, bare=True)}，{self.chg(total)}，"
            self.para(text + self.budget_why(led.shown(total), led.budget[total]))
        else:
            text = f"{y}“三公”经费财政拨款支出{self.completion(total, basis=None)}，{self.chg(total)}。"
            self.para(text + self.budget_why(led.shown(total), led.budget[total]))
        self.heading(self.sub(2) + "“三公”经费财政拨款支出决算具体情况说明")
        parts = []
        for key, label in (("sangong.abroad", "因公出国（境）费"), ("sangong.vehicle", "公务用车购置及运行维护费"),
                           ("sangong.reception", "公务接待费")):
            amount = m(key, label)
            share = f"，占{self.share(key, total)}" if led.v[total] else ""
            parts.append(f"{label}支出决算{amount}{share}")
        self.para(f"{y}“三公”经费财政拨款支出决算中，{'；'.join(parts)}。具体情况如下：")
        c = self.count
        bare = form == "bare"
        abroad = self.completion("sangong.abroad", "因公出国（境）费", bare=True) if bare else \
            f"因公出国（境）费支出{m('sangong.abroad', '因公出国（境）费')}"
        people_unit = "人" if groups_unit == "次" else "人次"
        self.para(f"1.{abroad}。全年安排因公出国（境）团组{c('sangong.abroad_groups', groups_unit, '因公出国（境）团组')}，"
                  f"出国{c('sangong.abroad_people', people_unit, '因公出国（境）人次')}。")
        vehicle = self.completion("sangong.vehicle", "公务用车购置及运行维护费", bare=True) if bare else \
            f"公务用车购置及运行维护费支出{m('sangong.vehicle', '公务用车购置及运行维护费')}"
        if bare and self.rng.random() < 0.5:
            vehicle += f"。{self.chg('sangong.vehicle', '公务用车购置及运行维护费', subject_first=True)}"
        self.para(f"2.{vehicle}。其中：公务用车购置支出{m('sangong.vehicle_purchase', '公务用车购置费')}，全年按规定更新购置公务用车"
                  f"{c('sangong.vehicle_purchased', '辆', '公务用车购置数')}；公务用车运行维护费支出"
                  f"{m('sangong.vehicle_operation', '公务用车运行维护费')}，主要用于公务用车燃料费、维修费、过路过桥费、保险费等支出。"
                  f"截至{self.y('年')}12月底，{self.org}开支财政拨款的公务用车保有量{c('sangong.vehicle_stock', '辆', '公务用车保有量')}。")
        reception = self.completion("sangong.reception", "公务接待费", bare=True) if bare else \
            f"公务接待费支出{m('sangong.reception', '公务接待费')}"
        self.para(f"3.{reception}。国内公务接待{c('sangong.reception_batches', '批次', '国内公务接待批次')}，"
                  f"{c('sangong.reception_people', '人次', '国内公务接待人次')}（不包括陪同人员），主要用于执行公务、开展业务活动开支的交通费、住宿费、用餐费等。")

    def sub(self, n: int) -> str:
        return f"（{CN[n]}）"

    def s_operating(self, lead: str = "") -> None:
        led = self.led
        if led.unit_type == "行政":
            key = "operating.costs"
            text = f"{lead}本{self.org}{self.y()}机关运行经费支出{self.money(key, '机关运行经费')}"
        else:
            key = "operating.public"
            text = f"{lead}本{self.org}为事业单位，{self.y()}公用经费支出{self.money(key, '公用经费')}"
        self.para(f"{text}，{self.chg(key)}。{self.why(key)}")

    def s_procurement(self) -> None:
        led, m = self.led, self.money
        if not led.v["procurement.total"]:
            self.para(f"本{self.org}{self.y()}无政府采购支出。")
            return
        self.para(f"{self.y()}本{self.org}政府采购支出总额{m('procurement.total')}，其中：政府采购货物支出"
                  f"{m('procurement.goods')}、政府采购工程支出{m('procurement.works')}、政府采购服务支出"
                  f"{m('procurement.services')}。授予中小企业合同金额{m('procurement.sme')}，占政府采购支出总额的"
                  f"{self.share('procurement.sme', 'procurement.total')}，其中：授予小微企业合同金额"
                  f"{m('procurement.small_micro')}，占政府采购支出总额的{self.share('procurement.small_micro', 'procurement.total')}。")

    def s_assets(self, house: bool) -> None:
        led = self.led
        sp = self.sp
        pieces = []
        for name, n in led.vehicles:
            self._fact("assets.vehicles_by_category", Decimal(n), "辆", str(n), name, None)
            pieces.append(f"{name}{sp}{n}{sp}辆")
        building = ""
        if house and led.v["assets.building_area"]:
            building = (f"房屋{self.count('assets.building_area', '平方米', '房屋')}，"
                        f"价值{self.money('assets.building_value', '房屋价值')}；")
        self.para(f"截至{self.y('年')}12月31日，本{self.org}共有{building}车辆{self.count('assets.vehicles', '辆', '车辆')}，"
                  f"其中：{'、'.join(pieces)}，其他用车主要是业务用车。单价100万元（含）以上设备（不含车辆）"
                  f"{self.count('assets.equipment_over_1m', '台（套）')}。")

    def s_performance_summary(self) -> None:
        self.para(f"根据预算绩效管理要求，本{self.org}组织对{self.y()}项目支出开展了绩效自评。本{self.org}预算绩效评价项目"
                  f"{self.count('performance.projects', '个', '预算绩效评价项目')}，全年预算数"
                  f"{self.money('performance.budget', '全年预算数')}，全年执行数{self.money('performance.executed', '全年执行数')}。"
                  f"从评价情况来看，项目资金使用规范，绩效目标基本完成。")

    def glossary(self, numbering: str) -> None:
        for n, (term, definition) in enumerate(self.led.glossary, 1):
            num = {"arabic": f"{n}.", "arabic_dun": f"{n}、", "cn": f"{CN[n]}、", "paren": f"（{CN[n]}）"}[numbering]
            self.para(f"{num}{term}：{definition}")
            self.glossary_entry(term, definition)

    def list_tables(self, names: tuple[str, ...], ordinal: str, status: dict[str, str] | None = None,
                    quote: bool = False) -> None:
        """The 附表 listing; every table is ``listed`` unless stated empty (or ``status`` says)."""
        for n, name in enumerate(names, 1):
            num = {"cn": f"{CN[n]}、", "arabic": f"{n}.", "table": f"表{CN[n]}：", "pub": f"公开{n:02d}表 "}[ordinal]
            self.out(f"{num}{'《' + name + '》' if quote else name}", "toc")
            state = (status or {}).get(name) or ("empty" if name in self.empty_tables else "listed")
            self.truth.tables.append({"name": name, "status": state})

    def sichuan_code(self) -> str:
        return f"51{self.rng.randint(100000, 999999)}{self.rng.choice('RX')}{self.rng.randint(10**11, 10**12 - 1)}"
