"""สถาปัตยกรรมองค์กร · EA review (สงพท.-10): the versions, each with its steps and the forms of the person whose
turn it is — the Director endorses or returns a draft, สงพท. records the working group and submits, a system's owners
score its value, the people invited answer the perception survey. Pages and the JSON API (/api/ea/…) call the same
permission-checked library functions (khlang.ea.process, .value, .perception)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from khlang.console import forms
from khlang.console.people import api_actor, checked_form, page_actor
from khlang.dates import today_bangkok
from khlang.report.labels import Label

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/ea", tags=["api"])
ApiActor = Annotated[Any, Depends(api_actor)]
Code = Annotated[str, Path(max_length=40, description="the EA version's code, e.g. EA2570")]

# The page's own words (the statuses, steps and kinds are in khlang.report.labels: EA_*).
WORDS: dict[str, Label] = {
    "versions": Label("รอบการทบทวนสถาปัตยกรรมองค์กร", "EA versions"),
    "steps": Label("ขั้นตอนและจุดควบคุม", "Steps and control points"),
    "step": Label("ขั้นตอน", "Step"),
    "days": Label("ภายใน (วัน)", "Within (days)"),
    "started_on": Label("เริ่มนับ", "Counted from"),
    "working_group": Label("คณะทำงาน DT", "DT working group"),
    "order": Label("คำสั่งแต่งตั้ง", "Appointment order"),
    "signed_by": Label("ลงนามโดย", "Signed by"),
    "members": Label("สมาชิก (รหัสบุคคล:บทบาท หนึ่งบรรทัดต่อคน)", "Members (person:role, one a line)"),
    "plan": Label("แผนการดำเนินงาน", "Plan of activities"),
    "snapshot": Label("ข้อมูลสถานะปัจจุบัน", "Current-state snapshot"),
    "tech_surveys": Label("ผลสำรวจการใช้เทคโนโลยี", "Technology-use surveys"),
    "returns": Label("การส่งกลับพร้อมความเห็น", "Returns with comments"),
    "comments": Label("ความเห็น", "Comments"),
    "endorsed": Label("ความเห็นชอบ", "Endorsement"),
    "submit": Label("เสนอ ผอก.", "Submit to the Director"),
    "endorse": Label("เห็นชอบ", "Endorse"),
    "return": Label("ส่งกลับให้ปรับปรุง", "Return for revision"),
    "value": Label("การประเมินคุณค่าเทคโนโลยี", "Technology value assessment"),
    "score": Label("คะแนนคุณค่าทางธุรกิจ (1–5)", "Business value (1–5)"),
    "system": Label("ระบบงาน", "System"),
    "cost": Label("ค่าใช้จ่ายต่อปี (บาท)", "Yearly cost (baht)"),
    "use": Label("การใช้งาน (ครั้ง)", "Use (reads)"),
    "rank": Label("ลำดับ", "Rank"),
    "out_of_line": Label("ค่าใช้จ่ายไม่สมเหตุสมผล", "Cost out of line"),
    "perception": Label("ผลสำรวจการรับรู้", "Perception survey"),
    "answer": Label("ตอบแบบสำรวจ", "Answer the survey"),
    "response_rate": Label("อัตราการตอบกลับ", "Response rate"),
    "mean": Label("ค่าเฉลี่ย", "Mean"),
    "unit": Label("หน่วยงาน", "Unit"),
    "feedback": Label("ประเด็นสำหรับรอบถัดไป", "Items for the next version"),
    "none": Label("ยังไม่มีรอบการทบทวน", "No EA version yet"),
}


def _version_page(request: Request, actor: Any, code: str) -> Response:
    from khlang.ea.perception import current_score, may_answer
    from khlang.ea.process import available_actions, records, version_record
    from khlang.ea.value import assessment, available_scores

    console = request.app.state.console
    record = version_record(console.store, code)
    live_value = record["value_assessment"] or assessment(console.catalog, records(console.store, code))
    return console.page("ea.html.j2", request, v=record, W=WORDS, today=today_bangkok(),
                        actions=available_actions(console.catalog, console.store, actor, code),
                        scores=available_scores(console.catalog, console.store, actor, code),
                        questions=may_answer(console.catalog, console.store, actor, code),
                        value=live_value, perception=(record["perception"] or {}).get("score")
                        or current_score(console.store, code))


@router.get("/ea")
def ea_versions(request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """Every version with its status; the newest one's page."""
    from khlang.ea.process import version_record, versions

    console = request.app.state.console
    rows = [version_record(console.store, v.code) for v in versions(console.store)]
    return console.page("ea_versions.html.j2", request, versions=rows, W=WORDS)


