"""Record completeness (`status`) in readers' words.

One place for the labels that listings, record pages and the search facet
show, so that a reader sees the same words everywhere. `status` itself says
how much the cited sources support (see CONTRIBUTING); readers are told what
they get, not how the record was filed.
"""
from __future__ import annotations

from typing import NamedTuple

from casebook.schema import Finding

# status -> (short label for badges and facets, sentence for the record page)
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "complete": ("内容完整",
                 "背景、做法、成效和可借鉴之处都有公开来源支撑。"),
    "partial": ("部分内容",
                "公开来源只说到一部分内容；来源没有提到的项目本站不作推测，注明“来源未提及”。"),
    "stub": ("仅有简介",
             "来源只提到名称或一两句话，这里只列出已知信息，欢迎依据公开来源补充。"),
}
STATUS_ORDER = ("complete", "partial", "stub")
# The record-page sentence for "complete" where the case wording (做法、成效)
# does not fit the record type; the fields named are those the status rule requires.
COMPLETE_SENTENCE_BY_TYPE: dict[str, str] = {
    "course": "提供单位、课程形式、规模和课程介绍都有公开来源支撑。",
    "policy": "文件的主要内容按原文结构列出，都有公开来源支撑。",
}


def status_label(status: str) -> str:
    """Short reader label for a status id (the id itself if unknown)."""
    return STATUS_LABELS.get(status, (status, ""))[0]


def status_sentence(status: str, record_type: str) -> str:
    """The record page's sentence for a status, in words that fit the record type."""
    if status == "complete" and record_type in COMPLETE_SENTENCE_BY_TYPE:
        return COMPLETE_SENTENCE_BY_TYPE[record_type]
    return STATUS_LABELS.get(status, (status, ""))[1]


# --- the status rule ----------------------------------------------------------
#
# `status` is not a free choice: CONTRIBUTING (“如实标注完整程度”) and the
# `status` descriptions in schemas/*.schema.json state one rule, and
# `status_findings` checks the part of it a machine can check. What it
# cannot check (that every fact really comes from the cited section) stays
# with reviewers and scripts/check_sources.py.

STUB_BELOW = 4
"""A case with fewer source facts than this is a stub (see `fact_count`)."""

CASE_FACT_FIELDS = ("practices", "results", "outcomes")
CASE_COMPLETE_FIELDS = ("background", "practices", "replicability")
COURSE_COMPLETE_FIELDS = ("provider", "formats", "scale", "description")
FIELD_WORDS = {"background": "背景", "practices": "主要做法", "results": "成效数据",
               "outcomes": "成效说明", "replicability": "可复制要点",
               "provider": "提供单位", "formats": "课程形式", "scale": "规模",
               "description": "课程介绍", "provisions": "主要内容"}


def _items(data: dict, key: str) -> list:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _has(data: dict, key: str) -> bool:
    value = data.get(key)
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def fact_count(data: dict) -> int:
    """Facts a case takes from its sources: one per entry of practices,
    results and outcomes (background and replicability restate them)."""
    return sum(len(_items(data, key)) for key in CASE_FACT_FIELDS)


def _missing(data: dict, fields: tuple[str, ...]) -> list[str]:
    return [FIELD_WORDS[f] for f in fields if not _has(data, f)]


class Problem(NamedTuple):
    """A broken status rule: what is wrong, how to fix it, and the status
    the rule asks for."""

    message: str
    suggestion: str
    status: str

ADD_FACTS = "或依据来源补充主要做法和成效"


