"""报告错误: a link that opens a prefilled issue about one number in the project's GitHub repository.

No server and no tracking: the link is GitHub's own "new issue" page, its query string filling the
issue form ``.github/ISSUE_TEMPLATE/data-error.yml`` field by field (GitHub prefills a form's fields
from parameters named as their ids), with a title and a plain body as well for a repository that
lacks the form. The reporter adds the value printed in the original; a maintainer turns the issue
into ``corrections/<report_id>.yaml`` (docs/maintainers.md, 报告错误).

The repository is mkdocs.yml's ``extra.nianbao.repo`` (``owner/name``), not MkDocs's ``repo_url``:
Material would show that in every page's header and ask GitHub's API for its stars, a request to
another host from every page. Every field is clipped, so a link stays short enough for any browser
and for GitHub (``MAX_URL``).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from .html import fmt

FORM = "data-error.yml"
MAX_FIELD = 200          # characters of one field
MAX_URL = 6000           # characters of the link: if longer, the body goes, then fields are cut to 40
FIELDS = (  # form field id (.github/ISSUE_TEMPLATE/data-error.yml) -> label in the plain body
    ("report_id", "报告编号 report id"),
    ("table", "表 table"),
    ("row", "行 row"),
    ("column", "列 column"),
    ("published_value", "网站上的值 published value"),
    ("source_line", "原文行号 source line"),
    ("page_url", "页面 page"),
)
_SLUG = re.compile(r"^(?:https?://github\.com/)?([A-Za-z0-9-]{1,39})/([A-Za-z0-9._-]{1,100}?)(?:\.git)?/?$")


def repo_of(extra: dict | None) -> str | None:
    """The repository set in mkdocs.yml (``config.extra``), as ``owner/name``, or None.

    >>> repo_of({"nianbao": {"repo": "https://github.com/example/nianbao.git"}})
    'example/nianbao'
    >>> repo_of({"nianbao": {"repo": ""}}) is None
    True
    """
    m = _SLUG.match(str(((extra or {}).get("nianbao") or {}).get("repo") or "").strip())
    return f"{m[1]}/{m[2]}" if m else None


def issue_url(repo: str | None, report_id: str, table: str | None = None, row: str | None = None,
              column: str | None = None, value=None, line: int | None = None,
              page_url: str | None = None) -> str | None:
    """The new-issue link for one number (or, with only ``report_id``, for a report); None without
    a valid repository. ``value`` is the published value (None: published as null, not printed)."""
    slug = repo_of({"nianbao": {"repo": repo}})
    if not slug or not report_id:
        return None
    cell = table is not None
    given = {"report_id": report_id, "table": table, "row": row, "column": column,
             "published_value": (fmt(value) if value is not None else "空值（原文未印出）") if cell else None,
             "source_line": line, "page_url": page_url}
    given = {k: v for k, v in given.items() if v is not None and v != ""}
    base = f"https://github.com/{slug}/issues/new?"
    for limit, with_body in ((MAX_FIELD, True), (MAX_FIELD, False), (40, False)):
        url = base + urlencode(_params(given, limit, with_body), quote_via=quote)
        if len(url) <= MAX_URL:
            break
    return url


def _params(given: dict, limit: int, with_body: bool) -> list[tuple[str, str]]:
    fields = {k: _clip(v, limit) for k, v in given.items()}
    where = "/".join(fields[k] for k in ("table", "row", "column") if k in fields)
    title = _clip(f"数据错误：{fields['report_id']}" + (f" {where}" if where else ""), 2 * limit)
    params = [("template", FORM), ("title", title), *fields.items()]
    if with_body:
        body = "\n".join(f"- {label}: {fields[k]}" for k, label in FIELDS if k in fields)
        params.append(("body", body + "\n\n原文中印的值 value printed in the original: \n"))
    return params


def _clip(value, limit: int) -> str:
    text = " ".join(str(value).split())        # one line: no line breaks from a report's text
    return text if len(text) <= limit else text[:limit - 1] + "…"
