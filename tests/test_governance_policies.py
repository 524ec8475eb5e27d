"""Data policies: declarations with file:line errors, automatic rules, self-assessments, compliance per
policy and unit with outcome and in-process measures kept as history; reporting periods."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from khlang.cli import main
from khlang.declarations import load_catalog
from khlang.errors import DeclarationError
from khlang.governance.people import GovernanceError
from khlang.governance.periods import containing, parse_period
from khlang.governance.policies import load_policies

REPO = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_shipped_policies_load_with_every_rule_and_measure():
    catalog = load_catalog(REPO / "catalog")
    policies = load_policies(catalog)
    assert {p.id for p in policies.policies} >= {"data_ownership", "personal_data_protection",
                                                  "master_data_management", "cost_effective_data"}
    rules = policies.rules
    assert rules["master_quality_95"].params.threshold == 95 and rules["master_quality_95"].params.kinds == ["master"]
    assert rules["pdpa_training"].check == "self_assessment"
    assert {m.entry.kind for m in policies.measures} == {"outcome", "in_process"}
    cost = policies.policy("cost_effective_data")
    assert cost.entry.approved_on == dt.date(2026, 3, 2), "B.E. 2569-03-02 is C.E. 2026-03-02"
    assert cost.review_due() == dt.date(2027, 3, 2)
    assert len(policies.usage) == 24 and policies.usage[0].month == "2026-05"


BAD_POLICIES = """\
policies:
  - id: ownership
    title_th: นโยบายเจ้าของข้อมูล
    owner_unit: NOPE
    approved_on: 2569-01-10
    communicated_on: 2569-01-05
    rules:
      - id: owners
        title_th: มีเจ้าของ
        check: every_dataset_has_owner
      - id: quality
        title_th: คุณภาพ
        check: min_quality_score
        params: {datasets: [warehouse], threshold: 120}
      - id: master
        title_th: แหล่งเดียว
        check: master_single_source
        params:
          subjects:
            - {subject: warehouse, title_th: คลัง, source_of_truth: provinces, copies: [ghost]}
      - id: quality
        title_th: ซ้ำ
        check: pii_never_public
      - id: assess
        title_th: ประเมินตนเอง
        check: self_assessment
        params: {units: [WHS, XYZ], every: 1y}
measures:
  - {id: m1, kind: in_process, measure: master_quality_score, title_th: คะแนน}
  - {id: m2, kind: outcome, measure: happiness, title_th: ความสุข}
