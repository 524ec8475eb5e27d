"""The console's EA review (issue 13): every signed-in person reads the versions and their steps; only the Director
gets the endorse/return forms and only the Director's post is taken (anyone else: 403, nothing written); สงพท.
records the working group with its order's file; a system's owner scores its value; an invited person answers the
perception survey once; the JSON API does the same with a token."""

from __future__ import annotations

import datetime as dt
import re

import console_support as cs
import pytest
from fastapi.testclient import TestClient

from khlang.sample.seeds import ea as demo

APP: list = []


@pytest.fixture(scope="module")
def inst(tmp_path_factory, sample_dir):
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("ea-pages")
        cs.environment(home, sample_dir)
        yield cs.light(home, sample_dir, mp)


@pytest.fixture(scope="module", autouse=True)
def app(inst):
    from khlang.console import ConsoleSettings, create_app

    APP.append(create_app(ConsoleSettings.from_env()))
    yield APP[0]
    APP[0].state.console.store.close()
    APP.clear()


def console():  # noqa: ANN201
    return APP[0].state.console


def actor(pid: str):  # noqa: ANN201
    from khlang.identity import actor_for

    return actor_for(console().catalog, pid, f"user-{pid}", (), "console")


def client_for(username: str) -> TestClient:
    return cs.signed_in_client(APP[0], username)


def records(code: str) -> list[tuple[str, str]]:
    from khlang.ea.process import records as recs

    return [(r.kind, r.by) for r in recs(console().store, code)]


def _state(page: str, step: str) -> str:
    return re.search(rf'data-step="{step}" data-state="(\w+)"', page).group(1)


def _submitted(code: str) -> None:
    """สงพท. takes a version up to its submission (through the library, as the head of สงพท.)."""
    from khlang.ea import process

    c, head = console(), actor("p03")
    day = cs.today() - dt.timedelta(days=10)
    process.open_version(c.catalog, c.store, head, code, f"สถาปัตยกรรมองค์กร {code}", on=day)
    process.appoint_working_group(c.catalog, c.store, head, code, order_no="9/2569", order_date=day,
                                  signed_by="p10", members=demo.MEMBERS, on=day)
    process.record_plan(c.catalog, c.store, head, code, activities=demo.PLAN, on=day)
    process.take_snapshot(c.catalog, c.store, head, code, on=day)
    process.record_tech_survey(c.catalog, c.store, head, code, unit="TRD", respondents=2, systems_used=["DW"],
                               comments=[], on=day)
    process.submit_draft(c.catalog, c.store, head, code, on=day)


