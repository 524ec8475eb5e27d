"""Consistency checks (catalog/consistency.yaml) on the generated sample, against its ground truth."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from khlang.declarations import load_catalog
from khlang.declarations.quality_decl import CheckParams
from khlang.errors import DeclarationError
from khlang.quality.consistency import CONSISTENCY_TYPES, load_consistency, run_consistency
from khlang.quality.consistency.base import ConsistencyType, consistency_type, result
from khlang.quality.consistency.duplicates import NearDuplicateParams
from khlang.quality.relations import Relations
from khlang.quality.results import DIMENSIONS, SEVERITIES

REPO = Path(__file__).resolve().parents[1]

# ground_truth.json defect id → the result (check id) of catalog/consistency.yaml that must find it
PLANTED = {
    "movements_orphan_warehouse_code": "movements_warehouse_exists",
    "movements_orphan_depositor_id": "movements_depositor_exists",
    "movements_unknown_commodity_code": "movements_commodity_exists",
    "movements_grade_not_valid_for_commodity": "movements_grade_valid_for_commodity",
    "movements_unknown_unit_code": "movements_unit_exists",
    "depositors_unknown_province_code": "depositors_province_exists",
    "warehouses_unknown_province_code": "warehouses_province_exists",
    "balances_not_reconciled": "balances_reconcile_with_movements",
    "warehouse_master_name_mismatch": "legacy_warehouses_match_master.wh_name",
    "warehouse_master_province_mismatch": "legacy_warehouses_match_master.province",
    "warehouse_master_capacity_mismatch": "legacy_warehouses_match_master.capacity",
    "warehouse_master_missing": "legacy_warehouses_match_master.missing",
    "warehouse_master_extra": "legacy_warehouses_match_master.extra",
    "depositors_duplicate_national_id": "depositors_unique_national_id",
    "depositors_near_duplicate_name": "depositors_near_duplicate_names",
}


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    """DuckDB spill space and transcoded CSVs go to a temporary folder, never the repo."""
    mp = pytest.MonkeyPatch()
    path = tmp_path_factory.mktemp("var")
    mp.setenv("KHLANG_VAR_DIR", str(path))
    yield path
    mp.undo()


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "catalog")


@pytest.fixture(scope="module")
def truth(sample_dir):
    data = json.loads((sample_dir / "ground_truth.json").read_text(encoding="utf-8"))
    return {d["id"]: d for d in data["defects"]}


@pytest.fixture(scope="module")
def results(catalog, sample_dir, var_dir):
    with Relations(catalog, sample_dir) as rel:
        out = run_consistency(catalog, rel, load_consistency(catalog))
    by_id = {r.check: r for r in out}
    assert len(by_id) == len(out), "check ids are unique"
    return by_id


@pytest.fixture
def catalog_dir(tmp_path):
    dst = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", dst)
    return dst


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ----------------------------------------------------------------------------- the planted sample
def test_every_planted_consistency_defect_is_found_with_its_exact_count(results, truth):
    wrong = {gid: (truth[gid]["count"], results[cid].unexpected_count) for gid, cid in PLANTED.items()
             if results[cid].unexpected_count != truth[gid]["count"]}
    assert not wrong, f"(ground truth, found): {wrong}"
    assert all(not results[cid].success for cid in PLANTED.values())


def test_checks_without_a_planted_defect_pass_with_zero(results):
    others = {cid: r for cid, r in results.items() if cid not in PLANTED.values()}
    assert set(others) == {"counterparties_province_exists", "warehouses_unique_code"}
    assert all(r.success and r.unexpected_count == 0 and r.element_count > 0 for r in others.values())


def test_distinct_values_match_the_ground_truth(results, truth):
    for gid in ("depositors_duplicate_national_id", "depositors_near_duplicate_name"):
        assert results[PLANTED[gid]].observed == truth[gid]["distinct_values"]


def test_results_carry_the_declarations(results, catalog):
    checks = {c.id: c for c in load_consistency(catalog)}
    for r in results.values():
        check = checks[r.check.split(".")[0]]
        assert (r.kind, r.type, r.dataset) == ("consistency", check.type, check.dataset)
        assert (r.dimension, r.severity, r.weight) == (check.dimension, check.severity, check.weight)
        assert r.dimension in DIMENSIONS and r.severity in SEVERITIES
        assert r.element_count is not None and r.element_count >= r.unexpected_count
    assert results["balances_reconcile_with_movements"].dimension == "accuracy"
    assert results["movements_warehouse_exists"].column == "warehouse_code"
    assert results["movements_grade_valid_for_commodity"].column == "commodity_code,grade_code"


def test_reference_counts_are_over_rows_with_a_key(results, truth, sample_dir):
    mv = str(sample_dir / "transactional" / "stock_movements.parquet")
    rows = duckdb.connect().execute("SELECT count(*) FROM read_parquet(?)", [mv]).fetchone()[0]
    r = results["movements_warehouse_exists"]
    assert r.element_count == rows - truth["movements_null_warehouse_code"]["count"]
    assert r.details["rows_with_null_key"] == truth["movements_null_warehouse_code"]["count"]
    assert {v["key"][0] for v in r.details["unexpected_values"]} <= {"WH0999", "WH9999", "WH0000"}


def test_grade_check_leaves_unknown_commodities_to_their_own_check(results, truth):
    r = results["movements_grade_valid_for_commodity"]
    assert r.details["rows_left_to_parent_check"] == truth["movements_unknown_commodity_code"]["count"]


def test_codes_read_as_numbers_from_csv_are_compared_as_text(results):
    casts = results["depositors_province_exists"].details["type_casts"]
    assert casts == ["depositors.province_code (VARCHAR) and provinces.province_code (BIGINT) compared as text"]


def test_unreconciled_balances_are_listed_with_their_difference(results):
    r = results["balances_reconcile_with_movements"]
    assert r.details["movement_rows_with_unmapped_sign"] == 0
    for row in r.details["unexpected_values"]:
        assert abs(row["difference"]) >= 100 and row["difference"] % 100 == 0  # how dw.py drifts a balance
    assert r.observed == max(abs(row["difference"]) for row in r.details["unexpected_values"])


def test_near_duplicates_exclude_exact_copies(sample_dir):
    """Recompute by hand: groups of normalised names with more than one spelling."""
    import pyarrow.parquet as pq

    names = pq.read_table(sample_dir / "master" / "depositors.parquet", columns=["full_name_th"]).column(0).to_pylist()
    norm = NearDuplicateParams(column="full_name_th").normalise
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(norm(name), []).append(name)
    expected = sum(len(v) for v in groups.values() if len(set(v)) > 1)
    exact_copies = sum(len(v) for v in groups.values() if len(v) > 1 and len(set(v)) == 1)
    assert exact_copies > 0  # the duplicated national IDs carry identical names
    truth = json.loads((sample_dir / "ground_truth.json").read_text(encoding="utf-8"))
    assert expected == next(d["count"] for d in truth["defects"] if d["id"] == "depositors_near_duplicate_name")


def test_details_never_hold_raw_personal_data(results, sample_dir):
    import pyarrow.parquet as pq

    dep = pq.read_table(sample_dir / "master" / "depositors.parquet").to_pydict()
    secrets = {v for c in ("national_id", "full_name_th", "phone", "email", "bank_account") for v in dep[c]}
    text = json.dumps([r.to_dict() for r in results.values()], ensure_ascii=False, default=str)
    leaked = [s for s in secrets if s in text]
    assert not leaked, leaked[:3]
    nid = results["depositors_unique_national_id"].details["unexpected_values"][0]
    assert "x" in nid["key"][0] and nid["records"][0].startswith("D")


def test_dataset_filter_runs_only_that_datasets_checks(catalog, sample_dir, var_dir):
    with Relations(catalog, sample_dir) as rel:
        out = run_consistency(catalog, rel, load_consistency(catalog), dataset="depositors")
    assert {r.check for r in out} == {"depositors_province_exists", "depositors_unique_national_id",
                                      "depositors_near_duplicate_names"}


# ----------------------------------------------------------------------------- declared variants
def test_normalised_names_absorb_the_legacy_spellings(catalog_dir, sample_dir, var_dir):
    path = catalog_dir / "consistency.yaml"
    _edit(path, "- {column: wh_name, compare_column: name_th}",
          "- {column: wh_name, compare_column: name_th, normalise: [trim, collapse_whitespace],\n"
          "         replace: {'คลัง อคส.': 'คลังสินค้า อคส.', 'อ.ค.ส.': 'อคส.'}}")
    cat = load_catalog(catalog_dir)
    with Relations(cat, sample_dir) as rel:
        out = {r.check: r for r in run_consistency(cat, rel, load_consistency(cat), dataset="legacy_warehouse_master")}
    name = out["legacy_warehouses_match_master.wh_name"]
    assert name.success and name.unexpected_count == 0 and name.details["differ_before_normalising"] == 4


def test_a_missing_column_fails_that_check_only(catalog_dir, sample_dir, var_dir):
    _edit(catalog_dir / "consistency.yaml", "columns: [unit_code]", "columns: [unit_cod]")
    cat = load_catalog(catalog_dir)
    with Relations(cat, sample_dir) as rel:
        out = {r.check: r for r in run_consistency(cat, rel, load_consistency(cat), dataset="stock_movements")}
    broken = out["movements_unit_exists"]
    assert not broken.success and broken.element_count is None and broken.unexpected_count is None
    assert broken.details["error"] == "column not found in stock_movements: unit_cod"
    assert out["movements_commodity_exists"].element_count > 0


def test_a_cross_system_failure_reports_every_sub_check(catalog_dir, sample_dir, var_dir):
    _edit(catalog_dir / "consistency.yaml", "compare_column: capacity_tonnes", "compare_column: capacity_t")
    cat = load_catalog(catalog_dir)
    with Relations(cat, sample_dir) as rel:
        out = run_consistency(cat, rel, load_consistency(cat), dataset="legacy_warehouse_master")
    assert [r.check.split(".")[1] for r in out] == ["wh_name", "province", "capacity", "missing", "extra"]
    assert all(not r.success and "capacity_t" in r.details["error"] for r in out)


def _mini(tmp_path: Path, tables: dict[str, str], checks: str) -> tuple:
    """A catalogue over a small DuckDB file, for semantics the sample does not exercise."""
    cat_dir, data = tmp_path / "catalog", tmp_path / "data"
    (cat_dir / "datasets").mkdir(parents=True)
    data.mkdir()
    shutil.copy(REPO / "catalog" / "organisation.yaml", cat_dir)
    (cat_dir / "sources.yaml").write_text("sources:\n  - {name: db, type: duckdb, path: mini.duckdb}\n",
                                          encoding="utf-8")
    con = duckdb.connect(str(data / "mini.duckdb"))
    for name, sql in tables.items():
        con.execute(f"CREATE TABLE {name} AS {sql}")
    con.close()
    entries = "".join(f"  - {{name: {n}, kind: transactional, title_th: {n}, source: db, object: {n}, "
                      f"classification: internal}}\n" for n in tables)
    (cat_dir / "datasets" / "mini.yaml").write_text("datasets:\n" + entries, encoding="utf-8")
    (cat_dir / "consistency.yaml").write_text(checks, encoding="utf-8")
    cat = load_catalog(cat_dir)
    with Relations(cat, data) as rel:
        return cat, {r.check: r for r in run_consistency(cat, rel, load_consistency(cat))}


def test_balance_carries_forward_and_reports_unmapped_types(tmp_path, var_dir):
    _, out = _mini(tmp_path, {
        "mov": "SELECT * FROM (VALUES (DATE '2026-01-01', 'A', 100.0, 'IN'), (DATE '2026-01-02', 'A', 30.0, 'OUT'),"
               " (DATE '2026-01-02', 'A', 5.0, 'XFER'), (DATE '2026-01-02', NULL, 7.0, 'IN'),"
               " (DATE '2026-01-05', 'B', 10.0, 'IN')) t(d, k, q, t)",
        "bal": "SELECT * FROM (VALUES (DATE '2026-01-01', 'A', 100.0), (DATE '2026-01-03', 'A', 70.0),"
               " (DATE '2026-01-04', 'A', 70.4), (DATE '2026-01-04', 'B', 0.0), (DATE '2026-01-05', 'B', 9.0),"
               " (DATE '2026-01-05', 'C', NULL)) t(d, k, v)",
    }, """checks:
  - id: bal_ok
    type: balance_reconciles
    dataset: bal
    date: d
    keys: [k]
    balance: v
    movements: {dataset: mov, date: d, keys: [k], quantity: q, sign_column: t, signs: {IN: 1, OUT: -1}}
    tolerance: 0.5
