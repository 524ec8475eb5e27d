"""The DuckDB engine against Great Expectations' own pandas engine, and against the planted defects."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from khlang.declarations import load_catalog
from khlang.errors import DeclarationError
from khlang.quality.relations import Relations
from khlang.quality.runner import run_suite
from khlang.quality.suite import Suite, load_suite, suites_by_dataset

REPO = Path(__file__).resolve().parents[1]


def gx_results(df: pd.DataFrame, suite_doc: dict) -> dict[str, dict]:
    """Validate with GX 1.x on pandas; results keyed like ours (type + kwargs)."""
    import great_expectations as gx

    import khlang.quality.gx_custom  # noqa: F401  (registers the Thai national-ID expectation)

    ctx = gx.get_context(mode="ephemeral")
    batch = (ctx.data_sources.add_pandas("p").add_dataframe_asset("a")
             .add_batch_definition_whole_dataframe("b").get_batch(batch_parameters={"dataframe": df}))
    suite = gx.ExpectationSuite(name=suite_doc["name"],
                                expectations=[{"type": e["type"], "kwargs": e["kwargs"]}
                                              for e in suite_doc["expectations"]])
    out = {}
    for r in batch.validate(suite, result_format="SUMMARY").results:
        cfg = r.expectation_config
        assert not r.exception_info.get("raised_exception"), r.exception_info
        out[_key(cfg.type, cfg.kwargs)] = {"success": r.success, "element_count": r.result.get("element_count"),
                                           "unexpected_count": r.result.get("unexpected_count"),
                                           "observed": r.result.get("observed_value")}
    return out


def _key(type_: str, kwargs: dict) -> str:
    def norm(v):  # noqa: ANN001, ANN202 - GX turns numbers into floats
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    kw = {k: norm(v) for k, v in kwargs.items() if k not in ("batch_id", "result_format") and v is not None}
    return type_ + json.dumps(kw, sort_keys=True, default=str)


def ours(suite: Suite, con, view) -> dict[str, dict]:  # noqa: ANN001
    out = {}
    for exp, r in zip(suite.expectations, run_suite(suite, con, view, "t")):
        out[_key(exp.type, exp.kwargs)] = {"success": r.success, "element_count": r.element_count,
                                           "unexpected_count": r.unexpected_count, "observed": r.observed}
    return out


def assert_agree(mine: dict, theirs: dict) -> None:
    assert mine.keys() == theirs.keys()
    for key, m in mine.items():
        t = theirs[key]
        assert (m["success"], m["element_count"], m["unexpected_count"]) == \
            (t["success"], t["element_count"], t["unexpected_count"]), key
        if t["observed"] is not None:
            assert str(m["observed"]) == str(t["observed"]), key


@pytest.mark.parametrize("dataset", sorted(p.stem for p in (REPO / "expectations").glob("*.json")))
def test_bundled_suites_agree_with_gx_on_the_sample(dataset, sample_dir):
    catalog = load_catalog(REPO / "catalog")
    suite_doc = json.loads((REPO / "expectations" / f"{dataset}.json").read_text(encoding="utf-8"))
    suite = load_suite(REPO / "expectations" / f"{dataset}.json")
    ds = catalog.datasets[dataset]
    with Relations(catalog, sample_dir) as rel:
        view = rel.view(dataset)
        mine = ours(suite, rel.con, view)
        if ds.object.endswith(".parquet"):
            df = pd.read_parquet(next(sample_dir.rglob(ds.object)))
        else:  # CSV and database tables: the same typed rows our engine sees
            df = rel.con.execute(f"SELECT * FROM {view}").df()
    assert_agree(mine, gx_results(df, suite_doc))


EDGE_SUITE = {
    "name": "edge",
    "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a", "mostly": 0.8}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "all_null"}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "a"}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "all_null"}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "a", "min_value": 1, "max_value": 4}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "a", "min_value": 1, "max_value": 4,
                                                                  "strict_min": True, "strict_max": True,
                                                                  "mostly": 0.5}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "d", "max_value": "2026-09-30"}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "s", "value_set": ["x", "y"]}},
        {"type": "expect_column_values_to_not_be_in_set", "kwargs": {"column": "s", "value_set": ["y"]}},
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "s", "regex": "^[xy]$"}},
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "s", "regex": "z"}},
        {"type": "expect_column_values_to_not_match_regex", "kwargs": {"column": "s", "regex": "z"}},
        {"type": "expect_column_value_lengths_to_equal", "kwargs": {"column": "s", "value": 1}},
        {"type": "expect_column_values_to_be_valid_thai_national_id", "kwargs": {"column": "nid"}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["a", "s"]}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1, "max_value": 7}},
        {"type": "expect_column_max_to_be_between", "kwargs": {"column": "a", "max_value": 4}},
        {"type": "expect_column_min_to_be_between", "kwargs": {"column": "a", "min_value": 0}},
        {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "a", "min_value": 2, "max_value": 3}},
        {"type": "expect_table_columns_to_match_set", "kwargs": {"column_set": ["a", "s", "d", "nid", "all_null"]}},
    ],
}


def test_edge_cases_agree_with_gx(tmp_path):
    import datetime as dt

    import duckdb

    df = pd.DataFrame({
        "a": [1, 2, 2, None, 5, -1, 3, 3],
        "s": ["x", "y", "y", None, "zz", "x", "x", "x"],
        "d": [dt.date(2026, 1, 1)] * 6 + [dt.date(2026, 9, 30), dt.date(2027, 1, 1)],
        "nid": ["3250756930718", "1101700203451", "0105536001234", "325075693071", None, "3250756930718",
                "9250756930712", "1-1017-00203-45-1"],
        "all_null": [None] * 8,
    })
    df["all_null"] = df["all_null"].astype("string")
    path = tmp_path / "edge.parquet"
    df.to_parquet(path)
    suite_file = tmp_path / "edge.json"
    suite_file.write_text(json.dumps(EDGE_SUITE), encoding="utf-8")
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{path}')")
    assert_agree(ours(load_suite(suite_file), con, "t"), gx_results(pd.read_parquet(path), EDGE_SUITE))


SUITE_DEFECTS = {
    "movements_null_warehouse_code": ("stock_movements", "expect_column_values_to_not_be_null:warehouse_code"),
    "movements_null_depositor_id": ("stock_movements", "expect_column_values_to_not_be_null:depositor_id"),
    "movements_negative_quantity": ("stock_movements", "expect_column_values_to_be_between:quantity_kg"),
    "movements_unknown_commodity_code": ("stock_movements", "expect_column_values_to_be_in_set:commodity_code"),
    "movements_unknown_unit_code": ("stock_movements", "expect_column_values_to_be_in_set:unit_code"),
    "movements_duplicate_movement_id": ("stock_movements", "expect_column_values_to_be_unique:movement_id"),
    "movements_future_movement_date": ("stock_movements", "expect_column_values_to_be_between:movement_date"),
    "depositors_invalid_national_id": ("depositors", "expect_column_values_to_be_valid_thai_national_id:national_id"),
    "depositors_duplicate_national_id": ("depositors", "expect_column_values_to_be_unique:national_id"),
    "depositors_malformed_email": ("depositors", "expect_column_values_to_match_regex:email"),
    "depositors_malformed_phone": ("depositors", "expect_column_values_to_match_regex:phone"),
    "depositors_unknown_province_code": ("depositors", "expect_column_values_to_be_in_set:province_code"),
    "warehouses_unknown_province_code": ("warehouses", "expect_column_values_to_be_in_set:province_code"),
    "warehouses_nonpositive_capacity": ("warehouses", "expect_column_values_to_be_between:capacity_tonnes"),
}


def test_suites_catch_every_planted_defect_with_its_exact_count(sample_dir):
    truth = {d["id"]: d for d in json.loads((sample_dir / "ground_truth.json").read_text(encoding="utf-8"))["defects"]}
    catalog = load_catalog(REPO / "catalog")
    suites = suites_by_dataset(REPO / "expectations")
    measured = {}
    with Relations(catalog, sample_dir) as rel:
        for name, suite in suites.items():
            for r in run_suite(suite, rel.con, rel.view(name), name):
                measured[(name, r.check)] = r
    for defect, key in SUITE_DEFECTS.items():
        r = measured[key]
        assert (r.success, r.unexpected_count) == (False, truth[defect]["count"]), defect
    flagged = {k for k, r in measured.items() if not r.success}
    expected_failures = set(SUITE_DEFECTS.values()) | {
        ("stock_movements", "expect_column_max_to_be_between:movement_date")}
    assert flagged == expected_failures, "checks without a planted defect pass"


def test_suite_errors_name_file_line_and_field(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"name": "bad", "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
        {"type": "expect_column_values_to_be_shiny", "kwargs": {"column": "a"}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "a"}, "meta": {"dimension": "beauty"}},
    ]}, indent=2), encoding="utf-8")
    with pytest.raises(DeclarationError) as err:
        load_suite(path)
    text = str(err.value)
    lines = path.read_text(encoding="utf-8").splitlines()
    shiny = next(i for i, line in enumerate(lines, 1) if "shiny" in line)
    assert f"{path}:{shiny}: expectations[1].type: unsupported expectation type" in text
    assert "expectations[2].kwargs.value_set: is required" in text
    assert "expectations[2].meta.dimension: one of completeness" in text


def test_missing_column_is_a_failed_result_not_a_crash(tmp_path):
    import duckdb

    path = tmp_path / "s.json"
    path.write_text(json.dumps({"name": "s", "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "nope"}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}}]}), encoding="utf-8")
    con = duckdb.connect()
    con.execute("CREATE VIEW t AS SELECT 1 AS a")
    missing, rows = run_suite(load_suite(path), con, "t", "t")
    assert (missing.success, missing.details["error"]) == (False, "column not found: nope")
    assert rows.success and rows.observed == 1


def test_identifiers_and_values_cannot_inject_sql(tmp_path):
    import duckdb

    path = tmp_path / "s.json"
    evil = 'a" IS NULL) OR 1=1 --'
    path.write_text(json.dumps({"name": "s", "expectations": [
        {"type": "expect_column_values_to_be_in_set",
         "kwargs": {"column": evil, "value_set": ["x'); DROP TABLE t; --"]}},
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "a", "regex": "'; DROP TABLE t; --"}}]}),
        encoding="utf-8")
    con = duckdb.connect()
    con.execute(f'CREATE TABLE t AS SELECT 1 AS a, 2 AS "{evil.replace(chr(34), chr(34) * 2)}"')
    first, second = run_suite(load_suite(path), con, "t", "t")
    assert (first.success, first.unexpected_count) == (False, 1)
    assert (second.success, second.unexpected_count) == (False, 1)
    assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 1


def test_sqlite_column_with_mixed_types_is_read_as_text(tmp_path):
    import sqlite3

    from khlang.quality.relations import _arrow_column

    assert _arrow_column((1, "x", None)).to_pylist() == ["1", "x", None]
    assert _arrow_column((1, 2, None)).to_pylist() == [1, 2, None]
    db = tmp_path / "m.sqlite"
    con = sqlite3.connect(db)
    con.execute("create table t (v)")
    con.executemany("insert into t values (?)", [(1,), ("สอง",), (None,)])
    con.commit()
    con.close()
    rows = list(Relations.sqlite_batches(db, "t"))
    assert rows[0].column(0).to_pylist() == ["1", "สอง", None]


@pytest.mark.parametrize("value_set", [["IN", "ADJ"], ["IN", None, "ADJ"]])
def test_in_set_with_and_without_a_null_in_the_set_agrees_with_gx(tmp_path, value_set):
    """A set without NULL runs as a semi-join (the fast form); with NULL it keeps list_contains (IN: unknown)."""
    import duckdb

    from khlang.quality import plan as p
    from khlang.quality.engines.duckdb import DuckDBEngine

    frame = pd.DataFrame({"t": ["IN", "OUT", None, "ADJ", "OUT", "in"]})
    doc = {"name": "s", "expectations": [
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "t", "value_set": value_set}},
        {"type": "expect_column_values_to_not_be_in_set", "kwargs": {"column": "t", "value_set": value_set}}]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    con = duckdb.connect()
    con.register("f", frame)
    ours = run_suite(load_suite(path), con, "f", "f")
    theirs = list(gx_results(frame, doc).values())
    assert [(r.success, r.unexpected_count) for r in ours] == \
        [(g["success"], g["unexpected_count"]) for g in theirs]
    assert [r.unexpected_count for r in ours] == [3, 2]
    sql, _ = DuckDBEngine(con, "f").render(p.select(p.in_values(p.col("t"), value_set)))
    assert ("list_contains" in sql.lower()) == (None in value_set)
