"""Thai and English labels of the governance loop, for the committee report and the CLI tables.

Codes are those of khlang.governance.vocabulary; an unknown code shows as itself (labels.label).
"""

from __future__ import annotations

from khlang.report.labels import Label

# สงพท.-11 ข้อ 10: ปัญหาที่รวบรวม
CATEGORIES: dict[str, Label] = {
    "non_conformance": Label("ไม่เป็นไปตามนโยบายข้อมูล (Non-Conformation)", "Non-conformance with the data policy"),
    "low_data_quality": Label("คุณภาพข้อมูลต่ำ", "Low data quality"),
    "cost_ineffective": Label("การบริหารจัดการข้อมูลไม่คุ้มค่า", "Cost-ineffective data management"),
}

STATUSES: dict[str, Label] = {
    "open": Label("เปิด รอรับเรื่อง", "Open"),
    "rca_in_progress": Label("กำลังวิเคราะห์สาเหตุ", "Root cause in progress"),
    "action_planned": Label("วางแผนแก้ไขแล้ว", "Action planned"),
    "resolved": Label("แก้ไขแล้ว", "Resolved"),
    "closed": Label("ปิดแล้ว (ตรวจสอบประสิทธิผลแล้ว)", "Closed (verified)"),
}

# สงพท.-11 ข้อ 11: สาเหตุที่แท้จริง (Root Cause)
CAUSES: dict[str, Label] = {
    "people": Label("บุคลากร", "People"),
    "process": Label("กระบวนการ", "Process"),
    "technology": Label("เทคโนโลยี", "Technology"),
    "data_source": Label("แหล่งข้อมูล", "Data source"),
    "policy": Label("นโยบาย", "Policy"),
    "external": Label("ปัจจัยภายนอก", "External"),
}

SEVERITIES: dict[str, Label] = {
    "critical": Label("วิกฤต", "Critical"),
    "high": Label("สูง", "High"),
    "medium": Label("ปานกลาง", "Medium"),
    "low": Label("ต่ำ", "Low"),
}

DIMENSIONS: dict[str, Label] = {
    "overall": Label("ภาพรวม", "Overall"),
    "completeness": Label("ความครบถ้วน", "Completeness"),
    "validity": Label("ความถูกต้องตามรูปแบบ", "Validity"),
    "uniqueness": Label("ความไม่ซ้ำซ้อน", "Uniqueness"),
    "consistency": Label("ความสอดคล้อง", "Consistency"),
    "timeliness": Label("ความเป็นปัจจุบัน", "Timeliness"),
    "accuracy": Label("ความแม่นยำ", "Accuracy"),
    "security": Label("ความมั่นคงปลอดภัย", "Security"),
}

COMPLIANCE: dict[str, Label] = {
    "compliant": Label("เป็นไปตามนโยบาย", "Compliant"),
    "partial": Label("เป็นไปตามบางส่วน", "Partly compliant"),
    "non_compliant": Label("ไม่เป็นไปตามนโยบาย", "Non-compliant"),
    "not_assessed": Label("ยังไม่ได้ประเมิน", "Not assessed"),
}

MEASURE_KINDS: dict[str, Label] = {
    "outcome": Label("ตัวชี้วัดผลลัพธ์", "Outcome measures"),
    "in_process": Label("ตัวชี้วัดระหว่างกระบวนการ", "In-process measures"),
}

ACTION_KINDS: dict[str, Label] = {
    "corrective": Label("การแก้ไข", "Corrective"),
    "preventive": Label("การป้องกัน", "Preventive"),
}

