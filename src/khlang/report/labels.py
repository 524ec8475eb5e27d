"""Bilingual labels (ไทย · English) for everything the reports show a person.

One table per vocabulary; the codes are the ones the declarations and the store use.
An unknown code is shown as itself rather than hidden, so a new value is visible at once.
"""

from __future__ import annotations

from typing import Mapping, NamedTuple


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
