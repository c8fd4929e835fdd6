"""A township's report page compares its years (issue 15): a chart of 本年新收 per year, the table
of the same numbers beside it with each year's page linked, and that table as CSV."""

from __future__ import annotations

import base64
import re

from nianbao.evaluate import truth as truth_
from nianbao.site import coverage
from nianbao.site.data import load

from .conftest import REPO, build_package

ZHANGXIANG = "003_ae53f9282b2209bb.txt"      # 张巷镇 2021
TOTAL_LINE = 94                              # its 本年新收 总计, printed "\t0"


def test_a_township_page_charts_its_years_from_the_reports(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (REPO / "corpus" / ZHANGXIANG).read_text(encoding="utf-8")
    (corpus / ZHANGXIANG).write_text(text, encoding="utf-8")
    lines = text.replace("2021", "2022").split("\n")
    assert lines[TOTAL_LINE - 1] == "\t0"
    lines[TOTAL_LINE - 1] = "\t4"                                 # the next year prints 4 new applications
    (corpus / "next.txt").write_text("\n".join(lines), encoding="utf-8")
    (corpus / "000_8fd5f38ae061f3c2.txt").write_bytes((REPO / "corpus" / "000_8fd5f38ae061f3c2.txt").read_bytes())
    ds = load(build_package(corpus, tmp_path / "package"))
    by_file = {r["source_file"]: r for r in ds.reports}
    this = by_file["next.txt"]
    html = coverage.years_section(ds, this, ds.dir(this["report_id"]))

    truth = truth_.read(REPO / "tests" / "truth" / ZHANGXIANG.replace(".txt", ".json"))
    printed_2021 = int(truth_.cells(truth)[("applications", "new_received", "total")])
    rows = re.findall(r"<tr><th scope=row><a href=\"([^\"]+)\">(\d{4})</a><td>([^<]*)", html)
    assert [(y, v) for _, y, v in rows] == [("2021", str(printed_2021)), ("2022", "4")]
    assert rows[0][0].rstrip("/").endswith(ds.dir(by_file[ZHANGXIANG]["report_id"]).rstrip("/").split("/")[-1])
    assert html.count("id=years>") == 1 and html.count("id=years-table>") == 1    # ids unique on the page
    svg = re.search(r"<svg[^>]*aria-describedby=\"years-table\".*?</svg>", html).group(0)
    assert svg.count("<rect") == 2 and ">4</text>" in svg and ">2022</text>" in svg       # a bar a year
    csv_text = base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1)).decode("utf-8-sig")
    assert csv_text.splitlines()[1:] == [f"2021,{by_file[ZHANGXIANG]['report_id']},{printed_2021}",
                                         f"2022,{this['report_id']},4"]
    from nianbao.site.pages import report_page
    assert html in report_page(ds, this, [])                     # on the township's page
    # a township of one year (曹坊镇 2020) has no comparison
    one = by_file["000_8fd5f38ae061f3c2.txt"]
    assert coverage.years_section(ds, one, ds.dir(one["report_id"])) == ""
