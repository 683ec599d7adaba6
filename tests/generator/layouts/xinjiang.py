"""Layout A (Xinjiang, like the seed): 第一部分 概况 / 第二部分 情况说明 一…十二 / 第三部分 名词解释 /
第四部分 报表列表; a 目录; a tab-flattened scorecard; markdown debris in the glossary."""

from __future__ import annotations

import re

from decimal import Decimal

from .. import data
from ..ledger import GF, GP, HUNDRED, SC, ZERO, pct
from ..render import Renderer
from ..scorecards import tab_lines

CN = data.CN_NUM


class Xinjiang(Renderer):
    layout = "xinjiang"

    # -- wording helpers -------------------------------------------------------------------
    def chg(self, key: str, lead: str = "与上年相比，", unit: str = "万元", also: tuple[str, ...] = ()) -> str:
        """``增加 X 万元，增长 Y%`` (the seed's convention: 100.00% when the prior year was 0)."""
        ch = self.led.change(key)
        rate = ch.pct if ch.pct is not None else HUNDRED
        word, rword = ("增加", "增长") if ch.delta >= 0 else ("减少", "下降")
        amount = self.amount(abs(ch.delta), unit) if unit == "万元" else f"{self.sp}{abs(ch.delta)}{self.sp}{unit}"
        rtext, rvalue = self.rate(abs(rate))
        sign = -1 if ch.delta < 0 else 1
        for k in (key, *self.same(key, also)):
            self.qual(k, change=ch.delta, change_pct=sign * rvalue)
        return f"{lead}{word}{amount}，{rword}{rtext}"

    def vs_budget(self, key: str, basis: str, label: str = "", also: tuple[str, ...] = ()) -> str:
        led = self.led
        budget, final = led.budget[key], led.shown(key)
        rtext, rvalue = self.rate(led.diff_pct(key))
        for k in (key, *self.same(key, also)):
            self.qual(k, budget=budget, budget_basis=basis, final=final, diff_pct=rvalue)
        return (f"{label}{basis}预算数{self.amount(budget)}，决算数{self.amount(final)}，"
                f"预决算差异率{rtext}")

    def ordinal(self, n: int) -> str:
        return f"{n}{self.rng.choice(('. ', '.', '、'))}" if self.rng.random() < 0.5 else f"{n}. "

    # -- document -------------------------------------------------------------------------
    def render(self) -> None:
        led, rng = self.led, self.rng
        org = "单位" if led.kind == "单位决算" else "部门"
        org2 = "部门" if rng.random() < 0.6 else org
        unit_shown = re.sub(r"(\d+)", r" \1 ", led.unit).replace("  ", " ").strip() if self.st.space else led.unit
        # cover
        self.out("", "blank")
        form = rng.randrange(3)
        if form == 0:
            cover = [f"{unit_shown} {self.year()}", f"{led.kind}公开"]
        elif form == 1:
            cover = [f"{unit_shown}{self.year(word='年度')}{led.kind}公开"]
        else:
            cover = [unit_shown, f"{led.year}年度{led.kind}"]
        for line in cover:
            self.out(line, "cover")
        self.truth.title = re.sub(r"\s+", "", "".join(cover))

        bullet = "- " if rng.random() < 0.6 else ""
        sub_bullet = " - " if bullet else ""
        sub = rng.choice(("({}) ", "（{}）"))
        parts = [f"第一部分 {org}概况", f"第二部分 {org2}决算情况说明",
                 f"第三部分 {rng.choice(('专业名词解释', '名词解释'))}",
                 f"第四部分 {org2}决算报表{rng.choice(('（见附表）', '', '(见附表)'))}"]
        p2 = [
            "收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明", "财政拨款收入支出决算总体情况说明",
            "一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款基本支出决算情况说明",
            "政府性基金预算财政拨款收入支出决算情况说明", "国有资本经营预算财政拨款收入支出决算情况说明",
            "财政拨款“三公”经费支出决算情况说明", "其他重要事项的情况说明", "预算绩效的情况说明", "其他需说明的事项",
        ]
        p5 = ["一般公共预算财政拨款支出决算总体情况", "一般公共预算财政拨款支出决算结构情况",
              "一般公共预算财政拨款支出决算具体情况"]
        p10 = ["机关运行经费及公用经费支出情况", "政府采购情况", "国有资产占用情况说明"]
        tables = list(data.TABLES_STANDARD)
        quote = rng.random() < 0.6

        # table of contents
        self.out(rng.choice(("目 录", "目录")), "toc")
        self.out(parts[0], "toc")
        self.out(f"{bullet}一、主要职能", "toc")
        self.out(f"{bullet}二、机构设置及人员情况", "toc")
        self.out(parts[1], "toc")
        for n, title in enumerate(p2, 1):
            self.out(f"{bullet}{CN[n]}、{title}", "toc")
            if n == 5:
                for m, t in enumerate(p5, 1):
                    self.out(f"{sub_bullet}{sub.format(CN[m])}{t}", "toc")
            if n == 10:
                for m, t in enumerate(p10, 1):
                    self.out(f"{sub_bullet}{sub.format(CN[m])}{t}", "toc")
        self.out(parts[2], "toc")
        self.out(parts[3], "toc")
        for n, name in enumerate(tables, 1):
            self.out(f"{CN[n]}、{'《' + name + '》' if quote else name}", "toc")

        # 第一部分 概况
        self.heading(parts[0])
        self.heading("一、主要职能")
        for n, text in enumerate(led.functions, 1):
            self.para(f"{self.ordinal(n)}{text}")
        self.heading("二、机构设置及人员情况")
        self.staffing()
        if led.subordinates:
            subs = f"下属预算单位{self.count('org.subordinates', '个', '下属预算单位')}，分别是：{'、'.join(led.subordinates)}；"
        else:
            subs = "无下属预算单位，"
        depts = "、".join(led.departments)
        self.para(f"{led.unit}{subs}下设{self.count('org.departments', '个', '科室')}科室，分别是：{depts}。")

        # 第二部分 情况说明
        self.heading(parts[1])
        sections = [self.s_totals, self.s_income, self.s_expenditure, self.s_fiscal, None, self.s_basic,
                    self.s_fund, self.s_capital, self.s_sangong, None, self.s_performance, self.s_other]
        for n, (title, fn) in enumerate(zip(p2, sections), 1):
            self.heading(f"{CN[n]}、{title}")
            if n == 5:
                for m, (t, f) in enumerate(zip(p5, (self.s_general, self.s_structure, self.s_detail)), 1):
                    self.heading(f"{sub.format(CN[m]).strip()}{t}")
                    f()
            elif n == 10:
                for m, (t, f) in enumerate(zip(p10, (self.s_operating, self.s_procurement, self.s_assets)), 1):
                    self.heading(f"{sub.format(CN[m]).strip()}{t}")
                    f()
            else:
                fn()

        # 第三部分 名词解释
        self.heading(parts[2])
        md_until = rng.choice((0, len(led.glossary) // 2, len(led.glossary)))
        numbering = rng.choice(("cn", "cn", "arabic"))
        for n, (term, definition) in enumerate(led.glossary, 1):
            colon = rng.choice(("：", ":")) if self.st.width != "full" else "："
            num = f"{CN[n]}、" if numbering == "cn" else f"{n}."
            if n <= md_until:
                self.out(f"- {num}**{term}**{colon}{definition}", "para")
            else:
                self.out(f"{num}{term}{colon}{definition}", "para")
            self.glossary_entry(term, definition)

        # 第四部分 报表
        self.heading(parts[3])
        empty = set()
        if led.fund_state == "none":
            empty.add("政府性基金预算财政拨款收入支出决算表")
        if led.capital_state == "none":
            empty.add("国有资本经营预算财政拨款收入支出决算表")
        for n, name in enumerate(tables, 1):
            self.out(f"{bullet}{CN[n]}、{'《' + name + '》' if quote else name}", "toc")
            self.truth.tables.append({"name": name, "status": "empty" if name in empty else "listed"})

    # -- 概况 ------------------------------------------------------------------------------
    def staffing(self) -> None:
        led, sp = self.led, self.sp

        def person(key: str, label: str) -> str:
            text = f"{label}{self.count(key, '人', label)}"
            delta = led.v[key] - led.prior[key]
            self.qual(key, change=delta)
            return f"{text}，{'增加' if delta >= 0 else '减少'}{sp}{abs(int(delta))}{sp}人"

        head = f"{led.unit}{self.year(word='年度')}，"
        if self.rng.random() < 0.3:
            head += f"编制{self.count('staff.establishment', '人', '编制')}，"
        total = f"实有人数{self.count('staff.total', '人', '实有人数')}"
        parts = [person("staff.active", "在职人员"), person("staff.retired_cadre", "离休人员"),
                 person("staff.retired", "退休人员")]
        self.para(f"{head}{total}，其中：{'；'.join(parts)}。")

    # -- 情况说明 ------------------------------------------------------------------------------
    def s_totals(self) -> None:
        m, y = self.money, self.year(word="年度")
        self.para(f"{y}收入总计{m('income.total')}，其中：本年收入合计{m('income.current')}，"
                  f"使用非财政拨款结余（含专用结余）{m('income.nonfiscal_balance_used')}，"
                  f"年初结转和结余{m('income.carryover_begin')}。")
        self.para(f"{y}支出总计{m('expenditure.total')}，其中：本年支出合计{m('expenditure.current')}，"
                  f"结余分配{m('expenditure.surplus_distribution')}，年末结转和结余{m('expenditure.carryover_end')}。")
        lead = self.rng.choice(("收入支出总体与上年相比，", "与上年相比，收入支出总计", "收入支出总计较上年"))
        ch = self.chg("income.total", lead, also=("expenditure.total",))
        up = self.led.change("income.total").delta >= 0
        self.para(f"{ch}，主要原因是：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。")

    def _components(self, total_key: str, label: str, comps: list[tuple[str, str]]) -> None:
        parts = [f"{name}{self.money(key, name)}，占{self.share(key, total_key)}" for key, name in comps]
        self.para(f"{label}{self.money(total_key, label)}，其中：{'；'.join(parts)}。")

    def s_income(self) -> None:
        self._components("income.current", self.rng.choice(("本年收入", "本年收入合计")), [
            ("income.fiscal", "财政拨款收入"), ("income.superior_subsidy", "上级补助收入"),
            ("income.business", "事业收入"), ("income.operating", "经营收入"),
            ("income.affiliated", "附属单位上缴收入"), ("income.other", "其他收入")])

    def s_expenditure(self) -> None:
        self._components("expenditure.current", self.rng.choice(("本年支出", "本年支出合计")), [
            ("expenditure.basic", "基本支出"), ("expenditure.project", "项目支出"),
            ("expenditure.remit_superior", "上缴上级支出"), ("expenditure.operating", "经营支出"),
            ("expenditure.affiliated_subsidy", "对附属单位补助支出")])

    def s_fiscal(self) -> None:
        m = self.money
        self.para(f"{self.year(word='年度')}财政拨款收入总计{m('fiscal.income_total')}，其中：年初财政拨款结转和结余"
                  f"{m('fiscal.carryover_begin')}，本年财政拨款收入{m('fiscal.income_current')}。财政拨款支出总计"
                  f"{m('fiscal.expenditure_total')}，其中：年末财政拨款结转和结余{m('fiscal.carryover_end')}，"
                  f"本年财政拨款支出{m('fiscal.expenditure_current')}。")
        ch = self.chg("fiscal.income_total", "财政拨款收入支出总体与上年相比，", also=("fiscal.expenditure_total",))
        up = self.led.change("fiscal.income_total").delta >= 0
        budget = self.vs_budget("fiscal.income_total", "年初", also=("fiscal.expenditure_total",))
        self.para(f"{ch}，主要原因是：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。"
                  f"与年初预算相比，{budget}，主要原因是：{self.reason(data.REASONS_BUDGET)}。")

    def s_general(self) -> None:
        key = "general.expenditure"
        text = (f"{self.year(word='年度')}一般公共预算财政拨款支出{self.money(key)}，"
                f"占本年支出合计的{self.share(key, 'expenditure.current')}。")
        up = self.led.change(key).delta >= 0
        text += f"{self.chg(key)}，主要原因是：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。"
        text += f"与年初预算相比，{self.vs_budget(key, '年初')}，主要原因是：{self.reason(data.REASONS_BUDGET)}。"
        self.para(text)

    def s_structure(self) -> None:
        led = self.led
        base = led.v["general.expenditure"]
        one_line = self.rng.random() < 0.3
        pieces = []
        for n, (code, amount) in enumerate(led.classes(GP), 1):
            name = data.CODES[code]
            shown, value = self.rate(pct(amount, base) or ZERO)
            self.line_item(GP, "类", (name,), amount, share_pct=value)
            piece = f"{name}（类）{self.amount(amount)}，占{shown}"
            pieces.append(piece if one_line else f"{self.ordinal(n)}{piece}。")
        if one_line:
            self.para("；".join(pieces) + "。")
        else:
            for piece in pieces:
                self.para(piece)

    def _item_lines(self, fund: str) -> None:
        led = self.led
        for n, item in enumerate(led.fund_items(fund), 1):
            delta = item.change
            rate = pct(delta, item.prior) if item.prior else (HUNDRED if delta > 0 else ZERO)
            rtext, rvalue = self.rate(abs(rate))
            word, rword = ("增加", "增长") if delta >= 0 else ("减少", "下降")
            sign = -1 if delta < 0 else 1
            self.line_item(fund, "项", item.path, item.amount, change=delta, change_pct=sign * rvalue)
            reason = self.reason(data.REASONS_UP if delta >= 0 else data.REASONS_DOWN)
            self.para(f"{self.ordinal(n)}{self.item_path_text(item)}：支出决算数为{self.amount(item.amount)}，"
                      f"比上年决算{word}{self.amount(abs(delta))}，{rword}{rtext}，主要原因是：{reason}。")

    def s_detail(self) -> None:
        self._item_lines(GP)

    def s_basic(self) -> None:
        led = self.led
        pers = "、".join(n for _, n, a in led.personnel_econ if a)
        pubs = "、".join(n for _, n, a in led.public_econ if a)
        first = (f"{self.year(word='年度')}一般公共预算财政拨款基本支出{self.money('basic.total')}，其中：人员经费"
                 f"{self.money('basic.personnel')}，包括：{pers}。")
        second = f"公用经费{self.money('basic.public')}，包括：{pubs}。"
        if self.rng.random() < 0.5:
            self.para(first)
            self.para(second)
        else:
            self.para(first[:-1] + "；" + second)

    def _fund_block(self, prefix: str, fund: str, title: str, state: str) -> None:
        led = self.led
        if state == "none":
            self.para(f"本{'单位' if led.kind == '单位决算' else '部门'}本年度无{title}收入、支出及结转和结余，"
                      f"{title}收入支出决算表为空表。")
            return
        m = self.money
        self.para(f"{self.year(word='年度')}{title}收入总计{m(prefix + '.income_total')}，其中：年初结转和结余"
                  f"{m(prefix + '.carryover_begin', '年初结转和结余')}，本年收入{m(prefix + '.income_current', '本年收入')}。"
                  f"{title}支出总计{m(prefix + '.expenditure_total')}，其中：年末结转和结余"
                  f"{m(prefix + '.carryover_end', '年末结转和结余')}，本年支出{m(prefix + '.expenditure_current', '本年支出')}。")
        key = f"{prefix}.income_total"
        up = led.change(key).delta >= 0
        ch = self.chg(key, f"{title}收入支出总体与上年相比，", also=(f"{prefix}.expenditure_total",))
        budget = self.vs_budget(key, "年初", also=(f"{prefix}.expenditure_total",))
        self.para(f"{ch}，主要原因是：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。"
                  f"与年初预算相比，{budget}，主要原因是：{self.reason(data.REASONS_BUDGET)}。")
        self.para(f"{title}支出{m(prefix + '.expenditure_current', title + '支出')}。")
        self._item_lines(fund)

    def s_fund(self) -> None:
        self._fund_block("fund", GF, "政府性基金预算财政拨款", self.led.fund_state)

    def s_capital(self) -> None:
        self._fund_block("capital", SC, "国有资本经营预算财政拨款", self.led.capital_state)

    def s_sangong(self) -> None:
        led, m = self.led, self.money
        total = led.v["sangong.total"]
        up = led.change("sangong.total").delta >= 0
        text = (f"{self.year(word='年度')}财政拨款“三公”经费支出{m('sangong.total')}，{self.chg('sangong.total', '比上年')}，"
                f"主要原因是：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。其中：")
        parts = []
        for key, label in (("sangong.abroad", "因公出国（境）费"), ("sangong.vehicle", "公务用车购置及运行维护费"),
                           ("sangong.reception", "公务接待费")):
            amount = m(key, label)
            share = f"，占{self.share(key, 'sangong.total')}" if total else ""
            parts.append(f"{label}支出{amount}{share}，{self.chg(key, '比上年')}")
        self.para(text + "。".join(parts) + "。")
        self.para("具体情况如下：")
        groups, people = (self.count("sangong.abroad_groups", "个", "因公出国（境）团组"),
                          self.count("sangong.abroad_people", "人次", "因公出国（境）人次"))
        self.para(f"因公出国（境）费支出{m('sangong.abroad', '因公出国（境）费')}，开支内容包括本单位因公出国（境）相关费用。"
                  f"单位全年安排的因公出国（境）团组{groups}，因公出国（境）{people}。")
        self.para(f"公务用车购置及运行维护费{m('sangong.vehicle')}，其中：公务用车购置费{m('sangong.vehicle_purchase')}，"
                  f"公务用车运行维护费{m('sangong.vehicle_operation')}。公务用车运行维护费开支内容包括车辆加油费、维修费、保险费等。"
                  f"公务用车购置数{self.count('sangong.vehicle_purchased', '辆')}，"
                  f"公务用车保有量{self.count('sangong.vehicle_stock', '辆')}。国有资产占用情况中固定资产车辆"
                  f"{self.count('sangong.fixed_asset_vehicles', '辆')}，与公务用车保有量差异原因是：本单位固定资产车辆与公务用车保有量一致无差异。")
        batches = self.count("sangong.reception_batches", "批次", "国内公务接待批次")
        self.para(f"公务接待费{m('sangong.reception')}，开支内容包括本单位公务接待相关费用。单位全年安排的国内公务接待"
                  f"{batches}，{self.count('sangong.reception_people', '人次', '国内公务接待人次')}。")
        basis = "全年" if self.rng.random() < 0.7 else "年初"
        text = f"与{basis}预算相比，{self.vs_budget('sangong.total', basis, '财政拨款“三公”经费支出')}，主要原因是：{self.reason(data.REASONS_BUDGET)}。其中："
        parts = []
        for key, label in (("sangong.abroad", "因公出国（境）费"), ("sangong.vehicle_purchase", "公务用车购置费"),
                           ("sangong.vehicle_operation", "公务用车运行维护费"), ("sangong.reception", "公务接待费")):
            parts.append(f"{self.vs_budget(key, basis, label)}，主要原因是：{self.reason(data.REASONS_BUDGET)}")
        self.para(text + "。".join(parts) + "。")

    def s_operating(self) -> None:
        led = self.led
        if led.unit_type == "行政":
            key = "operating.costs"
            text = f"{self.year(word='年度')}{led.unit}机关运行经费支出{self.money(key, '机关运行经费')}"
        else:
            key = "operating.public"
            text = f"{self.year(word='年度')}{led.unit}（事业单位）公用经费支出{self.money(key, '公用经费')}"
        up = led.change(key).delta >= 0
        self.para(f"{text}，{self.chg(key, '比上年')}，主要原因是：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。")

    def s_procurement(self) -> None:
        led, m = self.led, self.money
        if not led.v["procurement.total"]:
            self.para(f"本{'单位' if led.kind == '单位决算' else '部门'}{self.year(word='年度')}无政府采购支出。")
            return
        self.para(f"{self.year(word='年度')}政府采购支出总额{m('procurement.total')}，其中：政府采购货物支出"
                  f"{m('procurement.goods')}、政府采购工程支出{m('procurement.works')}、政府采购服务支出"
                  f"{m('procurement.services')}。")
        self.para(f"授予中小企业合同金额{m('procurement.sme')}，占政府采购支出总额的{self.share('procurement.sme', 'procurement.total')}，"
                  f"其中：授予小微企业合同金额{m('procurement.small_micro')}，占政府采购支出总额的"
                  f"{self.share('procurement.small_micro', 'procurement.total')}。")

    def s_assets(self) -> None:
        led, sp = self.led, self.sp
        pieces = []
        for name, n in led.vehicles:
            self._fact("assets.vehicles_by_category", Decimal(n), "辆", str(n), name, None)
            pieces.append(f"{name}{sp}{n}{sp}辆")
        cats = "、".join(pieces)
        self.para(f"截至{sp}{led.year}{sp}年{sp}12{sp}月{sp}31{sp}日，房屋{self.count('assets.building_area', '平方米', '房屋')}，"
                  f"价值{self.money('assets.building_value', '房屋价值')}。车辆{self.count('assets.vehicles', '辆', '车辆')}，"
                  f"价值{self.money('assets.vehicle_value', '车辆价值')}，其中：{cats}，其他用车主要是：一般公务用车。"
                  f"单价{sp}100{sp}万元（含）以上设备（不含车辆）{self.count('assets.equipment_over_1m', '台（套）')}。")

    def s_performance(self) -> None:
        led = self.led
        self.para(f"根据预算绩效管理要求，本{'单位' if led.kind == '单位决算' else '部门'}预算绩效评价项目"
                  f"{self.count('performance.projects', '个', '预算绩效评价项目')}，全年预算数"
                  f"{self.money('performance.budget', '全年预算数')}，全年执行数{self.money('performance.executed', '全年执行数')}。"
                  f"预算绩效管理取得的成效：一是进一步梳理业务流程，完善工作机制；二是资金使用效益有所提升。"
                  f"发现的问题及原因：绩效目标设置还不够细化。下一步改进措施：加强绩效运行监控。具体附项目支出绩效自评表。")
        for card in led.scorecards:
            for line in tab_lines(card, led.year, self.rng):
                self.out(line, "grid")
            self.out("", "blank")
        self.record_scorecards()

    def s_other(self) -> None:
        self.para(f"本{'单位' if self.led.kind == '单位决算' else '部门'}无其他需说明的事项。")
