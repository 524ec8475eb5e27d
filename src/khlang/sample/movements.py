"""stock_movements: generated block by block so memory stays flat from 1M to 100M rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from khlang.sample import ids
from khlang.sample._io import days_since_epoch, parquet_writer, rng_for
from khlang.sample.master import Warehouses
from khlang.sample.reference import COMMODITIES, GRADES, UNITS

# Content depends on BLOCK_ROWS (each block has its own random stream) but not on
# ROW_GROUP_ROWS, which only decides how blocks are grouped in the file.
BLOCK_ROWS = 16_384
ROW_GROUP_ROWS = 64 * BLOCK_ROWS  # 1,048,576

WINDOW_START = "2025-10-01"  # fiscal year 2569 B.E.
WINDOW_END = "2026-09-30"
N_DAYS = 365

ORPHAN_WAREHOUSES = ["WH0999", "WH9999", "WH0000"]
BAD_COMMODITIES = ["RICE_JASMINE", "RICE", "rubber_rss3", "CASSAVA"]
BAD_UNITS = ["KGS", "TONNE", "กก."]
TYPES = ["IN", "OUT", "ADJ"]
SIGN = {"IN": 1, "OUT": -1, "ADJ": -1}  # ADJ rows are stock-count write-offs (shrinkage, moisture loss)

# Defect kinds in planting order; DUP_SOURCE rows are reserved so they carry nothing else.
KINDS = [
    "movements_null_warehouse_code", "movements_null_depositor_id", "movements_negative_quantity",
    "movements_unknown_commodity_code", "movements_orphan_warehouse_code", "movements_orphan_depositor_id",
    "dup_source", "movements_duplicate_movement_id", "movements_future_movement_date",
    "movements_grade_not_valid_for_commodity", "movements_unknown_unit_code",
]
K = {name: i + 1 for i, name in enumerate(KINDS)}

REGION_MIX: dict[str, list[float]] = {  # commodity shares, in COMMODITIES order
    "Central": [.10, .28, .03, .14, .30, .03, 0, 0, .04, .03, .05],
    "North": [.10, .20, .15, 0, .22, .03, 0, 0, 0, 0, .30],
    "Northeast": [.28, .05, .14, 0, .04, .24, 0, 0, .17, .05, .03],
    "East": [.03, .15, 0, .02, .12, 0, .12, .06, .32, .18, 0],
    "West": [0, .28, .02, .05, .25, 0, 0, 0, .20, .05, .15],
    "South": [0, .18, 0, 0, .02, 0, .45, .35, 0, 0, 0],
}
HOLIDAYS = ["2025-12-05", "2025-12-10", "2025-12-31", "2026-01-01", "2026-04-13", "2026-04-14",
            "2026-04-15", "2026-05-01", "2026-07-28", "2026-08-12"]


def n_defects(rows: int) -> int:
    """Rows per movement defect (pairs, for duplicate ids)."""
    return max(5, rows // 10_000)


def _cum(p: np.ndarray) -> np.ndarray:
    """Cumulative probabilities ending in exactly 1.0, for inverse-CDF sampling."""
    c = np.cumsum(p / p.sum(axis=-1, keepdims=True), axis=-1)
    c[..., -1] = 1.0
    return c


def _draw(cum: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Inverse-CDF draw, per row when cum is 2-D."""
    if cum.ndim == 1:
        return np.searchsorted(cum, u, side="right")
    return (u[:, None] >= cum).sum(axis=1)


@dataclass
class Plan:
    """Everything global the blocks share: small arrays only, never a per-row array."""

    rows: int
    seed: int
    n: int
    day_cum: np.ndarray
    defect_pos: np.ndarray
    defect_kind: np.ndarray
    defect_src_id: np.ndarray
    wh_dict: pa.Array
    wh_num: np.ndarray
    wh_cum: np.ndarray
    comm_cum: np.ndarray
    dep_dict: pa.Array
    dep_cum: np.ndarray
    n_dep: int
    open_wh: np.ndarray  # opening-stock rows (the first len(open_wh) rows of the file)
    open_comm: np.ndarray
    open_kg: np.ndarray


