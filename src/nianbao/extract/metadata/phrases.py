"""The fixed phrases of the report's body that name its organ and its year.

The format's preamble says who compiled the report and for which year ('由XX镇人民政府编制',
'特向社会公布2019年度XX镇…报告', '现将2020年度XX街道…报告如下', '本报告所列数据的统计期限自2021年
1月1日起至12月31日止'); section 一 often opens with '2022年，XX镇人民政府认真贯彻…'; the page's
metadata block names the publisher ('发布机构: XX'); the report is signed at the end. Each reading
is returned with its line and the kind of phrase it came from; metadata.py weighs them.

Documents the preamble cites in 《》 (the regulation, a county's notice '关于做好2019年…年度报告编制
公布工作的通知') are taken out first: their years and names are not the report's.

Only the first ``HEAD`` characters of a page and its last lines are read for these phrases, so a
hostile page cannot make the work grow with its length.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...ingest import Line
from ...normalise import compact
from ...places.organ import (COUNTY_LEVEL, DEPARTMENT, GOVERNMENT, OFFICE, STREET, TOWNSHIP, government_of,
                             organ_name, parse, well_formed)
from .names import YEAR, name_year

HEAD = 6000          # characters of the page the preamble phrases are looked for in
TAIL_LINES = 6       # the signature stands in the last lines
_SPACE = re.compile(r"[ \t\u3000\xa0]+")
CITED = re.compile(r"《[^《》]{0,80}?(?:通知|办法|条例|规定|意见|格式|要点|方案|规范|制度|指南|清单|决定|细则|函)》")
ANNOUNCE = re.compile(r"(?:现向社会公布|特向社会公布|(?:特|现)?编制并向社会公布|向社会公布|现予公布|现公布|现发布|编制并发布|现将|特编制|编制|"
                      r"汇总|汇报|本报告为)了?《?(?P<seg>[^,，。;；:：《》]{2,48}?)(?:政府|政务)?(?:信息)?公开")
CONTACT = re.compile(r"(?:请|可)(?:与|联系)(?P<seg>[^,，。;；:：()（）《》]{2,40}?)(?:联系|联络|咨询|[(（])")
COMPILED = re.compile(r"由(?P<seg>[^,，。;；:：《》]{2,60}?)(?:负责|结合[^,，。]{0,12}?)?(?:编制|制作|编写|汇总|起草)")
# '2022年，XX镇…', also after its heading ('一、总体情况 2022年…'); with no comma an organ must follow
OPENING = re.compile(rf"(?:[一二三四五六七八九十]{{1,2}}[、.．])?(?:总体情况|概述)?{YEAR}(?:度)?(?:以来)?"
                     r"(?P<comma>[,，])?(?P<seg>[^,，。;；]{2,40})")
CLAUSE = re.compile(r"[。;；]")
CLAUSES = 8          # sentence starts of a line an opening is looked for at
# '2022年我街坚持…', '…方面。2022年我镇未收到…': the year a report speaks of itself in, at a clause's start
OPENING_SELF = re.compile(rf"(?:^|[。;；,，])(?:[(（][一二三四五六七八九十]{{1,2}}[)）])?{YEAR}(?:度)?(?:以来)?[,，]?"
                          r"(?:我|本|全)(?:镇|乡|街道|街|苏木|县|区|市|旗|局)")
# A name at the start of a clause stands before what it did: '松木塘镇人民政府认真贯彻…'
PREDICATE = re.compile(r"^(?:认真|坚持|严格|紧紧|高度|深入|按照|持续|进一步|继续|全面|始终|围绕|不断|切实|积极|"
                       r"根据|依据|结合|扎实|着力|大力|聚焦|主动|共|全年|通过|在|以|把|将|对|按|立足|紧扣|狠抓|"
                       r"共计|累计|主动公开|政府信息|信息公开|政务公开|未|无|没有|收到)")
PERIOD = re.compile(rf"(?:统计|时限|期限|期间|涵盖|时间)[^。]{{0,16}}?{YEAR}\s*1\s*月\s*1\s*日")
SPAN = re.compile(rf"{YEAR}\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—|~)\s*(?:(?:19|20)\d{{2}}\s*年\s*)?12\s*月\s*31\s*日")
UNTIL = re.compile(rf"截(?:至|止)(?:到)?{YEAR}(?:12月31日|底|末)")
# a period that starts later in the year (a district founded in August): its end's year
LATE_SPAN = re.compile(rf"(?:统计|时限|期限|期间)[^。]{{0,16}}?(?:19|20)\d{{2}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日"
                       rf"\s*(?:起)?\s*[,，]?\s*(?:至|到|-|—|~)\s*{YEAR}\s*12\s*月\s*31\s*日")
CHROME_LABEL = re.compile(r"^(发布机构|发布单位|发文机关|发文单位|信息来源|来源)[:：]?$")
CHROME_INLINE = re.compile(r"(发布机构|发布单位|发文机关|发文单位|信息来源|来源)\s*[:：]\s*([^\s|:：,，]{2,30})")
MENTION_TAIL = re.compile(r"人民政府|政府(?!信息)|街道办事处|办事处|委员会|局")    # 政府信息公开: not a name's
# A name followed by these is a website's or an account's ('依托天津市南开区人民政府网站'), not an organ's
SITE = re.compile(r"(?:门户)?(?:网站|网(?!格)|官网|信息公开网|平台|公众号|微信|微博|客户端|专栏|板块|子网站)")
BOUNDARY = set("与由在向和及对经请将把的了是为县市区旗州盟")    # may stand right before an organ's name
ADDRESS = re.compile(r"地址[:：]?[^,，。;；:：]*$")
# A district's government before its street office's or town's name: that is the organ (东城区人民政府崇文门外街道办事处)
OFFICE_AFTER = re.compile(r"[^\s,，。;；:：、]{1,10}?(?:办事处|街道|镇|乡|苏木)")   # or its town's: 章贡区人民政府水东镇办公室
SELF = {TOWNSHIP: ("我镇", "本镇", "我乡", "本乡", "我苏木"),      # 'we' in the report's own words
        STREET: ("我街道", "本街道", "我街"),
        COUNTY_LEVEL: ("我县", "本县", "我区", "本区", "我市", "本市", "我旗", "本旗"),
        DEPARTMENT: ("我局", "本局", "本部门", "我委", "本委")}


@dataclass(frozen=True)
class Reading:
    field: str          # organ | year | level
    value: object
    line: int
    source: str         # announces | compiled_by | opening | chrome | source_chrome | signature |
                        # period | mention | self_reference


def readings(lines: list[Line]) -> list[Reading]:
    """Every organ, year and level reading of the preamble phrases, the page chrome and the signature."""
    out: list[Reading] = []
    budget = HEAD
    head: list[tuple[Line, str]] = []
    for line in lines:
        if budget <= 0:
            break
        text = CITED.sub("《》", _SPACE.sub("", line.text[:budget]))
        budget -= len(line.text)
        head.append((line, text))
    for line, text in head:
        out += _announces(line, text) + _compiled(line, text) + _opening(line, text) + _period(line, text) \
            + _contact(line, text)
    out += _chrome(lines[:15]) + _signature(lines)
    return out


def _announces(line: Line, text: str) -> list[Reading]:
    out = []
    for m in ANNOUNCE.finditer(text):
        name, year = name_year(m.group("seg") + "信息公开")
        if name:
            out.append(Reading("organ", name, line.number, "announces"))
        if year:
            out.append(Reading("year", year, line.number, "announces"))
    return out


def _compiled(line: Line, text: str) -> list[Reading]:
    name = next((n for m in COMPILED.finditer(text) if (n := longest_organ(m.group("seg")))), None)
    return [Reading("organ", name, line.number, "compiled_by")] if name else []


def _contact(line: Line, text: str) -> list[Reading]:
    """'如有疑问请与石渠县奔达乡联系': whom to ask, the last of the organ's sources."""
    name = next((n for m in CONTACT.finditer(text) if (n := longest_organ(m.group("seg")))), None)
    name = government_of(name) or name if name else None       # 请与江口镇党政办公室联系: 江口镇
    return [Reading("organ", name, line.number, "contact")] if name else []


