"""Bilingual labels (ไทย · English) for everything the reports show a person.

One table per vocabulary; the codes are the ones the declarations and the store use.
An unknown code is shown as itself rather than hidden, so a new value is visible at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Label(NamedTuple):
    th: str
    en: str

    @property
    def both(self) -> str:
        """'ไทย · English', the form every heading and badge uses."""
        return f"{self.th} · {self.en}" if self.th != self.en else self.th


def label(table: Mapping[str, Label], code: object) -> Label:
    """The label of a code, or the code itself when the table does not know it."""
    key = "" if code is None else str(code)
    return table.get(key) or Label(key, key)


# ชุดข้อมูลตามประเภท (สงพท.-11 ข้อ 1): the lists the committee approves.
KINDS: dict[str, Label] = {
    "master": Label("ข้อมูลหลัก", "Master data"),
    "reference": Label("ข้อมูลอ้างอิง", "Reference data"),
    "transactional": Label("ข้อมูลธุรกรรม", "Transactional data"),
    "warehouse": Label("คลังข้อมูล", "Data warehouse"),
}

# ชั้นความลับ, lowest to highest.
CLASSIFICATIONS: dict[str, Label] = {
    "public": Label("เปิดเผย", "Public"),
    "internal": Label("ใช้ภายใน", "Internal"),
    "confidential": Label("ลับ", "Confidential"),
    "secret": Label("ลับมาก", "Secret"),
    "top_secret": Label("ลับที่สุด", "Top secret"),
}

SEVERITIES: dict[str, Label] = {
    "high": Label("สูง", "High"),
    "medium": Label("ปานกลาง", "Medium"),
    "low": Label("ต่ำ", "Low"),
}
SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1}

GAPS: dict[str, Label] = {
    "no_business_owner": Label("ไม่มีเจ้าของข้อมูลด้านธุรกิจ", "No business owner"),
    "no_digital_owner": Label("ไม่มีเจ้าของข้อมูลด้านดิจิทัล", "No digital owner"),
    "undocumented_column": Label("คอลัมน์ไม่มีคำอธิบาย", "Undocumented column"),
    "pii_in_public": Label("ข้อมูลส่วนบุคคลในชุดข้อมูลเปิดเผย", "Personal data in a public dataset"),
    "undeclared_pii": Label("พบข้อมูลส่วนบุคคลที่ไม่ได้ประกาศ", "Undeclared personal data"),
    "past_retention": Label("เกินระยะเวลาการเก็บรักษา", "Past its retention period"),
    "gd_catalog_missing": Label("คำอธิบายข้อมูล GD Catalog ไม่ครบ", "GD Catalog metadata incomplete"),
    "undeclared_dataset": Label("ชุดข้อมูลที่ไม่ได้ประกาศ", "Undeclared dataset"),
    "missing_in_source": Label("ไม่พบชุดข้อมูลในแหล่งข้อมูล", "Missing in its source"),
    "undeclared_sensitive_data": Label("พบข้อมูลส่วนบุคคลที่มีความอ่อนไหวที่ไม่ได้ประกาศ (มาตรา 26)",
                                       "Undeclared sensitive personal data (PDPA s.26)"),
    "sensitive_data_basis": Label("ข้อมูลอ่อนไหวไม่มีฐานทางกฎหมายตามมาตรา 26",
                                  "Sensitive personal data without a section 26 lawful basis"),
}

DRIFT: dict[str, Label] = {
    "column_added": Label("เพิ่มคอลัมน์", "Column added"),
    "column_removed": Label("ลบคอลัมน์", "Column removed"),
    "column_retyped": Label("เปลี่ยนชนิดคอลัมน์", "Column type changed"),
    "row_count_jump": Label("จำนวนแถวเปลี่ยนผิดปกติ", "Row count jump"),
    "dataset_added": Label("พบชุดข้อมูลใหม่", "Dataset added"),
    "dataset_missing": Label("ชุดข้อมูลหายไป", "Dataset missing"),
}

PII_CATEGORIES: dict[str, Label] = {
    "national_id": Label("เลขประจำตัวประชาชน", "National ID"),
    "phone": Label("หมายเลขโทรศัพท์", "Phone number"),
    "email": Label("อีเมล", "E-mail"),
    "bank_account": Label("เลขบัญชีธนาคาร", "Bank account"),
    "person_name": Label("ชื่อ-นามสกุล", "Person name"),
    "address": Label("ที่อยู่", "Address"),
    "race": Label("เชื้อชาติ เผ่าพันธุ์", "Race or ethnicity"),
    "religion": Label("ความเชื่อในลัทธิ ศาสนาหรือปรัชญา", "Religion or belief"),
    "health": Label("ข้อมูลสุขภาพ", "Health data"),
    "disability": Label("ความพิการ", "Disability"),
    "criminal_record": Label("ประวัติอาชญากรรม", "Criminal record"),
    "biometric": Label("ข้อมูลชีวภาพ", "Biometric data"),
    "genetic": Label("ข้อมูลพันธุกรรม", "Genetic data"),
    "political_opinion": Label("ความคิดเห็นทางการเมือง", "Political opinion"),
    "trade_union": Label("ข้อมูลสหภาพแรงงาน", "Trade-union membership"),
    "sexual_behaviour": Label("พฤติกรรมทางเพศ", "Sexual behaviour"),
    "date_of_birth": Label("วันเกิด", "Date of birth"),
    "tax_id": Label("เลขประจำตัวผู้เสียภาษี", "Tax ID"),
}

# ฐานทางกฎหมาย, PDPA (พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562) มาตรา 24 / 26.
LAWFUL_BASES: dict[str, Label] = {
    "consent": Label("ความยินยอม", "Consent"),
    "contract": Label("การปฏิบัติตามสัญญา", "Contract"),
    "legal_obligation": Label("หน้าที่ตามกฎหมาย", "Legal obligation"),
    "vital_interest": Label("ป้องกันอันตรายต่อชีวิต", "Vital interest"),
    "public_task": Label("ภารกิจเพื่อประโยชน์สาธารณะ", "Public task"),
    "legitimate_interest": Label("ประโยชน์โดยชอบด้วยกฎหมาย", "Legitimate interest"),
    "archives_research": Label("จดหมายเหตุ วิจัย หรือสถิติ", "Archives, research or statistics"),
}

LIFECYCLE_STAGES: dict[str, Label] = {
    "planned": Label("วางแผน", "Planned"),
    "created": Label("สร้างข้อมูล", "Created"),
    "active": Label("ใช้งาน", "Active"),
    "archived": Label("จัดเก็บถาวร", "Archived"),
    "retired": Label("เลิกใช้งาน", "Retired"),
    "destroyed": Label("ทำลายแล้ว", "Destroyed"),
}

FREQUENCIES: dict[str, Label] = {
    "realtime": Label("ทันที", "Real time"),
    "hourly": Label("รายชั่วโมง", "Hourly"),
    "daily": Label("รายวัน", "Daily"),
    "weekly": Label("รายสัปดาห์", "Weekly"),
    "monthly": Label("รายเดือน", "Monthly"),
    "quarterly": Label("รายไตรมาส", "Quarterly"),
    "yearly": Label("รายปี", "Yearly"),
    "on_change": Label("เมื่อมีการเปลี่ยนแปลง", "On change"),
    "never": Label("ไม่มีการปรับปรุง", "Never"),
}

ROLES: dict[str, Label] = {
    "business_owner": Label("เจ้าของข้อมูลด้านธุรกิจ", "Business owner"),
    "digital_owner": Label("เจ้าของข้อมูลด้านดิจิทัล", "Digital owner"),
    "steward": Label("ผู้ดูแลข้อมูล", "Data steward"),
}

# คำอธิบายชุดข้อมูลขั้นต่ำ 14 รายการ of the Government Data Catalog (GD Catalog, สพร.),
# keyed as data.go.th's CKAN schema names them.
GD_CATALOG_FIELDS: dict[str, Label] = {
    "data_type": Label("ประเภทชุดข้อมูล", "Data type"),
    "title": Label("ชื่อชุดข้อมูล", "Title"),
    "owner_org": Label("หน่วยงานเจ้าของข้อมูล", "Owner organisation"),
    "maintainer": Label("ชื่อผู้ติดต่อ", "Contact name"),
    "maintainer_email": Label("อีเมลผู้ติดต่อ", "Contact e-mail"),
    "notes": Label("รายละเอียด", "Description"),
    "tags": Label("คำสำคัญ", "Keywords"),
    "objective": Label("วัตถุประสงค์", "Objective"),
    "update_frequency_unit": Label("หน่วยความถี่ในการปรับปรุงข้อมูล", "Update frequency unit"),
    "geo_coverage": Label("ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", "Geographic coverage"),
    "data_source": Label("แหล่งที่มา", "Data source"),
    "data_format": Label("รูปแบบการเก็บข้อมูล", "Data format"),
    "data_category": Label("หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูล", "Data category"),
    "license_id": Label("สัญญาอนุญาต", "Licence"),
}

# Words of the pages themselves.
UI: dict[str, Label] = {
    "catalogue": Label("แคตตาล็อกข้อมูล", "Data catalogue"),
    "generated": Label("สร้างเมื่อ", "Generated"),
    "snapshot": Label("ภาพรวมข้อมูลครั้งที่", "Snapshot"),
    "no_snapshot": Label("ยังไม่มีการเก็บข้อมูลจากแหล่งข้อมูล", "Nothing harvested yet"),
    "datasets": Label("ชุดข้อมูล", "Datasets"),
    "open_gaps": Label("ช่องว่างด้านธรรมาภิบาลที่ยังเปิดอยู่", "Open governance gaps"),
    "search": Label("ค้นหา", "Search"),
    "search_hint": Label("ชื่อ คำอธิบาย คอลัมน์ เจ้าของ แท็ก คำศัพท์", "name, description, column, owner, tag, term"),
    "kind": Label("ประเภท", "Kind"),
    "all": Label("ทั้งหมด", "All"),
    "classification": Label("ชั้นความลับ", "Classification"),
    "name": Label("ชื่อ", "Name"),
    "title": Label("ชื่อชุดข้อมูล", "Title"),
    "rows": Label("จำนวนแถว", "Rows"),
    "pii": Label("ข้อมูลส่วนบุคคล", "Personal data"),
    "gaps": Label("ช่องว่าง", "Gaps"),
    "shown": Label("แสดง", "Shown"),
    "no_match": Label("ไม่พบชุดข้อมูลที่ตรงกับการค้นหา", "No dataset matches the search"),
    "undeclared": Label("ชุดข้อมูลที่พบแต่ไม่ได้ประกาศ", "Found in sources but not declared"),
    "none_undeclared": Label("ไม่มี", "None"),
    "source": Label("แหล่งข้อมูล", "Source"),
    "source_system": Label("ระบบงานต้นทาง", "Source system"),
    "object": Label("ตำแหน่งข้อมูล", "Object"),
    "update_frequency": Label("ความถี่ในการปรับปรุง", "Update frequency"),
    "tags": Label("แท็ก", "Tags"),
    "back": Label("กลับสู่แคตตาล็อก", "Back to the catalogue"),
    "overview": Label("ข้อมูลทั่วไป", "Overview"),
    "responsibility": Label("ผู้รับผิดชอบ", "Responsibility"),
    "not_assigned": Label("ยังไม่ได้กำหนด", "Not assigned"),
    "unit": Label("หน่วยงาน", "Unit"),
    "email": Label("อีเมล", "E-mail"),
    "security": Label("ชั้นความลับและข้อมูลส่วนบุคคล (PDPA)", "Classification and personal data (PDPA)"),
    "contains_pii": Label("มีข้อมูลส่วนบุคคล", "Contains personal data"),
    "pii_categories": Label("ประเภทข้อมูลส่วนบุคคล", "Personal-data categories"),
    "lawful_basis": Label("ฐานทางกฎหมาย", "Lawful basis"),
    "yes": Label("มี", "Yes"),
    "no": Label("ไม่มี", "No"),
    "lifecycle": Label("วงจรชีวิตข้อมูล", "Data lifecycle"),
    "created_on": Label("วันที่สร้างข้อมูล", "Created"),
    "stage": Label("สถานะปัจจุบัน", "Current stage"),
    "retention": Label("ระยะเวลาการเก็บรักษา", "Retention"),
    "retain_until": Label("เก็บรักษาถึง", "Retain until"),
    "destroy_method": Label("วิธีการทำลาย", "Destruction method"),
    "columns": Label("คอลัมน์และโปรไฟล์ข้อมูล", "Columns and profile"),
    "column": Label("คอลัมน์", "Column"),
    "type": Label("ชนิด", "Type"),
    "description": Label("คำอธิบาย", "Description"),
    "nulls": Label("ค่าว่าง", "Nulls"),
    "distinct": Label("ค่าไม่ซ้ำ", "Distinct"),
    "pii_detected": Label("ตรวจพบข้อมูลส่วนบุคคล", "PII detected"),
    "pii_declared": Label("ประกาศว่าเป็นข้อมูลส่วนบุคคล", "PII declared"),
    "undocumented": Label("ไม่มีคำอธิบาย", "Undocumented"),
    "undeclared_pii": Label("ไม่ได้ประกาศ", "Not declared"),
    "declared": Label("ประกาศแล้ว", "Declared"),
    "no_columns": Label("ยังไม่มีข้อมูลคอลัมน์", "No columns harvested yet"),
    "drift": Label("การเปลี่ยนแปลงตั้งแต่ภาพรวมครั้งก่อน", "Drift since the last snapshot"),
    "no_drift": Label("ไม่มีการเปลี่ยนแปลง", "No changes"),
    "change": Label("การเปลี่ยนแปลง", "Change"),
    "detail": Label("รายละเอียด", "Detail"),
    "governance_gaps": Label("ช่องว่างด้านธรรมาภิบาลข้อมูล", "Governance gaps"),
    "no_gaps": Label("ไม่พบช่องว่าง", "No gaps found"),
    "severity": Label("ระดับ", "Severity"),
    "issue": Label("ประเด็น", "Issue"),
    "gd_catalog": Label("คำอธิบายข้อมูลตาม GD Catalog", "Government Data Catalog metadata"),
    "field": Label("รายการ", "Field"),
    "value": Label("ค่า", "Value"),
    "missing": Label("ยังไม่มี", "Missing"),
    "complete": Label("ครบ", "complete"),
    "not_harvested": Label("ยังไม่ได้เก็บข้อมูล", "Not harvested"),
    "glossary": Label("อภิธานศัพท์", "Business glossary"),
    "glossary_terms": Label("คำศัพท์ที่อธิบายชุดข้อมูลนี้", "Glossary terms of this dataset"),
    "term": Label("คำศัพท์", "Term"),
    "definition": Label("นิยาม", "Definition"),
    "linked_data": Label("ชุดข้อมูลและคอลัมน์ที่เกี่ยวข้อง", "Datasets and columns"),
    "see_also": Label("ดูเพิ่มเติม", "See also"),
    "approved_on": Label("อนุมัติเมื่อ", "Approved on"),
    "changed_since_approval": Label("แก้ไขหลังอนุมัติ รอคณะกรรมการอนุมัติอีกครั้ง",
                                    "Changed since its approval: awaits the committee again"),
    "no_terms": Label("ยังไม่มีคำศัพท์ในอภิธานศัพท์ที่อธิบายชุดข้อมูลนี้", "No glossary term describes this dataset yet"),
    "terms_found": Label("คำศัพท์ที่ตรงกับการค้นหา", "Glossary terms matching the search"),
}

# อภิธานศัพท์ (สงพท.-11 step 1): a term is a draft until the committee approves it.
GLOSSARY_STATUSES: dict[str, Label] = {
    "draft": Label("ร่าง (รอคณะกรรมการอนุมัติ)", "Draft (awaiting the committee)"),
    "approved": Label("คณะกรรมการอนุมัติแล้ว", "Approved by the committee"),
}

# สงพท.-08: the linkage register's vocabulary.
LINKAGE_STATUSES: dict[str, Label] = {
    "requested": Label("ยื่นคำขอ", "Requested"),
    "technical_review": Label("วิเคราะห์ด้านเทคนิค", "Technical review"),
    "legal_review": Label("วิเคราะห์ข้อมูลและกฎหมาย", "Legal review"),
    "awaiting_decision": Label("รอ ผอก. พิจารณา", "Awaiting the Director's decision"),
    "approved": Label("อนุมัติและขึ้นทะเบียน", "Approved (registered)"),
    "returned": Label("ส่งกลับทบทวน", "Returned for review"),
    "rejected": Label("ไม่อนุมัติ", "Rejected"),
    "suspended": Label("ระงับชั่วคราว", "Suspended"),
    "terminated": Label("ยกเลิกการเชื่อมโยง", "Terminated"),
}

DIRECTIONS: dict[str, Label] = {
    "inbound": Label("รับเข้า", "Inbound"),
    "outbound": Label("ส่งออก", "Outbound"),
    "both": Label("รับและส่ง", "Both ways"),
}

LINKAGE_METHODS: dict[str, Label] = {
    "api": Label("เชื่อมต่อผ่าน API", "API"),
    "sftp": Label("รับส่งไฟล์ผ่าน SFTP", "SFTP"),
    "file": Label("ส่งไฟล์", "File"),
    "database": Label("เชื่อมฐานข้อมูล", "Database link"),
}

LINKAGE_FINDINGS: dict[str, Label] = {
    "agreement_expiring": Label("ข้อตกลงใกล้หมดอายุ", "Agreement expiring"),
    "agreement_expired": Label("ข้อตกลงหมดอายุแต่ยังเชื่อมโยงอยู่", "Agreement expired, still active"),
    "exchange_without_approval": Label("มีการรับส่งข้อมูลโดยไม่ได้รับอนุมัติ", "Data exchanged without approval"),
    "exceeds_legal_basis": Label("ชั้นความลับหรือข้อมูลส่วนบุคคลเกินกว่าฐานทางกฎหมาย",
                                 "Beyond what the legal basis allows"),
    "step_overdue": Label("ขั้นตอนเกินกำหนดเวลา", "Step overdue"),
    "stale_exchange": Label("ไม่มีการรับส่งข้อมูลตามความถี่ที่กำหนด", "Stale exchange"),
    "register_outdated": Label("ทะเบียนไม่เป็นปัจจุบัน", "Register behind the recorded steps"),
}

# สงพท.-10: the EA inventory's vocabulary.
EA_STATES: dict[str, Label] = {
    "as_is": Label("ปัจจุบัน (As-Is)", "As-Is"),
    "to_be": Label("เป้าหมาย (To-Be)", "To-Be"),
    "retiring": Label("กำลังยกเลิก", "Retiring"),
    "retired": Label("ยกเลิกแล้ว", "Retired"),
}

# สงพท.-10 the EA process: its steps (control points in khlang.ea.process.STEPS), a version's status, a step's
# state, what each record is, the working group's roles, why a system's cost is out of line.
EA_STEPS: dict[str, Label] = {
    "working_group": Label("แต่งตั้งคณะทำงาน DT", "Appoint the DT working group"),
    "plan": Label("จัดทำแผนการดำเนินงาน", "Plan the activities"),
    "current_state": Label("รวบรวมข้อมูลสถานะปัจจุบันและสำรวจการใช้เทคโนโลยี",
                           "Gather the current state and survey technology use"),
    "draft": Label("จัดทำร่างสถาปัตยกรรมองค์กรเสนอ ผอก.", "Draft the EA and submit it to the Director"),
    "endorsement": Label("ผอก. ให้ความเห็นชอบ", "The Director's endorsement"),
    "committee_informed": Label("แจ้งคณะกรรมการ KM นวัตกรรม และเทคโนโลยีทราบ",
                                "Inform the KM, innovation and technology committee"),
    "guideline": Label("กำหนดแนวทางการนำ EA ไปใช้ทุกหน่วยงาน", "Record the adoption guideline for all units"),
    "value_assessment": Label("ประเมินคุณค่าของเทคโนโลยี", "Assess the value of technology"),
    "perception_survey": Label("สำรวจการรับรู้ของผู้มีส่วนได้ส่วนเสีย", "Survey the stakeholders' perception"),
    "feedback": Label("นำผลไปปรับปรุงการทบทวนครั้งถัดไป", "Feed the results into the next review"),
}
EA_VERSION_STATUSES: dict[str, Label] = {
    "opened": Label("เริ่มการทบทวน", "Opened"),
    "group_appointed": Label("แต่งตั้งคณะทำงานแล้ว", "Working group appointed"),
    "planned": Label("มีแผนการดำเนินงานแล้ว", "Planned"),
    "gathered": Label("รวบรวมข้อมูลปัจจุบันแล้ว", "Current state gathered"),
    "submitted": Label("เสนอ ผอก. พิจารณา", "With the Director"),
    "returned": Label("ผอก. ส่งกลับให้ปรับปรุง", "Returned by the Director for revision"),
    "endorsed": Label("ผอก. เห็นชอบแล้ว", "Endorsed by the Director"),
    "informed": Label("แจ้งคณะกรรมการแล้ว", "Committee informed"),
    "adopted": Label("ประกาศแนวทางการนำไปใช้แล้ว", "Adoption guideline issued"),
    "assessed": Label("ประเมินคุณค่าเทคโนโลยีแล้ว", "Technology value assessed"),
    "surveyed": Label("สำรวจการรับรู้แล้ว", "Perception surveyed"),
    "fed_back": Label("นำผลไปใช้ในรอบถัดไปแล้ว", "Fed back into the next version"),
}
EA_STEP_STATES: dict[str, Label] = {
    "done": Label("ดำเนินการแล้ว", "Done"),
    "due": Label("อยู่ระหว่างดำเนินการ", "In progress"),
    "overdue": Label("เกินกำหนด", "Overdue"),
    "returned": Label("ส่งกลับให้ปรับปรุง", "Returned for revision"),
    "waiting": Label("รอขั้นตอนก่อนหน้า", "Waiting for the previous step"),
}
EA_RECORD_KINDS: dict[str, Label] = {
    "working_group": Label("คำสั่งแต่งตั้งคณะทำงาน", "Working group's appointment order"),
    "plan": Label("แผนการดำเนินงาน", "Plan of activities"),
    "carried": Label("ประเด็นจากการทบทวนครั้งก่อน", "Items carried from the previous version"),
    "snapshot": Label("ข้อมูลสถานะปัจจุบัน (ภาพ ณ วันที่)", "Current-state snapshot"),
    "tech_survey": Label("ผลสำรวจการใช้เทคโนโลยีของบุคลากร", "Staff technology-use survey"),
    "submitted": Label("เสนอร่างต่อ ผอก.", "Draft submitted to the Director"),
    "returned": Label("ผอก. ส่งกลับพร้อมความเห็น", "Returned by the Director with comments"),
    "endorsed": Label("ผอก. เห็นชอบ", "Endorsed by the Director"),
    "informed": Label("แจ้งคณะกรรมการ", "Committee informed"),
    "guideline": Label("แนวทางการนำไปใช้", "Adoption guideline"),
    "value_score": Label("คะแนนคุณค่าทางธุรกิจ", "Business value score"),
    "value_assessed": Label("ผลการประเมินคุณค่าเทคโนโลยี", "Technology value assessment"),
    "perception_opened": Label("เปิดแบบสำรวจการรับรู้", "Perception survey opened"),
    "perception_response": Label("คำตอบแบบสำรวจการรับรู้", "Perception survey answer"),
    "perception_import": Label("นำเข้าคำตอบแบบสำรวจ (CSV)", "Perception answers imported (CSV)"),
    "perception_closed": Label("ปิดและสรุปผลแบบสำรวจการรับรู้", "Perception survey closed and scored"),
    "feedback": Label("ข้อเสนอสำหรับการทบทวนครั้งถัดไป", "Feed-back into the next version"),
}
EA_WG_ROLES: dict[str, Label] = {
    "chair": Label("ประธานคณะทำงาน", "Chair"),
    "secretary": Label("เลขานุการคณะทำงาน", "Secretary"),
    "member": Label("คณะทำงาน", "Member"),
}
EA_VALUE_FLAGS: dict[str, Label] = {
    "not_used": Label("มีค่าใช้จ่ายแต่ไม่มีการใช้งาน", "Costs money, used by nobody"),
    "cost_per_use_high": Label("ค่าใช้จ่ายต่อการใช้งานสูงเกินสามเท่าของค่ากลาง", "Cost per use over three times the median"),
    "low_value_high_cost": Label("คุณค่าต่ำแต่ค่าใช้จ่ายสูง", "Low value at a high cost"),
}

EA_FINDINGS: dict[str, Label] = {
    "unknown_system": Label("ชุดข้อมูลอ้างถึงระบบงานที่ไม่มีในทะเบียน", "Dataset names an unknown system"),
    "no_system": Label("ชุดข้อมูลไม่ระบุระบบงาน", "Dataset without a system"),
    "system_mismatch": Label("ระบบงานของชุดข้อมูลไม่ตรงกับทะเบียนระบบ", "Dataset's system disagrees with the inventory"),
    "secret_without_controls": Label("ระบบที่เก็บข้อมูลลับมากขาดมาตรการควบคุม",
                                     "Secret data without the required controls"),
    "to_be_without_project": Label("ระบบเป้าหมายไม่มีโครงการรองรับ", "To-Be system without a project"),
    "element_without_project": Label("องค์ประกอบเป้าหมายไม่มีโครงการรองรับ", "To-Be element without a project"),
    "target_date_passed": Label("เลยวันเป้าหมายแล้วแต่ยังไม่แล้วเสร็จ", "To-Be target date passed"),
    "retiring_holds_master": Label("ระบบที่กำลังยกเลิกยังเก็บข้อมูลหลัก", "Retiring system still holds master data"),
    "support_ended": Label("เครื่องแม่ข่ายหมดระยะการสนับสนุนจากผู้ผลิต", "Server past its support end date"),
    "control_contradicted": Label("มาตรการที่ประกาศขัดกับผลการตรวจความมั่นคงปลอดภัย",
                                  "Declared control contradicted by the security check"),
}

SECURITY_CONTROLS: dict[str, Label] = {
    "encryption_at_rest": Label("เข้ารหัสข้อมูลที่จัดเก็บ", "Encryption at rest"),
    "encryption_in_transit": Label("เข้ารหัสข้อมูลระหว่างรับส่ง", "Encryption in transit"),
    "mfa": Label("ยืนยันตัวตนหลายปัจจัย", "Multi-factor authentication"),
    "access_review": Label("ทบทวนสิทธิ์การเข้าถึง", "Access review"),
    "audit_log": Label("บันทึกการเข้าถึง", "Audit log"),
    "backup": Label("สำรองข้อมูล", "Backup"),
    "dr_site": Label("ศูนย์สำรอง", "DR site"),
    "waf": Label("ไฟร์วอลล์เว็บแอปพลิเคชัน", "Web application firewall"),
    "antivirus": Label("ป้องกันไวรัส", "Antivirus"),
    "network_segmentation": Label("แบ่งส่วนเครือข่าย", "Network segmentation"),
    "data_masking": Label("ปกปิดข้อมูล", "Data masking"),
    "vulnerability_scan": Label("ตรวจหาช่องโหว่", "Vulnerability scan"),
}

HOSTINGS: dict[str, Label] = {
    "on_premise": Label("ติดตั้งภายในองค์การ", "On premises"),
    "vm": Label("เครื่องเสมือน", "Virtual machine"),
    "cloud": Label("คลาวด์", "Cloud"),
    "government_cloud": Label("คลาวด์กลางภาครัฐ (GDCC)", "Government cloud"),
    "saas": Label("บริการซอฟต์แวร์ (SaaS)", "SaaS"),
    "dr_site": Label("ศูนย์สำรอง", "DR site"),
}

LINEAGE_NODES: dict[str, Label] = {
    "system": Label("ระบบงาน", "System"),
    "dataset": Label("ชุดข้อมูล", "Dataset"),
    "report": Label("รายงาน", "Report"),
    "agency": Label("หน่วยงานภายนอก", "External agency"),
}

UI.update({
    "linkage_register": Label("ทะเบียนการเชื่อมโยงข้อมูลกับหน่วยงานภายนอก",
                              "Register of data linkages with external agencies"),
    "as_of": Label("ข้อมูล ณ วันที่", "As of"),
    "linkages": Label("การเชื่อมโยง", "Linkages"),
    "agency": Label("หน่วยงาน", "Agency"),
    "by_status": Label("จำแนกตามสถานะ", "By status"),
    "by_agency": Label("จำแนกตามหน่วยงาน", "By agency"),
    "status": Label("สถานะ", "Status"),
    "direction": Label("ทิศทาง", "Direction"),
    "method": Label("วิธีการ", "Method"),
    "frequency": Label("ความถี่", "Frequency"),
    "legal_basis": Label("ฐานทางกฎหมาย", "Legal basis"),
    "requested_on": Label("วันที่ยื่นคำขอ", "Requested"),
    "decided_on": Label("วันที่ ผอก. พิจารณา", "Decided"),
    "expires_on": Label("ข้อตกลงสิ้นสุด", "Agreement expires"),
    "last_exchange": Label("รับส่งข้อมูลล่าสุด", "Last exchange"),
    "purpose": Label("วัตถุประสงค์", "Purpose"),
    "findings": Label("ประเด็นที่ต้องดำเนินการ", "Findings"),
    "no_findings": Label("ไม่พบประเด็น", "No findings"),
    "history": Label("ประวัติการดำเนินการ", "History"),
    "by": Label("ผู้ดำเนินการ", "By"),
    "note": Label("หมายเหตุ", "Note"),
    "recorded_in": Label("บันทึกใน", "Recorded in"),
    "analyses": Label("ผลการวิเคราะห์", "Analyses"),
    "technical_analysis": Label("การวิเคราะห์ด้านเทคนิค", "Technical analysis"),
    "legal_analysis": Label("การวิเคราะห์ด้านข้อมูลและกฎหมาย", "Legal analysis"),
    "systems": Label("ระบบงาน", "Systems"),
    "system": Label("ระบบงาน", "System"),
    "capability": Label("ขีดความสามารถทางธุรกิจ", "Business capability"),
    "owning_unit": Label("หน่วยงานเจ้าของระบบ", "Owning unit"),
    "technology": Label("เทคโนโลยี", "Technology"),
    "database": Label("ฐานข้อมูล", "Database"),
    "hosting": Label("ที่ตั้งระบบ", "Hosting"),
    "security_controls": Label("มาตรการรักษาความมั่นคงปลอดภัย", "Security controls"),
    "go_live": Label("วันที่เริ่มใช้งาน", "Go-live"),
    "ea_state": Label("สถานะสถาปัตยกรรม", "Architecture state"),
    "project": Label("โครงการ", "Project"),
    "target_date": Label("กำหนดแล้วเสร็จ", "Target date"),
    "held_datasets": Label("ชุดข้อมูลที่จัดเก็บ", "Datasets held"),
    "no_datasets": Label("ไม่มีชุดข้อมูลในแคตตาล็อก", "No catalogued datasets"),
    "lineage": Label("เส้นทางข้อมูล", "Lineage"),
    "upstream": Label("ต้นทาง", "Upstream"),
    "downstream": Label("ปลายทาง", "Downstream"),
    "no_lineage": Label("ยังไม่ได้ประกาศเส้นทางข้อมูล", "No lineage declared"),
    "none": Label("ไม่มี", "None"),
    "language": Label("ภาษาโปรแกรม", "Programming language"),
})

FREQUENCIES.update({
    "half_yearly": Label("รายครึ่งปี", "Half-yearly"),
    "on_demand": Label("เมื่อร้องขอ", "On demand"),
    "none": Label("ไม่มีการปรับปรุง", "Not updated"),
})


# --- Catalogue site: quality, issues and reports on the site's pages (issue 10) ------------------------------
# Check kinds and types are the codes of khlang.quality (EXPECTATIONS, CONSISTENCY_TYPES, SECURITY_RULES and the
# source_readable check); tests/test_site.py checks every registered one has a label here.

CHECK_KINDS: dict[str, Label] = {
    "expectation": Label("กฎคุณภาพข้อมูล", "Expectation"),
    "consistency": Label("ความสอดคล้องระหว่างชุดข้อมูล", "Consistency check"),
    "security": Label("ความมั่นคงปลอดภัยและ PDPA", "Security check"),
}

CHECK_TYPES: dict[str, Label] = {
    "source_readable": Label("อ่านข้อมูลจากแหล่งข้อมูลได้", "Source can be read"),
    "expect_column_values_to_not_be_null": Label("ค่าต้องไม่ว่าง", "Values are not null"),
    "expect_column_values_to_be_unique": Label("ค่าต้องไม่ซ้ำ", "Values are unique"),
    "expect_compound_columns_to_be_unique": Label("ค่าหลายคอลัมน์รวมกันต้องไม่ซ้ำ", "Column combination is unique"),
    "expect_column_values_to_be_in_set": Label("ค่าต้องอยู่ในรายการที่กำหนด", "Values are in the allowed set"),
    "expect_column_values_to_not_be_in_set": Label("ค่าต้องไม่อยู่ในรายการต้องห้าม", "Values are not in a banned set"),
    "expect_column_values_to_be_between": Label("ค่าต้องอยู่ในช่วงที่กำหนด", "Values are within range"),
    "expect_column_values_to_match_regex": Label("ค่าต้องตรงตามรูปแบบ", "Values match the pattern"),
    "expect_column_values_to_not_match_regex": Label("ค่าต้องไม่ตรงรูปแบบต้องห้าม",
                                                     "Values do not match a banned pattern"),
    "expect_column_value_lengths_to_equal": Label("ความยาวของค่าต้องตามที่กำหนด", "Value lengths are as declared"),
    "expect_column_values_to_be_valid_thai_national_id": Label("เลขประจำตัวประชาชนต้องถูกต้อง (หลักตรวจสอบ)",
                                                               "Valid Thai national ID (checksum)"),
    "expect_column_max_to_be_between": Label("ค่าสูงสุดต้องอยู่ในช่วงที่กำหนด", "Maximum is within range"),
    "expect_column_min_to_be_between": Label("ค่าต่ำสุดต้องอยู่ในช่วงที่กำหนด", "Minimum is within range"),
    "expect_column_mean_to_be_between": Label("ค่าเฉลี่ยต้องอยู่ในช่วงที่กำหนด", "Mean is within range"),
    "expect_table_row_count_to_be_between": Label("จำนวนแถวต้องอยู่ในช่วงที่กำหนด", "Row count is within range"),
    "expect_table_columns_to_match_set": Label("คอลัมน์ต้องตรงตามที่ประกาศ", "Columns match the declared set"),
    "duplicate_key": Label("รหัสซ้ำ", "Duplicate key"),
    "near_duplicate_names": Label("ชื่อใกล้เคียงกันจนอาจซ้ำ", "Near-duplicate names"),
    "balance_reconciles": Label("ยอดคงเหลือตรงกับการเคลื่อนไหว", "Balances reconcile with movements"),
    "reference_exists": Label("รหัสอ้างอิงต้องมีอยู่จริง", "References exist"),
    "cross_system_match": Label("ข้อมูลตรงกันระหว่างระบบงาน", "Systems agree"),
    "pii_in_public": Label("ข้อมูลส่วนบุคคลออกนอกองค์การ", "Personal data reaches outsiders"),
    "no_owner": Label("ไม่มีเจ้าของข้อมูลหรือเจ้าของพ้นสภาพ", "No owner, or the owner has left"),
    "past_retention": Label("เก็บเกินระยะเวลาการเก็บรักษา", "Kept past its retention"),
    "unencrypted_secret": Label("ข้อมูลลับเก็บในแหล่งที่ไม่เข้ารหัส", "Classified data stored unencrypted"),
    "grant_too_wide": Label("สิทธิ์เข้าถึงเกินชั้นความลับ", "Access wider than the classification allows"),
    "account_left": Label("บัญชีของผู้พ้นสภาพยังมีสิทธิ์", "Access kept by someone who has left"),
    "account_not_reviewed": Label("สิทธิ์เข้าถึงไม่ได้ทบทวนตามกำหนด", "Access not reviewed on time"),
    "grant_without_request": Label("สิทธิ์เข้าถึงไม่มีคำขอ FM-EI-01", "Access without an FM-EI-01 request"),
    "self_approved": Label("อนุมัติหรือทบทวนสิทธิ์ของตนเอง", "Access approved or reviewed by its holder"),
    "transferred": Label("ย้ายหน่วยงานแล้วยังมีสิทธิ์เดิม", "Access kept after a transfer"),
}

# สงพท.-04: the quarterly report of accounts (khlang.accounts.quarterly): its headings and the grantees without a unit.
ACCOUNT_REPORT: dict[str, Label] = {
    "title": Label("รายงานสรุปการเพิ่ม เปลี่ยนแปลง และยกเลิกบัญชีผู้ใช้งาน", "Accounts created, changed and removed"),
    "unit": Label("หน่วยงาน", "Unit"),
    "created": Label("เพิ่มสิทธิ์", "Created"),
    "changed": Label("ทบทวน/เปลี่ยนแปลง", "Reviewed or changed"),
    "removed": Label("ยกเลิกสิทธิ์", "Removed"),
    "in_force": Label("สิทธิ์คงอยู่ ณ สิ้นไตรมาส", "In force at the quarter's end"),
    "on": Label("วันที่", "Date"),
    "dataset": Label("ชุดข้อมูล", "Dataset"),
    "grantee": Label("ผู้ได้รับสิทธิ์", "Grantee"),
    "access": Label("สิทธิ์", "Access"),
    "reference": Label("เลขที่คำขอ FM-EI-01", "FM-EI-01 request"),
    "all_staff": Label("พนักงานทุกคน", "All staff"),
    "public": Label("บุคคลทั่วไป", "The public"),
    "external": Label("หน่วยงานภายนอก", "External parties"),
}

REPORT_KINDS: dict[str, Label] = {
    "committee": Label("รายงานต่อคณะกรรมการธรรมาภิบาลข้อมูล", "Report to the data governance committee"),
    "linkage": Label("ทะเบียนการเชื่อมโยงข้อมูล", "Data linkage register"),
    "backup": Label("รายงานการสำรองและทดสอบกู้คืนข้อมูล", "Backup and restore-test report"),
    "pir": Label("รายงานการทบทวนหลังการใช้งานระบบ (PIR)", "Post-implementation review (PIR) report"),
    "ea": Label("สมุดสถาปัตยกรรมองค์กร (EA)", "Enterprise architecture book"),
}

UI.update({
    "quality": Label("คุณภาพข้อมูล", "Data quality"),
    "quality_score": Label("คะแนนคุณภาพ", "Quality score"),
    "dimension": Label("มิติ", "Dimension"),
    "score": Label("คะแนน", "Score"),
    "checks": Label("จำนวนการตรวจ", "Checks"),
    "checked_at": Label("ตรวจเมื่อ", "Checked"),
    "not_checked": Label("ยังไม่มีผลการตรวจคุณภาพ", "Not checked yet"),
    "failing_checks": Label("การตรวจที่ไม่ผ่าน", "Failing checks"),
    "no_failing_checks": Label("ผ่านการตรวจทุกรายการในการตรวจครั้งล่าสุด", "Every check passed in the last run"),
    "check": Label("การตรวจ", "Check"),
    "failed_rows": Label("ระเบียนที่ไม่ผ่าน", "Failing records"),
    "open_issues": Label("ประเด็นปัญหาที่ยังไม่ปิด", "Open issues"),
    "no_open_issues": Label("ไม่มีประเด็นปัญหาที่ยังเปิดอยู่", "No open issues"),
    "issue_id": Label("เลขที่", "No."),
    "issue_status": Label("สถานะ", "Status"),
    "due": Label("กำหนด", "Due"),
    "overdue": Label("เกินกำหนด", "Overdue"),
    "days": Label("วัน", "days"),
    "last_scan": Label("สำรวจแหล่งข้อมูลล่าสุด", "Last scan"),
    "not_scanned": Label("ยังไม่เคยสำรวจ", "Never scanned"),
    "gaps_none_but": Label("การสำรวจแคตตาล็อกไม่พบรายการในหมวดนี้ แต่ชุดข้อมูลยังมีปัญหาที่ต้องแก้ไข",
                           "The catalogue scan listed nothing here, but the dataset still has problems to fix"),
    "problems": Label("ปัญหาที่ต้องแก้ไข", "Problems to fix"),
    "no_problems": Label("ไม่พบปัญหา: ไม่มีช่องว่าง ไม่มีการตรวจที่ไม่ผ่าน และไม่มีประเด็นที่ยังเปิดอยู่",
                         "No problems: no gaps, no failing checks and no open issues"),
    "unknown_problems": Label("ยังสรุปไม่ได้ เพราะยังไม่มีผลการตรวจคุณภาพ", "Not known yet: not checked yet"),
    "reports": Label("รายงาน", "Reports"),
    "not_produced": Label("ยังไม่ได้จัดทำ", "Not yet produced"),
    "all_gaps": Label("ช่องว่างด้านธรรมาภิบาลทุกรายการ", "Every governance gap"),
    "all_issues": Label("ประเด็นปัญหาที่ยังไม่ปิดทุกรายการ", "Every open issue"),
    "failing_card": Label("การตรวจที่ไม่ผ่าน", "Failing checks"),
})
# บันทึกข้อความ: the memo each procedure's report is sent up in (khlang.report.memo), and its fields.
MEMO_KINDS: dict[str, Label] = {
    "backup": Label("สงบข.-04 รายงานผลการสำรองข้อมูล", "สงบข.-04 Backup report"),
    "restore": Label("สงบข.-05 รายงานผลการทดสอบกู้คืนข้อมูล", "สงบข.-05 Restore-test report"),
    "programs": Label("สงพท.-06 รายงานผลการสำรองโปรแกรม", "สงพท.-06 Program backup report"),
    "linkage": Label("สงพท.-08 รายงานการเชื่อมโยงข้อมูลกับหน่วยงานภายนอก",
                     "สงพท.-08 Report of linkages with external agencies"),
    "pir": Label("สงพท.-03 รายงานผลการประเมินหลังการใช้งานระบบ (PIR)", "สงพท.-03 Post-Implementation Review report"),
    "committee": Label("สงพท.-11 รายงานต่อคณะกรรมการกำกับดูแลข้อมูล", "สงพท.-11 Report to the governance committee"),
}
MEMO: dict[str, Label] = {
    "heading": Label("บันทึกข้อความ", "Memorandum"),
    "unit": Label("ส่วนราชการ", "From"),
    "number": Label("ที่", "No."),
    "date": Label("วันที่", "Date"),
    "subject": Label("เรื่อง", "Subject"),
    "to": Label("เรียน", "To"),
    "to_director": Label("ผู้อำนวยการองค์การคลังสินค้า", "The Director of the Public Warehouse Organization"),
    "form": Label("แบบรายงานตามขั้นตอน", "Procedure form"),
    "period": Label("รอบรายงาน", "Period"),
    "closing": Label("จึงเรียนมาเพื่อโปรดทราบ", "Submitted for your information"),
    "signed": Label("ลงชื่อ", "Signed"),
    "acknowledgement": Label("ความเห็น/ข้อสั่งการของผู้อำนวยการ", "The Director's acknowledgement and instructions"),
    "acknowledged": Label("ทราบ", "Acknowledged"),
    "director": Label("ผู้อำนวยการองค์การคลังสินค้า", "Director, Public Warehouse Organization"),
    "date_blank": Label("วันที่ ........../........../..........", "Date ........../........../.........."),
    "generated": Label("จัดทำจากข้อมูลในระบบ Khlang", "Prepared from Khlang's records"),
    "classification": Label("ใช้ภายใน", "Internal"),
    "none": Label("ไม่มี", "None"),
}

# What each quality check tests, by its type (expectations, consistency types, security rules): a check named
# "<type>:<column or dataset>" reads as this label and its subject.
CHECK_TYPES.update({  # the committee report's labels, beside the catalogue site's: one table
    "expect_column_values_to_not_be_null": Label("ค่าต้องไม่ว่าง", "Values are not empty"),
    "expect_column_values_to_be_unique": Label("ค่าต้องไม่ซ้ำกัน", "Values are unique"),
    "expect_compound_columns_to_be_unique": Label("ค่ารวมหลายคอลัมน์ต้องไม่ซ้ำกัน", "Column combination is unique"),
    "expect_column_values_to_be_in_set": Label("ค่าต้องอยู่ในรายการที่กำหนด", "Values are in the allowed set"),
    "expect_column_values_to_not_be_in_set": Label("ค่าต้องไม่อยู่ในรายการต้องห้าม", "Values are not in the barred set"),
    "expect_column_values_to_be_between": Label("ค่าต้องอยู่ในช่วงที่กำหนด", "Values are within range"),
    "expect_column_values_to_match_regex": Label("ค่าต้องตรงตามรูปแบบ", "Values match the pattern"),
    "expect_column_values_to_not_match_regex": Label("ค่าต้องไม่ตรงกับรูปแบบต้องห้าม",
                                                     "Values do not match the barred pattern"),
    "expect_column_value_lengths_to_equal": Label("ความยาวของค่าต้องเท่ากับที่กำหนด", "Values have the set length"),
    "expect_column_values_to_be_valid_thai_national_id": Label("เลขประจำตัวประชาชนต้องถูกต้องตามหลักตรวจสอบ",
                                                               "Valid Thai national ID (check digit)"),
    "expect_column_max_to_be_between": Label("ค่าสูงสุดต้องอยู่ในช่วงที่กำหนด", "Maximum is within range"),
    "expect_column_min_to_be_between": Label("ค่าต่ำสุดต้องอยู่ในช่วงที่กำหนด", "Minimum is within range"),
    "expect_column_mean_to_be_between": Label("ค่าเฉลี่ยต้องอยู่ในช่วงที่กำหนด", "Mean is within range"),
    "expect_table_row_count_to_be_between": Label("จำนวนแถวต้องอยู่ในช่วงที่กำหนด", "Row count is within range"),
    "expect_table_columns_to_match_set": Label("คอลัมน์ต้องตรงตามที่กำหนด", "Columns are as declared"),
    "reference_exists": Label("รหัสอ้างอิงต้องมีอยู่ในข้อมูลหลักหรือข้อมูลอ้างอิง",
                              "Referenced codes exist in master or reference data"),
    "balance_reconciles": Label("ยอดคงเหลือต้องตรงกับรายการเคลื่อนไหว", "Balances reconcile with movements"),
    "cross_system_match": Label("ข้อมูลต้องตรงกันระหว่างระบบ", "Systems agree"),
    "duplicate_key": Label("รหัสต้องไม่ซ้ำกัน", "No duplicate keys"),
    "near_duplicate_names": Label("ชื่อต้องไม่ซ้ำหรือใกล้เคียงกัน", "No near-duplicate names"),
    "pii_in_public": Label("ข้อมูลส่วนบุคคลในชุดข้อมูลเปิดเผย", "Personal data in a public dataset"),
    "no_owner": Label("ชุดข้อมูลไม่มีเจ้าของ", "Dataset without an owner"),
    "past_retention": Label("เกินระยะเวลาการเก็บรักษา", "Kept past its retention period"),
    "unencrypted_secret": Label("ข้อมูลลับไม่ได้เข้ารหัส", "Secret data not encrypted"),
    "grant_too_wide": Label("สิทธิ์การเข้าถึงกว้างเกินชั้นความลับ", "Access wider than the classification allows"),
    "account_left": Label("ผู้ที่พ้นสภาพแล้วยังมีสิทธิ์เข้าถึง", "Access held by people who have left"),
    "account_not_reviewed": Label("สิทธิ์การเข้าถึงไม่ได้ทบทวนภายในหนึ่งปี", "Access not reviewed within a year"),
    "grant_without_request": Label("สิทธิ์ต้องมีคำขอ FM-EI-01 และผู้อนุมัติ", "Access has an FM-EI-01 request and an approver"),
    "self_approved": Label("ผู้ได้รับสิทธิ์ต้องไม่อนุมัติหรือทบทวนสิทธิ์ของตนเอง", "No one approves or reviews their own access"),
    "transferred": Label("ผู้ย้ายหน่วยงานต้องไม่มีสิทธิ์ของงานเดิม", "No access kept from a former unit"),
})

CHECK_TYPES.update({  # the rest of GX's core types (khlang.quality.expectations_gx)
    "expect_column_values_to_be_null": Label("ค่าต้องว่าง", "Values are null"),
    "expect_column_values_to_be_of_type": Label("ชนิดข้อมูลของคอลัมน์ตรงตามที่กำหนด", "Column is of type"),
    "expect_column_values_to_be_in_type_list": Label("ชนิดข้อมูลของคอลัมน์อยู่ในรายการ", "Column type is in list"),
    "expect_column_type_to_be": Label("ชนิดของคอลัมน์ต้องเป็น", "Column type to be"),
    "expect_column_value_lengths_to_be_between": Label("ความยาวของค่าต้องอยู่ในช่วงที่กำหนด",
                                                       "Value lengths are within range"),
    "expect_column_values_to_match_like_pattern": Label("ค่าต้องตรงรูปแบบ LIKE", "Values match the LIKE pattern"),
    "expect_column_values_to_not_match_like_pattern": Label("ค่าต้องไม่ตรงรูปแบบ LIKE ต้องห้าม",
                                                            "Values do not match a banned LIKE pattern"),
    "expect_column_values_to_match_like_pattern_list": Label("ค่าต้องตรงรูปแบบ LIKE ในรายการ",
                                                             "Values match the LIKE patterns"),
    "expect_column_values_to_not_match_like_pattern_list": Label("ค่าต้องไม่ตรงรูปแบบ LIKE ต้องห้ามในรายการ",
                                                                 "Values match none of the banned LIKE patterns"),
    "expect_column_values_to_match_regex_list": Label("ค่าต้องตรงรูปแบบในรายการ", "Values match the patterns"),
    "expect_column_values_to_not_match_regex_list": Label("ค่าต้องไม่ตรงรูปแบบต้องห้ามในรายการ",
                                                          "Values match none of the banned patterns"),
    "expect_column_values_to_be_json_parseable": Label("ค่าต้องเป็น JSON ที่อ่านได้", "Values are valid JSON"),
    "expect_column_values_to_match_strftime_format": Label("ค่าต้องตรงรูปแบบวันเวลา",
                                                           "Values match the date-time format"),
    "expect_column_value_z_scores_to_be_less_than": Label("ค่าต้องไม่ห่างจากค่าเฉลี่ยเกินเกณฑ์ (z-score)",
                                                          "Z-scores are below the threshold"),
    "expect_column_values_to_not_be_outliers": Label("ค่าต้องไม่เป็นค่าผิดปกติ (outlier)",
                                                     "Values are not outliers"),
    "expect_column_median_to_be_between": Label("ค่ามัธยฐานต้องอยู่ในช่วงที่กำหนด", "Median is within range"),
    "expect_column_stdev_to_be_between": Label("ส่วนเบี่ยงเบนมาตรฐานต้องอยู่ในช่วงที่กำหนด",
                                               "Standard deviation is within range"),
    "expect_column_sum_to_be_between": Label("ผลรวมต้องอยู่ในช่วงที่กำหนด", "Sum is within range"),
    "expect_column_quantile_values_to_be_between": Label("ค่าควอนไทล์ต้องอยู่ในช่วงที่กำหนด",
                                                         "Quantiles are within range"),
    "expect_column_distinct_values_to_be_in_set": Label("ค่าที่แตกต่างกันต้องอยู่ในรายการที่กำหนด",
                                                        "Distinct values are in the set"),
    "expect_column_distinct_values_to_contain_set": Label("ค่าที่แตกต่างกันต้องครอบคลุมรายการที่กำหนด",
                                                          "Distinct values contain the set"),
    "expect_column_distinct_values_to_equal_set": Label("ค่าที่แตกต่างกันต้องตรงกับรายการที่กำหนด",
                                                        "Distinct values equal the set"),
    "expect_column_most_common_value_to_be_in_set": Label("ค่าที่พบบ่อยที่สุดต้องอยู่ในรายการที่กำหนด",
                                                          "Most common value is in the set"),
    "expect_column_proportion_of_unique_values_to_be_between": Label("สัดส่วนค่าที่ไม่ซ้ำต้องอยู่ในช่วงที่กำหนด",
                                                                     "Share of unique values is within range"),
    "expect_column_proportion_of_non_null_values_to_be_between": Label("สัดส่วนค่าที่ไม่ว่างต้องอยู่ในช่วงที่กำหนด",
                                                                       "Share of non-null values is within range"),
    "expect_column_unique_value_count_to_be_between": Label("จำนวนค่าที่ไม่ซ้ำต้องอยู่ในช่วงที่กำหนด",
                                                            "Number of unique values is within range"),
    "expect_column_pair_values_a_to_be_greater_than_b": Label("ค่าคอลัมน์ A ต้องมากกว่าคอลัมน์ B",
                                                              "Column A is greater than column B"),
    "expect_column_pair_values_to_be_equal": Label("ค่าสองคอลัมน์ต้องเท่ากัน", "The two columns are equal"),
    "expect_column_pair_values_to_be_in_set": Label("คู่ค่าสองคอลัมน์ต้องอยู่ในรายการที่กำหนด",
                                                    "Column value pairs are in the set"),
    "expect_multicolumn_sum_to_equal": Label("ผลรวมหลายคอลัมน์ต้องเท่ากับค่าที่กำหนด", "Columns sum to the total"),
    "expect_multicolumn_values_to_be_equal": Label("ค่าหลายคอลัมน์ต้องเท่ากัน", "The columns are equal"),
    "expect_select_column_values_to_be_unique_within_record": Label("ค่าในแถวเดียวกันต้องไม่ซ้ำกัน",
                                                                    "Values are unique within each row"),
    "expect_table_column_count_to_equal": Label("จำนวนคอลัมน์ต้องเท่ากับที่กำหนด", "Column count is as declared"),
    "expect_table_column_count_to_be_between": Label("จำนวนคอลัมน์ต้องอยู่ในช่วงที่กำหนด",
                                                     "Column count is within range"),
    "expect_table_columns_to_match_ordered_list": Label("คอลัมน์ต้องตรงตามลำดับที่ประกาศ",
                                                        "Columns match the declared order"),
    "expect_column_to_exist": Label("ต้องมีคอลัมน์ที่กำหนด", "The column exists"),
    "expect_table_row_count_to_equal": Label("จำนวนแถวต้องเท่ากับที่กำหนด", "Row count is as declared"),
    "expect_table_row_count_to_equal_other_table": Label("จำนวนแถวต้องเท่ากับอีกตาราง",
                                                         "Row count equals the other table's"),
})

# The check result kinds of the quality store.
CHECK_KINDS.update({  # the committee report's labels, beside the catalogue site's: one table
    "expectation": Label("ความถูกต้องของข้อมูล", "Expectation"),
    "consistency": Label("ความสอดคล้องของข้อมูล", "Consistency"),
    "security": Label("ความมั่นคงปลอดภัยและความเสี่ยง", "Security and risk"),
})

# The decisions the committee report puts before the Director (khlang.governance.decisions), and what is asked.
DECISION_KINDS: dict[str, Label] = {
    "linkage_decision": Label("การเชื่อมโยงข้อมูลที่รอ ผอก. พิจารณา", "Linkage awaiting the Director's decision"),
    "agreement_expired": Label("ข้อตกลงการเชื่อมโยงหมดอายุแต่ยังเชื่อมโยงอยู่", "Agreement expired, linkage still active"),
    "policy_approval": Label("นโยบายที่รอ ผอก. อนุมัติ", "Policy awaiting the Director's approval"),
    "policy_review": Label("นโยบายที่ถึงกำหนดทบทวน", "Policy due for review"),
    "backup_unverified": Label("ระบบที่ยังไม่มีการสำรองข้อมูลที่ตรวจสอบแล้ว", "System without a verified backup"),
    "pir_overdue": Label("การประเมินผลหลังการใช้งานระบบ (PIR) เกินกำหนด", "Post-implementation review overdue"),
    "issue_escalated": Label("ประเด็นปัญหาเกินกำหนดที่รายงานถึง ผอก.", "Issue escalated to the Director"),
    "ea_endorsement": Label("สถาปัตยกรรมองค์กรที่รอ ผอก. เห็นชอบ", "EA version awaiting the Director's endorsement"),
    "governance_step": Label("ขั้นตอนธรรมาภิบาลข้อมูลที่รอดำเนินการ", "Governance step awaiting someone"),
}
DECISION_ASKS: dict[str, Label] = {
    "linkage_decision": Label("อนุมัติ ส่งกลับทบทวน หรือไม่อนุมัติ", "Approve, return for review, or reject"),
    "agreement_expired": Label("ต่ออายุข้อตกลง ระงับ หรือยกเลิกการเชื่อมโยง",
                               "Renew the agreement, suspend or end the linkage"),
    "policy_approval": Label("อนุมัตินโยบาย", "Approve the policy"),
    "policy_review": Label("ทบทวนและอนุมัตินโยบายอีกครั้ง", "Review and re-approve the policy"),
    "backup_unverified": Label("สั่งการให้สำรองข้อมูลและตรวจสอบให้ครบ หรือยอมรับความเสี่ยง",
                               "Have the backup made and verified, or accept the risk"),
    "pir_overdue": Label("สั่งการให้ประเมินผลและส่งแบบสำรวจความพึงพอใจ", "Have the review and its survey done"),
    "issue_escalated": Label("สั่งการแก้ไข กำหนดผู้รับผิดชอบหรือเส้นตายใหม่", "Direct the fix, an owner or a new deadline"),
    "ea_endorsement": Label("ให้ความเห็นชอบ หรือส่งกลับพร้อมความเห็น", "Endorse, or return with comments"),
    "governance_step": Label("บันทึกขั้นตอนพร้อมเอกสาร หรือสั่งการให้ดำเนินการ",
                             "Record the step with its document, or have it done"),
}
DECIDER_ROLES: dict[str, Label] = {
    "director": Label("ผู้อำนวยการ (ผอก.)", "The Director"),
    "committee": Label("คณะกรรมการ", "The committee"),
    "secretary": Label("เลขานุการคณะกรรมการ", "The committee's secretary"),
    "unit": Label("หน่วยงานที่เกี่ยวข้อง", "The units concerned"),
    "system_business_owner": Label("เจ้าของระบบด้านธุรกิจ", "System business owner"),
    "system_digital_owner": Label("เจ้าของระบบด้านดิจิทัล", "System digital owner"),
}

# สงบข.-04 / -05: a backup target's state, its parts, the verification's findings and restore-test results.
BACKUP_STATES: dict[str, Label] = {
    "verified": Label("ตรวจสอบแล้ว ผ่าน", "Verified"),
    "failed": Label("ตรวจสอบแล้ว ไม่ผ่าน", "Verification failed"),
    "not_configured": Label("ยังไม่ได้ตั้งค่า (ไม่ได้ตรวจสอบ)", "Not configured (nothing verified)"),
    "never_checked": Label("ยังไม่เคยตรวจสอบ", "Never verified"),
}
BACKUP_PARTS: dict[str, Label] = {
    "database": Label("ฐานข้อมูล", "Database"),
    "programs": Label("โปรแกรม", "Programs"),
}
BACKUP_FINDINGS: dict[str, Label] = {
    "missing": Label("ไม่พบไฟล์สำรองข้อมูล", "No backup"),
    "late": Label("สำรองข้อมูลล่าช้า", "Backup late"),
    "size_drop": Label("ขนาดไฟล์สำรองลดลงผิดปกติ", "Backup size dropped"),
    "size_jump": Label("ขนาดไฟล์สำรองเพิ่มขึ้นผิดปกติ", "Backup size jumped"),
    "checksum_mismatch": Label("ค่าตรวจสอบไม่ตรงกับบันทึก", "Checksum mismatch"),
    "manifest_missing": Label("ไม่มีบันทึกกำกับไฟล์สำรอง", "Manifest missing"),
    "retention_short": Label("เก็บไฟล์สำรองไม่ครบตามกำหนด", "Fewer backups kept than declared"),
    "retention_exceeded": Label("เก็บไฟล์สำรองเกินระยะเวลา", "Backups kept beyond retention"),
    "incomplete": Label("สำรองโปรแกรมไม่ครบ", "Program backup incomplete"),
    "not_configured": Label("ยังไม่ได้ตั้งค่า", "Not configured"),
    "not_verified": Label("ไม่มีผลการตรวจสอบสำเนาสำรอง", "Backup never verified"),
}
RESTORE_RESULTS: dict[str, Label] = {
    "passed": Label("กู้คืนได้ครบถ้วน", "Restored and matched"),
    "failed": Label("กู้คืนไม่สำเร็จหรือไม่ครบ", "Restore failed or incomplete"),
    "missing": Label("ยังไม่มีการทดสอบกู้คืน", "No restore test yet"),
    "not_declared": Label("ไม่ได้กำหนดให้ทดสอบ", "No restore test declared"),
}

# สงพท.-03: a system's post-implementation review status (khlang.pir.schedule.STATUSES).
PIR_STATUSES: dict[str, Label] = {
    "not_scheduled": Label("ไม่มีกำหนด (ไม่มีวันเริ่มใช้งาน)", "Not scheduled (no go-live date)"),
    "not_due": Label("ยังไม่ถึงกำหนด", "Not due yet"),
    "due": Label("ถึงกำหนดประเมิน", "Due"),
    "overdue": Label("เกินกำหนด", "Overdue"),
    "recorded": Label("บันทึกผลแล้ว", "Recorded"),
    "lapsed": Label("พ้นช่วงประเมิน (ไม่ได้ดำเนินการ)", "Lapsed (never reviewed)"),
}

# Periods as declarations write them (review_every: 1y, 6m, 30d).
PERIOD_UNITS: dict[str, Label] = {
    "y": Label("ปี", "year"),
    "m": Label("เดือน", "month"),
    "d": Label("วัน", "day"),
}


def period_label(text: str) -> Label:
    """'1y' → 1 ปี · 1 year, '6m' → 6 เดือน · 6 months; anything else as written."""
    value = text.strip()
    unit = PERIOD_UNITS.get(value[-1:])
    number = value[:-1].strip()
    if unit is None or not number.isdigit():
        return Label(value, value)
    plural = "" if number == "1" else "s"
    return Label(f"{number} {unit.th}", f"{number} {unit.en}{plural}")


def check_label(check: str, type_: str | None = None, column: str | None = None,
                description_th: str | None = None, description_en: str | None = None) -> Label:
    """What a check (`pii_in_public:depositors`, `expect_column_values_to_be_unique:national_id`, a declared
    consistency check) tests, in Thai and English: its declared description, else its type's label and subject."""
    if description_th or description_en:
        return Label(description_th or description_en or check, description_en or description_th or check)
    kind, _sep, subject = check.partition(":")
    base = CHECK_TYPES.get(type_ or "") or CHECK_TYPES.get(kind)
    if base is None:
        return Label(check, check)
    subject = column or subject
    if not subject or subject == "(table)":
        return base
    return Label(f"{base.th}: {subject}", f"{base.en}: {subject}")

