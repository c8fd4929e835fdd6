"""The SQL page (数据查询): SQL over every table in the browser, and links into it.

The page runs DuckDB-WASM (npm ``@duckdb/duckdb-wasm``) in a web worker. Its builds load the Parquet
reader as an extension fetched from DuckDB's own server at run time, and no registry package ships
that extension, so the site cannot read the release's Parquet files in the browser while offline.
Instead the site build copies every Parquet table of the data package, unchanged, into one DuckDB
database file (``write_database``), which DuckDB-WASM attaches read-only with no extension at all.
The site stores it gzipped (15% of its size at 2,000 reports: DuckDB's blocks are mostly empty at
small sizes and its strings compress well); the page unpacks it into the engine's memory, where
every query runs without another request. A database published elsewhere (``sql_database_url``)
and not gzipped is read by HTTP range requests instead, only the blocks a query touches
(docs/benchmarks-site.md, "数据查询"). The tables keep the data contract's names.

Everything the page shows besides the results is made here from the descriptor, at build time: the
schema sidebar (every Parquet resource with its fields) and the example queries. A page elsewhere
links here with a query in the URL (``sql_url``), e.g. one report's table 三 (``report_query``) or a
county's reports (``county_query``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from .html import esc

PAGE = "sql/"                       # the page's folder on the site (docs/sql.md)
DATABASE = "data/nianbao.duckdb.gz"     # where the site build writes the database file, gzipped
MARKER = "<!-- nianbao:sql -->"     # replaced by the console in docs/sql.md
ASSETS = "assets/sql/"              # docs/assets/sql/: the page's own script, style and module shim
VENDOR = ASSETS + "vendor/"         # files copied from node_modules/ (vendor_files)
NODE_FILES = {  # site name under assets/sql/vendor/ -> file in node_modules/ (package-lock.json, `npm ci`)
    "duckdb-browser.mjs": "@duckdb/duckdb-wasm/dist/duckdb-browser.mjs",
    "duckdb-browser-eh.worker.js.gz": "@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js",
    "duckdb-eh.wasm.gz": "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm",      # gzipped: see ``packed``
    "Arrow.esnext.min.js": "apache-arrow/Arrow.esnext.min.js",
    "apache-arrow-LICENSE.txt": "apache-arrow/LICENSE.txt",
    "apache-arrow-NOTICE.txt": "apache-arrow/NOTICE.txt",
}
FIRST_QUERY = "SELECT count(*) AS n FROM reports"

EXAMPLES = (  # (label, query): shown as buttons; each runs on the bundled corpus (tests/site)
    ("报告数", FIRST_QUERY),
    ("各省予以公开比例", """-- 各省：予以公开占办理总数（表三“总计”列）的比例。
-- summary 每份报告一行，全国汇总用它最快；两个数都印出的报告才计入（空值不是 0）
SELECT province AS 省份,
       count(*) AS 报告数,
       sum(applications_granted) AS 予以公开,
       sum(applications_total) AS 办理总数,
       round(100.0 * 予以公开 / nullif(办理总数, 0), 1) AS 比例
FROM summary
WHERE applications_granted IS NOT NULL AND applications_total IS NOT NULL
GROUP BY province
ORDER BY 比例 DESC NULLS LAST, 省份"""),
    ("行政复议最多的县", """-- 表四：行政复议总计，按县汇总（count 只数印出了这个数的报告）
SELECT province AS 省份, prefecture AS 地市, county AS 县,
       sum(administrative_review_total) AS 行政复议,
       count(administrative_review_total) AS 报告数
FROM summary
GROUP BY ALL
ORDER BY 行政复议 DESC NULLS LAST, 省份, 县
LIMIT 20"""),
    ("一个乡镇的表三", """-- 表三的每一格：值、状态（印出/推算/更正）、原文行号。换成你要查的乡镇
SELECT r.township AS 乡镇, r.year AS 年度, a.row, a.applicant, a.value, a.status, a.source_line
FROM reports r JOIN applications a USING (report_id)
WHERE r.township = '曹坊镇'"""),
    ("新收申请最多的乡镇", """-- 表三：本年新收申请（总计列）
SELECT township AS 乡镇, county AS 县, year AS 年度, applications_new_received AS 新收申请
FROM summary
ORDER BY applications_new_received DESC NULLS LAST
LIMIT 20"""),
    ("空值与 0", """-- 三张长表里：报告印 0 的格、没有印出的格（空值，不是 0）。要读完三张表，全国数据较慢