SOURCES: dict[str, Label] = {
    "check": Label("ผลการตรวจสอบคุณภาพ", "Check result"),
    "catalogue": Label("แคตตาล็อกข้อมูล", "Catalogue gap"),
    "policy": Label("กฎของนโยบาย", "Policy rule"),
    "manual": Label("แจ้งโดยผู้ปฏิบัติงาน", "Raised by hand"),
    "linkage": Label("ทะเบียนการเชื่อมโยงข้อมูล", "Linkage register"),
    "backup": Label("การสำรองข้อมูล", "Backup verification"),
    "restore": Label("การทดสอบกู้คืนข้อมูล", "Restore test"),
    "pir": Label("การทบทวนหลังการใช้งานระบบ (PIR)", "Post-implementation review"),
    "ea": Label("สถาปัตยกรรมองค์กร", "Enterprise architecture"),
    "ea_process": Label("ขั้นตอนการทบทวนสถาปัตยกรรมองค์กร", "EA review steps"),
}

FINDING_KINDS: dict[str, Label] = {
    "consistency": Label("ความสอดคล้องของข้อมูล", "Consistency"),
    "security": Label("ความมั่นคงปลอดภัยและความเสี่ยง", "Security and risk"),
}

ESCALATION: dict[str, Label] = {
    "1": Label("ผู้รับผิดชอบ", "Assignees"),
    "2": Label("คณะกรรมการ", "The committee"),
    "3": Label("ผู้อำนวยการ (ผอก.)", "The Director"),
}

MATTERS: dict[str, Label] = {
    "escalated": Label("ประเด็นปัญหาเกินกำหนดที่ต้องรายงาน ผอก.", "overdue issues escalated to the Director"),
    "high_open": Label("ประเด็นปัญหาระดับสูงและวิกฤตที่ยังไม่แก้ไข", "high and critical issues unresolved"),
    "measures_off_target": Label("ตัวชี้วัดที่ยังไม่บรรลุเป้าหมาย", "measures below target"),
    "without_rca": Label("ประเด็นปัญหาที่ยังไม่วิเคราะห์สาเหตุ", "unresolved issues without a root cause"),
    "overdue_actions": Label("การดำเนินการแก้ไขที่เกินกำหนด", "overdue actions"),
    "drafts": Label("นโยบายที่รอ ผอก. อนุมัติ", "policies awaiting the Director's approval"),
}