# How each compliance measure (สงพท.-11 step 8, khlang.governance.measures.MEASURES) is computed, as the report says.
MEASURE_METHODS: dict[str, Label] = {
    "datasets_compliant_percent": Label("ร้อยละของชุดข้อมูลที่ใช้งานอยู่ซึ่งไม่มีผลประเมินไม่เป็นไปตามนโยบายหรือเป็นไปบางส่วน",
                                        "Share of living datasets with no partial or non-compliant outcome"),
    "policy_compliance_percent": Label("ผลประเมินที่เป็นไปตามนโยบายนับ 1 บางส่วนนับ ½ หารด้วยผลที่ประเมินแล้ว",
                                       "Assessed outcomes: compliant counts 1, partial a half"),
    "master_quality_score": Label("ร้อยละของน้ำหนักการตรวจสอบที่ผ่าน รวมทุกชุดข้อมูลหลัก",
                                  "Weighted share of passed checks over every master dataset"),
    "open_high_severity_issues": Label("จำนวนประเด็นปัญหาระดับสูงและวิกฤตที่ยังไม่แก้ไข (ยิ่งน้อยยิ่งดี)",
                                       "Unresolved high and critical issues (lower is better)"),
    "issues_collected_on_time_percent": Label("ร้อยละของประเด็นที่รับเรื่องภายใน 15 วัน ในบรรดาที่ถึงกำหนดแล้ว",
                                              "Issues taken up within 15 days, among those due"),
    "issues_rca_on_time_percent": Label("ร้อยละของประเด็นที่วิเคราะห์สาเหตุทันกำหนด ในบรรดาที่ถึงกำหนดหรือวิเคราะห์แล้ว",
                                        "Root causes analysed by their due date, among those due or done"),
    "actions_on_time_percent": Label("ร้อยละของการแก้ไขและป้องกันที่เสร็จทันกำหนด ในบรรดาที่ถึงกำหนดหรือเสร็จแล้ว",
                                     "Corrective and preventive actions done on time, among those due or done"),
    "self_assessments_current_percent": Label("ร้อยละของหน่วยงานที่มีผลประเมินตนเองที่ยังไม่หมดอายุ",
                                              "Units whose self-assessment is recorded and still valid"),
    "policies_communicated_on_time_percent": Label("ร้อยละของนโยบายที่สื่อสารภายใน 5 วันหลัง ผอก. อนุมัติ",
                                                   "Policies communicated within 5 days of approval"),
    "policies_reviewed_on_time_percent": Label("ร้อยละของนโยบายที่ยังไม่เลยกำหนดทบทวน",
                                               "Policies not past their review date"),
    "access_reviews_done_percent": Label("ร้อยละของสิทธิ์การเข้าถึงที่ทบทวนภายในหนึ่งปี",
                                         "Access grants reviewed within the last year"),
}

