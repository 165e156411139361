"""Write the allowed values into the JSON Schemas, for editors' completion and checking.

    python -m scripts.schema_enums          # rewrite schemas/*.schema.json
    python -m scripts.schema_enums --check  # exit 1 if a schema is out of step with the taxonomy

yaml-language-server knows nothing of `x-taxonomy`, so every string field
that holds a taxonomy id gets the vocabulary's ids as `enum`, with the
Chinese names as `enumDescriptions` / `markdownEnumDescriptions`: completion
offers `shanghai` (上海市) and `region: 上海` is flagged as you type. The
validator ignores these generated enums (`casebook.schema`) and keeps its own
taxonomy check and "你是否想写" suggestions.

Record references (`x-ref`) get the existing ids as `examples`: completion
offers them, but an id not (yet) listed is not flagged, so a PR that adds a
policy and a case citing it needs no regeneration. `--check` therefore
compares only the taxonomy-derived parts; stale `examples` are reported as a
note and refreshed whenever this script runs.
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

from casebook.load import load_taxonomy, record_files
from casebook.paths import CONTENT, ROOT, SCHEMAS
from casebook.schema import SUFFIX, schema_names
from scripts.generated import write_or_check
from scripts.issue_form import display_name, ordered_terms

COMMAND = "python -m scripts.schema_enums"


def record_ids(root: Path = CONTENT) -> dict[str, list[str]]:
    """Ids of the existing records by type (file names, as the validator requires)."""
    ids: dict[str, list[str]] = {}
    for rtype, path in record_files(root):
        ids.setdefault(rtype, []).append(path.stem)
    return ids


def annotate(node: Any, taxonomy: dict[str, list[dict[str, Any]]],
             refs: dict[str, list[str]] | None) -> None:
    """Add enums (and, with `refs`, reference examples) to every rule below `node`."""
    if isinstance(node, list):
        for item in node:
            annotate(item, taxonomy, refs)
        return
    if not isinstance(node, dict):
        return
    vocab = node.get("x-taxonomy")
    if isinstance(vocab, str) and node.get("type") == "string":
        terms = taxonomy[vocab]
        by_id = {t["id"]: t for t in terms}
        ordered = ordered_terms(vocab, terms)
        names = [display_name(t, by_id) for t in ordered]
        node["enum"] = [t["id"] for t in ordered]
        node["enumDescriptions"] = names
        node["markdownEnumDescriptions"] = names
    ref = node.get("x-ref")
    if ref is not None and refs is not None:
        types = [ref] if isinstance(ref, str) else ref
        node["examples"] = sorted(i for t in types for i in refs.get(t, []))
    for value in node.values():
        annotate(value, taxonomy, refs)


def render(schema: dict[str, Any], taxonomy: dict[str, list[dict[str, Any]]],
           refs: dict[str, list[str]] | None) -> str:
    """`schema` with generated values, as the committed file is formatted."""
    out = copy.deepcopy(schema)
    annotate(out, taxonomy, refs)
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把词表的取值和已有记录编号写入 JSON Schema")
    parser.add_argument("--check", action="store_true", help="只检查已提交的结构定义是否与词表一致")
    args = parser.parse_args(argv)
    taxonomy, refs = load_taxonomy(), record_ids()
    status, stale = 0, []
    for name in schema_names():
        if name == "taxonomy":  # the file that defines the terms takes no list of them
            continue
        path = SCHEMAS / (name + SUFFIX)
        current = json.loads(path.read_text(encoding="utf-8"))
        if args.check:  # compare the taxonomy part only: keep the committed examples
            text = render(current, taxonomy, None)
            if text != render(current, taxonomy, refs):
                stale.append(path.relative_to(ROOT).as_posix())
        else:
            text = render(current, taxonomy, refs)
        status |= write_or_check(path, text, args.check, COMMAND)
    if stale:
        print(f"提示：{'、'.join(stale)} 中的记录编号补全列表不是最新的（不影响检查），"
              f"可运行 {COMMAND} 刷新")
    return status


if __name__ == "__main__":
    sys.exit(main())
