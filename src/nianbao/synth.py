"""Synthetic reports: realistic text reports with known truth, for benchmarks and round-trip tests.

Reports come in both templates and as legacy prose, in the layouts seen in the samples (a row per
line with tabs, one cell per line, '|' cells, and rows between '|' borders with '|||' filler lines),
with OCR-like noise in labels and in traditional script (some copies with pinyin glosses after
characters: 鎮(zhèn)). Some have the quirks real reports have (issue 4): header words split over
two lines (本年新 / 制作数量), 总计 printed before 自然人, 本年增\减 with a backslash, local rows
(其他主动公开文件; 其中：行政检查 under 其他对外管理服务事项), section headings missing, a template
that does not match the year. Numbers satisfy the format's identities except in a controlled share
of reports, where one printed cell is off (the truth records what is printed, and which identity it
breaks). The truth lists each report's quirks under "features" and its local rows under
"local_rows".

With ``years`` > 1 (``--years K``), the reports come in runs of K consecutive years of one township
(2019 on): each year's 上年结转 is the year before's 结转下年度继续办理, and (2019 template) its 上一年项目数量
the year before's plus its 本年增/减, except in a controlled share of years (``share_continuity_broken``),
recorded in the truth under "continuity_breaks" (the report whose 上年结转 is off, and the one before).

    python -m nianbao.synth 1000 OUT_DIR [SEED] [--years K]   # OUT_DIR/corpus/*.txt, OUT_DIR/truth/*.json
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .catalogue import (APPLICATIONS, PROACTIVE, PROACTIVE_LAYOUT, RESULT_ROWS, REVIEW_LITIGATION)

LAYOUTS = ("tabs", "cells", "pipes", "bordered")
SIX = [c.key for c in APPLICATIONS.cols if c.key != "total"]
GARBLE = {"本": "才", "予": "子", "部": "B", "请": "靖", "公": "八", "息": "怠", "理": "埋"}


@dataclass(frozen=True)
class Options:
    share_legacy: float = 0.1
    share_2019: float = 0.35
    share_broken: float = 0.05      # reports with one printed cell that breaks an identity
    share_traditional: float = 0.1
    share_noisy: float = 0.15       # OCR-like noise in labels
    share_glosses: float = 0.5      # of the traditional-script reports: pinyin glosses after characters
    share_split_headers: float = 0.15   # header words split over two lines
    share_total_first: float = 0.1  # table 三 prints 总计 before 自然人
    share_backslash: float = 0.2    # 本年增\减
    share_local_rows: float = 0.15  # rows the format does not have
    share_no_headings: float = 0.1  # the headings of sections 二 and 三 are missing
    share_year_mismatch: float = 0.05   # the template of the other period
    years: int = 1                  # consecutive years per township (1: every report a township drawn anew)
    share_continuity_broken: float = 0.0   # of the chained years: 上年结转 not last year's 结转下年度


def generate(n: int, seed: int = 0, options: Options = Options()):
    """Yield (file name, text, truth) for ``n`` reports; the same seed gives the same corpus."""
    rng = random.Random(seed)
    if options.years <= 1:
        for i in range(n):
            yield _report(i, rng, options)
        return
    if options.years > 7:
        raise ValueError("years: at most 7 (2019-2025)")
    prev, place, start, used = None, None, 2019, set()
    for i in range(n):
        k = i % options.years
        if k == 0:      # a township not drawn before: two runs of one township would overlap (copies)
            place = rng.choice(_places())
            while place in used:
                place = rng.choice(_places())
            used.add(place)
            start, prev = rng.randint(2019, 2026 - options.years), None
        name, text, truth = _report(i, rng, options, place, start + k, prev)
        prev = truth
        yield name, text, truth


@lru_cache(maxsize=1)
def _places() -> list[tuple[str, str, str | None, str]]:
    """Real townships (township, county, prefecture, province) that the county name printed before
    the town identifies: what a report writing "南召县石门乡" would be resolved to."""
    from .places.gazetteer import COUNTY, PREFECTURE, PROVINCE, TOWNSHIP, gazetteer
    from .places.resolve import MUNICIPALITIES
    gz = gazetteer()
    pairs: dict[tuple[str, str], list] = {}
    for unit in sorted(gz.by_code.values(), key=lambda u: u.code):
        county = gz.ancestor(unit, COUNTY) if unit.level == TOWNSHIP else None
        if county is not None:
            pairs.setdefault((unit.name, county.name), []).append(unit)
    out = []
    for (town, county), units in pairs.items():
        if len(units) == 1 and len(gz.named(county)) == 1:
            prefecture = gz.ancestor(units[0], PREFECTURE)
            province = gz.ancestor(units[0], PROVINCE).name
            # a municipality is its districts' prefecture (重庆市江津区)
            out.append((town, county, prefecture.name if prefecture else
                        province if province in MUNICIPALITIES else None, province))
    return out


def _report(i: int, rng: random.Random, o: Options, place=None, year=None, prev=None):
    """One report; ``place``, ``year`` and the truth of the year before (``prev``) for a run of years."""
    township, county, prefecture, province = place or rng.choice(_places())
    r = rng.random()
    if year is None:
        template = "legacy" if r < o.share_legacy else "2019" if r < o.share_legacy + o.share_2019 else "2021"
        year = {"legacy": rng.randint(2015, 2020), "2019": rng.randint(2019, 2020),
                "2021": rng.randint(2021, 2025)}[template]
    else:
        template = "legacy" if r < o.share_legacy else "2019" if year <= 2020 else "2021"
    layout = rng.choice(LAYOUTS)
    features = [name for name, share in (("split_headers", o.share_split_headers), ("total_first", o.share_total_first),
                                         ("backslash", o.share_backslash), ("local_rows", o.share_local_rows),
                                         ("no_headings", o.share_no_headings),
                                         ("year_mismatch", o.share_year_mismatch)) if rng.random() < share]
    if template == "legacy":
        features = []
    if place is not None and "year_mismatch" in features:   # a run of years keeps each year's template
        features.remove("year_mismatch")
    if "year_mismatch" in features:
        year = 2020 if template == "2021" else rng.randint(2021, 2022)
    organ = f"{township}办事处" if township.endswith("街道") else f"{township}人民政府"
    phone = f"0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}"
    website = f"http://www.{''.join(rng.choice('abcdefghjkmnpqrstwxyz') for _ in range(5))}.gov.cn"
    published = f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    # the organ as the title writes it (the signature writes the government's name: 三堡乡人民政府)
    truth = {"organ": f"{county}{township}", "level": "street" if township.endswith("街道") else "township",
             "township": township, "county": county, "prefecture": prefecture, "province": province,
             "year": year, "template": template, "published_on": published,
             "contact": {"phone": phone, "postcode": None, "email": None, "website": website},
             "proactive": None, "applications": None, "review_litigation": None, "breaks": [],
             "notes": f"synthetic: {layout}", "report": f"synth_{i:06d}.txt", "features": features,
             "local_rows": [], **({"continuity_breaks": []} if place is not None else {})}
    head = [f"{county}{township}{year}年政府信息公开工作年度报告", "",
            f"本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自{year}年1月1日至{year}年12月31日。"
            f"本报告可在{county}人民政府网站({website})查阅。如有疑问请与{county}{township}党政办公室联系"
            f"(电话：{phone})。", "", "一、总体情况", "",
            f"{year}年，我{township[-1]}认真贯彻落实政府信息公开条例，不断加大主动公开力度。", ""]
    if template == "legacy":
        received, carried = rng.randint(0, 6), rng.randint(0, 2)
        forward = ((prev or {}).get("applications") or {}).get("carried_forward")
        if forward:              # a run of years: the prose carries over what last year's table carried forward
            carried = forward[6]
        truth["applications"] = {"new_received": [None] * 6 + [received], "carried_over": [None] * 6 + [carried]}
        body = ["二、主动公开政府信息的情况", f"{year}年我{township[-1]}累计主动公开政府信息{rng.randint(20, 300)}条。",
                "三、依申请公开政府信息情况",
                f"{year}年度我{township[-1]}共收到政府信息公开申请{received}件，上年结转{carried}件。",
                "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
                f"{year}年度我{township[-1]}没有发生因政府信息公开申请行政复议、提起行政诉讼的情况。"]
        truth["review_litigation"] = None
    else:
        body = _tables(template, layout, rng, o, truth, set(features), prev)
    tail = ["", "五、存在的主要问题及改进情况", "", "一是公开内容有待丰富；二是公开形式有待创新。", "",
            "六、其他需要报告的事项", "", "无。", "", organ, _cn_date(published)]
    text = "\n".join(head + body + tail) + "\n"
    if rng.random() < o.share_traditional:
        text = _to_traditional(text)
        if rng.random() < o.share_glosses:
            text = _gloss(text, rng)
            truth["features"].append("glosses")
    return truth["report"], text, truth


def _tables(template, layout, rng, o, truth, features=frozenset(), prev=None) -> list[str]:
    noisy = rng.random() < o.share_noisy
    split = "split_headers" in features
    out = [] if "no_headings" in features else ["二、主动公开政府信息情况", ""]
    if layout == "bordered":
        out.append("|||")
    proactive = {}
    for k, block in enumerate(PROACTIVE_LAYOUT[template]):
        out += _row(layout, [block.clause], [])
        header = ["信息内容"] + [PROACTIVE.col(m).zh for m in block.measures]
        if "backslash" in features:
            header = [h.replace("增/减", "增\\减") for h in header]
        out += _header(layout, header, split)
        for cat in block.categories:
            values = [_proactive_value(m, rng) for m in block.measures]
            if "continuity_breaks" in truth and "items_prev_year" in block.measures:
                values = _items_after(prev, template, cat, block.measures, values)
            proactive[cat] = dict(zip(block.measures, values))
            label = PROACTIVE.row(cat).zh if template == "2019" or cat != "normative_documents" else "行政规范性文件"
            out += _row(layout, [label], values)
            if "local_rows" in features and (k, cat) in ((0, "normative_documents"), (1, "other_management_services")):
                labels = ["其他主动公开文件"] if k == 0 else ["其中：行政检查", "行政确认"]
                for local in labels:
                    values = [_proactive_value(m, rng) for m in block.measures]
                    truth["local_rows"].append({"label": local, "values": values})
                    out += _row(layout, [local], values)
    truth["proactive"] = proactive
    out += [""] if "no_headings" in features else ["", "三、收到和处理政府信息公开申请情况", ""]
    total_first = "total_first" in features
    note = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)"
    if total_first:  # 总计 merged down the header's rows, left of the applicant columns
        out += _header(layout, [note, "总计", "申请人情况"], split)
        out += _header(layout, ["自然人", "法人或其他组织"], split)
    else:
        out += _row(layout, [note, "申请人情况"], [])
        out += _header(layout, ["自然人", "法人或其他组织", "总计"], split)
    out += _header(layout, ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], split)
    carried = _carried(prev, rng, o, truth) if "continuity_breaks" in truth else None
    grid = _applications(template, rng, carried)
    broken = rng.random() < o.share_broken
    if broken:   # in a run of years, never a cell that crosses the year boundary (a break of its own)
        row = rng.choice(sorted(k for k in grid if "continuity_breaks" not in truth
                                or k not in ("carried_over", "carried_forward")))
        col = rng.randrange(7)
        grid[row][col] += rng.randint(1, 3)
        truth["breaks"].append({"table": "applications", "row": row, "col": APPLICATIONS.cols[col].key})
    for item in APPLICATIONS.rows_for(template):
        label = item.zh
        if item.group and item.zh.startswith("1."):
            label = f"{item.group}\t{label}" if layout == "tabs" else label
        if noisy and rng.random() < 0.3:
            label = _garble(label, rng)
        values = grid[item.key]
        out += _row(layout, label.split("\t"), values[-1:] + values[:-1] if total_first else values)
    truth["applications"] = grid
    out += ["", "四、政府信息公开行政复议、行政诉讼情况", ""]
    out += _row(layout, ["行政复议", "行政诉讼"], [])
    out += _row(layout, ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"], [])
    review = {}
    values = []
    for p in REVIEW_LITIGATION.rows:
        parts = [rng.choice([0, 0, 0, 1, 2]) for _ in range(4)]
        review[p.key] = parts + [sum(parts)]
        values += review[p.key]
    truth["review_litigation"] = review
    out += _row(layout, [], values)
    return out


def _header(layout: str, labels: list[str], split: bool) -> list[str]:
    """A header row; split, each word is cut in two and the halves printed on two lines (in one
    cell per line, as two cells), as a cell too narrow for the word wraps it."""
    if not split:
        return _row(layout, labels, [])
    halves = [(w, "") if len(w) < 2 or w.startswith("(") or w == "信息内容"
              else (w[:w.index("(")], w[w.index("("):]) if "(" in w
              else (w[:(len(w) + 1) // 2], w[(len(w) + 1) // 2:]) for w in labels]
    if layout == "cells":
        return _row(layout, [h for pair in halves for h in pair if h], [])
    return _row(layout, [a for a, _ in halves], []) + _row(layout, [b for _, b in halves], [])


def _carried(prev, rng, o: Options, truth) -> list[int] | None:
    """This year's 上年结转 per applicant: last year's 结转下年度, or (a controlled break) one column off."""
    grid = (prev or {}).get("applications") or {}
    forward = grid.get("carried_forward")
    if not forward or prev.get("template") == "legacy":
        return None
    carried = list(forward[:6])
    if rng.random() < o.share_continuity_broken:
        col = rng.randrange(6)
        carried[col] += rng.randint(1, 3)
        truth["continuity_breaks"].append({"table": "applications", "row": "carried_over", "col": SIX[col],
                                           "previous": prev["report"]})
    return carried


def _items_after(prev, template: str, cat: str, measures, values: list) -> list:
    """Items last year = last year's items last year + its change (2019 template, both years);
    this year's change never takes the count below 0."""
    out = dict(zip(measures, values))
    before = ((prev or {}).get("proactive") or {}).get(cat) or {}
    if template == "2019" and (prev or {}).get("template") == "2019" and "items_prev_year" in before:
        out["items_prev_year"] = before["items_prev_year"] + before["items_change"]
    out["items_change"] = max(out["items_change"], -out["items_prev_year"])
    return [out[m] for m in measures]


