"""The scaffolder (`python -m scripts.new`), the record templates and the
editor schema mapping."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from editors_support import content_copy, problems, snapshot

from casebook.paths import RECORD_DIRS, ROOT
from casebook.schema import load_schema
from scripts import new

SOURCE = "城市联动 引领学习型社会建设｜开放教育｜2023-10-14｜数字赋能 学习型社会建设的“上海样本”"
SUMMARY = "某区依托社区学校开设面向老年人的数字技能课程，帮助老年人使用智能手机。"


def case_args(root: Path, **over: str) -> list[str]:
    """Flags for a complete case; `over` replaces or (value None) drops flags."""
    flags = {"--title": "上海市长者数字课堂", "--region": "沪", "--task": "学习型城市",
             "--kind": "地方特色项目", "--year": "2023", "--summary": SUMMARY, "--source": SOURCE,
             "--root": str(root)}
    flags.update({f"--{k.replace('_', '-')}": v for k, v in over.items()})
    return ["case"] + [x for k, v in flags.items() if v is not None for x in (k, v)]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return content_copy(tmp_path)


def test_writes_a_valid_stub_from_flags(root: Path, capsys: pytest.CaptureFixture) -> None:
    assert new.main(case_args(root)) == 0
    path = root / "cases" / "shanghai-zhangzhe-shuzi-ketang.yml"
    assert path.exists(), capsys.readouterr()
    assert problems(root) == []
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/case.schema.json\n")
    data = yaml.safe_load(text)
    # names and aliases were turned into ids; only what was given is there
    assert data["region"] == "shanghai" and data["tasks"] == ["learning-city"]
    assert data["kind"] == "local-programme" and data["year"] == 2023
    assert data["status"] == "stub" and data["audiences"] == [] and data["themes"] == []
    assert data["sources"] == [{"title": "城市联动 引领学习型社会建设", "issuer": "开放教育",
                                "date": "2023-10-14",
                                "section": "数字赋能 学习型社会建设的“上海样本”"}]
    assert "practices" not in data and "results" not in data
    # the optional fields are offered as comments, with the schema's descriptions
    assert re.search(r"^# practices: +# 主要做法", text, re.M)
    assert re.search(r"^# replicability: +# 可复制要点", text, re.M)


def test_source_flag_keeps_doc_no_and_url(root: Path) -> None:
    """`--source` documents optional ｜文号｜网址 parts: they reach the record."""
    source = SOURCE + "｜教职成函〔2023〕9号｜https://example.org/a"
    assert new.main(case_args(root, source=source)) == 0
    data = yaml.safe_load((root / "cases" / "shanghai-zhangzhe-shuzi-ketang.yml")
                          .read_text(encoding="utf-8"))
    assert data["sources"][0]["doc_no"] == "教职成函〔2023〕9号"
    assert data["sources"][0]["url"] == "https://example.org/a"


def test_course_and_policy(root: Path) -> None:
    assert new.main(["course", "--title", "长者智能手机课程", "--region", "上海市",
                     "--task", "county-learning-centre", "--year", "2023", "--summary", SUMMARY,
                     "--source", SOURCE, "--root", str(root)]) == 0
    assert new.main(["policy", "--title", "某市终身教育促进办法", "--region", "quanguo",
                     "--task", "学习型城市", "--issuer", "某市人民政府", "--level", "市",
                     "--coverage", "metadata", "--doc-no", "某府令〔2023〕1号", "--year", "2023",
                     "--summary", "某市关于终身教育的规章，来源只提到名称。", "--source", SOURCE,
                     "--root", str(root)]) == 0
    assert problems(root) == []
    policy = yaml.safe_load((root / "policies" / "moushi-zhongshenjiaoyu-cujin-banfa.yml")
                            .read_text(encoding="utf-8"))
    assert policy["level"] == "municipal" and policy["doc_no"] == "某府令〔2023〕1号"
    assert "doc_no" not in policy["sources"][0]  # not copied into the source: nothing invented


def test_id_starts_with_province_and_city(root: Path) -> None:
    assert new.main(case_args(root, title="重庆市沙坪坝区社区书院", region="沙坪坝区")) == 0
    assert (root / "cases" / "chongqing-shapingba-shequ-shuyuan.yml").exists()


@pytest.mark.parametrize("taken", ["shanghai-jinse-xuetang", "jiaozhichenghan-2023-9"])
def test_refuses_an_id_in_use(root: Path, taken: str, capsys: pytest.CaptureFixture) -> None:
    """An id used by any record (any type) is refused, and nothing is written."""
    before = snapshot(root)
    assert new.main(case_args(root, id=taken)) == 1
    err = capsys.readouterr().err
    assert f'编号 "{taken}" 已被' in err and "没有写入任何文件" in err
    assert snapshot(root) == before


def test_refuses_a_proposed_id_in_use(root: Path, capsys: pytest.CaptureFixture) -> None:
    """Same title, same region: the record probably exists already."""
    assert new.main(case_args(root, title="金色学堂")) == 1
    err = capsys.readouterr().err
    assert "shanghai-jinse-xuetang" in err and "--id" in err and "shanghai-jinse-xuetang-2" in err


def test_refuses_an_old_id(root: Path, capsys: pytest.CaptureFixture) -> None:
    path = root / "cases" / "shanghai-jinse-xuetang.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "id: shanghai-jinse-xuetang\n", "id: shanghai-jinse-xuetang\naliases:\n  - shanghai-old\n"),
        encoding="utf-8")
    assert problems(root, [path]) == []
    assert new.main(case_args(root, id="shanghai-old")) == 1
    assert "旧编号" in capsys.readouterr().err
    assert not (root / "cases" / "shanghai-old.yml").exists()


def test_missing_flags_without_a_terminal(root: Path, capsys: pytest.CaptureFixture) -> None:
    before = snapshot(root)
    assert new.main(case_args(root, kind=None, summary=None, source=None)) == 2
    err = capsys.readouterr().err
    assert "缺少必填项" in err
    for flag in ("--kind", "--summary", "--source-title", "--source-section"):
        assert flag in err
    assert snapshot(root) == before


def test_bad_values_get_the_validators_messages(root: Path, capsys: pytest.CaptureFixture
                                                ) -> None:
    before = snapshot(root)
    assert new.main(case_args(root, region="上海", task="学习型城", year="1800",
                              summary="太短")) == 1
    err = capsys.readouterr().err
    assert 'tasks[0]: 未知重点任务 "学习型城"' in err and "learning-city" in err
    assert "year: 年份 1800 不合理" in err and "summary:" in err
    assert snapshot(root) == before


def test_interactive_prompts_check_each_answer_as_typed(capsys: pytest.CaptureFixture) -> None:
    from casebook.writer import Context

    answers = iter(["火星", "渝", "三教统筹、学习型城市", "学习型城市案例", "去年", "2023"])
    got: dict = {"title": "示例", "summary": SUMMARY, "source_title": "t",
                 "source_issuer": "i", "source_date": "2023", "source_section": "s"}
    new.prompt_missing(got, "case", Context.load(), ask=lambda _prompt: next(answers))
    assert got["region"] == "渝"  # resolved to an id when the record is built
    assert got["tasks"] == ["三教统筹", "学习型城市"] and got["kind"] == "学习型城市案例"
    assert got["year"] == "2023"
    out = capsys.readouterr().out
    assert '未知地区 "火星"' in out and '应为整数，实际是文本 "去年"' in out


@pytest.mark.parametrize("typed", ["24", "2024.5", "去年"])
def test_a_typed_year_gets_advice_about_years_not_quotes(typed: str) -> None:
    """The editor typed no quotes: "请去掉引号" would send them looking for some."""
    from casebook.writer import Context

    messages = new.answer_problems("case", "year", typed, Context.load())
    assert messages and not any("引号" in m for m in messages), messages
    assert any("四位数字" in m for m in messages), messages


def test_a_given_flag_is_checked_and_asked_again(capsys: pytest.CaptureFixture) -> None:
    from casebook.writer import Context

    got: dict = {"title": "示例", "region": "shanghai", "tasks": ["learning-city"],
                 "kind": "local-programme", "year": "2023", "summary": "太短",
                 "source_title": "t", "source_issuer": "i", "source_date": "2023-13",
                 "source_section": "s"}
    answers = iter([SUMMARY, "2023-12"])
    new.prompt_missing(got, "case", Context.load(), ask=lambda _prompt: next(answers))
    assert got["summary"] == SUMMARY and got["source_date"] == "2023-12"
    out = capsys.readouterr().out
    assert "太短：至少 10 个字" in out and "日期 2023-13 不存在（没有 13 月）" in out


def test_a_final_refusal_saves_a_draft_and_resumes(root: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr(new, "DRAFTS", tmp_path / "drafts")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    typed = iter(["去年", "前年", "明年"])
    monkeypatch.setattr("builtins.input", lambda _prompt: next(typed))
    before = snapshot(root)
    assert new.main(case_args(root, year=None)) == 1
    err = capsys.readouterr().err
    [draft] = (tmp_path / "drafts").glob("case-*.yml")
    assert f"连续 {new.MAX_TRIES} 次没有通过检查" in err and draft.name in err
    # the hint is a command that works as typed: the project's Python, not the system one
    assert ".venv/bin/python -m scripts.new case --draft " in err
    saved = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert saved["answers"]["title"] == "上海市长者数字课堂"
    assert saved["rejected"] == {"year": "明年"}
    assert snapshot(root) == before
    # starting again from the draft asks only for what was refused
    typed = iter(["2023", ""])
    monkeypatch.setattr("builtins.input", lambda _prompt: next(typed))
    assert new.main(["case", "--root", str(root), "--draft", str(draft)]) == 0
    assert (root / "cases" / "shanghai-zhangzhe-shuzi-ketang.yml").exists()
    assert not draft.exists()  # a used draft is not left to be mistaken for unfinished work


def test_interactive_id_prompt_warns_about_an_existing_record(capsys: pytest.CaptureFixture
                                                              ) -> None:
    from casebook.writer import Context

    ctx = Context.load()
    rid = new.ask_id(ctx, {"title": "金色学堂", "region": "shanghai"}, ask=lambda _p: "")
    assert rid == "shanghai-jinse-xuetang-2"
    assert "可能已经收录" in capsys.readouterr().out


def test_a_typed_id_is_checked_and_asked_again(capsys: pytest.CaptureFixture) -> None:
    """The id is an answer like the others: a Chinese or taken id is refused
    at the prompt, not after everything else was typed."""
    from casebook.writer import Context

    typed = iter(["金色学堂", "shanghai-jinse-xuetang", ""])
    rid = new.ask_id(Context.load(), {"title": "金色学堂", "region": "shanghai"},
                     ask=lambda _p: next(typed))
    assert rid == "shanghai-jinse-xuetang-2"
    out = capsys.readouterr().out
    assert "小写英文字母、数字和连字符" in out and "shanghai-jinse-xuetang.yml" in out


# --- templates and editor support ---------------------------------------------

@pytest.mark.parametrize("rtype", sorted(RECORD_DIRS))
def test_template_documents_every_field(rtype: str) -> None:
    text = (ROOT / "templates" / f"{rtype}.yml").read_text(encoding="utf-8")
    schema = load_schema(rtype)
    for key in schema["properties"]:
        if key == "$schema":
            continue
        match = re.search(rf"^(# )?{re.escape(key)}:", text, re.M)
        assert match, f"templates/{rtype}.yml does not show field {key}"
        before = text[:match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        assert before.startswith("#"), f"templates/{rtype}.yml: no comment above {key}"
    for key in schema["required"]:
        assert re.search(rf"^{re.escape(key)}:", text, re.M), f"required {key} is commented out"


@pytest.mark.parametrize("rtype", sorted(RECORD_DIRS))
def test_filled_template_validates(rtype: str, tmp_path: Path) -> None:
    """Filling in the blanks of a template gives a valid record; blanks are errors."""
    root = content_copy(tmp_path)
    text = (ROOT / "templates" / f"{rtype}.yml").read_text(encoding="utf-8")
    blank = root / RECORD_DIRS[rtype] / "shanghai-template-test.yml"
    blank.write_text(text, encoding="utf-8")
    assert problems(root, [blank]), "an unfilled template must not validate"
    fill = {"id": "shanghai-template-test", "title": "模板测试记录", "region": "shanghai",
            "year": "2023", "summary": "用模板写成的一条测试记录，只用于检查模板。",
            "updated": '"2024-01-01"', "kind": "local-programme", "issuer": "上海市人民政府",
            "level": "provincial", "coverage": "metadata", "title_src": "来源标题",
            "issuer_src": "发布机构", "date": '"2023-10-14"', "section": "第一部分"}
    out = []
    for line in text.splitlines():
        m = re.match(r"^(\s*(?:- )?)(\w+):(\s+#.*)?$", line)
        key = m and m.group(2)
        if m and line.startswith(("  - title", "    issuer")):
            key = key + "_src"
        if m and key in fill:
            line = f"{m.group(1)}{m.group(2)}: {fill[key]}"
        elif re.match(r"^  -\s+# ", line):
            line = "  - learning-city"
        out.append(line)
    blank.write_text("\n".join(out) + "\n", encoding="utf-8")
    assert problems(root, [blank]) == []


def test_vscode_maps_content_folders_to_schemas() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for rtype, folder in RECORD_DIRS.items():
        schema = f"./schemas/{rtype}.schema.json"
        assert (ROOT / schema).exists()
        assert f"content/{folder}/*.yml" in mapping[schema]


def test_a_draft_that_is_not_there_is_said_in_chinese(root: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    assert new.main(["case", "--root", str(root), "--draft", str(tmp_path / "d.yml")]) == 2
    err = capsys.readouterr().err
    assert "找不到这个文件" in err and "No such file" not in err
