"""`mkdocs gh-deploy` publishes the site to a git remote's gh-pages branch (here a local bare one)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from .conftest import REPO, run


def git(*args, cwd):
    return run("git", *args, cwd=cwd).stdout


def test_gh_deploy_to_a_local_bare_remote(site, tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "--bare", "--quiet", str(remote), cwd=tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")          # a copy of the site config
    shutil.copytree(REPO / "docs", work / "docs")
    (work / "src/nianbao/site").mkdir(parents=True)
    shutil.copy(REPO / "src/nianbao/site/hooks.py", work / "src/nianbao/site/hooks.py")
    shutil.copy(REPO / "src/nianbao/site/sqlassets.py", work / "src/nianbao/site/sqlassets.py")   # SQL page
    shutil.copytree(REPO / "src/nianbao/site/theme", work / "src/nianbao/site/theme")   # the search box
    ident = ("-c", "user.name=nianbao test", "-c", "user.email=test@example.invalid")
    git("init", "--quiet", "-b", "main", cwd=work)
    git("remote", "add", "origin", str(remote), cwd=work)
    git("add", "-A", cwd=work)
    git(*ident, "commit", "--quiet", "-m", "site config", cwd=work)
    env = {"NIANBAO_ROOT": str(site.root), "GIT_AUTHOR_NAME": "nianbao test",
           "GIT_AUTHOR_EMAIL": "test@example.invalid", "GIT_COMMITTER_NAME": "nianbao test",
           "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    run(sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--force", "--remote-name", "origin",
        "--remote-branch", "gh-pages", cwd=work, env=env)
    published = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    rid = site.report("002_623967a19d51db49.txt")["report_id"]
    assert "index.html" in published
    assert f"reports/{rid}/index.html" in published
    assert f"reports/{rid}/original/index.html" in published
    assert "data/build/applications.parquet" in published
    assert "pagefind/pagefind.js" in published and "assets/nianbao-search.js" in published
    assert {"sql/index.html", "data/nianbao.duckdb", "assets/sql/vendor/duckdb-eh.wasm"} <= set(published)
    page = subprocess.run(["git", "show", f"gh-pages:reports/{rid}/index.html"], cwd=remote,
                          capture_output=True, text=True, check=True).stdout
    assert 'id="c-review_litigation-litigation_direct-total"' in page