def _applications(template, rng, carried: list[int] | None = None) -> dict[str, list[int]]:
    """A table 三 that satisfies every identity: results and carry-over chosen, totals derived. With
    ``carried`` (last year's carry-forward), 上年结转 is that, and what cannot be handled from it is
    granted."""
    results = [r for r in RESULT_ROWS if template in APPLICATIONS.row(r).templates]
    grid = {r: [0] * 6 for r in results}
    busy = rng.random() < 0.4  # most townships receive no application at all
    for col in range(6):
        for r in results:
            grid[r][col] = rng.choice([0] * 8 + [1, 2, 3]) if busy else 0
    grid["carried_forward"] = [rng.choice([0, 0, 0, 1]) if busy else 0 for _ in range(6)]
    if carried is not None:
        for c in range(6):
            grid["granted"][c] += max(0, carried[c] - sum(grid[r][c] for r in results) - grid["carried_forward"][c])
    grid["total"] = [sum(grid[r][c] for r in results) for c in range(6)]
    handled = [grid["total"][c] + grid["carried_forward"][c] for c in range(6)]
    grid["carried_over"] = carried if carried is not None else [rng.randint(0, h) if busy else 0 for h in handled]
    grid["new_received"] = [h - co for h, co in zip(handled, grid["carried_over"])]
    return {k: v + [sum(v)] for k, v in grid.items()}


