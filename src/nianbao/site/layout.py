"""Where things live on the site, and how a report is named. One place, so links cannot drift.

Every generated page is an ``index.md`` in its own folder, so its URL is the folder whatever
``use_directory_urls`` says, and relative links between pages are fixed strings.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

from ..catalogue import LEVELS, SEVERITY_LABELS, VALIDATION_STATUSES
from ..catalogue import TOWNSHIP_LEVELS as CATALOGUE_TOWNSHIP_LEVELS
from ..tables.resources import RESOURCES

REPORTS = "reports/"
REGIONS = "regions/"
YEARS = "years/"
FINDINGS = "findings/"
PAGEFIND = "pagefind/"
DICTIONARY = "dictionary/"
DATA = "data/"
# Pages for the maintainers (hand-written, docs/): built and linked from the maintainers' guide, but
# neither in the public navigation nor in the search.
MAINTAINER_PAGES = ("maintainers/", "benchmarks/", "benchmarks-site/", "harvest/")

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
TEMPLATE_ZH = {
    "2019": "2019 年版格式（用于 2019、2020 年度报告）",
    "2021": "2021 年版格式（用于 2021 年度及以后的报告）",
    "legacy": "旧式报告：没有标准表格，数字只见于正文",
}
# What issued a report (``reports.level``, when the tables have it): a 乡/镇 or a 街道 is a township
# of this dataset; a county, a department or anything else is kept and shown, marked, and never
# counted as a township. Without the column every report counts, as before.
TOWNSHIP_LEVELS = CATALOGUE_TOWNSHIP_LEVELS
LEVEL_ZH = {k: v[0] for k, v in LEVELS.items()}                     # from the catalogue's labels
STATUS_ZH = {k: v[0] for k, v in VALIDATION_STATUSES.items()}
SEVERITY_ZH = {k: v[0] for k, v in SEVERITY_LABELS.items()}
# Files a browser would run or render if served as they are get a .txt suffix on the site.
SAFE_EXTENSIONS = {".txt", ".pdf", ".doc", ".docx", ".wps", ".odt", ".rtf", ".xls", ".xlsx", ".et",
                   ".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}$")


def report_slug(report_id: str) -> str:
    """The report id, which is already a URL slug; anything else is hashed rather than trusted."""
    if _SLUG.match(report_id or ""):
        return report_id
    return "r" + hashlib.sha256(str(report_id).encode("utf-8")).hexdigest()[:12]


def place_year(report: dict) -> str:
    """The township-year a report belongs to (``place_year`` of the reports table; its id if absent)."""
    return report.get("place_year") or report["report_id"]


def version_rank(report: dict) -> tuple[int, str]:
    """Order of the reports of one township-year: the id without a suffix first (the primary), then
    -2, -3 ... as the ids were numbered (in the order of the file names), then anything else."""
    rid, base = report["report_id"], place_year(report)
    if rid == base:
        return 1, rid
    suffix = rid[len(base) + 1:] if rid.startswith(base + "-") else ""
    return (int(suffix), rid) if suffix.isdigit() else (1 << 30, rid)


def groups(reports: list[dict]) -> dict[str, list[dict]]:
    """place_year -> its reports, the primary first; in the order the township-years first appear."""
    out: dict[str, list[dict]] = {}
    for r in reports:
        out.setdefault(place_year(r), []).append(r)
    for rs in out.values():
        if len(rs) > 1:
            rs.sort(key=version_rank)
    return out


def township_year_dir(key: str) -> str:
    """The page of a township and year: its primary report."""
    return f"{REPORTS}{report_slug(key)}/"


def version_dir(key: str, report_id: str) -> str:
    """The page of another report (a copy or a conflicting version) of a township and year."""
    return f"{township_year_dir(key)}versions/{report_slug(report_id)}/"


def page_dirs(grouped: dict[str, list[dict]]) -> dict[str, str]:
    """report id -> the directory of its page."""
    out = {}
    for key, rs in grouped.items():
        for i, r in enumerate(rs):
            out[r["report_id"]] = township_year_dir(key) if i == 0 else version_dir(key, r["report_id"])
    return out


def original_dir(page_dir: str) -> str:
    """The archived original of the report whose page is at ``page_dir``."""
    return f"{page_dir}original/"


def original_download(page_dir: str, report: dict) -> str:
    """The archived copy's site path: named by the report id, with a harmless extension."""
    ext = PurePosixPath(report.get("source_file") or "").suffix.lower()
    ext = ext if re.fullmatch(r"\.[a-z0-9]{1,8}", ext) else ""
    if ext not in SAFE_EXTENSIONS:
        ext += ".txt"
    return f"{original_dir(page_dir)}{report_slug(report['report_id'])}{ext}"


def page_url(src_uri: str) -> str:
    """The site folder of a Markdown page (directory URLs): data.md -> data/, x/index.md -> x/."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def year_dir(year) -> str:
    return f"{YEARS}{year if isinstance(year, int) else 'unknown'}/"


def data_path(resource_path: str) -> str:
    return DATA + resource_path


def is_township(report: dict) -> bool:
    """Whether a report counts as a township's (乡, 镇 or 街道; or its level is not recorded)."""
    return report.get("level") in (None, *TOWNSHIP_LEVELS)


def level_zh(report: dict) -> str:
    level = report.get("level")
    return LEVEL_ZH.get(level, level or "")


def title(report: dict) -> str:
    """One form for every report: county + township + year ('宁化县曹坊镇 2020 年度报告'), from the
    places the data names (the organ as the report writes it is shown below the title); the organ
    where the township is not known; never invented.

    >>> title({"county": "宁化县", "township": "曹坊镇", "organ": "曹坊镇人民政府", "year": 2020})
    '宁化县曹坊镇 2020 年度报告'
    >>> title({"township": "城月镇", "organ": "城月镇人民政府", "year": None, "report_id": "x"})
    '城月镇 年度报告（年度未识别）'
    """
    township = report.get("township")
    who = f"{report.get('county') or ''}{township}" if township else (report.get("organ") or report.get("report_id"))
    year = report.get("year")
    return f"{who} {year} 年度报告" if year else f"{who} 年度报告（年度未识别）"


def field_zh(resource: str, name: str) -> str:
    """The Chinese title of a published column, from the schema ('发布机关 / issuing organ')."""
    for f in RESOURCES[resource]["schema"]["fields"]:
        if f["name"] == name:
            return f["title"].split(" / ")[0]
    return name
