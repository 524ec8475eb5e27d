"""The console's governance page (สงพท.-11 steps 1–6, issue 13): everyone reads every step and its documents; only
the Director gets (and may post) the appointment order and the approval of the lists, only the secretary or a
member the resolution; a hand-made POST or API call by anyone else is 403 and writes nothing."""

from __future__ import annotations

import console_support as cs
import pytest
from fastapi.testclient import TestClient

APP: list = []


@pytest.fixture(scope="module")
def inst(tmp_path_factory, sample_dir):
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("governance-pages")
        cs.environment(home, sample_dir)
        yield cs.light(home, sample_dir, mp)


@pytest.fixture(scope="module", autouse=True)
def app(inst):
    from khlang.console import ConsoleSettings, create_app

    APP.append(create_app(ConsoleSettings.from_env()))
    yield APP[0]
    APP[0].state.console.store.close()


def audited(inst, action: str) -> list[dict]:
    c = TestClient(APP[0], raise_server_exceptions=False)
    r = c.get("/api/audit", headers={"Authorization": "Bearer " + inst.tokens["ratchanee"]}, params={"limit": 500})
    return [e for e in r.json()["entries"] if e["action"] == action]


ORDER = {"number": "อคส. 215/2568", "issued_on": "2025-11-28", "term_from": "2025-11-28", "term_until": "2027-11-27",
         "member": ["p02", "p01", "p05", "p07", "p11"], "role": ["chair", "member", "member", "member", "secretary"]}


