"""A name and a year in a stretch of text that names a report: '桃江县鲊埠回族乡2021年…', '2008年张义镇人民政府
信息公开…', '2024年宅梧镇政府信息公开…'. Shared by the title and by the sentences that announce the report.

>>> name_year('桃江县鲊埠回族乡2021年政府信息公开工作年度报告')
('桃江县鲊埠回族乡', 2021)
>>> name_year('2008年张义镇人民政府信息公开工作年度报告'), name_year('2024年宅梧镇政府信息公开工作报告')
(('张义镇人民政府', 2008), ('宅梧镇', 2024))
>>> name_year('2019年度青龙镇政府(机关)信息公开年度报告'), name_year('2022年政府信息公开工作年度报告')
(('青龙镇政府', 2019), (None, 2022))
>>> name_year('2025湖口县大垅乡2025年度政府信息公开工作年度报告')
('湖口县大垅乡', 2025)
"""

from __future__ import annotations

import re

from ...places.organ import organ_name

YEAR = r"((?:19|20)\d{2})\s*年"
_WORDS = re.compile(r"(?:政府|政务)?(?:信息)?公开|(?:工作)?年度报告|年报")
_NAME_YEAR = re.compile(rf"^(?P<pre>.*?){YEAR}\s*(?:度)?(?P<post>.*)$")
_GOV = "政府"
_JUNK = re.compile(r"^[\x21-\x7e]+")
_LEAD_YEAR = re.compile(r"^(?:19|20)\d{2}(?![\d年])")     # '2025湖口县大垅乡2025年度…': a stray year before the name


def name_year(text: str) -> tuple[str | None, int | None]:
    """The organ's name (or None) and the year a report's title-like text gives."""
    text = _LEAD_YEAR.sub("", re.sub(r"\s+", "", text))
    m = _NAME_YEAR.match(text[:120])
    if not m:
        return _name(text), None
    year = int(m.group(2))
    before = _name(m.group("pre"))
    return (before or _name(m.group("post"))), year


def _name(part: str) -> str | None:
    """The name in a stretch that ends where the report's words begin ('…政府信息公开工作年度报告')."""
    part = _JUNK.sub("", part).strip("《》<>\"'“”:：,，、的")    # 'puroview.com溪下乡': a mirror's domain glued on
    m = _WORDS.search(part)
    head = part[: m.start()] if m else part
    if m and m.group(0).startswith(_GOV) and head.endswith("人民"):
        head += _GOV                      # 张义镇人民政府信息公开: 人民政府 is the organ's
    head = head.replace("(机关)", "").rstrip("的")     # 青龙镇政府(机关)信息公开
    return organ_name(head)
