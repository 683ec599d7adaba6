"""Layout D (Sichuan 单位决算): 第一部分 单位概况 / 第二部分 2024年度单位决算情况说明 一…十 (七 三公,
八 政府性基金, 九 国资, 十 其他重要事项) / 第三部分 名词解释 / 第四部分 附件 (部门预算项目支出绩效自评表) /
第五部分 附表 (13 tables). ``收、支总计均为X`` / ``各是X，Y``, ``完成预算X%`` without 的, zeros as ``0万元``,
a 目录 with Word fields (``PAGEREF _Toc…``), a publication date and table names missing their first character."""

from __future__ import annotations

from .. import data
from ..ledger import GF, SC
from ..scorecards import sichuan_lines
from .regional import CN, Regional


class Sichuan(Regional):
    layout = "sichuan"

    def render(self) -> None:
        led, rng = self.led, self.rng
        org, y = self.org, self.y()
        form = rng.randrange(3)
        if form == 0:
            cover = [led.unit, f"{y}{led.kind}"]
        elif form == 1:
            cover = [f"{y}{led.unit}{led.kind}"]
        else:
            cover = [f"{led.unit}{y}{led.kind}"]
        for line in cover:
            self.out(line, "cover")
        self.truth.title = "".join(cover).replace(" ", "")

        gap = " " if rng.random() < 0.5 else ""
        parts = [f"第一部分{gap}{org}概况", f"第二部分{gap}{led.year}年度{org}决算情况说明", f"第三部分{gap}名词解释",
                 f"第四部分{gap}附件", f"第五部分{gap}附表"]
        p2 = ["收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明", "财政拨款收入支出决算总体情况说明",
              "一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款基本支出决算情况说明",
              "财政拨款“三公”经费支出决算情况说明", "政府性基金预算支出决算情况说明",
              "国有资本经营预算支出决算情况说明", "其他重要事项的情况说明"]
        tables = data.TABLES_SICHUAN
        if rng.random() < 0.3:  # the 2021 list adds a 14th table
            tables = (*tables, "政府性基金预算财政拨款“三公”经费支出决算表")
        fields = rng.random() < 0.4  # Word TOC fields left in the text

        def toc(text: str) -> None:
            tail = f" PAGEREF _Toc{rng.randint(1000, 32000)} h {rng.randint(2, 30)}" if fields else ""
            self.out(f"{text}{tail}", "toc")

        self.out("目录", "toc")
        if rng.random() < 0.5:
            self.out(f"公开时间：{led.year + 1}年{rng.randint(8, 10)}月{rng.randint(10, 30)}日", "toc")
        toc(parts[0])
        toc("一、主要职责")
        toc("二、机构设置")
        toc(parts[1])
        for n, title in enumerate(p2, 1):
            toc(f"{CN[n]}、{title}")
        for part in parts[2:]:
            toc(part)
        dropped = rng.random() < 0.3  # "三、出决算表": the converter lost a first character
        for n, name in enumerate(tables, 1):
            shown = name[1:] if dropped and n % 3 == 0 else name
            toc(f"{CN[n]}、{shown}")

        # 第一部分 单位概况
        self.heading(parts[0])
        self.heading("一、主要职责")
        self.para(f"{led.unit}的主要职责是：" + "".join(led.functions))
        self.heading("二、机构设置")
        depts = "、".join(led.departments)
        self.para(f"{led.unit}下设{self.count('org.departments', '个', '科室')}科室，分别是：{depts}。")
        if rng.random() < 0.6 or (led.broken or {}).get("rule") == "staff.total":
            c = self.count
            self.para(f"人员概况：{self.y('年')}末实有人数{c('staff.total', '人', '实有人数')}，其中：在职人员"
                      f"{c('staff.active', '人', '在职人员')}，离休人员{c('staff.retired_cadre', '人', '离休人员')}，"
                      f"退休人员{c('staff.retired', '人', '退休人员')}。")

        # 第二部分 情况说明
        self.heading(parts[1])
        for n, title in enumerate(p2, 1):
            self.heading(f"{CN[n]}、{title}")
            if n == 1:
                self.s_totals(rng.choice(("equal", "equal", "pair")))
                if rng.random() < 0.4:
                    self.para("（图1：收、支决算总计变动情况图）")
            elif n == 2:
                # the share.pct break perturbs the share of 财政拨款收入: print it whole then
                self.s_income(funds=(led.broken or {}).get("rule") != "share.pct", every=True)
            elif n == 3:
                self.s_expenditure(every=True)
            elif n == 4:
                self.s_fiscal("plain")
            elif n == 5:
                self.s_general_parts("bare")
            elif n == 6:
                self.s_basic()
            elif n == 7:
                self.s_sangong("bare", groups_unit=rng.choice(("次", "个")))
            elif n == 8:
                self.s_fund(GF, "政府性基金预算财政拨款收入支出决算表", "table", "bare")
            elif n == 9:
                self.s_fund(SC, "国有资本经营预算财政拨款支出决算表", "table", "bare")
            else:
                # the sub-headings on their own lines, or leading their first paragraph
                sub = self.heading if rng.random() < 0.5 else self.lead_in
                sub("（一）机关运行经费支出情况")
                self.s_operating()
                sub("（二）政府采购支出情况")
                self.s_procurement()
                sub("（三）国有资产占有使用情况")
                self.s_assets(house=rng.random() < 0.5)
                sub("（四）预算绩效管理情况")
                self.s_performance_summary()

        # 第三部分 名词解释
        self.heading(parts[2])
        self.glossary(rng.choice(("arabic", "arabic_dun", "paren")))

        # 第四部分 附件: the 部门预算项目支出绩效自评表
        self.heading(parts[3])
        for k, card in enumerate(led.scorecards, 1):
            if len(led.scorecards) > 1:
                self.out(f"附件{k}", "para")
            lines, indicators = sichuan_lines(card, led.year, rng, self.sichuan_code())
            for line in lines:
                self.out(line, "grid")
            self.out("", "blank")
            self.truth.indicators += indicators
            self.truth.scorecards.append({
                "project": indicators[0]["project"] if indicators else card.project, "department": card.department,
                "implementer": card.implementer, "funds": [vars(f).copy() for f in card.funds],
                "total_weight": card.total_weight, "total_score": card.total_score,
            })

        # 第五部分 附表
        self.heading(parts[4])
        self.list_tables(tables, "cn")
