"""The console's JSON API with bearer tokens: the same permission cases as the pages, on SQLite and PostgreSQL.

Every refused call (401, 403, 404, 409, 422) is checked to have written nothing: the audit log and the
issue are compared before and after.
"""

from __future__ import annotations

import datetime as dt
import uuid

import console_support as cs
import pytest
from conftest import PG_ADMIN_URL
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def inst(request, tmp_path_factory, sample_dir):
    """A light installation (accounts, hand-raised issues) on each store backend."""
    url = None
    admin = None
    if request.param == "postgres":
        from khlang.store.db import normalise_url

        admin = create_engine(normalise_url(PG_ADMIN_URL), isolation_level="AUTOCOMMIT")
        name = f"khlang_t_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with pytest.MonkeyPatch.context() as mp:
        installation = cs.light(tmp_path_factory.mktemp(f"api-{request.param}"), sample_dir, mp, url)
        installation.issues = {
            "depositors": cs.raise_issue(installation, "porntip", "ที่อยู่ผู้ฝากไม่ครบ", dataset="depositors"),
            "fix": cs.raise_issue(installation, "porntip", "เบอร์โทรซ้ำ", dataset="depositors"),
            "open": cs.raise_issue(installation, "porntip", "รหัสคลังผิดรูปแบบ", dataset="warehouses"),
        }
        yield installation
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def client(inst):
    from khlang.console import ConsoleSettings, create_app

    app = create_app(ConsoleSettings.from_env())
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.console.store.close()


def as_(inst, username: str) -> dict:
    return {"Authorization": f"Bearer {inst.tokens[username]}"}


def audit_count(client, inst) -> int:
    r = client.get("/api/audit", params={"limit": 1000}, headers=as_(inst, "ratchanee"))
    assert r.status_code == 200, r.text
    return len(r.json()["entries"])


def issue(client, inst, issue_id: int) -> dict:
    r = client.get(f"/api/issues/{issue_id}", headers=as_(inst, "ratchanee"))
    assert r.status_code == 200, r.text
    return r.json()


def refused(client, inst, method: str, path: str, status: int, username: str | None, issue_id: int | None = None,
            **kwargs) -> dict:
    """Call, expect `status`, and check nothing was written (audit log and the issue unchanged)."""
    before_audit = audit_count(client, inst)
    before = issue(client, inst, issue_id) if issue_id else None
    headers = as_(inst, username) if username else {}
    r = client.request(method, path, headers=headers, **kwargs)
    assert r.status_code == status, (r.status_code, r.text)
    assert "Traceback" not in r.text
    assert audit_count(client, inst) == before_audit
    if issue_id:
        after = issue(client, inst, issue_id)
        assert (after["status"], len(after["events"]), after["actions"]) == \
               (before["status"], len(before["events"]), before["actions"])
    return r.json()


def test_without_a_valid_token_every_call_is_401(client, inst):
    for path in ("/api/me", "/api/issues", f"/api/issues/{inst.issues['depositors']}", "/api/audit"):
        assert client.get(path).status_code == 401
        r = client.get(path, headers={"Authorization": "Bearer khl_not-a-token"})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    refused(client, inst, "POST", f"/api/issues/{inst.issues['depositors']}/ack", 401, None,
            issue_id=inst.issues["depositors"], json={})


def test_me_names_the_tokens_person_and_datasets(client, inst):
    me = client.get("/api/me", headers=as_(inst, "porntip")).json()
    assert me["person"] == "p01" and me["username"] == "porntip"
    assert "depositors" in {d["name"] for d in me["datasets"]}
    assert client.get("/api/me", headers=as_(inst, "surachet")).json()["roles"] == ["director"]


def test_an_owner_takes_up_her_datasets_issue_and_it_is_audited(client, inst):
    iid = inst.issues["depositors"]
    mine = client.get("/api/issues", params={"mine": "true"}, headers=as_(inst, "porntip")).json()
    assert iid in {i["id"] for i in mine["issues"]}
    r = client.post(f"/api/issues/{iid}/ack", json={"note": "รับเรื่องแล้ว"}, headers=as_(inst, "porntip"))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "rca_in_progress"
    entries = client.get("/api/audit", params={"object_id": str(iid)}, headers=as_(inst, "ratchanee")).json()
    ack = [e for e in entries["entries"] if e["action"] == "issue.ack"]
    assert ack and ack[0]["person"] == "p01" and ack[0]["channel"] == "api"


def test_the_accountant_is_refused_on_another_units_issue(client, inst):
    iid = inst.issues["open"]
    body = refused(client, inst, "POST", f"/api/issues/{iid}/ack", 403, "sombat", issue_id=iid, json={})
    assert "detail" in body
    rca = {"cause_category": "process", "whys": ["ทำไม"], "actions": []}
    refused(client, inst, "POST", f"/api/issues/{iid}/rca", 403, "sombat", issue_id=iid, json=rca)


