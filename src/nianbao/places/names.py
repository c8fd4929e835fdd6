"""Name forms for matching places: stems and pinyin keys.

Reports write place names loosely: a county that became a district since ('XX县' -> 'XX区'), an
autonomous prefecture by its short name ('黔南'), a government site by pinyin ('fjnh.gov.cn').
These helpers derive the loose forms from the official names; nothing here lists places.

>>> stem("威宁彝族回族苗族自治县"), stem("木垒哈萨克自治县"), stem("大兴安岭地区"), stem("丰城市"), stem("城区")
('威宁', '木垒', '大兴安岭', '丰城', '城区')
>>> province_stem("宁夏回族自治区"), township_stem("石门乡"), township_stem("城关街道")
('宁夏', '石门', '城关')
"""

from __future__ import annotations

import re
from functools import lru_cache

# The 56 ethnic groups, as place names write them before 族 (彝族, 土家族, 柯尔克孜族): a name like
# 鲊埠回族乡 must keep 鲊埠 as its stem, which a pattern of "any one to four characters" cannot tell.
ETHNIC_GROUPS = ("蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
                 "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
                 "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split()
_ETHNIC = "(?:(?:" + "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True)) + ")族)+"
# an autonomous county may drop the 族 of its last group: 木垒哈萨克自治县 (every other group keeps it, so
# the pattern has one way to read a name: linear on any run)
_LAST_GROUP = "(?:" + "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True)) + ")族?"
_GROUPS = rf"(?:(?:{'|'.join(sorted(ETHNIC_GROUPS, key=len, reverse=True))})族)*{_LAST_GROUP}"
_UNIT = re.compile(rf"^(.{{2,}}?)(?:{_GROUPS}自治(?:县|州|旗)|地区|林区|特区|自治县|自治州|自治旗|[省市县区旗盟])$")
_PROVINCE = re.compile(r"^(.+?)(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_TOWNSHIP = re.compile(rf"^(.+?)(?:{_ETHNIC}乡|民族乡|街道|苏木|乡|镇)$")
_ORGAN_TAIL = re.compile(r"(?:人民政府|政府|办事处|办)$")


def stem(name: str) -> str:
    """A county- or prefecture-level name without its kind; the name itself when that leaves one character."""
    m = _UNIT.match(name)
    return m.group(1) if m else name


def province_stem(name: str) -> str:
    m = _PROVINCE.match(name)
    return m.group(1) if m else name


def township_stem(name: str) -> str:
    m = _TOWNSHIP.match(name)
    return m.group(1) if m else name


def township_name(text: str) -> str:
    """The township as the gazetteer writes it: '石门乡人民政府' -> '石门乡', '东华街道办事处' -> '东华街道'."""
    return _ORGAN_TAIL.sub("", text.strip().replace(" ", ""))


@lru_cache(maxsize=8192)
def pinyin(name: str) -> str:
    """'宁化' -> 'ninghua' (pypinyin's reading of the name as a phrase)."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name)).lower()


@lru_cache(maxsize=8192)
def initials(name: str) -> str:
    """'宁化' -> 'nh'."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()


def latin_key(text: str) -> str:
    """'XiAn' -> 'xian', "Lu'an" -> 'luan': how a romanised name is compared to a pinyin key."""
    return re.sub(r"[^a-z]", "", text.lower())