def test_only_the_director_records_the_order_with_its_document(inst):
    with cs.signed_in_client(APP[0], "piyanuch") as secretary:
        page = secretary.get("/governance")
        assert page.status_code == 200 and 'href="/governance"' in page.text
        assert 'id="order-form"' not in page.text and 'id="resolution-form"' in page.text
        r = secretary.post("/governance/order", data={**ORDER, "csrf_token": cs.csrf(page.text)},
                           files={"file": ("order.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")})
        assert r.status_code == 403
    api = TestClient(APP[0], raise_server_exceptions=False)
    body = {"number": "x", "issued_on": "2025-11-28", "term_from": "2025-11-28", "term_until": "2027-11-27",
            "members": [{"person": "p02", "role": "chair"}, {"person": "p11", "role": "secretary"}]}
    for user in ("weerapong", "piyanuch", "ratchanee", "nattapon"):
        assert api.post("/api/governance/order", json=body,
                        headers={"Authorization": "Bearer " + inst.tokens[user]}).status_code == 403
    assert audited(inst, "committee.appoint") == [] and audited(inst, "evidence.store") == []
    with cs.signed_in_client(APP[0], "surachet") as director:
        page = director.get("/governance")
        assert 'id="order-form"' in page.text
        r = director.post("/governance/order", data={**ORDER, "csrf_token": cs.csrf(page.text)},
                          files={"file": ("order.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
                          follow_redirects=False)
        assert r.status_code == 303, r.text
        page = director.get("/governance")
        assert "อคส. 215/2568" in page.text and "ประธานกรรมการ" in page.text and "/evidence/" in page.text
    [entry] = audited(inst, "committee.appoint")
    assert entry["person"] == "p10"


def test_the_resolution_then_the_directors_approval_of_the_lists_through_the_api(inst):
    api = TestClient(APP[0], raise_server_exceptions=False)

    def post(user: str, path: str, body: dict) -> int:
        return api.post(path, json=body, headers={"Authorization": "Bearer " + inst.tokens[user]}).status_code

    assert post("surachet", "/api/governance/resolutions", {"number": "1/2568", "meeting_on": "2025-12-11",
                                                           "policies": ["data_quality"]}) == 403
    assert post("piyanuch", "/api/governance/resolutions", {"number": "1/2568", "meeting_on": "2025-12-11",
                                                           "policies": ["data_quality"], "oops": 1}) == 422
    assert audited(inst, "committee.resolve") == []
    assert post("piyanuch", "/api/governance/resolutions", {"number": "1/2568", "meeting_on": "2025-12-11",
                                                           "policies": ["data_quality"]}) == 200
    assert post("piyanuch", "/api/governance/lists-approval", {"resolution": "1/2568", "on": "2025-12-15"}) == 403
    assert post("surachet", "/api/governance/lists-approval", {"resolution": "nope", "on": "2025-12-15"}) == 404
    assert audited(inst, "lists.approve") == []
    assert post("surachet", "/api/governance/lists-approval", {"resolution": "1/2568", "on": "2025-12-15"}) == 200
    assert post("surachet", "/api/governance/lists-approval", {"resolution": "1/2568", "on": "2025-12-15"}) == 409
    data = api.get("/api/governance", headers={"Authorization": "Bearer " + inst.tokens["chaiwat"]}).json()
    assert data["resolutions"][0]["lists_approved_by"] == "p10" and data["pending_approval"] == []
    assert {s["step"]: s["state"] for s in data["steps"] if s["subject"] in ("order", "resolution")} == \
        {2: "done", 3: "done"}
    assert data["may"]["appoint"] is False


def test_a_dataset_left_off_the_approved_lists_is_pending_approval_on_its_page(inst):
    from khlang.config import settings
    from khlang.declarations import load_catalog
    from khlang.governance.steps import catalogue_lists, record_resolution
    from khlang.identity.actor import actor_for
    from khlang.store import open_store

    catalog = load_catalog(settings().catalog_dir)
    store = open_store(inst.store_url)
    lists = {k: [n for n in v if n != "grades"] for k, v in catalogue_lists(catalog).items()}
    from khlang.governance.policy_decisions import policies_with_decisions
    from khlang.governance.steps import approve_lists

    record_resolution(catalog, store, policies_with_decisions(catalog, store), actor_for(catalog, "p11", "piyanuch"),
                      number="2/2569", meeting_on=cs.today(), policy_ids=[], lists=lists)
    approve_lists(catalog, store, actor_for(catalog, "p10", "surachet"), resolution="2/2569", on=cs.today())
    store.close()
    api = TestClient(APP[0], raise_server_exceptions=False)
    headers = {"Authorization": "Bearer " + inst.tokens["chaiwat"]}
    assert api.get("/api/datasets/grades", headers=headers).json()["pending_approval"] is True
    assert api.get("/api/datasets/warehouses", headers=headers).json()["pending_approval"] is False
    with cs.signed_in_client(APP[0], "chaiwat") as steward:
        assert 'id="pending-approval"' in steward.get("/datasets/grades").text
        assert 'id="pending-approval"' not in steward.get("/datasets/warehouses").text


def test_what_waits_for_the_director_and_for_a_units_head_is_on_my_work(inst):
    from khlang.config import settings
    from khlang.declarations import load_catalog
    from khlang.governance.policy_decisions import approve_policy, communicate_policy, policies_with_decisions
    from khlang.governance.steps import record_resolution
    from khlang.identity.actor import actor_for
    from khlang.store import open_store

    catalog = load_catalog(settings().catalog_dir)
    store = open_store(inst.store_url)
    record_resolution(catalog, store, policies_with_decisions(catalog, store), actor_for(catalog, "p11", "piyanuch"),
                      number="3/2569", meeting_on=cs.today(), policy_ids=["data_quality"])
    approve_policy(catalog, store, policies_with_decisions(catalog, store), actor_for(catalog, "p10", "surachet"),
                   "data_quality", on=cs.today())
    communicate_policy(catalog, store, policies_with_decisions(catalog, store), actor_for(catalog, "p11", "piyanuch"),
                       "data_quality", channel="email", audience="internal", on=cs.today())
    store.close()
    with cs.signed_in_client(APP[0], "surachet") as director:
        assert "3/2569" in director.get("/").text
    with cs.signed_in_client(APP[0], "wanna") as head:  # the head of Trading
        work = head.get("/").text
        assert "data_quality/TRD" in work and "data_quality/WHS" not in work
        page = head.get("/governance")
        r = head.post("/governance/policies/data_quality/acknowledge",
                      data={"csrf_token": cs.csrf(page.text), "unit": "WHS", "on": cs.today().isoformat()})
        assert r.status_code == 403 and audited(inst, "policy.acknowledge") == []
        r = head.post("/governance/policies/data_quality/acknowledge",
                      data={"csrf_token": cs.csrf(page.text), "unit": "TRD", "on": cs.today().isoformat()},
                      follow_redirects=False)
        assert r.status_code == 303
        assert "data_quality/TRD" not in head.get("/").text
    assert [e["person"] for e in audited(inst, "policy.acknowledge")] == ["p05"]