# สงพท.-11 steps 1–6 (khlang.governance.steps): the console page, the site and the committee report.
UI.update({
    "gov_structure": Label("โครงสร้างธรรมาภิบาลข้อมูล", "Governance structure"),
    "gov_strategy": Label("ยุทธศาสตร์", "Strategy"),
    "gov_goals": Label("เป้าหมาย", "Goals"),
    "gov_scope": Label("ขอบเขตข้อมูล", "Data scope"),
    "gov_hierarchy": Label("ลำดับการกำกับดูแล: ผู้อำนวยการ → คณะกรรมการ → เลขานุการ → เจ้าของข้อมูล → ผู้ดูแลข้อมูล",
                           "Hierarchy: Director → committee → secretary → data owners → data stewards"),
    "gov_roles": Label("บทบาทและอำนาจหน้าที่", "Roles and authority"),
    "gov_published_on": Label("เผยแพร่เมื่อ", "Published"),
    "gov_drafted_from": Label("เริ่มจัดทำเมื่อ", "Drafting began"),
    "gov_order": Label("คำสั่งแต่งตั้งคณะกรรมการ", "Committee appointment order"),
    "gov_number": Label("เลขที่", "Number"),
    "gov_issued_on": Label("ลงวันที่", "Dated"),
    "gov_term": Label("วาระ", "Term"),
    "gov_members": Label("องค์ประกอบ", "Members"),
    "gov_resolutions": Label("มติคณะกรรมการ", "Committee resolutions"),
    "gov_meeting_on": Label("วันที่ประชุม", "Meeting"),
    "gov_lists": Label("รายการชุดข้อมูล ข้อมูลหลัก ข้อมูลอ้างอิง และคลังข้อมูล",
                       "Datasets, master data, reference data and warehouse lists"),
    "gov_lists_approved": Label("ผู้อำนวยการอนุมัติรายการ", "Lists approved by the Director"),
    "gov_pending": Label("ชุดข้อมูลที่รอการอนุมัติรายการ", "Datasets pending approval"),
    "gov_pending_one": Label("รอการอนุมัติรายการชุดข้อมูล", "Pending approval of the dataset list"),
    "gov_steps": Label("ขั้นตอนและกำหนดเวลา", "Steps and time limits"),
    "gov_step": Label("ขั้นตอน", "Step"),
    "gov_since": Label("นับจาก", "Counted from"),
    "gov_days": Label("วัน", "days"),
    "gov_approval": Label("การอนุมัติของผู้อำนวยการ (บันทึกในระบบ)", "The Director's approval (on record)"),
    "gov_declared_only": Label("มีเพียงวันที่ใน policies.yaml ยังไม่มีบันทึกการอนุมัติ",
                               "Only policies.yaml's date; no approval on record"),
    "gov_acknowledgements": Label("การรับทราบของหน่วยงาน", "Units' acknowledgements"),
    "gov_within_5": Label("รับทราบภายใน 5 วัน", "Acknowledged within 5 days"),
    "gov_missing": Label("ยังไม่รับทราบ", "Not yet acknowledged"),
    "gov_practices": Label("แนวปฏิบัติ", "Practices"),
    "gov_what": Label("สิ่งที่หน่วยงานต้องทำ", "What a unit must do"),
    "gov_shown_by": Label("วิธีแสดงการปฏิบัติตาม", "How compliance is shown"),
    "gov_code": Label("รหัส", "Code"),
    "gov_units": Label("หน่วยงาน", "Units"),
    "gov_record": Label("บันทึก", "Record"),
    "overdue_steps": Label("ขั้นตอนเกินกำหนด", "Steps overdue"),
    "gov_done_on": Label("ดำเนินการเมื่อ", "Done on"),
    "gov_acknowledge": Label("รับทราบนโยบายในนามหน่วยงาน", "Acknowledge for the unit"),
})

