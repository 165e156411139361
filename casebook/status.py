"""Record completeness (`status`) in readers' words.

One place for the labels that listings, record pages and the search facet
show, so that a reader sees the same words everywhere. `status` itself says
how much the cited sources support (see CONTRIBUTING); readers are told what
they get, not how the record was filed.
"""
from __future__ import annotations

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


def status_label(status: str) -> str:
    """Short reader label for a status id (the id itself if unknown)."""
    return STATUS_LABELS.get(status, (status, ""))[0]