def test_only_the_director_gets_and_may_use_the_endorsement_forms():
    _submitted("EA2570")
    for username in ("sunanta", "thanakorn", "porntip", "weerapong", "nattapon", "ratchanee"):
        with client_for(username) as c:
            page = c.get("/ea/EA2570")
            assert page.status_code == 200
            assert 'href="/ea"' in page.text  # in the menu
            assert 'action="/ea/EA2570/endorse"' not in page.text and 'action="/ea/EA2570/return"' not in page.text
            token = cs.csrf(page.text) if 'name="csrf_token"' in page.text else cs.csrf(c.get("/glossary").text)
            assert c.post("/ea/EA2570/endorse", data={"csrf_token": token}).status_code == 403
            assert c.post("/ea/EA2570/return", data={"csrf_token": token, "comments": "แก้"}).status_code == 403
    assert ("endorsed", "p10") not in records("EA2570") and ("returned", "p10") not in records("EA2570")
    with client_for("surachet") as director:
        assert 'href="/ea/EA2570#endorsement"' in director.get("/").text  # waiting for the Director, on My work
        page = director.get("/ea/EA2570")
        assert 'action="/ea/EA2570/endorse"' in page.text and 'action="/ea/EA2570/return"' in page.text
        assert director.post("/ea/EA2570/return", data={"comments": "แก้"}).status_code == 403  # no CSRF token
        r = director.post("/ea/EA2570/return", data={"csrf_token": cs.csrf(page.text), "comments": "  "})
        assert r.status_code == 422
        assert ("returned", "p10") not in records("EA2570")
        r = director.post("/ea/EA2570/return", data={"csrf_token": cs.csrf(page.text),
                                                     "comments": "ให้เพิ่มแผนยกเลิกระบบเดิม"})
        assert r.status_code == 303
        page = director.get("/ea/EA2570")
        assert "ให้เพิ่มแผนยกเลิกระบบเดิม" in page.text and 'data-status="returned"' in page.text
        assert _state(page.text, "endorsement") == "returned"
        assert 'action="/ea/EA2570/endorse"' not in page.text  # nothing waits for the Director now
    with client_for("sunanta") as head:
        page = head.get("/ea/EA2570")
        assert 'action="/ea/EA2570/submit"' in page.text
        assert head.post("/ea/EA2570/submit", data={"csrf_token": cs.csrf(page.text),
                                                    "note": "ฉบับปรับปรุง"}).status_code == 303
    with client_for("surachet") as director:
        page = director.get("/ea/EA2570")
        assert director.post("/ea/EA2570/endorse", data={"csrf_token": cs.csrf(page.text),
                                                         "note": "เห็นชอบ"}).status_code == 303
        page = director.get("/ea/EA2570")
        assert 'data-status="endorsed"' in page.text and _state(page.text, "endorsement") == "done"
    assert [k for k, _ in records("EA2570") if k in ("submitted", "returned", "endorsed")] == \
        ["submitted", "returned", "submitted", "endorsed"]
    listing = client_for("chaiwat").get("/ea")
    assert 'data-version="EA2570" data-status="endorsed"' in listing.text


def test_the_head_of_dtd_records_the_working_group_with_its_order_file():
    from khlang.ea import process

    c = console()
    process.open_version(c.catalog, c.store, actor("p03"), "EA2580", "สถาปัตยกรรมองค์กร 2580", on=cs.today())
    with client_for("porntip") as outsider:
        page = outsider.get("/ea/EA2580")
        assert 'action="/ea/EA2580/working-group"' not in page.text
    with client_for("sunanta") as head:
        page = head.get("/ea/EA2580")
        assert 'action="/ea/EA2580/working-group"' in page.text
        data = {"csrf_token": cs.csrf(page.text), "order_no": "คำสั่ง อคส. ที่ 5/2570",
                "order_date": cs.today().isoformat(), "signed_by": "p10",
                "members": "p03:chair\np01\np05\np04:secretary"}
        r = head.post("/ea/EA2580/working-group", data=data,
                      files={"order_file": ("order.pdf", demo.ORDER_PDF, "application/pdf")})
        assert r.status_code == 303, r.text
        page = head.get("/ea/EA2580")
        evidence = re.search(r'href="/evidence/([0-9a-f]{32})"', page.text).group(1)
        assert head.get(f"/evidence/{evidence}").content == demo.ORDER_PDF
        assert _state(page.text, "working_group") == "done"
    assert records("EA2580") == [("working_group", "p03")]
    with client_for("chaiwat") as stranger:  # not of สงพท. nor of the working group
        assert stranger.get(f"/evidence/{evidence}").status_code == 403


def _to_guideline(code: str) -> None:
    from khlang.ea import process

    c = console()
    _submitted(code)
    process.endorse(c.catalog, c.store, actor("p10"), code, on=cs.today())
    process.inform_committee(c.catalog, c.store, actor("p03"), code, on=cs.today(), meeting="1/2570")
    process.record_guideline(c.catalog, c.store, actor("p03"), code, on=cs.today(), guideline="ใช้ EA")


