"""Issue 11, items 5 and 10: one unreadable file stays its own dataset's problem, and what a killed run
leaves (a half quality run, staging folders, an unrecorded backup) is never read as finished."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from khlang.cli import main
from khlang.config import settings
from khlang.store import open_store


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def own_data(khlang_env, tmp_path, sample_dir, monkeypatch) -> Path:
    """A private copy of the sample, so a test may damage it."""
    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    monkeypatch.setenv("KHLANG_DATA_DIR", str(data))
    return data


def test_a_zero_byte_parquet_is_its_own_datasets_problem(capsys, own_data):
    (own_data / "master" / "warehouses.parquet").write_bytes(b"")

    code, out, err = run(capsys, "catalog", "sync", "--run-key", "s1", "--format", "json")
    assert code == 0, err
    snap = {d["name"]: d for d in json.loads(out)["datasets"]}
    assert snap["warehouses"]["found"] is False and "warehouses.parquet" in snap["warehouses"]["error"]
    for healthy in ("depositors", "counterparties"):  # the same folder, read normally
        assert snap[healthy]["found"] and snap[healthy]["row_count"] > 0 and not snap[healthy]["error"]
    gaps = {(g["dataset"], g["code"]) for g in json.loads(out)["gaps"]}
    assert ("warehouses", "source_unreadable") in gaps
    assert not any(code_ == "source_unreadable" for ds, code_ in gaps if ds != "warehouses")

    code, out, err = run(capsys, "quality", "run", "--run-key", "q1", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    blocks = {b["dataset"]: b for b in data["datasets"]}
    assert set(data["unreadable"]) == {"warehouses"} and "warehouses.parquet" in data["unreadable"]["warehouses"]
    [bad] = [r for r in blocks["warehouses"]["results"] if r["kind"] == "expectation"]
    assert (bad["check"], bad["success"]) == ("source_readable", False)
    assert any(r["type"].startswith("expect_") for r in blocks["depositors"]["results"])
    assert blocks["(security)"]["results"], "the security checks ran"
    assert data["scores"]["overall"] is not None

    code, out, _ = run(capsys, "quality", "scores", "--format", "json")
    scores = json.loads(out)["datasets"]
    assert scores["warehouses"]["overall"]["score"] < 100 and scores["depositors"]["overall"]["score"] > 0


def _results(dataset: str, success: bool) -> list:
    from khlang.quality.results import CheckResult

    return [CheckResult(kind="expectation", dataset=dataset, check="c1", type="expect_column_values_to_not_be_null",
                        dimension="completeness", success=success, element_count=10,
                        unexpected_count=0 if success else 5, column="id")]


def test_a_half_written_quality_run_is_never_read(khlang_env):
    from khlang.declarations import load_catalog
    from khlang.errors import KhlangError
    from khlang.governance.quality_view import findings_at
    from khlang.quality.records import latest_results, record
    from khlang.quality.service import score

    store = open_store(settings().store_url)
    datasets = sorted(load_catalog(settings().catalog_dir).datasets)
    t0 = dt.datetime(2026, 11, 24, 3, tzinfo=dt.UTC)
    for name in datasets:
        record(store, "day1", _results(name, True), t0, datasets=[name], complete=False)
    record(store, "day1", [], t0, datasets=datasets, scope="security", complete=False)
    score("day1", store, datasets)
    assert {r.dataset for r in latest_results(store)} == set(datasets)

    # day2 is killed after two datasets: its failures must not show anywhere.
    t1 = t0 + dt.timedelta(days=1)
    for name in datasets[:2]:
        record(store, "day2", _results(name, False), t1, datasets=[name], complete=False)
    assert all(r.success for r in latest_results(store))
    assert findings_at(store, t1 + dt.timedelta(hours=1), kinds=("expectation",))["expectation"]["failed"] == []
    with pytest.raises(KhlangError, match=r"day2: no results yet for .*\(security\)"):
        score("day2", store, datasets)
    assert all(r.success for r in latest_results(store)), "a refused completion changes nothing"

    for name in datasets[2:]:
        record(store, "day2", _results(name, False), t1, datasets=[name], complete=False)
    record(store, "day2", [], t1, datasets=datasets, scope="security", complete=False)
    result = score("day2", store, datasets)
    assert not any(r.success for r in latest_results(store)) and result["organisation"]["overall"] == 0.0

    # day2 run again (an Airflow clear) and killed after one dataset: back to day1 whole, not a mix.
    record(store, "day2", _results(datasets[0], False), t1, datasets=[datasets[0]], complete=False)
    assert all(r.success for r in latest_results(store))
    from khlang.governance.quality_view import scores_at

    assert scores_at(store, t1 + dt.timedelta(days=30))[0] == "day1"


def test_a_killed_build_leaves_staging_that_the_next_build_sweeps(tmp_path):
    from khlang.report.publish import MARKER, leftovers, publish_directory

    out = tmp_path / "committee" / "2026Q4"

    def write(content: str):
        def _write(staging: Path) -> list[Path]:
            (staging / "index.html").write_text(content, encoding="utf-8")
            return [staging / "index.html"]
        return _write

    publish_directory(out, write("v1"))
    # What kill -9 leaves mid-build: a half-written staging folder, and (killed between the two
    # renames) the old output moved aside with nothing in its place.
    (tmp_path / "committee" / ".2026Q4.new-abc123").mkdir()
    (tmp_path / "committee" / ".2026Q4.new-abc123" / "index.html").write_text("half", encoding="utf-8")
    os.rename(out, tmp_path / "committee" / ".2026Q4.old-def456")
    assert leftovers(out) and not out.exists()

    publish_directory(out, write("v2"))
    assert (out / "index.html").read_text(encoding="utf-8") == "v2" and (out / MARKER).is_file()
    assert sorted(p.name for p in (tmp_path / "committee").iterdir()) == ["2026Q4"]


def test_a_backup_killed_before_the_store_knew_is_adopted_and_unfinished_ones_removed(khlang_env):
    from khlang.backup.declarations import load_backups
    from khlang.backup.manifest import manifest_path
    from khlang.backup.records import BackupSnapshot
    from khlang.backup.snapshot import take_backup
    from khlang.backup.tasks import back_up
    from khlang.declarations import load_catalog

    store = open_store(settings().store_url)
    [target] = [t for t in load_backups(load_catalog(settings().catalog_dir))
                if t.system == "LEGACY_WMS" and t.part == "database"]
    complete = take_backup(target, dt.datetime(2026, 11, 24, 1, tzinfo=dt.UTC))  # killed before the store
    no_manifest = take_backup(target, dt.datetime(2026, 11, 24, 2, tzinfo=dt.UTC)).file
    manifest_path(no_manifest).unlink()  # killed between the rename and the manifest
    partial = target.destination / f".{no_manifest.name}.0badf00d.partial"  # killed while writing
    partial.write_bytes(b"half a backup")

    snap = back_up(target, store, "rerun")
    assert snap is not None
    with store.reading() as s:
        recorded = {Path(r.file).name: r.run_key for r in s.scalars(select(BackupSnapshot))}
    assert recorded == {complete.file.name: "rerun", snap.file.name: "rerun"}
    assert not no_manifest.exists() and not partial.exists()
    assert back_up(target, store, "again") is not None
    with store.reading() as s:
        assert len(s.scalars(select(BackupSnapshot)).all()) == 3, "adopted once, not on every run"