SELECT 'proactive' AS 表, count(*) FILTER (WHERE value = 0) AS 印0, count(*) FILTER (WHERE value IS NULL) AS 空值 FROM proactive
UNION ALL
SELECT 'applications', count(*) FILTER (WHERE value = 0), count(*) FILTER (WHERE value IS NULL) FROM applications
UNION ALL
SELECT 'review_litigation', count(*) FILTER (WHERE value = 0), count(*) FILTER (WHERE value IS NULL) FROM review_litigation"""),
    ("违反勾稽关系的报告", """-- 校验发现中级别为“错误”的，按规则
SELECT f.rule, count(DISTINCT f.report_id) AS 报告数, any_value(f.message) AS 例
FROM findings f
WHERE f.severity = 'error'
GROUP BY f.rule
ORDER BY 报告数 DESC"""),
)


def literal(text: str) -> str:
    """A SQL string literal.

    >>> literal("O'Hare")
    "'O''Hare'"
    """
    return "'" + str(text).replace("'", "''") + "'"


def sql_url(query: str, root: str = "") -> str:
    """The link to the SQL page running ``query``; ``root`` is the relative path from the linking
    page to the site's root (``../../`` from ``reports/<id>/``).

    >>> sql_url("SELECT 1 AS n", "../../")
    '../../sql/?sql=SELECT%201%20AS%20n'
    """
    return f"{root}{PAGE}?sql={quote(query, safe='')}"


def report_query(report_id: str) -> str:
    """One report's table 三, every cell with its status and the line it was read from."""
    return ("SELECT a.row, a.applicant, a.value, a.status, a.source_line\n"
            "FROM applications a\n"
            f"WHERE a.report_id = {literal(report_id)}")


def county_query(province: str | None, prefecture: str | None, county: str) -> str:
    """Every report of one county with its headline figures (names: a county's name is not unique
    in China, so its province and prefecture are matched too, null matching null)."""
    where = " AND ".join(f"r.{col} IS NOT DISTINCT FROM {literal(v) if v is not None else 'NULL'}"
                         for col, v in (("province", province), ("prefecture", prefecture), ("county", county)))
    return ("SELECT r.township, r.year, r.template, r.validation_status, s.*\n"
            "FROM reports r JOIN summary s USING (report_id)\n"
            f"WHERE {where}\n"
            "ORDER BY r.township, r.year")


def tables(descriptor: dict) -> list[tuple[str, dict]]:
    """(table name, its Parquet resource) for every Parquet resource of the descriptor: the names
    the SQL page gives the tables (the contract's names, without ``-parquet``)."""
    out = []
    for res in descriptor.get("resources", []):
        if res.get("format") == "parquet" and res.get("path"):
            out.append((res["name"].removesuffix("-parquet"), res))
    return out


def vendor_files(*places: Path) -> list[tuple[str, Path]]:
    """(site path, file) of the browser engine, from the first ``node_modules/`` among ``places`` (and
    the source checkout) that has it; [] when none does: the page then says the engine is missing."""
    for folder in (*places, Path(__file__).resolve().parents[3]):
        modules = Path(folder) / "node_modules"
        if all((modules / f).is_file() for f in NODE_FILES.values()):
            return [(VENDOR + name, packed(modules / f) if name.endswith(".gz") else modules / f)
                    for name, f in NODE_FILES.items()]
    return []


def packed(path: Path) -> Path:
    """A gzipped copy of ``path``, made once per version of the file (in the temporary folder).

    The engine's wasm is 34 MB, 7.9 MB gzipped (its worker 773 KB, 188 KB): on a site of 2,000
    reports that is 17 KB per report against 4, over a budget of 25 (docs/benchmarks-site.md). A
    static host stores files as they are, so the site keeps them gzipped and the page unpacks them
    in the browser (``DecompressionStream``, assets/sql/sql.js). Deterministic (no time stamp in the
    header): the same site twice is the same bytes."""
    st = path.stat()
    key = hashlib.sha256(f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:16]
    dest = Path(tempfile.gettempdir()) / "nianbao-vendor" / f"{key}-{path.name}.gz"
    if not dest.is_file():
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
        tmp.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
        os.replace(tmp, dest)
    return dest


