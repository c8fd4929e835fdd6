"""What every copy of the data says about itself: how to cite it and how to read it.

The workbook's 说明 sheet and the bundle's README say the same things, made here from the
descriptor (title, version, date, licence, authors) and the catalogue (the cell statuses), so
they cannot drift from the data or from each other.
"""

from __future__ import annotations

from ..catalogue import STATUSES

WHERE = "乡、镇人民政府和街道办事处在政府网站上公开的原文 / the reports as published on government portals"


def version_line(descriptor: dict) -> str:
    """'2026.1（2026-05-01 发布）' for a release; an unreleased build says it is not one."""
    version = descriptor.get("version", "")
    created = descriptor.get("created")
    if created:
        return f"{version}（{created[:10]} 发布 / released {created[:10]}）"
    return f"{version}（未发布的构建，不是正式版本 / an unreleased build, not a release）"


def citation(descriptor: dict) -> str:
    """One citation line, Chinese first: authors, title, version and date, licence."""
    authors = "、".join(c["title"] for c in descriptor.get("contributors", [])) or "nianbao"
    created = descriptor.get("created")
    date = f"，{created[:10]}" if created else "（未发布）"
    licence = (descriptor.get("licenses") or [{}])[0].get("name", "")
    return (f"{authors}：{descriptor.get('title', 'nianbao')}，版本 {descriptor.get('version', '')}{date}。"
            f"许可 {licence}。")


def licence_line(descriptor: dict) -> str:
    lic = (descriptor.get("licenses") or [{}])[0]
    return (f"{lic.get('name', '')}（{lic.get('path', '')}）：可自由使用、转载和改编，请注明出处。"
            "原文版权归各发布机关。 / Free to use and adapt with attribution; the originals belong to "
            "their issuing organs.")


def reading() -> list[tuple[str, str]]:
    """How to read the values: (topic, text) lines, the statuses taken from the catalogue."""
    lines = [
        ("空值 missing", "空单元格表示报告没有印出这个数（原文空白、印“/”、缺页、旧式报告没有表格），不是 0；"
                        "0 表示报告印着 0。求和、求平均时不要把空值当作 0。 / An empty cell is a value the "
                        "report does not print, never zero."),
        ("长表 long tables", "表二、表三、表四每行是一个单元格：value 是数值，status 说明它从何而来，"
                            "source_line 是原文行号。一份报告一行的宽表见“汇总”。 / One row per cell; "
                            "the summary sheet has one row per report."),
    ]
    lines += [(f"状态 {key}", text) for key, text in STATUSES.items()]
    lines.append(("推算与更正 inferred, corrected",
                  "推算（inferred）的值由格式的勾稽关系得出，note 列写明推算方法；更正（corrected）的值由维护者"
                  "核对原文后改正，printed 列保留原印文字，note 列写明理由。 / note says how a value was "
                  "inferred or why it was corrected; printed keeps what the report prints."))
    lines.append(("校验 findings", "报告自身的数字不自洽（违反勾稽关系、正文与表格不符）时，数据照原文发布，"
                                 "并在“校验发现”中记一条。 / A report that breaks its own rules is published as "
                                 "printed, with a finding."))
    return lines
