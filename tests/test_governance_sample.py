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
from khlang.governance.findings import CHECK_FAMILIES
from khlang.store import open_store

NULL_CHECK = "expect_column_values_to_not_be_null:warehouse_code"
# Issues on the first day (2569-11-25) by source, 76 in all: 24 planted data defects and 17 security defects
# (PII in 3 public datasets, 2 without an owner still here, 2 past retention, unencrypted secret data,
# 3 grants too wide, 2 grants held by leavers, 2 grants not reviewed, a grant without its FM-EI-01 request,
# a grant its holder reviewed herself) from checks; 3 catalogue gaps
# (undeclared PII and undocumented columns of the legacy copies, an undeclared table); 3 cost rules;
# 8 linkage findings; 7 backup coverage findings (WMS not configured, ERP and REF claim a backup control
# none declares, programs of WMS and DW not backed up, DW and LEGACY_WMS never verified) and 2 restore
# tests not done; 5 PIRs (DW due, four older systems lapsed); 7 EA findings (a To-Be system and a To-Be
# service without a project, LEGACY_WMS retiring with master data, WMS claiming encryption the security check
# refutes, three servers past their support end).
FIRST_DAY = {"check": 41, "linkage": 8, "backup": 7, "policy": 3, "catalogue": 3, "restore": 2, "ea": 7, "pir": 5}


# What kind of defect each family of checks finds (khlang.governance.findings.CHECK_FAMILIES).
KIND_FAMILY = {"null": "missing", "orphan": "unknown_code", "not_in_reference": "unknown_code",
               "duplicate": "duplicate", "near_duplicate": "near_duplicate", "negative": "out_of_range",
               "out_of_range": "out_of_range", "future_date": "out_of_range", "checksum": "malformed",
               "format": "malformed", "mismatch": "not_reconciled"}


def measures(defect: dict, result: dict) -> bool:
    """Whether a failing check measures this planted defect (not another defect of the same column)."""
    if result["type"] == "cross_system_match":  # legacy_warehouses_match_master.<column|missing|extra>
        aspect = result["check"].rsplit(".", 1)[-1]
        return aspect == (defect["kind"] if defect["kind"] in ("missing", "extra") else defect["column"])
    return CHECK_FAMILIES.get(result["type"]) == KIND_FAMILY[defect["kind"]]


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


def not_from_data(capsys, opened: list[int]) -> bool:
    """Issues opened later in the days of the test come from time passing (a linkage step or a PIR falling
    due), never from the data, which did not change."""
    sources = {r["id"]: r["source"] for r in issues(capsys)}
    return all(sources[i] in ("linkage", "pir", "restore", "backup") for i in opened)


def issues(capsys, *filters) -> list[dict]:
    return run(capsys, "issues", "list", *filters, "--format", "json")


def by_code(rows: list[dict]) -> dict[tuple[str | None, str], dict]:
    out = {}
    for r in rows:
        if r["dataset"] is None:  # linkage, backup, PIR and EA findings are about linkages and systems
            continue
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
    holder = {(m["dataset"], m["code"]): r for r in everything for m in r["evidence"]["findings"]}
    rank = {"low": 1, "medium": 2, "high": 3, "critical": 4}
    for defect in truth["defects"]:
        dataset = defect["dataset"] if defect["dataset"] in catalog.datasets else name_of[defect["dataset"]]
        hits = [r for ds, r in failing if ds == dataset and r["kind"] in ("expectation", "consistency")
                and defect["column"] in (r["column"] or "").split(",") and measures(defect, r)]
        # a check of this column alone, where there is one (the grade-for-commodity check of two columns
        # measures the grade defect, not the unknown commodity codes)
        hits = [r for r in hits if r["column"] == defect["column"]] or hits
        assert hits, f"no failing check for planted defect {defect['id']}"
        held = {holder[(dataset, r["check"])]["id"] for r in hits if (dataset, r["check"]) in holder}
        assert len(held) == 1, f"planted defect {defect['id']}: its checks are in issues {held}, not one"
        issue = holder[(dataset, hits[0]["check"])]
        assert issue["status"] == "open" and issue["category"] == "low_data_quality"
        assert issue["severity"] == max((r["severity"] for r in hits), key=rank.__getitem__)
    assert {r["kind"] for _ds, r in failing} >= {"expectation", "consistency", "security"}
    held_codes = {m["code"] for r in everything for m in r["evidence"]["findings"]}
    unheld = [r["check"] for _ds, r in failing if r["check"] not in held_codes]
    assert not unheld, f"failing checks no issue holds: {unheld}"
    data_issues = [r for r in everything if r["category"] == "low_data_quality" and r["source"] == "check"]
    assert len(data_issues) == len(truth["defects"]) == 24, "one issue per planted defect, no more"

    # The first day, from the sample's ground truth and the repo's declarations: 24 planted data defects;
    # governance defects of the catalogue (owners, PII, grants, retention …); and the findings of the
    # linkage register, backups, PIRs and EA on 2569-11-25.
    by_source: dict[str, int] = {}
    for r in everything:
        by_source[r["source"]] = by_source.get(r["source"], 0) + 1
    assert by_source == FIRST_DAY, repr(by_source)

    codes = by_code(everything)
    nulls = codes[("stock_movements", NULL_CHECK)]
    assert nulls["assignees"] == ["p06", "p01", "p03"] and nulls["rca_due"] == "2026-12-25"
    pii = codes[("depositors_export", "pii_in_public:depositors_export")]
    assert pii["category"] == "non_conformance" and pii["severity"] == "critical"
    # the catalogue's pii_in_public gaps are the same defect as the failing security check: one issue that
    # lists them all as its evidence (`issues show` too)
    assert not [r for r in everything if r["source"] == "catalogue" and r["code"] == "pii_in_public"]
    assert {m["source"] for m in pii["evidence"]["findings"]} >= {"check", "catalogue"}
    shown = run(capsys, "issues", "show", str(pii["id"]))
    assert f"สิ่งที่ตรวจพบ ({len(pii['evidence']['findings'])})" in shown and "ขัดต่อ พ.ร.บ." in shown
    assert codes[("legacy_wms.depositor_accounts", "undeclared_dataset")]["category"] == "cost_ineffective"
    assert codes[("legacy_warehouse_master", "master_single_source")]["category"] == "cost_ineffective"
    assert codes[("depositors_export", "datasets_read")]["category"] == "cost_ineffective"
    # a quality score below its policy's target is its failing checks: no issue of its own
    assert ("depositors", "master_quality_95") not in codes
    assert {r["category"] for r in everything} == {"non_conformance", "low_data_quality", "cost_ineffective"}
    # nobody who has left is assigned: p09 (left 2025-09-30) owned the legacy master; the head above takes over
    assert all("p09" not in r["assignees"] for r in everything)

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
    assert fixed["resolved"] == [nulls["id"]] and not_from_data(capsys, fixed["opened"])
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
    assert broken["reopened"] == [nulls["id"]] and not_from_data(capsys, broken["opened"])
    shown = run(capsys, "issues", "show", str(nulls["id"]), "--format", "json")
    assert (shown["status"], shown["cycle"], shown["root_cause"]) == ("open", 2, None)
    assert [e["type"] for e in shown["events"] if e["to_status"]] == [
        "opened", "rca_recorded", "resolved", "closed", "reopened"]
    assert len(shown["root_causes"]) == 1, "the first occurrence's analysis is kept in history"
    assert len([r for r in issues(capsys) if r["source"] == "check"]) == len(
        [r for r in everything if r["source"] == "check"])


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
