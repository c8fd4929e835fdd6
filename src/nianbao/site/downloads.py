"""The data page's release part: the file to click, the bundle, the spreadsheet CSVs, how to cite the
release and what changed — made from the files the build and ``nianbao release`` wrote, so a button
is shown only for a file that exists and every link goes where the data package's files go (the
site's data/ folder, or ``downloads_url``).

Files (paths as in the package folder, published under the same names):

- ``build/nianbao.xlsx``: the workbook, the first button (a journalist opens it in Excel or WPS);
- ``dist/nianbao-<version>.zip``: the bundle of a release (absent for an unreleased build);
- ``build/excel/<table>.csv``: the tables as UTF-8-with-BOM CSV for spreadsheets;
- ``CITATION.cff``, and the release's ``CHANGELOG-data.md`` and ``changes.csv``.
"""

from __future__ import annotations

from pathlib import Path

from ..release import bundle, excel_csv, notes, workbook
from ..release.citation import CFF
from ..tables import RESOURCES
from .config import SiteConfig
from .data import Dataset
from .html import attr, block, esc, link

CHANGES = ("CHANGELOG-data.md", "changes.csv")


def files(ds: Dataset) -> list[tuple[str, Path]]:
    """(path in the package, file) of every release file that exists, in the order the page shows them."""
    root, version = ds.root, ds.version
    candidates = [f"build/{workbook.NAME}", f"dist/{bundle.name(version)}.zip"]
    candidates += [f"build/{excel_csv.FOLDER}/{name}.csv" for name in RESOURCES]
    candidates += [CFF] + [f"releases/{version}/{name}" for name in CHANGES]
    return [(p, root / p) for p in candidates if (root / p).is_file()]


def _href(config: SiteConfig, path: str, here: str) -> str:
    return config.data_href(path, here)


def buttons_markdown(ds: Dataset, config: SiteConfig = SiteConfig(), here: str = "data/") -> str:
    """The workbook button first, then the bundle, then the spreadsheet CSVs of every table."""
    have = dict(files(ds))
    out = []
    xlsx = f"build/{workbook.NAME}"
    if xlsx in have:
        out.append(f'<a class="md-button md-button--primary" href="{attr(_href(config, xlsx, here))}" download>'
                   f"下载 Excel 工作簿 {esc(workbook.NAME)}</a>")
    zip_ = f"dist/{bundle.name(ds.version)}.zip"
    if zip_ in have:
        out.append(f'<a class="md-button" href="{attr(_href(config, zip_, here))}" download>'
                   f"下载全部数据（{esc(Path(zip_).name)}）</a>")
    note = "" if zip_ in have else "<p><small>全部数据的 zip 下载包随正式版本发布（<code>nianbao release</code>）；" \
                                   "本构建尚未发布。</small></p>"
    csvs = [(name, f"build/{excel_csv.FOLDER}/{name}.csv") for name in RESOURCES]
    items = "".join(f"<li>{link(_href(config, path, here), esc(Path(path).name))}"
                    f"（{esc(RESOURCES[name]['title'].split(' / ')[0])}）</li>" for name, path in csvs if path in have)
    excel = (f"<details><summary>给表格软件的 CSV（UTF-8 带 BOM，双击打开不乱码）</summary>"
             f'<ul class="nb-excel-csv">{items}</ul></details>') if items else ""
    return block(f'<p class="nb-downloads">{"".join(out)}</p>{note}{excel}', "nb-buttons")


def citation_markdown(ds: Dataset, config: SiteConfig = SiteConfig(), here: str = "data/") -> str:
    """How to cite the release this site shows: version and date, the citation, CITATION.cff."""
    d = ds.descriptor
    have = dict(files(ds))
    cff = f"<p>{link(_href(config, CFF, here), CFF)}（Citation File Format）</p>" if CFF in have else ""
    return block(f'<div class="nb-cite"><p>版本：{esc(notes.version_line(d))}</p>'
                 f"<blockquote><p>{esc(notes.citation(d))}</p></blockquote>{cff}</div>", "nb-citation")


def changes_markdown(ds: Dataset, config: SiteConfig = SiteConfig(), here: str = "data/") -> str:
    """Links to the release's changelog and its changes.csv, when this build is a release."""
    have = dict(files(ds))
    shown = [f"releases/{ds.version}/{name}" for name in CHANGES]
    links = " · ".join(link(_href(config, p, here), esc(Path(p).name)) for p in shown if p in have)
    if not links:
        return block("<p>本构建不是正式版本，没有变更清单。</p>", "nb-changes")
    return block(f"<p>版本 {esc(ds.version)} 与上一版本相比的变化：{links}</p>", "nb-changes")