"""


def test_policy_errors_name_file_line_and_field_and_nothing_is_written(capsys, khlang_env):
    path = khlang_env / "catalog" / "policies.yaml"
    path.write_text(BAD_POLICIES, encoding="utf-8")
    code, out, err = run(capsys, "policy", "check")
    assert code == 2 and out == ""
    expected = [
        f"{path}:4: policies[0].owner_unit: unknown unit 'NOPE'",
        f"{path}:6: policies[0].communicated_on: is before approved_on",
        f"{path}:10: policies[0].rules[0].check: unknown check 'every_dataset_has_owner'",
        f"{path}:14: policies[0].rules[1].params.threshold: Input should be less than or equal to 100",
        f"{path}:20: policies[0].rules[2].params.subjects[0].source_of_truth: "
        "provinces is reference data, not master data",
        f"{path}:20: policies[0].rules[2].params.subjects[0].copies[0]: unknown dataset 'ghost'",
        f"{path}:21: policies[0].rules[3].id: duplicate rule id 'quality' (first at line 11)",
        f"{path}:27: policies[0].rules[4].params.every: unknown field (check the spelling)",
        f"{path}:29: measures[0].kind: master_quality_score is an outcome measure",
        f"{path}:30: measures[1].measure: unknown measure 'happiness'",
    ]
    for line in expected:
        assert line in err, f"missing {line!r} in:\n{err}"
    assert not (khlang_env / "var" / "khlang.db").exists(), "a bad declaration must not create the store"
    for argv in (["issues", "sync"], ["report", "build", "--no-pdf"], ["policy", "list"]):
        assert run(capsys, *argv)[0] == 2
    assert not (khlang_env / "var" / "khlang.db").exists()
    assert not (khlang_env / "reports").exists()


def test_usage_log_errors(capsys, khlang_env):
    path = khlang_env / "catalog" / "usage.yaml"
    path.write_text("usage:\n  - {dataset: stock_movements, month: 2569-13, reads: 1}\n"
                    "  - {dataset: nothing, month: 2569-10, reads: -2}\n", encoding="utf-8")
    code, _, err = run(capsys, "policy", "check")
    assert code == 2
    assert f"{path}:2: usage[0].month: a month like 2026-10 or 2569-10 (B.E.)" in err
    assert f"{path}:3: usage[1].reads: Input should be greater than or equal to 0" in err


def test_self_assessment_then_compliance_per_policy_unit_and_measures(capsys, monkeypatch, khlang_env):
    from identity_support import token_for

    def as_person(pid: str, *argv: str):
        monkeypatch.setenv("KHLANG_TOKEN", token_for(pid))
        return run(capsys, *argv)

    code, _, err = as_person("p06", "policy", "assess", "pdpa_training", "--unit", "WHS", "--result", "compliant",
                             "--evidence", "บันทึกการอบรม PDPA 12 ส.ค. 2569", "--on", "2569-08-12")
    assert code == 0, err
    code, out, err = as_person("p08", "policy", "assess", "pdpa_training", "--unit", "FIN", "--result",
                               "non_compliant", "--evidence", "ยังไม่ได้จัดอบรม", "--on", "2569-11-01",
                               "--format", "json")
    assert code == 0, err
    assert json.loads(out)["assessed_on"] == "2026-11-01" and json.loads(out)["assessed_by"] == "p08"
    for pid, argv, exit_code, message in [
        ("p06", ["owners_declared", "--unit", "WHS", "--result", "compliant", "--evidence", "x"], 2,
         "checked automatically"),
        ("p06", ["nope", "--unit", "WHS", "--result", "compliant", "--evidence", "x"], 2, "unknown rule 'nope'"),
        ("p04", ["pdpa_training", "--unit", "DBA", "--result", "compliant", "--evidence", "x"], 2,
         "does not assess pdpa_training"),
        ("p06", ["pdpa_training", "--unit", "TRD", "--result", "compliant", "--evidence", "x"], 3,
         "record a self-assessment"),
        ("p05", ["pdpa_training", "--unit", "TRD", "--result", "compliant", "--evidence", " "], 2, "evidence"),
        ("p05", ["pdpa_training", "--unit", "TRD", "--result", "compliant", "--evidence", "x",
                 "--on", "2570-01-01"], 2, "in the future"),
    ]:
        code, _, err = as_person(pid, "policy", "assess", *argv)
        assert code == exit_code and message in err, (argv, err)

    code, out, err = run(capsys, "policy", "check", "--as-of", "2569-11-25", "--run-key", "c1", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    outcomes = {(o["rule"], o["subject"]): o for o in data["outcomes"]}
    assert outcomes[("pdpa_training", "unit:WHS")]["status"] == "compliant"
    assert outcomes[("pdpa_training", "unit:FIN")]["status"] == "non_compliant"
    assert outcomes[("pdpa_training", "unit:TRD")]["status"] == "not_assessed"
    assert outcomes[("owners_declared", "counterparties")]["status"] == "partial"  # no digital owner
    assert outcomes[("owners_declared", "legacy_warehouse_master")]["detail"] == "digital_owner p09 has left"
    assert outcomes[("master_single_source", "legacy_warehouse_master")]["status"] == "non_compliant"
    assert outcomes[("datasets_read", "depositors_export")]["status"] == "non_compliant"
    assert outcomes[("datasets_read", "stock_movements")]["status"] == "compliant"
    # per policy and per unit: compliant 1, partial ½, not assessed left out
    pdpa = data["policies"]["personal_data_protection"]
    # pii_never_public: no public dataset declares personal data, and no snapshot has detected any yet;
    # pdpa_training: WHS compliant, FIN not, TRD not assessed
    public = sum(d.classification == "public" for d in load_catalog(khlang_env / "catalog").datasets.values())
    assert public >= 2
    assert pdpa == {"score": round(100 * (public + 1) / (public + 2), 2), "compliant": public + 1, "partial": 0,
                    "non_compliant": 1, "not_assessed": 1}
    own = data["policies"]["data_ownership"]
    assert own["score"] == round(100 * (own["compliant"] + 0.5 * own["partial"])
                                 / (own["compliant"] + own["partial"] + own["non_compliant"]), 2)
    assert data["units"]["FIN"]["non_compliant"] == 1
    measures = {m["id"]: m for m in data["measures"]}
    assert measures["assessments_current"]["numerator"] == 2 and measures["assessments_current"]["denominator"] == 7
    assert measures["policies_communicated"]["value"] == round(100 * 5 / 6, 2)
    assert measures["policies_communicated"]["met"] is False
    assert measures["master_quality"]["value"] is None, "no quality results yet"

    # an assessment outside its validity (1 year) is no longer counted
    code, out, _ = run(capsys, "policy", "check", "--as-of", "2570-09-01", "--run-key", "c2", "--format", "json")
    later = {(o["rule"], o["subject"]): o for o in json.loads(out)["outcomes"]}
    assert later[("pdpa_training", "unit:WHS")]["status"] == "not_assessed"
    assert "expired 2027-08-12" in later[("pdpa_training", "unit:WHS")]["detail"]

    # the same run key replaces its evaluation; history keeps one per run
    assert run(capsys, "policy", "check", "--as-of", "2569-11-25", "--run-key", "c1")[0] == 0
    history = json.loads(run(capsys, "policy", "history", "--format", "json")[1])
    assert [h["run_key"] for h in history] == ["c1", "c2"]
    assert history[0]["measures"]["assessments_current"] == round(100 * 2 / 7, 2)

    # the FIN self-assessment is a non-conformance issue for FIN's people
    monkeypatch.setenv("KHLANG_TOKEN", token_for("khlang"))
    code, out, _ = run(capsys, "issues", "sync", "--as-of", "2569-11-25", "--format", "json")
    assert code == 0
    code, out, _ = run(capsys, "issues", "list", "--unit", "FIN", "--format", "json")
    [fin] = [i for i in json.loads(out) if i["source"] == "policy"]
    assert (fin["category"], fin["source"], fin["dataset"], fin["assignees"]) == (
        "non_conformance", "policy", None, ["p08"])


def test_policy_list_shows_approval_and_rules(capsys, khlang_env):
    code, out, _ = run(capsys, "policy", "list", "--format", "json")
    policies = {p["id"]: p for p in json.loads(out)}
    assert policies["data_ownership"]["approved_on"] == "2025-12-15" and policies["data_ownership"]["in_force"]
    code, out, _ = run(capsys, "policy", "list")
    assert "master_single_source" in out and "ข้อมูลหลักมีแหล่งความจริงเดียว" in out


def test_a_policy_not_yet_approved_is_not_evaluated(capsys, khlang_env):
    path = khlang_env / "catalog" / "policies.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("approved_on: 2569-03-02", "approved_on: 2570-03-02")
                    .replace("communicated_on: 2569-03-20", "communicated_on: 2570-03-04"), encoding="utf-8")
    code, out, err = run(capsys, "policy", "check", "--as-of", "2569-11-25", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert "cost_effective_data" not in data["policies"]
    assert not any(o["rule"] in ("no_duplicated_storage", "datasets_read") for o in data["outcomes"])


@pytest.mark.parametrize("text, code, start, end, th", [
    ("2026Q4", "2026Q4", "2026-10-01", "2026-12-31", "ไตรมาส 4/2569 (ต.ค.–ธ.ค. 2569; ไตรมาส 1 ปีงบประมาณ 2570)"),
    ("2569q4", "2026Q4", "2026-10-01", "2026-12-31", "ไตรมาส 4/2569 (ต.ค.–ธ.ค. 2569; ไตรมาส 1 ปีงบประมาณ 2570)"),
    ("2027Q1", "2027Q1", "2027-01-01", "2027-03-31", "ไตรมาส 1/2570 (ม.ค.–มี.ค. 2570; ไตรมาส 2 ปีงบประมาณ 2570)"),
    ("2026-02", "2026-02", "2026-02-01", "2026-02-28", "กุมภาพันธ์ 2569"),
    ("2567-02", "2024-02", "2024-02-01", "2024-02-29", "กุมภาพันธ์ 2567"),
])
def test_periods(text, code, start, end, th):
    p = parse_period(text)
    assert (p.code, p.start.isoformat(), p.end.isoformat(), p.label_th) == (code, start, end, th)


def test_period_arithmetic_and_errors():
    assert parse_period("2026Q1").previous().code == "2025Q4"
    assert parse_period("2026-01").previous().code == "2025-12"
    assert containing(dt.date(2026, 11, 25)).code == "2026Q4"
    assert parse_period("2026Q4").label_en == "Q4 2026 (Oct–Dec)"
    for bad in ("2026Q5", "2026-13", "Q4", "26Q4", ""):
        with pytest.raises(GovernanceError, match="--period"):
            parse_period(bad)


def test_policies_without_a_file_are_empty(tmp_path):
    import shutil

    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    (tmp_path / "catalog" / "policies.yaml").unlink()
    (tmp_path / "catalog" / "usage.yaml").unlink()
    policies = load_policies(load_catalog(tmp_path / "catalog"))
    assert policies.policies == [] and policies.rules == {} and policies.usage == []
    (tmp_path / "catalog" / "policies.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match="expected a mapping at the top of the file"):
        load_policies(load_catalog(tmp_path / "catalog"))