UI: dict[str, Label] = {
    "title": Label("รายงานต่อคณะกรรมการกำกับดูแลและการบริหารจัดการข้อมูลขนาดใหญ่",
                   "Report to the Data Governance and Big Data Management Committee"),
    "procedure": Label("ตามคู่มือขั้นตอนการปฏิบัติงาน สงพท.-11 ข้อ 8–11", "Work procedure สงพท.-11, steps 8–11"),
    "period": Label("รอบรายงาน", "Reporting period"),
    "as_of": Label("ข้อมูล ณ วันที่", "As of"),
    "generated": Label("จัดทำเมื่อ", "Generated"),
    "committee": Label("คณะกรรมการ", "Committee"),
    "summary": Label("สรุปสำหรับผู้อำนวยการ", "Summary for the Director"),
    "acknowledgement": Label("การรับทราบของผู้อำนวยการ", "The Director's acknowledgement"),
    "acknowledgement_text": Label("ได้รับทราบรายงานฉบับนี้ และมีข้อสั่งการตามที่บันทึกไว้ในระบบ",
                                  "I have read this report; my instructions are recorded in the console."),
    "director_signature": Label("ลงชื่อ ผู้อำนวยการองค์การคลังสินค้า", "Signed: the Director of อคส."),
    "ack_date": Label("วันที่", "Date"),
    "classification": Label("ชั้นความลับ", "Classification"),
    "matters": Label("เรื่องที่เสนอเพื่อทราบและพิจารณา", "Matters for the Director"),
    "no_matters": Label("ไม่มีเรื่องเร่งด่วน", "Nothing urgent"),
    "quality_overall": Label("คะแนนคุณภาพข้อมูลภาพรวม", "Overall data quality"),
    "open_issues": Label("ประเด็นปัญหาที่ยังไม่แก้ไข", "Unresolved issues"),
    "overdue": Label("ประเด็นปัญหาเกินกำหนด", "Overdue issues"),
    "compliance": Label("การปฏิบัติตามนโยบายข้อมูล", "Policy compliance"),
    "quality": Label("คุณภาพข้อมูล", "Data quality"),
    "dimension": Label("มิติคุณภาพ", "Dimension"),
    "by_dimension": Label("คะแนนตามมิติคุณภาพ", "Scores by dimension"),
    "by_dataset": Label("คะแนนรายชุดข้อมูลและแนวโน้ม", "Scores by dataset, with trends"),
    "dataset": Label("ชุดข้อมูล", "Dataset"),
    "trend": Label("แนวโน้ม", "Trend"),
    "change": Label("เปลี่ยนแปลง", "Change"),
    "previous": Label("รอบก่อน", "Previous"),
    "score": Label("คะแนน", "Score"),
    "findings": Label("ผลการตรวจสอบความสอดคล้องและความมั่นคงปลอดภัย", "Consistency and security findings"),
    "check": Label("การตรวจสอบ", "Check"),
    "failed_rows": Label("รายการที่ไม่ผ่าน", "Failing"),
    "passed_of": Label("ผ่าน", "passed"),
    "no_failures": Label("ผ่านทุกรายการ", "Every check passes"),
    "issues": Label("ประเด็นปัญหาตามประเภท", "Issues by category"),
    "issue": Label("ประเด็นปัญหา", "Issue"),
    "category": Label("ประเภท", "Category"),
    "severity": Label("ระดับความรุนแรง", "Severity"),
    "status": Label("สถานะ", "Status"),
    "assignees": Label("ผู้รับผิดชอบ", "Assigned to"),
    "opened": Label("เปิดเมื่อ", "Opened"),
    "rca_due": Label("กำหนดวิเคราะห์สาเหตุ", "Root cause due"),
    "more_issues": Label("และประเด็นอื่นอีก", "and more issues"),
    "root_causes": Label("การวิเคราะห์สาเหตุที่แท้จริง", "Root-cause analysis"),
    "cause": Label("สาเหตุ", "Cause"),
    "whys": Label("ทำไม ทำไม (5 Whys)", "5 whys"),
    "actions": Label("การดำเนินการ", "Actions"),
    "no_rca": Label("ยังไม่มีการวิเคราะห์สาเหตุ", "No root-cause analysis yet"),
    "overdue_section": Label("รายการเกินกำหนดและการรายงานตามลำดับชั้น", "Overdue items and escalation"),
    "overdue_actions": Label("การดำเนินการแก้ไขที่เกินกำหนด", "Overdue actions"),
    "owner": Label("ผู้รับผิดชอบ", "Owner"),
    "due": Label("กำหนดเสร็จ", "Due"),
    "days_late": Label("เกินกำหนด (วัน)", "Days overdue"),
    "escalated_to": Label("รายงานถึง", "Escalated to"),
    "none": Label("ไม่มี", "None"),
    "policies": Label("การปฏิบัติตามนโยบายข้อมูล รายนโยบาย", "Compliance by policy"),
    "policy": Label("นโยบาย", "Policy"),
    "approved": Label("ผอก. อนุมัติ", "Approved"),
    "communicated": Label("สื่อสารเมื่อ", "Communicated"),
    "review_due": Label("กำหนดทบทวน", "Review due"),
    "draft": Label("รออนุมัติ", "Awaiting approval"),
    "units": Label("การปฏิบัติตามนโยบาย รายหน่วยงาน", "Compliance by unit"),
    "unit": Label("หน่วยงาน", "Unit"),
    "measures": Label("ตัวชี้วัดการปฏิบัติตามนโยบาย", "Compliance measures"),
    "measure": Label("ตัวชี้วัด", "Measure"),
    "target": Label("เป้าหมาย", "Target"),
    "value": Label("ผล", "Value"),
    "met": Label("บรรลุ", "Met"),
    "not_met": Label("ไม่บรรลุ", "Not met"),
    "changes": Label("การเปลี่ยนแปลงจากรอบก่อน", "What changed since the last period"),
    "new_issues": Label("ประเด็นปัญหาใหม่", "New issues"),
    "resolved_issues": Label("ประเด็นปัญหาที่แก้ไขแล้ว", "Resolved issues"),
    "reopened_issues": Label("ประเด็นปัญหาที่กลับมาอีก", "Reopened issues"),
    "closed_issues": Label("ประเด็นปัญหาที่ปิดแล้ว", "Closed issues"),
    "score_changes": Label("คะแนนคุณภาพที่เปลี่ยนแปลง", "Quality score changes"),
    "first_period": Label("รอบรายงานแรก ยังไม่มีข้อมูลรอบก่อนให้เปรียบเทียบ", "First period: nothing to compare with"),
    "no_data": Label("ยังไม่มีข้อมูล", "No data yet"),
    "no_scores": Label("ยังไม่มีผลการวัดคุณภาพข้อมูล", "No quality results yet"),
    "no_compliance": Label("ยังไม่มีการประเมินการปฏิบัติตามนโยบาย", "Compliance not evaluated yet"),
    "count": Label("จำนวน", "Count"),
    "open_before": Label("ยังไม่แก้ไขเมื่อสิ้นรอบก่อน", "Unresolved at the end of the last period"),
    "open_now": Label("ยังไม่แก้ไขในรอบนี้", "Unresolved now"),
    "decisions": Label("เรื่องที่ต้องตัดสินใจ", "Decisions required"),
    "decisions_intro": Label(
        "แต่ละเรื่องระบุสิ่งที่ต้องตัดสินใจ กำหนดเวลา และผู้มีอำนาจตัดสินใจ ตามข้อมูลในระบบ ณ วันที่รายงาน",
        "Each item names what must be decided, by when and by whom, as the records stood on the report's date"),
    "no_decisions": Label("ไม่มีเรื่องที่รอการตัดสินใจ", "Nothing waits for a decision"),
    "decision": Label("เรื่อง", "Decision"),
    "decider": Label("ผู้ตัดสินใจ", "Who decides"),
    "deadline": Label("กำหนด", "Deadline"),
    "no_deadline": Label("ไม่มีกำหนดตามขั้นตอน", "No deadline in the procedure"),
    "immediately": Label("ดำเนินการทันที", "Now"),
    "has_left": Label("พ้นสภาพแล้ว", "has left"),
    "unassigned": Label("ยังไม่ได้กำหนดผู้รับผิดชอบ", "Nobody assigned"),
    "for_information": Label("เรื่องที่เสนอเพื่อทราบ", "For information"),
    "late": Label("เกินกำหนด", "late"),
    "days": Label("วัน", "days"),
    "operations": Label("การดำเนินงานตามขั้นตอนอื่น", "The other procedures"),
    "linkages": Label("การเชื่อมโยงข้อมูลกับหน่วยงานภายนอก (สงพท.-08)", "Data linkages with external agencies"),
    "linkage": Label("การเชื่อมโยง", "Linkage"),
    "agency": Label("หน่วยงาน", "Agency"),
    "agreement_expires": Label("ข้อตกลงสิ้นสุด", "Agreement ends"),
    "last_exchange": Label("รับส่งข้อมูลล่าสุด", "Last exchange"),
    "since": Label("ตั้งแต่", "Since"),
    "fine": Label("ไม่มีประเด็น", "No findings"),
    "fine_count": Label("เรียบร้อย", "fine"),
    "problem_count": Label("มีประเด็น", "with findings"),
    "no_register": Label("ยังไม่มีทะเบียน", "No register declared"),
    "backups": Label("การสำรองข้อมูลและการทดสอบกู้คืน (สงบข.-04, สงบข.-05)", "Backups and restore tests"),
    "backup_target": Label("รายการที่สำรอง", "Backup target"),
    "part": Label("ประเภท", "Part"),
    "last_verified": Label("ตรวจสอบล่าสุด", "Last verified"),
    "latest_backup": Label("ไฟล์สำรองล่าสุด", "Latest backup"),
    "restore_tests": Label("การทดสอบกู้คืนข้อมูล", "Restore tests"),
    "tested": Label("ทดสอบเมื่อ", "Tested"),
    "tested_file": Label("ไฟล์สำรองที่ทดสอบ", "Backup tested"),
    "result": Label("ผล", "Result"),
    "verified_count": Label("ตรวจสอบแล้ว ผ่าน", "verified"),
    "unverified_count": Label("ยังไม่มีการสำรองที่ตรวจสอบแล้ว", "without a verified backup"),
    "pirs": Label("การประเมินผลหลังการใช้งานระบบ (PIR, สงพท.-03)", "Post-implementation reviews"),
    "go_live": Label("เริ่มใช้งาน", "Went live"),
    "pir_due": Label("กำหนดประเมิน", "Review due"),
    "satisfaction": Label("คะแนนความพึงพอใจ", "Satisfaction"),
    "ea": Label("สถาปัตยกรรมองค์กร (EA, สงพท.-10)", "Enterprise architecture"),
    "ea_state": Label("สถานะสถาปัตยกรรม", "Architecture state"),
    "hosting": Label("ที่ตั้งระบบ", "Hosting"),
    "controls": Label("มาตรการความมั่นคงปลอดภัย", "Security controls"),
    "datasets_held": Label("ชุดข้อมูล", "Datasets"),
    "score_method": Label("วิธีคำนวณคะแนน", "How the scores are computed"),
    "score_method_checks": Label(
        "คะแนน = ร้อยละของน้ำหนักการตรวจสอบที่ผ่าน: การตรวจสอบแต่ละรายการมีน้ำหนักตามความสำคัญ และผ่านหรือไม่ผ่านทั้งรายการ "
        "คะแนนภาพรวมและรายมิติรวมน้ำหนักของทุกชุดข้อมูล",
        "Score = the share of the checks' weight that passed: each check weighs by its importance and passes or fails "
        "whole; the overall and per-dimension scores pool the weights of every dataset"),
    "score_method_rows": Label(
        "ร้อยละของแถวที่ผ่าน = 100 × (1 − แถวที่ไม่ผ่านรวม ÷ แถวที่ตรวจรวม) นับเฉพาะการตรวจสอบที่ตรวจทีละแถว "
        "(การตรวจสอบทั้งตาราง เช่น จำนวนแถว ไม่นับ)",
        "Rows passed = 100 × (1 − failing rows ÷ rows checked), over the checks that test row by row "
        "(checks of the whole table, such as its row count, are left out)"),
    "score_method_target": Label("เส้นเป้าหมาย 95% ในแผนภูมิใช้กับคะแนนการตรวจสอบ ไม่ใช่ร้อยละของแถวที่ผ่าน",
                                 "The 95% target line applies to the check score, not to the share of rows"),
    "score_method_compliance": Label(
        "คะแนนการปฏิบัติตามนโยบาย = ร้อยละของผลการประเมินที่เป็นไปตามนโยบาย (เป็นไปตามบางส่วนนับครึ่ง ยังไม่ได้ประเมินไม่นับ) "
        "เส้นเป้าหมาย 90% ใช้กับคะแนนนี้",
        "Compliance score = the share of assessed outcomes that comply (partly compliant counts half, not assessed "
        "is left out); the 90% target line applies to it"),
    "score_checks": Label("คะแนน (ร้อยละของการตรวจสอบ)", "Score (% of checks)"),
    "rows_passed": Label("ร้อยละของแถวที่ผ่าน", "% of rows passed"),
    "of_checks": Label("ของการตรวจสอบ", "of checks"),
    "of_rows": Label("ของแถว", "of rows"),
    "check_id": Label("รหัสการตรวจสอบ", "Check id"),
    "system": Label("ระบบงาน", "System"),
    "findings_col": Label("ประเด็นที่พบ", "Findings"),
}
