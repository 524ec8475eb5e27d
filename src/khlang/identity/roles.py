"""The roles people hold in governance work, with the Thai and English names people read."""

from __future__ import annotations

from dataclasses import dataclass

from khlang.registry import Registry


@dataclass(frozen=True)
class Role:
    """A role: its code, its names, what it may do, and where it comes from."""

    code: str
    label_th: str
    label_en: str
    may: str
    source: str  # "declared" (organisation.yaml people[].roles or an account), "relation", "governance", "system"


ROLES: Registry[str, Role] = Registry("role")

for _role in (
    Role("director", "ผู้อำนวยการองค์การ (ผอก.)", "Director", "decides linkages, approves policies and lists",
         "declared"),
    Role("committee", "คณะกรรมการกำกับดูแลข้อมูล", "Governance committee member",
         "raises issues, records root causes, verifies and closes issues, acknowledges reports", "governance"),
    Role("secretary", "เลขานุการคณะกรรมการ", "Committee secretary",
         "records policy communications, raises issues from meetings, moves linkages through their steps",
         "governance"),
    Role("steward", "ผู้ดูแลข้อมูล (Data Steward)", "Data steward",
         "acts on the issues of the datasets they steward; sees their personal data", "relation"),
    Role("business_owner", "เจ้าของข้อมูลด้านธุรกิจ", "Business owner",
         "acts on the issues of the datasets they own; sees their personal data", "relation"),
    Role("digital_owner", "เจ้าของข้อมูลด้านดิจิทัล", "Digital owner",
         "acts on the issues of the datasets they own; sees their personal data", "relation"),
    Role("dt_analyst", "นักวิเคราะห์ สทด.", "DT analyst",
         "records the technical analysis of linkages, moves linkages through their steps", "declared"),
    Role("legal", "ผู้วิเคราะห์ด้านกฎหมาย", "Legal analyst", "records the legal analysis of linkages", "declared"),
    Role("auditor", "ผู้ตรวจสอบ", "Auditor", "reads everything and the audit log; changes nothing", "declared"),
    Role("admin", "ผู้ดูแลระบบ", "Administrator",
         "manages accounts and tokens; records on behalf of someone only with a reason", "declared"),
    Role("scheduler", "ระบบอัตโนมัติ (ตัวจัดตารางงาน)", "Scheduler (system)",
         "the automated writes of the DAGs: issue sync, escalation, runs", "system"),
):
    ROLES.add(_role.code, _role)

# Roles a person may be given in organisation.yaml (people[].roles) or on an account (--role).
DECLARABLE = tuple(code for code, role in ROLES.items() if role.source == "declared")


def why_not_declarable(code: str) -> str | None:
    """Why a role code cannot be given to a person directly, or None when it can."""
    role = ROLES.get(code)
    if role is None:
        return f"unknown role {code!r} (roles: {', '.join(DECLARABLE)})"
    if role.source == "relation":
        return f"{code} is a relation to a dataset: name the person in the dataset's {code} field"
    if role.source == "governance":
        return f"{code} comes from organisation.governance.{code}"
    if role.source == "system":
        return f"{code} is the system account's role"
    return None
