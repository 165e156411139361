"""The 推介表 importer on good and bad tables, in CSV (UTF-8, UTF-8 with BOM,
GBK) and XLSX, always importing into a private copy of the content tree."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from editors_support import content_copy, problems, snapshot
from openpyxl import Workbook

from scripts import import_table

HEADER = ["案例名称", "申报单位", "所在地区", "重点任务", "案例类型", "年度", "案例简介",
          "主要做法", "成效", "来源", "联系人"]
GOOD_ROW = ["社区学习示范点建设", "示例区社区教育学院、示例区职业教育中心", "重庆市江津区",
            "县域社区学习中心；三教统筹", "品牌社区学习中心", "2023",
            "示例区依托社区教育学院建设社区学习示范点，\n把三级学习网络连起来。",
            "1. 统筹全区学习点\n2. 每个街镇一个示范点", "建成示范点 12 个",
            "示例来源文章｜示例期刊｜2023年10月14日｜第二部分", "张三"]
BAD_ROW = ["火星学堂", "", "火星", "学习型城", "品牌社区学习中心", "1800", "太短", "", "",
           "示例来源｜示例期刊｜2023", "李四"]
STUB_ROW = ["长者数字课堂", "", "沪", "learning-city", "地方特色项目", "2024",
            "某区依托社区学校开设面向老年人的数字技能课程，帮助老年人使用智能手机。", "", "",
            "示例来源｜示例期刊｜2024-03｜全文｜https://example.org/a", ""]
GOOD_ID = "chongqing-jiangjin-shequ-xuexi-shifandian-jianshe"
STUB_ID = "shanghai-zhangzhe-shuzi-ketang"


def csv_bytes(rows: list[list], encoding: str) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode(encoding)


def write_table(path: Path, rows: list[list]) -> Path:
    """Write `rows` as the file type `path` names (.xlsx, or .csv in an encoding)."""
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        for row in rows:
            sheet.append([int(c) if isinstance(c, str) and c.isdigit() else c for c in row])
        book.save(path)
        return path
    encoding = {"utf8": "utf-8", "bom": "utf-8-sig", "gbk": "gbk"}[path.stem.rsplit("-", 1)[-1]]
    path.write_bytes(csv_bytes(rows, encoding))
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return content_copy(tmp_path)


@pytest.mark.parametrize("name", ["table-utf8.csv", "table-bom.csv", "table-gbk.csv",
                                  "table.xlsx"])
def test_good_rows_written_bad_row_refused(name: str, root: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture) -> None:
    table = write_table(tmp_path / name, [HEADER, GOOD_ROW, BAD_ROW, STUB_ROW])
    assert import_table.main([str(table), "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "联系人" not in out  # contact columns are ignored quietly
    # the bad row: its row number, column and the validator's messages
    assert "第 3 行：未导入" in out
    assert "第 3 行，C 列「所在地区」：未知地区 \"火星\"" in out
    assert "第 3 行，D 列「重点任务」：未知重点任务 \"学习型城\"" in out and "learning-city" in out
    assert "第 3 行，F 列「年度」：年份 1800 不合理" in out
    assert "第 3 行，G 列「案例简介」" in out and "第 3 行，J 列「来源」" in out
    assert "新建 2，更新 0，跳过（已存在）0，拒绝 1" in out
    assert not list((root / "cases").glob("*huoxing*"))
    # the good rows are valid records
    assert problems(root) == []
    good = yaml.safe_load((root / "cases" / f"{GOOD_ID}.yml").read_text(encoding="utf-8"))
    assert good["region"] == "jiangjin" and good["kind"] == "brand-learning-centre"
    assert good["tasks"] == ["county-learning-centre", "three-education-coordination"]
    assert good["year"] == 2023 and good["status"] == "stub"  # 3 source facts: a stub by rule
    assert good["summary"] == "示例区依托社区教育学院建设社区学习示范点，把三级学习网络连起来。"
    assert good["practices"] == ["统筹全区学习点", "每个街镇一个示范点"]
    assert good["outcomes"] == ["建成示范点 12 个"]
    assert [o["name"] for o in good["organisations"]] == ["示例区社区教育学院",
                                                          "示例区职业教育中心"]
    assert good["sources"] == [{"title": "示例来源文章", "issuer": "示例期刊", "date": "2023-10-14",
                                "section": "第二部分"}]
    stub = yaml.safe_load((root / "cases" / f"{STUB_ID}.yml").read_text(encoding="utf-8"))
    assert stub["status"] == "stub" and stub["region"] == "shanghai"
    assert stub["sources"][0] == {"title": "示例来源", "issuer": "示例期刊", "date": "2024-03",
                                  "section": "全文", "url": "https://example.org/a"}


def test_xlsx_cells_of_other_types(root: Path, tmp_path: Path) -> None:
    """Numbers, dates and annotated headers as Excel users produce them."""
    book = Workbook()
    sheet = book.active
    sheet.append(["推介表（示例省）"])  # a title row above the header is not the header
    header = [h if h != "重点任务" else "重点任务（可多选）*" for h in HEADER[:10]]
    sheet.append(header)
    row = list(STUB_ROW[:10])
    row[5] = 2024.0
    row[9] = "示例来源｜示例期刊｜2024-03-01｜全文"
    sheet.append(row)
    book.save(tmp_path / "t.xlsx")
    assert import_table.main([str(tmp_path / "t.xlsx"), "--root", str(root)]) == 0
    data = yaml.safe_load((root / "cases" / f"{STUB_ID}.yml").read_text(encoding="utf-8"))
    assert data["year"] == 2024 and data["tasks"] == ["learning-city"]


def test_a_cell_merged_down_several_rows_fills_each_row(root: Path, tmp_path: Path) -> None:
    """Provinces merge 所在地区 or 案例类型 down the rows they share; the editor
    sees every row filled, so every row gets the value. Merges across columns
    (a title over the table) are not copied sideways."""
    book = Workbook()
    sheet = book.active
    sheet.append(["推介表（示例省）"])
    sheet.merge_cells("A1:J1")
    sheet.append(HEADER[:10])
    titles = ["长者数字课堂", "长者书法课堂", "长者摄影课堂"]
    for title in titles:
        sheet.append([title, *STUB_ROW[1:9], f"{title}总结｜示例期刊｜2024-03｜全文"])
    sheet["C4"] = sheet["C5"] = sheet["E4"] = sheet["E5"] = None
    sheet.merge_cells("C3:C5")  # 所在地区
    sheet.merge_cells("E3:E5")  # 案例类型
    book.save(tmp_path / "t.xlsx")
    assert import_table.main([str(tmp_path / "t.xlsx"), "--root", str(root)]) == 0
    written = [yaml.safe_load(p.read_text(encoding="utf-8"))
               for p in (root / "cases").glob("shanghai-zhangzhe-*.yml")]
    assert sorted(d["title"] for d in written) == sorted(titles)
    assert {(d["region"], d["kind"]) for d in written} == {("shanghai", "local-programme")}


def test_title_row_is_reported_as_missing_columns(root: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture) -> None:
    rows = [["案例名称", "所在地区", "备注"], ["x", "沪", ""]]
    table = write_table(tmp_path / "t-utf8.csv", rows)
    before = snapshot(root)
    assert import_table.main([str(table), "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert "缺少必需的列" in err and "重点任务" in err and "来源" in err and "申报单位" not in err
    assert snapshot(root) == before


def test_existing_ids_are_not_overwritten_without_update(root: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    table = write_table(tmp_path / "t-utf8.csv", [HEADER, GOOD_ROW])
    assert import_table.main([str(table), "--root", str(root)]) == 0
    path = root / "cases" / f"{GOOD_ID}.yml"
    # an editor completes the record by hand
    edited = path.read_text(encoding="utf-8").replace("status: stub", "status: complete") \
        + "background: 示例背景。\nresults:\n  - {what: 示范点, value: 12, unit: 个}\n" \
        + "replicability: 需要区级统筹。\n"
    path.write_text(edited, encoding="utf-8")
    capsys.readouterr()

    changed = list(GOOD_ROW)
    changed[6] = "示例区依托社区教育学院建设社区学习示范点，覆盖全部街镇。"
    table = write_table(tmp_path / "t2-utf8.csv", [HEADER, changed])
    assert import_table.main([str(table), "--root", str(root)]) == 0
    assert "已存在，未覆盖" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == edited

    assert import_table.main([str(table), "--root", str(root), "--update"]) == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["summary"].endswith("覆盖全部街镇。")
    assert data["replicability"] == "需要区级统筹。" and data["status"] == "complete"
    assert problems(root) == []


def test_an_id_of_another_type_is_refused(root: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture) -> None:
    row = list(STUB_ROW)
    row[0], row[2] = "学习型社会建设重点任务", "全国"  # a policy of that id exists
    (root / "policies" / "xuexixing-shehui-jianshe-zhongdian-renwu.yml").write_text(
        (root / "policies" / "jiaozhichenghan-2023-9.yml").read_text(encoding="utf-8").replace(
            "id: jiaozhichenghan-2023-9", "id: xuexixing-shehui-jianshe-zhongdian-renwu"),
        encoding="utf-8")
    before = snapshot(root)
    table = write_table(tmp_path / "t-utf8.csv", [HEADER, row])
    assert import_table.main([str(table), "--root", str(root), "--update"]) == 1
    assert "policies/xuexixing-shehui-jianshe-zhongdian-renwu.yml" in capsys.readouterr().out
    assert snapshot(root) == before


def test_duplicate_rows(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    table = write_table(tmp_path / "t-utf8.csv", [HEADER, GOOD_ROW, GOOD_ROW])
    assert import_table.main([str(table), "--root", str(root)]) == 1
    assert "第 3 行：未导入，与第 2 行是同一个案例" in capsys.readouterr().out
    assert (root / "cases" / f"{GOOD_ID}.yml").exists()


def test_dry_run_writes_nothing(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    table = write_table(tmp_path / "t-gbk.csv", [HEADER, GOOD_ROW, BAD_ROW])
    before = snapshot(root)
    assert import_table.main([str(table), "--root", str(root), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "第 2 行：将新建" in out and f"id: {GOOD_ID}" in out and "试运行" in out
    assert snapshot(root) == before


@pytest.mark.parametrize("raw, expected", [
    ("案例名称\n金色学堂\n".encode("utf-8-sig"), "案例名称"),
    ("案例名称\n金色学堂\n".encode("gbk"), "案例名称"),
    ("案例名称\n金色学堂\n".encode("utf-16"), "案例名称"),
])
def test_csv_encodings(raw: bytes, expected: str) -> None:
    assert import_table.decode_csv(raw).splitlines()[0] == expected


def test_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "t.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "t.xlsx").write_bytes(b"not a zip")
    assert import_table.main([str(tmp_path / "t.xls")]) == 2
    assert import_table.main([str(tmp_path / "t.xlsx")]) == 2
    assert import_table.main([str(tmp_path / "missing.csv")]) == 2
    err = capsys.readouterr().err
    assert "另存为 .xlsx" in err and "无法打开 Excel 文件" in err
    assert "No such file" not in err  # the strerror in English


def test_xlsx_without_openpyxl_says_which_python_to_use(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    """`python -m scripts.import_table` with a system Python that lacks openpyxl
    is a setup slip, not an internal error to send to the maintainers."""
    table = write_table(tmp_path / "t.xlsx", [HEADER, GOOD_ROW])
    monkeypatch.setitem(__import__("sys").modules, "openpyxl", None)  # import fails
    assert import_table.main([str(table), "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert ".venv/bin/python -m scripts.import_table" in err and "内部错误" not in err


@pytest.mark.parametrize("name", ["missing.xlsx", "missing.csv", "folder.xlsx"])
def test_a_file_that_is_not_there_is_not_called_damaged(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "folder.xlsx").mkdir()
    assert import_table.main([str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert ("是一个文件夹" if name.startswith("folder") else "找不到这个文件") in err
    assert "损坏" not in err and "No such file" not in err


def test_excel_dates_in_cells() -> None:
    assert import_table.cell_text(dt.datetime(2023, 10, 14)) == "2023-10-14"
    assert import_table.cell_text(2023.0) == "2023"
    assert import_table.column_letter(0) == "A" and import_table.column_letter(27) == "AB"


# --- a real 推介表: no 来源 column, loose headers, numbered practices ------------

REAL_HEADER = ["序号", " 项目名称 ", "申报单位（盖章）", "所在地区【省市区】",
               "重点任务（可多选）*", "案例类型", "年度", "案例简介（200字以内）", "主要做法",
               "主要成效", "联系人", "联系电话"]
REAL_ROW = ["1", "社区学习示范点建设", "示例区社区教育学院、示例区职业教育中心", "重庆市江津区",
            "县域社区学习中心", "品牌社区学习中心", "2023年",
            "示例区依托社区教育学院建设社区学习示范点，把三级学习网络连起来。",
            "（一）统筹全区学习点\n（二）每个街镇一个示范点\n三、村里设学习室", "", "张三", "123"]
TABLE_SOURCE = "某省教育厅推介表｜某省教育厅｜2024-06"


def test_table_wide_source_and_loose_headers(root: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    table = write_table(tmp_path / "real.xlsx",
                        [["附件2：2024年终身学习品牌项目推介表"], REAL_HEADER, REAL_ROW])
    assert import_table.main([str(table), "--root", str(root), "--source", TABLE_SOURCE]) == 0, \
        capsys.readouterr()
    out = capsys.readouterr().out
    assert "已忽略" not in out  # 序号, 联系人 and 联系电话 are ignored quietly
    data = yaml.safe_load((root / "cases" / f"{GOOD_ID}.yml").read_text(encoding="utf-8"))
    assert data["sources"] == [{"title": "某省教育厅推介表", "issuer": "某省教育厅",
                                "date": "2024-06", "section": "第 3 行"}]
    assert data["practices"] == ["统筹全区学习点", "每个街镇一个示范点", "村里设学习室"]
    assert [o["name"] for o in data["organisations"]] == ["示例区社区教育学院",
                                                          "示例区职业教育中心"]
    # Three practices and no results: fewer than four facts, so the status rule says stub.
    assert data["status"] == "stub" and problems(root) == []


def test_a_source_cell_naming_only_a_document(root: Path, tmp_path: Path) -> None:
    header = HEADER[:10]
    row = [*STUB_ROW[:1], "某区社区学院", *STUB_ROW[2:9], "某区老年教育工作总结"]
    table = write_table(tmp_path / "t-utf8.csv", [header, row])
    assert import_table.main([str(table), "--root", str(root)]) == 0
    data = yaml.safe_load((root / "cases" / f"{STUB_ID}.yml").read_text(encoding="utf-8"))
    assert data["sources"] == [{"title": "某区老年教育工作总结", "issuer": "某区社区学院",
                                "date": "2024", "section": "第 2 行"}]
    assert data["status"] == "stub"


def test_a_bad_year_is_reported_once_at_its_own_cell(root: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    """A 来源 cell naming only a document takes its date from 年度: a wrong 年度
    is that cell's problem, not a second one about a date in the 来源 cell."""
    row = [*STUB_ROW[:1], "某区社区学院", *STUB_ROW[2:5], "2023-2024", *STUB_ROW[6:9],
           "某区老年教育工作总结"]
    table = write_table(tmp_path / "t-utf8.csv", [HEADER[:10], row])
    assert import_table.main([str(table), "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "第 2 行，F 列「年度」" in out and "有 1 个问题" in out
    assert "J 列「来源」" not in out


def test_cell_messages_say_how_to_fix_the_cell(root: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    header = HEADER[:10]
    no_issuer = [*STUB_ROW[:1], "", *STUB_ROW[2:9], "某区老年教育工作总结"]
    no_section = [*GOOD_ROW[:5], "", *GOOD_ROW[6:9], "示例来源｜示例期刊｜2023"]
    table = write_table(tmp_path / "t-utf8.csv", [header, no_issuer, no_section])
    before = snapshot(root)
    assert import_table.main([str(table), "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "第 2 行，J 列「来源」 只写了文件名，缺少“发布机构”：发布机构取「申报单位」" in out
    assert "第 3 行，J 列「来源」 缺少“章节”：应写成 标题｜发布机构｜日期｜章节，例如" in out
    assert "第 3 行，F 列「年度」 是空的：请填写这一格" in out
    assert out.index("第 3 行，F 列") < out.index("第 3 行，J 列")  # left to right
    assert "添加一行" not in out
    assert snapshot(root) == before


def test_an_empty_source_cell_names_the_cell_not_the_option(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A row whose 来源 cell is empty (no --source) is about that cell: the
    editor never typed --source, so a message about it would mislead."""
    table = write_table(tmp_path / "t-utf8.csv", [HEADER[:10], [*STUB_ROW[:9], ""]])
    assert import_table.main([str(table), "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "第 2 行，J 列「来源」 是空的：" in out
    assert "--source 缺少" not in out
    assert "--source" in out  # the table-wide way is offered as an alternative


def test_an_unknown_region_cell_gets_a_spreadsheet_tip(root: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    """Advice to look up ids in a YAML vocabulary file means nothing to someone
    filling a spreadsheet: the tip names values that would work in the cell."""
    table = write_table(tmp_path / "t-utf8.csv", [HEADER, BAD_ROW])
    assert import_table.main([str(table), "--root", str(root)]) == 1
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "C 列「所在地区」" in ln)
    assert "taxonomy.yml" not in line and "词表" not in line
    from casebook.intake import resolve_term
    from casebook.taxonomy import Taxonomy

    examples = line.split("例如 ", 1)[1].split("；", 1)[0].removesuffix("等").split("、")
    taxonomy = Taxonomy.load(root)
    assert examples and all(taxonomy.has("regions", resolve_term(taxonomy, "regions", name))
                            for name in examples), examples  # each would work in the cell


def test_a_table_without_sources_needs_the_source_option(root: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    table = write_table(tmp_path / "t-utf8.csv", [REAL_HEADER, REAL_ROW])
    assert import_table.main([str(table), "--root", str(root)]) == 2
    assert "--source" in capsys.readouterr().err
    assert import_table.main([str(table), "--root", str(root), "--source", "只有标题"]) == 2
    assert "--source 缺少发布机构、日期" in capsys.readouterr().err


def test_organisations_split_the_same_in_table_and_issue_form() -> None:
    """One function splits 申报单位 for the importer and the issue form."""
    from scripts import from_issue

    text = "示例区社区教育学院、示例区职业教育中心\n2. 示例街道社区学校"
    table = import_table.Table(1, {"申报单位": 0}, [], [])
    from_table = import_table.row_values(table, [text])["organisations"]
    from_form = from_issue.values_from_answers({"申报单位": text})["organisations"]
    assert from_table == from_form == [
        {"name": n, "role": "申报单位"} for n in ("示例区社区教育学院", "示例区职业教育中心",
                                                 "示例街道社区学校")]


def test_a_title_row_can_state_the_tables_source(root: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    title = ["来源：某省教育厅推介表｜某省教育厅｜2024-06｜附件2"]
    table = write_table(tmp_path / "t.xlsx", [title, REAL_HEADER, REAL_ROW])
    assert import_table.main([str(table), "--root", str(root)]) == 0, capsys.readouterr()
    data = yaml.safe_load((root / "cases" / f"{GOOD_ID}.yml").read_text(encoding="utf-8"))
    assert data["sources"][0]["section"] == "附件2 第 3 行"
    bad = write_table(tmp_path / "bad.xlsx", [["来源：某省教育厅推介表"], REAL_HEADER, REAL_ROW])
    assert import_table.main([str(bad), "--root", str(root)]) == 2
    assert "第 1 行的“来源：” 缺少发布机构、日期" in capsys.readouterr().err


def test_update_applies_the_status_rule_to_the_merged_record(root: Path, tmp_path: Path) -> None:
    """A stub updated from a row with more facts becomes partial; the editor
    cannot set `status` from a cell, so the importer must not refuse the row."""
    table = write_table(tmp_path / "t-utf8.csv", [HEADER, STUB_ROW])
    assert import_table.main([str(table), "--root", str(root)]) == 0
    path = root / "cases" / f"{STUB_ID}.yml"
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["status"] == "stub"
    fuller = list(STUB_ROW)
    fuller[7] = "1. 街镇设点\n2. 志愿者辅导\n3. 编写教材"
    fuller[8] = "开班 120 个"
    table = write_table(tmp_path / "t2-utf8.csv", [HEADER, fuller])
    assert import_table.main([str(table), "--root", str(root), "--update"]) == 0
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["status"] == "partial"
    assert problems(root) == []
