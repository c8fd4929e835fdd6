"""Deploying: `mkdocs gh-deploy` of the site, and a site in two shards (by year) plus its root, each
pushed with `nianbao site deploy` to a local bare repository, after the check of the host's limits."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .conftest import IDENT, REPO, nianbao, run


def git(*args, cwd):
    return run("git", *args, cwd=cwd, env=IDENT).stdout


def published(remote: Path, branch: str = "gh-pages") -> list[str]:
    return git("ls-tree", "-r", "--name-only", branch, cwd=remote).split()


def show(remote: Path, path: str, branch: str = "gh-pages") -> str:
    return git("show", f"{branch}:{path}", cwd=remote)


def test_gh_deploy_to_a_local_bare_remote(site, tmp_path):
    """Only mkdocs.yml and the hand-written pages: the plugin, theme and assets come with the package."""
    remote = tmp_path / "remote.git"
    git("init", "--bare", "--quiet", str(remote), cwd=tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(REPO / "docs", work / "docs")
    git("init", "--quiet", "-b", "main", cwd=work)
    git("remote", "add", "origin", str(remote), cwd=work)
    git("add", "-A", cwd=work)
    git("commit", "--quiet", "-m", "site config", cwd=work)
    run(sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--force", "--remote-name", "origin",
        "--remote-branch", "gh-pages", cwd=work, env={"NIANBAO_ROOT": str(site.root), **IDENT})
    files = published(remote)
    rid = site.report("002_623967a19d51db49.txt")["report_id"]
    assert "index.html" in files
    assert f"reports/{rid}/index.html" in files and f"reports/{rid}/original/index.html" in files
    assert "data/build/applications.parquet" in files
    assert "pagefind/pagefind.js" in files and "assets/nianbao-search.js" in files
    assert not any("nianbao-shell" in f for f in files)
    assert {"sql/index.html", "data/nianbao.duckdb.gz", "assets/sql/vendor/duckdb-eh.wasm.gz"} <= set(files)
    page = show(remote, f"reports/{rid}/index.html")
    assert "<tr id=r-review_litigation-values data-l=100" in page     # 未经复议直接起诉 总计 5 is on line 100


def test_each_shard_holds_its_years_reports(site, shards):
    sites = shards / "served"
    for r in site.reports:
        year = r["year"]
        other = "2020" if year == "2021" else "2021"
        assert (sites / f"nianbao-{year}" / "reports" / r["report_id"] / "index.html").is_file()
        assert not (sites / f"nianbao-{other}" / "reports" / r["report_id"]).exists()
    root = (sites / "nianbao" / "index.html").read_text(encoding="utf-8")
    assert 'href="../nianbao-2020/"' in root and 'href="../nianbao-2021/"' in root
    assert not (sites / "nianbao" / "reports").exists()


def test_two_shards_and_the_root_deploy_to_local_bare_remotes(shards, tmp_path):
    repo = tmp_path / "repo"
    git("init", "--quiet", str(repo), cwd=tmp_path)
    for name in ("2021", "2020", "root"):
        remote = tmp_path / f"{name}.git"
        git("init", "--bare", "--quiet", str(remote), cwd=tmp_path)
        nianbao("site", "deploy", shards / "build" / name / "site", "--remote", remote, "--repo", repo, cwd=tmp_path)
        files = published(remote)
        assert "index.html" in files and "nianbao-shards.json" in files and ".nojekyll" in files
        assert ("reports/zhangxiangzhen-fengchengshi-2021/index.html" in files) == (name == "2021")
        assert ("reports/caofangzhen-ninghuaxian-2020/index.html" in files) == (name == "2020")


def test_the_check_refuses_a_site_over_the_limits(shards, tmp_path):
    site = shards / "build" / "2020" / "site"
    proc = nianbao("site", "check", site, cwd=tmp_path)
    assert "within the limits" in proc.stdout
    proc = nianbao("site", "check", site, "--max-site-mb", "0.5", cwd=tmp_path, check=False)
    assert proc.returncode == 1 and "over the limit of 0.5 MB per site" in proc.stderr
    largest = max((p for p in site.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)
    proc = nianbao("site", "check", site, "--max-file-mb", str(largest.stat().st_size / 1e6 * 0.99), cwd=tmp_path,
                   check=False)
    assert proc.returncode == 1 and largest.relative_to(site).as_posix() in proc.stderr
    remote, repo = tmp_path / "remote.git", tmp_path / "repo"
    git("init", "--bare", "--quiet", str(remote), cwd=tmp_path)
    git("init", "--quiet", str(repo), cwd=tmp_path)
    proc = nianbao("site", "deploy", site, "--remote", remote, "--repo", repo, "--max-site-mb", "0.5", cwd=tmp_path,
                   check=False)
    assert proc.returncode == 2 and "not deployed" in proc.stderr
    assert git("branch", "--list", cwd=remote).strip() == ""                 # nothing was pushed
