"""Warehouse and counterparty master data, with the warehouse defects the checks must find."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from khlang.sample import ids, names
from khlang.sample._io import rng_for, write_parquet
from khlang.sample.provinces import BY_CODE, CAPITAL_COORDS, PROVINCES, SHORT_TH, UNUSED_CODES

# Where อคส. keeps warehouses: (province_code, number of branches).
WAREHOUSE_PLAN: list[tuple[str, int]] = [
    ("14", 3), ("15", 1), ("16", 2), ("17", 1), ("18", 2), ("19", 1), ("72", 3), ("73", 1),
    ("71", 1), ("70", 1), ("60", 3), ("61", 1), ("62", 2), ("65", 3), ("66", 2), ("64", 1),
    ("67", 1), ("50", 1), ("57", 2), ("30", 3), ("31", 2), ("32", 2), ("33", 1), ("34", 3),
    ("35", 1), ("45", 2), ("40", 2), ("41", 1), ("44", 1), ("46", 1), ("24", 1), ("25", 1),
    ("21", 1), ("22", 1), ("84", 2), ("80", 1), ("90", 2), ("92", 1), ("10", 1),
]

# Fixed defect counts: the warehouse master does not grow with the movement volume.
N_CLOSED = 4
N_BAD_PROVINCE = 2
N_BAD_CAPACITY = 2
N_LEGACY_NAME = 4
N_LEGACY_PROVINCE = 3
N_LEGACY_CAPACITY = 3
N_LEGACY_MISSING = 2
LEGACY_EXTRA: list[tuple[str, str, str, int]] = [
    ("WH0901", "คลังสินค้า อคส. สาขาสิงห์บุรี 2", "17", 8000),
    ("WH0902", "คลังสินค้า อคส. สาขาพิจิตร 3", "66", 12000),
]


@dataclass
class Warehouses:
    """Warehouse master plus what movements and the legacy copy need to know about it."""

    table: pa.Table
    codes: list[str]
    true_province: list[str]  # the real province even where the master holds a bad code
    region: list[str]
    active: np.ndarray  # indices of warehouses that take movements
    activity: np.ndarray  # relative movement volume of each active warehouse
    planted: dict[str, list[int]] = field(default_factory=dict)  # defect id -> warehouse indices


def build_warehouses(seed: int) -> Warehouses:
    """Build ~60 warehouses and choose, disjointly, which carry which defect."""
    rng = rng_for(seed, 1)
    rows: list[dict[str, object]] = []
    for prov, count in WAREHOUSE_PLAN:
        _, name_th, name_en, _region = BY_CODE[prov]
        short = SHORT_TH.get(prov, name_th)
        lat0, lon0 = CAPITAL_COORDS[prov]
        for k in range(1, count + 1):
            rows.append({
                "warehouse_code": f"WH{len(rows) + 1:04d}",
                "name_th": f"คลังสินค้า อคส. สาขา{short} {k}",
                "name_en": f"PWO Warehouse {name_en} {k}",
                "province_code": prov,
                "capacity_tonnes": int(rng.integers(10, 121)) * 500,
                "latitude": round(lat0 + float(rng.uniform(-0.12, 0.12)), 5),
                "longitude": round(lon0 + float(rng.uniform(-0.12, 0.12)), 5),
                "opened_on": dt.date(1975, 1, 1) + dt.timedelta(days=int(rng.integers(0, 17900))),
                "status": "active",
            })
    n = len(rows)
    true_province = [str(r["province_code"]) for r in rows]
    order = [int(i) for i in rng.permutation(n)]
    planted: dict[str, list[int]] = {}
    for key, k in [("closed", N_CLOSED), ("legacy_missing", N_LEGACY_MISSING),
                   ("warehouses_unknown_province_code", N_BAD_PROVINCE),
                   ("warehouses_nonpositive_capacity", N_BAD_CAPACITY),
                   ("warehouse_master_name_mismatch", N_LEGACY_NAME),
                   ("warehouse_master_province_mismatch", N_LEGACY_PROVINCE),
                   ("warehouse_master_capacity_mismatch", N_LEGACY_CAPACITY)]:
        planted[key], order = sorted(order[:k]), order[k:]
    for i in planted["closed"]:
        rows[i]["status"] = "closed"
    for j, i in enumerate(planted["legacy_missing"]):  # newest branches, not yet in the old WMS
        rows[i]["opened_on"] = dt.date(2025, 3 + 2 * j, 1 + 7 * j)
    for j, i in enumerate(planted["warehouses_unknown_province_code"]):
        rows[i]["province_code"] = UNUSED_CODES[(j * 3) % len(UNUSED_CODES)]
    for j, i in enumerate(planted["warehouses_nonpositive_capacity"]):
        rows[i]["capacity_tonnes"] = 0 if j % 2 == 0 else -int(rows[i]["capacity_tonnes"])  # type: ignore[call-overload]

    table = pa.table({
        "warehouse_code": pa.array([r["warehouse_code"] for r in rows], pa.string()),
        "name_th": pa.array([r["name_th"] for r in rows], pa.string()),
        "name_en": pa.array([r["name_en"] for r in rows], pa.string()),
        "province_code": pa.array([r["province_code"] for r in rows], pa.string()),
        "capacity_tonnes": pa.array([r["capacity_tonnes"] for r in rows], pa.int32()),
        "latitude": pa.array([r["latitude"] for r in rows], pa.float64()),
        "longitude": pa.array([r["longitude"] for r in rows], pa.float64()),
        "opened_on": pa.array([r["opened_on"] for r in rows], pa.date32()),
        "status": pa.array([r["status"] for r in rows], pa.string()),
    })
    active = np.array([i for i, r in enumerate(rows) if r["status"] == "active"], dtype=np.int64)
    activity = rng.gamma(3.0, 1.0, size=active.size)
    return Warehouses(
        table=table,
        codes=[str(r["warehouse_code"]) for r in rows],
        true_province=true_province,
        region=[BY_CODE[p][3] for p in true_province],
        active=active,
        activity=activity / activity.sum(),
        planted=planted,
    )


N_COUNTERPARTIES = 300


def build_counterparties(seed: int) -> pa.Table:
    """Companies that buy from and sell to อคส.; juristic tax IDs are not personal data."""
    rng = rng_for(seed, 3)
    combos = [(a, b) for a in names.COMPANY_WORDS_1 for b in names.COMPANY_WORDS_2 if a[0] not in b[0]]
    pick = rng.permutation(len(combos))[:N_COUNTERPARTIES]
    bkk_weight = 0.5
    others = [p[0] for p in PROVINCES if p[0] != "10"]
    seen_tax: set[str] = set()
    seen_domain: set[str] = set()
    out: dict[str, list[str]] = {k: [] for k in
                                 ["counterparty_id", "name_th", "tax_id", "contact_email", "province_code"]}
    for n, ci in enumerate(pick, start=1):
        (w1, r1), (w2, r2) = combos[int(ci)]
        prefix, suffix, jtype = names.COMPANY_FORMS[int(rng.integers(len(names.COMPANY_FORMS)))]
        prov = "10" if rng.random() < bkk_weight else others[int(rng.integers(len(others)))]
        while True:
            first12 = f"0{prov}{jtype}{int(rng.integers(25, 69)):02d}{int(rng.integers(0, 10**6)):06d}"
            tax = ids.with_check(first12)
            if tax not in seen_tax:
                seen_tax.add(tax)
                break
        domain = f"{r1}{r2}.co.th"
        if domain in seen_domain:
            domain = f"{r1}{r2}{n}.co.th"
        seen_domain.add(domain)
        mailbox = names.CORPORATE_MAILBOXES[int(rng.integers(len(names.CORPORATE_MAILBOXES)))]
        out["counterparty_id"].append(f"CP{n:04d}")
        out["name_th"].append(f"{prefix}{w1}{w2}{suffix}")
        out["tax_id"].append(tax)
        out["contact_email"].append(f"{mailbox}@{domain}")
        out["province_code"].append(prov)
    return pa.table({k: pa.array(v, pa.string()) for k, v in out.items()})


def write_master(root: Path, wh: Warehouses, depositors: pa.Table, counterparties: pa.Table) -> dict[str, int]:
    """Write master/*.parquet and return the row count of each dataset."""
    m = root / "master"
    return {
        "warehouses": write_parquet(wh.table, m / "warehouses.parquet"),
        "depositors": write_parquet(depositors, m / "depositors.parquet"),
        "counterparties": write_parquet(counterparties, m / "counterparties.parquet"),
    }
