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
    "search_hint": Label("ชื่อ คำอธิบาย คอลัมน์ เจ้าของ แท็ก", "name, description, column, owner, tag"),
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

EA_FINDINGS: dict[str, Label] = {
    "unknown_system": Label("ชุดข้อมูลอ้างถึงระบบงานที่ไม่มีในทะเบียน", "Dataset names an unknown system"),
    "no_system": Label("ชุดข้อมูลไม่ระบุระบบงาน", "Dataset without a system"),
    "system_mismatch": Label("ระบบงานของชุดข้อมูลไม่ตรงกับทะเบียนระบบ", "Dataset's system disagrees with the inventory"),
    "secret_without_controls": Label("ระบบที่เก็บข้อมูลลับมากขาดมาตรการควบคุม",
                                     "Secret data without the required controls"),
    "to_be_without_project": Label("ระบบเป้าหมายไม่มีโครงการรองรับ", "To-Be system without a project"),
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
