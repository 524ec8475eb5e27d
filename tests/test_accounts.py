"""สงพท.-04 user registration: the quarterly account report and the annual review circular with its replies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from khlang.accounts.quarterly import account_report
from khlang.cli import main
from khlang.declarations import load_catalog
from khlang.governance.periods import parse_period
from khlang.quality.security import load_access_register

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    dst = tmp_path_factory.mktemp("acc") / "catalog"
    shutil.copytree(REPO / "catalog", dst)
    return load_catalog(dst)


@pytest.fixture(scope="module")
def register(catalog):
    return load_access_register(catalog)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# ----------------------------------------------------------------------------- the quarterly report
def test_the_quarter_of_the_sample_counts_what_access_yaml_dates_say(catalog, register):
    q4 = account_report(catalog, register, parse_period("2569Q4"))
    assert (q4["period"]["start"], q4["period"]["end"], q4["period"]["start_be"]) == \
        ("2026-10-01", "2026-12-31", "1 ต.ค. 2569")
    # p12 read warehouses from 5 Oct and was revoked on 20 Nov; the auditor general's read of grades expires 31 Dec
    assert q4["totals"] == {"created": 1, "changed": 0, "removed": 2, "in_force": len(register.grants) - 2}
    assert [(e["event"], e["grantee"], e["dataset"], e["on_be"], e["how"]) for e in q4["entries"]] == [
        ("created", "p12", "warehouses", "5 ต.ค. 2569", None),
        ("removed", "p12", "warehouses", "20 พ.ย. 2569", "revoked"),
        ("removed", "oag", "grades", "31 ธ.ค. 2569", "expired")]
    units = {u["unit"]: u for u in q4["units"]}
    assert (units["LEG"]["created"], units["LEG"]["removed"], units["LEG"]["in_force"]) == (1, 1, 0)
    assert units["external"]["removed"] == 1 and units["LEG"]["unit_name"] == "ฝ่ายกฎหมาย"
    assert q4["headings"]["created"] == {"th": "เพิ่มสิทธิ์", "en": "Created"}


def test_other_quarters_created_and_reviewed(catalog, register):
    q1 = account_report(catalog, register, parse_period("2026Q1"))
    assert {(e["grantee"], e["on"]) for e in q1["entries"] if e["event"] == "created"} == {
        ("siam_audit", "2026-01-10"), ("oag", "2026-02-01"), ("p08", "2026-03-02")}
    assert q1["totals"]["changed"] == 0 and q1["totals"]["removed"] == 0
    q3 = account_report(catalog, register, parse_period("2569Q3"))
    # the annual review: 25 grants reviewed in July–September 2026 (grep reviewed_on 2026-0[789] / 2569-0[789])
    assert q3["totals"]["changed"] == 25 and q3["totals"]["created"] == 0
    p01 = next(e for e in q3["entries"] if e["grantee"] == "p01" and e["dataset"] == "warehouses")
    assert (p01["on"], p01["by"]) == ("2026-09-12", "p01")  # a B.E. date in access.yaml, read as C.E.


def test_the_cli_prints_the_report_as_table_and_json(khlang_env, capsys):
    code, out, _ = run(capsys, "security", "accounts", "--quarter", "2569Q4", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["totals"]["created"] == 1 and data["period"]["code"] == "2026Q4"
    code, out, _ = run(capsys, "security", "accounts", "--quarter", "2026Q4")
    assert code == 0
    assert "เพิ่มสิทธิ์ (Created)" in out and "ยกเลิกสิทธิ์ (Removed)" in out and "20 พ.ย. 2569" in out
    assert "ไตรมาส 4/2569" in out
    code, _, err = run(capsys, "security", "accounts", "--quarter", "2569-11")
    assert code == 2 and "a quarter like 2569Q4" in err and "Traceback" not in err
