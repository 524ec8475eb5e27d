"""The PIR report of one system (reports/pir/<system>/index.html): schedule, history, survey scores.

Respondents' names are never shown: the report gives units, scores and the comments as written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from khlang.dates import as_utc, utcnow
from khlang.declarations.loader import Catalog
from khlang.declarations.systems import System
from khlang.pir.records import PirReview, PirSurvey
from khlang.pir.schedule import status_on
from khlang.pir.scoring import LEVEL_LABELS
from khlang.report.labels import PIR_STATUSES, Label
from khlang.store import Store

TEMPLATES = Path(__file__).with_name("templates")

STATUSES = PIR_STATUSES  # the one vocabulary (khlang.report.labels)
EVENTS: dict[str, Label] = {
    "opened": Label("เปิดการประเมิน", "Opened"),
    "reminder": Label("แจ้งเตือนเกินกำหนด", "Overdue reminder"),
    "survey_recorded": Label("บันทึกแบบสำรวจ", "Survey recorded"),
    "scored": Label("คำนวณคะแนน", "Scored"),
}
UI: dict[str, Label] = {
    "title": Label("การประเมินผลหลังการใช้งานระบบ (PIR)", "Post-Implementation Review"),
    "procedure": Label("ตามขั้นตอน สงพท.-03: ประเมินผลเมื่อระบบใช้งานครบ 6 เดือน",
                       "Procedure สงพท.-03: review six months after go-live"),
    "system": Label("ระบบงาน", "System"),
    "owning_unit": Label("หน่วยงานเจ้าของระบบ", "Owning unit"),
    "go_live": Label("วันเริ่มใช้งาน", "Go-live"),
    "due_on": Label("กำหนดประเมิน", "Due"),
    "overdue_after": Label("เกินกำหนดหลังวันที่", "Overdue after"),
    "status": Label("สถานะ", "Status"),
    "history": Label("ความเป็นมา", "History"),
    "when": Label("วันเวลา", "When"),
    "event": Label("เหตุการณ์", "Event"),
    "detail": Label("รายละเอียด", "Detail"),
    "survey": Label("แบบสำรวจความพึงพอใจ", "Satisfaction survey"),
    "no_survey": Label("ยังไม่ได้บันทึกแบบสำรวจ", "No survey recorded yet"),
    "file": Label("ไฟล์", "File"),
    "recorded_at": Label("บันทึกเมื่อ", "Recorded"),
    "responses": Label("จำนวนผู้ตอบ", "Responses"),
    "invited": Label("จำนวนผู้ได้รับแบบสอบถาม", "Invited"),
    "response_rate": Label("อัตราการตอบกลับ", "Response rate"),
    "overall": Label("ความพึงพอใจโดยรวม", "Overall satisfaction"),
    "mean": Label("ค่าเฉลี่ย", "Mean"),
    "level": Label("ระดับ", "Level"),
    "by_question": Label("รายข้อคำถาม", "By question"),
    "question": Label("ข้อคำถาม", "Question"),
    "answers": Label("จำนวนคำตอบ", "Answers"),
    "distribution": Label("การกระจายของคะแนน (1–5)", "Distribution (1–5)"),
    "satisfied": Label("พึงพอใจ (4–5)", "Satisfied (4–5)"),
    "by_unit": Label("รายหน่วยงาน", "By unit"),
    "unit": Label("หน่วยงาน", "Unit"),
    "comments": Label("ข้อเสนอแนะ", "Comments"),
    "no_comments": Label("ไม่มีข้อเสนอแนะ", "No comments"),
    "generated": Label("สร้างเมื่อ", "Generated"),
    "scale": Label("เกณฑ์: 4.21–5.00 มากที่สุด, 3.41–4.20 มาก, 2.61–3.40 ปานกลาง, 1.81–2.60 น้อย, 1.00–1.80 น้อยที่สุด",
                   "Bands: 4.21–5.00 very high, 3.41–4.20 high, 2.61–3.40 moderate, 1.81–2.60 low, 1.00–1.80 very low"),
}


def report_model(catalog: Catalog, system: System, store: Store, as_of: dt.date) -> dict:
    """Everything the PIR page shows for one system."""
    review = None
    survey = None
    comments: list[dict] = []
    if system.go_live is not None:
        with store.reading() as session:
            review = session.scalar(select(PirReview).options(
                selectinload(PirReview.events),
                selectinload(PirReview.surveys).selectinload(PirSurvey.responses),
            ).where(PirReview.system == system.code, PirReview.go_live == system.go_live))
            if review is not None:
                live = [s for s in review.surveys if not s.superseded]
                survey = live[-1] if live else None
                if survey is not None:
                    comments = [{"unit": r.unit, "text": r.comment} for r in survey.responses if r.comment]
    recorded = survey is not None
    sched = status_on(system.code, system.go_live, as_of, opened=review is not None, recorded=recorded)
    unit = catalog.units.get(system.owning_unit)
    units = {code: {"code": code, "name_th": u.name_th, "name_en": u.name_en or ""}
             for code, u in catalog.units.items()}
    return {
        "organisation": {"name_th": catalog.organisation.name_th, "name_en": catalog.organisation.name_en,
                         "abbreviation": catalog.organisation.abbreviation or ""},
        "generated_at": utcnow().isoformat(),
        "as_of": as_of.isoformat(),
        "system": {"code": system.code, "name_th": system.name_th, "name_en": system.name_en or "",
                   "owning_unit": system.owning_unit, "owning_unit_name": unit.name_th if unit else system.owning_unit,
                   "capability": system.capability},
        "schedule": {"go_live": sched.go_live.isoformat() if sched.go_live else None,
                     "due_on": sched.due_on.isoformat() if sched.due_on else None,
                     "overdue_after": sched.overdue_after.isoformat() if sched.overdue_after else None,
                     "status": sched.status},
        "events": [{"at": as_utc(e.at).isoformat(), "kind": e.kind, "run_key": e.run_key or "", "detail": e.detail}
                   for e in (review.events if review else [])],
        "survey": None if survey is None else {
            "file": survey.file_name, "sha256": survey.sha256, "recorded_at": as_utc(survey.recorded_at).isoformat(),
            "score": survey.score or {}, "questions": survey.questions,
        },
        "comments": comments,
        "units": units,
    }


def write_report(catalog: Catalog, system: System, store: Store, as_of: dt.date, out: Path, pdf: bool = True) -> Path:
    """Render and publish the system's PIR report, with its memo (memo-pir.pdf, สงพท.-03); returns its index.html."""
    from khlang.report.memo import write_memos
    from khlang.report.publish import publish_directory

    model = report_model(catalog, system, store, as_of)
    html = environment().get_template("pir_report.html.j2").render(r=model)

    def write(root: Path) -> list[Path]:
        page = root / "index.html"
        page.write_text(html, encoding="utf-8")
        return [page, *(write_memos(catalog, store, [memo(model)], root, previous=out) if pdf else [])]

    publish_directory(out, write)
    return out / "index.html"


