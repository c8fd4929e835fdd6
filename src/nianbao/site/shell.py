"""The shell of the report pages: one page the site's engine renders with its theme, filled per report.

Tens of thousands of report pages are not sent through the engine's per-page pipeline (Markdown,
templates, navigation: minutes per 10,000 pages, and the engine may change). The generator writes
one shell page per folder depth where report pages live (``shell_markdown``); the engine renders it
like any page (header, search box, styles, footer), lean: no navigation tree, no table of contents,
no Material script (theme/nb-lean.html); then ``Shell`` cuts the rendered shell at its marker, and each report's
page is the shell's head, the report's content, the shell's tail, with the title and the address put
in. Whatever engine renders the shell, MkDocs, ProperDocs or another reading the same folder, the
report pages look like the rest of the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .html import esc

NAME = "nianbao-shell"
LEAN = "nb-lean.html"              # the theme's lean page (theme/nb-lean.html)
TITLE = "NIANBAO-SHELL-TITLE"
BODY = "<!--nianbao:body<h1-->"    # "<h1": the theme adds no title of its own to the page
_SCRIPT = re.compile(r"(<script\b.*?</script>)", re.S)
_SPACE = re.compile(r"\s{2,}")


class ShellError(Exception):
    """The engine did not render the shell (is the generated folder the one it built?)."""


def shell_dir(depth: int) -> str:
    """The site folder of the shell for pages ``depth`` folders deep (reports/x/ is 2)."""
    return "reports/" + "/".join([NAME] * (depth - 1)) + "/"


def depth(page_dir: str) -> int:
    return page_dir.strip("/").count("/") + 1


def shell_markdown() -> str:
    """The shell's source: a lean page whose content is only the marker."""
    return f'---\ntitle: "{TITLE}"\ntemplate: {LEAN}\n---\n\n{BODY}\n'


def minify(html: str) -> str:
    """Runs of white space between words and tags made one (a line break where there was one);
    scripts are kept as they are. Equivalent for a browser: the shell holds no <pre> or textarea."""
    parts = _SCRIPT.split(html)
    return "".join(p if i % 2 else _SPACE.sub(lambda m: "\n" if "\n" in m.group() else " ", p)
                   for i, p in enumerate(parts))


@dataclass(frozen=True)
class Shell:
    head: str
    tail: str
    dir: str

    @classmethod
    def load(cls, site_dir: Path, depth_: int) -> "Shell":
        path = Path(site_dir) / shell_dir(depth_) / "index.html"
        try:
            html = minify(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise ShellError(f"the engine did not render the report pages' shell {path}: {e}") from e
        if html.count(BODY) != 1:
            raise ShellError(f"{path} does not hold the marker {BODY} once")
        head, tail = html.split(BODY)
        return cls(head, tail, shell_dir(depth_))

    def page(self, title: str, page_dir: str, content: str) -> str:
        """A page at ``page_dir`` (same depth as the shell) with ``title`` and ``content`` (HTML)."""
        t = esc(title)
        head = self.head.replace(TITLE, t).replace(self.dir, page_dir)
        return head + content + self.tail.replace(TITLE, t).replace(self.dir, page_dir)