def _proactive_value(measure: str, rng):
    if measure in ("procurement_amount", "fee_amount"):
        return rng.choice([0, 0, round(rng.uniform(1, 500), 2)])
    if measure == "items_change":
        return rng.choice([0, 0, 1, -1, 2])
    return rng.choice([0, 0, 0, rng.randint(1, 200)])


def _row(layout: str, labels: list[str], values: list) -> list[str]:
    cells = labels + [_num(v) for v in values]
    if layout == "tabs":
        return ["\t".join(cells)]
    if layout == "pipes":
        return [" | ".join(cells) + " |"]
    if layout == "bordered":  # a table copied from a web page: borders, and a filler line under each row
        return ["| " + " | ".join(cells) + " |", "|||"]
    return ["\t" + c for c in cells] + [""]  # one cell per line, a blank line after each row


def _num(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _garble(label: str, rng) -> str:
    """OCR-like damage to a label: one known confusion, or a space inside a word."""
    chars = list(label)
    spots = [i for i, c in enumerate(chars) if c in GARBLE]
    if spots:
        i = rng.choice(spots)
        chars[i] = GARBLE[chars[i]]
    elif len(chars) > 3:
        chars.insert(rng.randrange(1, len(chars) - 1), " ")
    return "".join(chars)


def _cn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{y}年{int(m)}月{int(d)}日"


def _to_traditional(text: str) -> str:
    return _s2t().convert(text)


PINYIN = {"鎮": "zhèn", "鄉": "xiāng", "規": "guī", "章": "zhāng", "許": "xǔ", "可": "kě", "處": "chǔ", "罰": "fá",
          "政": "zhèng", "府": "fǔ", "請": "qǐng", "總": "zǒng", "計": "jì", "開": "kāi", "報": "bào"}


def _gloss(text: str, rng) -> str:
    """A copy with pinyin glosses after some characters, as reading aids pasted into web copies do."""
    return "".join(f"{ch}({PINYIN[ch]})" if ch in PINYIN and rng.random() < 0.5 else ch for ch in text)


@lru_cache(maxsize=1)
def _s2t():
    import opencc
    return opencc.OpenCC("s2t")


def write(n: int, out: Path, seed: int = 0, options: Options = Options()) -> Path:
    """Write ``n`` reports to out/corpus and their truth to out/truth."""
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    for name, text, truth in generate(n, seed, options):
        (out / "corpus" / name).write_text(text, encoding="utf-8")
        (out / "truth" / (name[:-4] + ".json")).write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                                            encoding="utf-8")
    return out


def main(argv: list[str]) -> None:
    import argparse
    p = argparse.ArgumentParser(prog="python -m nianbao.synth", description="write synthetic reports with their truth")
    p.add_argument("n", type=int, help="how many reports")
    p.add_argument("out", type=Path, help="folder: reports go to OUT/corpus, truth files to OUT/truth")
    p.add_argument("seed", type=int, nargs="?", default=0)
    p.add_argument("--years", type=int, default=1, help="consecutive years per township (continuity checks)")
    args = p.parse_args(argv)
    write(args.n, args.out, seed=args.seed,
          options=Options(years=args.years, share_continuity_broken=0.05 if args.years > 1 else 0.0))


if __name__ == "__main__":
    main(sys.argv[1:])
