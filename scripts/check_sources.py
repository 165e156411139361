"""Check records against the texts of the documents they cite.

    python -m scripts.check_sources [DIR] [--map FILE] [--strict] [PATH ...]

DIR is a folder of source texts (default: ../shared/seeds beside the
repository, when it exists); FILE maps each source title or 文号 to its file
in DIR (default: content/source-texts.yml). PATH limits the check to some
record files or folders (default: all of content/). Two checks:

* **numbers**: every number written in a record (indicator values, years and
  periods, and all text fields) must appear in one of the documents the record
  cites. Both sides are normalised first: full-width digits become ASCII
  (NFKC), decimals compare by value (3.70 = 3.7), and Chinese numerals become
  Arabic (三级 -> 3, 二十 -> 20, 二〇三五 -> 2035). In a record, a Chinese numeral
  counts as a number only before a measure word (个、门、级、项、年…), so 一是、
  统一 and plan names such as 十四五 are not numbers; in a source every numeral
  counts. Numbers that only number a list (“1. ”) are skipped. A number is
  “found” when the cited document contains the same value anywhere, so the
  check is strong for figures of two or more digits and weak for 一 to 十.
* **close paraphrases**: a record sentence (split at 。！？； and line breaks)
  with at least 20 characters, of which 90 % or more appear in order in one
  sentence of a cited document. Text in quotation marks or 书名号 (“…” 《…》
  「…」 "…") is left out first: titles, document names, official list names and
  system names may be quoted verbatim. Punctuation, spaces and Markdown do not
  count as characters. Names and labels are not sentences and are skipped:
  titles, headings, issuers, what an indicator counts (`what`), and who may
  apply and which forms to send in an application table.

* **quotations**: words inside “…” or 《…》 must appear word for word in a
  cited document (whitespace and full-width forms aside): a quoted slogan or
  title with one word changed is reported.

Collections cite no sources field; their intro names the documents, and the
check uses every mapped title or 文号 the intro mentions.

Output is one line per finding, `file:line:col: field: message，suggestion`.
Exit status: 1 when a number is not found (with --strict also for a close
paraphrase or a quotation not in the source), 0 otherwise, 2 on a usage error.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from casebook.paths import CONTENT, ROOT
from casebook.validate import Problem, display_path, field_name
from casebook.yaml_source import Loc, YamlDoc, load_file

DEFAULT_DIR = ROOT.parent / "shared" / "seeds"
DEFAULT_MAP = CONTENT / "source-texts.yml"
FOLDERS = ("cases", "courses", "policies", "collections")

MIN_CHARS = 20
CLOSE = 0.9

# Fields that hold no prose of ours: ids, references, vocabulary ids, names.
SKIP_FIELDS = {"id", "aliases", "sources", "updated", "created", "region", "tasks",
               "themes", "audiences", "kind", "level", "status", "coverage", "formats",
               "case", "cases", "courses", "policies", "cites", "forwards", "based_on",
               "task", "unit", "qualifier", "role", "filter", "sort", "curator", "$schema",
               "url", "doc_no", "issued", "published", "deadline"}
# Names and labels, kept out of the paraphrase check (numbers in them are still
# checked): titles, headings, bodies, what an indicator counts, and the cells of an
# application table that list who may apply and which forms to send.
NAME_FIELDS = {"title", "name", "heading", "issuer", "provider", "category", "contact",
               "what", "applicants", "materials"}

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
CN_RUN = re.compile("[零〇○一二两三四五六七八九十百千万亿]+")
ARABIC = re.compile(r"\d+(?:\.\d+)?")
LIST_MARK = re.compile(r"(?m)^\s*(\d+)\s*[.、．]\s")
PLAN_NAME = re.compile("^十[一二三四五六七八九]五$")
COUNTERS = ("个", "门", "级", "项", "年", "届", "所", "类", "支", "次", "人", "名", "条", "批",
            "家", "场", "区", "地", "省", "市", "县", "部门", "方面", "层", "倍", "种", "位",
            "轮", "期", "周", "天", "月", "套", "份", "集", "章", "节", "大", "点", "万", "亿",
            "成", "%", "％")
QUOTE_OR_TITLE = re.compile(r"“([^”]*)”|《([^》]*)》")
QUOTED = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」|『[^』]*』|\"[^\"]*\"|‘[^’]*’|〈[^〉]*〉")
SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
MARKDOWN = re.compile(r"\*\*|__|`|\[([^\]]*)\]\([^)]*\)")
NOT_COUNTED = re.compile(r"[\s\W_]+")


class UsageError(Exception):
    """Bad folder or map file: a message for the user."""


# --- numbers --------------------------------------------------------------------

def canonical(number: str | int | float | Decimal) -> str:
    """`3.70` -> `3.7`, `100.0` -> `100`, `007` -> `7`."""
    try:
        value = Decimal(str(number))
    except InvalidOperation:
        return str(number)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def chinese_value(run: str) -> int | None:
    """Value of a run of Chinese numerals, None if it is not one number.

    Digit strings without units read digit by digit (二〇三五 -> 2035)."""
    if not any(c in UNITS or c in BIG for c in run):
        if all(c in DIGITS for c in run):
            return int("".join(str(DIGITS[c]) for c in run))
        return None
    total, section, digit = 0, 0, None
    for c in run:
        if DIGITS.get(c) == 0:  # 一百零五: a zero only marks a gap
            continue
        if c in DIGITS:
            if digit is not None:
                return None
            digit = DIGITS[c]
        elif c in UNITS:
            section += (1 if digit is None else digit) * UNITS[c]
            digit = None
        elif c in BIG:
            section += digit or 0
            if section == 0:
                return None
            total += section * BIG[c]
            section, digit = 0, None
    return total + section + (digit or 0)


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def source_numbers(text: str) -> set[str]:
    """Every number in a source text, Arabic or Chinese, in canonical form."""
    text = normalise(text)
    found = {canonical(m.group()) for m in ARABIC.finditer(text)}
    for m in CN_RUN.finditer(text):
        run = m.group()
        value = chinese_value(run)
        if value is not None:
            found.add(str(value))
        found.update(str(DIGITS[c]) for c in run if c in DIGITS)  # 十四五 -> 4, 5
        found.update(str(UNITS[c]) for c in run if c in UNITS)
    return found


def record_numbers(text: str) -> Iterator[tuple[str, int]]:
    """(canonical number, offset) for each number written in a record text."""
    text = normalise(text)
    list_numbers = {m.start(1) for m in LIST_MARK.finditer(text)}
    for m in ARABIC.finditer(text):
        if m.start() in list_numbers:
            continue
        yield canonical(m.group()), m.start()
    for m in CN_RUN.finditer(text):
        run, after = m.group(), text[m.end():m.end() + 2]
        if PLAN_NAME.match(run) or not after.startswith(COUNTERS):
            continue
        if run in BIG:  # a bare 万 / 亿 is a unit, not a number
            continue
        value = chinese_value(run.rstrip("万亿") or run)
        if value is not None:
            yield str(value), m.start()


# --- sentences ------------------------------------------------------------------

def counted(text: str) -> str:
    """The characters that count: no punctuation, spaces or Markdown."""
    return NOT_COUNTED.sub("", MARKDOWN.sub(lambda m: m.group(1) or "", text))


def unquoted(text: str) -> str:
    return QUOTED.sub("", text)


def sentences(text: str) -> Iterator[tuple[str, int]]:
    """(sentence, offset) pieces of `text`."""
    start = 0
    for m in SENTENCE_END.finditer(text + "\n"):
        piece = text[start:m.start()]
        if piece.strip():
            yield piece, start
        start = m.end()


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence (bit-parallel, Hyyrö 2004)."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, c in enumerate(a):
        masks[c] = masks.get(c, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for c in b:
        u = v & masks.get(c, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


@dataclass(frozen=True)
class SourceSentence:
    text: str
    chars: str
    counts: Counter


def source_sentences(text: str) -> list[SourceSentence]:
    out = []
    for piece, _ in sentences(normalise(text)):
        chars = counted(piece)
        if len(chars) >= MIN_CHARS // 2:
            out.append(SourceSentence(piece.strip(), chars, Counter(chars)))
    return out


def closest(sentence: str, pool: list[SourceSentence]) -> tuple[float, SourceSentence] | None:
    """The source sentence holding the largest share of `sentence`'s
    characters in order, if that share is at least CLOSE."""
    need = CLOSE * len(sentence)
    mine = Counter(sentence)
    best: tuple[float, SourceSentence] | None = None
    for cand in pool:
        if sum((mine & cand.counts).values()) < need:  # cheap upper bound
            continue
        share = lcs_length(sentence, cand.chars) / len(sentence)
        if share >= CLOSE and (best is None or share > best[0]):
            best = (share, cand)
    return best


# --- documents ------------------------------------------------------------------

@dataclass
class Document:
    name: str
    numbers: set[str]
    sentences: list[SourceSentence]
    flat: str


class Library:
    """The source texts of DIR, found by title or 文号 through the map file."""

    def __init__(self, folder: Path, map_file: Path) -> None:
        if not folder.is_dir():
            raise UsageError(f"来源文本目录不存在：{folder}，请给出存放来源文本的目录")
        try:
            entries = yaml.safe_load(map_file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise UsageError(f"无法读取来源对照表 {map_file}：{exc}") from exc
        if not isinstance(entries, list):
            raise UsageError(f"来源对照表 {map_file} 应是列表，每项写 file、titles、doc_nos")
        self.by_key: dict[str, list[str]] = {}
        self.docs: dict[str, Document] = {}
        for i, entry in enumerate(entries, 1):
            name = entry.get("file") if isinstance(entry, dict) else None
            if not isinstance(name, str) or not (folder / name).is_file():
                raise UsageError(f"来源对照表 {map_file} 第 {i} 项的文件 {name!r} 不在 {folder} 中")
            try:
                text = (folder / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"无法以 UTF-8 读取来源文本 {folder / name}：{exc}") from exc
            self.docs[name] = Document(name, source_numbers(text), source_sentences(text),
                                       flatten(text))
            for field in ("doc_nos", "titles"):
                keys = entry.get(field) or []
                if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                    raise UsageError(f"来源对照表 {map_file} 第 {i} 项的 {field} 应是文字列表，"
                                     "例如 [沪府办发〔2023〕24号]")
                for key in keys:
                    self.by_key.setdefault(key_of(key), []).append(name)

    def for_source(self, source: Any) -> list[Document]:
        """Files for one `sources` entry: by 文号, else by title."""
        if not isinstance(source, dict):
            return []
        for field in ("doc_no", "title"):
            names = self.by_key.get(key_of(source.get(field) or ""))
            if names:
                return [self.docs[n] for n in names]
        return []

    def named_in(self, text: str) -> list[Document]:
        """Files whose title or 文号 `text` mentions (for collections)."""
        plain = key_of(text)
        names = {n for key, files in self.by_key.items() if key and key in plain for n in files}
        return [self.docs[n] for n in sorted(names)]


def key_of(text: str) -> str:
    """A title or 文号 for matching: no 书名号, quotes or spaces, NFKC."""
    return re.sub(r"[\s《》“”\"]", "", normalise(str(text)))


# --- records --------------------------------------------------------------------

@dataclass(frozen=True)
class Piece:
    """One scalar of a record: where it is, its text, and what kind it is:
    a number field (`exact`), prose, or a name (numbers only)."""

    loc: Loc
    text: str
    prose: bool = False
    exact: bool = False


def pieces(value: Any, loc: Loc = ()) -> Iterator[Piece]:
    """Scalars worth checking, with their location."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SKIP_FIELDS:
                continue
            yield from pieces(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from pieces(item, (*loc, i))
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, (int, float)):
        if len(loc) > 1 and loc[-1] in ("value", "year"):  # indicators, not the record year
            yield Piece(loc, canonical(value), exact=True)
    elif isinstance(value, str):
        name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        yield Piece(loc, value, prose=name not in NAME_FIELDS)