def test_owners_score_their_systems_and_the_invited_answer_the_survey_once():
    from khlang.ea import perception, value

    _to_guideline("EA2590")
    with client_for("sombat") as erp_owner:  # ERP's business owner
        page = erp_owner.get("/ea/EA2590")
        assert re.search(r'<select id="sc-system" name="system"><option value="ERP">ERP</option></select>', page.text)
        assert erp_owner.post("/ea/EA2590/score", data={"csrf_token": cs.csrf(page.text), "system": "WMS",
                                                         "score": "5"}).status_code == 403
        assert erp_owner.post("/ea/EA2590/score", data={"csrf_token": cs.csrf(page.text), "system": "ERP",
                                                         "score": "4"}).status_code == 303
    assert ("value_score", "p08") in records("EA2590") and len([k for k, _ in records("EA2590")
                                                                if k == "value_score"]) == 1
    c = console()
    value.close_assessment(c.catalog, c.store, actor("p03"), "EA2590", on=cs.today())
    perception.open_survey(c.catalog, c.store, actor("p03"), "EA2590", invited=["p05", "p07"], on=cs.today())
    with client_for("chaiwat") as uninvited:
        page = uninvited.get("/ea/EA2590")
        assert 'action="/ea/EA2590/survey"' not in page.text
        assert uninvited.post("/ea/EA2590/survey", data={"csrf_token": cs.csrf(page.text), "q1": "5", "q2": "5",
                                                          "q3": "5", "q4": "5", "q5": "5"}).status_code == 403
    with client_for("wanna") as invited:
        assert 'href="/ea/EA2590#perception"' in invited.get("/").text
        page = invited.get("/ea/EA2590")
        assert 'action="/ea/EA2590/survey"' in page.text
        answers = {"csrf_token": cs.csrf(page.text), "q1": "4", "q2": "3", "q3": "", "q4": "5", "q5": "4",
                   "comment": "ควรอบรมเพิ่ม"}
        assert invited.post("/ea/EA2590/survey", data=answers).status_code == 303
        page = invited.get("/ea/EA2590")
        assert 'action="/ea/EA2590/survey"' not in page.text  # answered
        assert invited.post("/ea/EA2590/survey", data=answers).status_code == 409
        assert 'data-unit="TRD"' in page.text and "1/1" in page.text
    score = perception.current_score(c.store, "EA2590")
    assert score["responses"] == 1 and score["questions"][2]["n"] == 0 and score["overall"]["mean"] == 4.0


def test_the_json_api_endorses_only_for_the_director(inst):
    _submitted("EA2600")
    api = TestClient(APP[0], raise_server_exceptions=False)

    def call(username: str, path: str, body: dict | None = None):  # noqa: ANN202
        headers = {"Authorization": "Bearer " + inst.tokens[username]}
        if body is None:
            return api.get(path, headers=headers)
        return api.post(path, headers=headers, json=body)

    r = call("wanna", "/api/ea/versions/EA2600")
    assert r.status_code == 200 and r.json()["status"] == "submitted" and r.json()["may"] == []
    assert call("surachet", "/api/ea/versions/EA2600").json()["may"] == ["endorse", "return"]
    for username in ("wanna", "sunanta", "nattapon"):
        assert call(username, "/api/ea/versions/EA2600/endorse", {}).status_code == 403
        assert call(username, "/api/ea/versions/EA2600/return", {"comments": "x"}).status_code == 403
    assert call("surachet", "/api/ea/versions/EA2600/return", {"comments": ""}).status_code == 422
    assert call("surachet", "/api/ea/versions/EA2600/endorse", {"bogus": 1}).status_code == 422
    assert [k for k, _ in records("EA2600")][-1] == "submitted"
    r = call("surachet", "/api/ea/versions/EA2600/endorse", {"note": "เห็นชอบ"})
    assert r.status_code == 200 and (r.json()["kind"], r.json()["by"]) == ("endorsed", "p10")
    assert call("surachet", "/api/ea/versions/EA2600/endorse", {}).status_code == 409
    assert call("surachet", "/api/ea/versions/NOPE").status_code == 404
    listed = call("chaiwat", "/api/ea/versions").json()["versions"]
    assert {"EA2600"} <= {v["code"] for v in listed}
    assert call("chaiwat", "/api/ea/versions/EA2600/value").json()["systems"]
