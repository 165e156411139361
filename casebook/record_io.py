"""Write record dicts as readable YAML files, the way an editor would write them.

Keys follow the order of the type's JSON Schema `properties` (the single
source of truth for fields), multi-line text becomes a `|` block scalar, long
lines are never folded, and Chinese is written as is (not escaped).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from casebook.paths import CONTENT, RECORD_DIRS
from casebook.schema import load_schema


def field_order(rtype: str) -> tuple[str, ...]:
    """Top-level field names of `rtype` in the order of its schema."""
    return tuple(k for k in load_schema(rtype)["properties"] if k != "$schema")


def schema_comment(rtype: str, depth: int = 2) -> str:
    """The yaml-language-server modeline for a file `depth` folders below the repo root."""
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{rtype}.schema.json\n"


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents lists under their key, like hand-written YAML."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value.strip("\n"):
        text = value if value.endswith("\n") else value + "\n"
        # trailing spaces on a line make PyYAML fall back to quoted style
        text = "\n".join(line.rstrip() for line in text.split("\n"))
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value.strip("\n"))


_Dumper.add_representer(str, _str)


def ordered(rtype: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with its top-level keys in schema order (unknown keys last)."""
    order = field_order(rtype)
    known = [k for k in order if k in data]
    return {k: data[k] for k in known + [k for k in data if k not in order]}


def dump_yaml(data: Any) -> str:
    """Readable YAML: keys in the given order, Chinese as is, `|` for multi-line text."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)


def dump_record(rtype: str, data: dict[str, Any], trailer: str = "") -> str:
    """YAML text of one record, with the schema modeline first and `trailer` last."""
    return schema_comment(rtype) + dump_yaml(ordered(rtype, data)) + trailer


def optional_fields_comment(rtype: str, data: dict[str, Any]) -> str:
    """Commented-out lines for the optional fields `data` lacks, with their descriptions."""
    schema = load_schema(rtype)
    required = set(schema.get("required", []))
    missing = [k for k in field_order(rtype)
               if k not in data and k not in required and k != "aliases"]
    if not missing:
        return ""
    width = max(len(k) for k in missing) + 2
    lines = [f"\n# ── 选填字段：来源中有相应内容时，去掉行首的 # 再填写"
             f"（写法见 templates/{rtype}.yml）──"]
    for key in missing:
        desc = " ".join(str(schema["properties"][key].get("description", "")).split())
        lines.append(f"# {(key + ':').ljust(width)}# {desc}".rstrip())
    return "\n".join(lines) + "\n"


def record_path(rtype: str, rid: str, root: Path = CONTENT) -> Path:
    """Where the record `rid` of type `rtype` lives below `root`."""
    return root / RECORD_DIRS[rtype] / f"{rid}.yml"


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix newlines, creating the folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
