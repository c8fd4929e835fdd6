"""Report text is data, never markup: a hostile report renders as text everywhere."""

from __future__ import annotations

import csv

from .conftest import HOSTILE_LINES, HOSTILE_META, Page


def test_hostile_report_builds_and_its_names_are_text(hostile):
    report = hostile.reports[0]
    assert report["organ"] == HOSTILE_META["organ"]          # the tables stage kept it as data
    page = hostile.report_page("hostile.md")
    # place names may be replaced by the gazetteer's; whatever hostile text the tables hold is shown as text
    kept = [k for k, v in HOSTILE_META.items() if report.get(k) == v]
    assert {"organ", "website"} <= set(kept)
    assert not report["source_url"]        # not an http(s) address: dropped, with a finding
    with (hostile.root / "build" / "findings.csv").open(encoding="utf-8", newline="") as f:
        findings = list(csv.DictReader(f))
    assert any(f["rule"] == "manifest.invalid" and "source_url" in f["message"] for f in findings)
    for key in kept:
        assert HOSTILE_META[key] in page.text, key
    assert page.text.split("发布机关（原文署名）：")[1].startswith(HOSTILE_META["organ"])   # {{ }} not evaluated
    title = page.html.split("<title>")[1].split("</title>")[0]
    assert "<script" not in title and "<img" not in title and "{{" not in title


def test_hostile_original_lines_are_text_at_their_anchors(hostile):
    page = hostile.original_page("hostile.md")
    for n, text in HOSTILE_LINES.items():
        assert page.text_by_id[f"L{n}"] == text


def test_no_markup_from_reports_anywhere(hostile):
    pages = list(hostile.path.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page = Page(path.read_text(encoding="utf-8"))
        for tag, attrs in page.elements:
            assert tag not in ("svg", "img") or "onerror" not in attrs, path
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, name)
                assert not (value or "").strip().lower().startswith("javascript:"), (path, tag, name)
            assert "admonition" not in (attrs.get("class") or ""), (path, tag)
        assert not any("alert(" in s for s in page.scripts), path


def test_markdown_syntax_in_reports_makes_no_elements(hostile):
    rid = hostile.reports[0]["report_id"]
    for rel, start, end in ((f"reports/{rid}", "<article", "</article>"),
                            (f"reports/{rid}/original", '<div class="nb-lines', "</div>")):
        article = hostile.page(rel).split(start)[1].split(end)[0]
        for made in ("<hr", "<em>强调", "<code>code", "<h1>标题", "<blockquote>", 'class="admonition'):
            assert made not in article, (rel, made)


def test_the_archived_markdown_original_is_served_as_text(hostile):
    rid = hostile.reports[0]["report_id"]
    folder = hostile.path / "reports" / rid / "original"
    assert sorted(p.name for p in folder.iterdir()) == [f"{rid}.md.txt", "index.html"]
    assert (folder / f"{rid}.md.txt").read_bytes() == (hostile.root.parent / "corpus" / "hostile.md").read_bytes()


def test_unsafe_official_url_is_not_a_link(hostile):
    page = hostile.report_page("hostile.md")
    hrefs = [a.get("href") or "" for t, a in page.elements if t == "a"]
    assert not any("alert(" in h for h in hrefs)
    assert "官方网址：未记录" in page.text
