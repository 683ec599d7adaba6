"""Layout G (Chongqing): no 第X部分; title "XX2024年度决算公开说明"; 一、基本情况 （一）职能职责 … /
二、…决算收支情况说明 with 1./2. items; code-prefixed items (``2010350 事业运行``, ``（2010350）``);
较上年增加, 与2023年度相比, 降低, 持平, ``增长--(基数为0,不可比)``; ``|`` scorecards (HTML text)."""

from __future__ import annotations

from decimal import Decimal

from .. import data
from ..ledger import GF, GP, SC, ZERO, Item, pct
from ..render import Renderer
from ..scorecards import pipe_lines

CN = data.CN_NUM
NOT_COMPARABLE = ("--(基数为0,不可比)", "--（基数为0，不可比）", "--(基数为0，不可比)")


class Chongqing(Renderer):
    layout = "chongqing"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.spacing = "loose" if self.rng.random() < 0.5 else "tight"
        self.lead = self.rng.choice(("较上年", "比上年", "与{prev}年度相比，"))
        self.down_word = self.rng.choice(("下降", "降低"))
        self.nc = self.rng.choice(NOT_COMPARABLE)
        self.item_form = self.rng.choice(("full_code", "short_code", "full"))

    # -- wording helpers -------------------------------------------------------------------
    def lead_text(self) -> str:
        return self.lead.format(prev=self.year(self.led.year - 1, ""))

    def phrase(self, delta: Decimal, prior: Decimal, rate: Decimal | None) -> tuple[str, dict]:
        """(text, qualifiers) for a change: 增加/减少, 增长/降低, 持平, 不可比."""
        if delta == 0:
            return "与上年持平" if not self.lead.startswith("与") else "持平", {"direction": "flat"}
        word = "增加" if delta > 0 else "减少"
        text = f"{word}{self.amount(abs(delta))}"
        if prior == 0:
            return f"{text}，增长{self.nc}", {"change": delta, "change_text": self.nc}
        rtext, rvalue = self.rate(abs(rate))
        rword = "增长" if delta > 0 else self.down_word
        return f"{text}，{rword}{rtext}", {"change": delta, "change_pct": rvalue if delta > 0 else -rvalue}

    def chg(self, key: str, also: tuple[str, ...] = ()) -> str:
        ch = self.led.change(key)
        text, quals = self.phrase(ch.delta, ch.prior, ch.pct)
        for k in (key, *self.same(key, also)):
            self.qual(k, **quals)
        if quals.get("direction") == "flat":
            return text if text.startswith("与") else f"{self.lead_text().rstrip('，')}{text}"
        return f"{self.lead_text()}{text}"

    def org(self) -> str:
        return "单位" if self.led.kind == "单位决算" else "部门"

    # -- document ---------------------------------------------------------------------------
    def render(self) -> None:
        led, rng = self.led, self.rng
        y = self.year(word="年度")
        form = rng.randrange(3)
        if form == 0:
            title = f"{led.unit}{y}决算公开说明"
        elif form == 1:
            title = f"{led.unit}{y}{led.kind}情况说明"
        else:
            title = f"{led.unit}{y}{led.kind}公开说明"
        self.out(title, "cover")
        self.truth.title = title.replace(" ", "")
        sub = rng.choice(("（{}）", "({})"))

        self.heading(f"一、{rng.choice(('基本情况', self.org() + '基本情况', self.org() + '概况'))}")
        self.heading(f"{sub.format('一')}职能职责")
        if rng.random() < 0.5:
            for n, text in enumerate(led.functions, 1):
                self.para(f"{n}.{text}")
        else:
            self.para("主要职能职责是：" + "".join(led.functions))
        self.heading(f"{sub.format('二')}机构设置")
        depts = "、".join(led.departments)
        depts_n = self.count("org.departments", "个", "内设科室")
        subs = (f"下属单位{self.count('org.subordinates', '个', '下属单位')}：{'、'.join(led.subordinates)}。"
                if led.subordinates else f"本{self.org()}无下属单位。")
        self.para(f"{led.unit}内设{depts_n}科室，分别是：{depts}。{subs}")
        self.heading(f"{sub.format('三')}人员情况")
        self.staffing()

        self.heading(f"二、{led.kind}收支情况说明")
        self.heading(f"{sub.format('一')}收入支出决算总体情况说明")
        self.s_totals()
        self.heading(f"{sub.format('二')}财政拨款收入支出决算总体情况说明")
        self.s_fiscal()
        self.heading(f"{sub.format('三')}一般公共预算财政拨款支出决算情况说明")
        self.s_general()
        self.heading(f"{sub.format('四')}一般公共预算财政拨款基本支出决算情况说明")
        self.s_basic()
        self.heading(f"{sub.format('五')}政府性基金预算财政拨款收入支出决算情况说明")
        self.s_fund("fund", GF, "政府性基金预算财政拨款", "政府性基金预算财政拨款收入支出决算表")
        self.heading(f"{sub.format('六')}国有资本经营预算财政拨款支出决算情况说明")
        self.s_fund("capital", SC, "国有资本经营预算财政拨款", "国有资本经营预算财政拨款支出决算表")
        self.heading(f"{sub.format('七')}“三公”经费支出决算情况说明")
        self.s_sangong()

        self.heading("三、其他需要说明的事项")
        self.heading(f"{sub.format('一')}机关运行经费情况")
        self.s_operating()
        self.heading(f"{sub.format('二')}政府采购情况")
        self.s_procurement()
        self.heading(f"{sub.format('三')}国有资产占用情况")
        self.s_assets()
        self.heading(f"{sub.format('四')}预算绩效管理情况")
        self.s_performance()

        self.heading("四、专业名词解释")
        numbering = rng.choice(("arabic", "paren", "cn_paren"))
        for n, (term, definition) in enumerate(led.glossary, 1):
            num = {"arabic": f"{n}.", "paren": f"（{n}）", "cn_paren": sub.format(CN[n])}[numbering]
            self.para(f"{num}{term}：{definition}")
            self.glossary_entry(term, definition)

        self.heading("五、决算公开联系人和联系方式")
        phone = f"023-{rng.randint(40000000, 89999999)}"
        self.para(f"联系人：{rng.choice('张王李赵刘陈杨黄')}老师；联系电话：{phone}。")

        self.heading(f"六、{rng.choice(('附件', '附表'))}")
        empty = set(self._empty_tables)
        for n, name in enumerate(data.TABLES_CHONGQING, 1):
            self.para(f"{n}.{name}")
            self.truth.tables.append({"name": name, "status": "empty" if name in empty else "listed"})

    _empty_tables: list[str] = []

    # -- sections ---------------------------------------------------------------------------------
    def staffing(self) -> None:
        led = self.led
        parts = []
        for key, label in (("staff.active", "在职人员"), ("staff.retired_cadre", "离休人员"), ("staff.retired", "退休人员")):
            printed = self.count(key, "人", label)
            delta = led.v[key] - led.prior[key]
            self.qual(key, change=delta)
            word = "增加" if delta >= 0 else "减少"
            parts.append(f"{label}{printed}（较上年{word}{abs(int(delta))}人）")
        head = f"截至{self.year(word='年')}底，本{self.org()}"
        if self.rng.random() < 0.5:
            head += f"编制{self.count('staff.establishment', '人', '编制')}，"
        self.para(f"{head}实有人数{self.count('staff.total', '人', '实有人数')}，其中：{'，'.join(parts)}。")

    def s_totals(self) -> None:
        led, m, y = self.led, self.money, self.year(word="年度")
        self.heading("1.收入支出总体情况")
        rule = (led.broken or {}).get("rule", "")
        form = self.rng.randrange(3) if not rule.startswith("totals.") else 2
        if form == 0:
            text = f"{y}收、支总计均为{m('income.total', '收、支总计')}"
            first = self._last["income.total"]
            self._fact("expenditure.total", first["value"], first["unit"], first["printed"], "收、支总计",
                       first.get("value_wan"))
            ch = self.chg("income.total", also=("expenditure.total",))
            text += f"，{ch.replace('增加', '收、支总计各增加', 1).replace('减少', '收、支总计各减少', 1)}。"
        elif form == 1:
            text = (f"{y}收入总计{m('income.total')}，支出总计{m('expenditure.total')}，"
                    f"{self.chg('income.total', also=('expenditure.total',))}。")
        else:
            text = (f"{y}收入总计{m('income.total')}，包括本年收入合计{m('income.current')}，使用非财政拨款结余"
                    f"{m('income.nonfiscal_balance_used')}，年初结转和结余{m('income.carryover_begin')}；支出总计"
                    f"{m('expenditure.total')}，包括本年支出合计{m('expenditure.current')}，结余分配"
                    f"{m('expenditure.surplus_distribution')}，年末结转和结余{m('expenditure.carryover_end')}。"
                    f"收入总计{self.chg('income.total')}，支出总计{self.chg('expenditure.total')}。")
        up = led.change("income.total").delta >= 0
        self.para(text + f"主要原因是：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。")
        self.heading("2.收入情况")
        self._components("income.current", "本年收入合计", [
            ("income.fiscal", "财政拨款收入"), ("income.superior_subsidy", "上级补助收入"),
            ("income.business", "事业收入"), ("income.operating", "经营收入"),
            ("income.affiliated", "附属单位上缴收入"), ("income.other", "其他收入")])
        self.heading("3.支出情况")
        self._components("expenditure.current", "本年支出合计", [
            ("expenditure.basic", "基本支出"), ("expenditure.project", "项目支出"),
            ("expenditure.remit_superior", "上缴上级支出"), ("expenditure.operating", "经营支出"),
            ("expenditure.affiliated_subsidy", "对附属单位补助支出")])

    def _components(self, total_key: str, label: str, comps: list[tuple[str, str]]) -> None:
        every = self.rng.random() < 0.5
        shown = [(k, n) for k, n in comps if every or self.led.v[k]]
        parts = [f"{name}{self.money(key, name)}，占{self.share(key, total_key)}" for key, name in shown]
        self.para(f"{self.year(word='年度')}{label}{self.money(total_key, label)}。其中：{'；'.join(parts)}。")

    def s_fiscal(self) -> None:
        led, m = self.led, self.money
        text = (f"{self.year(word='年度')}财政拨款收入总计{m('fiscal.income_total')}，支出总计"
                f"{m('fiscal.expenditure_total', '财政拨款支出总计')}，{self.chg('fiscal.income_total', also=('fiscal.expenditure_total',))}。"
                f"其中：本年财政拨款收入{m('fiscal.income_current')}，年初财政拨款结转和结余{m('fiscal.carryover_begin')}；"
                f"本年财政拨款支出{m('fiscal.expenditure_current')}，年末财政拨款结转和结余{m('fiscal.carryover_end')}。")
        up = led.change("fiscal.income_total").delta >= 0
        self.para(text + f"主要原因是：{self.reason(data.REASONS_UP if up else data.REASONS_DOWN)}。")

    def s_general(self) -> None:
        led, key = self.led, "general.expenditure"
        self.heading("1.总体情况")
        text = (f"{self.year(word='年度')}一般公共预算财政拨款支出{self.money(key)}，占本年支出合计的"
                f"{self.share(key, 'expenditure.current')}，{self.chg(key)}。")
        budget = led.budget[key]
        if self.rng.random() < 0.5:
            rtext, rvalue = self.rate(led.diff_pct(key))
            self.qual(key, budget=budget, budget_basis="年初", final=led.shown(key), diff_pct=rvalue)
            text += (f"与年初预算相比，年初预算数{self.amount(budget)}，决算数{self.amount(led.shown(key))}，"
                     f"预决算差异率{rtext}。")
        elif budget:
            rtext, rvalue = self.rate(pct(led.shown(key), budget))
            self.qual(key, budget=budget, budget_basis="年初", final=led.shown(key), completion_pct=rvalue)
            text += f"年初预算为{self.amount(budget)}，决算数为{self.amount(led.shown(key))}，完成年初预算的{rtext}。"
        # Most files say why 决算 differs from 预算, some do not (the checks' budget.reason
        # warns then). Chosen by the amount, not the random stream, so the rest is unchanged.
        cents = int(budget * 100)
        if budget and budget != led.shown(key) and cents % 3:
            reason = data.REASONS_BUDGET[cents % 3].format(project=data.PROJECTS[cents % len(data.PROJECTS)])
            text += f"主要原因是：{reason}。"
        self.para(text)
        self.heading("2.结构情况")
        base = led.v[key]
        pieces = []
        coded = self.rng.random() < 0.5
        for code, amount in led.classes(GP):
            name = data.CODES[code]
            rtext, rvalue = self.rate(pct(amount, base) or ZERO)
            self.line_item(GP, "类", (name,), amount, code=code if coded else None, share_pct=rvalue)
            label = f"{code} {name}" if coded else f"{name}（类）"
            pieces.append(f"{label}{self.amount(amount)}，占{rtext}")
        self.para(f"{self.year(word='年度')}一般公共预算财政拨款支出{self.amount(base)}，主要用于：{'；'.join(pieces)}。")
        self.heading("3.具体情况")
        for n, item in enumerate(led.fund_items(GP), 1):
            self.item_para(n, item)

    def item_para(self, n: int, item: Item) -> None:
        rate = pct(item.change, item.prior) if item.prior else None
        text, quals = self.phrase(item.change, item.prior, rate)
        if quals.get("direction") == "flat":
            quals = {"change": ZERO}
        form = self.item_form
        code = item.code
        if form == "short_code":
            head = f"（{n}）{code} {item.path[-1]}"
        elif form == "full_code":
            head = f"（{n}）{self.item_path_text(item)}（{code}）"
        else:
            head = f"（{n}）{self.item_path_text(item)}"
            code = None
        self.line_item(item.fund, "项", item.path, item.amount, code=code, **quals)
        lead = "" if text.startswith("与") else self.lead_text()
        reason = self.reason(data.REASONS_UP if item.change >= 0 else data.REASONS_DOWN)
        self.para(f"{head}：{self.year(word='年度')}决算数为{self.amount(item.amount)}，{lead}{text}，主要原因是：{reason}。")

    def s_basic(self) -> None:
        led = self.led
        pers = "、".join(n for _, n, a in led.personnel_econ if a)
        pubs = "、".join(n for _, n, a in led.public_econ if a)
        self.para(f"{self.year(word='年度')}一般公共预算财政拨款基本支出{self.money('basic.total')}，其中：人员经费"
                  f"{self.money('basic.personnel')}，主要包括{pers}；公用经费{self.money('basic.public')}，主要包括{pubs}。")

    def s_fund(self, prefix: str, fund: str, title: str, table: str) -> None:
        led = self.led
        items = led.fund_items(fund)
        if not items:
            self.para(f"本{self.org()}{self.year(word='年度')}无{title}收支，故《{table}》为空表。")
            self._empty_tables = [*self._empty_tables, table]
            return
        m = self.money
        text = (f"{self.year(word='年度')}{title}收入{m(prefix + '.income_current', title + '收入')}，"
                f"支出{m(prefix + '.expenditure_current', title + '支出')}，"
                f"年末结转和结余{m(prefix + '.carryover_end', '年末结转和结余')}。")
        self.para(text)
        for n, item in enumerate(items, 1):
            self.item_para(n, item)

    def s_sangong(self) -> None:
        led, m = self.led, self.money
        y = self.year(word="年度")
        if not led.v["sangong.total"] and not led.prior["sangong.total"]:
            self.para(f"本{self.org()}{y}无“三公”经费财政拨款支出，“三公”经费财政拨款支出决算为{m('sangong.total')}。")
            return
        budget = led.budget["sangong.total"]
        text = f"1.“三公”经费财政拨款支出决算总体情况说明：{y}“三公”经费财政拨款支出预算为{self.amount(budget)}，" \
               f"支出决算为{m('sangong.total')}"
        quals = {"budget": budget, "final": led.shown("sangong.total")}
        if budget:
            rtext, quals["completion_pct"] = self.rate(pct(led.shown("sangong.total"), budget))
            text += f"，完成预算的{rtext}"
        self.qual("sangong.total", **quals)
        self.para(f"{text}，{self.chg('sangong.total')}。主要原因是：{self.reason(data.REASONS_DOWN)}。")
        total = led.v["sangong.total"]
        pieces = []
        for key, label in (("sangong.abroad", "因公出国（境）费"), ("sangong.vehicle", "公务用车购置及运行维护费"),
                           ("sangong.reception", "公务接待费")):
            amount = m(key, label)
            share = f"，占{self.share(key, 'sangong.total')}" if total else ""
            piece = f"{label}{amount}{share}，{self.chg(key)}"
            if key == "sangong.vehicle":
                piece += (f"，其中：公务用车购置费{m('sangong.vehicle_purchase')}，"
                          f"公务用车运行维护费{m('sangong.vehicle_operation')}")
            pieces.append(piece)
        self.para(f"2.“三公”经费财政拨款支出决算具体情况说明：{'；'.join(pieces)}。")
        c = self.count
        self.para(f"{y}因公出国（境）团组{c('sangong.abroad_groups', '个', '因公出国（境）团组')}、"
                  f"{c('sangong.abroad_people', '人次', '因公出国（境）人次')}；公务用车购置"
                  f"{c('sangong.vehicle_purchased', '辆', '公务用车购置数')}，年末公务用车保有量"
                  f"{c('sangong.vehicle_stock', '辆', '公务用车保有量')}；国内公务接待"
                  f"{c('sangong.reception_batches', '批次', '国内公务接待批次')}、"
                  f"{c('sangong.reception_people', '人次', '国内公务接待人次')}。")

    def s_operating(self) -> None:
        led = self.led
        if led.unit_type == "行政":
            key, text = "operating.costs", f"本{self.org()}{self.year(word='年度')}机关运行经费支出{self.money('operating.costs')}"
        else:
            key, text = "operating.public", (f"本{self.org()}为事业单位，{self.year(word='年度')}公用经费支出"
                                             f"{self.money('operating.public', '公用经费')}")
        self.para(f"{text}，{self.chg(key)}。主要原因是：{self.reason(data.REASONS_UP if led.change(key).delta >= 0 else data.REASONS_DOWN)}。")

    def s_procurement(self) -> None:
        led, m = self.led, self.money
        if not led.v["procurement.total"]:
            self.para(f"本{self.org()}{self.year(word='年度')}未发生政府采购支出。")
            return
        self.para(f"{self.year(word='年度')}本{self.org()}政府采购支出总额{m('procurement.total')}，其中：政府采购货物支出"
                  f"{m('procurement.goods')}、政府采购工程支出{m('procurement.works')}、政府采购服务支出"
                  f"{m('procurement.services')}。授予中小企业合同金额{m('procurement.sme')}，占政府采购支出总额的"
                  f"{self.share('procurement.sme', 'procurement.total')}，其中：授予小微企业合同金额"
                  f"{m('procurement.small_micro')}，占政府采购支出总额的{self.share('procurement.small_micro', 'procurement.total')}。")

    def s_assets(self) -> None:
        led = self.led
        pieces = []
        for name, n in led.vehicles:
            if n or self.rng.random() < 0.5:
                self._fact("assets.vehicles_by_category", Decimal(n), "辆", str(n), name, None)
                pieces.append(f"{name}{n}辆")
        cats = f"，其中：{'、'.join(pieces)}" if pieces else ""
        self.para(f"截至{self.year(word='年')}12月31日，本{self.org()}共有车辆{self.count('assets.vehicles', '辆', '车辆')}"
                  f"{cats}；单价100万元（含）以上设备（不含车辆）{self.count('assets.equipment_over_1m', '台（套）')}。")

    def s_performance(self) -> None:
        led = self.led
        self.para(f"本{self.org()}{self.year(word='年度')}预算绩效评价项目{self.count('performance.projects', '个', '预算绩效评价项目')}，"
                  f"全年预算数{self.money('performance.budget', '全年预算数')}，全年执行数"
                  f"{self.money('performance.executed', '全年执行数')}。项目支出绩效自评表如下：")
        for card in led.scorecards:
            for line in pipe_lines(card, led.year, self.rng):
                self.out(line, "grid")
        self.record_scorecards()