def write_database(root: Path, descriptor: dict, dest: Path) -> dict[str, int]:
    """Copy every Parquet table of the package at ``root`` into a new DuckDB file ``dest``, gzipped
    when ``dest`` ends in ``.gz`` (written beside it, then renamed: a half-written file is never
    served). Returns the row counts."""
    import duckdb   # the site extra's dependency, needed only when a site is built

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name.removesuffix(".gz") + ".tmp")
    tmp.unlink(missing_ok=True)
    counts = {}
    con = duckdb.connect(str(tmp))
    try:
        con.execute("SET threads = 1")      # the site build already uses the machine
        for name, res in tables(descriptor):
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet(?)', [str(root / res["path"])])
            counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        con.execute("CHECKPOINT")
    finally:
        con.close()
    if dest.suffix == ".gz":
        packed = tmp.with_name(tmp.name + ".gz")
        with tmp.open("rb") as src, gzip.GzipFile(packed, "wb", compresslevel=6, mtime=0) as out:
            shutil.copyfileobj(src, out, 1 << 20)
        tmp.unlink()
        tmp = packed
    os.replace(tmp, dest)
    return counts


def _schema(descriptor: dict) -> str:
    """The sidebar: every table and its columns, with the descriptor's titles."""
    out = []
    for name, res in tables(descriptor):
        zh = (res.get("title") or "").partition(" / ")[0]
        cols = "".join(
            f'<li><code>{esc(f["name"])}</code> <span class="nb-sql-type">{esc(f.get("type", ""))}</span>'
            f'<br><span class="nb-sql-title">{esc((f.get("title") or "").partition(" / ")[0])}</span></li>'
            for f in res.get("schema", {}).get("fields", []))
        out.append(f'<details><summary><code>{esc(name)}</code> {esc(zh)}</summary><ul>{cols}</ul></details>')
    return "".join(out)


def console(descriptor: dict, page_url: str, database_url: str | None = None) -> str:
    """The page's HTML (one raw block, no blank line inside), with URLs relative to ``page_url``.
    ``database_url``: where the browser finds the database file, if not on the site itself."""
    up = "../" * page_url.count("/")            # 'sql/' -> '../', 'sql.html' -> ''
    vendor, assets = up + VENDOR, up + ASSETS
    examples = "".join(f'<button type="button" class="md-button" data-sql="{esc(q)}">{esc(label)}</button>'
                       for label, q in EXAMPLES)
    imports = json.dumps({"imports": {"apache-arrow": assets + "arrow-shim.mjs"}})
    return (
        f'<div class="nb-sql" id="nb-sql" data-db="{esc(database_url or up + DATABASE)}" '
        f'data-worker="{esc(vendor)}duckdb-browser-eh.worker.js.gz" data-wasm="{esc(vendor)}duckdb-eh.wasm.gz">'
        '<div class="nb-sql-main">'
        f'<div class="nb-sql-examples">示例：{examples}</div>'
        '<label for="nb-sql-input" class="nb-sql-label">SQL（DuckDB 方言）</label>'
        f'<textarea id="nb-sql-input" spellcheck="false" rows="9">{esc(FIRST_QUERY)}</textarea>'
        '<div class="nb-sql-bar"><button type="button" id="nb-sql-run" class="md-button md-button--primary">'
        '运行 (Ctrl+Enter)</button><button type="button" id="nb-sql-stop" class="md-button" hidden>停止</button>'
        '<button type="button" id="nb-sql-csv" class="md-button" hidden>下载 CSV</button>'
        '<span id="nb-sql-status" role="status">需要 JavaScript 和较新的浏览器。</span></div>'
        '<div id="nb-sql-error" class="nb-sql-error" role="alert" hidden></div>'
        '<div id="nb-sql-result" class="nb-scroll"></div>'
        '</div>'
        f'<aside class="nb-sql-schema"><h2 id="schema">表与列</h2>{_schema(descriptor)}</aside>'
        '</div>\n'
        f'<link rel="stylesheet" href="{esc(assets)}sql.css">\n'
        f'<script src="{esc(vendor)}Arrow.esnext.min.js"></script>\n'
        f'<script type="importmap">{imports}</script>\n'
        f'<script type="module" src="{esc(assets)}sql.js"></script>\n'
    )