# The EA's five views, gap analysis and book (สงพท.-10; khlang.ea.views, khlang.ea.gaps, khlang.ea.book).
EA_VIEWS: dict[str, Label] = {
    "business": Label("สถาปัตยกรรมด้านธุรกิจ", "Business architecture"),
    "data": Label("สถาปัตยกรรมด้านข้อมูล", "Data architecture"),
    "application": Label("สถาปัตยกรรมด้านระบบงาน", "Application architecture"),
    "technology": Label("สถาปัตยกรรมด้านเทคโนโลยี", "Technology architecture"),
    "security": Label("สถาปัตยกรรมด้านความมั่นคงปลอดภัยของข้อมูล", "Data security architecture"),
}

EA_GAP_STATUSES: dict[str, Label] = {
    "planned": Label("มีแผนและโครงการรองรับ", "Planned"),
    "no_project": Label("ไม่มีโครงการรองรับ", "No project"),
    "late": Label("เลยวันเป้าหมาย", "Past its target date"),
}

EA_INTERFACE_METHODS: dict[str, Label] = {
    "api": Label("เอพีไอ", "API"),
    "file": Label("แลกเปลี่ยนไฟล์", "File transfer"),
    "etl": Label("ดึงและแปลงข้อมูล (ETL)", "ETL"),
    "database": Label("เชื่อมฐานข้อมูลโดยตรง", "Direct database link"),
    "message": Label("คิวข้อความ", "Message queue"),
    "manual": Label("ส่งต่อด้วยมือ", "Manual"),
}