def _opening(line: Line, text: str) -> list[Reading]:
    """'2022年，XX镇人民政府认真…' or '2020年七里坪镇严格按照…': the year, and the organ before what it
    did (also where a sentence starts so: '(一)主动公开方面。2023年,连平县上坪镇人民政府…', a known place
    only); else a sentence that starts with the year and how the report says 'we' ('…。2022年我镇未收到…')."""
    first = OPENING.match(text)
    later = (OPENING.match(text, c.end()) for _, c in zip(range(CLAUSES), CLAUSE.finditer(text)))
    for k, m in enumerate((first, *later)):
        if m and (name := _opening_organ(m, known_only=k > 0)):
            return [Reading("year", int(m.group(1)), line.number, "opening"),
                    Reading("organ", name, line.number, "opening")]
    if first and first.group("comma"):
        return [Reading("year", int(first.group(1)), line.number, "opening")]
    m = OPENING_SELF.search(text)
    return [Reading("year", int(m.group(1)), line.number, "opening")] if m else []


def _opening_organ(m: re.Match, known_only: bool) -> str | None:
    """The organ an opening names: the longest known place ('黄花乡在县政务公开部门…': 黄花乡), else,
    after a comma at a line's start, the longest name."""
    seg, names = m.group("seg"), []
    for k in range(len(seg), 1, -1):
        if seg[:k].endswith("政府") and seg[k:].startswith("信息"):
            continue                        # 白纸坊街道政府信息公开工作…: 政府 belongs to 政府信息公开
        if PREDICATE.match(seg[k:]) and (name := organ_name(seg[:k])) and not _self(name):
            names.append(name)
    name = next((n for n in names if well_formed(n)), names[0] if names and m.group("comma") and not known_only else None)
    return government_of(name) or name if name else None     # '水阳镇人民政府办公室严格…': 水阳镇人民政府


