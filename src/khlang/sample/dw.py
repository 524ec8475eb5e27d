"""The data warehouse (คลังข้อมูล) built by DuckDB from the movements, with balances that fail to reconcile."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from khlang.sample._io import rng_for

# closing_qty_kg of (warehouse, commodity) on a day with activity = running sum over all
# movement rows with a warehouse_code, signed IN +, OUT -, ADJ -, up to and including that day.
BALANCE_RULE = ("closing_qty_kg = cumulative sum, per (warehouse_code, commodity_code) ordered by date, of "
                "quantity_kg signed +1 for IN and -1 for OUT and ADJ, over every stock_movements row whose "
                "warehouse_code is not null (one row per warehouse, commodity and day with movements)")
SUMMARY_RULE = ("in_kg / out_kg = sum of quantity_kg of IN / OUT rows per calendar month of movement_date "
                "and commodity_code, over every stock_movements row")


def n_unreconciled(rows: int) -> int:
    """How many balance rows are planted wrong."""
    return max(5, rows // 100_000)


def write_dw(path: Path, movements: Path, seed: int, rows: int) -> dict[str, int]:
    """Build daily_stock_balances and monthly_commodity_summary; return row counts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        # Sums of whole-kg doubles are exact, so parallel aggregation cannot change a value;
        # ORDER BY with insertion order preserved fixes the stored row order.
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET enable_progress_bar = false")  # a library must not draw on the terminal
        con.execute("""
            CREATE TEMP TABLE bal AS
            WITH daily AS (
                SELECT movement_date AS balance_date, warehouse_code, commodity_code,
                       SUM(CASE movement_type WHEN 'IN' THEN quantity_kg ELSE -quantity_kg END) AS net_kg
                FROM read_parquet(?) WHERE warehouse_code IS NOT NULL
                GROUP BY ALL)
            SELECT row_number() OVER (ORDER BY warehouse_code, commodity_code, balance_date) AS rn,
                   balance_date, warehouse_code, commodity_code,
                   SUM(net_kg) OVER (PARTITION BY warehouse_code, commodity_code ORDER BY balance_date
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS closing_qty_kg
            FROM daily""", [str(movements)])
        m = con.execute("SELECT count(*) FROM bal").fetchall()[0][0]
        k = n_unreconciled(rows)
        if k > m:
            raise ValueError(f"only {m} balance rows, cannot plant {k} unreconciled ones")
        rng = rng_for(seed, 6)
        rn = np.sort(rng.choice(m, size=k, replace=False)) + 1
        delta = rng.integers(1, 500, size=k) * 100.0 * np.where(rng.random(k) < 0.5, -1.0, 1.0)
        drift = pa.table({"rn": pa.array(rn, pa.int64()), "delta": pa.array(delta, pa.float64())})
        con.register("drift", drift)
        con.execute("""
            CREATE TABLE daily_stock_balances AS
            SELECT b.balance_date, b.warehouse_code, b.commodity_code,
                   b.closing_qty_kg + COALESCE(d.delta, 0.0) AS closing_qty_kg
            FROM bal b LEFT JOIN drift d ON b.rn = d.rn
            ORDER BY b.rn""")
        con.execute("""
            CREATE TABLE monthly_commodity_summary AS
            SELECT CAST(date_trunc('month', movement_date) AS DATE) AS month, commodity_code,
                   SUM(CASE WHEN movement_type = 'IN' THEN quantity_kg ELSE 0.0 END) AS in_kg,
                   SUM(CASE WHEN movement_type = 'OUT' THEN quantity_kg ELSE 0.0 END) AS out_kg
            FROM read_parquet(?) GROUP BY ALL ORDER BY month, commodity_code""", [str(movements)])
        s = con.execute("SELECT count(*) FROM monthly_commodity_summary").fetchall()[0][0]
        con.unregister("drift")
        con.execute("DROP TABLE bal")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return {"daily_stock_balances": int(m), "monthly_commodity_summary": int(s)}

