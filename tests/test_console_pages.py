"""Console pages in-process: policies (the Director approves, the secretary communicates, units assess),
and what each person sees on My work. Forms are posted as a browser posts them, with the CSRF token."""

from __future__ import annotations

import re

import console_support as cs
import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def inst(tmp_path_factory, sample_dir):
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("pages")
        cs.environment(home, sample_dir)
        policies = home / "catalog" / "policies.yaml"
        text = policies.read_text(encoding="utf-8")
        draft = text.replace("    approved_on: 2569-03-02\n    approved_by: ผู้อำนวยการองค์การคลังสินค้า (ผอก.)\n"
                             "    communicated_on: 2569-03-20\n", "")
        assert draft != text
        policies.write_text(draft, encoding="utf-8")  # cost_effective_data becomes a draft awaiting approval
        yield cs.light(home, sample_dir, mp)


@pytest.fixture(scope="module", autouse=True)
def app(inst):
    from khlang.console import ConsoleSettings, create_app

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KHLANG_AIRFLOW_URL", "https://airflow.pwo.example/")
        APP.append(create_app(ConsoleSettings.from_env()))
    yield APP[0]
    APP[0].state.console.store.close()


APP: list = []


def client_for(username: str) -> TestClient:
    return cs.signed_in_client(APP[0], username)


csrf = cs.csrf


def audited(action: str, object_id: str) -> list[dict]:
    c = TestClient(APP[0], raise_server_exceptions=False)
    r = c.get("/api/audit", headers={"Authorization": "Bearer " + cs_tokens["ratchanee"]},
              params={"object_id": object_id})
    return [e for e in r.json()["entries"] if e["action"] == action]


cs_tokens: dict[str, str] = {}


def test_the_director_sees_the_draft_waiting_and_approves_it(inst):
    cs_tokens.update(inst.tokens)
    with client_for("surachet") as director:
        work = director.get("/")
        assert 'href="/policies#cost_effective_data"' in work.text
        page = director.get("/policies")
        assert 'action="/policies/cost_effective_data/approve"' in page.text
        assert 'action="/policies/data_ownership/approve"' not in page.text  # in force, review not due
        r = director.post("/policies/cost_effective_data/approve",
                          data={"csrf_token": csrf(page.text), "on": cs.today().isoformat(), "note": "อนุมัติ"})
        assert r.status_code == 303
        assert 'action="/policies/cost_effective_data/approve"' not in director.get("/policies").text
    (entry,) = audited("policy.approve", "cost_effective_data")
    assert entry["person"] == "p10" and entry["channel"] == "console"


def test_only_the_director_approves(inst):
    with client_for("kamonchanok") as other:
        page = other.get("/policies")
        assert "/approve" not in page.text
        r = other.post("/policies/data_ownership/approve", data={"csrf_token": csrf(page.text)})
        assert r.status_code == 403
    assert audited("policy.approve", "data_ownership") == []


def test_the_secretary_records_a_communication(inst):
    with client_for("piyanuch") as secretary:
        page = secretary.get("/policies")
        assert 'action="/policies/data_ownership/communications"' in page.text
        r = secretary.post("/policies/data_ownership/communications", data={
            "csrf_token": csrf(page.text), "channel": "circular", "audience": "internal",
            "on": cs.today().isoformat()})
        assert r.status_code == 303, r.text
        assert "circular" in secretary.get("/policies").text
    (entry,) = audited("policy.communicate", "data_ownership")
    assert entry["person"] == "p11"
    with client_for("porntip") as steward:
        page = steward.get("/policies")
        assert "/communications" not in page.text
        assert steward.post("/policies/data_ownership/communications", data={
            "csrf_token": csrf(page.text), "channel": "email", "audience": "internal"}).status_code == 403


def test_a_unit_records_its_self_assessment_and_another_unit_cannot(inst):
    with client_for("sombat") as fin:
        page = fin.get("/policies")
        assert 'action="/policies/rules/pdpa_training/assessments"' in page.text
        r = fin.post("/policies/rules/pdpa_training/assessments", data={
            "csrf_token": csrf(page.text), "unit": "FIN", "result": "compliant", "evidence": "บันทึกการอบรม 12/2569",
            "on": cs.today().isoformat()})
        assert r.status_code == 303, r.text
        r = fin.post("/policies/rules/pdpa_training/assessments", data={
            "csrf_token": csrf(page.text), "unit": "WHS", "result": "compliant", "evidence": "x"})
        assert r.status_code == 403
    (entry,) = audited("policy.assess", "pdpa_training:FIN")
    assert entry["person"] == "p08"


