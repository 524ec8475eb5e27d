"""The old warehouse management system (SQLite) and its TIS-620 export, as migration sources look."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from pathlib import Path

from khlang.sample._io import rng_for
from khlang.sample.depositors import Depositors
from khlang.sample.master import LEGACY_EXTRA, Warehouses
from khlang.sample.provinces import BY_CODE

NAME_VARIANTS = [
    lambda s: s.replace("คลังสินค้า อคส.", "คลัง อคส.", 1),
    lambda s: s.replace(" สาขา", "  สาขา", 1),
    lambda s: s + " ",
    lambda s: s.replace("คลังสินค้า อคส.", "คลังสินค้า อ.ค.ส.", 1),
]
EXPORT_ENCODING = "cp874"  # Windows Thai; the values used here are also valid TIS-620
EXPORT_CUTOFF = dt.date(2024, 1, 1)  # the legacy export predates the current master
ACCOUNTS_CUTOFF = dt.date(2020, 1, 1)


def be_date(d: dt.date) -> str:
    """DD/MM/YYYY in the Buddhist era, as the old WMS stored dates."""
    return f"{d.day:02d}/{d.month:02d}/{d.year + 543}"


def _warehouse_rows(wh: Warehouses, seed: int) -> list[tuple[str, str, str, int]]:
    """The old WMS copy of the warehouse master, with the planted inconsistencies."""
    rng = rng_for(seed, 7)
    t = wh.table.to_pydict()
    rows: list[tuple[str, str, str, int]] = []
    missing = set(wh.planted["legacy_missing"])
    for i, code in enumerate(t["warehouse_code"]):
        if i in missing:
            continue
        name, prov, cap = t["name_th"][i], t["province_code"][i], int(t["capacity_tonnes"][i])
        if i in wh.planted["warehouse_master_name_mismatch"]:
            j = wh.planted["warehouse_master_name_mismatch"].index(i)
            name = NAME_VARIANTS[j % len(NAME_VARIANTS)](name)
        if i in wh.planted["warehouse_master_province_mismatch"]:
            others = sorted({p for p in wh.true_province if p != prov})
            prov = others[int(rng.integers(len(others)))]
        if i in wh.planted["warehouse_master_capacity_mismatch"]:
            cap += int(rng.integers(1, 9)) * 500 * (1 if rng.random() < 0.5 else -1)  # stays > 0
        rows.append((code, name, prov, cap))
    rows.extend(LEGACY_EXTRA)
    return sorted(rows)


def write_legacy(root: Path, wh: Warehouses, dep: Depositors, seed: int) -> dict[str, int]:
    """Write legacy/legacy_wms.sqlite and legacy/depositors_export.csv; return row counts."""
    d = root / "legacy"
    d.mkdir(parents=True, exist_ok=True)
    wrows = _warehouse_rows(wh, seed)
    c = dep.cols
    registered = {i: dep.registered_on(i) for i in dep.clean}
    accounts = [(f"DA-{k:06d}", str(c["national_id"][i]), str(c["full_name_th"][i]), be_date(registered[i]))
                for k, i in enumerate((i for i in dep.clean if registered[i] < ACCOUNTS_CUTOFF), start=1)]
    write_sqlite(d / "legacy_wms.sqlite", wrows, accounts)
    export = [(str(c["depositor_id"][i]), str(c["full_name_th"][i]), str(c["phone"][i]),
               BY_CODE[str(c["province_code"][i])][1])
              for i in dep.clean if registered[i] < EXPORT_CUTOFF]
    write_export(d / "depositors_export.csv", export)
    return {"warehouse_master": len(wrows), "depositor_accounts": len(accounts), "depositors_export": len(export)}


def write_sqlite(path: Path, warehouses: list[tuple[str, str, str, int]],
                 accounts: list[tuple[str, str, str, str]]) -> None:
    """One transaction, fixed insert order: the same rows give the same file."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = DELETE")
        with con:
            con.execute("CREATE TABLE warehouse_master (wh_code TEXT PRIMARY KEY, wh_name TEXT, "
                        "province TEXT, capacity INTEGER)")
            con.execute("CREATE TABLE depositor_accounts (account_no TEXT PRIMARY KEY, ref_no TEXT, "
                        "holder_name TEXT, opened TEXT)")
            con.executemany("INSERT INTO warehouse_master VALUES (?, ?, ?, ?)", warehouses)
            con.executemany("INSERT INTO depositor_accounts VALUES (?, ?, ?, ?)", accounts)
    finally:
        con.close()


def write_export(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    """CSV in the Windows Thai code page with CRLF line ends, as the old system exported it."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["depositor_code", "name", "phone", "province"])
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(EXPORT_ENCODING))
