"""Ground truth: every planted defect with its exact count and the PII label of every column."""

from __future__ import annotations

from typing import Any, TypedDict

from khlang.sample import depositors as dep_mod
from khlang.sample import dw, master, movements

VERSION = 1


class Defect(TypedDict, total=False):
    """One planted defect: where it is, what kind, and exactly how many rows carry it."""

    id: str
    dataset: str
    column: str
    kind: str
    dimension: str
    count: int
    distinct_values: int
    description: str


class FileEntry(TypedDict, total=False):
    """Where a dataset lives and how many rows it has."""

    path: str
    format: str
    table: str
    encoding: str
    rows: int
    sha256: str
    notes: str


# what a reader of each file must know that its schema does not say
NOTES: dict[str, str] = {
    "stock_movements": "quantity_kg is always in kg (unit_code is the unit the clerk weighed in); "
                       "movement_id follows movement_date order; recorded_at is UTC; the first {opening} "
                       "rows (2025-10-01, IN) bring FY2568 stock forward, one per warehouse and commodity, "
                       "so running balances never go below zero",
    "daily_stock_balances": "running balances start from the opening-stock rows, so closing_qty_kg < 0 occurs "
                            "only for keys that are planted defects themselves (an orphan warehouse_code or an "
                            "unknown commodity_code has no opening stock)",
    "warehouse_master": "legacy copy: province holds the two-digit province code as text",
    "depositor_accounts": "legacy: opened is DD/MM/YYYY in the Buddhist era (2556 = 2013 CE); "
                          "ref_no is the holder's national ID",
    "depositors_export": "legacy export: Windows Thai code page (cp874, TIS-620 compatible), CRLF line ends; "
                         "province is the Thai province name",
}


class GroundTruth(TypedDict):
    """What generate() returns and writes to ground_truth.json."""

    generator: dict[str, Any]
    files: dict[str, FileEntry]
    defects: list[Defect]
    pii: dict[str, dict[str, str | None]]


# label a correct PII detector should give each column (None = not personal data)
PII: dict[str, dict[str, str | None]] = {
    "warehouses": {c: None for c in ["warehouse_code", "name_th", "name_en", "province_code",
                                     "capacity_tonnes", "latitude", "longitude", "opened_on", "status"]},
    "depositors": {"depositor_id": None, "title_th": None, "full_name_th": "person_name",
                   "national_id": "national_id", "phone": "phone", "email": "email", "address_th": "address",
                   "province_code": None, "bank_account": "bank_account", "registered_on": None},
    # a juristic tax ID identifies a company, not a person; a corporate mailbox is still an e-mail
    "counterparties": {"counterparty_id": None, "name_th": None, "tax_id": None, "contact_email": "email",
                       "province_code": None},
    "provinces": {c: None for c in ["province_code", "name_th", "name_en", "region"]},
    "commodities": {c: None for c in ["commodity_code", "name_th", "name_en", "default_unit", "barcode"]},
    "grades": {c: None for c in ["commodity_code", "grade_code", "name_th"]},
    "units": {c: None for c in ["unit_code", "name_th", "name_en", "kg_factor"]},
    "stock_movements": {f.name: None for f in movements.SCHEMA},
    "daily_stock_balances": {c: None for c in ["balance_date", "warehouse_code", "commodity_code",
                                               "closing_qty_kg"]},
    "monthly_commodity_summary": {c: None for c in ["month", "commodity_code", "in_kg", "out_kg"]},
    "warehouse_master": {c: None for c in ["wh_code", "wh_name", "province", "capacity"]},
    "depositor_accounts": {"account_no": None, "ref_no": "national_id", "holder_name": "person_name",
                           "opened": None},
    "depositors_export": {"depositor_code": None, "name": "person_name", "phone": "phone", "province": None},
}

SM = "stock_movements"
_MOVEMENT_DEFECTS: list[tuple[str, str, str, str, str]] = [
    # (id, column, kind, dimension, description)
    ("movements_null_warehouse_code", "warehouse_code", "null", "completeness",
     "warehouse_code is NULL"),
    ("movements_null_depositor_id", "depositor_id", "null", "completeness", "depositor_id is NULL"),
    ("movements_negative_quantity", "quantity_kg", "negative", "validity",
     "quantity_kg < 0 (every other quantity is a positive whole number of kg)"),
    ("movements_unknown_commodity_code", "commodity_code", "not_in_reference", "validity",
     f"commodity_code not in reference/commodities.csv (planted values {movements.BAD_COMMODITIES})"),
    ("movements_orphan_warehouse_code", "warehouse_code", "orphan", "consistency",
     f"non-null warehouse_code not in master/warehouses.parquet (planted {movements.ORPHAN_WAREHOUSES})"),
    ("movements_orphan_depositor_id", "depositor_id", "orphan", "consistency",
     "non-null depositor_id not in master/depositors.parquet (ids just past the last depositor)"),
    ("movements_duplicate_movement_id", "movement_id", "duplicate", "uniqueness",
     "rows whose movement_id occurs more than once, counting every row of each duplicated group "
     "(Great Expectations semantics); distinct_values = number of duplicated ids, each occurs exactly twice"),
    ("movements_future_movement_date", "movement_date", "future_date", "validity",
     "movement_date after the data window end (year keyed one too high; recorded_at keeps the true day)"),
    ("movements_grade_not_valid_for_commodity", "grade_code", "not_in_reference", "consistency",
     "among rows whose commodity_code is in the reference, (commodity_code, grade_code) not in "
     "reference/grades.csv: the grade of another commodity"),
    ("movements_unknown_unit_code", "unit_code", "not_in_reference", "validity",
     f"unit_code not in reference/units.csv (planted values {movements.BAD_UNITS})"),
]


