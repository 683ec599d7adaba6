"""Layouts F (Hunan) and E (Hubei): 第一部分 概况 / 第二部分 部门决算表 (9 tables, ``公开01表`` with a
行次 column and a 栏次 row) / 第三部分 情况说明 一…十三 (Hunan: 十 一般性支出情况说明) or 一…十四 (Hubei:
十 机关运行经费, 十四 专项支出) / (Hubei) 第四部分 其他需要说明的情况 / 名词解释 / 附件.
``较上年增加/减少``, ``降低``, ``持平``, ``完成年初预算的X%``, ``决算数大于/小于预算数的主要原因``."""

from __future__ import annotations

import re
from decimal import Decimal

from .. import data
from ..ledger import GF, SC, ZERO, q
from ..regional_grids import sangong_grid, total_grid
from ..scorecards import grid_lines, pipe_lines, tab_lines
from .regional import CN, Regional


class Hunan(Regional):
    layout = "hunan"
    hubei = False

    def render(self) -> None:
        led, rng = self.led, self.rng
        org, y = self.org, self.y()
        tables = data.TABLES_HUBEI if self.hubei else data.TABLES_HUNAN
        form = rng.randrange(3)
        if form == 0:
            cover = [led.unit, f"{y}{led.kind}"]
        elif form == 1:
            cover = [f"{y}{led.unit}{led.kind}公开说明"]
        else:
            cover = [f"{led.unit}{y}{led.kind}公开"]
        for line in cover:
            self.out(line, "cover")
        self.truth.title = "".join(cover).replace(" ", "")

        who = led.unit if rng.random() < 0.5 else org
        parts = [f"第一部分 {who}概况", f"第二部分 {y}{org}决算表", f"第三部分 {y}{org}决算情况说明"]
        if self.hubei:
            parts += ["第四部分 其他需要说明的情况", "第五部分 名词解释", "第六部分 附件"]
        else:
            parts += ["第四部分 名词解释", "第五部分 附件"]
        if rng.random() < 0.3:  # "第一部分：湛江市…概况"
            parts = [p.replace(" ", rng.choice(("：", ":")), 1) for p in parts]
        p3 = ["收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明", "财政拨款收入支出决算总体情况说明",
              "一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款基本支出决算情况说明"]
        if self.hubei:
            p3 += ["一般公共预算财政拨款“三公”经费支出决算情况说明", "政府性基金预算财政拨款收入支出决算情况说明",
                   "国有资本经营预算财政拨款支出决算情况说明", "机关运行经费支出说明", "政府采购支出说明",
                   "国有资产占用情况说明", "预算绩效情况说明", "专项支出、转移支付支出情况说明"]
        else:
            p3 += ["政府性基金预算财政拨款收入支出决算情况说明", "国有资本经营预算财政拨款支出决算情况说明",
                   "财政拨款“三公”经费支出决算情况说明", "一般性支出情况说明", "政府采购支出说明",
                   "国有资产占用情况说明", "预算绩效情况说明"]
        split_parts = rng.random() < 0.3  # "第一部分" alone, its title on the next line

        def part(text: str) -> None:
            if split_parts:
                number, title = re.split(r"[ ：:]", text, maxsplit=1)
                self.heading(number)
                self.heading(title)
            else:
                self.heading(text)

        leaders = rng.random() < 0.4  # "一、部门职责……………3"
        page = 2

        def toc(text: str) -> None:
            nonlocal page
            page += rng.randint(0, 2)
            self.out(f"{text}{'…' * rng.randint(6, 20)}{page}" if leaders else text, "toc")

        self.out(rng.choice(("目 录", "目录")), "toc")
        toc(parts[0])
        toc("一、部门职责")
        toc("二、机构设置")
        toc(parts[1])
        for n, name in enumerate(tables, 1):
            toc(f"{CN[n]}、{name}")
        toc(parts[2])
        for n, title in enumerate(p3, 1):
            toc(f"{CN[n]}、{title}")
        for text in parts[3:]:
            toc(text)

        # 第一部分 概况
        part(parts[0])
        self.heading("一、部门职责")
        circled = rng.random() < 0.3
        for n, text in enumerate(led.functions, 1):
            self.para(f"{'①②③④⑤⑥⑦⑧⑨⑩'[n - 1] if circled else n}.{text}")
        self.heading("二、机构设置")
        depts = "、".join(led.departments)
        self.para(f"本{org}内设机构{self.count('org.departments', '个', '内设机构')}，分别是：{depts}。")
        c = self.count
        establishment = f"编制{c('staff.establishment', '人', '编制')}，" if rng.random() < 0.5 else ""
        self.para(f"截至{self.y('年')}底，本{org}{establishment}实有人数{c('staff.total', '人', '实有人数')}，其中：在职人员"
                  f"{c('staff.active', '人', '在职人员')}，离休人员{c('staff.retired_cadre', '人', '离休人员')}，"
                  f"退休人员{c('staff.retired', '人', '退休人员')}。")

        # 第二部分 决算表: titles (the grids were images) and a few grids as text
        part(parts[1])
        if not led.fund_items(GF):
            self.empty_tables.add(tables[6 if not self.hubei else 7])
        if not led.fund_items(SC):
            self.empty_tables.add(tables[7 if not self.hubei else 8])
        grids = rng.random() < 0.6
        statuses: dict[str, str] = {}
        # "一、收入支出决算总表", "表1：收入支出决算总表" (Hubei 2021), "1.收入支出决算总表（公开01表）"
        ordinal = rng.choice(("cn", "cn", "table", "pub"))
        for n, name in enumerate(tables, 1):
            listed = {"cn": f"{CN[n]}、{name}", "table": f"表{n}：{name}", "pub": f"{n}.{name}（公开{n:02d}表）"}
            self.out(listed[ordinal], "toc")
            built = None
            if grids and n == 1:
                built = total_grid(led, rng, "万元", row_numbers=True)
            elif grids and "三公" in name:
                built = sangong_grid(led, rng, "万元")
            self.grid(name, [f"公开{n:02d}表", f"部门：{led.unit}    金额单位：万元"], built, statuses)
        self.record_tables(tables, statuses)

        # 第三部分 情况说明
        part(parts[2])
        handlers = {
            "收入支出决算总体情况说明": lambda: self.s_totals(rng.choice(("plain", "plain", "split"))),
            "收入决算情况说明": lambda: self.s_income(funds=False, every=rng.random() < 0.5, nested=rng.random() < 0.4),
            "支出决算情况说明": lambda: self.s_expenditure(every=rng.random() < 0.5),
            "财政拨款收入支出决算总体情况说明": lambda: self.s_fiscal(rng.choice(("plain", "detail"))),
            "一般公共预算财政拨款支出决算情况说明": self.general,
            "一般公共预算财政拨款基本支出决算情况说明": self.s_basic,
            "政府性基金预算财政拨款收入支出决算情况说明": lambda: self.s_fund(
                GF, "政府性基金预算财政拨款收入支出决算表", rng.choice(("table", "other")), "budget"),
            "国有资本经营预算财政拨款支出决算情况说明": lambda: self.s_fund(
                SC, "国有资本经营预算财政拨款支出决算表", rng.choice(("table", "other")), "budget"),
            "财政拨款“三公”经费支出决算情况说明": lambda: self.s_sangong("budget"),
            "一般公共预算财政拨款“三公”经费支出决算情况说明": lambda: self.s_sangong("budget"),
            "一般性支出情况说明": self.general_spending,
            "机关运行经费支出说明": self.s_operating,
            "政府采购支出说明": self.s_procurement,
            "国有资产占用情况说明": lambda: self.s_assets(house=True),
            "预算绩效情况说明": self.performance,
            "专项支出、转移支付支出情况说明": lambda: self.para(f"本{org}{y}无专项转移支付支出。"),
        }
        for n, title in enumerate(p3, 1):
            self.heading(f"{CN[n]}、{title}")
            handlers[title]()

        rest = parts[3:]
        if self.hubei:
            part(rest.pop(0))
            self.para(f"本{org}无其他需要说明的情况。")
        part(rest[0])
        self.glossary(rng.choice(("arabic_dun", "cn", "paren", "arabic")))
        part(rest[1])
        self.para(f"1.{self.y()}{org}整体支出绩效自评报告")
        if self.cards_in_annex:
            self.scorecards()

    cards_in_annex = False

    def general(self) -> None:
        self.heading("（一）一般公共预算财政拨款支出决算总体情况")
        self.s_general_total()
        self.heading("（二）一般公共预算财政拨款支出决算结构情况")
        self.s_general_structure()
        self.heading("（三）一般公共预算财政拨款支出决算具体情况")
        self.s_general_detail("full_year" if self.hubei and self.rng.random() < 0.5 else "budget")

    def general_spending(self) -> None:
        """Hunan 十、一般性支出情况说明: 会议费, 培训费 (not in the vocabulary) and 机关运行经费."""
        rng = self.rng
        meeting = self.amount(q(self.led.v["basic.public"] * Decimal(rng.choice(("0", "0.01", "0.02")))))
        training = self.amount(q(self.led.v["basic.public"] * Decimal(rng.choice(("0", "0.02", "0.05")))))
        self.para(f"{self.y('年')}本{self.org}开支会议费{meeting}，用于召开{rng.choice(data.MEETINGS)}，"
                  f"人数{rng.randint(20, 200)}人，内容为部署年度重点工作；开支培训费{training}，用于开展业务培训，"
                  f"人数{rng.randint(10, 120)}人；举办节庆、晚会、论坛、赛事活动开支费用{self.amount(ZERO)}。")
        self.s_operating()

    def performance(self) -> None:
        self.s_performance_summary()
        self.cards_in_annex = self.rng.random() < 0.4
        if not self.cards_in_annex:
            self.scorecards()

    def scorecards(self) -> None:
        printer = self.rng.choice((tab_lines, pipe_lines, grid_lines))
        for card in self.led.scorecards:
            for line in printer(card, self.led.year, self.rng):
                self.out(line, "grid")
            self.out("", "blank")
        self.record_scorecards()


class Hubei(Hunan):
    layout = "hubei"
    hubei = True