def cited(data: dict, library: Library, collection: bool) -> list[Document]:
    if collection:
        return library.named_in(" ".join(str(data.get(k) or "") for k in ("intro", "subtitle")))
    docs: dict[str, Document] = {}
    for source in data.get("sources") or []:
        for doc in library.for_source(source):
            docs[doc.name] = doc
    return list(docs.values())


@dataclass
class Findings:
    numbers: list[Problem]
    paraphrases: list[Problem]
    quotes: list[Problem]
    unchecked: list[str]


def check_record(path: Path, doc: YamlDoc, library: Library, out: Findings) -> None:
    """Append the findings for one record (or collection) to `out`."""
    data = doc.data
    if not isinstance(data, dict):
        return
    docs = cited(data, library, path.parent.name == "collections")
    shown = display_path(path)
    if not docs:
        out.unchecked.append(shown)
        return
    cite = Cited(docs)

    def at(piece: Piece, offset: int | None, message: str, suggestion: str) -> Problem:
        line, col = doc.locate(piece.loc, offset=offset)
        return Problem(shown, line, col, field_name(piece.loc), message, suggestion)

    for piece in pieces(data):
        found = [(piece.text, None)] if piece.exact else record_numbers(piece.text)
        out.numbers += [at(piece, offset, f"数字 {number} 在所引文件（{cite.names}）中找不到",
                           "请核对来源改正，或引用写有这个数字的文件和章节")
                        for number, offset in found if number not in cite.numbers]
        if piece.exact:
            continue
        out.quotes += [at(piece, offset, f"引号里的“{_short(words)}”在所引文件中找不到原文",
                          "引号只用来照录原话：请按来源原样写，或去掉引号用自己的话说")
                       for words, offset in quotations(piece.text) if words not in cite.flat]
        if piece.prose:
            out.paraphrases += [at(piece, offset, f"这一句有 {share:.0%} 的字按顺序出现在来源的"
                                                  f"一句话里（“{_short(src.text)}”）",
                                   "请用自己的话重写；名称、文件名可加引号照录")
                                for offset, share, src in close_sentences(piece.text, cite)]


