"""The console's glossary (issue 13): every term with its status; a committee member approves a draft with the
form (CSRF), once; anyone else gets no form and a 403 with nothing written; the dataset page shows its terms."""

from __future__ import annotations

import re

import console_support as cs
import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def inst(tmp_path_factory, sample_dir):
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("glossary-pages")
        cs.environment(home, sample_dir)
        yield cs.light(home, sample_dir, mp)


APP: list = []


@pytest.fixture(scope="module", autouse=True)
def app(inst):
    from khlang.console import ConsoleSettings, create_app

    APP.append(create_app(ConsoleSettings.from_env()))
    yield APP[0]
    APP[0].state.console.store.close()


def client_for(username: str) -> TestClient:
    return cs.signed_in_client(APP[0], username)


csrf = cs.csrf


def audited(inst, object_id: str) -> list[dict]:
    c = TestClient(APP[0], raise_server_exceptions=False)
    r = c.get("/api/audit", headers={"Authorization": "Bearer " + inst.tokens["ratchanee"]},
              params={"object_id": object_id})
    return [e for e in r.json()["entries"] if e["action"] == "glossary.approve"]


def _status(page_text: str, term: str) -> str:
    return re.search(rf'<section class="panel term" id="{term}" data-status="(\w+)"', page_text).group(1)


def test_everyone_reads_the_glossary_and_only_the_committee_gets_the_form(inst):
    with client_for("chaiwat") as steward:
        page = steward.get("/glossary")
        assert page.status_code == 200
        assert 'href="/glossary"' in page.text  # in the menu
        assert "น้ำหนักสุทธิ" in page.text and "Net weight" in page.text
        assert _status(page.text, "net_weight") == "draft" and _status(page.text, "master_data") == "approved"
        assert "/approve" not in page.text
        assert 'href="/glossary#' not in steward.get("/").text  # nothing waits for a non-member
        r = steward.post("/glossary/net_weight/approve", data={"csrf_token": csrf(page.text),
                                                               "on": cs.today().isoformat()})
        assert r.status_code == 403
    with client_for("surachet") as director:  # the Director is not a member of the committee
        page = director.get("/glossary")
        assert "/approve" not in page.text
        assert director.post("/glossary/net_weight/approve",
                             data={"csrf_token": csrf(page.text)}).status_code == 403
    assert audited(inst, "net_weight") == []


def test_a_committee_member_approves_a_draft_once(inst):
    with client_for("wanna") as member:
        assert 'href="/glossary#net_weight"' in member.get("/").text  # waiting for the committee, on My work
        page = member.get("/glossary")
        assert 'action="/glossary/net_weight/approve"' in page.text
        assert 'action="/glossary/master_data/approve"' not in page.text  # already approved
        assert member.post("/glossary/net_weight/approve", data={"on": cs.today().isoformat()}).status_code == 403
        assert audited(inst, "net_weight") == []  # no CSRF token: refused, nothing written
        r = member.post("/glossary/net_weight/approve", data={"csrf_token": csrf(page.text),
                                                              "on": cs.today().isoformat(), "note": "มติ 4/2569"})
        assert r.status_code == 303 and r.headers["location"].startswith("/glossary?saved=1")
        after = member.get("/glossary")
        assert _status(after.text, "net_weight") == "approved"
        assert 'action="/glossary/net_weight/approve"' not in after.text
        assert 'href="/glossary#net_weight"' not in member.get("/").text
        assert 'href="/glossary#lot"' in member.get("/").text
        again = member.post("/glossary/net_weight/approve", data={"csrf_token": csrf(after.text),
                                                                  "on": cs.today().isoformat()})
        assert again.status_code == 409
    (entry,) = audited(inst, "net_weight")
    assert entry["person"] == "p05" and entry["channel"] == "console"


def test_the_dataset_page_shows_its_terms(inst):
    with client_for("chaiwat") as steward:
        page = steward.get("/datasets/stock_movements")
        assert page.status_code == 200
        section = page.text.split('id="glossary-terms"', 1)[1].split("</section>", 1)[0]
        terms = set(re.findall(r'data-term="(\w+)"', section))
        assert {"net_weight", "warehouse_receipt", "stock_movement", "lot"} <= terms
        assert "master_data" not in terms
        assert "<code>quantity_kg</code>" in section
        provinces = steward.get("/datasets/provinces").text.split('id="glossary-terms"', 1)[1]
        assert 'data-term="reference_data"' in provinces.split("</section>", 1)[0]


def test_the_api_lists_terms_and_approves_for_the_committee_only(inst):
    c = TestClient(APP[0], raise_server_exceptions=False)

    def as_(username: str) -> dict:
        return {"Authorization": "Bearer " + inst.tokens[username]}

    assert c.get("/api/glossary").status_code == 401
    listed = c.get("/api/glossary", headers=as_("kamonchanok")).json()["terms"]
    lot = next(t for t in listed if t["id"] == "lot")
    assert lot["status"] == "draft" and lot["may"] == ["approve"] and lot["columns"] == ["stock_movements.lot_code"]
    theirs = c.get("/api/glossary", headers=as_("chaiwat")).json()["terms"]
    assert next(t for t in theirs if t["id"] == "lot")["may"] == []
    assert c.post("/api/glossary/lot/approve", headers=as_("chaiwat"), json={}).status_code == 403
    assert c.post("/api/glossary/lot/approve", headers=as_("kamonchanok"), json={"on": "2099-01-01"}).status_code == 422
    assert c.post("/api/glossary/lot/approve", headers=as_("kamonchanok"), json={"by": "p07"}).status_code == 422
    assert c.post("/api/glossary/no_such/approve", headers=as_("kamonchanok"), json={}).status_code == 404
    assert audited(inst, "lot") == []
    r = c.post("/api/glossary/lot/approve", headers=as_("kamonchanok"), json={"note": "มติ 5/2569"})
    assert r.status_code == 200 and r.json()["by"] == "p07" and r.json()["status"] == "approved"
    assert c.post("/api/glossary/lot/approve", headers=as_("weerapong"), json={}).status_code == 409
    (entry,) = audited(inst, "lot")
    assert entry["person"] == "p07" and entry["channel"] == "api"
    ds = c.get("/api/datasets/stock_movements", headers=as_("chaiwat")).json()
    lot_term = next(t for t in ds["glossary_terms"] if t["id"] == "lot")
    assert lot_term["status"] == "approved" and lot_term["dataset_columns"] == ["lot_code"]
