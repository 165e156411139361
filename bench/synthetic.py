"""Synthetic content trees for the benchmark and the tests.

`generate(n, taxonomy, seed)` makes `n` records (cases, courses and policies
in the proportions of a national repository). Their prose is made of the real
records' clauses (`content/`), recombined at random into new sentences, so
that the n-gram distribution of the text resembles real content; titles and
short fields come from the taxonomy's names and a small built-in bank of this
field's phrases. Synthetic records are fixtures for tests and the benchmark,
never content. The records are valid against the schemas, carry
cross-references (cases cite policies and cases, courses belong to cases,
policies forward or are based on national documents), and are spread over
regions, tasks, kinds, audiences, themes and years. The same seed gives the
same records.

`minimal_record(rtype, rid, **fields)` is the smallest valid record, for tests
that spell out the fields they care about. `write_tree(root, records)` writes a
content tree (the real taxonomy plus the records) the build can read.
"""
from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from casebook.load import load_taxonomy
from casebook.paths import CONTENT, RECORD_DIRS, TAXONOMY_FILE
from casebook.status import rule_status

# Share of each record type (about 650 cases and courses a year nationally,
# plus the policies they cite).
TYPE_SHARES = (("case", 0.6), ("course", 0.25), ("policy", 0.15))
YEARS = tuple(range(2012, 2026))
STATUS_WEIGHTS = (("complete", 6), ("partial", 3), ("stub", 1))

# --- phrase bank ------------------------------------------------------------------
ACTORS = (
    "社区学院", "社区教育中心", "老年大学", "开放大学", "职业院校", "街道社区学校",
    "乡镇成人文化技术学校", "村（居）民学习点", "行业企业", "公共图书馆", "文化馆",
    "终身学习服务中心", "学习型城市建设办公室", "教育行政部门", "高等院校继续教育学院",
)
PROGRAMMES = (
    "终身学习体验基地", "社区学习圈", "银龄学堂", "乡村学校少年宫", "市民学习卡",
    "学习成果认证中心", "百姓学习之星评选", "职工书屋", "家门口的老年大学", "数字学习港",
    "技能夜校", "学习积分超市", "人文行走线路", "非遗传习所", "网上老年大学",
)
VERBS = (
    "整合", "统筹", "共建", "盘活", "推广", "完善", "打造", "开发", "培育", "建立",
)
OBJECTS = (
    "学习资源", "课程体系", "师资库", "学分银行账户", "学习成果认证办法", "线上学习平台",
    "志愿者队伍", "学习团队", "教学点", "考核评价机制", "经费保障机制", "服务标准",
    "数字化学习场景", "特色课程包", "学习地图",
)
CONDITIONS = (
    "需要教育主管部门牵头建立跨部门协调机制", "需要稳定的财政经费和场地保障",
    "需要一支相对稳定的专兼职教师队伍", "需要统一的数字化学习平台作为支撑",
    "需要街道、社区和院校之间明确分工", "需要把学习成果与就业、评优等激励挂钩",
)
INDICATORS = (
    ("社区学习点", "个"), ("参与学习的居民", "万人次"), ("开发的特色课程", "门"),
    ("注册学习账户", "万个"), ("专兼职教师", "人"), ("学习团队", "支"),
    ("线上课程资源", "门"), ("覆盖的街道（乡镇）", "个"), ("培训职工", "万人次"),
    ("老年学员", "万人"), ("认证的学习成果", "项"), ("志愿者", "人"),
)
QUALIFIERS = ("", "", "", "约", "超过", "余", "累计", "近")
SOURCE_TITLES = (
    "《{place}推进学习型社会建设工作情况报告》", "《{place}终身教育发展年度报告》",
    "《关于{place}社区教育工作的调研报告》", "《{place}学习型城市建设典型经验汇编》",
    "《{topic}：{place}的实践与探索》",
)
SECTIONS = (
    "一、基本情况", "二、主要做法", "三、工作成效", "四、经验启示", "五、下一步工作打算",
    "二、重点任务（一）", "三、保障措施", "附件：典型案例",
)
POLICY_FORMS = (
    "关于推进{topic}的实施意见", "关于加快{topic}的通知", "{topic}三年行动计划",
    "关于进一步加强{topic}的指导意见", "{topic}工作方案", "关于开展{topic}试点工作的通知",
)
POLICY_PROVISIONS = (
    "（一）明确总体目标", "（二）健全工作机制", "（三）丰富学习资源", "（四）加强队伍建设",
    "（五）强化督导评估", "（六）加大经费投入",
)
COURSE_FORMS = ("{topic}系列课程", "“{topic}”微课", "{topic}读本", "{topic}实训课程")
COURSE_CATEGORIES = ("社区教育课程", "老年教育课程", "职业技能课程", "地方文化与非遗课程",
                     "家庭教育课程", "数字素养课程")