def make_plan(seed: int, rows: int, wh: Warehouses, depositor_ids: list[str]) -> Plan:
    """Choose, once, the calendar, the weights and the disjoint rows of every defect."""
    rng = rng_for(seed, 4)
    n = n_defects(rows)
    comm = np.array([REGION_MIX[wh.region[i]] for i in wh.active], dtype=np.float64)
    comm /= comm.sum(axis=1, keepdims=True)
    # Stock brought forward from FY2568 (ยอดยกมา): one IN per (warehouse, commodity) on the first
    # day, large enough that no running balance goes below zero.
    open_wh, open_comm = np.nonzero(comm)
    expected = rows * wh.activity[open_wh] * comm[open_wh, open_comm]
    open_kg = _TYPICAL[open_comm] * (20.0 + 3.0 * np.sqrt(expected) + 0.01 * expected)
    n_open = open_wh.size
    if n_open + len(KINDS) * n > rows:
        raise ValueError(f"rows={rows} is too small for {n_open} opening and {len(KINDS) * n} defect rows")
    day0 = np.datetime64(WINDOW_START, "D")
    days = day0 + np.arange(N_DAYS)
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    weekday = (days.astype(np.int64) + 3) % 7  # 0 = Monday
    w = np.where(np.isin(months, [11, 12, 1, 2]), 1.6, np.where(np.isin(months, [3, 4]), 1.1, 0.9))
    w = w * np.select([weekday == 5, weekday == 6], [0.45, 0.08], 1.0)
    w[np.isin(days, np.array(HOLIDAYS, dtype="datetime64[D]"))] = 0.08
    counts = rng.multinomial(rows - n_open, w / w.sum())
    counts[0] += n_open
    day_cum = np.cumsum(counts)

    pos = rng.choice(rows - n_open, size=len(KINDS) * n, replace=False).astype(np.int64) + n_open
    kind = np.repeat(np.arange(1, len(KINDS) + 1, dtype=np.int8), n)
    src_id = np.zeros(pos.size, dtype=np.int64)
    copies = kind == K["movements_duplicate_movement_id"]
    src_id[copies] = pos[kind == K["dup_source"]] + 1  # movement_id = position + 1
    order = np.argsort(pos, kind="stable")

    active_codes = [wh.codes[i] for i in wh.active]
    dep_w = 1.0 / (rng.permutation(len(depositor_ids)) + 5.0) ** 0.9
    return Plan(
        rows=rows, seed=seed, n=n, day_cum=day_cum,
        defect_pos=pos[order], defect_kind=kind[order], defect_src_id=src_id[order],
        wh_dict=pa.array(active_codes + ORPHAN_WAREHOUSES, pa.string()),
        wh_num=np.array([int(c[2:]) % 1000 for c in active_codes], dtype=np.int64),
        wh_cum=_cum(wh.activity), comm_cum=_cum(comm),
        dep_dict=pa.array(depositor_ids + [f"D{len(depositor_ids) + 1 + j:06d}" for j in range(3)], pa.string()),
        dep_cum=_cum(dep_w), n_dep=len(depositor_ids),
        open_wh=open_wh.astype(np.int64), open_comm=open_comm.astype(np.int64), open_kg=open_kg,
    )


_C = len(COMMODITIES)
_COMM_DICT = pa.array([c.code for c in COMMODITIES] + BAD_COMMODITIES, pa.string())
_GRADE_DICT = pa.array([g[1] for g in GRADES], pa.string())
_GRADE_OFF = np.array([next(i for i, g in enumerate(GRADES) if g[0] == c.code) for c in COMMODITIES])
_GRADE_CNT = np.array([sum(1 for g in GRADES if g[0] == c.code) for c in COMMODITIES])
_UNIT_DICT = pa.array([u[0] for u in UNITS] + BAD_UNITS, pa.string())
_UNIT_IDX = {u[0]: i for i, u in enumerate(UNITS)}
_UNIT_GRAIN = np.array([u[4] for u in UNITS], dtype=np.float64)
_UNIT_CUM = _cum(np.array([[dict(c.units).get(u[0], 0.0) for u in UNITS] for c in COMMODITIES]))
_TYPICAL = np.array([c.typical_kg for c in COMMODITIES])
_LOT_DIGIT = np.array([int(c.product_no[0]) for c in COMMODITIES], dtype=np.int64)
_TYPE_DICT = pa.array(TYPES, pa.string())
_DAY0 = days_since_epoch(WINDOW_START)
_BE_YY = np.array([(_d + 543) % 100 for _d in (2025, 2026)], dtype=np.int64)

SCHEMA = pa.schema([
    ("movement_id", pa.int64()), ("movement_date", pa.date32()), ("warehouse_code", pa.string()),
    ("depositor_id", pa.string()), ("commodity_code", pa.string()), ("grade_code", pa.string()),
    ("movement_type", pa.string()), ("quantity_kg", pa.float64()), ("unit_code", pa.string()),
    ("lot_code", pa.string()), ("recorded_at", pa.timestamp("us", tz="UTC")),
])