@router.get("/ea/{code}")
def ea_version(code: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """One version: its steps with their control points, records, and the forms of whoever's turn it is."""
    return _version_page(request, actor, code)


def _back(code: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/ea/{code}?saved=1{anchor}", status_code=303)


@router.post("/ea/{code}/endorse")
async def endorse_page(code: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """The Director endorses the draft."""
    from khlang.ea.process import endorse

    console = request.app.state.console
    form = await checked_form(request)
    endorse(console.catalog, console.store, actor, code, on=forms.date(form, "on"), note=forms.text(form, "note"))
    return _back(code)


@router.post("/ea/{code}/return")
async def return_page(code: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """The Director returns the draft with comments."""
    from khlang.ea.process import return_draft

    console = request.app.state.console
    form = await checked_form(request)
    return_draft(console.catalog, console.store, actor, code, on=forms.date(form, "on"),
                 comments=forms.text(form, "comments"))
    return _back(code)


@router.post("/ea/{code}/submit")
async def submit_page(code: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """สงพท. submits the draft (or its revision) to the Director."""
    from khlang.ea.process import submit_draft

    console = request.app.state.console
    form = await checked_form(request)
    submit_draft(console.catalog, console.store, actor, code, on=forms.date(form, "on"), note=forms.text(form, "note"))
    return _back(code)


@router.post("/ea/{code}/working-group")
async def working_group_page(code: str, request: Request,
                             actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """สงพท. records the working group's appointment order, its members and the signed order's file."""
    from khlang.ea.process import appoint_working_group

    console = request.app.state.console
    form = await checked_form(request)
    members = []
    for line in forms.text(form, "members").splitlines():
        pid, _sep, role = line.strip().partition(":")
        if pid.strip():
            members.append({"person": pid.strip(), "role": role.strip() or "member"})
    upload = form.get("order_file")
    evidence = None
    if upload is not None and hasattr(upload, "read"):
        data = await upload.read()
        if data:
            evidence = (data, upload.filename or "order.pdf")
    appoint_working_group(console.catalog, console.store, actor, code, order_no=forms.text(form, "order_no"),
                          order_date=forms.date(form, "order_date"), signed_by=forms.text(form, "signed_by"),
                          members=members, on=forms.date(form, "on"), evidence=evidence)
    return _back(code, "#working-group")


@router.post("/ea/{code}/score")
async def score_page(code: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """A system's owner scores its business value."""
    from khlang.ea.process import EaProcessError
    from khlang.ea.value import score_value

    console = request.app.state.console
    form = await checked_form(request)
    text = forms.text(form, "score")
    if not text.isdigit():
        raise EaProcessError("score: 1 (น้อยที่สุด) to 5 (มากที่สุด)")
    score_value(console.catalog, console.store, actor, code, system=forms.text(form, "system"), score=int(text),
                on=forms.date(form, "on"), note=forms.text(form, "note") or None)
    return _back(code, "#value")


@router.post("/ea/{code}/survey")
async def survey_page(code: str, request: Request, actor=Depends(page_actor)) -> Response:  # noqa: ANN001, B008
    """An invited person answers the perception survey (q1 … qN, 1–5 or blank)."""
    from khlang.ea.perception import answer
    from khlang.ea.process import EaProcessError

    console = request.app.state.console
    form = await checked_form(request)
    answers: list[int | None] = []
    i = 1
    while f"q{i}" in form:
        text = forms.text(form, f"q{i}")
        if text and not (text.isdigit() and 1 <= int(text) <= 5):
            raise EaProcessError(f"q{i}: 1 (น้อยที่สุด) to 5 (มากที่สุด), or blank")
        answers.append(int(text) if text else None)
        i += 1
    answer(console.catalog, console.store, actor, code, answers=answers, on=today_bangkok(),
           comment=forms.text(form, "comment") or None)
    return _back(code, "#perception")


# ---- the JSON API -------------------------------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EndorseIn(_Strict):
    """The Director's endorsement."""

    on: dt.date | None = Field(default=None, description="when (default today, Asia/Bangkok); not in the future")
    note: str = Field(default="", max_length=2000)


class ReturnIn(_Strict):
    """The Director's return of the draft, with what to revise."""

    on: dt.date | None = None
    comments: str = Field(min_length=1, max_length=4000)


class ScoreIn(_Strict):
    """A system owner's score of its business value."""

    system: str = Field(min_length=1, max_length=60)
    score: int = Field(ge=1, le=5)
    on: dt.date | None = None
    note: str = Field(default="", max_length=2000)


class AnswerIn(_Strict):
    """An invited person's answers to the perception survey, one per question (1–5 or null)."""

    answers: list[Annotated[int, Field(ge=1, le=5)] | None] = Field(min_length=1, max_length=50)
    comment: str = Field(default="", max_length=4000)


def _iso(data: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


@api.get("/versions")
def api_versions(request: Request, actor: ApiActor) -> dict:
    """Every EA version with its status, endorsement and returns."""
    from khlang.ea.process import version_record, versions

    store = request.app.state.console.store
    return {"versions": [version_record(store, v.code) for v in versions(store)]}


@api.get("/versions/{code}")
def api_version(request: Request, actor: ApiActor, code: Code) -> dict:
    """One EA version (what the EA book reads), with what you may do on it now."""
    from khlang.ea.process import available_actions, version_record
    from khlang.ea.value import available_scores

    console = request.app.state.console
    return {**version_record(console.store, code),
            "may": available_actions(console.catalog, console.store, actor, code),
            "may_score": available_scores(console.catalog, console.store, actor, code)}


@api.post("/versions/{code}/endorse")
def api_endorse(request: Request, actor: ApiActor, code: Code,
                body: Annotated[EndorseIn | None, Body()] = None) -> dict:
    """The Director endorses the draft waiting for them (anyone else: 403, nothing written)."""
    from khlang.ea.process import endorse

    console = request.app.state.console
    body = body or EndorseIn()
    return _iso(endorse(console.catalog, console.store, actor, code, on=body.on or today_bangkok(),
                        note=body.note or None))


@api.post("/versions/{code}/return")
def api_return(request: Request, actor: ApiActor, code: Code, body: ReturnIn) -> dict:
    """The Director returns the draft with comments (anyone else: 403, nothing written)."""
    from khlang.ea.process import return_draft

    console = request.app.state.console
    return _iso(return_draft(console.catalog, console.store, actor, code, on=body.on or today_bangkok(),
                             comments=body.comments))


@api.post("/versions/{code}/scores")
def api_score(request: Request, actor: ApiActor, code: Code, body: ScoreIn) -> dict:
    """A system's business or digital owner scores its business value."""
    from khlang.ea.value import score_value

    console = request.app.state.console
    return _iso(score_value(console.catalog, console.store, actor, code, system=body.system, score=body.score,
                            on=body.on or today_bangkok(), note=body.note or None))


@api.post("/versions/{code}/survey-answers")
def api_answer(request: Request, actor: ApiActor, code: Code, body: AnswerIn) -> dict:
    """An invited person answers the perception survey, once."""
    from khlang.ea.perception import answer

    console = request.app.state.console
    return _iso(answer(console.catalog, console.store, actor, code, answers=list(body.answers), on=today_bangkok(),
                       comment=body.comment or None))


@api.get("/versions/{code}/value")
def api_value(request: Request, actor: ApiActor, code: Code) -> dict:
    """The technology value assessment as it stands (or as closed): ranking and out-of-line systems."""
    from khlang.ea.process import records, version_record
    from khlang.ea.value import assessment

    console = request.app.state.console
    closed = version_record(console.store, code)["value_assessment"]
    return closed or assessment(console.catalog, records(console.store, code))