def close_sentences(text: str, cite: Cited) -> Iterator[tuple[int, float, SourceSentence]]:
    """(offset, share, source sentence) for each close paraphrase in `text`."""
    for sentence, offset in sentences(normalise(text)):
        chars = counted(unquoted(sentence))
        hit = closest(chars, cite.sentences) if len(chars) >= MIN_CHARS else None
        if hit:
            yield offset, hit[0], hit[1]


class Cited:
    """What the documents a record cites offer to compare against."""

    def __init__(self, docs: list[Document]) -> None:
        self.names = "、".join(d.name for d in docs)
        self.numbers: set[str] = set().union(*(d.numbers for d in docs))
        self.sentences = [s for d in docs for s in d.sentences]
        self.flat = "\n".join(d.flat for d in docs)


def flatten(text: str) -> str:
    """Text for verbatim comparison: NFKC, no whitespace."""
    return re.sub(r"\s+", "", normalise(text))


def quotations(text: str) -> Iterator[tuple[str, int]]:
    """(flattened words, offset) inside “…” and 《…》 in a record text."""
    for m in QUOTE_OR_TITLE.finditer(text):
        words = flatten(m.group(1) or m.group(2))
        if len(words) >= 2:
            yield words, m.start()


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def record_paths(targets: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for target in targets:
        if target.is_dir():
            if target.resolve() == CONTENT.resolve():
                out += [p for f in FOLDERS for p in sorted((target / f).glob("*.yml"))]
            else:
                out += sorted(target.rglob("*.yml"))
        elif target.is_file():
            out.append(target)
        else:
            raise UsageError(f"文件或目录不存在：{target}")
    return out


def check(paths: Iterable[Path], library: Library) -> Findings:
    out = Findings([], [], [], [])
    for path in paths:
        doc, _issues = load_file(path)
        if doc is None:  # unreadable: the validator explains why
            out.unchecked.append(display_path(path))
        else:
            check_record(path, doc, library, out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="核对记录中的数字和句子与所引来源文本是否一致（数字找不到时退出码为 1）。")
    parser.add_argument("dir", nargs="?", type=Path, help="来源文本目录（默认 ../shared/seeds）")
    parser.add_argument("paths", nargs="*", type=Path, help="只检查这些记录文件或目录")
    parser.add_argument("--map", type=Path, default=DEFAULT_MAP,
                        help="来源标题、文号与文件的对照表")
    parser.add_argument("--strict", action="store_true", help="句子与来源过于接近时也以 1 退出")
    args = parser.parse_args(argv)
    folder = args.dir or DEFAULT_DIR
    try:
        library = Library(folder, args.map)
        findings = check(record_paths(args.paths or [CONTENT]), library)
    except UsageError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    for problem in findings.numbers:
        print(problem.format())
    for problem in [*findings.paraphrases, *findings.quotes]:
        print(problem.format())
    for shown in findings.unchecked:
        print(f"{shown}: 所引来源在对照表中没有对应文本，未检查", file=sys.stderr)
    print(f"数字找不到 {len(findings.numbers)} 处，与来源过于接近的句子 "
          f"{len(findings.paraphrases)} 句，引号里找不到原文 {len(findings.quotes)} 处，"
          f"未检查的记录 {len(findings.unchecked)} 条。", file=sys.stderr)
    failed = findings.numbers or (args.strict and (findings.paraphrases or findings.quotes))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