def _take(dictionary: pa.Array, idx: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Materialise codes from a small dictionary without Python-level string work."""
    return pc.take(dictionary, pa.array(idx.astype(np.int32), mask=null))


def block(plan: Plan, b: int) -> pa.Table:
    """Rows [b*BLOCK_ROWS, ...) of the table, from the block's own random stream."""
    start = b * BLOCK_ROWS
    stop = min(plan.rows, start + BLOCK_ROWS)
    k = stop - start
    rng = rng_for(plan.seed, 5, b)
    pos = np.arange(start, stop, dtype=np.int64)
    movement_id = pos + 1
    day = np.searchsorted(plan.day_cum, pos, side="right")
    date = (_DAY0 + day).astype(np.int32)
    civil = date.astype("datetime64[D]")
    month = civil.astype("datetime64[M]").astype(np.int64) % 12 + 1
    year_ix = civil.astype("datetime64[Y]").astype(np.int64) + 1970 - 2025

    wh = _draw(plan.wh_cum, rng.random(k))
    comm = _draw(plan.comm_cum[wh], rng.random(k))
    opening = pos < plan.open_wh.size
    wh[opening] = plan.open_wh[pos[opening]]
    comm[opening] = plan.open_comm[pos[opening]]
    grade = _GRADE_OFF[comm] + (rng.random(k) * _GRADE_CNT[comm]).astype(np.int64)
    unit = _draw(_UNIT_CUM[comm], rng.random(k))
    harvest = np.isin(month, [11, 12, 1, 2])
    u = rng.random(k)
    mtype = np.where(u < np.where(harvest, 0.66, 0.46), 0,
                     np.where(u < np.where(harvest, 0.96, 0.95), 1, 2))
    mtype[opening] = 0
    base = np.where(mtype == 2, np.minimum(200.0 * np.exp(rng.normal(0, 0.8, k)), 5000.0),
                    _TYPICAL[comm] * np.exp(rng.normal(0, 0.6, k)))
    base[opening] = plan.open_kg[pos[opening]]
    grain = _UNIT_GRAIN[unit]
    qty = np.maximum(grain, np.round(base / grain) * grain)  # whole kg: sums are exact in float64
    dep = _draw(plan.dep_cum, rng.random(k))
    prefix12 = (_LOT_DIGIT[comm] * 10**11 + plan.wh_num[wh] * 10**8 + _BE_YY[year_ix] * 10**6
                + month * 10**4 + rng.integers(0, 10**4, size=k))
    lot = ids.lot_codes(prefix12, rng)
    recorded = (date.astype(np.int64) * 86_400 + 3_600 + rng.integers(0, 9 * 3_600, size=k)) * 1_000_000

    wh_null = np.zeros(k, dtype=bool)
    dep_null = np.zeros(k, dtype=bool)
    lo, hi = np.searchsorted(plan.defect_pos, [start, stop])
    for j in range(lo, hi):
        i = int(plan.defect_pos[j] - start)
        kd = int(plan.defect_kind[j])
        if kd == K["movements_null_warehouse_code"]:
            wh_null[i] = True
        elif kd == K["movements_null_depositor_id"]:
            dep_null[i] = True
        elif kd == K["movements_negative_quantity"]:
            qty[i] = -qty[i]
        elif kd == K["movements_unknown_commodity_code"]:
            comm[i] = _C + j % len(BAD_COMMODITIES)
        elif kd == K["movements_orphan_warehouse_code"]:
            wh[i] = plan.wh_num.size + j % len(ORPHAN_WAREHOUSES)
        elif kd == K["movements_orphan_depositor_id"]:
            dep[i] = plan.n_dep + j % 3
        elif kd == K["movements_duplicate_movement_id"]:
            movement_id[i] = plan.defect_src_id[j]
        elif kd == K["movements_future_movement_date"]:
            date[i] += 365  # the year keyed one too high; no leap day in 2026-2027
        elif kd == K["movements_grade_not_valid_for_commodity"]:
            grade[i] = _GRADE_OFF[(comm[i] + 1 + j % (_C - 1)) % _C]
        elif kd == K["movements_unknown_unit_code"]:
            unit[i] = len(UNITS) + j % len(BAD_UNITS)

    return pa.Table.from_arrays([
        pa.array(movement_id, pa.int64()),
        pa.array(date, pa.int32()).cast(pa.date32()),
        _take(plan.wh_dict, wh, wh_null),
        _take(plan.dep_dict, dep, dep_null),
        _take(_COMM_DICT, comm),
        _take(_GRADE_DICT, grade),
        _take(_TYPE_DICT, mtype),
        pa.array(qty, pa.float64()),
        _take(_UNIT_DICT, unit),
        pa.array(lot, pa.int64()).cast(pa.string()),
        pa.array(recorded, pa.int64()).cast(pa.timestamp("us", tz="UTC")),
    ], schema=SCHEMA)


def write_movements(path: Path, plan: Plan) -> int:
    """Stream the table to Parquet, one row group per ROW_GROUP_ROWS rows."""
    assert ROW_GROUP_ROWS % BLOCK_ROWS == 0
    n_blocks = -(-plan.rows // BLOCK_ROWS)
    per_group = ROW_GROUP_ROWS // BLOCK_ROWS
    with parquet_writer(path, SCHEMA) as w:
        for g in range(0, n_blocks, per_group):
            tables = [block(plan, b) for b in range(g, min(n_blocks, g + per_group))]
            w.write_table(pa.concat_tables(tables), row_group_size=ROW_GROUP_ROWS)
    return plan.rows


def window() -> dict[str, str]:
    """The data window, for the ground truth."""
    return {"start": WINDOW_START, "end": WINDOW_END}


assert dt.date.fromisoformat(WINDOW_END) - dt.date.fromisoformat(WINDOW_START) == dt.timedelta(days=N_DAYS - 1)