""")
    r = out["bal_ok"]
    # 01-03 carries 01-02 forward (70); 70.4 is within 0.5; B has nothing before 01-05 (0); 9 != 10
    assert (r.element_count, r.unexpected_count) == (5, 1)
    assert r.details["movement_rows_with_unmapped_sign"] == 1 and r.details["balance_rows_with_nulls"] == 1
    assert r.details["unexpected_values"] == [
        {"date": "2026-01-05", "key": ["B"], "balance": 9.0, "recomputed": 10.0, "difference": -1.0}]


def test_composite_reference_and_duplicates_on_a_small_table(tmp_path, var_dir):
    _, out = _mini(tmp_path, {
        "ref": "SELECT * FROM (VALUES ('X', 1), ('X', 2), ('Y', 1)) t(a, b)",
        "src": "SELECT * FROM (VALUES ('X', 1), ('X', 3), ('Y', 2), ('Z', 1), (NULL, 1), ('X', NULL)) t(a, b)",
        "names": "SELECT * FROM (VALUES ('นายสมชาย ใจดี'), ('นายสมชาย  ใจดี'), ('นาย สมชาย ใจดี'), "
                 "('นางสาวมาลี ศรีสุข'), ('นางสาวมาลี ศรีสุข'), ('นางมาลี ศรีสุข'), ('นายวีระ ทองดี'), "
                 "('นายวีระ ทองดี์'), (NULL)) t(n)",
    }, """checks:
  - {id: plain, type: reference_exists, dataset: src, columns: [a, b], reference: {dataset: ref, columns: [a, b]}}
  - {id: scoped, type: reference_exists, dataset: src, columns: [a, b], reference: {dataset: ref, columns: [a, b]},
     within: [a]}
  - {id: dup, type: duplicate_key, dataset: ref, columns: [b]}
  - {id: near, type: near_duplicate_names, dataset: names, column: n}
  - {id: near_titles, type: near_duplicate_names, dataset: names, column: n, titles: [นางสาว, นาง, นาย]}