ISSUER_SUFFIXES = ("教育厅", "教育委员会", "人民政府办公厅", "教育局")
ROLES = ("申报单位", "实施主体", "牵头单位", "参与单位")


@dataclass(frozen=True)
class Vocab:
    """The taxonomy terms the generator draws from."""

    regions: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    kinds: list[str]
    audiences: list[dict[str, Any]]
    themes: list[dict[str, Any]]
    formats: list[str]

    @classmethod
    def from_taxonomy(cls, taxonomy: dict[str, list[dict[str, Any]]]) -> Vocab:
        return cls(
            regions=list(taxonomy["regions"]),
            tasks=list(taxonomy["tasks"]),
            kinds=[k["id"] for k in taxonomy["case_kinds"]],
            audiences=list(taxonomy["audiences"]),
            themes=list(taxonomy["themes"]),
            formats=[f["id"] for f in taxonomy["course_formats"]],
        )


CLAUSE_END = re.compile(r"(?<=[，；。！？：])")


@lru_cache(maxsize=1)
def real_clauses(root: Path = CONTENT) -> tuple[str, ...]:
    """Clauses (ending in their punctuation) of the real records' prose."""
    from casebook.load import load_corpus

    found: dict[str, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for sub in value.values():
                walk(sub)
        elif isinstance(value, list):
            for sub in value:
                walk(sub)
        elif isinstance(value, str) and len(value) >= 12 and "http" not in value:
            for clause in CLAUSE_END.split(value.replace("\n", "")):
                clause = clause.replace("*", "").strip()
                if len(clause) >= 4:
                    found[clause] = None
    for record in load_corpus(root).records:
        walk(record.data)
    return tuple(found)


@dataclass
class _Slot:
    """A planned record: type, id, region and year, fixed before the text is made."""

    rtype: str
    id: str
    region: dict[str, Any]
    year: int


class _Writer:
    """Draws phrases and builds one record of each type."""

    def __init__(self, rng: random.Random, vocab: Vocab, slots: list[_Slot]) -> None:
        self.rng, self.vocab = rng, vocab
        self.by_type: dict[str, list[_Slot]] = {t: [] for t in RECORD_DIRS}
        for s in slots:
            self.by_type[s.rtype].append(s)
        self.national = [s for s in self.by_type["policy"] if s.region["id"] == "quanguo"]
        self.experience_regions: set[str] = set()
        self.clauses = real_clauses()

    # --- small draws ---------------------------------------------------------
    def pick(self, items: Sequence[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def some(self, items: Sequence[Any], low: int, high: int) -> list[Any]:
        return self.rng.sample(list(items), self.rng.randint(low, min(high, len(items))))

    def place(self, slot: _Slot) -> str:
        return "全国" if slot.region["id"] == "quanguo" else slot.region["name"]

    def topic(self, themes: list[dict[str, Any]], tasks: list[dict[str, Any]]) -> str:
        pool = [t["name"] for t in themes] + [t.get("short") or t["name"] for t in tasks]
        return self.pick(pool)

    def clause(self) -> str:
        """One real clause without its closing punctuation."""
        return self.pick(self.clauses).rstrip("，；。！？：")

    def sentence(self) -> str:
        """Two to four real clauses from different places, as one new sentence."""
        parts = [self.clause() for _ in range(self.rng.randint(2, 4))]
        return "，".join(parts) + "。"

    def date(self, year: int) -> str:
        return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def indicator(self, year: int, task: str | None = None) -> dict[str, Any]:
        what, unit = self.pick(INDICATORS)
        out: dict[str, Any] = {"what": what, "value": self.rng.randint(3, 3000), "unit": unit}
        q = self.pick(QUALIFIERS)
        if q:
            out["qualifier"] = q
        out["year"] = year
        if task:
            out["task"] = task
        return out

    def doc_no(self, slot: _Slot) -> str:
        aliases = slot.region.get("aliases") or ["教"]
        abbr = "教" if slot.region["id"] == "quanguo" else aliases[-1]
        return f"{abbr}教{self.pick(('发', '函', '办'))}〔{slot.year}〕{self.rng.randint(1, 60)}号"

    def issuer(self, slot: _Slot) -> str:
        if slot.region["id"] == "quanguo":
            return self.pick(("教育部", "教育部办公厅", "国务院办公厅"))
        return slot.region["name"] + self.pick(ISSUER_SUFFIXES)

    def sources(self, slot: _Slot, topic: str) -> list[dict[str, Any]]:
        out = []
        for _ in range(self.rng.randint(1, 2)):
            src: dict[str, Any] = {
                "title": self.pick(SOURCE_TITLES).format(place=self.place(slot), topic=topic),
                "issuer": self.issuer(slot), "date": self.date(slot.year),
                "section": self.pick(SECTIONS)}
            if self.rng.random() < 0.3:
                src["doc_no"] = self.doc_no(slot)
            out.append(src)
        return out

    def refs(self, rtype: str, slot: _Slot, k: int, same_region: bool = True) -> list[str]:
        pool = self.by_type[rtype]
        if not pool or k <= 0:
            return []
        chosen: dict[str, None] = {}
        for _ in range(k * 3):
            other = self.pick(pool)
            if other.id != slot.id and (not same_region or other.region is slot.region
                                        or self.rng.random() < 0.3):
                chosen[other.id] = None
            if len(chosen) >= k:
                break
        return list(chosen)

    # --- shared fields ---------------------------------------------------------
    def common(self, slot: _Slot, title: str, summary: str, tasks: list[dict[str, Any]],
               themes: list[dict[str, Any]], topic: str) -> dict[str, Any]:
        return {
            "id": slot.id, "title": title[:120], "region": slot.region["id"],
            "tasks": [t["id"] for t in tasks], "year": slot.year, "summary": summary[:200],
            "audiences": [a["id"] for a in self.some(self.vocab.audiences, 0, 3)],
            "themes": [t["id"] for t in themes],
            "status": self.rng.choices([s for s, _ in STATUS_WEIGHTS],
                                       [w for _, w in STATUS_WEIGHTS])[0],
            "updated": self.date(self.rng.choice((2024, 2025))),
            "sources": self.sources(slot, topic),
        }

    def _topics(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
        tasks = self.some(self.vocab.tasks, 1, 2)
        themes = self.some(self.vocab.themes, 0, 3)
        return tasks, themes, self.topic(themes, tasks)

    # --- record types -----------------------------------------------------------
    def case(self, slot: _Slot) -> dict[str, Any]:
        tasks, themes, topic = self._topics()
        place = self.place(slot)
        kind = self.pick(self.vocab.kinds)
        province = slot.region.get("parent") or slot.region["id"]
        is_experience = kind == "regional-experience"
        if is_experience and (province in self.experience_regions or slot.region.get("parent")
                              or slot.region["id"] == "quanguo"):
            kind, is_experience = "local-programme", False
        if is_experience:
            self.experience_regions.add(province)
            title = f"{place}推进学习型社会建设的经验"
        else:
            form = self.pick(("实践", "探索", "模式"))
            title = f"{place}{self.pick(PROGRAMMES)}：{topic}的{form}"
        lead = self.sentence()
        summary = f"{lead}{place}{self.pick(VERBS)}{self.pick(OBJECTS)}，{self.clause()}。"
        data = self.common(slot, title, summary, tasks, themes, topic)
        data["kind"] = kind
        data["level"] = self.pick(("provincial", "municipal", "county", "township", "village"))
        data["organisations"] = [{"name": f"{place}{self.pick(ACTORS)}", "role": self.pick(ROLES)}
                                 for _ in range(self.rng.randint(1, 3))]
        data["background"] = "".join(self.sentence() for _ in range(3))
        data["practices"] = [self.sentence() for _ in range(self.rng.randint(2, 5))]
        if self.rng.random() < 0.7:
            data["results"] = [self.indicator(slot.year, self.pick(tasks)["id"])
                               for _ in range(self.rng.randint(1, 3))]
        data["outcomes"] = [self.clause() + "。" for _ in range(self.rng.randint(1, 3))]
        data["replicability"] = (f"**可复制要点**：{self.sentence()}\n\n"
                                 f"**推广条件**：{self.pick(CONDITIONS)}；{self.pick(CONDITIONS)}。")
        if self.rng.random() < 0.2:
            data["next_steps"] = [self.sentence()]
        data["policies"] = self.refs("policy", slot, self.rng.randint(0, 2), same_region=False)
        data["cases"] = self.refs("case", slot, self.rng.randint(0, 2))
        if is_experience:
            data["comparison"] = {dim: self.sentence() for dim in (
                "mechanism", "network", "platform", "credit_bank", "senior_education",
                "highlights")}
        return data

    def course(self, slot: _Slot) -> dict[str, Any]:
        tasks, themes, topic = self._topics()
        title = f"{self.place(slot)}{self.pick(COURSE_FORMS).format(topic=topic)}"
        summary = f"{self.place(slot)}{self.pick(ACTORS)}开发的{topic}课程，" \
                  f"{self.clause()}。"
        data = self.common(slot, title, summary, tasks, themes, topic)
        data["provider"] = f"{self.place(slot)}{self.pick(ACTORS)}"
        data["category"] = self.pick(COURSE_CATEGORIES)
        data["formats"] = self.some(self.vocab.formats, 1, 2)
        data["scale"] = [self.indicator(slot.year)]
        data["description"] = "".join(self.sentence() for _ in range(2))
        case = self.refs("case", slot, 1)
        if case:
            data["case"] = case[0]
        return data

    def policy(self, slot: _Slot) -> dict[str, Any]:
        tasks, themes, topic = self._topics()
        title = self.pick(POLICY_FORMS).format(topic=topic)
        if slot.region["id"] != "quanguo":
            title = f"{slot.region['name']}{title}"
        summary = f"{self.issuer(slot)}印发的文件，提出{self.pick(VERBS)}{self.pick(OBJECTS)}、" \
                  f"推进{topic}的任务和保障措施。"
        data = self.common(slot, title, summary, tasks, themes, topic)
        national = slot.region["id"] == "quanguo"
        data["issuer"] = self.issuer(slot)
        data["level"] = "national" if national else self.pick(("provincial", "municipal"))
        data["coverage"] = "summary" if self.rng.random() < 0.6 else "metadata"
        if self.rng.random() < 0.7:
            data["doc_no"] = self.doc_no(slot)
        data["issued"] = self.date(slot.year)
        if data["coverage"] == "summary":
            data["provisions"] = [
                {"heading": h, "text": self.sentence(), "task": self.pick(tasks)["id"]}
                for h in POLICY_PROVISIONS[:self.rng.randint(2, 5)]]
            if self.rng.random() < 0.4:
                data["targets"] = [self.indicator(slot.year + 2, self.pick(tasks)["id"])]
        if not national and self.national:
            field = "forwards" if self.rng.random() < 0.5 else "based_on"
            data[field] = [self.pick(self.national).id]
        return data


def _plan(n: int, rng: random.Random, vocab: Vocab) -> list[_Slot]:
    """Types, ids, regions and years of `n` records (ids unique, stable per seed)."""
    types = [t for t, _ in TYPE_SHARES]
    weights = [w for _, w in TYPE_SHARES]
    national = next(r for r in vocab.regions if r["id"] == "quanguo")
    others = [r for r in vocab.regions if r["id"] != "quanguo"]
    slots = []
    for i in range(n):
        rtype = rng.choices(types, weights)[0] if i >= 3 else types[i % 3]
        if rtype == "policy" and (i < 3 or rng.random() < 0.3):
            region = national
        elif rtype != "policy" and rng.random() < 0.03:
            region = national
        else:
            region = others[min(int(rng.paretovariate(1.2)) - 1, len(others) - 1)
                            if rng.random() < 0.5 else rng.randrange(len(others))]
        year = YEARS[min(len(YEARS) - 1, int(rng.triangular(0, len(YEARS), len(YEARS) - 1)))]
        folder = RECORD_DIRS[rtype]
        slots.append(_Slot(rtype, f"{region['id']}-{folder}-{i:05d}", region, year))
    return slots


def generate(n: int, taxonomy: dict[str, list[dict[str, Any]]] | None = None,
             seed: int = 7) -> list[tuple[str, dict[str, Any]]]:
    """`n` valid synthetic records as [(type, data)], deterministic for `seed`."""
    rng = random.Random(seed)
    vocab = Vocab.from_taxonomy(taxonomy if taxonomy is not None else load_taxonomy())
    slots = _plan(n, rng, vocab)
    writer = _Writer(rng, vocab, slots)
    out = []
    for slot in slots:
        data = getattr(writer, slot.rtype)(slot)
        if rng.random() < 0.01:
            data["aliases"] = [f"{slot.id}-old"]
        data["status"] = rule_status(slot.rtype, data)
        out.append((slot.rtype, {k: v for k, v in data.items() if v != [] or k in _REQUIRED}))
    return out


_REQUIRED = {"audiences", "themes", "tasks", "sources"}


def minimal_record(rtype: str, rid: str, **fields: object) -> dict[str, Any]:
    """The smallest valid record of `rtype` (case/course/policy); `fields` override."""
    data: dict[str, Any] = {
        "id": rid, "title": f"合成测试记录 {rid}", "region": "shanghai",
        "tasks": ["learning-city"], "year": 2023,
        "summary": "这是测试用的合成记录摘要，只用于检验网站生成，不代表真实情况。",
        "sources": [{"title": "《测试来源文件》", "issuer": "测试机构", "date": "2023-10-14",
                     "section": "第一部分"}],
        "audiences": [], "themes": [], "status": "complete", "updated": "2024-01-01",
    }
    if rtype == "case":
        data["kind"] = "local-programme"
    elif rtype == "policy":
        data.update(issuer="测试机关", level="provincial", coverage="metadata")
    data.update(fields)
    if "status" not in fields:
        data["status"] = rule_status(rtype, data)
    return data


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes multi-line text as `|` blocks, as editors do."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def write_tree(root: Path, records: Iterable[tuple[str, dict[str, Any]]],
               taxonomy_from: Path = CONTENT) -> Path:
    """A content tree at `root`: the taxonomy of `taxonomy_from` plus `records`."""
    dumper = _Dumper
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(taxonomy_from / TAXONOMY_FILE, root / TAXONOMY_FILE)
    for folder in RECORD_DIRS.values():
        (root / folder).mkdir(exist_ok=True)
    for rtype, data in records:
        path = root / RECORD_DIRS[rtype] / f"{data['id']}.yml"
        path.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                                  width=1000), encoding="utf-8")
    return root
