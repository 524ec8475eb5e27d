"""The governance loop on the generated sample: every planted defect becomes one issue, re-running adds
nothing, fixing the data resolves the issue, breaking it again reopens it; cost-ineffective storage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from khlang.cli import main
from khlang.config import settings
from khlang.declarations import load_catalog
from khlang.store import open_store

NULL_CHECK = "expect_column_values_to_not_be_null:warehouse_code"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, f"khlang {' '.join(argv)} failed: {err}"
    return json.loads(out) if "--format" in argv else out


@pytest.fixture
def data_copy(khlang_env, sample_dir, tmp_path, monkeypatch) -> Path:
    """A private copy of the sample, so a test may fix and break its data."""
    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    monkeypatch.setenv("KHLANG_DATA_DIR", str(data))
    return data


def issues(capsys, *filters) -> list[dict]:
    return run(capsys, "issues", "list", *filters, "--format", "json")


def by_code(rows: list[dict]) -> dict[tuple[str | None, str], dict]:
    out = {}
    for r in rows:
        assert (r["dataset"], r["code"]) not in out or r["source"] == "catalogue", r
        out[(r["dataset"], r["code"])] = r
    return out


def fill_null_warehouse_codes(data: Path) -> Path:
    """Fix the planted NULL warehouse codes (a steward corrects the source); returns the original's backup."""
    movements = data / "transactional" / "stock_movements.parquet"
    backup = data.parent / "stock_movements.broken.parquet"
    shutil.copy2(movements, backup)
    con = duckdb.connect()
    code = con.execute("SELECT min(warehouse_code) FROM read_parquet(?)",
                       [str(data / "master" / "warehouses.parquet")]).fetchone()[0]
    fixed = data.parent / "fixed.parquet"
    con.execute(f"COPY (SELECT * REPLACE (coalesce(warehouse_code, '{code}') AS warehouse_code) "
                f"FROM read_parquet('{movements}')) TO '{fixed}' (FORMAT parquet)")
    con.close()
    shutil.move(fixed, movements)
    return backup


def test_planted_defects_flow_into_issues_that_resolve_and_reopen(capsys, data_copy, login):
    truth = json.loads((data_copy / "ground_truth.json").read_text(encoding="utf-8"))
    quality = run(capsys, "quality", "run", "--run-key", "q1", "--format", "json")
    run(capsys, "catalog", "sync", "--run-key", "c1", "--as-of", "2569-11-25", "--format", "json")
    login("khlang")  # the scheduler's account, as the DAG would
    first = run(capsys, "issues", "sync", "--run-key", "i1", "--as-of", "2569-11-25", "--format", "json")
    assert first["opened"] and not first["resolved"]
    everything = issues(capsys)
    assert len(everything) == len(first["opened"])
    assert len({r["fingerprint"] for r in everything}) == len(everything)

    # Every planted defect has a failing check, and every failing check exactly one open issue.
    catalog = load_catalog(settings().catalog_dir)
    name_of = {ds.object.split(".")[0]: ds.name for ds in catalog.datasets.values()}
    failing = [(b["dataset"], r) for b in quality["datasets"] for r in b["results"] if not r["success"]]
    open_by_check = {(r["dataset"], r["code"]): r for r in everything if r["source"] == "check"}
    for defect in truth["defects"]:
        dataset = defect["dataset"] if defect["dataset"] in catalog.datasets else name_of[defect["dataset"]]
        hits = [r for ds, r in failing if ds == dataset and r["kind"] in ("expectation", "consistency")
                and defect["column"] in (r["column"] or "").split(",")]
        assert hits, f"no failing check for planted defect {defect['id']}"
        for r in hits:
            issue = open_by_check[(dataset, r["check"])]
            assert issue["status"] == "open" and issue["category"] == "low_data_quality"
            assert issue["severity"] == r["severity"]
    assert {r["kind"] for _ds, r in failing} >= {"expectation", "consistency", "security"}
    assert len(open_by_check) == len(failing), "one issue per failing check, no more"

    codes = by_code(everything)
    nulls = codes[("stock_movements", NULL_CHECK)]
    assert nulls["assignees"] == ["p06", "p01", "p03"] and nulls["rca_due"] == "2026-12-25"
    assert codes[("depositors_export", "pii_in_public:depositors_export")]["category"] == "non_conformance"
    # the catalogue's pii_in_public gap is the same problem as the failing security check: no second issue
    assert not [r for r in everything if r["source"] == "catalogue" and r["code"] == "pii_in_public"]
    assert codes[("legacy_wms.depositor_accounts", "undeclared_dataset")]["category"] == "cost_ineffective"
    assert codes[("legacy_warehouse_master", "master_single_source")]["category"] == "cost_ineffective"
    assert codes[("depositors_export", "datasets_read")]["category"] == "cost_ineffective"
    assert codes[("depositors", "master_quality_95")]["category"] == "non_conformance"
    assert {r["category"] for r in everything} == {"non_conformance", "low_data_quality", "cost_ineffective"}

    # Re-running everything for the same day duplicates nothing.
    run(capsys, "quality", "run", "--run-key", "q1")
    again = run(capsys, "issues", "sync", "--run-key", "i1", "--as-of", "2569-11-25", "--format", "json")
    assert (again["opened"], again["reopened"], again["resolved"]) == ([], [], [])
    assert len(issues(capsys)) == len(everything)

    # The steward analyses the root cause and plans the fix.
    login("p06")
    run(capsys, "issues", "rca", str(nulls["id"]), "--cause-category", "process",
        "--why", "รายการรับเข้าบางรายการไม่มีรหัสคลัง", "--why", "ระบบ WMS ไม่บังคับกรอกรหัสคลังเมื่อนำเข้าจากไฟล์",
        "--action", "เติมรหัสคลังที่ขาดจากใบรับสินค้า|p06|2569-11-30",
        "--preventive", "บังคับกรอกรหัสคลังในหน้าจอนำเข้า|p03|2569-12-31", "--on", "2569-11-26")
    run(capsys, "issues", "rca", str(codes[("stock_movements", "movements_warehouse_exists")]["id"]),
        "--cause-category", "data_source", "--why", "สาขาใช้รหัสคลังที่ปิดไปแล้ว", "--on", "2569-11-26")

    # Fixing the data resolves that issue, and only that one, with an event.
    backup = fill_null_warehouse_codes(data_copy)
    rerun = run(capsys, "quality", "run", "--dataset", "stock_movements", "--run-key", "q2", "--format", "json")
    assert next(r for r in rerun["results"] if r["check"] == NULL_CHECK)["success"] is True
    login("khlang")
    fixed = run(capsys, "issues", "sync", "--run-key", "i2", "--as-of", "2569-11-28", "--format", "json")
    assert fixed["resolved"] == [nulls["id"]] and fixed["opened"] == []
    shown = run(capsys, "issues", "show", str(nulls["id"]), "--format", "json")
    assert shown["status"] == "resolved" and shown["resolved_on"] == "2026-11-28"
    assert shown["events"][-1]["type"] == "resolved" and shown["events"][-1]["note"] == "the check passes again"
    assert shown["events"][-1]["run_key"] == "i2"
    still = by_code(issues(capsys, "--dataset", "stock_movements", "--status", "open"))
    assert ("stock_movements", "expect_column_values_to_not_be_null:depositor_id") in still

    # Closing it records the verification of effectiveness.
    action = next(a for a in shown["actions"] if a["kind"] == "corrective")["id"]
    login("p06")
    run(capsys, "issues", "action-done", str(nulls["id"]), str(action), "--on", "2569-11-28")
    login("p02")  # a committee member verifies: not the steward who fixed it
    run(capsys, "issues", "close", str(nulls["id"]), "--on", "2569-11-29",
        "--note", "ตรวจคุณภาพซ้ำแล้วไม่พบรหัสคลังว่าง")

    # Breaking it again reopens it as a new occurrence that needs a new analysis.
    shutil.copy2(backup, data_copy / "transactional" / "stock_movements.parquet")
    run(capsys, "quality", "run", "--dataset", "stock_movements", "--run-key", "q3")
    login("khlang")
    broken = run(capsys, "issues", "sync", "--run-key", "i3", "--as-of", "2569-12-01", "--format", "json")
    assert broken["reopened"] == [nulls["id"]] and broken["opened"] == []
    shown = run(capsys, "issues", "show", str(nulls["id"]), "--format", "json")
    assert (shown["status"], shown["cycle"], shown["root_cause"]) == ("open", 2, None)
    assert [e["type"] for e in shown["events"] if e["to_status"]] == [
        "opened", "rca_recorded", "resolved", "closed", "reopened"]
    assert len(shown["root_causes"]) == 1, "the first occurrence's analysis is kept in history"
    assert len(issues(capsys)) == len(everything)


