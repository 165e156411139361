"""scripts.check_sources on small fixture texts."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from scripts import check_sources
from scripts.check_sources import canonical, chinese_value, lcs_length, record_numbers

SOURCE = """示例城市终身教育报告
全市建成社区学习点31个，参与学习的市民超过3.7万人次，形成市、区、街道三级网络。
2021年起，示例城市开展学习型社区建设监测，覆盖全部16个区。
示例城市依托开放大学建设终身学习服务平台，为市民提供在线课程和学习成果认证服务。
"""

MAP = """- file: report.txt
  titles: [示例城市终身教育报告]
  doc_nos: [示教发〔2023〕1号]
"""


def record(**fields: str) -> str:
    lines = ["id: demo", "title: 示例记录",
             "sources:", "  - title: 示例城市终身教育报告", "    issuer: 示例机构",
             '    date: "2023"', "    section: 全文"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "report.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "map.yml").write_text(MAP, encoding="utf-8")
    (tmp_path / "content" / "cases").mkdir(parents=True)
    return tmp_path


def run(repo: Path, text: str, *extra: str, folder: str = "cases") -> tuple[int, str]:
    path = repo / "content" / folder / "demo.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    code = check_sources.main([str(repo / "texts"), str(path), "--map", str(repo / "map.yml"),
                               *extra])
    return code, path.as_posix()


def test_number_missing_from_the_cited_document_fails(repo: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    code, path = run(repo, record(summary="全市建成社区学习点32个。"))
    out = capsys.readouterr().out
    assert code == 1
    assert f"{path}:8:10: summary: 数字 32 在所引文件（report.txt）中找不到" in out


def test_indicator_values_are_checked(repo: Path, capsys: pytest.CaptureFixture) -> None:
    text = record() + "results:\n  - {what: 学习点, value: 31, unit: 个}\n" \
        "  - {what: 区, value: 17, unit: 个, year: 2021}\n"
    code, _ = run(repo, text)
    out = capsys.readouterr().out
    assert code == 1 and "results[1].value: 数字 17" in out and "数字 31" not in out


@pytest.mark.parametrize("summary", [
    "全市已有社区学习点３１个。",            # full-width digits
    "参与学习的市民超过3.70万人次。",       # same value, other spelling
    "示例城市形成了三级学习网络。",          # Chinese numeral before a measure word
    "示例城市在“十四五”期间开展监测。",      # a plan name is not a number
    "|\n  1. 做法甲。\n  2. 做法乙。",       # list numbers are not facts
])
def test_numbers_are_normalised(repo: Path, summary: str) -> None:
    assert run(repo, record(summary=summary))[0] == 0


def test_close_paraphrase_is_reported_but_only_strict_fails(
        repo: Path, capsys: pytest.CaptureFixture) -> None:
    copied = "示例城市依托开放大学建设终身学习服务平台，为市民提供在线课程和学习成果认证。"
    code, path = run(repo, record(background=copied))
    out = capsys.readouterr().out
    assert code == 0 and f"{path}:8:13: background: 这一句有" in out
    assert run(repo, record(background=copied), "--strict")[0] == 1


def test_own_words_and_quoted_names_pass(repo: Path, capsys: pytest.CaptureFixture) -> None:
    own = "开放大学牵头搭建的平台上，市民可以上网学课，学完还能拿到认证。"
    quoted = "报告提到“示例城市依托开放大学建设终身学习服务平台”这一说法。"
    code, _ = run(repo, record(background=own, summary=quoted), "--strict")
    assert code == 0 and "这一句有" not in capsys.readouterr().out


def test_changed_word_inside_quotation_marks_is_reported(
        repo: Path, capsys: pytest.CaptureFixture) -> None:
    exact = "报告称“形成市、区、街道三级网络”。"
    assert run(repo, record(summary=exact), "--strict")[0] == 0
    changed = "报告称“形成市、区、街镇三级网络”。"
    code, path = run(repo, record(summary=changed))
    out = capsys.readouterr().out
    assert code == 0 and f"{path}:8:10: summary: 引号里的“形成市、区、街镇三级网络”" in out
    assert run(repo, record(summary=changed), "--strict")[0] == 1


def test_collection_uses_the_documents_its_intro_names(repo: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    text = "id: demo\nintro: 依据《示例城市终身教育报告》。全市共有学习点99个。\n"
    code, _ = run(repo, text, folder="collections")
    assert code == 1 and "数字 99" in capsys.readouterr().out
    code, _ = run(repo, "id: demo\nintro: 没有写明依据，学习点99个。\n", folder="collections")
    assert code == 0 and "未检查" in capsys.readouterr().err


def test_source_matched_by_doc_no(repo: Path, capsys: pytest.CaptureFixture) -> None:
    text = record(summary="学习点40个。").replace("title: 示例城市终身教育报告",
                                                 "title: 另一个标题\n    doc_no: 示教发〔2023〕1号")
    assert run(repo, text)[0] == 1 and "数字 40" in capsys.readouterr().out


def test_missing_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert check_sources.main([str(tmp_path / "nowhere")]) == 2
    assert "来源文本目录不存在" in capsys.readouterr().err


def test_map_naming_a_missing_file_is_a_usage_error(repo: Path,
                                                    capsys: pytest.CaptureFixture) -> None:
    (repo / "map.yml").write_text("- file: gone.txt\n  titles: [x]\n", encoding="utf-8")
    assert run(repo, record())[0] == 2
    assert "gone.txt" in capsys.readouterr().err


@pytest.mark.parametrize("map_text, words", [
    ("- file: report.txt\n  titles: 示例城市终身教育报告\n", "titles 应是文字列表"),
    ("file: report.txt\n", "应是列表"),
])
def test_malformed_map_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture,
                                        map_text: str, words: str) -> None:
    (repo / "map.yml").write_text(map_text, encoding="utf-8")
    assert run(repo, record())[0] == 2
    assert words in capsys.readouterr().err


def test_source_text_not_in_utf8_is_a_usage_error(repo: Path,
                                                  capsys: pytest.CaptureFixture) -> None:
    (repo / "texts" / "report.txt").write_bytes(SOURCE.encode("gbk"))
    assert run(repo, record())[0] == 2
    assert "UTF-8" in capsys.readouterr().err


@pytest.mark.parametrize("run_, value", [("二〇三五", 2035), ("十五", 15), ("二十", 20),
                                         ("三百", 300), ("一万二千", 12000), ("两", 2),
                                         ("十", 10), ("一百零五", 105)])
def test_chinese_numerals(run_: str, value: int) -> None:
    assert chinese_value(run_) == value


def test_record_numbers_and_canonical_form() -> None:
    assert [n for n, _ in record_numbers("共建成83个分中心、1.10万集课程，三级网络")] \
        == ["83", "1.1", "3"]
    assert canonical(100.0) == "100" and canonical("3.70") == "3.7"


def test_lcs_length_matches_plain_dynamic_programming() -> None:
    def slow(a: str, b: str) -> int:
        row = [0] * (len(b) + 1)
        for ca in a:
            prev = 0
            for j, cb in enumerate(b, 1):
                prev, row[j] = row[j], prev + 1 if ca == cb else max(row[j], row[j - 1])
        return row[-1]

    rng = random.Random(3)
    for _ in range(200):
        a = "".join(rng.choice("学习型城市建") for _ in range(rng.randint(0, 30)))
        b = "".join(rng.choice("学习型社会建设") for _ in range(rng.randint(0, 40)))
        assert lcs_length(a, b) == slow(a, b)