def test_a_run_shown_in_the_console_links_to_its_airflow_run_page(inst):
    from khlang.dates import utcnow
    from khlang.quality.scores import store_scores
    from khlang.store import open_store

    run_id = "scheduled__2026-12-01T00:00:00+00:00"
    store = open_store(inst.store_url)
    store_scores(store, run_id, {"depositors": {"overall": {"score": 91.5, "passed_weight": 9.15,
                                                            "total_weight": 10.0, "checks": 10}}}, utcnow())
    store.close()
    with client_for("porntip") as owner:
        page = owner.get("/datasets/depositors").text
    assert 'href="https://airflow.pwo.example/dags/khlang_quality/runs/scheduled__2026-12-01T00%3A00%3A00%2B00%3A00"' \
        in page


def test_the_dataset_page_never_says_no_problems_while_checks_fail_or_issues_are_open(inst):
    """Unchecked: "not known yet"; checked with failures and issues: each counted, never "no gaps"; checked clean
    with no gap and no issue: "no problems"."""
    import contextlib
    import io

    from khlang.cli import main
    from khlang.governance.service import sync
    from khlang.governance.views import issue_views
    from khlang.governance.vocabulary import UNRESOLVED
    from khlang.quality.records import latest_results
    from khlang.report.committee_labels import DIMENSIONS
    from khlang.report.labels import CHECK_TYPES
    from khlang.store import open_store

    with client_for("porntip") as owner:
        before = owner.get("/datasets/warehouses").text
    assert 'class="health health-unknown"' in before and "No problems" not in before
    assert "ยังไม่มีผลการตรวจคุณภาพ" in before

    for argv in (["quality", "run", "--dataset", "warehouses", "--run-key", "qw"],
                 ["quality", "run", "--dataset", "units", "--run-key", "qu"],
                 ["catalog", "sync", "--run-key", "cw"]):
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(argv) == 0, argv
    sync("iw")  # as the khlang_issues DAG runs it
    store = open_store(inst.store_url)
    failing = [r for r in latest_results(store, "warehouses") if not r.success]
    issues = [v for v in issue_views(store, dataset="warehouses") if v.status in UNRESOLVED]
    assert failing and issues
    assert not [r for r in latest_results(store, "units") if not r.success]
    assert not [v for v in issue_views(store, dataset="units") if v.status in UNRESOLVED]
    store.close()

    with client_for("porntip") as owner:
        page = owner.get("/datasets/warehouses").text
        units = owner.get("/datasets/units").text
        grades = owner.get("/datasets/grades").text
    assert 'class="health health-problems"' in page
    for said in ("No problems", "No gaps found", "ไม่พบช่องว่าง", "Nothing here", "ไม่มีรายการ"):
        assert said not in page, said
    assert page.count('<article class="check" data-check=') == len(failing)
    health = re.search(r'<p id="health".*?</p>', page, re.S).group(0)
    assert f"{len(failing)} การตรวจที่ไม่ผ่าน" in health and f"{len(issues)} ประเด็นปัญหาที่ยังไม่ปิด" in health
    for r in failing:
        assert CHECK_TYPES[r.type].th in page and f"<code>{r.check}</code>" in page
    for dim in {r.dimension for r in failing}:  # dimensions by their labels, not their codes
        assert f'<span class="th" lang="th">{DIMENSIONS[dim].th}</span>' in page
    for v in issues[:5]:
        assert f'href="/issues/{v.id}"' in page

    assert 'class="health health-clear"' in units
    assert "ผ่านการตรวจทุกรายการในการตรวจครั้งล่าสุด" in units and "ไม่มีประเด็นปัญหาที่ยังเปิดอยู่" in units
    assert 'class="health health-unknown"' in grades or 'class="health health-problems"' in grades
    assert "ผ่านการตรวจทุกรายการ" not in grades and "No problems" not in grades
