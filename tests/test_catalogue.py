"""The catalogue itself: unique keys, identities that name real keys, schemas derived from it."""

from __future__ import annotations

import json
from pathlib import Path

from nianbao.catalogue import (BOTH, IDENTITIES, PROACTIVE, PROACTIVE_LAYOUT, SEVERITIES, TABLE_BY_NAME, TABLES,
                               cells)
from nianbao.extract import words
from nianbao.extraction.schema import SCHEMA_PATH, schema
from nianbao.tables import RESOURCES
from nianbao.validate import RULE_TITLES, RULES

REPO = Path(__file__).resolve().parents[1]


def test_keys_are_unique_within_each_template():
    for table in TABLES:
        assert len({c.key for c in table.cols}) == len(table.cols)
        for template in BOTH:
            keys = [r.key for r in table.rows_for(template)]
            assert len(keys) == len(set(keys)), (table.name, template)


def test_every_item_has_labels_and_the_extractor_has_words_for_it():
    vocab = {"proactive": (words.CATEGORIES, words.MEASURES), "applications": (words.APPLICATION_ROWS, words.APPLICANTS),
             "review_litigation": (words.PROCEEDINGS, words.OUTCOMES)}
    for table in TABLES:
        rows, cols = vocab[table.name]
        assert set(rows) == {r.key for r in table.rows} and set(cols) == {c.key for c in table.cols}, table.name
        for item in table.rows + table.cols:
            assert item.zh and item.en, item.key
        assert all(rows.values()) and all(cols.values())


def test_every_rule_has_a_title():
    assert set(RULE_TITLES) == set(RULES)


def test_identities_name_real_keys():
    for identity in IDENTITIES:
        table = TABLE_BY_NAME[identity.table]
        items = table.rows if identity.along == table.row_dim else table.cols
        assert identity.along in (table.row_dim, table.col_dim)
        assert set(identity.left + identity.right) <= {i.key for i in items}, identity.rule
        assert identity.rule in RULES


def test_proactive_layout_uses_items_of_its_template():
    for template, blocks in PROACTIVE_LAYOUT.items():
        for block in blocks:
            for key in block.categories:
                assert template in PROACTIVE.row(key).templates
            for key in block.measures:
                assert template in PROACTIVE.col(key).templates


def test_template_cell_counts_match_the_national_format():
    # 2019: 3x2 + 3x2 + 3x2 + 2 + 2 = 22 cells in 二; 三 has 2 + 2 + 8 + 3 + 5 + 其他 + 总计 + 结转 = 23
    # rows of 7 cells. 2021: 6 + 1 + 2 + 1 = 10 in 二; 三 splits 其他处理 in three: 25 rows.
    assert len(cells(TABLE_BY_NAME["proactive"], "2019")) == 22
    assert len(cells(TABLE_BY_NAME["proactive"], "2021")) == 10
    assert len(cells(TABLE_BY_NAME["applications"], "2019")) == 23 * 7
    assert len(cells(TABLE_BY_NAME["applications"], "2021")) == 25 * 7
    assert len(cells(TABLE_BY_NAME["review_litigation"], "2019")) == 15
    assert cells(TABLE_BY_NAME["applications"], "legacy") == []


def test_rules_have_known_severities():
    assert {severity for severity, _, _ in RULES.values()} <= set(SEVERITIES)


def test_table_schemas_enumerate_the_catalogue_keys():
    for table in TABLES:
        fields = {f["name"]: f for f in RESOURCES[table.name]["schema"]["fields"]}
        assert fields[table.row_dim]["constraints"]["enum"] == list(dict.fromkeys(r.key for r in table.rows))
        assert fields[table.col_dim]["constraints"]["enum"] == [c.key for c in table.cols]


def test_committed_extraction_schema_is_current():
    """schemas/extraction.schema.json is generated; regenerate with `nianbao schema`."""
    committed = json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))
    assert committed == schema()
