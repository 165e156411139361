"""Generate the "提交新案例" GitHub issue form from the taxonomy.

    python -m scripts.issue_form          # write .github/ISSUE_TEMPLATE/new-case.yml
    python -m scripts.issue_form --check  # exit 1 if the committed form is out of date

The dropdowns (regions, tasks, kinds, levels, audiences, themes) list the
taxonomy's terms as "名称（id）", so the form never drifts from the
vocabulary. `FIELDS` is also what `scripts.from_issue` reads a submitted
form's body with.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from casebook.paths import ROOT
from casebook.record_io import dump_yaml
from scripts.generated import generated_main
from scripts.issue_bot import LABEL, REVIEW_TIME  # the bot runs on the standard library alone

OUTPUT = ROOT / ".github" / "ISSUE_TEMPLATE" / "new-case.yml"


@dataclass(frozen=True)
class FormField:
    """One question of the form: `key` is the record field it fills."""

    key: str
    label: str
    kind: str  # input | textarea | dropdown
    required: bool
    description: str
    vocab: str | None = None  # taxonomy vocabulary of a dropdown
    multiple: bool = False
    placeholder: str | None = None


FIELDS: tuple[FormField, ...] = (
    FormField("title", "案例名称", "input", True, "案例的中文全称。", placeholder="例如：金色学堂"),
    FormField("region", "所在地区", "dropdown", True,
              "案例所在的省、市或区；没有列出的市、区请选所属省份，并在简介中写明。", "regions"),
    FormField("tasks", "重点任务", "dropdown", True, "案例对应的重点任务，可多选。", "tasks",
              multiple=True),
    FormField("kind", "案例类型", "dropdown", True, "案例属于哪一类。", "case_kinds"),
    FormField("year", "年度", "input", True, "案例所属年份，四位数字。", placeholder="例如：2023"),
    FormField("level", "实施层级", "dropdown", False, "案例在哪一级实施（适用时选择）。", "levels"),
    FormField("organisations", "申报单位", "textarea", False,
              "申报单位或实施主体的全称，每行一个，或用 、 分隔。"),
    FormField("summary", "案例简介", "textarea", True,
              "用自己的话概括案例：谁、在哪里、做了什么、有什么成效。纯文本，10～200 字。"),
    FormField("practices", "主要做法", "textarea", False,
              "每行一条做法，用自己的话写；来源没有写的不要补。"),
    FormField("outcomes", "成效", "textarea", False,
              "每行一条成效；有数字请写明单位和年度，例如：建成联合体 31 个（2023 年）。"),
    FormField("audiences", "面向人群", "dropdown", False,
              "案例服务的人群，可多选；来源没有提到就不选。", "audiences", multiple=True),
    FormField("themes", "主题", "dropdown", False, "案例涉及的主题，可多选。", "themes",
              multiple=True),
    FormField("source_title", "来源标题", "input", True,
              "案例信息所依据的公开文件或文章的标题。",
              placeholder="例如：城市联动 引领学习型社会建设"),
    FormField("source_issuer", "发布机构", "input", True, "来源的发布机构或刊载栏目。",
              placeholder="例如：教育部、开放教育"),
    FormField("source_date", "发布日期", "input", True, "来源的发布日期，可只写到年或月。",
              placeholder="例如：2023-10-14"),
    FormField("source_section", "所依据的章节", "input", True, "来源中的哪一章、哪一节或哪一段。",
              placeholder="例如：职继协同 学习型社会建设的“天津经验”"),
    FormField("source_doc_no", "文号", "input", False, "来源文件的文号（如有）。",
              placeholder="例如：教职成函〔2023〕9号"),
    FormField("source_url", "来源网址", "input", False, "来源的公开网址（如有），以 http 开头。"),
)

CONFIRMATIONS = (
    "每个事实（名称、数字、日期）都能在上面填写的来源中找到",
    "用自己的话填写，没有整段照抄来源",
    "来源没有提到的内容没有填写，没有编造",
)


def display_name(term: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> str:
    """A term's name as editors pick it: cities with their province ("重庆市 江津区")."""
    parent = by_id.get(term.get("parent", ""))
    return f"{parent['name']} {term['name']}" if parent else term["name"]


def option(term: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> str:
    """A dropdown option for a taxonomy term: "名称（id）", cities with their province."""
    return f"{display_name(term, by_id)}（{term['id']}）"


def ordered_terms(vocab: str, terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Terms in display order: tasks by `order`, cities right after their parent."""
    if vocab == "tasks":
        return sorted(terms, key=lambda t: t.get("order", 0))
    if vocab != "regions":
        return terms
    children: dict[str, list[dict[str, Any]]] = {}
    for t in terms:
        children.setdefault(t.get("parent", ""), []).append(t)
    out: list[dict[str, Any]] = []

    def walk(parent: str) -> None:
        for t in children.get(parent, []):
            out.append(t)
            walk(t["id"])

    walk("")
    return out


def options(taxonomy: dict[str, list[dict[str, Any]]], vocab: str) -> list[str]:
    """All options of the dropdown for `vocab`."""
    terms = taxonomy[vocab]
    by_id = {t["id"]: t for t in terms}
    opts = [option(t, by_id) for t in ordered_terms(vocab, terms)]
    for opt in opts:  # GitHub joins multiple selections with ", "
        if "," in opt:
            raise ValueError(f"taxonomy term {opt!r} contains a comma")
    return opts


def body_item(f: FormField, taxonomy: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The issue-form `body` entry for one field."""
    attrs: dict[str, Any] = {"label": f.label, "description": f.description}
    if f.placeholder:
        attrs["placeholder"] = f.placeholder
    if f.kind == "dropdown":
        if f.multiple:
            attrs["multiple"] = True
        attrs["options"] = options(taxonomy, f.vocab or "")
    return {"type": f.kind, "id": f.key.replace("_", "-"), "attributes": attrs,
            "validations": {"required": f.required}}


def render(taxonomy: dict[str, list[dict[str, Any]]]) -> str:
    """The issue form YAML for `taxonomy`."""
    form = {
        "name": "提交新案例",
        "description": "不方便提交 Pull Request？填写这张表，系统会自动检查并把它转成案例记录。",
        "title": "[新案例] ",
        "labels": [LABEL],
        "body": [
            {"type": "markdown", "attributes": {"value": (
                "感谢提供案例！请只填写公开来源中能找到的内容，用自己的话写。\n"
                "带 * 的是必填项。提交后一两分钟内会自动检查：有问题时机器人在议题下留言，"
                "逐项说明要改什么（编辑议题、改好保存即可重新检查）；通过后自动生成 Pull Request，"
                f"维护者核对来源后合并，通常在 {REVIEW_TIME}内。")}},
            *(body_item(f, taxonomy) for f in FIELDS),
            {"type": "checkboxes", "id": "confirm", "attributes": {
                "label": "确认",
                "options": [{"label": c, "required": True} for c in CONFIRMATIONS]}},
        ],
    }
    header = ("# 由 python -m scripts.issue_form 根据 content/taxonomy.yml 生成，请勿手改。\n"
              "# Generated from content/taxonomy.yml by scripts/issue_form.py; do not edit.\n")
    return header + dump_yaml(form)


def main(argv: list[str] | None = None) -> int:
    return generated_main(argv, "根据词表生成“提交新案例”议题表单", OUTPUT, render,
                          "python -m scripts.issue_form")


if __name__ == "__main__":
    sys.exit(main())
