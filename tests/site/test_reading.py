"""Reading a number, in a real Chromium (issue 19): the clicked number is marked by itself on the
original, "返回表格" leads back to its cell, table headers stay in view, and on a 390 px phone the
总计 column of table 三 can be reached with the row's label still in view. Positions are asserted
from the elements' boxes, not by eye; screenshots are kept in test-artifacts/.

Values from the truth: 望远镇 (tests/truth/002) prints table 四's litigation on line 100 as
"1 1 0 3 5 1 0 0 6 7" after five empty review cells: 未经复议直接起诉 总计 is its fifth number, 5;
曹坊镇 (000) prints 予以公开 总计 0.
"""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ARTIFACTS, REPO
from .test_browser import base, tab, visit  # noqa: F401  (fixtures)

WANGYUAN, CAOFANG = "002_623967a19d51db49.txt", "000_8fd5f38ae061f3c2.txt"
TRUTH = {n: json.loads((REPO / "tests" / "truth" / n.replace(".txt", ".json")).read_text(encoding="utf-8"))
         for n in (WANGYUAN, CAOFANG)}


def test_a_clicked_number_is_marked_by_itself_on_the_original(site, base, tab):
    direct = TRUTH[WANGYUAN]["review_litigation"]["litigation_direct"]
    assert direct[-1] == 5 and direct == [1, 1, 0, 3, 5]
    rid = site.report(WANGYUAN)["report_id"]
    visit(tab, f"{base}reports/{rid}/")
    tab.locator("#c-review_litigation-litigation_direct-total a").first.click()
    tab.wait_for_url(re.compile(rf".*/reports/{rid}/original/\?.*#L100$"))
    tab.wait_for_selector("mark.nb-value")
    line = tab.locator("#L100")
    marks = line.locator("mark")
    assert marks.count() == 1 and marks.inner_text() == "5"
    # the fifth number of the line (the litigation row's total), not the 5 anywhere else
    before = tab.evaluate("""() => { const m = document.querySelector('#L100 mark'); let t = '';
        for (const n of m.parentNode.childNodes) { if (n === m) break; if (n.nodeType === 3) t += n.data; } return t; }""")
    assert before.split() == ["1", "1", "0", "3"], before
    box, height = marks.bounding_box(), tab.viewport_size["height"]
    assert 0 <= box["y"] < height and box["width"] < 20, box         # in view, one number wide
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "original-marked.png"))
    assert "1\t1\t0\t3\t5\t1\t0\t0\t6\t7" in line.inner_text()      # the line's text as printed
    back = tab.locator("header a[data-nb-back]")
    assert back.inner_text() == "← 返回表格"
    back.click()
    tab.wait_for_url(f"**/reports/{rid}/#c-review_litigation-litigation_direct-total")
    target = tab.locator(".nb-target")
    assert target.get_attribute("id") == "c-review_litigation-litigation_direct-total"
    assert target.locator("a").first.inner_text() == "5"
    assert tab.locator("header a[data-nb-back]").count() == 0           # the report page, not the original


def test_a_value_in_a_row_is_marked_where_the_row_prints_it(site, base, tab):
    """曹坊镇's 予以公开 row is printed on one line; its 总计 (0) is the line's last number."""
    assert TRUTH[CAOFANG]["applications"]["granted"][-1] == 0
    rid = site.report(CAOFANG)["report_id"]
    visit(tab, f"{base}reports/{rid}/")
    link = tab.locator("#c-applications-granted-total a").first
    line = int(link.get_attribute("href").split("#L")[1])
    link.click()
    tab.wait_for_selector("mark.nb-value")
    after = tab.evaluate(f"""() => {{ const m = document.querySelector('#L{line} mark'); let t = '', seen = false;
        for (const n of m.parentNode.childNodes) {{ if (seen && n.nodeType === 3) t += n.data; if (n === m) seen = true; }}
        return t; }}""")
    assert tab.locator(f"#L{line} mark").inner_text() == "0" and not re.search(r"\d", after), after


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=2,
                              is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.problems, page.external = [], []
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    ctx.close()


def test_on_a_phone_the_total_column_is_reached_and_the_label_stays(site, base, phone):
    rid = site.report(CAOFANG)["report_id"]
    phone.goto(f"{base}reports/{rid}/")
    phone.wait_for_load_state("networkidle")
    total = phone.locator("#c-applications-granted-total")
    label = phone.locator("#r-applications-granted > th").last
    assert label.inner_text() == "(一)予以公开"
    box = phone.locator("table.nb-applications").bounding_box()
    assert box["width"] > 390                                         # the table is wider than the phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390   # but the page does not scroll sideways
    scroller = phone.locator(".nb-scroll:has(table.nb-applications)")
    scroller.evaluate("el => el.scrollLeft = el.scrollWidth")        # the reader swipes the table to its end
    total.scroll_into_view_if_needed()
    t, lab, s = total.bounding_box(), label.bounding_box(), scroller.bounding_box()
    assert t["x"] >= 0 and t["x"] + t["width"] <= 390, t              # 总计 in view
    assert total.inner_text().startswith(str(TRUTH[CAOFANG]["applications"]["granted"][-1]))
    assert abs(lab["x"] - s["x"]) < 2, (lab, s)                       # the label stuck to the left edge
    assert lab["x"] + lab["width"] <= t["x"]                          # beside the total, not over it
    assert lab["width"] >= 100, lab                                   # not two characters a line
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "phone-table.png"))
    assert phone.problems == []


def test_table_headers_stay_in_view(site, base, tab):
    rid = site.report(CAOFANG)["report_id"]
    visit(tab, f"{base}reports/{rid}/")
    scroller = tab.locator(".nb-scroll:has(table.nb-applications)")
    scroller.scroll_into_view_if_needed()
    head = tab.locator("table.nb-applications tr").first.locator("th").last   # 申请人情况
    assert head.inner_text() == "申请人情况"
    scroller.evaluate("el => el.scrollTop = el.scrollHeight")          # to the table's last row
    last = tab.locator("#r-applications-carried_forward")
    if last.count():
        lb, hb = last.bounding_box(), head.bounding_box()
        assert hb["y"] < lb["y"]
    hb, sb = head.bounding_box(), scroller.bounding_box()
    assert abs(hb["y"] - sb["y"]) < 2, (hb, sb)                       # the header at the top of the table's box
    assert scroller.evaluate("el => el.scrollTop") > 0