def defects(rows: int, n_dep: int) -> list[Defect]:
    """Every planted defect with its exact count, derived from the same formulas that planted it."""
    n = movements.n_defects(rows)
    m = dep_mod.n_defects(n_dep)
    out: list[Defect] = []
    for did, col, kind, dim, desc in _MOVEMENT_DEFECTS:
        d: Defect = {"id": did, "dataset": SM, "column": col, "kind": kind, "dimension": dim,
                     "count": 2 * n if kind == "duplicate" else n, "description": desc}
        if kind == "duplicate":
            d["distinct_values"] = n
        out.append(d)
    out.append({"id": "balances_not_reconciled", "dataset": "daily_stock_balances", "column": "closing_qty_kg",
                "kind": "mismatch", "dimension": "accuracy", "count": dw.n_unreconciled(rows),
                "description": "closing_qty_kg differs (by >= 100 kg) from the value recomputed from the "
                               "movements; rule: " + dw.BALANCE_RULE})
    D = "depositors"
    out += [
        {"id": "depositors_invalid_national_id", "dataset": D, "column": "national_id", "kind": "checksum",
         "dimension": "validity", "count": m,
         "description": "13 digits whose last digit is not the mod-11 check digit (a typo in the last digit)"},
        {"id": "depositors_duplicate_national_id", "dataset": D, "column": "national_id", "kind": "duplicate",
         "dimension": "uniqueness", "count": 2 * m, "distinct_values": m,
         "description": "the same person registered twice under two depositor_ids: identical national_id, "
                        "full_name_th, phone, email, address and bank_account; count = rows in duplicated groups"},
        {"id": "depositors_near_duplicate_name", "dataset": D, "column": "full_name_th", "kind": "near_duplicate",
         "dimension": "uniqueness", "count": 2 * m, "distinct_values": m,
         "description": "pairs of rows whose full_name_th differ as strings but are equal after removing "
                        "whitespace and the marks U+0E48-U+0E4C (extra space, or a dropped tone mark or "
                        "thanthakhat); both national_ids are valid and DIFFERENT, phone/email/address/"
                        "bank_account are shared; count = rows in such pairs, distinct_values = pairs"},
        {"id": "depositors_malformed_email", "dataset": D, "column": "email", "kind": "format",
         "dimension": "validity", "count": m,
         "description": "email not matching " + dep_mod.VALID_EMAIL.pattern + " (missing or doubled @, no "
                        "dot in the domain, comma, space)"},
        {"id": "depositors_malformed_phone", "dataset": D, "column": "phone", "kind": "format",
         "dimension": "validity", "count": m,
         "description": "phone not matching " + dep_mod.VALID_PHONE.pattern + " (wrong length, letter O for "
                        "zero, missing leading zero)"},
        {"id": "depositors_unknown_province_code", "dataset": D, "column": "province_code",
         "kind": "not_in_reference", "dimension": "validity", "count": m,
         "description": "province_code is two digits but no Thai province has it"},
        {"id": "warehouses_unknown_province_code", "dataset": "warehouses", "column": "province_code",
         "kind": "not_in_reference", "dimension": "validity", "count": master.N_BAD_PROVINCE,
         "description": "province_code is two digits but no Thai province has it"},
        {"id": "warehouses_nonpositive_capacity", "dataset": "warehouses", "column": "capacity_tonnes",
         "kind": "out_of_range", "dimension": "validity", "count": master.N_BAD_CAPACITY,
         "description": "capacity_tonnes <= 0 (one zero, one with the sign flipped)"},
    ]
    W = "warehouse_master"
    cmp = "legacy warehouse_master row (joined on wh_code = warehouse_code)"
    out += [
        {"id": "warehouse_master_name_mismatch", "dataset": W, "column": "wh_name", "kind": "mismatch",
         "dimension": "consistency", "count": master.N_LEGACY_NAME,
         "description": f"{cmp}: wh_name != name_th exactly ('คลัง อคส.' abbreviation, 'อ.ค.ส.', "
                        "double or trailing space)"},
        {"id": "warehouse_master_province_mismatch", "dataset": W, "column": "province", "kind": "mismatch",
         "dimension": "consistency", "count": master.N_LEGACY_PROVINCE,
         "description": f"{cmp}: province (a code, as text) != province_code; both are real provinces"},
        {"id": "warehouse_master_capacity_mismatch", "dataset": W, "column": "capacity", "kind": "mismatch",
         "dimension": "consistency", "count": master.N_LEGACY_CAPACITY,
         "description": f"{cmp}: capacity != capacity_tonnes (an outdated figure)"},
        {"id": "warehouse_master_missing", "dataset": W, "column": "wh_code", "kind": "missing",
         "dimension": "completeness", "count": master.N_LEGACY_MISSING,
         "description": "warehouse in master/warehouses.parquet with no row in the legacy warehouse_master "
                        "(branches opened in 2025)"},
        {"id": "warehouse_master_extra", "dataset": W, "column": "wh_code", "kind": "extra",
         "dimension": "consistency", "count": len(master.LEGACY_EXTRA),
         "description": "legacy warehouse_master row whose wh_code is not in master/warehouses.parquet"},
    ]
    return out
