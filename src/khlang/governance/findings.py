"""The register of finding types: every kind of finding any module reports, and how it becomes an issue.

Each finding type is one entry of FINDING_TYPES, named `<module>:<code>` (the code its module's own
rule registry uses), with the issue category it opens, its default severity, the owner rule that says
who is assigned, its Thai and English label and a sentence a committee member understands.
`tests/test_findings_register.py` fails when a module can report a code that is not registered here.

One defect, one issue: a finding type may name a *defect family*. Findings of the same family about
the same dataset (and, for data-quality families, the same column) are one defect: they group into one
issue that lists every finding as its evidence (`defect_key`). A finding type without a family is a
defect of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from khlang.declarations import Catalog
from khlang.registry import Registry
from khlang.report.committee_labels import DIMENSIONS
from khlang.report.labels import BACKUP_FINDINGS, EA_FINDINGS, GAPS, LINKAGE_FINDINGS, PIR_STATUSES, Label

if TYPE_CHECKING:
    from khlang.governance.observations import Observation


@dataclass(frozen=True)
class FindingType:
    """One kind of finding: how it is filed and how it reads."""

    code: str  # "<module>:<code>"
    category: str  # an issue category of khlang.governance.vocabulary.CATEGORIES
    severity: str  # the default; a finding may carry its own
    owner: str  # an OWNER_RULES key: who is assigned its issue
    label: Label
    sentence: Label  # what it means, in a sentence a committee member understands
    family: str | None = None  # its defect family: same family + same subject = one issue
    per_column: bool = False  # the family's subject is a column, not the whole dataset

    @property
    def module(self) -> str:
        return self.code.split(":", 1)[0]


FINDING_TYPES: Registry[str, FindingType] = Registry("finding type")

# The families' own labels, shown as the title of a grouped issue.
FAMILIES: dict[str, Label] = {
    "missing": Label("ค่าที่ต้องมีว่างเปล่า", "Required values missing"),
    "unknown_code": Label("รหัสไม่มีในข้อมูลหลักหรือข้อมูลอ้างอิง", "Codes not in the master or reference data"),
    "duplicate": Label("ข้อมูลซ้ำ", "Duplicate records"),
    "near_duplicate": Label("ข้อมูลที่อาจซ้ำกัน (ชื่อใกล้เคียง)", "Probable duplicates (similar names)"),
    "out_of_range": Label("ค่าอยู่นอกช่วงที่กำหนด", "Values out of range"),
    "malformed": Label("รูปแบบข้อมูลไม่ถูกต้อง", "Malformed values"),
    "row_count": Label("จำนวนแถวผิดปกติ", "Unexpected row count"),
    "not_reconciled": Label("ยอดไม่กระทบกัน", "Figures do not reconcile"),
    "pii_public": Label("ข้อมูลส่วนบุคคลในชุดข้อมูลเปิดเผย", "Personal data in a public dataset"),
    "owner": Label("ไม่มีเจ้าของข้อมูลที่ยังปฏิบัติงาน", "No owner still with the organisation"),
    "retention": Label("เก็บข้อมูลเกินระยะเวลาที่กำหนด", "Data kept past its retention"),
    "undeclared_pii": Label("ข้อมูลส่วนบุคคลที่ไม่ได้ประกาศ", "Undeclared personal data"),
    "undocumented": Label("คอลัมน์ไม่มีคำอธิบาย", "Undocumented columns"),
    "secret_controls": Label("ข้อมูลลับมากขาดมาตรการควบคุม", "Secret data without the required controls"),
    "backup": Label("ไม่มีสำเนาสำรองที่ตรวจสอบแล้ว", "No verified backup"),
    "restore": Label("ไม่ได้ทดสอบการกู้คืนหรือกู้คืนไม่สำเร็จ", "Restore not tested or failed"),
    "pir": Label("ยังไม่ได้ทบทวนหลังการใช้งานระบบ (PIR)", "Post-implementation review not done"),
}

# Which data-quality family each check type measures (expectation types and consistency check types).
# A type not listed is a defect of its own (family None).
CHECK_FAMILIES: dict[str, str] = {
    "expect_column_values_to_not_be_null": "missing",
    "expect_column_values_to_be_in_set": "unknown_code",
    "reference_exists": "unknown_code",
    "expect_column_values_to_be_unique": "duplicate",
    "expect_compound_columns_to_be_unique": "duplicate",
    "duplicate_key": "duplicate",
    "near_duplicate_names": "near_duplicate",
    "expect_column_values_to_be_between": "out_of_range",
    "expect_column_max_to_be_between": "out_of_range",
    "expect_column_min_to_be_between": "out_of_range",
    "expect_column_values_to_match_regex": "malformed",
    "expect_column_value_lengths_to_equal": "malformed",
    "expect_column_value_lengths_to_be_between": "malformed",
    "expect_column_values_to_be_valid_thai_national_id": "malformed",
    "expect_table_row_count_to_be_between": "row_count",
    "balance_reconciles": "not_reconciled",
}



def register(code: str, category: str, severity: str, owner: str, label: Label, sentence: Label,
             family: str | None = None, per_column: bool = False) -> FindingType:
    """Add one finding type to the register."""
    ft = FindingType(code, category, severity, owner, label, sentence, family, per_column)
    FINDING_TYPES.add(code, ft)
    return ft


def finding_type(code: str) -> FindingType:
    """The registered type of a finding code (KeyError names the unknown code)."""
    if code not in FINDING_TYPES:
        raise KeyError(f"finding type {code!r} is not registered in khlang.governance.findings")
    return FINDING_TYPES[code]


def check_finding(kind: str, type_: str, dimension: str | None) -> str:
    """The finding code of a failing check: its kind, and its family or dimension."""
    if kind == "security":
        return f"security:{type_}"
    family = CHECK_FAMILIES.get(type_)
    if family is not None:
        return f"quality:{family}"
    if kind == "consistency":
        return f"consistency:{type_}"
    return f"quality:{dimension or 'validity'}"


def defect_key(obs: Observation) -> str | None:
    """What makes two findings one defect: their family and subject (None: the finding stands alone)."""
    ft = FINDING_TYPES.get(obs.finding) if obs.finding else None
    subject = obs.dataset or obs.subject
    if ft is None or ft.family is None or subject is None:
        return None
    column = (obs.column or "") if ft.per_column else ""
    return f"{ft.family}|{subject}|{column}"


# --- the types ---------------------------------------------------------------------------------------------

LQ, NC, CI = "low_data_quality", "non_conformance", "cost_ineffective"

# Data-quality checks (expectations and consistency checks), by family; per column.
_FAMILY_SENTENCES: dict[str, tuple[str, str, str]] = {
    "missing": ("high", "แถวที่ต้องมีค่านี้กลับว่างเปล่า ข้อมูลจึงใช้งานหรือเชื่อมโยงไม่ได้",
                "Rows that must carry this value are empty, so they cannot be used or linked."),
    "unknown_code": ("medium", "มีรหัสที่ไม่พบในข้อมูลหลักหรือข้อมูลอ้างอิง รายงานที่จัดกลุ่มตามรหัสนี้จะผิด",
                     "Some codes are not in the master or reference data; reports grouped by them are wrong."),
    "duplicate": ("high", "ระเบียนเดียวกันถูกบันทึกซ้ำ ยอดรวมและการนับจะเกินจริง",
                  "The same record is stored more than once, so totals and counts are inflated."),
    "near_duplicate": ("medium", "มีระเบียนที่น่าจะเป็นบุคคลหรือรายการเดียวกันแต่สะกดต่างกัน",
                       "Some records probably describe the same party with different spellings."),
    "out_of_range": ("high", "มีค่าที่เป็นไปไม่ได้หรืออยู่นอกช่วงที่กำหนด เช่น ปริมาณติดลบหรือวันที่ในอนาคต",
                     "Some values are impossible or out of range, e.g. negative quantities or future dates."),
    "malformed": ("medium", "มีค่าที่รูปแบบไม่ถูกต้อง เช่น เลขประจำตัวประชาชน อีเมล หรือเบอร์โทรศัพท์",
                  "Some values are malformed, e.g. national IDs, e-mail addresses or phone numbers."),
    "row_count": ("medium", "จำนวนแถวต่างจากที่คาดไว้มาก อาจมีข้อมูลหายหรือถูกโหลดซ้ำ",
                  "The row count is far from what is expected: data may be missing or loaded twice."),
    "not_reconciled": ("critical", "ยอดคงเหลือไม่ตรงกับยอดเคลื่อนไหว ตัวเลขในงบหรือรายงานจึงเชื่อถือไม่ได้",
                       "Balances do not match the movements, so the figures reported cannot be trusted."),
}
for _family, (_sev, _th, _en) in _FAMILY_SENTENCES.items():
    register(f"quality:{_family}", LQ, _sev, "dataset", FAMILIES[_family], Label(_th, _en), _family, per_column=True)
for _dim, _lab in DIMENSIONS.items():
    if _dim not in ("security", "overall"):
        register(f"quality:{_dim}", LQ, "medium", "dataset", Label(f"คุณภาพข้อมูล: {_lab.th}",
                 f"Data quality: {_lab.en}"), Label(f"ข้อมูลไม่ผ่านการตรวจด้าน{_lab.th}",
                 f"The data fails a {_lab.en.lower()} check."))
register("consistency:cross_system_match", LQ, "high", "dataset",
         Label("ข้อมูลสองระบบไม่ตรงกัน", "Two systems disagree"),
         Label("ข้อมูลชุดเดียวกันในสองระบบไม่ตรงกัน ต้องตัดสินว่าระบบใดถูกและแก้อีกระบบ",
               "The same data held in two systems differs; decide which is right and correct the other."))

# Security checks.
register("security:pii_in_public", NC, "critical", "dataset", GAPS["pii_in_public"],
         Label("ชุดข้อมูลที่เปิดเผยต่อสาธารณะมีข้อมูลส่วนบุคคล ขัดต่อ พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล",
               "A dataset open to the public holds personal data, against the PDPA."), "pii_public")
register("security:no_owner", NC, "high", "dataset", FAMILIES["owner"],
         Label("ชุดข้อมูลไม่มีเจ้าของที่ยังปฏิบัติงานอยู่ จึงไม่มีใครตัดสินใจเรื่องข้อมูลนี้ได้",
               "No one still with the organisation owns this dataset, so no one can decide about it."), "owner")
register("security:past_retention", NC, "high", "dataset", GAPS["past_retention"],
         Label("มีข้อมูลที่เก็บไว้นานเกินระยะเวลาที่กำหนด ต้องทำลายหรือขออนุมัติขยายเวลา",
               "Data is kept past its retention period; destroy it or approve a longer retention."), "retention")
register("security:unencrypted_secret", NC, "high", "dataset",
         Label("ข้อมูลลับมากไม่ได้เข้ารหัส", "Secret data not encrypted"),
         Label("ชุดข้อมูลชั้นลับมากเก็บในระบบที่ไม่ได้เข้ารหัสข้อมูล", "Secret data is stored without encryption."),
         "secret_controls")
register("security:grant_too_wide", NC, "high", "dataset",
         Label("สิทธิ์เข้าถึงกว้างเกินชั้นความลับ", "Access wider than the classification allows"),
         Label("มีผู้ได้รับสิทธิ์เข้าถึงชุดข้อมูลเกินกว่าที่ชั้นความลับอนุญาต",
               "Someone holds access to this dataset beyond what its classification allows."))
register("security:account_left", NC, "high", "dataset",
         Label("ผู้พ้นสภาพยังมีสิทธิ์เข้าถึง", "Access held by someone who left"),
         Label("ผู้ที่พ้นจากองค์การแล้วยังมีสิทธิ์เข้าถึงชุดข้อมูล ต้องถอนสิทธิ์ทันที",
               "People who have left still hold access to the dataset; revoke it now."))
register("security:account_not_reviewed", NC, "medium", "dataset",
         Label("สิทธิ์เข้าถึงไม่ได้รับการทบทวน", "Access not reviewed"),
         Label("สิทธิ์เข้าถึงชุดข้อมูลไม่ได้ทบทวนตามรอบที่กำหนด", "Access to the dataset was not reviewed on time."))
register("security:grant_without_request", NC, "medium", "dataset",
         Label("สิทธิ์เข้าถึงไม่มีคำขอ FM-EI-01", "Access without an FM-EI-01 request"),
         Label("มีสิทธิ์เข้าถึงชุดข้อมูลที่ไม่มีเลขที่คำขอ (แบบ FM-EI-01) หรือไม่มีผู้อนุมัติ ตามขั้นตอน สงพท.-04",
               "Access to the dataset was given without a recorded FM-EI-01 request or approver (สงพท.-04)."))
register("security:self_approved", NC, "high", "dataset",
         Label("อนุมัติหรือทบทวนสิทธิ์ของตนเอง", "Access approved or reviewed by its holder"),
         Label("ผู้ได้รับสิทธิ์เป็นผู้อนุมัติหรือผู้ทบทวนสิทธิ์ของตนเอง ขัดหลักการแบ่งแยกหน้าที่",
               "The holder of the access approved or reviewed it, against the separation of duties."))
register("security:transferred", NC, "high", "dataset",
         Label("ย้ายหน่วยงานแล้วยังมีสิทธิ์เดิม", "Access kept after a transfer"),
         Label("ผู้ที่ย้ายไปหน่วยงานอื่นแล้วยังมีสิทธิ์เข้าถึงชุดข้อมูลที่ได้รับเพื่องานของหน่วยงานเดิม ต้องทบทวนหรือถอนสิทธิ์",
               "Someone who moved to another unit still holds access given for the old unit's work; "
               "review or revoke it."))

# Catalogue gaps (catalog/gaps.py and catalog/sync.py).
_GAP_TYPES: dict[str, tuple[str, str, str | None, bool, str, str]] = {
    "no_business_owner": (NC, "high", "owner", False, "ไม่ได้ระบุเจ้าของข้อมูลด้านธุรกิจ",
                          "No business owner is named for the dataset."),
    "no_digital_owner": (NC, "high", "owner", False, "ไม่ได้ระบุเจ้าของข้อมูลด้านดิจิทัล",
                         "No digital owner is named for the dataset."),
    "owner_left": (NC, "high", "owner", False, "เจ้าของหรือผู้ดูแลข้อมูลพ้นจากองค์การแล้ว ต้องแต่งตั้งใหม่",
                   "An owner or steward of the dataset has left; appoint someone else."),
    "missing_in_source": (LQ, "high", None, False, "ชุดข้อมูลที่ประกาศไว้ไม่พบในแหล่งข้อมูล",
                          "A declared dataset is not found in its source."),
    "source_unreadable": (LQ, "high", None, False, "อ่านแหล่งข้อมูลไม่ได้ จึงตรวจคุณภาพไม่ได้",
                          "Its source cannot be read, so its quality cannot be checked."),
    "undocumented_column": (NC, "low", "undocumented", False, "มีคอลัมน์ที่ไม่มีคำอธิบายในบัญชีข้อมูล",
                            "Columns have no description in the catalogue."),
    "pii_in_public": (NC, "critical", "pii_public", False, "พบข้อมูลส่วนบุคคลในชุดข้อมูลที่จัดชั้นเปิดเผย",
                      "Personal data was found in a dataset classified as public."),
    "undeclared_pii": (NC, "medium", "undeclared_pii", False, "พบข้อมูลส่วนบุคคลที่ไม่ได้ประกาศในบัญชีข้อมูล",
                       "Personal data was found that the catalogue does not declare."),
    "undeclared_sensitive_data": (NC, "high", "undeclared_pii", False,
                                  "พบข้อมูลอ่อนไหวตามมาตรา 26 ที่ไม่ได้ประกาศ ต้องมีฐานทางกฎหมายที่เข้มกว่า",
                                  "Sensitive data (PDPA s.26) is held undeclared; it needs a stricter basis."),
    "sensitive_data_basis": (NC, "high", None, False, "ข้อมูลอ่อนไหวไม่มีฐานทางกฎหมายตามมาตรา 26",
                             "Sensitive personal data is held without a section 26 lawful basis."),
    "past_retention": (NC, "high", "retention", False, "ชุดข้อมูลเกินระยะเวลาการเก็บรักษาแล้วแต่ยังไม่ทำลาย",
                       "The dataset is past its retention period and not destroyed."),
    "gd_catalog_missing": (NC, "low", None, False, "คำอธิบายข้อมูลสำหรับ GD Catalog ไม่ครบ",
                           "The metadata the GD Catalog requires is incomplete."),
    "undeclared_dataset": (CI, "medium", None, False, "พบชุดข้อมูลในแหล่งข้อมูลที่ไม่ได้ประกาศในบัญชีข้อมูล",
                           "A dataset exists in a source but is not in the catalogue."),
}
_GAP_EXTRA_LABELS = {"owner_left": Label("เจ้าของข้อมูลพ้นสภาพ", "Owner has left"),
                     "source_unreadable": Label("อ่านแหล่งข้อมูลไม่ได้", "Source unreadable")}
for _code, (_cat, _sev, _fam, _col, _th, _en) in _GAP_TYPES.items():
    register(f"catalogue:{_code}", _cat, _sev, "dataset", GAPS.get(_code) or _GAP_EXTRA_LABELS[_code],
             Label(_th, _en), _fam, _col)

# Policy rules (governance/rules.py, cost_rules.py) whose failures are not issues of another source.
register("policy:master_single_source", CI, "medium", "dataset",
         Label("ข้อมูลหลักมีหลายแหล่ง", "Master data kept in more than one place"),
         Label("ข้อมูลหลักถูกเก็บซ้ำในหลายระบบ ทำให้ข้อมูลไม่ตรงกันและเสียค่าใช้จ่ายซ้ำซ้อน",
               "Master data is kept in several systems: copies drift apart and cost twice."))
register("policy:no_duplicated_storage", CI, "medium", "dataset",
         Label("เก็บข้อมูลซ้ำซ้อน", "Duplicated storage"),
         Label("ข้อมูลชุดเดียวกันถูกเก็บซ้ำโดยไม่จำเป็น", "The same data is stored more than once without need."))
register("policy:datasets_are_read", CI, "low", "dataset",
         Label("ชุดข้อมูลไม่มีผู้ใช้งาน", "Dataset nobody reads"),
         Label("ชุดข้อมูลนี้ไม่มีผู้ใช้งานในช่วงที่ผ่านมา ควรพิจารณาเลิกเก็บหรือเก็บถาวร",
               "Nobody has read this dataset lately; consider archiving or ending it."))
register("policy:issues_rca_on_time", NC, "medium", "unit",
         Label("วิเคราะห์สาเหตุไม่ทันกำหนด", "Root causes not analysed on time"),
         Label("ประเด็นปัญหาไม่ได้วิเคราะห์สาเหตุภายในกำหนดของขั้นตอนที่ 11",
               "Issues were not analysed for root cause within step 11's deadline."))
register("policy:self_assessment", NC, "medium", "unit",
         Label("ประเมินตนเองไม่เป็นไปตามนโยบาย", "Self-assessment below the policy"),
         Label("ผลการประเมินตนเองของหน่วยงานไม่เป็นไปตามนโยบายข้อมูล",
               "The unit's self-assessment does not meet the data policy."))

# สงพท.-04: an office that has not replied to the annual account review (one issue per office, its head's).
register("accounts:review_reply_overdue", NC, "medium", "unit_head",
         Label("ไม่ได้ตอบผลการทบทวนบัญชีผู้ใช้", "Account review not replied to"),
         Label("หน่วยงานยังไม่ได้ส่งผลการทบทวนรายชื่อผู้ใช้งานระบบภายใน 45 วันหลังหนังสือเวียน ตามขั้นตอน สงพท.-04",
               "The office has not sent its review of its system users within 45 days of the circular (สงพท.-04)."))

# สงพท.-11 steps 1–6 (governance/steps.py) and the declarations' people who have left.
register("governance:step_overdue", NC, "medium", "governance_step",
         Label("ขั้นตอนธรรมาภิบาลข้อมูลเกินกำหนด", "Governance step overdue"),
         Label("ขั้นตอนของ สงพท.-11 (ขั้นตอนที่ 1–6) ไม่ได้บันทึกภายในกำหนดเวลานับจากขั้นตอนก่อนหน้า",
               "A step of สงพท.-11 (steps 1–6) was not recorded within its time limit from the previous step."))
register("governance:dataset_not_approved", NC, "low", "dataset",
         Label("ชุดข้อมูลรอการอนุมัติรายการ", "Dataset pending approval"),
         Label("ชุดข้อมูลนี้อยู่ในบัญชีข้อมูลแต่ไม่อยู่ในรายการชุดข้อมูลที่ผู้อำนวยการอนุมัติล่าสุด",
               "The dataset is in the catalogue but not on the lists the Director approved last."))
register("governance:approval_not_recorded", NC, "low", "governance_step",
         Label("การอนุมัตินโยบายไม่มีบันทึก", "Policy approval not on record"),
         Label("policies.yaml ระบุวันที่อนุมัติ แต่ไม่มีบันทึกการอนุมัติของผู้อำนวยการพร้อมเอกสารในระบบ",
               "The policies file declares an approval date, but the Director's approval is not on record "
               "with its document."))
register("governance:glossary_steward_left", NC, "high", "unit_head",
         Label("ผู้ดูแลคำศัพท์พ้นสภาพ", "Glossary steward has left"),
         Label("ผู้ดูแลคำศัพท์ในอภิธานศัพท์พ้นจากองค์การแล้ว ต้องแต่งตั้งผู้ดูแลใหม่",
               "The steward of a glossary term has left; name who stewards it now."))
register("governance:memo_signer_left", NC, "high", "unit_head",
         Label("ผู้ลงนามบันทึกข้อความพ้นสภาพ", "Memo signer has left"),
         Label("ผู้ลงนามบันทึกข้อความของรายงานพ้นจากองค์การแล้ว ต้องกำหนดผู้ลงนามใหม่",
               "The person who signs a report's memo has left; name who signs now."))

# Linkage register (linkage/checks.py).
_LINKAGE_SENTENCES = {
    "agreement_expiring": ("medium", "ข้อตกลงเชื่อมโยงข้อมูลใกล้หมดอายุ ต้องต่ออายุหรือยุติ",
                           "The linkage agreement expires soon: renew it or end the linkage."),
    "agreement_expired": ("high", "ข้อตกลงหมดอายุแล้วแต่ยังเชื่อมโยงข้อมูลอยู่ เป็นการเปิดเผยข้อมูลโดยไม่มีข้อตกลง",
                          "The agreement has expired but data still flows: an exchange without an agreement."),
    "exchange_without_approval": ("high", "มีการรับส่งข้อมูลก่อนหรือโดยไม่ได้รับอนุมัติจากผู้อำนวยการ",
                                  "Data was exchanged before, or without, the Director's approval."),
    "exceeds_legal_basis": ("high", "ข้อมูลที่ส่งมีชั้นความลับหรือข้อมูลส่วนบุคคลเกินกว่าที่ฐานทางกฎหมายอนุญาต",
                            "The data sent is more secret or more personal than its legal basis allows."),
    "step_overdue": ("medium", "ขั้นตอนการพิจารณาคำขอเชื่อมโยงข้อมูลเกินกำหนดเวลาของขั้นตอนงาน",
                     "A step of the linkage request is past the procedure's time limit."),
    "stale_exchange": ("low", "ไม่มีการรับส่งข้อมูลตามความถี่ที่ตกลงไว้ ควรตรวจว่ายังต้องการเชื่อมโยงหรือไม่",
                       "No exchange at the agreed frequency: check whether the linkage is still needed."),
    "register_outdated": ("low", "ทะเบียนการเชื่อมโยงข้อมูลไม่ตรงกับขั้นตอนที่บันทึกไว้ ต้องปรับทะเบียนให้เป็นปัจจุบัน",
                          "The linkage register lags behind the recorded steps; bring it up to date."),
}
for _code, (_sev, _th, _en) in _LINKAGE_SENTENCES.items():
    register(f"linkage:{_code}", NC, _sev, "linkage", LINKAGE_FINDINGS[_code], Label(_th, _en))

# Backups, restore tests and program backups (backup/verify.py, backup/restore.py), and coverage gaps.
_BACKUP_TYPES: dict[str, tuple[str, str, str]] = {  # severity, sentence (labels: labels.BACKUP_FINDINGS)
    "not_configured": ("high", "ยังไม่ได้ตั้งค่าการสำรองข้อมูลของระบบ จึงไม่มีสำเนาสำรองให้กู้คืน",
                       "The system's backup is not configured, so there is nothing to restore from."),
    "not_verified": ("high", "ไม่มีผลการตรวจสอบสำเนาสำรองของระบบนี้ในคลังข้อมูลกำกับดูแล จึงไม่รู้ว่ามีสำเนาสำรองจริงหรือไม่",
                     "No verification of these backups is on record, so nobody knows they exist."),
    "missing": ("high", "ไม่พบไฟล์สำรองข้อมูลในปลายทางที่กำหนด",
                "No backup file is found where backups should land."),
    "late": ("high", "สำเนาสำรองล่าสุดเก่ากว่ารอบที่กำหนด",
             "The newest backup is older than its schedule allows."),
    "checksum_mismatch": ("high", "ไฟล์สำรองเสียหายหรือถูกแก้ไข ค่าตรวจสอบไม่ตรงกับที่บันทึกไว้",
                          "The backup file is damaged or altered: its checksum differs from its record."),
    "size_drop": ("high", "ไฟล์สำรองเล็กลงมากผิดปกติ ข้อมูลอาจสำรองไม่ครบ",
                  "The backup is far smaller than usual: data may be missing from it."),
    "size_jump": ("medium", "ไฟล์สำรองใหญ่ขึ้นมากผิดปกติ ควรตรวจสอบสาเหตุ",
                  "The backup is far larger than usual; find out why."),
    "manifest_missing": ("medium", "ไม่มีบันทึกรายละเอียด (manifest) ของไฟล์สำรอง จึงยืนยันความครบถ้วนไม่ได้",
                         "The backup has no manifest, so its completeness cannot be confirmed."),
    "incomplete": ("medium", "ไฟล์สำรองไม่ครบตามที่บันทึกไว้",
                   "The backup does not hold everything its manifest lists."),
    "retention_exceeded": ("medium", "มีสำเนาสำรองเก่ากว่าอายุสูงสุดที่กำหนด",
                           "Backups older than the allowed age are kept."),
    "retention_short": ("low", "เก็บสำเนาสำรองไว้น้อยกว่าจำนวนที่กำหนด",
                        "Fewer backups are kept than the declaration asks."),
}
for _code, (_sev, _th, _en) in _BACKUP_TYPES.items():
    register(f"backup:{_code}", NC, _sev, "system", BACKUP_FINDINGS[_code], Label(_th, _en), "backup")
register("restore:failed", NC, "high", "system", Label("ทดสอบกู้คืนไม่สำเร็จ", "Restore test failed"),
         Label("ทดสอบกู้คืนข้อมูลจากสำเนาสำรองแล้วไม่สำเร็จหรือข้อมูลไม่ตรงกับต้นฉบับ",
               "Restoring from the backup failed or did not match the original."), "restore")
register("restore:overdue", NC, "medium", "system", Label("ไม่ได้ทดสอบกู้คืนตามรอบ", "Restore test overdue"),
         Label("ไม่ได้ทดสอบกู้คืนข้อมูลตามรอบที่กำหนด จึงไม่รู้ว่ากู้คืนได้จริงหรือไม่",
               "No restore test within its period: nobody knows the backup can be restored."), "restore")
register("coverage:backup_not_declared", NC, "high", "system",
         Label("อ้างว่ามีการสำรองข้อมูลแต่ไม่ได้กำหนดการสำรอง", "Backup claimed but not declared"),
         Label("ทะเบียนระบบระบุว่ามีการสำรองข้อมูล แต่ไม่มีการกำหนดการสำรองข้อมูลให้ตรวจสอบ",
               "The systems inventory claims a backup control, but no backup is declared to verify it."), "backup")
register("coverage:programs_not_backed_up", NC, "medium", "system",
         Label("ไม่ได้สำรองโปรแกรม", "Programs not backed up"),
         Label("ระบบที่ใช้งานอยู่ไม่มีการสำรองโปรแกรมตาม สงพท.-06", "A system in use has no program backup (สงพท.-06)."))

# Post-implementation reviews (pir/schedule.py statuses).
register("pir:due", NC, "low", "system", PIR_STATUSES["due"],
         Label("ระบบใช้งานครบหกเดือนแล้ว ต้องทบทวนหลังการใช้งาน (PIR)",
               "The system has been live six months: its post-implementation review is due."), "pir")
register("pir:overdue", NC, "medium", "system", PIR_STATUSES["overdue"],
         Label("การทบทวนหลังการใช้งาน (PIR) เกินกำหนดแล้ว", "The post-implementation review is overdue."), "pir")
register("pir:lapsed", NC, "low", "system", PIR_STATUSES["lapsed"],
         Label("เลยกำหนดทบทวนหลังการใช้งานมานานโดยไม่ได้เริ่ม ผลการใช้งานระบบจึงไม่ได้รับการประเมิน",
               "The review never started long after it was due: the system's benefits were never assessed."), "pir")

# The EA process (ea/process.py): a step past its control point, counted from the previous step's record.
register("ea_process:step_overdue", NC, "medium", "unit", Label("ขั้นตอนการทบทวน EA เกินกำหนด", "EA review step overdue"),
         Label("ขั้นตอนของการทบทวนสถาปัตยกรรมองค์กร (สงพท.-10) ไม่แล้วเสร็จภายในจุดควบคุมที่กำหนด",
               "A step of the EA review (สงพท.-10) was not done within its control point."))

# The EA inventory (ea/checks.py).
_EA_SENTENCES = {
    "unknown_system": ("medium", "ชุดข้อมูลอ้างถึงระบบงานที่ไม่มีในทะเบียนสถาปัตยกรรมองค์กร",
                       "The dataset names a system the enterprise architecture does not list."),
    "no_system": ("low", "ชุดข้อมูลไม่ระบุว่าอยู่ในระบบงานใด", "The dataset does not say which system holds it."),
    "system_mismatch": ("medium", "บัญชีข้อมูลและทะเบียนระบบระบุระบบงานของชุดข้อมูลไม่ตรงกัน",
                        "The catalogue and the systems inventory disagree on which system holds the dataset."),
    "secret_without_controls": ("high", "ระบบที่เก็บข้อมูลลับมากขาดมาตรการควบคุมที่กำหนด",
                                "A system holding secret data lacks the required controls."),
    "to_be_without_project": ("low", "ระบบเป้าหมาย (To-Be) ไม่มีโครงการรองรับ",
                              "A To-Be system has no project to deliver it."),
    # The gap analysis (ea/gaps.py).
    "element_without_project": ("medium", "องค์ประกอบเป้าหมาย (To-Be) ของสถาปัตยกรรมไม่มีโครงการรองรับ",
                                "A To-Be element of the architecture has no project to deliver it."),
    "target_date_passed": ("medium", "องค์ประกอบเป้าหมายเลยวันที่กำหนดแล้วแต่ยังไม่แล้วเสร็จ",
                           "A To-Be element is past its target date and still not delivered."),
    "retiring_holds_master": ("high", "ระบบที่กำลังยกเลิกยังเก็บข้อมูลหลัก ต้องย้ายข้อมูลก่อนยกเลิกระบบ",
                              "A retiring system still holds master data, which must move before it is retired."),
    "support_ended": ("high", "เครื่องแม่ข่ายหรือระบบปฏิบัติการหมดระยะการสนับสนุน ไม่ได้รับการแก้ไขช่องโหว่",
                      "A server is past its vendor support: it no longer receives security fixes."),
    "control_contradicted": ("high", "ระบบประกาศว่ามีการเข้ารหัสข้อมูล แต่การตรวจความมั่นคงปลอดภัยพบข้อมูลที่ไม่ได้เข้ารหัส",
                             "The system claims encryption at rest, but the security check finds unencrypted data."),
}
_EA_DATASET_CODES = ("unknown_system", "no_system", "system_mismatch")
for _code, (_sev, _th, _en) in _EA_SENTENCES.items():
    register(f"ea:{_code}", NC, _sev, "dataset" if _code in _EA_DATASET_CODES else "system",
             EA_FINDINGS[_code], Label(_th, _en),
             "secret_controls" if _code == "secret_without_controls" else None)


# --- who answers for a finding -----------------------------------------------------------------------------

OwnerRule = Callable[[Catalog, "Observation"], list[dict]]
OWNER_RULES: Registry[str, OwnerRule] = Registry("owner rule")


# @owner_rule("name") registers a rule that names who is assigned a finding's issue.
owner_rule = OWNER_RULES.register


def people_for(catalog: Catalog, obs: Observation) -> list[dict]:
    """Who is assigned the finding's issue: its type's owner rule, with leavers replaced (see people.active_only)."""
    from khlang.governance.people import active_only

    ft = FINDING_TYPES.get(obs.finding) if obs.finding else None
    rule = OWNER_RULES[ft.owner] if ft is not None else OWNER_RULES["dataset" if obs.dataset else "unit"]
    return active_only(catalog, rule(catalog, obs))


@owner_rule("dataset")
def _dataset_owners(catalog: Catalog, obs: Observation) -> list[dict]:
    from khlang.governance.people import assignees, unit_people

    return assignees(catalog, obs.dataset) if obs.dataset else unit_people(catalog, obs.unit or "")


@owner_rule("unit")
def _unit(catalog: Catalog, obs: Observation) -> list[dict]:
    from khlang.governance.people import assignees, unit_people

    return unit_people(catalog, obs.unit or "") if obs.unit else assignees(catalog, obs.dataset)


@owner_rule("system")
def _system_owners(catalog: Catalog, obs: Observation) -> list[dict]:
    """The system's digital and business owners (systems.yaml), else its owning unit's head."""
    from khlang.governance.people import unit_head

    out = [{"role": role, "person": pid, "active": True}
           for role, pid in (("digital_owner", obs.evidence.get("digital_owner")),
                             ("business_owner", obs.evidence.get("business_owner"))) if pid]
    if not out and obs.unit:
        head = unit_head(catalog, obs.unit)
        if head:
            out.append({"role": "unit_head", "person": head, "active": True})
    return out


@owner_rule("unit_head")
def _unit_head(catalog: Catalog, obs: Observation) -> list[dict]:
    """The head of the finding's unit (the unit above it when it has none), else the unit's people."""
    from khlang.governance.people import unit_head, unit_people

    if not obs.unit:
        return []
    head = unit_head(catalog, obs.unit)
    return [{"role": "unit_head", "person": head, "active": True}] if head else unit_people(catalog, obs.unit)


@owner_rule("governance_step")
def _step_owner(catalog: Catalog, obs: Observation) -> list[dict]:
    """Who must record the step: the Director, the committee's secretary, or a unit's head."""
    from khlang.notify.compose import with_role

    role = obs.evidence.get("role")
    if role == "unit":
        return _unit_head(catalog, obs)
    governance = catalog.organisation.governance if catalog.organisation else None
    if role == "secretary":
        people = [governance.secretary] if governance and governance.secretary else []
    else:
        people = with_role(catalog, role) if role else []
    return [{"role": role, "person": pid, "active": True} for pid in people]


@owner_rule("linkage")
def _linkage_owner(catalog: Catalog, obs: Observation) -> list[dict]:
    """The head of the unit that owns the linkage, else that unit's people."""
    from khlang.governance.people import unit_head, unit_people

    if not obs.unit:
        return []
    head = unit_head(catalog, obs.unit)
    return [{"role": "unit_head", "person": head, "active": True}] if head else unit_people(catalog, obs.unit)



def explain(members: list[dict]) -> list[dict]:
    """The findings of an issue as people read them: label, sentence, what was found, still failing or not."""
    out = []
    for m in members:
        ft = FINDING_TYPES.get(m.get("finding") or "")
        out.append({"label": ft.label if ft else Label(m.get("code", ""), m.get("code", "")),
                    "sentence": ft.sentence if ft else None, "title": m.get("title", ""),
                    "detail": m.get("detail", ""), "failing": bool(m.get("failing")), "source": m.get("source"),
                    "seen_on": m.get("seen_on")})
    return sorted(out, key=lambda f: (not f["failing"], f["title"]))