""")
    assert (out["plain"].element_count, out["plain"].unexpected_count) == (4, 3)
    assert (out["scoped"].element_count, out["scoped"].unexpected_count) == (3, 2)
    assert out["scoped"].details["rows_left_to_parent_check"] == 1
    assert (out["dup"].unexpected_count, out["dup"].observed) == (2, 1)  # every row of the group, as GX counts
    assert (out["near"].element_count, out["near"].unexpected_count, out["near"].observed) == (8, 5, 2)
    # with titles stripped, นางสาวมาลี (twice) and นางมาลี join a third group of three rows
    assert (out["near_titles"].unexpected_count, out["near_titles"].observed) == (8, 3)


def test_python_twin_of_the_name_normalisation():
    p = NearDuplicateParams(column="n")
    assert p.normalise("นาย สมชาย\u200b  ใจดี่") == p.normalise("นายสมชายใจดี") == "นายสมชายใจดี"
    assert NearDuplicateParams(column="n", ignore_marks=False).normalise("ใจดี่") == "ใจดี่"


# ----------------------------------------------------------------------------- declarations
def _errors(catalog_dir: Path) -> str:
    with pytest.raises(DeclarationError) as err:
        load_consistency(load_catalog(catalog_dir))
    return str(err.value)


def test_unknown_type_and_dataset_point_at_file_and_line(catalog_dir):
    path = catalog_dir / "consistency.yaml"
    _edit(path, "type: balance_reconciles", "type: balance_reconcile")
    _edit(path, "reference: {dataset: units, columns: [unit_code]}", "reference: {dataset: unit, columns: [unit_code]}")
    msg = _errors(catalog_dir)
    line = _line_of(path, "type: balance_reconcile")
    assert f"{path}:{line}: checks[8].type: unknown check type 'balance_reconcile'" in msg
    assert f"{path}:{_line_of(path, '{dataset: unit,')}: checks[4].reference.dataset: unknown dataset 'unit'" in msg
    assert len(msg.splitlines()) == 2  # one problem each, not one per column of the unknown dataset


def test_a_typo_in_a_key_is_an_error(catalog_dir):
    path = catalog_dir / "consistency.yaml"
    _edit(path, "    record_id: depositor_id\n    dimension: uniqueness\n    severity: high",
          "    record_id: depositor_id\n    dimension: uniqueness\n    severty: high")
    msg = _errors(catalog_dir)
    assert f"{path}:{_line_of(path, 'severty')}: checks[10].severty: unknown field" in msg


def test_shape_errors_and_duplicate_ids(catalog_dir):
    path = catalog_dir / "consistency.yaml"
    _edit(path, "columns: [commodity_code, grade_code]\n", "columns: [grade_code]\n")
    _edit(path, "- id: warehouses_unique_code", "- id: depositors_unique_national_id")
    _edit(path, "    weight: 3\n    description_th: รหัสคลัง", "    weight: 0\n    description_th: รหัสคลัง")
    msg = _errors(catalog_dir)
    assert f"{path}:{_line_of(path, 'movements_grade_valid_for_commodity')}: checks[3]: " \
           "columns and reference.columns must have the same length" in msg
    second = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if "- id: depositors_unique_national_id" in line][1]
    assert f"{path}:{second}: checks[12].id: duplicate check id 'depositors_unique_national_id'" in msg
    assert "checks[0].weight: Input should be greater than 0" in msg
    assert len(msg.splitlines()) == 3


def test_invalid_yaml_and_unknown_top_level_key(catalog_dir):
    path = catalog_dir / "consistency.yaml"
    path.write_text("checks:\n  - id: x\n    type: [unclosed\n", encoding="utf-8")
    assert f"{path}:" in _errors(catalog_dir) and "invalid YAML" in _errors(catalog_dir)
    path.write_text("check:\n  - {id: x}\n", encoding="utf-8")
    msg = _errors(catalog_dir)
    assert f"{path}:1: check: unknown top-level key" in msg and "missing top-level key 'checks'" in msg


def test_no_file_means_no_checks(catalog_dir):
    (catalog_dir / "consistency.yaml").unlink()
    assert load_consistency(load_catalog(catalog_dir)) == []


def test_declared_dimensions_and_severities_are_the_results_ones():
    from typing import get_args

    from khlang.declarations.quality_decl import Dimension, Severity

    assert get_args(Dimension) == DIMENSIONS and get_args(Severity) == SEVERITIES


def test_a_new_type_is_added_in_one_place(catalog_dir, sample_dir, var_dir):
    class RowsParams(CheckParams):
        at_least: int

    @consistency_type("row_count_at_least")
    class RowsAtLeast(ConsistencyType):
        Params = RowsParams

        def run(self, ctx, check):
            n = ctx.one(f"SELECT count(*) FROM {ctx.view(check.dataset)}")[0]
            return [result(check, element_count=1, unexpected_count=int(n < check.params.at_least), observed=n)]

    try:
        (catalog_dir / "consistency.yaml").write_text(
            "checks:\n  - {id: enough_units, type: row_count_at_least, dataset: units, at_least: 3}\n",
            encoding="utf-8")
        cat = load_catalog(catalog_dir)
        with Relations(cat, sample_dir) as rel:
            [r] = run_consistency(cat, rel, load_consistency(cat))
        assert r.success and r.observed == 5 and r.type == "row_count_at_least"
    finally:
        CONSISTENCY_TYPES.remove("row_count_at_least")