def _period(line: Line, text: str) -> list[Reading]:
    for pattern in (PERIOD, SPAN, UNTIL, LATE_SPAN):
        m = pattern.search(text)
        if m:
            return [Reading("year", int(m.group(1)), line.number, "period")]
    return []


def _chrome(top: list[Line]) -> list[Reading]:
    """'发布机构: XX' inline, as a label cell before its value, or as a header row over a value row."""
    out = []
    for k, line in enumerate(top):
        cells = [c.strip() for c in line.cells]
        for i, cell in enumerate(cells):
            m = CHROME_LABEL.match(compact(cell))
            if not m:
                continue
            value = next((c for c in cells[i + 1:] if c), None)
            if k + 1 < len(top) and len(top[k + 1].cells) > i and (value is None or CHROME_LABEL.match(compact(value))):
                value = top[k + 1].cells[i]              # a header row over a row of values
            _add_chrome(out, m.group(1), value, line)
        for m in CHROME_INLINE.finditer(line.text):
            _add_chrome(out, m.group(1), m.group(2), line)
    return out


def _add_chrome(out: list[Reading], label: str, value: str | None, line: Line) -> None:
    name = organ_name(compact(value or ""))
    if name:
        out.append(Reading("organ", name, line.number, "chrome" if label.startswith("发") else "source_chrome"))


def _signature(lines: list[Line]) -> list[Reading]:
    tail = [l for l in lines[-4 * TAIL_LINES:] if l.text.strip()][-TAIL_LINES:]
    for line in reversed(tail):
        first = re.split(r"\s+", line.text.strip())[0]
        name = organ_name(compact(first)) if len(compact(line.text)) <= 40 else None
        if name and not re.search(r"[,，。;；]", line.text):
            return [Reading("organ", name, line.number, "signature")]
    return []


def longest_organ(seg: str) -> str | None:
    """The longest start of ``seg`` that is an organ's name, a government or office before a bare
    place or a department ('永安市安砂镇人民政府党政办公室结合…' -> '永安市安砂镇人民政府')."""
    found: dict[str, str] = {}
    for k in range(len(seg), 1, -1):
        head = seg[:k]
        if head.endswith("政府") and seg[k:].startswith("信息"):
            continue                        # 中扬镇政府信息公开: 政府 belongs to 政府信息公开
        name = organ_name(head)
        if name:
            kind = "gov" if name.endswith(GOVERNMENT + OFFICE) else "dept" if parse(name).level == DEPARTMENT \
                else "place"
            found.setdefault(kind, name)
    place, dept = found.get("place"), found.get("dept")
    if place and dept and (not well_formed(place) or parse(place).level not in (TOWNSHIP, STREET)):
        place = None        # '闽清县市场监督管理局': 闽清县市 is no place; '来凤县政务服务…局': the county's bureau
    gov = found.get("gov")
    if gov and place and place.startswith(gov) and parse(gov).level not in (TOWNSHIP, STREET) \
            and parse(place).level in (TOWNSHIP, STREET):
        gov = government_of(place) or place         # '章贡区人民政府水东镇办公室': the town's, not the district's
    return gov or place or dept


def mentions(lines: list[Line]) -> tuple[Counter[str], dict[str, int]]:
    """Organ names written anywhere in the head of the page ('请与宿城区中扬镇人民政府联系'), each
    occurrence at its longest well-formed reading (a known township after a chain of known areas):
    how often each is written, and the line it is first written on."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    budget = HEAD
    for line in lines:
        if budget <= 0:
            break
        text = CITED.sub("《》", _SPACE.sub("", line.text[:budget]))
        budget -= len(line.text)
        for m in MENTION_TAIL.finditer(text):
            if SITE.match(text, m.end()) or (m.group(0) == "人民政府" and OFFICE_AFTER.match(text, m.end())):
                continue
            if m.group(0) == "政府" and m.start() >= 2 and text[m.start() - 2] in BOUNDARY:
                continue                    # '《条例》和县政府确定的': 和 + 县政府, not 和县
            if ADDRESS.search(text, max(0, m.start() - 30), m.start()):
                continue                    # '(地址:西藏自治区林芝市墨脱县加热萨乡人民政府,…)': a place, not a name
            for start in range(max(0, m.start() - 16), m.start() - 1):
                name = text[start:m.end()]
                if organ_name(name) and well_formed(name) and not _glued(text, start, name):
                    counts[name] += 1
                    first.setdefault(name, line.number)
                    break
    return counts, first


def _glued(text: str, start: int, name: str) -> bool:
    """A township of one character and its kind, read off the end of a word ('提高乡政府工作的透明度':
    no 高乡): the character before it is no boundary."""
    township = parse(name).township
    return bool(township) and len(township) <= 2 and start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff" \
        and text[start - 1] not in BOUNDARY


def self_level(lines: list[Line]) -> str | None:
    """The level a report gives itself by how it says 'we': 我镇, 我街道, 我县, 我局…"""
    text = "".join(l.text for l in lines)[:HEAD]
    counts = {level: sum(text.count(w) for w in words) for level, words in SELF.items()}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else None


def _self(name: str) -> bool:
    return name.startswith(("我", "本"))
