"""Generate `.github/CODEOWNERS` from the regions of the taxonomy.

    python -m scripts.codeowners          # write the file
    python -m scripts.codeowners --check  # exit 1 if the committed file is out of date

Record ids start with their region id (`tianjin-…`, `zhangzhou-…`), so a
pattern per region routes a record's review to the maintainers of its
province; cities and districts go to their province's team. Everything else
(code, schemas, taxonomy, national records) goes to the maintainers. The team
handles are placeholders: maintainers set the real ones in ORG/TEAM below.
"""
from __future__ import annotations

import sys
from typing import Any

from casebook.intake import NATIONAL
from casebook.paths import ROOT
from casebook.taxonomy import Taxonomy
from scripts.generated import generated_main

OUTPUT = ROOT / ".github" / "CODEOWNERS"
ORG = "@learning-society"
MAINTAINERS = f"{ORG}/maintainers"
TEAM = ORG + "/{province}-editors"


def render(taxonomy: dict[str, list[dict[str, Any]]]) -> str:
    """The CODEOWNERS text for `taxonomy`."""
    tax = Taxonomy(taxonomy)
    lines = [
        "# 由 python -m scripts.codeowners 根据 content/taxonomy.yml 生成，请勿手改。",
        "# 记录文件名以地区编号开头（如 tianjin-…），据此把审核分给该省的维护团队；",
        "# 市、区的记录分给所属省份的团队。团队名是占位符，由维护者在",
        "# scripts/codeowners.py 里改成真实的团队后重新生成。",
        "# 后面的规则优先于前面的规则。",
        "",
        f"*  {MAINTAINERS}",
        "",
    ]
    for region in tax.terms("regions"):
        if region.id == NATIONAL:
            continue
        province = [region, *tax.ancestors("regions", region.id)][-1].id
        team = TEAM.format(province=province)
        lines += [f"# {region.name}", f"/content/*/{region.id}-*.yml  {team} {MAINTAINERS}"]
    lines += [
        "",
        "# 词表、结构定义和代码只由维护者审核。",
        f"/content/taxonomy.yml  {MAINTAINERS}",
        f"/schemas/  {MAINTAINERS}",
        f"/.github/  {MAINTAINERS}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return generated_main(argv, "根据地区词表生成 .github/CODEOWNERS", OUTPUT, render,
                          "python -m scripts.codeowners")


if __name__ == "__main__":
    sys.exit(main())
