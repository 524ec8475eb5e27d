"""The demo's EA review (สงพท.-10): EA2570 from its working group to its feed-back, each step by its person.

สงพท.'s head (p03) opens the version, records the working group's order (signed by the Director), the plan, the
current-state snapshot and the staff technology surveys, and submits the draft; the Director (p10) returns it once
with comments and endorses the revision; the committee is informed and the guideline issued; the systems' owners
score their value; the invited people answer the perception survey (and one office's answers come as a CSV); the
results are fed back into EA2571, whose working group is not yet appointed (an overdue step on the demo's date).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from khlang.sample.seeds import seed

D = dt.date
CODE, NEXT = "EA2570", "EA2571"
# A one-page PDF standing for the signed appointment order (คำสั่งแต่งตั้งคณะทำงาน DT).
ORDER_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF\n")
MEMBERS = [{"person": "p03", "role": "chair"}, {"person": "p01", "role": "member"}, {"person": "p05", "role": "member"},
           {"person": "p07", "role": "member"}, {"person": "p08", "role": "member"},
           {"person": "p04", "role": "secretary"}]
PLAN = [
    {"activity": "รวบรวมข้อมูลระบบงาน บัญชีข้อมูล และเส้นทางข้อมูล (current state)", "start": "2026-06-22",
     "end": "2026-07-20", "step": "current_state"},
    {"activity": "สำรวจการใช้เทคโนโลยีของบุคลากรทุกฝ่าย", "start": "2026-07-01", "end": "2026-07-25",
     "step": "current_state"},
    {"activity": "จัดทำสถาปัตยกรรมห้ามุมมอง As-Is / To-Be และการวิเคราะห์ช่องว่าง", "start": "2026-07-21",
     "end": "2026-08-15", "step": "draft"},
    {"activity": "เสนอร่างต่อ ผอก.", "start": "2026-08-18", "end": "2026-08-20", "step": "endorsement"},
    {"activity": "ประเมินคุณค่าของเทคโนโลยีและสำรวจการรับรู้", "start": "2026-09-25", "end": "2026-10-05",
     "step": "value_assessment"},
]
SURVEYS = [
    ("WHS", 14, ["WMS", "LEGACY_WMS"], ["ระบบคลังสินค้าเดิมช้า ต้องบันทึกซ้ำสองระบบ", "อยากได้รายงานสต็อกรายวัน"]),
    ("TRD", 8, ["TRADING", "DW"], ["ต้องการข้อมูลราคาสินค้าเกษตรแบบทันเวลา"]),
    ("FIN", 6, ["ERP"], ["การกระทบยอดกับคลังสินค้ายังทำด้วยมือ"]),
]
# Answers in the console: person → answers to the five questions of khlang.ea.perception.QUESTIONS.
ANSWERS = {"p01": [4, 3, 3, 4, 4], "p05": [4, 4, 3, 4, 4], "p06": [3, 3, 2, 3, 3], "p07": [5, 4, 4, 5, 4],
           "p08": [3, 2, 2, 3, 3]}
# The Warehouse Department collected its staff's answers on a form and sends them as a CSV.
CSV = ("# invited: WHS=3\n"
       "หน่วยงาน,ผู้ตอบ,ข้อ 1,ข้อ 2,ข้อ 3,ข้อ 4,ข้อ 5,ข้อเสนอแนะ\n"
       "ฝ่ายคลังสินค้า,พนักงานคลัง 1,4,3,2,4,4,อยากให้อบรมการใช้ระบบใหม่\n"
       "ฝ่ายคลังสินค้า,พนักงานคลัง 2,มาก,ปานกลาง,น้อย,มาก,มาก,\n")
SCORES = {("WMS", "p01"): 5, ("WMS", "p03"): 5, ("REF", "p07"): 4, ("REF", "p03"): 4, ("DW", "p07"): 4,
          ("DW", "p04"): 5, ("LEGACY_WMS", "p01"): 2, ("ERP", "p08"): 4, ("ERP", "p04"): 3}


def _as(catalog: Any, pid: str, username: str) -> Any:
    from khlang.identity.actor import actor_for

    return actor_for(catalog, pid, username, (), "console")


@seed("ea")
def ea_review(catalog: Any, store: Any) -> dict:
    """EA2570 through every step (one return by the Director), fed back into EA2571."""
    from khlang.ea import perception, process, value

    if any(v.code == CODE for v in process.versions(store)):
        return {}
    head, analyst, director = _as(catalog, "p03", "sunanta"), _as(catalog, "p04", "thanakorn"), \
        _as(catalog, "p10", "surachet")
    process.open_version(catalog, store, head, CODE, "สถาปัตยกรรมองค์กร อคส. ฉบับ พ.ศ. 2570", on=D(2026, 6, 1),
                         title_en="PWO Enterprise Architecture 2570")
    process.appoint_working_group(catalog, store, head, CODE, order_no="คำสั่ง อคส. ที่ 214/2569",
                                  order_date=D(2026, 6, 3), signed_by="p10", members=MEMBERS, on=D(2026, 6, 4),
                                  evidence=(ORDER_PDF, "คำสั่งแต่งตั้งคณะทำงาน DT 214-2569.pdf"))
    process.record_plan(catalog, store, head, CODE, activities=PLAN, on=D(2026, 6, 20))
    process.take_snapshot(catalog, store, analyst, CODE, on=D(2026, 7, 15))
    for i, (unit, n, used, comments) in enumerate(SURVEYS):
        process.record_tech_survey(catalog, store, analyst, CODE, unit=unit, respondents=n, systems_used=used,
                                   comments=comments, on=D(2026, 7, 20 + i))
    process.submit_draft(catalog, store, head, CODE, on=D(2026, 8, 20), note="ร่างฉบับที่ 1")
    process.return_draft(catalog, store, director, CODE, on=D(2026, 8, 28),
                         comments="ให้เพิ่มแผนการยกเลิกระบบคลังสินค้าเดิม (LEGACY_WMS) และกรอบเวลาโครงการ e-Deposit")
    process.submit_draft(catalog, store, head, CODE, on=D(2026, 9, 5), note="ร่างฉบับที่ 2 ปรับตามความเห็น ผอก.")
    process.endorse(catalog, store, director, CODE, on=D(2026, 9, 12), note="เห็นชอบ")
    process.inform_committee(catalog, store, head, CODE, on=D(2026, 9, 20),
                             meeting="คณะกรรมการ KM นวัตกรรม และเทคโนโลยี ครั้งที่ 3/2569")
    process.record_guideline(catalog, store, head, CODE, on=D(2026, 9, 24), circular="หนังสือเวียน อคส. ที่ 88/2569",
                             guideline="ทุกหน่วยงานใช้ EA 2570 ในการเสนอโครงการด้านดิจิทัล ระบบใหม่ต้องระบุ"
                                       "ความสอดคล้องกับสถาปัตยกรรมเป้าหมาย (To-Be)")
    for (system, pid), score in SCORES.items():
        owner = _as(catalog, pid, f"user-{pid}")
        value.score_value(catalog, store, owner, CODE, system=system, score=score, on=D(2026, 9, 26))
    value.close_assessment(catalog, store, head, CODE, on=D(2026, 9, 29))
    perception.open_survey(catalog, store, head, CODE, invited=[*ANSWERS, "p02", "p12"], on=D(2026, 9, 30))
    for i, (pid, answers) in enumerate(ANSWERS.items()):
        perception.answer(catalog, store, _as(catalog, pid, f"user-{pid}"), CODE, answers=list(answers),
                          on=D(2026, 10, 1 + i % 3))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ea-perception-whs.csv"
        path.write_text(CSV, encoding="utf-8")
        perception.import_csv(catalog, store, head, CODE, path, on=D(2026, 10, 3))
    closed = perception.close_survey(catalog, store, head, CODE, on=D(2026, 10, 4))
    fed = process.feed_back(catalog, store, head, CODE, next_code=NEXT, on=D(2026, 10, 20),
                            next_title_th="สถาปัตยกรรมองค์กร อคส. ฉบับ พ.ศ. 2571")
    return {"versions": 2, "returns": 1, "responses": closed["responses"], "carried items": fed["items"]}
