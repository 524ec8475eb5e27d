"""Harvest, sync, drift, gaps and listing on the generated sample, checked against its ground truth."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from khlang.catalog.sync import sync
from khlang.config import settings
from khlang.declarations import load_catalog
from khlang.harvest.scan import scan_location
from khlang.store import open_store

AS_OF = dt.date(2026, 11, 25)


def _sync(run_key="r1", **kw):
    cfg = settings()
    return sync(load_catalog(cfg.catalog_dir), open_store(cfg.store_url), cfg.data_dir, run_key=run_key,
                as_of=AS_OF, **kw)


def _gaps(result, code):
    return sorted((f.dataset, f.column) for f in result.findings if f.category == "gap" and f.code == code)


def test_pii_precision_and_recall_on_the_planted_sample(sample_dir):
    truth = json.loads((sample_dir / "ground_truth.json").read_text(encoding="utf-8"))["pii"]
    found = {}
    for sub in ("master", "reference", "transactional", "warehouse/khlang_dw.duckdb",
                "legacy/legacy_wms.sqlite", "legacy/depositors_export.csv"):
        for profile in scan_location(str(sample_dir / sub)):
            for col in profile.columns:
                found[(profile.name, col.name)] = col.pii
    expected = {(ds, col): label for ds, cols in truth.items() for col, label in cols.items()}
    assert set(found) == set(expected), "scan must see every column the generator wrote"
    tp = sum(1 for k, v in found.items() if v and v == expected[k])
    fp = sum(1 for k, v in found.items() if v and v != expected[k])
    fn = sum(1 for k, v in expected.items() if v and found[k] != v)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    wrong = {k: (found[k], expected[k]) for k in found if found[k] != expected[k]}
    assert (precision, recall) == (1.0, 1.0), wrong


def test_scan_reports_counts_measured_from_the_data(sample_dir):
    import duckdb

    [profile] = scan_location(str(sample_dir / "transactional" / "stock_movements.parquet"))
    path = str(sample_dir / "transactional" / "stock_movements.parquet")
    con = duckdb.connect()
    rows, nulls, distinct = con.execute(
        "select count(*), count(*) - count(warehouse_code), count(distinct movement_id) from read_parquet(?)", [path]
    ).fetchone()
    assert profile.row_count == rows
    assert profile.column("warehouse_code").null_count == nulls > 0
    assert profile.column("movement_id").distinct_count == distinct < rows
    assert profile.column("lot_code").pii is None


def test_tis620_export_is_read_as_thai(sample_dir):
    [profile] = scan_location(str(sample_dir / "legacy" / "depositors_export.csv"))
    assert profile.column("name").pii == "person_name"
    assert profile.column("phone").pii == "phone"
    assert profile.row_count > 0


def test_sync_stores_snapshot_and_finds_the_planted_gaps(khlang_env):
    result = _sync()
    names = {h.name for h in result.datasets}
    cat = load_catalog(settings().catalog_dir)
    assert set(cat.datasets) <= names
    assert all(h.profile is not None for h in result.datasets if h.declared), "every declared dataset was found"
    assert ("legacy_wms.depositor_accounts", None) in _gaps(result, "undeclared_dataset")
    assert _gaps(result, "no_digital_owner") == [("counterparties", None)]
    assert _gaps(result, "no_business_owner") == []
    assert _gaps(result, "past_retention") == [("depositors_export", None)]
    assert ("legacy_warehouse_master", None) in _gaps(result, "owner_left")
    public_pii = _gaps(result, "pii_in_public")
    assert ("depositors_export", "name") in public_pii and ("depositors_export", "phone") in public_pii
    assert {d for d, _c in public_pii} == {"depositors_export"}
    undocumented = _gaps(result, "undocumented_column")
    assert ("legacy_warehouse_master", "capacity") in undocumented
    assert not [u for u in undocumented if u[0] == "depositors"]
    gd = {f.dataset: f.detail for f in result.findings if f.code == "gd_catalog_missing"}
    assert gd == {}  # the demo declares every GD Catalog field (tests/test_ckan_export.py removes one)
    # First snapshot: nothing to drift from.
    assert [f for f in result.findings if f.category == "drift"] == []


def test_rerun_with_same_run_key_replaces_not_duplicates(khlang_env):
    from sqlalchemy import func, select

    from khlang.store.models import CatalogFinding, CatalogSnapshot

    first = _sync("same")
    second = _sync("same")
    store = open_store(settings().store_url)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(CatalogSnapshot)) == 1
        count = session.scalar(select(func.count()).select_from(CatalogFinding))
    assert count == len(second.findings) == len(first.findings)


def test_drift_between_snapshots(khlang_env, sample_dir, tmp_path, monkeypatch):
    import duckdb

    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    monkeypatch.setenv("KHLANG_DATA_DIR", str(data))
    t0 = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    _sync("day1", taken_at=t0)

    units = data / "reference" / "units.csv"
    lines = units.read_text(encoding="utf-8").splitlines()
    units.write_text("\n".join(f"{line},{'note' if i == 0 else 'x'}" for i, line in enumerate(lines)) + "\n",
                     encoding="utf-8")
    provinces = data / "reference" / "provinces.csv"
    plines = provinces.read_text(encoding="utf-8").splitlines()
    provinces.write_text("\n".join(plines[:10]) + "\n", encoding="utf-8")
    con = duckdb.connect(str(data / "warehouse" / "khlang_dw.duckdb"))
    con.execute("ALTER TABLE monthly_commodity_summary ALTER in_kg TYPE VARCHAR")
    con.close()
    (data / "master" / "counterparties.parquet").unlink()

    result = _sync("day2", taken_at=t0 + dt.timedelta(days=1))
    drift = {(f.dataset, f.code, f.column) for f in result.findings if f.category == "drift"}
    assert ("units", "column_added", "note") in drift
    assert ("provinces", "row_count_jump", None) in drift
    assert ("monthly_commodity_summary", "column_retyped", "in_kg") in drift
    assert ("counterparties", "dataset_missing", None) in drift
    assert ("counterparties", None) in _gaps(result, "missing_in_source")
    assert not [d for d in drift if d[0] in ("stock_movements", "depositors")]


def test_file_source_cannot_escape_its_root(khlang_env, tmp_path, monkeypatch):
    from khlang.declarations.models import Source
    from khlang.errors import SourceError
    from khlang.harvest.scan import open_source

    with pytest.raises(SourceError, match="leaves the data folder"):
        open_source(Source(name="x", type="files", path="../../etc"), settings().data_dir)

    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "secret.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    (root / "inside.csv").write_text("b\n2\n", encoding="utf-8")
    (root / "link.csv").symlink_to(outside)
    assert [p.name for p in scan_location(str(root))] == ["inside"]


def test_sqlite_and_postgres_sources(pg_url, tmp_path):
    import sqlite3

    from sqlalchemy import create_engine, text

    from khlang.store.db import normalise_url

    def with_check(first12: str) -> str:
        total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
        return first12 + str((11 - total % 11) % 10)

    ids = [with_check(f"11017002{n:04d}") for n in range(40)]
    db = tmp_path / "x.sqlite"
    con = sqlite3.connect(db)
    con.execute("create table people (ref_no text, note text)")
    con.executemany("insert into people values (?, ?)", [(i, "ok") for i in ids] + [(None, "none")])
    con.commit()
    con.close()
    [p] = scan_location(str(db))
    assert (p.name, p.row_count, p.column("ref_no").null_count, p.column("ref_no").pii) == (
        "people", len(ids) + 1, 1, "national_id")

    engine = create_engine(normalise_url(pg_url))
    with engine.begin() as conn:
        conn.execute(text("create table people (ref_no text, qty integer)"))
        for i in ids:
            conn.execute(text("insert into people values (:r, 1)"), {"r": i})
    engine.dispose()
    [p] = scan_location(pg_url)
    assert (p.name, p.row_count, p.column("ref_no").pii, p.column("qty").distinct_count) == (
        "people", len(ids), "national_id", 1)
    assert p.source.startswith("postgresql")
