"""Metadata: who published the report, at which level, about which year, how to reach them —
as the text says it. Resolving places against the gazetteer and the manifest's values come later
(describe/), so this stays a pure function of the file.

Every reading of a field is kept with the line and the kind of phrase it came from; where readings
differ, the first in this order of confidence wins:

- organ: the title (or the organ's line beside it) > the preamble's announcement ('现公布XX镇2021年…
  报告') > who compiled it ('由XX编制') > the page's 发布机构 > section 一's opening ('2022年，XX镇人民
  政府认真…') > the signature > the title of a link to the report's file > the page's 来源 > the organ
  the text names most often. The winner is then completed by a fuller writing of the same organ
  the text uses ('中扬镇' -> '宿城区中扬镇人民政府').
- year (the year reported on): the title > the announcement > the statistics period ('统计期限自2021年
  1月1日起…') > the opening; a disagreement among them is noted (finding ``metadata.conflict``).
- level: what the organ's name is (镇/乡 -> township, 街道 -> street, 县/区/市 -> county, 局 ->
  department), else how the report says 'we' (我镇, 我街道, 我县, 我局).
"""

from __future__ import annotations

import re
from collections import Counter

from ...extraction import Field, Observation
from ...ingest import Line
from ...normalise import compact
from ...extraction import Mention
from ...places.mentions import area_mentions
from ...places.organ import government_of, parse, well_formed
from .contact import contact
from .phrases import Reading, mentions, readings, self_level
from .title import Title, find_title

ORGAN_ORDER = ("title", "announces", "compiled_by", "chrome", "opening", "signature", "attachment",
               "source_chrome", "mention", "contact")
YEAR_ORDER = ("title", "attachment", "announces", "period", "opening")
PLACE_FIELDS = ("township", "county", "prefecture", "province")
REPORT_WORDS = re.compile(r"年度报告|年报|本报告|报告如下|统计期限|统计时限|工作报告|公开报告|情况报告")
# Sources whose organ may be completed by a fuller writing the text uses: a title or a sentence that
# names the township in passing, not the organ writing its own name (由XX编制, the signature).
COMPLETED = ("title", "announces", "chrome", "opening", "mention")
REPORTS_ON = re.compile(r"(?:信息公开|政务公开)工作.{0,8}?(?:年度报告|年报|报告如下)")   # 现将…信息公开工作情况报告如下
SECTIONS = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "行政复议", "存在的主要问题",
            "其他需要报告的事项")
# The parts of a report, for an excerpt that starts without its title ('一、总体情况 (or 概述) … (一)主动公开 …
# (二)依申请公开', or the old format's '四、政府信息公开的收费及减免情况')
OVERVIEW = (("总体情况", "概述", "收费及减免", "行政复议"), ("主动公开",), ("依申请公开",), ("政府信息",))


def metadata(lines: list[Line]) -> tuple[dict[str, Field], list[Mention], list[Observation]]:
    """The metadata fields as the text gives them, the areas it names, and what it contradicts."""
    title = find_title(lines)
    found = readings(lines)
    named, named_at = mentions(lines)
    if title is not None:
        if title.name:
            found.append(Reading("organ", title.name, title.name_line or title.line, title.source))
        if title.year:
            found.append(Reading("year", title.year, title.line, title.source))
    found += [Reading("organ", name, named_at[name], "mention") for name, _ in named.most_common(1)]
    out: dict[str, Field] = {}
    notes: list[Observation] = []
    organ = _best(found, "organ", ORGAN_ORDER)
    if organ is not None:
        fuller = _fuller(organ.value, named, found, organ.source == "mention") if organ.source in COMPLETED else None
        out["organ"] = Field(fuller, named_at.get(fuller), "mention") if fuller else \
            Field(organ.value, organ.line or None, organ.source)
        printed = parse(out["organ"].value)
        out["level"] = Field(printed.level, out["organ"].line, "organ")
        for key in PLACE_FIELDS:
            if getattr(printed, key):
                out[key] = Field(getattr(printed, key), out["organ"].line, "organ")
    if "level" not in out and (level := self_level(lines)):
        out["level"] = Field(level, None, "self_reference")
    year = _best(found, "year", YEAR_ORDER)
    if year is not None:
        out["year"] = Field(year.value, year.line, year.source)
        others = sorted({r.value for r in found if r.field == "year" and r.source in YEAR_ORDER} - {year.value})
        if others:
            notes.append(Observation("metadata.conflict", line=year.line,
                                     detail=f"year {year.value} ({year.source}) / {', '.join(map(str, others))}"))
    out.update(contact(lines))
    places = area_mentions([l.text for l in lines], [l.number for l in lines])
    return out, places, notes


def is_report(lines: list[Line], has_tables: bool) -> bool:
    """An annual report: it has a title naming one, or its tables, or the regulation's preamble with
    the words of a report, or the format's section names, or section 一's parts. Not a report:
    anything else."""
    if has_tables or find_title(lines) is not None:
        return True
    text = compact("".join(l.text for l in lines[:200])[:20000])
    cites = "政府信息公开条例" in text or "信息公开条例" in text
    return (cites and bool(REPORT_WORDS.search(text))) or sum(s in text for s in SECTIONS) >= 3 \
        or bool(REPORTS_ON.search(text[:4000])) or all(any(w in text[:4000] for w in words) for words in OVERVIEW)


def _best(found: list[Reading], field: str, order: tuple[str, ...]) -> Reading | None:
    ranked = [r for r in found if r.field == field and r.source in order]
    return min(ranked, key=lambda r: (order.index(r.source), r.line)) if ranked else None


def _fuller(name: str, named: Counter[str], found: list[Reading], usual: bool) -> str | None:
    """A fuller writing of the same organ that the text uses: it contains ``name``, names the same
    township, and every place it adds is known, or the organ writes it so itself ('中扬镇' ->
    '宿城区中扬镇人民政府'; '通源乡人民政府' -> '由嵊州市通源乡人民政府编制' though the table no
    longer has 通源乡). A ``usual`` name (the one the text writes most often) is completed only by a
    writing used as often: not '东坡区崇礼镇人民政府', written twice, by '眉山市东坡区…' once."""
    township = parse(name).township
    if township is None:
        return None                       # a county's or a department's name is kept as written
    own = {r.value for r in found if r.field == "organ"}
    fuller = [n for n in set(named) | own if name in n and n != name and parse(n).township == township
              and not government_of(n)            # not its office: '江口镇党政办公室'
              and (not usual or named[n] >= named[name]) and (n in own or well_formed(n))]
    return max(fuller, key=lambda n: (named[n], len(n), n)) if fuller else None   # the usual writing


__all__ = ["Title", "is_report", "metadata"]
