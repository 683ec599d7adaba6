"""Layout C (Yunnan 2024): 第一部分 部门概况 (主要职责, 基本情况, 重点工作概述) / 第二部分 2024年度部门决算表
(11 tables with Yunnan names, grids possibly in 元: ``金额单位：元``) / 第三部分 情况说明 / 第四部分 其他重要事项
及相关口径情况说明 (机关运行经费, 国有资产, 政府采购, 部门绩效自评, 相关口径) / 第五部分 名词解释."""

from __future__ import annotations

from .. import data
from ..ledger import GF, SC
from ..regional_grids import sangong_grid, total_grid
from ..scorecards import pipe_lines, tab_lines
from .regional import CN, Regional


class Yunnan(Regional):
    layout = "yunnan"

    def render(self) -> None:
        led, rng = self.led, self.rng
        org, y = self.org, self.y()
        tables = data.TABLES_YUNNAN
        if rng.random() < 0.3:  # the Mile variant lists four more
            tables = (*tables, "国有资产使用情况表", "部门整体支出绩效自评表", "项目支出绩效自评表")
        if rng.random() < 0.5:
            cover = [led.unit, f"{y}{led.kind}"]
        else:
            cover = [f"{led.unit}{y}{led.kind}"]
        for line in cover:
            self.out(line, "cover")
        self.truth.title = "".join(cover).replace(" ", "")

        parts = [f"第一部分 {org}概况", f"第二部分 {y}{org}决算表", f"第三部分 {y}{org}决算情况说明",
                 "第四部分 其他重要事项及相关口径情况说明", "第五部分 名词解释"]
        p3 = ["收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明", "财政拨款收入支出决算总体情况说明",
              "一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款基本支出决算情况说明",
              "财政拨款“三公”经费支出决算情况说明", "政府性基金预算财政拨款收入支出决算情况说明",
              "国有资本经营预算财政拨款收入支出决算情况说明"]
        p4 = ["机关运行经费支出情况说明", "国有资产占用情况说明", "政府采购支出情况说明", "部门绩效自评情况说明",
              "其他重要事项的情况说明", "相关口径说明"]
        if rng.random() < 0.6:
            self.out("目录", "toc")
            self.out(parts[0], "toc")
            for n, title in enumerate(("主要职责", "基本情况", "重点工作概述"), 1):
                self.out(f"{CN[n]}、{title}", "toc")
            self.out(parts[1], "toc")
            for n, name in enumerate(tables, 1):
                self.out(f"{CN[n]}、{name}", "toc")
            self.out(parts[2], "toc")
            for n, title in enumerate(p3, 1):
                self.out(f"{CN[n]}、{title}", "toc")
            self.out(parts[3], "toc")
            for n, title in enumerate(p4, 1):
                self.out(f"{CN[n]}、{title}", "toc")
            self.out(parts[4], "toc")

        # 第一部分 概况
        self.heading(parts[0])
        self.heading("一、主要职责")
        for n, text in enumerate(led.functions, 1):
            self.para(f"（{CN[n]}）{text}")
        self.heading("二、基本情况")
        c = self.count
        depts = "、".join(led.departments)
        self.para(f"{led.unit}内设{c('org.departments', '个', '内设机构')}处（科）室，分别是：{depts}。"
                  f"截至{self.y('年')}底，实有人数{c('staff.total', '人', '实有人数')}，其中：在职人员"
                  f"{c('staff.active', '人', '在职人员')}，离休人员{c('staff.retired_cadre', '人', '离休人员')}，"
                  f"退休人员{c('staff.retired', '人', '退休人员')}。")
        self.heading("三、重点工作概述")
        works = rng.sample(data.KEY_WORKS, k=3)
        self.para("；".join(f"{CN[n]}是{w}" for n, w in enumerate(works, 1)) + "。")

        # 第二部分 决算表 (元 or 万元)
        self.heading(parts[1])
        unit = "元" if rng.random() < 0.6 else "万元"
        if not led.fund_items(GF):
            self.empty_tables.add(tables[7])
        if not led.fund_items(SC):
            self.empty_tables.add(tables[8])
        statuses: dict[str, str] = {}
        grids = rng.random() < 0.7
        for n, name in enumerate(tables, 1):
            self.out(f"{CN[n]}、{name}", "toc")
            built = None
            if grids and n == 1:
                built = total_grid(led, rng, unit, row_numbers=rng.random() < 0.5)
            elif grids and n == 11:
                built = sangong_grid(led, rng, unit)
            self.grid(name, [f"编制单位：{led.unit}    金额单位：{unit}"], built, statuses)
        self.record_tables(tables, statuses)

        # 第三部分 情况说明
        self.heading(parts[2])
        for n, title in enumerate(p3, 1):
            self.heading(f"{CN[n]}、{title}")
            if n == 1:
                self.s_totals(rng.choice(("split", "plain")))
            elif n == 2:
                self.s_income(funds=False, every=False)
            elif n == 3:
                self.s_expenditure(every=False)
            elif n == 4:
                self.s_fiscal(rng.choice(("plain", "detail")))
            elif n == 5:
                self.s_general_parts("yoy")
            elif n == 6:
                self.s_basic()
            elif n == 7:
                self.sangong_parts()
            elif n == 8:
                self.s_fund(GF, tables[7], "table", "yoy")
            else:
                self.s_fund(SC, tables[8], "table", "yoy")

        # 第四部分 其他重要事项及相关口径情况说明
        self.heading(parts[3])
        for n, title in enumerate(p4, 1):
            self.heading(f"{CN[n]}、{title}")
            if n == 1:
                self.s_operating()
            elif n == 2:
                self.s_assets(house=True)
            elif n == 3:
                self.s_procurement()
            elif n == 4:
                self.performance()
            elif n == 5:
                self.para(f"本{org}无其他需要说明的重要事项。")
            else:
                self.para("本报告中“三公”经费支出口径为使用一般公共预算财政拨款安排的因公出国（境）费、"
                          "公务用车购置及运行维护费和公务接待费支出。")

        # 第五部分 名词解释
        self.heading(parts[4])
        self.glossary(rng.choice(("paren", "cn", "arabic")))

    def sangong_parts(self) -> None:
        """三公 with a 预算 and a 决算 for the total and each part (完成预算的X%)."""
        led, m, y = self.led, self.money, self.y()
        self.heading("（一）“三公”经费财政拨款支出决算总体情况说明")
        total = "sangong.total"
        parts = (("sangong.abroad", "因公出国（境）费"), ("sangong.vehicle", "公务用车购置及运行维护费"),
                 ("sangong.vehicle_purchase", "公务用车购置费"), ("sangong.vehicle_operation", "公务用车运行维护费"),
                 ("sangong.reception", "公务接待费"))
        if not led.v[total] and not led.budget[total]:
            self.para(f"本{self.org}{y}无“三公”经费财政拨款支出，“三公”经费财政拨款支出决算为{m(total)}。")
            return
        pieces = [self.completion(key, f"{label}支出", basis=None) for key, label in parts]
        text = f"{y}“三公”经费财政拨款支出{self.completion(total, basis=None)}。其中：{'；'.join(pieces)}。"
        self.para(text + f"{y}“三公”经费支出{self.budget_why(led.shown(total), led.budget[total])}")
        self.para(f"{self.chg(total, '“三公”经费财政拨款支出决算数')}。{self.why(total)}")
        self.heading("（二）“三公”经费财政拨款支出决算具体情况说明")
        c = self.count
        self.para(f"因公出国（境）团组{c('sangong.abroad_groups', '个', '因公出国（境）团组')}，"
                  f"{c('sangong.abroad_people', '人次', '因公出国（境）人次')}；"
                  f"公务用车购置数{c('sangong.vehicle_purchased', '辆')}，"
                  f"公务用车保有量{c('sangong.vehicle_stock', '辆')}；"
                  f"国内公务接待{c('sangong.reception_batches', '批次', '国内公务接待批次')}，"
                  f"{c('sangong.reception_people', '人次', '国内公务接待人次')}。")

    def performance(self) -> None:
        self.s_performance_summary()
        rng = self.rng
        if rng.random() < 0.5:
            self.whole_department()
        printer = rng.choice((tab_lines, pipe_lines))
        for card in self.led.scorecards:
            for line in printer(card, self.led.year, rng):
                self.out(line, "grid")
            self.out("", "blank")
        self.record_scorecards()

    def whole_department(self) -> None:
        """A 部门整体支出绩效自评表 (domain.md §5.3): not a project scorecard, states nothing measured."""
        led = self.led
        lines = [
            "部门整体支出绩效自评表",
            f"（{led.year}年度）",
            f"部门名称\t{led.unit}",
            f"部门总体目标\t{self.rng.choice(data.KEY_WORKS)}",
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
            "产出指标\t数量指标\t重点工作任务完成数\t>=5项\t6项\t30\t30\t",
            "效益指标\t社会效益指标\t服务群众满意度\t>=90%\t95%\t30\t30\t",
            "\t总分\t\t\t\t100\t100",
        ]
        for line in lines:
            self.out(line, "grid")
        self.out("", "blank")