def test_bad_input_is_422_with_the_field_and_writes_nothing(client, inst):
    iid = inst.issues["open"]
    body = refused(client, inst, "POST", f"/api/issues/{iid}/rca", 422, "porntip", issue_id=iid,
                   json={"cause_category": "weather", "whys": ["x"]})
    assert any(e["field"] == "cause_category" for e in body["errors"])
    refused(client, inst, "POST", f"/api/issues/{iid}/rca", 422, "porntip", issue_id=iid,
            json={"cause_category": "process", "whys": ["x"], "surprise": 1})
    future = (cs.today() + dt.timedelta(days=10)).isoformat()
    body = refused(client, inst, "POST", f"/api/issues/{iid}/ack", 422, "porntip", issue_id=iid,
                   json={"on": future})
    assert "future" in body["detail"]
    refused(client, inst, "POST", f"/api/issues/{iid}/rca", 422, "porntip", issue_id=iid,
            json={"cause_category": "process", "whys": ["x"], "analysed_by": "p06"})


def test_unknown_objects_are_404(client, inst):
    for path in ("/api/issues/999999", "/api/datasets/no_such_dataset", "/api/linkages/LNK-0000-000"):
        r = client.get(path, headers=as_(inst, "porntip"))
        assert r.status_code == 404, (path, r.text)


def test_closing_an_open_issue_is_409(client, inst):
    iid = inst.issues["open"]
    refused(client, inst, "POST", f"/api/issues/{iid}/close", 409, "porntip", issue_id=iid,
            json={"note": "ตรวจแล้ว"})


def test_the_fixer_cannot_close_his_own_fix_another_person_can(client, inst):
    iid = inst.issues["fix"]
    steward = as_(inst, "chaiwat")
    due = (cs.today() + dt.timedelta(days=7)).isoformat()
    r = client.post(f"/api/issues/{iid}/rca", headers=steward, json={
        "cause_category": "process", "whys": ["กรอกซ้ำ", "ไม่มีการตรวจซ้ำ"], "root_cause": "ไม่มีการตรวจซ้ำ",
        "actions": [{"kind": "corrective", "description": "ลบรายการซ้ำ", "owner": "p06", "due": due}]})
    assert r.status_code == 200, r.text
    action = r.json()["actions"][0]["id"]
    console = client.app.state.console
    from khlang.console import acts
    from khlang.identity import actor_for

    chaiwat = actor_for(console.catalog, "p06", "chaiwat", [], "api", "test")
    acts.action_done(console, chaiwat, iid, action, on=cs.today(), note="ลบแล้ว")
    acts.resolve(console, chaiwat, iid, on=cs.today(), note="ไม่มีรายการซ้ำแล้ว")
    refused(client, inst, "POST", f"/api/issues/{iid}/close", 403, "chaiwat", issue_id=iid,
            json={"note": "ตรวจเองแล้ว"})
    r = client.post(f"/api/issues/{iid}/close", headers=as_(inst, "porntip"), json={"note": "ตรวจซ้ำแล้วไม่พบ"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "closed" and r.json()["verified_by"] == "p01"


def test_only_auditors_read_the_audit_log(client, inst):
    refused(client, inst, "GET", "/api/audit", 403, "porntip")
    refused(client, inst, "GET", "/api/audit", 403, "surachet")


def test_pii_is_unmasked_only_for_owners_and_steward(client, inst):
    assert client.get("/api/datasets/depositors", headers=as_(inst, "chaiwat")).json()["pii_unmasked"] is True
    assert client.get("/api/datasets/depositors", headers=as_(inst, "porntip")).json()["pii_unmasked"] is True
    for outsider in ("sombat", "surachet", "ratchanee", "nattapon"):
        body = client.get("/api/datasets/depositors", headers=as_(inst, outsider)).json()
        assert body["pii_unmasked"] is False, outsider


def test_only_the_director_decides_a_linkage(client, inst):
    lid = "LNK-2569-005"
    view = client.get(f"/api/linkages/{lid}", headers=as_(inst, "thanakorn")).json()
    assert view["status"] == "awaiting_decision" and "approved" not in view["may_move_to"]
    refused(client, inst, "POST", f"/api/linkages/{lid}/transitions", 403, "thanakorn",
            json={"status": "approved", "note": "อนุมัติ"})
    refused(client, inst, "POST", f"/api/linkages/{lid}/transitions", 409, "surachet",
            json={"status": "legal_review", "note": "ย้อน"})
    director = client.get(f"/api/linkages/{lid}", headers=as_(inst, "surachet")).json()
    assert "approved" in director["may_move_to"]
