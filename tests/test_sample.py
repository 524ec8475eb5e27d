"""The sample generator: every planted defect is measured back from the files by independent queries."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from khlang.sample import GroundTruth, generate
from khlang.sample import legacy as legacy_mod
from khlang.sample import movements as movements_mod
from khlang.sample.provinces import PROVINCES

ROWS = int(os.environ.get("KHLANG_TEST_SAMPLE_ROWS", "20000"))  # set to 1000000 for a scale run
SEED = int(os.environ.get("KHLANG_TEST_SAMPLE_SEED", "2569"))
DATASETS = ["warehouses", "depositors", "counterparties", "provinces", "commodities", "grades", "units",
            "stock_movements", "daily_stock_balances", "monthly_commodity_summary", "warehouse_master",
            "depositor_accounts", "depositors_export"]


def thai_id_ok(s: str) -> bool:
    """Independent Thai ID checksum (mod 11, weights 13..2)."""
    if len(s) != 13 or not s.isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(s[:12]))
    return (11 - total % 11) % 10 == int(s[12])


def ean_ok(s: str) -> bool:
    """Independent EAN-13 check."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(s[:12]))
    return len(s) == 13 and (10 - total % 10) % 10 == int(s[12])


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GroundTruth]:
    out = tmp_path_factory.mktemp("a") / "sample"
    return out, generate(out, rows=ROWS, seed=SEED)


@pytest.fixture(scope="session")
def con(sample: tuple[Path, GroundTruth]) -> duckdb.DuckDBPyConnection:
    """Views over every dataset, built by the test itself (sqlite read with the stdlib)."""
    root, _ = sample
    c = duckdb.connect()
    for name, path in [("mv", "transactional/stock_movements.parquet"), ("wh", "master/warehouses.parquet"),
                       ("dep", "master/depositors.parquet"), ("cp", "master/counterparties.parquet")]:
        c.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{root / path}')")
    for name in ["provinces", "commodities", "grades", "units"]:
        c.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv('{root / 'reference' / name}.csv', "
                  "header=true, all_varchar=true)")
    c.execute(f"ATTACH '{root / 'warehouse/khlang_dw.duckdb'}' AS dw (READ_ONLY)")
    lite = sqlite3.connect(root / "legacy/legacy_wms.sqlite")
    for table in ["warehouse_master", "depositor_accounts"]:
        cur = lite.execute(f"SELECT * FROM {table}")
        cols = [d[0] for d in cur.description]
        rows = cur.fetchall()
        c.execute(f"CREATE TABLE legacy_{table} ({', '.join(f'{x} VARCHAR' for x in cols)})")
        c.executemany(f"INSERT INTO legacy_{table} VALUES ({', '.join('?' * len(cols))})",
                      [[None if v is None else str(v) for v in r] for r in rows])
    lite.close()
    return c