def test_duplicated_storage_is_a_cost_ineffective_issue_until_removed(capsys, data_copy, login):
    login("p04")  # a DT analyst may run the sync by hand
    copy = data_copy / "transactional" / "warehouses_copy.parquet"
    shutil.copy2(data_copy / "master" / "warehouses.parquet", copy)
    run(capsys, "catalog", "sync", "--run-key", "c1", "--as-of", "2569-11-25")
    run(capsys, "issues", "sync", "--run-key", "i1", "--as-of", "2569-11-25")
    mine = [r for r in issues(capsys, "--dataset", "wms_transactions.warehouses_copy")]
    assert {(r["code"], r["category"]) for r in mine} == {("no_duplicated_storage", "cost_ineffective"),
                                                          ("undeclared_dataset", "cost_ineffective")}
    dup = next(r for r in mine if r["code"] == "no_duplicated_storage")
    assert "same table as warehouses" in dup["detail"] and dup["unit"] == "WHS"

    copy.unlink()
    run(capsys, "catalog", "sync", "--run-key", "c2", "--as-of", "2569-11-26")
    out = run(capsys, "issues", "sync", "--run-key", "i2", "--as-of", "2569-11-26", "--format", "json")
    assert sorted(out["resolved"]) == sorted(r["id"] for r in mine)
    assert not issues(capsys, "--dataset", "wms_transactions.warehouses_copy", "--status", "open")


def test_issue_tables_on_postgresql(capsys, khlang_env, pg_url, monkeypatch, login):
    monkeypatch.setenv("KHLANG_STORE_URL", pg_url)
    login("khlang")
    run(capsys, "quality", "run", "--dataset", "warehouses", "--run-key", "q1")
    out = run(capsys, "issues", "sync", "--run-key", "i1", "--as-of", "2569-11-25", "--format", "json")
    assert out["opened"]
    again = run(capsys, "issues", "sync", "--run-key", "i1", "--as-of", "2569-11-25", "--format", "json")
    assert again["opened"] == []
    rows = issues(capsys, "--dataset", "warehouses")
    assert {r["code"] for r in rows} >= {"expect_column_values_to_be_between:capacity_tonnes"}
    assert open_store(pg_url).url.startswith("postgresql+psycopg://")
