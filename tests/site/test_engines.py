"""The site is not tied to one engine: the folder `nianbao site generate` writes is built by
ProperDocs (the maintained MkDocs 1.x fork) as by MkDocs, with no hook or plugin, and the report
pages written into its shell are the same bytes. And the package alone builds a site: installed
into a fresh virtual environment outside the repository, it builds the data and the site of a
corpus folder there, with nothing from the source tree."""

from __future__ import annotations

import csv

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import REPO, Page, nianbao

WANGYUAN = "002_623967a19d51db49.txt"


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def engines(site, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("engines")
    for engine in ("mkdocs", "properdocs"):
        nianbao("site", "build", site.root, "--engine", engine, "--out", out / engine, "--config", REPO / "mkdocs.yml",
                cwd=out)
    return {e: out / e / "site" for e in ("mkdocs", "properdocs")}


def test_properdocs_builds_the_generated_folder(site, engines):
    config = (engines["properdocs"].parent / "source" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "nianbao" not in config.split("plugins:")[1].split("\n")[0]
    rid = site.report(WANGYUAN)["report_id"]
    page = Page((engines["properdocs"] / "reports" / rid / "index.html").read_text(encoding="utf-8"))
    assert page.cells()["c-review_litigation-litigation_direct-total"] == ("5", ["original/#L100"], "")
    assert (engines["properdocs"] / "pagefind" / "pagefind.js").is_file()


def test_both_engines_make_the_same_site(site, engines):
    assert files(engines["properdocs"]) == files(engines["mkdocs"])
    assert files(engines["mkdocs"]) == files(site.path)               # the MkDocs plugin: the same files
    # the generated pages' raw blocks went beside them through the engine and are back in the pages
    source = engines["mkdocs"].parent / "source" / "docs"
    assert (source / "years" / "2020" / "index.md.nbstash").is_file()
    assert "<!--nb:" in (source / "years" / "2020" / "index.md").read_text(encoding="utf-8")
    for name in ("mkdocs", "properdocs"):
        year = (engines[name] / "years" / "2020" / "index.html").read_text(encoding="utf-8")
        assert "<!--nb:" not in year and f'href="../../reports/{site.report(WANGYUAN)["report_id"]}/"' in year
    for r in site.reports:
        rel = f"reports/{r['report_id']}/index.html"
        assert (engines["properdocs"] / rel).read_bytes() == (engines["mkdocs"] / rel).read_bytes(), rel


def test_the_installed_package_builds_data_and_site_outside_the_repository(tmp_path):
    """`pip install --no-deps .` (of a copy of the source) into a fresh virtual environment in a temporary folder; its
    dependencies are this environment's (appended to its path, so nothing of nianbao comes from
    here: the test checks where nianbao, its theme and its assets are loaded from)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    here = sysconfig.get_paths()["purelib"]
    target = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    (Path(target) / "dependencies.pth").write_text(here + "\n", encoding="utf-8")   # a path, appended last
    source = tmp_path / "source"          # a copy: building the wheel writes into the folder it builds
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    proc = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(source)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    where = subprocess.run([str(python), "-c", "import nianbao.site.generate as g; print(g.THEME)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout.strip()
    assert where.startswith(target), where                               # the installed copy, not src/
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "corpus" / WANGYUAN, corpus / WANGYUAN)
    command = venv / "bin" / "nianbao"
    for args in (("build", corpus, "--out", tmp_path / "package"),
                 ("site", "build", tmp_path / "package", "--out", tmp_path / "web")):
        proc = subprocess.run([str(command), *map(str, args)], capture_output=True, text=True, cwd=tmp_path,
                              env={"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                                   "HOME": str(tmp_path)})
        assert proc.returncode == 0, proc.stdout + proc.stderr
    site = tmp_path / "web" / "site"
    with (tmp_path / "package" / "build" / "reports.csv").open(encoding="utf-8", newline="") as f:
        rid = next(csv.DictReader(f))["report_id"]
    page = Page((site / "reports" / rid / "index.html").read_text(encoding="utf-8"))
    assert page.cells()["c-review_litigation-litigation_direct-total"] == ("5", ["original/#L100"], "")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "已收录 <strong>1</strong> 个乡镇年度" in home and "assets/nianbao-search.js" in home
    assert (site / "assets" / "nianbao-report.js").is_file() and (site / "pagefind" / "pagefind.js").is_file()
