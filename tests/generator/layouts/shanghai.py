"""Layout B (Shanghai): 第一部分 概况 / 第二部分 决算表 as text grids / 第三部分 情况说明 一…十一 /
第四部分 名词解释. Sentences: 收入支出总计X, 年初预算为X，支出决算为Y，完成年初预算的Z%,
政府采购金额（以合同签订为准）…; no blank lines, optional PDF wrapping."""

from __future__ import annotations

from decimal import Decimal

from .. import data
from ..grids import tables as grid_tables
from ..ledger import GF, GP, SC, ZERO, pct
from ..render import Renderer
from ..scorecards import grid_lines

CN = data.CN_NUM


class Shanghai(Renderer):
    layout = "shanghai"
    spacing = "tight"

    # -- wording helpers -------------------------------------------------------------------
    def since(self) -> str:
        return f"与{self.year(self.led.year - 1, '年度')}相比，"

    def chg(self, key: str, subject: str, also: tuple[str, ...] = ()) -> str:
        """``与2023年度相比，<subject>增加X万元，增长Y%`` or ``…持平``."""
        ch = self.led.change(key)
        if ch.delta == 0:
            for k in (key, *self.same(key, also)):
                self.qual(k, direction="flat")
            return f"{self.since()}{subject}{self.rng.choice(('持平', '基本持平'))}"
        word, rword = ("增加", "增长") if ch.delta > 0 else ("减少", "下降")
        sign = -1 if ch.delta < 0 else 1
        if ch.pct is None:
            for k in (key, *self.same(key, also)):
                self.qual(k, change=ch.delta)
            return f"{self.since()}{subject}{word}{self.amount(abs(ch.delta))}"
        rtext, rvalue = self.rate(abs(ch.pct))
        for k in (key, *self.same(key, also)):
            self.qual(k, change=ch.delta, change_pct=sign * rvalue)
        return f"{self.since()}{subject}{word}{self.amount(abs(ch.delta))}，{rword}{rtext}"

    def completion(self, key: str, budget: Decimal, final_text: str, basis_word: str = "年初预算",
                   final_word: str = "支出决算为") -> str:
        """``年初预算为X万元，支出决算为Y万元，完成年初预算的Z%`` (no rate when the budget is 0)."""
        final = self.led.shown(key)
        text = f"年初预算为{self.amount(budget)}，{final_word}{final_text}"
        quals = {"budget": budget, "budget_basis": "年初", "final": final}
        if budget:
            rtext, rvalue = self.rate(pct(final, budget))
            text += f"，完成{basis_word}的{rtext}"
            quals["completion_pct"] = rvalue
        self.qual(key, **quals)
        return text

    def why(self, final: Decimal, budget: Decimal) -> str:
        if final == budget:
            return self.rng.choice(("决算数与预算数持平。", "决算数与预算数基本持平。"))
        word = "大于" if final > budget else "小于"
        return f"决算数{word}预算数的主要原因：{self.reason(data.REASONS_BUDGET)}。"

    # -- document ---------------------------------------------------------------------------
    def render(self) -> None:
        led, rng = self.led, self.rng
        y = led.year
        org = "部门" if led.kind == "部门决算" else "单位"
        self.out(led.unit, "cover")
        self.out(f"{y}年度{led.kind}", "cover")
        self.truth.title = f"{led.unit}{y}年度{led.kind}"
        named = rng.random() < 0.7  # part headings carry the unit name, as in the Putuo sample
        who = led.unit if named else ""
        parts = [f"第一部分{' ' if rng.random() < 0.5 else ''}{who}概况",
                 f"第二部分 {who}{y}年度{org}决算表",
                 f"第三部分 {who}{y}年度{org}决算情况说明",
                 "第四部分 名词解释"]
        p3 = ["收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明", "财政拨款收入支出决算总体情况说明",
              "一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款基本支出决算情况说明",
              "财政拨款“三公”经费支出决算情况说明", "政府性基金预算财政拨款收入支出决算情况说明",
              "国有资本经营预算财政拨款收入支出决算情况说明", "预算绩效管理情况", "其他重要事项的情况说明"]
        tables = grid_tables(led, rng, data.TABLES_SHANGHAI)

        self.out("目 录" if rng.random() < 0.6 else "目录", "toc")
        self.out(parts[0].replace(" ", ""), "toc")
        self.out("一、主要职能", "toc")
        self.out(f"二、{org}决算单位构成", "toc")
        self.out(parts[1].replace(" ", ""), "toc")
        for n, (name, *_rest) in enumerate(tables, 1):
            self.out(f"{CN[n]}、{name}", "toc")
        self.out(parts[2].replace(" ", ""), "toc")
        for n, title in enumerate(p3, 1):
            self.out(f"{CN[n]}、{title}", "toc")
        self.out(parts[3].replace(" ", ""), "toc")

        # 第一部分 概况
        self.heading(parts[0])
        self.heading("一、主要职能")
        form = rng.random()
        if form < 0.3:
            self.para(f"{led.unit}的主要职责是：")
            for n, text in enumerate(led.functions, 1):
                self.para(f"（{CN[n]}）{text}")
        elif form < 0.6:
            for n, text in enumerate(led.functions, 1):
                self.para(f"{n}.{text}")
        else:
            self.para(f"{led.unit}的主要职责是：" + "".join(led.functions))
        self.heading(f"二、{org}决算单位构成")
        self.para(f"从预算单位构成看，{led.unit}{org}决算包括：{led.unit}本级决算"
                  f"{'、下属行政事业单位决算' if led.subordinates else ''}。纳入{led.unit}{self.year(word='年度')}"
                  f"{org}决算编制范围的单位包括：")
        self.out("序号  单位名称  备注", "grid")
        self.out(f"1  {led.unit}（本级）", "grid")
        for n, name in enumerate(led.subordinates, 2):
            self.out(f"{n}  {name}  预算不单列，并入本级", "grid")
        if self.rng.random() < 0.5 or (led.broken or {}).get("rule") == "staff.total":
            people = [f"{label}{self.count(key, '人', label)}" for key, label in (
                ("staff.active", "在职人员"), ("staff.retired_cadre", "离休人员"), ("staff.retired", "退休人员"))]
            self.para(f"截至{self.year(word='年')}底，{led.unit}实有人数{self.count('staff.total', '人', '实有人数')}，"
                      f"其中：{'，'.join(people)}。")

        # 第二部分 决算表
        self.heading(parts[1])
        for name, lines, status, rows in tables:
            for line in lines:
                self.out(line, "grid")
            self.truth.tables.append({"name": name, "status": status, "unit": "万元",
                                      "rows": [{"cells": r} for r in rows]})

        # 第三部分 情况说明
        self.heading(parts[2])
        for n, (title, fn) in enumerate(zip(p3, (
                self.s_totals, self.s_income, self.s_expenditure, self.s_fiscal, self.s_general, self.s_basic,
                self.s_sangong, self.s_fund, self.s_capital, self.s_performance, self.s_other)), 1):
            self.heading(f"{CN[n]}、{title}")
            fn()

        # 第四部分 名词解释
        self.heading(parts[3])
        for n, (term, definition) in enumerate(led.glossary, 1):
            self.para(f"{CN[n]}、{term}：{definition}")
            self.glossary_entry(term, definition)

    # -- 情况说明 -------------------------------------------------------------------------------
    def s_totals(self) -> None:
        led = self.led
        text = f"{led.unit}{self.year(word='年度')}收入支出总计{self.money('income.total', '收入支出总计')}。"
        self._fact("expenditure.total", *self._same("income.total"), "收入支出总计", None)
        self._last["expenditure.total"]["value_wan"] = led.shown("income.total")
        text += f"{self.chg('income.total', '收入支出总计', also=('expenditure.total',))}。"
        text += f"主要原因：{self.reason(data.REASONS_UP if led.change('income.total').delta >= 0 else data.REASONS_DOWN)}。"
        self.para(text)

    def _same(self, key: str) -> tuple[Decimal, str, str]:
        fact = self._last[key]
        return fact["value"], fact["unit"], fact["printed"]

    def _components(self, total_key: str, label: str, comps: list[tuple[str, str]]) -> None:
        shown = [(k, n) for k, n in comps if self.led.v[k]]
        parts = [f"{name}{self.money(key, name)}，占{self.share(key, total_key)}" for key, name in shown]
        self.para(f"{label}{self.money(total_key, label)}，其中：{'；'.join(parts)}；")

    def s_income(self) -> None:
        self._components("income.current", "本年收入合计", [
            ("income.fiscal", "财政拨款收入"), ("income.superior_subsidy", "上级补助收入"),
            ("income.business", "事业收入"), ("income.operating", "经营收入"),
            ("income.affiliated", "附属单位上缴收入"), ("income.other", "其他收入")])

    def s_expenditure(self) -> None:
        self._components("expenditure.current", "本年支出合计", [
            ("expenditure.basic", "基本支出"), ("expenditure.project", "项目支出"),
            ("expenditure.remit_superior", "上缴上级支出"), ("expenditure.operating", "经营支出"),
            ("expenditure.affiliated_subsidy", "对附属单位补助支出")])

    def s_fiscal(self) -> None:
        led = self.led
        text = (f"{led.unit}{self.year(word='年度')}财政拨款收入支出总计"
                f"{self.money('fiscal.income_total', '财政拨款收入支出总计')}。")
        self._fact("fiscal.expenditure_total", *self._same("fiscal.income_total"), "财政拨款收入支出总计", None)
        self._last["fiscal.expenditure_total"]["value_wan"] = led.shown("fiscal.income_total")
        text += f"{self.chg('fiscal.income_total', '财政拨款收入支出总计', also=('fiscal.expenditure_total',))}。"
        up = led.change("fiscal.income_total").delta >= 0
        self.para(text + f"主要原因：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。")

    def s_general(self) -> None:
        led = self.led
        key = "general.expenditure"
        self.heading("（一）一般公共预算财政拨款支出决算总体情况")
        text = f"一般公共预算财政拨款支出{self.money(key)}，占本年支出合计的{self.share(key, 'expenditure.current')}。"
        up = led.change(key).delta >= 0
        text += (f"{self.chg(key, '一般公共预算财政拨款支出')}。"
                 f"主要原因：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。")
        self.para(text)
        self.heading("（二）一般公共预算财政拨款支出决算结构情况")
        base = led.v[key]
        pieces = []
        for code, amount in led.classes(GP):
            if not amount:
                continue
            name = data.CODES[code]
            rtext, rvalue = self.rate(pct(amount, base) or ZERO)
            self.line_item(GP, "类", (name,), amount, share_pct=rvalue)
            pieces.append(f"{name}（类）{self.amount(amount)}，占{rtext}")
        self.para(f"一般公共预算财政拨款支出{self.money(key)}，主要用于以下方面：{'；'.join(pieces)}；")
        self.heading("（三）一般公共预算财政拨款支出决算具体情况")
        budget = led.budget[key]
        final = self.money(key)
        text = f"一般公共预算财政拨款支出{self.completion(key, budget, final)}。"
        self.para(text + self.why(led.v[key], budget) + "其中：")
        sep = self.rng.choice(("、", ".", "．"))
        for n, item in enumerate((i for i in led.fund_items(GP) if i.amount), 1):
            self.line_item(GP, "项", item.path, item.amount, budget=item.budget)
            rate = ""
            if item.budget and self.rng.random() < 0.5:
                rate = f"，完成年初预算的{self.rate(pct(item.amount, item.budget))[0]}"
            self.para(f"{n}{sep}{self.item_path_text(item)}。主要用于：{self.reason(_PURPOSES)}。年初预算为"
                      f"{self.amount(item.budget)}，支出决算为{self.amount(item.amount)}{rate}。"
                      f"{self.why(item.amount, item.budget)}")

    def s_basic(self) -> None:
        led = self.led
        pers = "、".join(n for _, n, a in led.personnel_econ if a)
        pubs = "、".join(n for _, n, a in led.public_econ if a)
        self.para(f"一般公共预算财政拨款基本支出{self.money('basic.total')}。其中：人员经费"
                  f"{self.money('basic.personnel')}，主要包括：{pers}；公用经费{self.money('basic.public')}，"
                  f"主要包括：{pubs}。")

    def s_sangong(self) -> None:
        led, y = self.led, self.year(word="年度")
        parts = (("sangong.abroad", "因公出国（境）费"), ("sangong.vehicle", "公务用车购置及运行维护费"),
                 ("sangong.reception", "公务接待费"))
        self.heading("（一）“三公”经费财政拨款支出决算总体情况说明。")
        if not led.v["sangong.total"] and not led.budget["sangong.total"]:
            self.para(f"{led.unit}{y}无“三公”经费财政拨款支出。")
            self.heading("（二）“三公”经费财政拨款支出决算具体情况说明。")
            self.para(f"{led.unit}{y}无“三公”经费财政拨款支出。")
            return
        m = self.money
        text = f"“三公”经费财政拨款支出{self.completion('sangong.total', led.budget['sangong.total'], m('sangong.total'), '预算')}，其中："
        pieces = []
        for key, label in parts:
            pieces.append(f"{label}支出{self.completion(key, led.budget[key], m(key, label), '预算')}")
        text += "；".join(pieces) + "。"
        final, budget = led.v["sangong.total"], led.budget["sangong.total"]
        text += f"{y}“三公”经费支出{self.why(final, budget)}"
        self.para(text)
        pieces = [self.chg(key, f"{label}支出决算").split("相比，", 1)[1] for key, label in parts]
        self.para(f"{y}“三公”经费财政拨款支出决算数{self.chg('sangong.total', '').split('相比，', 1)[1]}。"
                  f"其中：{'；'.join(pieces)}。")
        self.heading("（二）“三公”经费财政拨款支出决算具体情况说明。")
        total = led.v["sangong.total"]
        pieces = []
        for key, label in (("sangong.abroad", "因公出国（境）费"), ("sangong.vehicle_purchase", "公务用车购置费"),
                           ("sangong.vehicle_operation", "公务用车运行维护费"), ("sangong.reception", "公务接待费")):
            amount = m(key, label)
            share = f"，占{self.share(key, 'sangong.total')}" if total else ""
            pieces.append(f"{label}支出决算{amount}{share}")
        sp = self.sp
        self.para(f"{y}“三公”经费财政拨款支出决算中，{'；'.join(pieces)}。具体情况如下：")
        self.para(f"因公出国（境）团组{self.count('sangong.abroad_groups', '个', '因公出国（境）团组')}，"
                  f"{self.count('sangong.abroad_people', '人次', '因公出国（境）人次')}；"
                  f"公务用车购置数{self.count('sangong.vehicle_purchased', '辆')}，"
                  f"公务用车保有量{self.count('sangong.vehicle_stock', '辆')}；"
                  f"国内公务接待{self.count('sangong.reception_batches', '批次', '国内公务接待批次')}，"
                  f"{self.count('sangong.reception_people', '人次', '国内公务接待人次')}{sp}。")

    def _fund(self, prefix: str, title: str, fund: str) -> None:
        led, y = self.led, self.year(word="年度")
        if not led.fund_items(fund):
            self.para(f"{led.unit}{y}无{title}收入和支出。")
            return
        m = self.money
        self.para(f"{led.unit}{y}{title}收入{m(prefix + '.income_current', title + '收入')}，"
                  f"年初结转和结余{m(prefix + '.carryover_begin', '年初结转和结余')}，"
                  f"{title}支出{m(prefix + '.expenditure_current', title + '支出')}，"
                  f"年末结转和结余{m(prefix + '.carryover_end', '年末结转和结余')}。")
        for item in led.fund_items(fund):
            if not item.amount:
                continue
            self.line_item(fund, "项", item.path, item.amount, budget=item.budget)
            self.para(f"{self.item_path_text(item)}：年初预算为{self.amount(item.budget)}，支出决算为"
                      f"{self.amount(item.amount)}。{self.why(item.amount, item.budget)}")

    def s_fund(self) -> None:
        self._fund("fund", "政府性基金预算财政拨款", GF)

    def s_capital(self) -> None:
        self._fund("capital", "国有资本经营预算财政拨款", SC)

    def s_performance(self) -> None:
        led, y = self.led, self.year(word="年度")
        n = len(led.scorecards)
        budget = self.amount(led.v["performance.budget"])
        self.para(f"{led.unit}{y}预算绩效管理工作开展情况如下：本部门制定了预算绩效管理实施办法，建立了预算绩效管理工作机制；"
                  f"实行全过程绩效管理：编报绩效目标的{self.year(word='年度')}项目{n}个，涉及预算金额{budget}；"
                  f"绩效自评的{self.year(word='年度')}项目{n}个，涉及预算金额{budget}。")
        if self.rng.random() < 0.5:
            for card in led.scorecards:
                for line in grid_lines(card, led.year, self.rng):
                    self.out(line, "grid")
            self.record_scorecards()

    def s_other(self) -> None:
        led, y, m = self.led, self.year(word="年度"), self.money
        self.heading("（一）机关运行经费支出情况")
        key = "operating.costs" if led.unit_type == "行政" else "operating.public"
        label = "机关运行经费支出" if key == "operating.costs" else "公用经费支出"
        up = led.change(key).delta >= 0
        self.para(f"{y}{led.unit}{'（事业单位）' if key == 'operating.public' else ''}{label}"
                  f"{m(key, label[:-2])}，{self._chg_short(key)}。"
                  f"主要原因是：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。")
        self.heading("（二）政府采购支出情况")
        if not led.v["procurement.total"]:
            self.para(f"{led.unit}{y}无政府采购支出。")
        else:
            self.para(f"{led.unit}{y}政府采购金额（以合同签订为准）为{m('procurement.total', '政府采购金额')}，其中："
                      f"货物采购金额{m('procurement.goods', '货物采购金额')}、工程采购金额{m('procurement.works', '工程采购金额')}、"
                      f"服务采购金额{m('procurement.services', '服务采购金额')}。")
            if self.rng.random() < 0.5:
                self.para(f"授予中小企业合同金额{m('procurement.sme')}，占政府采购支出总额的"
                          f"{self.share('procurement.sme', 'procurement.total')}，其中：授予小微企业合同金额"
                          f"{m('procurement.small_micro')}，占政府采购支出总额的"
                          f"{self.share('procurement.small_micro', 'procurement.total')}。")
            else:
                self.para(f"{y}本部门面向中小企业预留政府采购项目预算金额{m('procurement.sme_reserved')}，"
                          f"面向小微企业预留政府采购项目预算金额{m('procurement.small_micro_reserved')}。")
        self.heading("（三）国有资产占有使用情况说明")
        sp = self.sp
        pieces = []
        for name, n in led.vehicles:
            self._fact("assets.vehicles_by_category", Decimal(n), "辆", str(n), name, None)
            pieces.append(f"{name}{sp}{n}{sp}辆")
        house = ""
        if led.v["assets.building_area"] and self.rng.random() < 0.5:
            house = (f"房屋{self.count('assets.building_area', '平方米', '房屋')}，"
                     f"价值{m('assets.building_value', '房屋价值')}；")
        self.para(f"截至{self.year(word='年')}12月31日，{led.unit}共有{house}车辆"
                  f"{self.count('assets.vehicles', '辆', '车辆')}，其中：{'、'.join(pieces)}。单价100万元（含）以上设备"
                  f"（不含车辆）{self.count('assets.equipment_over_1m', '台（套）')}。")

    def _chg_short(self, key: str) -> str:
        """``比2023年度增加X万元，增长Y%`` (the 机关运行经费 sentence)."""
        text = self.chg(key, "")
        rest = text.split("相比，", 1)[1]
        return f"比{self.year(self.led.year - 1, '年度')}{rest}" if not rest.startswith(("持平", "基本持平")) else f"与{self.year(self.led.year - 1, '年度')}{rest}"


_PURPOSES = ("本单位人员经费及公用经费等基本支出", "相关业务工作开展", "信息化系统日常运行维护",
             "在职人员社会保险缴费", "退休人员经费支出", "{project}项目")
