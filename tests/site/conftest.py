"""Site fixtures: the bundled corpus built with the real commands, once per test session.

``nianbao build corpus --out TMP`` then ``NIANBAO_ROOT=TMP mkdocs build --strict``, exactly as a
maintainer would, into temporary folders (the repository's own build/ and site/ are untouched).
"""

from __future__ import annotations

import csv
import functools
import http.server
import os
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def run(*args, env=None, cwd=REPO) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, cwd=cwd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
                          capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(map(str, args))} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


IDENT = {"GIT_AUTHOR_NAME": "nianbao test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
         "GIT_COMMITTER_NAME": "nianbao test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}


def nianbao(*args, cwd, check=True) -> subprocess.CompletedProcess:
    """The ``nianbao`` command; fails the test if it fails (unless ``check`` is False)."""
    proc = subprocess.run([sys.executable, "-m", "nianbao.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **IDENT})
    assert not check or proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def build_package(corpus: Path, out: Path) -> Path:
    run(sys.executable, "-m", "nianbao.cli", "build", str(corpus), "--out", str(out))
    return out


def build_site(root: Path, dest: Path) -> float:
    """Build the site of the data package at ``root`` into ``dest``; returns seconds taken."""
    start = time.perf_counter()
    run(sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(dest),
        env={"NIANBAO_ROOT": str(root)})
    return time.perf_counter() - start


class Site:
    """A built site and the package it was built from."""

    def __init__(self, root: Path, path: Path, seconds: float):
        self.root, self.path, self.seconds = root, path, seconds
        with (root / "build" / "reports.csv").open(encoding="utf-8", newline="") as f:
            self.reports = list(csv.DictReader(f))

    def report(self, source_file: str) -> dict:
        return next(r for r in self.reports if r["source_file"] == source_file)

    def page(self, rel: str) -> str:
        return (self.path / rel / "index.html").read_text(encoding="utf-8")

    def report_dir(self, source_file: str) -> str:
        """The site folder of a report's page: its township-year's, or a version's under it."""
        r = self.report(source_file)
        if r["report_id"] == r["place_year"]:
            return f"reports/{r['place_year']}"
        return f"reports/{r['place_year']}/versions/{r['report_id']}"

    def report_page(self, source_file: str) -> "Page":
        return Page(self.page(self.report_dir(source_file)))

    def original_page(self, source_file: str) -> "Page":
        return Page(self.page(f"{self.report_dir(source_file)}/original"))


class Page(HTMLParser):
    """A page parsed once: every element's attributes and the text inside each element with an id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.elements: list[tuple[str, dict]] = []
        self.text_by_id: dict[str, str] = {}
        self.attrs_by_id: dict[str, dict] = {}
        self.links_by_id: dict[str, list[str]] = {}   # hrefs of the <a> inside each element with an id
        self.scripts: list[str] = []
        self._open: list[tuple[str, str | None]] = []
        self._chunks: list[str] = []
        self.feed(html)

    # Elements whose end tag the pages leave out: a new one (or the end of its row) closes them.
    IMPLIED = {"p": ("p",), "td": ("td", "th"), "th": ("td", "th"), "tr": ("tr", "td", "th"), "li": ("li",)}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        closes = self.IMPLIED.get(tag, ())
        while self._open and self._open[-1][0] in closes:
            self._open.pop()
        self.elements.append((tag, a))
        if tag == "a":
            for _, i in self._open:
                if i:
                    self.links_by_id.setdefault(i, []).append(a.get("href"))
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col", "base"):
            return
        if a.get("id"):
            self.text_by_id[a["id"]] = ""
            self.attrs_by_id[a["id"]] = a
        self._open.append((tag, a.get("id")))

    def handle_endtag(self, tag):
        while self._open:
            t, _ = self._open.pop()
            if t == tag:
                break

    def handle_data(self, data):
        self._chunks.append(data)
        for t, i in self._open:
            if i:
                self.text_by_id[i] += data
        if self._open and self._open[-1][0] == "script":
            self.scripts.append(data)

    @property
    def text(self) -> str:
        return "".join(self._chunks)

    def cells(self) -> dict[str, tuple[str, list[str], str]]:
        """cell id (c-TABLE-ROW-COL) -> (text shown, links, class) of each table cell of a report
        page, read as its script reads it: a value links to the line its row names (data-l, data-s)
        unless it links itself or has no line (class m or n)."""
        import lxml.html
        out = {}
        report = lxml.html.fromstring(self.html).find_class("nb-report")[0]
        original = report.get("data-o")
        for table in report.xpath(".//table[@data-t]"):
            name, cols = table.get("data-t"), []
            for tr in table.iter("tr"):
                if tr.get("data-c"):
                    keys = tr.get("data-c").split(" ")
                    rows = tr.get("data-r").split(" ") if tr.get("data-r") else None
                    cols = [f"{r}:{k}" for r in rows for k in keys] if rows else keys
                if not (tr.get("id") or "").startswith(f"r-{name}-"):
                    continue
                for i, td in enumerate(tr.findall("td")):
                    row, col = tr.get("id")[len(f"r-{name}-"):], cols[i]
                    if ":" in col:
                        row, col = col.split(":")
                    links = [a.get("href") for a in td.iter("a")]
                    classes = (td.get("class") or "").split()
                    if not links and tr.get("data-l") and not {"m", "n"} & set(classes):
                        links = [f"{original}#L{int(tr.get('data-l')) + i * int(tr.get('data-s') or 0)}"]
                    out[f"c-{name}-{row}-{col}"] = (td.text_content().strip(), links, " ".join(classes))
        return out


@pytest.fixture(scope="session")
def shards(site, tmp_path_factory) -> Path:
    """The bundled corpus as a site in shards by year (2020: four township-years, 2021: one) and a root."""
    out = tmp_path_factory.mktemp("shards")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "docs")
    config["extra"] = {"nianbao": {"shard_by": "year", "shard_url": "../nianbao-{shard}/", "root_url": "../nianbao/"}}
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    proc = nianbao("site", "shards", site.root, "--out", out / "build", "--config", out / "mkdocs.yml", cwd=out)
    assert [line.split(":")[0] for line in proc.stdout.splitlines()] == ["2021", "2020", "root"]
    served = out / "served"          # the three sites side by side, as on one GitHub Pages host
    served.mkdir()
    for name, folder in (("nianbao-2021", "2021"), ("nianbao-2020", "2020"), ("nianbao", "root")):
        (served / name).symlink_to(out / "build" / folder / "site")
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    tmp = tmp_path_factory.mktemp("site")
    root = build_package(REPO / "corpus", tmp / "package")
    seconds = build_site(root, tmp / "site")
    return Site(root, tmp / "site", seconds)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves a folder quietly, and records the path of every file it sends."""

    def log_message(self, *args):
        pass

    def send_head(self):
        f = super().send_head()
        if f is not None:
            self.server.sent.append(self.path.split("?")[0])
        return f


class Servers:
    """serve(folder) -> base URL of a local HTTP server on 127.0.0.1 for that folder;
    serve.sent(base) -> the paths it has sent, in order."""

    def __init__(self):
        self.servers: dict[str, http.server.ThreadingHTTPServer] = {}

    def __call__(self, folder: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.sent = []
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        self.servers[base] = httpd
        return base

    def sent(self, base: str) -> list[str]:
        return self.servers[base].sent

    def close(self):
        for s in self.servers.values():
            s.shutdown()
            s.server_close()


@pytest.fixture(scope="session")
def serve():
    servers = Servers()
    yield servers
    servers.close()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (scripts/setup installs Debian's chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# --- a hostile report: markup, template and admonition syntax in its names and its text ---------

HOSTILE_META = {
    "organ": '<script>alert("organ")</script>{{ config.site_name }}{% if true %}X{% endif %}镇人民政府',
    "township": "<img src=x onerror=alert(1)>坊镇",
    "county": '!!! note "县"',
    "province": '---\n\n!!! danger "省"\n\n<script>alert(9)</script>',
    "source_url": "javascript:alert(4)",
    "website": '"><svg onload=alert(5)>',
}
HOSTILE_LINES = {  # line number -> text, replacing prose lines of a real report (000, 曹坊镇)
    9: '<script>alert("line")</script><img src=x onerror=alert(6)>',
    11: '{{ config }} {% include "base.html" %} {# comment #}',
    13: '!!! note "admonition"',
    15: "---",
    17: "[点我](javascript:alert(7)) <a href=\"javascript:alert(8)\">x</a> <!-- open comment",
    19: "</div></div></td></table><script>alert(10)</script> *强调* `code` # 标题",
}


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> Site:
    """The site of a corpus holding one hostile report, saved as Markdown (a format ingest reads)."""
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    corpus.mkdir()
    lines = (REPO / "corpus" / "000_8fd5f38ae061f3c2.txt").read_text(encoding="utf-8").split("\n")
    for n, text in HOSTILE_LINES.items():
        lines[n - 1] = text
    (corpus / "hostile.md").write_text("\n".join(lines), encoding="utf-8")
    with (corpus / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", *HOSTILE_META])
        w.writerow(["hostile.md", *HOSTILE_META.values()])
    root = build_package(corpus, tmp / "package")
    seconds = build_site(root, tmp / "site")
    return Site(root, tmp / "site", seconds)


# --- one township and year, three files: the report, a copy, and a version with other numbers -----

ZHANGXIANG = "003_ae53f9282b2209bb.txt"
COPY, CONFLICT = "003_copy.txt", "003_v2.txt"   # sorted after the original: its id stays unsuffixed
CONFLICT_LINE, CONFLICT_TEXT = 44, "\t3"        # line 44 prints 行政许可 本年处理决定数量 "\t1"


@pytest.fixture(scope="session")
def versions(tmp_path_factory) -> Site:
    """The site of a corpus where 张巷镇 2021 comes as three files: the original, an exact copy under
    another name, and a copy whose line 44 prints 3 instead of 1."""
    tmp = tmp_path_factory.mktemp("versions")
    corpus = tmp / "corpus"
    corpus.mkdir()
    original = (REPO / "corpus" / ZHANGXIANG).read_bytes()
    (corpus / ZHANGXIANG).write_bytes(original)
    (corpus / COPY).write_bytes(original)
    lines = original.decode("utf-8").split("\n")
    assert lines[CONFLICT_LINE - 1] == "\t1"
    lines[CONFLICT_LINE - 1] = CONFLICT_TEXT
    (corpus / CONFLICT).write_text("\n".join(lines), encoding="utf-8")
    (corpus / "000_8fd5f38ae061f3c2.txt").write_bytes((REPO / "corpus" / "000_8fd5f38ae061f3c2.txt").read_bytes())
    root = build_package(corpus, tmp / "package")
    seconds = build_site(root, tmp / "site")
    return Site(root, tmp / "site", seconds)