EA_INTERFACE_FREQUENCIES: dict[str, Label] = {
    "real_time": Label("ทันที", "Real time"),
    "daily": Label("รายวัน", "Daily"),
    "weekly": Label("รายสัปดาห์", "Weekly"),
    "monthly": Label("รายเดือน", "Monthly"),
    "ad_hoc": Label("ตามความจำเป็น", "Ad hoc"),
}

EA_SITE_KINDS: dict[str, Label] = {
    "primary": Label("ศูนย์หลัก", "Primary site"),
    "dr": Label("ศูนย์สำรอง", "DR site"),
    "cloud": Label("คลาวด์", "Cloud"),
    "branch": Label("สาขา", "Branch"),
}

EA_BOOK: dict[str, Label] = {
    "title": Label("สถาปัตยกรรมองค์กร", "Enterprise Architecture"),
    "procedure": Label("ตามคู่มือขั้นตอนการปฏิบัติงาน สงพท.-10 หัวข้อ 7.1", "Per work procedure สงพท.-10, section 7.1"),
    "version": Label("ฉบับ", "Version"),
    "status": Label("สถานะ", "Status"),
    "endorsed": Label("ให้ความเห็นชอบโดย", "Endorsed by"),
    "endorsed_on": Label("วันที่ให้ความเห็นชอบ", "Endorsed on"),
    "returns": Label("การส่งกลับเพื่อแก้ไข", "Returns for revision"),
    "plan": Label("แผนการดำเนินงาน", "Plan of activities"),
    "as_of": Label("ข้อมูล ณ วันที่", "As of"),
    "contents": Label("สารบัญ", "Contents"),
    "as_is": Label("สถาปัตยกรรมปัจจุบัน (As-Is)", "Current architecture (As-Is)"),
    "to_be": Label("สถาปัตยกรรมเป้าหมาย (To-Be)", "Target architecture (To-Be)"),
    "gaps": Label("การวิเคราะห์ช่องว่าง", "Gap analysis"),
    "roadmap": Label("แผนที่นำทาง (Roadmap)", "Roadmap"),
    "findings": Label("ข้อตรวจพบ", "Findings"),
    "function": Label("ภารกิจ", "Function"),
    "service": Label("บริการ", "Service"),
    "units": Label("หน่วยงานที่ปฏิบัติ", "Performed by"),
    "systems": Label("ระบบงานที่สนับสนุน", "Supporting systems"),
    "no_system": Label("ยังไม่มีระบบงานสนับสนุน", "No supporting system"),
    "subject": Label("กลุ่มข้อมูล", "Subject"),
    "dataset": Label("ชุดข้อมูล", "Dataset"),
    "lives_in": Label("จัดเก็บในระบบ", "Lives in"),
    "flows": Label("การไหลของข้อมูล", "Data flows"),
    "linkages": Label("การเชื่อมโยงกับหน่วยงานภายนอก", "Linkages with external agencies"),
    "moves": Label("การย้ายข้อมูลจากระบบที่กำลังยกเลิก", "Data moving off retiring systems"),
    "no_target": Label("ยังไม่มีระบบปลายทาง", "No target system yet"),
    "interfaces": Label("ส่วนเชื่อมต่อระหว่างระบบ", "Interfaces between systems"),
    "derived": Label("การไหลที่เกิดจากการคำนวณชุดข้อมูล", "Flows implied by dataset derivations"),
    "undeclared": Label("ยังไม่ได้ประกาศเป็นส่วนเชื่อมต่อ", "Not declared as an interface"),
    "servers": Label("เครื่องแม่ข่าย", "Servers"),
    "sites": Label("ศูนย์คอมพิวเตอร์", "Sites"),
    "support_ends": Label("สิ้นสุดการสนับสนุน", "Support ends"),
    "support_ended": Label("หมดการสนับสนุนแล้ว", "Support ended"),
    "dr": Label("ศูนย์สำรอง (DR)", "DR"),
    "controls": Label("มาตรการควบคุม", "Controls"),
    "classification": Label("ชั้นความลับสูงสุดที่เก็บ", "Highest classification held"),
    "security_findings": Label("ข้อตรวจพบด้านความมั่นคงปลอดภัย", "Security findings"),
    "replaces": Label("แทนที่", "Replaces"),
    "project": Label("โครงการ", "Project"),
    "target_date": Label("วันเป้าหมาย", "Target date"),
    "element": Label("องค์ประกอบ", "Element"),
    "view": Label("มุมมอง", "View"),
    "none": Label("ไม่มี", "None"),
    "from_to": Label("จาก → ไป", "From → to"),
    "method": Label("วิธีเชื่อมต่อ", "Method"),
    "frequency": Label("ความถี่", "Frequency"),
    "agency": Label("หน่วยงาน", "Agency"),
}