def environment() -> jinja2.Environment:
    """Khlang's report environment (autoescape, filters, labels), with this package's templates first."""
    from khlang.report.render import environment as base

    env = base()
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES), env.loader])  # type: ignore[list-item]
    env.globals.update(PUI=UI, STATUSES=STATUSES, EVENTS=EVENTS, LEVELS=LEVEL_LABELS)
    env.filters["share"] = lambda v: "—" if v is None else f"{v * 100:.1f}%"
    env.filters["mean"] = lambda v: "—" if v is None else f"{v:.2f}"
    return env


def memo(model: dict):  # noqa: ANN201 - a khlang.report.memo.Memo
    """The memo that sends the review up the line (สงพท.-03): schedule, scores per question and per unit."""
    from khlang.report.memo import Memo, MemoTable, day_text, moment_text

    system, sched, survey = model["system"], model["schedule"], model["survey"]
    name = f"{system['name_th']} ({system['code']})"
    status = STATUSES[sched["status"]].th
    paras = [f"ตามขั้นตอนการปฏิบัติงาน สงพท.-03 การประเมินผลหลังการใช้งานระบบ (Post-Implementation Review) "
             f"เมื่อระบบใช้งานครบ 6 เดือน {name} ของ{system['owning_unit_name']} เริ่มใช้งานเมื่อ "
             f"{day_text(sched['go_live'])} กำหนดประเมิน {day_text(sched['due_on'])} สถานะ: {status}"]
    tables = [MemoTable.of(UI["history"].th, [UI["when"].th, UI["event"].th, UI["detail"].th],
                           [[moment_text(e["at"]), EVENTS[e["kind"]].th if e["kind"] in EVENTS else e["kind"],
                             e["detail"]] for e in model["events"]])]
    if survey is None:
        paras.append(f"{UI['no_survey'].th} จะรายงานผลเมื่อได้รับแบบสำรวจความพึงพอใจจากหน่วยงานเจ้าของระบบและผู้เกี่ยวข้อง")
    else:
        s = survey["score"]
        overall = s.get("overall") or {}
        level = LEVEL_LABELS[overall["level"]].th if overall.get("level") else "—"
        paras.append(f"ได้สัมภาษณ์และส่งแบบสำรวจความพึงพอใจถึงหน่วยงานเจ้าของระบบและผู้เกี่ยวข้อง ได้รับคำตอบ "
                     f"{s.get('responses', 0):,} ราย{_rate_text(s)} ความพึงพอใจโดยรวมเฉลี่ย {_mean(overall.get('mean'))} "
                     f"อยู่ในระดับ{level} ({UI['scale'].th})")
        tables.append(MemoTable.of(UI["by_question"].th, ["#", UI["question"].th, UI["answers"].th, UI["mean"].th,
                                                          UI["level"].th, UI["satisfied"].th],
                                   [[q["number"], q["text"], q["n"], _mean(q["mean"]),
                                     LEVEL_LABELS[q["level"]].th if q["level"] else "", _share(q["satisfied_share"])]
                                    for q in s.get("questions", [])], numeric=(0, 2, 3, 5)))
        units = model["units"]
        tables.append(MemoTable.of(UI["by_unit"].th, [UI["unit"].th, UI["responses"].th, UI["invited"].th,
                                                      UI["response_rate"].th, UI["mean"].th, UI["level"].th],
                                   [[units[u["unit"]]["name_th"] if u["unit"] in units else u["unit"], u["responses"],
                                     u["invited"], _share(u["response_rate"]), _mean(u["mean"]),
                                     LEVEL_LABELS[u["level"]].th if u["level"] else ""] for u in s.get("units", [])],
                                   numeric=(1, 2, 3, 4)))
        tables.append(MemoTable.of(UI["comments"].th, [UI["unit"].th, UI["comments"].th],
                                   [[c["unit"], c["text"]] for c in model["comments"]]))
    key = system["code"] + (f"-{sched['go_live']}" if sched["go_live"] else "")
    return Memo("pir", key, f"รายงานผลการประเมินหลังการใช้งานระบบ (PIR) {name}", f"ณ วันที่ {day_text(model['as_of'])}",
                tuple(paras), tuple(tables), dt.datetime.fromisoformat(model["generated_at"]))


def _mean(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _rate_text(score: dict) -> str:
    if not score.get("invited"):
        return ""
    return f" จากผู้ได้รับแบบสอบถาม {score['invited']:,} ราย (อัตราการตอบกลับ {_share(score.get('response_rate'))})"