def case_status_problem(data: dict) -> tuple[str, str, str] | None:
    """Why a case's `status` breaks the rule, or None."""
    status, facts = data.get("status"), fact_count(data)
    if facts < STUB_BELOW and status != "stub":
        return (f"来源事实只有 {facts} 项（主要做法、成效数据、成效说明合计），"
                f"少于 {STUB_BELOW} 项的案例只能是 \"stub\"",
                f"请把 status 改为 \"stub\"，{ADD_FACTS}", "stub")
    if facts >= STUB_BELOW and status == "stub":
        return (f"记录已有 {facts} 项来源事实（主要做法、成效数据、成效说明合计），"
                f"不少于 {STUB_BELOW} 项的案例不是 \"stub\"",
                "请把 status 改为 \"partial\"（背景、做法、成效和可复制要点"
                "都有来源时为 \"complete\"）", "partial")
    if status == "complete":
        missing = _missing(data, CASE_COMPLETE_FIELDS)
        if not (_has(data, "results") or _has(data, "outcomes")):
            missing.append("成效")
        if missing:
            return ("\"complete\" 的案例须有背景、主要做法、成效和可复制要点，"
                    f"缺少{'、'.join(missing)}",
                    "请依据来源补充，来源没有时把 status 改为 \"partial\"", "partial")
    return None


def course_status_problem(data: dict) -> tuple[str, str, str] | None:
    """Why a course's `status` breaks the rule, or None."""
    status = data.get("status")
    known = _has(data, "scale") or _has(data, "provider")
    if not known and status != "stub":
        return ("来源没有给出课程的规模和提供单位，只有名称和介绍的课程只能是 \"stub\"",
                "请把 status 改为 \"stub\"，或依据来源补充规模（scale）或提供单位（provider）",
                "stub")
    if known and status == "stub":
        return ("记录已写明课程的规模或提供单位，不是 \"stub\"",
                "请把 status 改为 \"partial\"", "partial")
    if status == "complete" and (missing := _missing(data, COURSE_COMPLETE_FIELDS)):
        return ("\"complete\" 的课程须写明提供单位、课程形式、规模和介绍，"
                f"缺少{'、'.join(missing)}",
                "请依据来源补充，来源没有时把 status 改为 \"partial\"", "partial")
    return None


def policy_status_problem(data: dict) -> tuple[str, str, str] | None:
    """Why a policy's `status` breaks the rule, or None."""
    status, coverage = data.get("status"), data.get("coverage")
    if coverage == "metadata" and status != "stub":
        return ("只有元数据的政策文件（coverage: metadata）只能是 \"stub\"",
                "请把 status 改为 \"stub\"；有来源概述全文时把 coverage 改为 summary", "stub")
    if coverage == "summary" and status == "stub":
        return ("概述了全文的政策文件（coverage: summary）不是 \"stub\"",
                "请把 status 改为 \"partial\" 或 \"complete\"", "partial")
    if status == "complete" and not _has(data, "provisions"):
        return ("\"complete\" 的政策文件须按文件结构写出主要内容（provisions）",
                "请依据来源补充 provisions，来源没有时把 status 改为 \"partial\"", "partial")
    return None


STATUS_RULES = {"case": case_status_problem, "course": course_status_problem,
                "policy": policy_status_problem}


def status_problem(rtype: str, data: object) -> Problem | None:
    """The rule for record type `rtype` applied to `data`; None when it holds
    or cannot be judged (not a mapping, unknown status)."""
    rule = STATUS_RULES.get(rtype)
    if rule is None or not isinstance(data, dict):
        return None
    status = data.get("status")
    if not isinstance(status, str) or status not in STATUS_LABELS:
        return None
    found = rule(data)
    return Problem(*found) if found else None


def status_findings(rtype: str, data: object) -> list[Finding]:
    """The status rule as validator findings on the `status` field."""
    problem = status_problem(rtype, data)
    if problem is None:
        return []
    return [Finding(("status",), problem.message, problem.suggestion, "status-rule")]


def rule_status(rtype: str, data: dict) -> str:
    """The status the rule gives `data`: its own when that holds, else the
    one the rule asks for (importers and generators use it)."""
    problem = status_problem(rtype, data)
    return problem.status if problem else data["status"]
