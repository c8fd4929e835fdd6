"""The data dictionary and the download list, generated from the schema and the catalogue.

Nothing here is written by hand, so the published description cannot drift from the tables:
every column of ``schema.RESOURCES`` and every row, column, identity, status and rule of the
catalogue appears, in Chinese and English.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..catalogue import IDENTITIES, SEVERITIES, STATUSES, TABLES, TEMPLATE_LABELS, TEMPLATES
from ..tables.resources import RESOURCES
from ..validate import RULE_TITLES, RULES
from . import layout
from .config import SiteConfig
from .data import Dataset
from .html import block, esc, front_matter, heading, link, rel

TYPE_ZH = {"string": "文本", "integer": "整数", "number": "数值", "date": "日期 (YYYY-MM-DD)"}


def _split(title: str) -> tuple[str, str]:
    zh, _, en = title.partition(" / ")
    return zh, en


def _fields_table(resource: dict) -> str:
    schema = resource["schema"]
    keys = set(schema.get("primaryKey", []))
    rows = []
    for f in schema["fields"]:
        zh, en = _split(f.get("title", ""))
        c = f.get("constraints", {})
        values = "、".join(f"<code>{esc(v)}</code>" for v in c.get("enum", []))
        flags = "；".join(x for x in ("主键" if f["name"] in keys else "",
                                      "必填" if c.get("required") else "可为空（空值≠0）") if x)
        rows.append(f"<tr><td><code>{esc(f['name'])}</code></td><td>{esc(zh)}<br><small>{esc(en)}</small></td>"
                    f"<td>{esc(TYPE_ZH.get(f['type'], f['type']))}<br><small>{esc(flags)}</small></td>"
                    f"<td>{esc(f.get('description', ''))}{'<br>取值：' + values if values else ''}</td></tr>")
    return ('<div class="nb-scroll"><table class="nb-table nb-dict"><thead><tr><th>列名</th><th>名称 / name</th>'
            "<th>类型 · 空值</th><th>说明 / description</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")


def _items_table(items, kind: str) -> str:
    rows = "".join(
        f"<tr><td><code>{esc(i.key)}</code></td><td>{esc(i.group)}{esc(i.zh)}</td><td>{esc(i.en)}</td>"
        f"<td>{esc('、'.join(i.templates))}</td><td>{esc(i.unit)}</td></tr>" for i in items)
    return (f'<div class="nb-scroll"><table class="nb-table nb-dict"><thead><tr><th>{esc(kind)}</th>'
            "<th>中文标签</th><th>English</th><th>格式版本</th><th>单位</th></tr></thead><tbody>"
            + rows + "</tbody></table></div>")


def dictionary_page() -> str:
    out = [front_matter("数据字典", hide=["navigation"]),
           block("<h1>数据字典 Data dictionary</h1><p>本页由程序根据数据表的结构定义（schema）和表格目录"
                 "（catalogue）生成，与发布的数据同步。每张表都有 CSV 和 Parquet 两种文件，列完全相同；"
                 "<code>datapackage.json</code> 以 Frictionless Data Package 格式描述全部表。</p>", "nb-intro")]
    out.append(heading(2, "空值与状态 Missing values and statuses", "missing"))
    statuses = "".join(f"<tr><td><code>{esc(k)}</code></td><td>{esc(v)}</td></tr>" for k, v in STATUSES.items())
    out.append(block(
        "<p><strong>空值不是 0。</strong>报告印出的数才是数。原文空白、印“/”、无法辨认或缺失（缺页、"
        "旧式报告没有表格）的格一律为空值：CSV 中是空单元格（<code>0</code> 与空白不同），Parquet 中是 "
        "null。由勾稽关系推算、或经人工更正的值照常给出，但在 <code>status</code> 列注明，"
        "<code>note</code> 列写明推算方法或更正理由，<code>printed</code> 列保留原印文字。"
        "Missing is not zero: a value is a number only where the report prints it.</p>"
        '<table class="nb-table nb-dict"><thead><tr><th>status</th><th>含义 / meaning</th></tr></thead>'
        f"<tbody>{statuses}</tbody></table>", "nb-section"))
    out.append(heading(2, "表 Tables", "tables"))
    for name, res in RESOURCES.items():
        out.append(heading(3, f"{name}: {res['title']}", f"table-{name}"))
        out.append(block(f"<p>{esc(res.get('description', ''))}</p>" + _fields_table(res), "nb-section"))
    out.append(heading(2, "三张标准表的行与列 Rows and columns of the standard tables", "codes"))
    for t in TABLES:
        out.append(heading(3, f"表{t.section} {t.name}: {t.zh} / {t.en}", f"codes-{t.name}"))
        out.append(block(_items_table(t.rows, t.row_dim) + _items_table(t.cols, t.col_dim), "nb-section"))
    out.append(heading(2, "勾稽关系 Identities", "identities"))
    ids = "".join(f"<tr><td><code>{esc(i.rule)}</code></td><td>{esc(i.zh)}</td>"
                  f"<td>{esc(' + '.join(i.left))} = {esc(' + '.join(i.right))}</td></tr>" for i in IDENTITIES)
    out.append(block('<table class="nb-table nb-dict"><thead><tr><th>rule</th><th>格式原文</th><th>公式</th>'
                     f"</tr></thead><tbody>{ids}</tbody></table>", "nb-section"))
    out.append(heading(2, "校验规则 Validation rules", "rules"))
    rules = "".join(f"<tr><td><code>{esc(k)}</code></td><td>{esc(layout.SEVERITY_ZH.get(s, s))} ({esc(s)})"
                    f"</td><td>{esc(RULE_TITLES.get(k, (k, ''))[0])}<br><small>{esc(RULE_TITLES.get(k, ('', ''))[1])}"
                    f"</small></td><td>{esc(zh)}</td></tr>" for k, (s, zh, en) in RULES.items())
    out.append(block("<p>级别：" + "、".join(f"<code>{esc(s)}</code> {esc(layout.SEVERITY_ZH.get(s, s))}"
                                          for s in SEVERITIES)
                     + '</p><div class="nb-scroll"><table class="nb-table nb-dict"><thead><tr><th>rule</th>'
                     f"<th>级别</th><th>名称 / title</th><th>消息模板（{{where}} 等处填入具体位置和数字）</th>"
                     f"</tr></thead><tbody>{rules}"
                     "</tbody></table></div>", "nb-section"))
    out.append(heading(2, "格式版本 Templates", "templates"))
    tpl = "".join(f"<tr><td><code>{esc(t)}</code></td><td>{esc(TEMPLATE_LABELS[t][0])}：{esc(layout.TEMPLATE_ZH.get(t, ''))}"
                  f"<br><small>{esc(TEMPLATE_LABELS[t][1])}</small></td></tr>"
                  for t in TEMPLATES)
    out.append(block(f'<table class="nb-table nb-dict"><tbody>{tpl}</tbody></table>', "nb-section"))
    return "".join(out)


def downloads_markdown(ds: Dataset, config: SiteConfig = SiteConfig(), here: str = "data/") -> str:
    """The download table for the data page at the docs root: each table's CSV and Parquet file with
    its size and sha256, on the site or where ``downloads_url`` says (a raw block: the files are not
    pages the engine knows). ``here``: the site folder of the page showing it."""
    by_name = {r["name"]: (r, path) for r, path in ds.resource_paths()}
    rows = []
    for name, res in RESOURCES.items():
        if name not in by_name:
            continue
        files = [by_name[n] for n in (name, f"{name}-parquet") if n in by_name]
        cells = "".join(f"<td>{link(config.data_href(r['path'], here), esc(Path(r['path']).name))}"
                        f"<br><small>{_size(path)} · sha256 <code>{_sha256(path)}</code></small></td>"
                        for r, path in files)
        rows.append(f"<tr><td><code>{esc(name)}</code></td><td>{esc(res['title'])}</td>"
                    f'<td class="nb-num">{ds.count(name)}</td>{cells}</tr>')
    package = ds.root / "datapackage.json"
    return block(
        '<div class="nb-scroll"><table class="nb-table nb-downloads"><thead><tr><th>表 table</th><th>内容</th>'
        f"<th>行数</th><th>CSV</th><th>Parquet</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        f"<p>描述全部表的 {link(config.data_href('datapackage.json', here), 'datapackage.json')}"
        f"（Frictionless Data Package，版本 {esc(ds.version)}；sha256 <code>{_sha256(package)}</code>）。"
        f"各列的含义见{link(rel(here, layout.DICTIONARY), '数据字典')}。</p>", "nb-downloads-block")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return "（文件缺失）"
    return digest.hexdigest()


def _size(path: Path) -> str:
    try:
        n = path.stat().st_size
    except OSError:
        return "—"
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"
