"""Canonical fact keys and their Chinese labels.

Extractors set ``Fact.key`` from this vocabulary so that checks, comparisons and
the generator's ground truth can refer to a fact without knowing its wording.
A fact whose meaning is not in the vocabulary keeps ``key=None`` and its label.
"""

from __future__ import annotations

FACT_KEYS: dict[str, str] = {
    # 收入支出决算总体 (table 01)
    "income.total": "收入总计",
    "income.current": "本年收入合计",
    "income.nonfiscal_balance_used": "使用非财政拨款结余（含专用结余）",
    "income.carryover_begin": "年初结转和结余",
    "expenditure.total": "支出总计",
    "expenditure.current": "本年支出合计",
    "expenditure.surplus_distribution": "结余分配",
    "expenditure.carryover_end": "年末结转和结余",
    # 收入决算 components
    "income.fiscal": "财政拨款收入",
    "income.superior_subsidy": "上级补助收入",
    "income.business": "事业收入",
    "income.operating": "经营收入",
    "income.affiliated": "附属单位上缴收入",
    "income.other": "其他收入",
    # 支出决算 components
    "expenditure.basic": "基本支出",
    "expenditure.project": "项目支出",
    "expenditure.remit_superior": "上缴上级支出",
    "expenditure.operating": "经营支出",
    "expenditure.affiliated_subsidy": "对附属单位补助支出",
    # 财政拨款收入支出决算总体 (table 04)
    "fiscal.income_total": "财政拨款收入总计",
    "fiscal.carryover_begin": "年初财政拨款结转和结余",
    "fiscal.income_current": "本年财政拨款收入",
    "fiscal.expenditure_total": "财政拨款支出总计",
    "fiscal.carryover_end": "年末财政拨款结转和结余",
    "fiscal.expenditure_current": "本年财政拨款支出",
    # 一般公共预算财政拨款支出 (table 05)
    "general.expenditure": "一般公共预算财政拨款支出",
    # 基本支出 (table 06)
    "basic.total": "一般公共预算财政拨款基本支出",
    "basic.personnel": "人员经费",
    "basic.public": "公用经费",
    # 政府性基金 (table 07)
    "fund.income_total": "政府性基金预算财政拨款收入总计",
    "fund.carryover_begin": "政府性基金年初结转和结余",
    "fund.income_current": "政府性基金本年收入",
    "fund.expenditure_total": "政府性基金预算财政拨款支出总计",
    "fund.carryover_end": "政府性基金年末结转和结余",
    "fund.expenditure_current": "政府性基金本年支出",
    # 国有资本经营 (table 08)
    "capital.income_total": "国有资本经营预算财政拨款收入总计",
    "capital.carryover_begin": "国有资本经营年初结转和结余",
    "capital.income_current": "国有资本经营本年收入",
    "capital.expenditure_total": "国有资本经营预算财政拨款支出总计",
    "capital.carryover_end": "国有资本经营年末结转和结余",
    "capital.expenditure_current": "国有资本经营本年支出",
    # 三公 (table 09)
    "sangong.total": "“三公”经费",
    "sangong.abroad": "因公出国（境）费",
    "sangong.vehicle": "公务用车购置及运行维护费",
    "sangong.vehicle_purchase": "公务用车购置费",
    "sangong.vehicle_operation": "公务用车运行维护费",
    "sangong.reception": "公务接待费",
    "sangong.abroad_groups": "因公出国（境）团组",
    "sangong.abroad_people": "因公出国（境）人次",
    "sangong.vehicle_purchased": "公务用车购置数",
    "sangong.vehicle_stock": "公务用车保有量",
    "sangong.reception_batches": "国内公务接待批次",
    "sangong.reception_people": "国内公务接待人次",
    # 机关运行经费 / 公用经费 (其他重要事项)
    "operating.costs": "机关运行经费",
    "operating.public": "公用经费",
    # 政府采购
    "procurement.total": "政府采购支出总额",
    "procurement.goods": "政府采购货物支出",
    "procurement.works": "政府采购工程支出",
    "procurement.services": "政府采购服务支出",
    "procurement.sme": "授予中小企业合同金额",
    "procurement.small_micro": "授予小微企业合同金额",
    # 国有资产
    "assets.building_area": "房屋面积",
    "assets.building_value": "房屋价值",
    "assets.vehicles": "车辆",
    "assets.vehicle_value": "车辆价值",
    "assets.vehicles_by_category": "车辆（按类别）",  # label carries the category name
    "assets.equipment_over_1m": "单价100万元（含）以上设备",
    # 人员
    "staff.establishment": "编制",
    "staff.total": "实有人数",
    "staff.active": "在职人员",
    "staff.retired_cadre": "离休人员",
    "staff.retired": "退休人员",
    # 预算绩效
    "performance.projects": "预算绩效评价项目",
    "performance.budget": "绩效评价项目全年预算数",
    "performance.executed": "绩效评价项目全年执行数",
}