def q(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    return con.execute(sql).fetchall()[0][0]


def tree_hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def dw_content(root: Path) -> list[Any]:
    c = duckdb.connect(str(root / "warehouse/khlang_dw.duckdb"), read_only=True)
    try:
        return [c.execute(f"SELECT * FROM {t}").fetchall() for t in
                ["daily_stock_balances", "monthly_commodity_summary"]]
    finally:
        c.close()


# ---------------------------------------------------------------- layout and ground truth

def test_layout_and_ground_truth_file(sample: tuple[Path, GroundTruth]) -> None:
    root, gt = sample
    on_disk = json.loads((root / "ground_truth.json").read_text(encoding="utf-8"))
    assert on_disk == gt
    assert "คลัง" in (root / "ground_truth.json").read_text(encoding="utf-8")  # ensure_ascii=False
    assert gt["generator"] == {**gt["generator"], "rows": ROWS, "seed": SEED, "version": 1,
                               "data_window": {"start": "2025-10-01", "end": "2026-09-30"}}
    assert sorted(gt["files"]) == sorted(DATASETS) and sorted(gt["pii"]) == sorted(DATASETS)
    expected = {"master/warehouses.parquet", "master/depositors.parquet", "master/counterparties.parquet",
                "reference/provinces.csv", "reference/commodities.csv", "reference/grades.csv",
                "reference/units.csv", "transactional/stock_movements.parquet", "warehouse/khlang_dw.duckdb",
                "legacy/legacy_wms.sqlite", "legacy/depositors_export.csv", "ground_truth.json"}
    assert set(tree_hashes(root)) == expected
    assert not list(root.parent.glob(".sample.tmp-*"))


def test_row_counts_and_columns_match_files(sample: tuple[Path, GroundTruth]) -> None:
    root, gt = sample
    lite = sqlite3.connect(root / "legacy/legacy_wms.sqlite")
    dwc = duckdb.connect(str(root / "warehouse/khlang_dw.duckdb"), read_only=True)
    try:
        for name, f in gt["files"].items():
            path = root / f["path"]
            if f["format"] == "parquet":
                rows, cols = pq.ParquetFile(path).metadata.num_rows, pq.read_schema(path).names
            elif f["format"] == "csv":
                lines = path.read_bytes().decode(f["encoding"]).splitlines()
                rows, cols = len(lines) - 1, lines[0].split(",")
            elif f["format"] == "sqlite":
                rows = lite.execute(f"SELECT count(*) FROM {f['table']}").fetchone()[0]
                cols = [r[1] for r in lite.execute(f"PRAGMA table_info({f['table']})")]
            else:
                rows = dwc.execute(f"SELECT count(*) FROM {f['table']}").fetchall()[0][0]
                cols = [r[0] for r in dwc.execute(f"DESCRIBE {f['table']}").fetchall()]
            assert rows == f["rows"], name
            assert cols == list(gt["pii"][name]), name  # every column labelled, in file order
            if "sha256" in f:
                assert hashlib.sha256(path.read_bytes()).hexdigest() == f["sha256"]
    finally:
        lite.close()
        dwc.close()
    assert gt["files"]["stock_movements"]["rows"] == ROWS


def test_pii_labels(sample: tuple[Path, GroundTruth]) -> None:
    _, gt = sample
    allowed = {None, "national_id", "phone", "email", "bank_account", "person_name", "address"}
    labels = {(d, c): lab for d, cols in gt["pii"].items() for c, lab in cols.items()}
    assert set(labels.values()) <= allowed
    assert labels[("depositors", "national_id")] == "national_id"
    assert labels[("depositor_accounts", "ref_no")] == "national_id"
    assert labels[("depositors_export", "name")] == "person_name"
    assert labels[("depositors_export", "phone")] == "phone"
    assert labels[("counterparties", "tax_id")] is None
    assert labels[("counterparties", "contact_email")] == "email"
    assert labels[("stock_movements", "lot_code")] is None
    assert labels[("commodities", "barcode")] is None


# ---------------------------------------------------------------- determinism and atomicity

def test_deterministic_and_seed_sensitive(sample: tuple[Path, GroundTruth], tmp_path: Path) -> None:
    root, gt = sample
    again = tmp_path / "again"
    assert generate(again, rows=ROWS, seed=SEED) == gt
    a, b = tree_hashes(root), tree_hashes(again)
    dw_file = "warehouse/khlang_dw.duckdb"  # DuckDB stamps a random database id in its header
    assert {k: v for k, v in a.items() if k != dw_file} == {k: v for k, v in b.items() if k != dw_file}
    assert dw_content(root) == dw_content(again)
    other = tmp_path / "other"
    generate(other, rows=ROWS, seed=SEED + 1)
    assert tree_hashes(other)["transactional/stock_movements.parquet"] != \
        a["transactional/stock_movements.parquet"]


def test_row_group_size_changes_layout_not_content(sample: tuple[Path, GroundTruth], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root, gt = sample
    monkeypatch.setattr(movements_mod, "ROW_GROUP_ROWS", movements_mod.BLOCK_ROWS)
    out = tmp_path / "small_groups"
    generate(out, rows=ROWS, seed=SEED)
    meta = pq.ParquetFile(out / "transactional/stock_movements.parquet").metadata
    block = movements_mod.BLOCK_ROWS
    expected = [block] * (ROWS // block) + ([ROWS % block] if ROWS % block else [])
    if len(expected) < 2:
        pytest.skip("sample smaller than one block")
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == expected
    assert pq.read_table(out / "transactional/stock_movements.parquet").equals(
        pq.read_table(root / "transactional/stock_movements.parquet"))


def test_failure_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(legacy_mod, "write_sqlite", boom)
    out = tmp_path / "sample"
    with pytest.raises(OSError, match="disk full"):
        generate(out, rows=2_000, seed=1)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_previous_sample_and_rerun_replaces_it(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "sample"
    generate(out, rows=2_000, seed=1)
    (out / "notes.txt").write_text("kept")
    before = tree_hashes(out)
    with monkeypatch.context() as m:
        m.setattr(movements_mod, "write_movements", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            generate(out, rows=3_000, seed=2)
    assert tree_hashes(out) == before
    gt = generate(out, rows=3_000, seed=2)  # into a non-empty directory: replaced file by file
    assert json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))["generator"]["rows"] == 3_000
    assert pq.ParquetFile(out / "transactional/stock_movements.parquet").metadata.num_rows == 3_000
    assert gt["files"]["stock_movements"]["rows"] == 3_000
    assert (out / "notes.txt").read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["sample"]


def test_publishes_into_an_empty_directory(tmp_path: Path) -> None:
    out = tmp_path / "sample"
    out.mkdir()
    generate(out, rows=2_000, seed=1)
    assert (out / "ground_truth.json").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["sample"]


def test_too_few_rows_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path / "s", rows=10)
    assert not (tmp_path / "s").exists()


def test_defect_count_formulas() -> None:
    assert movements_mod.n_defects(20_000) == 5
    assert movements_mod.n_defects(1_000_000) == 100
    assert movements_mod.n_defects(100_000_000) == 10_000


# ---------------------------------------------------------------- planted defects, measured back

IN_WINDOW = "movement_date BETWEEN DATE '2025-10-01' AND DATE '2026-09-30'"
VALID_COMMODITY = "commodity_code IN (SELECT commodity_code FROM commodities)"
# one boolean per movement defect, written independently of the generator
MOVEMENT_FLAGS: dict[str, str] = {
    "movements_null_warehouse_code": "warehouse_code IS NULL",
    "movements_null_depositor_id": "depositor_id IS NULL",
    "movements_negative_quantity": "quantity_kg < 0",
    "movements_unknown_commodity_code": f"NOT ({VALID_COMMODITY})",
    "movements_orphan_warehouse_code":
        "warehouse_code IS NOT NULL AND warehouse_code NOT IN (SELECT warehouse_code FROM wh)",
    "movements_orphan_depositor_id":
        "depositor_id IS NOT NULL AND depositor_id NOT IN (SELECT depositor_id FROM dep)",
    "movements_duplicate_movement_id":
        "movement_id IN (SELECT movement_id FROM mv GROUP BY ALL HAVING count(*) > 1)",
    "movements_future_movement_date": "movement_date > DATE '2026-09-30'",
    "movements_grade_not_valid_for_commodity":
        f"{VALID_COMMODITY} AND (commodity_code, grade_code) NOT IN "
        "(SELECT (commodity_code, grade_code) FROM grades)",
    "movements_unknown_unit_code": "unit_code NOT IN (SELECT unit_code FROM units)",
}
EMAIL_RE = re.compile(r"^[\w.+%-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$", re.ASCII)
PHONE_RE = re.compile(r"^(0[689]\d{8}|0[689]\d-\d{3}-\d{4}|02\d{7}|02-\d{3}-\d{4})$")


def name_key(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    return "".join(ch for ch in s if not ch.isspace() and not "\u0e48" <= ch <= "\u0e4c")


def measure_depositors(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """depositor defect id -> depositor_ids carrying it, computed in Python from the file."""
    rows = con.execute("SELECT depositor_id, full_name_th, national_id, email, phone, province_code "
                       "FROM dep").fetchall()
    provinces = {r[0] for r in con.execute("SELECT province_code FROM provinces").fetchall()}
    nid_count = Counter(r[2] for r in rows)
    by_key: defaultdict[str, set[str]] = defaultdict(set)
    for r in rows:
        by_key[name_key(r[1])].add(r[1])
    return {
        "depositors_invalid_national_id": {r[0] for r in rows if not thai_id_ok(r[2])},
        "depositors_duplicate_national_id": {r[0] for r in rows if nid_count[r[2]] > 1},
        "depositors_near_duplicate_name": {r[0] for r in rows if len(by_key[name_key(r[1])]) > 1},
        "depositors_malformed_email": {r[0] for r in rows if not EMAIL_RE.match(r[3])},
        "depositors_malformed_phone": {r[0] for r in rows if not PHONE_RE.match(r[4])},
        "depositors_unknown_province_code": {r[0] for r in rows if r[5] not in provinces},
    }


def measure_warehouses(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """warehouse / legacy defect id -> warehouse codes carrying it."""
    def codes(sql: str) -> set[str]:
        return {r[0] for r in con.execute(sql).fetchall()}

    join = "FROM wh JOIN legacy_warehouse_master l ON l.wh_code = wh.warehouse_code"
    return {
        "warehouses_unknown_province_code":
            codes("SELECT warehouse_code FROM wh WHERE province_code NOT IN (SELECT province_code FROM provinces)"),
        "warehouses_nonpositive_capacity": codes("SELECT warehouse_code FROM wh WHERE capacity_tonnes <= 0"),
        "warehouse_master_name_mismatch": codes(f"SELECT warehouse_code {join} WHERE l.wh_name <> wh.name_th"),
        "warehouse_master_province_mismatch":
            codes(f"SELECT warehouse_code {join} WHERE l.province <> wh.province_code"),
        "warehouse_master_capacity_mismatch":
            codes(f"SELECT warehouse_code {join} WHERE CAST(l.capacity AS INTEGER) <> wh.capacity_tonnes"),
        "warehouse_master_missing": codes("SELECT warehouse_code FROM wh WHERE warehouse_code NOT IN "
                                          "(SELECT wh_code FROM legacy_warehouse_master)"),
        "warehouse_master_extra": codes("SELECT wh_code FROM legacy_warehouse_master WHERE wh_code NOT IN "
                                        "(SELECT warehouse_code FROM wh)"),
    }


UNRECONCILED = """
    WITH net AS (
        SELECT movement_date AS d, warehouse_code, commodity_code,
               SUM(CASE WHEN movement_type = 'IN' THEN quantity_kg ELSE -quantity_kg END) AS kg
        FROM mv WHERE warehouse_code IS NOT NULL GROUP BY ALL),
    expected AS (
        SELECT b.balance_date, b.warehouse_code, b.commodity_code, any_value(b.closing_qty_kg) AS got,
               SUM(n.kg) AS want
        FROM dw.daily_stock_balances b
        JOIN net n ON n.warehouse_code = b.warehouse_code AND n.commodity_code = b.commodity_code
                  AND n.d <= b.balance_date
        GROUP BY ALL)
    SELECT count(*) FILTER (WHERE abs(got - want) > 0.001) FROM expected"""


def test_every_defect_count_is_measured_exactly(sample: tuple[Path, GroundTruth],
                                                con: duckdb.DuckDBPyConnection) -> None:
    _, gt = sample
    measured: dict[str, int] = {}
    for did, cond in MOVEMENT_FLAGS.items():
        measured[did] = q(con, f"SELECT count(*) FROM mv WHERE {cond}")
    measured["balances_not_reconciled"] = q(con, UNRECONCILED)
    measured.update({k: len(v) for k, v in measure_depositors(con).items()})
    measured.update({k: len(v) for k, v in measure_warehouses(con).items()})
    assert measured == {d["id"]: d["count"] for d in gt["defects"]}
    assert all(d["count"] > 0 for d in gt["defects"])
    by_id = {d["id"]: d for d in gt["defects"]}
    assert by_id["movements_duplicate_movement_id"]["distinct_values"] == q(
        con, "SELECT count(*) FROM (SELECT movement_id FROM mv GROUP BY ALL HAVING count(*) > 1)")
    assert by_id["depositors_duplicate_national_id"]["distinct_values"] == q(
        con, "SELECT count(*) FROM (SELECT national_id FROM dep GROUP BY ALL HAVING count(*) > 1)")
    n = movements_mod.n_defects(ROWS)
    assert by_id["movements_null_warehouse_code"]["count"] == n
    assert by_id["movements_duplicate_movement_id"]["count"] == 2 * n
    for d in gt["defects"]:
        assert d["dataset"] in DATASETS and d["column"] in gt["pii"][d["dataset"]]
        assert d["dimension"] in {"completeness", "validity", "uniqueness", "consistency", "timeliness",
                                  "accuracy"}


def test_movement_defects_do_not_overlap(sample: tuple[Path, GroundTruth],
                                         con: duckdb.DuckDBPyConnection) -> None:
    _, gt = sample
    flags = " + ".join(f"CAST(({c}) AS INTEGER)" for c in MOVEMENT_FLAGS.values())
    worst, flagged = con.execute(f"SELECT max(f), count(*) FILTER (WHERE f > 0) FROM "
                                 f"(SELECT {flags} AS f FROM mv)").fetchall()[0]
    assert worst == 1
    assert flagged == sum(d["count"] for d in gt["defects"] if d["id"] in MOVEMENT_FLAGS)
    # apart from the planted rows every value is clean
    assert q(con, f"SELECT count(*) FROM mv WHERE NOT ({IN_WINDOW}) AND movement_date <= DATE '2026-09-30'") == 0
    assert q(con, "SELECT count(*) FROM mv WHERE quantity_kg = 0 OR quantity_kg IS NULL") == 0
    assert q(con, "SELECT count(*) FROM mv WHERE quantity_kg <> round(quantity_kg)") == 0
    assert q(con, "SELECT count(*) FROM mv WHERE movement_type NOT IN ('IN', 'OUT', 'ADJ')") == 0
    assert q(con, "SELECT count(*) FROM mv WHERE recorded_at::DATE > DATE '2026-09-30'") == 0


def test_master_and_legacy_defects_do_not_overlap(con: duckdb.DuckDBPyConnection) -> None:
    for sets in (measure_depositors(con), measure_warehouses(con)):
        seen: set[str] = set()
        for ids in sets.values():
            assert not seen & ids
            seen |= ids
    dup = measure_depositors(con)
    # exact-duplicate names are exactly the duplicated-national-id pairs
    names = Counter(r[0] for r in con.execute("SELECT full_name_th FROM dep").fetchall())
    same_name = {r[0] for r in con.execute("SELECT depositor_id, full_name_th FROM dep").fetchall()
                 if names[r[1]] > 1}
    assert same_name == dup["depositors_duplicate_national_id"]


def test_balance_keys_match_movements(con: duckdb.DuckDBPyConnection) -> None:
    expected = q(con, "SELECT count(*) FROM (SELECT DISTINCT movement_date, warehouse_code, commodity_code "
                      "FROM mv WHERE warehouse_code IS NOT NULL)")
    assert q(con, "SELECT count(*) FROM dw.daily_stock_balances") == expected
    bad = q(con, """SELECT count(*) FROM dw.monthly_commodity_summary s JOIN (
                     SELECT date_trunc('month', movement_date)::DATE AS month, commodity_code,
                            sum(quantity_kg) FILTER (WHERE movement_type = 'IN') AS i,
                            sum(quantity_kg) FILTER (WHERE movement_type = 'OUT') AS o
                     FROM mv GROUP BY ALL) e USING (month, commodity_code)
                   WHERE abs(s.in_kg - coalesce(e.i, 0)) > 0.001 OR abs(s.out_kg - coalesce(e.o, 0)) > 0.001""")
    assert bad == 0
    # opening stock keeps every running balance non-negative; only planted drift may differ
    assert q(con, "SELECT count(*) FROM dw.daily_stock_balances WHERE closing_qty_kg < 0 AND warehouse_code "
                  f"IN (SELECT warehouse_code FROM wh) AND {VALID_COMMODITY}") == 0
    late_start = q(con, "SELECT count(*) FROM (SELECT warehouse_code, commodity_code FROM dw.daily_stock_balances "
                        f"WHERE warehouse_code IN (SELECT warehouse_code FROM wh) AND {VALID_COMMODITY} "
                        "GROUP BY ALL HAVING min(balance_date) <> DATE '2025-10-01')")
    assert late_start == 0


# ---------------------------------------------------------------- identifiers, encodings, reference

def test_identifiers(con: duckdb.DuckDBPyConnection, sample: tuple[Path, GroundTruth]) -> None:
    _, gt = sample
    nids = [r[0] for r in con.execute("SELECT national_id FROM dep").fetchall()]
    bad = [s for s in nids if not thai_id_ok(s)]
    assert len(bad) == next(d["count"] for d in gt["defects"] if d["id"] == "depositors_invalid_national_id")
    assert all(len(s) == 13 and s.isdigit() and s[0] in "12345678" for s in nids)
    refs = [r[0] for r in con.execute("SELECT ref_no FROM legacy_depositor_accounts").fetchall()]
    assert refs and all(thai_id_ok(s) for s in refs) and len(set(refs)) == len(refs)
    assert set(refs) <= set(nids)
    lots = [r[0] for r in con.execute("SELECT lot_code FROM mv").fetchall()]
    assert all(len(s) == 13 and s.isdigit() and s[0] in "12345678" and not thai_id_ok(s) for s in lots)
    codes = [r[0] for r in con.execute("SELECT barcode FROM commodities").fetchall()]
    assert len(codes) >= 10
    assert all(s.startswith("885") and ean_ok(s) and not thai_id_ok(s) for s in codes)
    taxes = [r[0] for r in con.execute("SELECT tax_id FROM cp").fetchall()]
    assert len(taxes) == len(set(taxes)) >= 250
    assert all(s[0] == "0" and thai_id_ok(s) for s in taxes)
    assert all(re.fullmatch(r"\d{3}-\d-\d{5}-\d", r[0])
               for r in con.execute("SELECT bank_account FROM dep").fetchall())
    assert all(EMAIL_RE.match(r[0]) for r in con.execute("SELECT contact_email FROM cp").fetchall())


def test_thai_text_is_realistic(con: duckdb.DuckDBPyConnection) -> None:
    names = [r[0] for r in con.execute("SELECT full_name_th FROM dep").fetchall()]
    assert all(re.match(r"^(นาย|นางสาว|นาง) ?\S+ +\S+$", n) for n in names)
    assert len({n.split()[-1] for n in names}) > 100
    addresses = [r[0] for r in con.execute("SELECT address_th FROM dep").fetchall()]
    assert all(re.search(r"(จ\.\S+|กรุงเทพมหานคร) \d{5}$", a) for a in addresses)
    whs = [r[0] for r in con.execute("SELECT name_th FROM wh").fetchall()]
    assert 50 <= len(whs) <= 70 and all(w.startswith("คลังสินค้า อคส. สาขา") for w in whs)
    assert all(r[0].endswith(("จำกัด", "จำกัด (มหาชน)")) or r[0].startswith("ห้างหุ้นส่วนจำกัด")
               for r in con.execute("SELECT name_th FROM cp").fetchall())


def test_legacy_export_is_cp874(sample: tuple[Path, GroundTruth]) -> None:
    root, gt = sample
    raw = (root / "legacy/depositors_export.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp874")
    assert text == raw.decode("tis-620")  # only characters both code pages share
    lines = text.split("\r\n")
    assert lines[0] == "depositor_code,name,phone,province"
    assert len([x for x in lines[1:] if x]) == gt["files"]["depositors_export"]["rows"] > 100
    assert re.search(r"[\u0e01-\u0e5b]", lines[1])
    assert any(",พระนครศรีอยุธยา" in x or ",สุพรรณบุรี" in x for x in lines)


def test_provinces_reference(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT province_code, name_th, name_en, region FROM provinces").fetchall()
    assert len(rows) == 77 == len({r[0] for r in rows}) == len(PROVINCES)
    codes = {r[0]: r for r in rows}
    assert codes["10"][2] == "Bangkok" and codes["38"][2] == "Bueng Kan" and codes["96"][2] == "Narathiwat"
    assert codes["14"][1] == "พระนครศรีอยุธยา"
    assert {r[3] for r in rows} == {"Central", "North", "Northeast", "East", "West", "South"}
    assert all(re.fullmatch(r"[1-9]\d", c) for c in codes)
    assert [tuple(r) for r in rows] == PROVINCES
    grades = q(con, "SELECT count(*) FROM grades WHERE commodity_code NOT IN (SELECT commodity_code FROM commodities)")
    assert grades == 0
    assert q(con, "SELECT count(DISTINCT grade_code) = count(*) FROM grades")
