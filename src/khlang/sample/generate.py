"""generate(): build the whole sample in a temporary directory and publish it only when complete."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from khlang.sample import depositors as dep_mod
from khlang.sample import dw, legacy, master, movements, reference
from khlang.sample._io import fsync_tree
from khlang.sample.truth import NOTES, PII, VERSION, FileEntry, GroundTruth, defects

GROUND_TRUTH = "ground_truth.json"
MIN_ROWS = 1_000

# dataset -> (path, format, table or encoding)
LAYOUT: dict[str, tuple[str, str, str | None]] = {
    "warehouses": ("master/warehouses.parquet", "parquet", None),
    "depositors": ("master/depositors.parquet", "parquet", None),
    "counterparties": ("master/counterparties.parquet", "parquet", None),
    "provinces": ("reference/provinces.csv", "csv", "utf-8"),
    "commodities": ("reference/commodities.csv", "csv", "utf-8"),
    "grades": ("reference/grades.csv", "csv", "utf-8"),
    "units": ("reference/units.csv", "csv", "utf-8"),
    "stock_movements": ("transactional/stock_movements.parquet", "parquet", None),
    "daily_stock_balances": ("warehouse/khlang_dw.duckdb", "duckdb", "daily_stock_balances"),
    "monthly_commodity_summary": ("warehouse/khlang_dw.duckdb", "duckdb", "monthly_commodity_summary"),
    "warehouse_master": ("legacy/legacy_wms.sqlite", "sqlite", "warehouse_master"),
    "depositor_accounts": ("legacy/legacy_wms.sqlite", "sqlite", "depositor_accounts"),
    "depositors_export": ("legacy/depositors_export.csv", "csv", legacy.EXPORT_ENCODING),
}


def generate(out_dir: Path, rows: int = 1_000_000, seed: int = 2569) -> GroundTruth:
    """Write a deterministic sample of อคส. data with planted defects; return its ground truth."""
    if rows < MIN_ROWS:
        raise ValueError(f"rows must be at least {MIN_ROWS}")
    out_dir = Path(out_dir).absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        truth = _build(tmp, rows, seed)
        fsync_tree(tmp)
        _publish(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return truth


def _build(root: Path, rows: int, seed: int) -> GroundTruth:
    """Write every dataset under root, then ground_truth.json."""
    counts: dict[str, int] = {}
    counts.update(reference.write_reference(root))
    wh = master.build_warehouses(seed)
    dep = dep_mod.build_depositors(seed, rows, wh)
    counts.update(master.write_master(root, wh, dep.table(), master.build_counterparties(seed)))
    plan = movements.make_plan(seed, rows, wh, [str(x) for x in dep.cols["depositor_id"]])
    mv_path = root / LAYOUT["stock_movements"][0]
    counts["stock_movements"] = movements.write_movements(mv_path, plan)
    counts.update(dw.write_dw(root / LAYOUT["daily_stock_balances"][0], mv_path, seed, rows))
    counts.update(legacy.write_legacy(root, wh, dep, seed))

    files: dict[str, FileEntry] = {}
    for name, (path, fmt, extra) in LAYOUT.items():
        entry: FileEntry = {"path": path, "format": fmt, "rows": counts[name]}
        if fmt in ("duckdb", "sqlite"):
            entry["table"] = str(extra)
        if fmt == "csv":
            entry["encoding"] = str(extra)
        if fmt != "duckdb":  # DuckDB files are equal in content, not in bytes
            entry["sha256"] = _sha256(root / path)
        if name in NOTES:
            entry["notes"] = NOTES[name].format(opening=plan.open_wh.size)
        files[name] = entry
    truth: GroundTruth = {
        "generator": {"rows": rows, "seed": seed, "version": VERSION, "data_window": movements.window(),
                      "block_rows": movements.BLOCK_ROWS,
                      "sign_convention": movements.SIGN,
                      "balance_rule": dw.BALANCE_RULE, "summary_rule": dw.SUMMARY_RULE},
        "files": files,
        "defects": defects(rows, dep_mod.n_depositors(rows)),
        "pii": PII,
    }
    text = json.dumps(truth, ensure_ascii=False, indent=2) + "\n"
    (root / GROUND_TRUTH).write_text(text, encoding="utf-8")
    fresh: GroundTruth = json.loads(text)  # exactly what the file says, sharing no module state
    return fresh


def _sha256(path: Path) -> str:
    """Content hash, so consumers can verify a copy (backups, transfers)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _publish(tmp: Path, out_dir: Path) -> None:
    """Move the finished sample into place; ground_truth.json goes last and marks it complete."""
    os.chmod(tmp, 0o755)
    try:
        os.rename(tmp, out_dir)  # atomic when out_dir is absent or an empty directory
        return
    except OSError as e:
        if e.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR):
            raise
    if not out_dir.is_dir():
        raise NotADirectoryError(out_dir)
    # out_dir already holds files (say, an older sample): withdraw its ground truth first so a
    # crash part-way leaves a directory that declares itself incomplete, then replace file by file.
    (out_dir / GROUND_TRUTH).unlink(missing_ok=True)
    for src in sorted(p for p in tmp.rglob("*") if p.is_file() and p.name != GROUND_TRUTH):
        dst = out_dir / src.relative_to(tmp)
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dst)
    os.replace(tmp / GROUND_TRUTH, out_dir / GROUND_TRUTH)
