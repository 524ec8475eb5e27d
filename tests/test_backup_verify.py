"""Backup declarations, daily verification findings, program backups, evidence in the store, the CLI and the report."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from khlang.backup.content import digest_rows
from khlang.backup.declarations import load_backups
from khlang.backup.manifest import manifest_path
from khlang.backup.snapshot import take_backup
from khlang.backup.verify import verify
from khlang.cli import main
from khlang.declarations import load_catalog
from khlang.errors import DeclarationError

UTC = dt.UTC
T0 = dt.datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_backups(home: Path, text: str) -> Path:
    path = home / "catalog" / "backups.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def targets_of(home: Path) -> dict:
    return {t.key: t for t in load_backups(load_catalog(home / "catalog"))}


def codes(v) -> set[str]:
    return {f.code for f in v.findings}


@pytest.fixture
def legacy_copy(tmp_path, sample_dir) -> Path:
    src = tmp_path / "live" / "legacy_wms.sqlite"
    src.parent.mkdir()
    shutil.copyfile(sample_dir / "legacy" / "legacy_wms.sqlite", src)
    return src


@pytest.fixture
def series(khlang_env, legacy_copy):
    """An external daily SQLite backup keeping 7 for at most 10 days, and a function to add backups."""
    write_backups(khlang_env, f"""
        backups:
          - system: LEGACY_WMS
            database:
              engine: sqlite
              path: {legacy_copy}
              frequency: daily
              grace: 6h
              keep: 7
              max_age: 10d
              size_tolerance: 0.3
              size_window: 5
    """)
    target = targets_of(khlang_env)["LEGACY_WMS/database"]

    def add(days_ago: float, source: Path | None = None) -> Path:
        if source is not None:
            target.source_path = source
        try:
            return take_backup(target, now=T0 - dt.timedelta(days=days_ago)).file
        finally:
            target.source_path = legacy_copy
    return target, add


# ---------------------------------------------------------------- declarations


def test_the_repository_declarations_load(khlang_env, sample_dir, monkeypatch):
    monkeypatch.delenv("KHLANG_BACKUP_PG_URL", raising=False)
    targets = targets_of(khlang_env)
    assert set(targets) == {"LEGACY_WMS/database", "LEGACY_WMS/programs", "DW/database", "WMS/database"}
    legacy = targets["LEGACY_WMS/database"]
    assert legacy.engine == "sqlite" and legacy.source_path == (sample_dir / "legacy" / "legacy_wms.sqlite").resolve()
    assert legacy.destination == khlang_env / "var" / "backups" / "LEGACY_WMS" / "database"
    assert legacy.grace == dt.timedelta(hours=6) and legacy.keep == 7 and legacy.taken_by == "khlang"
    assert targets["DW/database"].engine == "duckdb" and targets["LEGACY_WMS/programs"].engine == "programs"
    assert targets["WMS/database"].not_configured == "environment variable KHLANG_BACKUP_PG_URL is not set"
    monkeypatch.setenv("KHLANG_BACKUP_PG_URL", "postgresql://backup:s3cret@db.example:5432/wms")
    wms = targets_of(khlang_env)["WMS/database"]
    assert wms.not_configured is None and wms.source_url.endswith("@db.example:5432/wms")
    assert "s3cret" not in wms.source_label and "***" in wms.source_label


def test_declaration_errors_point_at_file_line_and_field(khlang_env, tmp_path):
    path = write_backups(khlang_env, """
        backups:
          - system: NOPE
            database: {engine: sqlite, path: a.sqlite}
          - system: WMS
            database:
              source: wms_master
          - system: DW
            database:
              source: data_warehouse
              destination: ../../../etc
          - system: LEGACY_WMS
            database:
              source: legacy_wms
              keep: 7
              max_age: 3d
              grace: soon
            programs:
              path: legacy
              colour: blue
          - system: ERP
          - system: DW
            programs: {path: x}
    """)
    with pytest.raises(DeclarationError) as info:
        targets_of(khlang_env)
    text = str(info.value)
    lines = path.read_text(encoding="utf-8").splitlines()

    def line_of(snippet: str, after: int = 0) -> int:
        return next(i + 1 for i, ln in enumerate(lines) if i >= after and snippet in ln)

    assert f"{path}:{line_of('system: NOPE')}: backups[0].system: unknown system 'NOPE'" in text
    assert (f"{path}:{line_of('source: wms_master')}: backups[1].database.source: source 'wms_master' is files; "
            "a database backup needs a sqlite, duckdb or postgres source") in text
    assert (f"{path}:{line_of('destination: ../../../etc')}: "
            "backups[2].database.destination: '../../../etc' leaves") in text
    assert f"{path}:{line_of('grace: soon')}: backups[3].database.grace: a duration is like" in text
    assert f"{path}:{line_of('colour: blue')}: backups[3].programs.colour: unknown field" in text
    assert f"{path}:{line_of('system: ERP')}: backups[4]: declare database, programs or both" in text
    assert f"backups[5].system: system 'DW' already declared at line {line_of('system: DW')}" in text


def test_max_age_must_hold_the_backups_to_keep(khlang_env):
    path = write_backups(khlang_env, """
        backups:
          - system: DW
            database: {source: data_warehouse, keep: 7, max_age: 3d}
    """)
    with pytest.raises(DeclarationError, match=r"backups\[0\]\.database\.max_age: 3d cannot hold keep: 7 daily "
                                               r"backups; make it at least 7 days"):
        targets_of(khlang_env)
    assert path.is_file()


def test_bad_declaration_exits_2_and_writes_nothing(capsys, khlang_env):
    write_backups(khlang_env, "backups:\n  - system: DW\n    database: {source: nope}\n")
    code, out, err = run(capsys, "backup", "verify", "--format", "json")
    assert code == 2 and out == ""
    assert "backups.yaml:3: backups[0].database.source: unknown source 'nope'" in err
    assert not (khlang_env / "var" / "khlang.db").exists()
    code, _out, err = run(capsys, "backup", "snapshot", "--system", "DW")
    assert code == 2 and not (khlang_env / "var" / "backups").exists()


# ---------------------------------------------------------------- content checksum


rows_strategy = st.lists(st.tuples(st.one_of(st.none(), st.integers(), st.text(max_size=8)),
                                   st.one_of(st.floats(allow_nan=False), st.booleans(), st.binary(max_size=4))),
                         max_size=30)


@given(rows_strategy, st.randoms(use_true_random=False))
def test_content_checksum_ignores_row_order(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert digest_rows(["a", "b"], [rows]) == digest_rows(["a", "b"], [shuffled[:3], shuffled[3:]])


@given(rows_strategy.filter(bool))
def test_content_checksum_sees_duplicates_and_changes(rows):
    base = digest_rows(["a", "b"], [rows])
    assert digest_rows(["a", "b"], [rows + rows[:1]]) != base
    assert digest_rows(["a", "c"], [rows]) != base
    changed = [(("x", r[1]) if r[0] != "x" else ("y", r[1])) for r in rows[:1]] + rows[1:]
    assert digest_rows(["a", "b"], [changed]) != base


def test_content_checksum_tells_types_apart():
    values = [1, 1.0, "1", True, None, b"1", dt.date(2026, 1, 1), "2026-01-01"]
    digests = {digest_rows(["v"], [[(v,)]]).checksum for v in values}
    assert len(digests) == len(values)
    aware = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert digest_rows(["t"], [[(aware,)]]) == digest_rows(["t"], [[(aware.astimezone(UTC),)]])


# ---------------------------------------------------------------- verification findings


def test_no_backup_is_missing(series):
    target, _add = series
    v = verify(target, T0)
    assert codes(v) == {"missing"} and not v.ok
    assert v.findings[0].severity == "high"


def test_a_healthy_series_is_ok(series):
    target, add = series
    for days in (6, 5, 4, 3, 2, 1, 0.1):
        add(days)
    v = verify(target, T0)
    assert v.findings == [] and v.ok
    assert v.latest.manifest.tables["warehouse_master"]["rows"] == 62
    assert v.median_size == v.latest.size and v.latest_sha256 == v.latest.manifest.sha256


def test_late_is_frequency_plus_grace(series):
    target, add = series
    add(1 + 5 / 24)
    assert "late" not in codes(verify(target, T0)), "29 hours old: within a day and 6 hours of grace"
    v = verify(target, T0 + dt.timedelta(hours=2))  # 31 hours old
    late = next(f for f in v.findings if f.code == "late")
    assert late.severity == "high" and not v.ok
    assert late.detail == "the latest backup is 31.0 hours old; a daily backup is due within 30.0 hours"


def test_size_drop_and_jump_against_the_median(series, tmp_path, legacy_copy):
    target, add = series
    full = [add(days) for days in (5, 4, 3, 2)][0].stat().st_size
    small = tmp_path / "small.sqlite"
    shutil.copyfile(legacy_copy, small)
    con = sqlite3.connect(small)
    con.execute("DELETE FROM depositor_accounts WHERE rowid % 2 = 0")
    con.commit()
    con.execute("VACUUM")
    con.close()
    add(1, small)
    v = verify(target, T0)
    drop = next(f for f in v.findings if f.code == "size_drop")
    assert drop.severity == "high"
    assert f"below the median {full:,} of the previous 4 backup(s) (tolerance 30%)" in drop.detail
    big = tmp_path / "big.sqlite"
    shutil.copyfile(legacy_copy, big)
    con = sqlite3.connect(big)
    con.execute("INSERT INTO depositor_accounts SELECT account_no || '-copy', ref_no, holder_name, opened "
                "FROM depositor_accounts")
    con.commit()
    con.close()
    add(0.5, big)
    v = verify(target, T0)
    assert "size_jump" in codes(v) and "size_drop" not in codes(v)


def test_checksum_mismatch_empty_truncated_and_manifest_missing(series):
    target, add = series
    for days in (3, 2):
        add(days)
    latest = add(1)
    data = bytearray(latest.read_bytes())
    data[len(data) // 2] ^= 0x40
    latest.write_bytes(bytes(data))
    found = {f.code: f for f in verify(target, T0).findings}
    assert found["checksum_mismatch"].detail.startswith("checksum mismatch: sha256")
    latest.write_bytes(bytes(data[:50_000]))
    found = {f.code: f for f in verify(target, T0).findings}
    assert found["checksum_mismatch"].detail.startswith("truncated: the backup file has 50,000 bytes")
    assert "size_drop" in found
    latest.write_bytes(b"")
    found = {f.code: f for f in verify(target, T0).findings}
    assert found["checksum_mismatch"].detail.startswith("empty:")
    manifest_path(latest).write_text("{not json", encoding="utf-8")
    found = {f.code: f for f in verify(target, T0).findings}
    assert "unreadable manifest" in found["manifest_missing"].detail
    manifest_path(latest).unlink()
    v = verify(target, T0)
    assert "manifest_missing" in codes(v) and "checksum_mismatch" not in codes(v)
    assert not v.ok


def test_an_optional_manifest_is_only_noted(series):
    target, add = series
    latest = add(1)
    manifest_path(latest).unlink()
    target.manifest = "optional"
    v = verify(target, T0)
    found = next(f for f in v.findings if f.code == "manifest_missing")
    assert found.severity == "low" and "declared optional" in found.detail
    assert "checksum_mismatch" not in codes(v)


def test_retention_short_and_exceeded(series):
    target, add = series
    for days in (13, 12, 2, 1):
        add(days)
    found = {f.code: f for f in verify(target, T0).findings}
    assert found["retention_short"].detail == "4 backup(s) kept; the declaration keeps 7"
    assert found["retention_short"].severity == "low"
    assert found["retention_exceeded"].detail.startswith("2 backup(s) older than 10d are still kept (oldest 2026-11-12")
    assert found["retention_exceeded"].severity == "medium"


def test_files_that_do_not_match_the_pattern_are_not_backups(series):
    target, add = series
    add(1)
    (target.destination / "notes.txt").write_text("hello", encoding="utf-8")
    (target.destination / ".LEGACY.sqlite.partial").write_bytes(b"x")
    v = verify(target, T0)
    assert len(v.backups) == 1


def test_khlang_prunes_its_own_backups_by_retention(khlang_env, legacy_copy):
    write_backups(khlang_env, f"""
        backups:
          - system: LEGACY_WMS
            database: {{engine: sqlite, path: {legacy_copy}, keep: 2, max_age: 3d, taken_by: khlang}}
    """)
    target = targets_of(khlang_env)["LEGACY_WMS/database"]
    old = [take_backup(target, now=T0 - dt.timedelta(days=d)).file for d in (6, 5, 4)]
    foreign = target.destination / "by-hand.sqlite"
    shutil.copyfile(old[0], foreign)  # no manifest: not Khlang's to remove
    stamp = (T0 - dt.timedelta(days=6)).timestamp()
    os.utime(foreign, (stamp, stamp))
    first = take_backup(target, now=T0 - dt.timedelta(days=1))
    assert sorted(first.pruned) == old[:2], "older than 3 days before T0-1d, and never fewer than 2 left"
    snap = take_backup(target, now=T0)
    assert snap.pruned == [old[2]]
    assert not any(p.exists() or manifest_path(p).exists() for p in old)
    assert foreign.exists()
    assert "retention_exceeded" in codes(verify(target, T0)), "the foreign old file is still reported"


def test_backup_due_by_period_and_when_broken(khlang_env, legacy_copy):
    from khlang.backup.tasks import backup_due

    write_backups(khlang_env, f"""
        backups:
          - system: LEGACY_WMS
            database: {{engine: sqlite, path: {legacy_copy}, taken_by: khlang}}
    """)
    target = targets_of(khlang_env)["LEGACY_WMS/database"]
    assert backup_due(target, T0)
    made = take_backup(target, now=T0 - dt.timedelta(hours=2))  # 06:00 Bangkok, same Bangkok day as T0 (08:00)
    assert not backup_due(target, T0)
    assert backup_due(target, T0 + dt.timedelta(hours=17)), "the next Bangkok day"
    manifest_path(made.file).unlink()
    assert backup_due(target, T0), "incomplete → back up again"


def test_not_configured_is_reported_and_nothing_else(khlang_env, monkeypatch):
    monkeypatch.delenv("KHLANG_BACKUP_PG_URL", raising=False)
    v = verify(targets_of(khlang_env)["WMS/database"], T0)
    assert [f.code for f in v.findings] == ["not_configured"]
    assert "KHLANG_BACKUP_PG_URL is not set" in v.findings[0].detail
    # nothing backed up is never OK: the main system's backup is an open question, not a pass
    assert v.findings[0].severity == "high" and v.ok is False and v.to_dict()["ok"] is False


# ---------------------------------------------------------------- program backups (สงพท.-06)


@pytest.fixture
def programs(khlang_env, tmp_path):
    folder = tmp_path / "app"
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "wms.jar").write_bytes(os.urandom(50_000))
    (folder / "config.properties").write_text("db.host=10.0.0.5\n", encoding="utf-8")
    (folder / "รายงาน").mkdir()
    (folder / "รายงาน" / "แบบฟอร์ม.txt").write_text("แบบฟอร์มรายงานประจำเดือน\n", encoding="utf-8")
    (folder / "app.log").write_text("noise\n", encoding="utf-8")
    (folder / "leak").symlink_to("/etc/hostname")
    write_backups(khlang_env, f"""
        backups:
          - system: LEGACY_WMS
            programs: {{path: {folder}, exclude: ["*.log"], keep: 1, taken_by: khlang}}
    """)
    return folder, targets_of(khlang_env)["LEGACY_WMS/programs"]


def test_program_backup_lists_every_file_with_its_sha256(programs):
    import hashlib
    import tarfile

    folder, target = programs
    snap = take_backup(target, now=T0)
    assert set(snap.manifest.files) == {"bin/wms.jar", "config.properties", "รายงาน/แบบฟอร์ม.txt"}
    jar = snap.manifest.files["bin/wms.jar"]
    assert jar == {"sha256": hashlib.sha256((folder / "bin" / "wms.jar").read_bytes()).hexdigest(), "size": 50_000}
    with tarfile.open(snap.file) as tar:
        assert sorted(tar.getnames()) == ["bin/wms.jar", "config.properties", "รายงาน/แบบฟอร์ม.txt"]
    assert verify(target, T0).findings == []


def test_program_backup_check_re_hashes_every_file(programs):
    folder, target = programs
    snap = take_backup(target, now=T0)
    manifest = json.loads(manifest_path(snap.file).read_text(encoding="utf-8"))
    manifest["files"]["config.properties"]["sha256"] = "0" * 64
    manifest_path(snap.file).write_text(json.dumps(manifest), encoding="utf-8")
    details = [f.detail for f in verify(target, T0).findings]
    assert details == ["checksum mismatch: file config.properties differs from the manifest"]


def test_program_backup_damage_is_found(programs):
    folder, target = programs
    snap = take_backup(target, now=T0)
    data = snap.file.read_bytes()
    snap.file.write_bytes(data[: len(data) // 2])
    details = [f.detail for f in verify(target, T0).findings if f.code == "checksum_mismatch"]
    assert details[0].startswith("truncated: the backup file has") and any("archive ends early" in d for d in details)
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x10
    snap.file.write_bytes(bytes(flipped))
    details = [f.detail for f in verify(target, T0).findings if f.code == "checksum_mismatch"]
    assert details[0].startswith("checksum mismatch: sha256") and len(details) >= 2


def test_program_backup_incomplete_when_an_old_file_is_missing(programs):
    folder, target = programs
    now = dt.datetime.now(UTC)
    snap = take_backup(target, now=now)
    old = folder / "bin" / "forgotten.so"
    old.write_bytes(b"\x7fELF")
    past = (now - dt.timedelta(days=30)).timestamp()
    os.utime(old, (past, past))
    (folder / "bin" / "new-after-backup.so").write_bytes(b"\x7fELF")
    found = {f.code: f for f in verify(target, now).findings}
    assert found["incomplete"].detail == ("1 file(s) of the program folder older than the backup are not in it: "
                                          "bin/forgotten.so")
    assert snap.file.exists()


# ---------------------------------------------------------------- evidence in the store


def test_evidence_is_stored_and_a_rerun_replaces_its_own_rows(store_url, series):
    from khlang.backup.evidence import record_restore_test, record_verifications
    from khlang.backup.records import BackupFinding, BackupVerification, RestoreTest, RestoreTestTable
    from khlang.backup.restore import restore_test
    from khlang.store import open_store

    target, add = series
    add(2)
    latest = add(1)
    store = open_store(store_url)
    v = verify(target, T0)
    record_verifications(store, "scheduled__2026-11-25", [v])
    record_verifications(store, "scheduled__2026-11-25", [verify(target, T0)])
    record_verifications(store, "scheduled__2026-11-26", [verify(target, T0)])
    result = restore_test(latest, against=None)
    record_restore_test(store, "scheduled__2026-11-25", result, target)
    record_restore_test(store, "scheduled__2026-11-25", result, target)
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(BackupVerification)) == 2
        row = s.scalars(select(BackupVerification).order_by(BackupVerification.id)).first()
        assert (row.system, row.part, row.backups_found, row.latest_file) == ("LEGACY_WMS", "database", 2, latest.name)
        assert row.latest_size == latest.stat().st_size and row.median_size == row.latest_size
        assert s.scalar(select(func.count()).select_from(BackupFinding)) == 2  # retention_short, twice
        test = s.scalars(select(RestoreTest)).one()
        assert test.ok and test.system == "LEGACY_WMS" and test.backup_sha256 == result.sha256
        tables = {t.name: t for t in s.scalars(select(RestoreTestTable)).all()}
        assert tables["warehouse_master"].rows == 62 and tables["warehouse_master"].expected_from == "manifest"
        assert tables["warehouse_master"].matches is True


# ---------------------------------------------------------------- the command line


def test_cli_snapshot_verify_and_restore_test(capsys, khlang_env, monkeypatch):
    monkeypatch.delenv("KHLANG_BACKUP_PG_URL", raising=False)
    code, out, err = run(capsys, "backup", "verify", "--format", "json", "--strict")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"run_key", "as_of", "ok", "targets"} and data["ok"] is False
    by_key = {f"{t['system']}/{t['part']}": t for t in data["targets"]}
    assert [f["code"] for f in by_key["DW/database"]["findings"]] == ["missing"]

    code, out, _ = run(capsys, "backup", "snapshot", "--system", "LEGACY_WMS", "--format", "json")
    assert code == 0
    made = json.loads(out)["backups"]
    assert [(b["part"], b["tables"].get("warehouse_master", {}).get("rows")) for b in made] == [
        ("database", 62), ("programs", None)]

    code, out, _ = run(capsys, "backup", "restore-test", "LEGACY_WMS", "--against", "source", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert set(data) == {"ok", "reason", "tables"} and data["ok"] is True
    assert data["tables"]["warehouse_master"] == {"rows": 62, "matches": True}
    assert all(set(t) == {"rows", "matches"} for t in data["tables"].values())

    bad = khlang_env / "var" / "broken.sqlite"
    shutil.copyfile(made[0]["file"], bad)
    bad.write_bytes(bad.read_bytes()[:8192])
    code, out, _ = run(capsys, "backup", "restore-test", str(bad), "--format", "json")
    assert code == 1 and json.loads(out)["ok"] is False and json.loads(out)["reason"].startswith("truncated")

    code, out, err = run(capsys, "backup", "restore-test", str(khlang_env / "nope.sqlite"))
    assert code == 2 and "no such backup file" in err

    from khlang.backup.records import RestoreTest
    from khlang.store import open_store

    with open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}").reading() as s:
        tests = s.scalars(select(RestoreTest).order_by(RestoreTest.id)).all()
    assert [(t.system, t.ok) for t in tests] == [("LEGACY_WMS", True), (None, False)]
    assert tests[0].against.endswith("legacy_wms.sqlite")

    code, out, _ = run(capsys, "backup", "list", "--format", "json")
    assert code == 0 and {r["part"] for r in json.loads(out)} == {"database", "programs"}


def test_cli_verify_table_and_snapshot_of_unknown_system(capsys, khlang_env):
    code, out, err = run(capsys, "backup", "snapshot", "--system", "NOPE")
    assert code == 2 and "no backups declared for system 'NOPE'" in err
    code, out, _ = run(capsys, "backup", "verify", "--system", "DW")
    assert code == 0 and "DW" in out and "missing" in out and "LEGACY_WMS" not in out


# ---------------------------------------------------------------- the report


def test_period_parsing_and_labels():
    from khlang.backup.report import Period, PeriodError

    assert Period.parse("2026-11") == Period.parse("2569-11") == Period.month(2026, 11)
    q = Period.parse("2569Q4")
    assert q == Period.quarter(2026, 4) and q.slug == "2026Q4"
    assert q.label.th == "ไตรมาส 4/2569 (ไตรมาส 1 ปีงบประมาณ 2570)"
    assert Period.month(2026, 11).label.th == "พฤศจิกายน 2569"
    start, end = q.bounds_utc()
    assert start == dt.datetime(2026, 9, 30, 17, 0, tzinfo=UTC) and end == dt.datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.quarter(2027, 1).previous() == Period.quarter(2026, 4)
    for bad in ("2026-13", "2026Q5", "Nov 2026", ""):
        with pytest.raises(PeriodError):
            Period.parse(bad)


def test_as_of_accepts_buddhist_era_and_bangkok_time():
    from khlang.backup.tasks import as_of_moment

    assert as_of_moment("2569-11-25T10:00:00+07:00") == dt.datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    assert as_of_moment("2026-11-25T10:00:00") == dt.datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    assert as_of_moment("25/11/2569") == dt.datetime(2026, 11, 25, 16, 59, 59, tzinfo=UTC)


def test_report_is_bilingual_escaped_and_self_contained(capsys, khlang_env, monkeypatch):
    from khlang.backup.tasks import as_of_moment
    from khlang.dates import BANGKOK

    monkeypatch.delenv("KHLANG_BACKUP_PG_URL", raising=False)
    assert run(capsys, "backup", "snapshot", "--system", "LEGACY_WMS")[0] == 0
    dest = khlang_env / "var" / "backups" / "LEGACY_WMS" / "database"
    real = next(dest.glob("*.sqlite"))
    evil = dest / "zz<img src=x onerror=alert(1)>.sqlite"
    shutil.copyfile(real, evil)  # newest by mtime, and it has no manifest
    os.utime(evil, (real.stat().st_mtime + 60,) * 2)
    assert run(capsys, "backup", "verify")[0] == 0
    assert run(capsys, "backup", "restore-test", "LEGACY_WMS", "--against", "source")[0] == 0
    local = as_of_moment(None).astimezone(BANGKOK)
    code, out, _ = run(capsys, "backup", "report", "--period", f"{local.year + 543}-{local.month:02d}")
    assert code == 0
    page = khlang_env / "reports" / "backup" / f"{local.year}-{local.month:02d}" / "index.html"
    assert str(page) in out
    html = page.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "zz&lt;img src=x onerror=alert(1)&gt;.sqlite" in html
    assert "รายงานผลการสำรองข้อมูลและการทดสอบกู้คืนข้อมูล" in html and "Backup and restore-test report" in html
    assert f"{local.year + 543})" in html, "B.E. dates beside C.E."
    assert "ไม่มีบันทึกกำกับไฟล์สำรอง" in html and "manifest_missing" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html
    assert "restored 2 table(s)" in html

    from browser import Browser

    with Browser() as browser:
        opened = browser.open(page)
        assert opened.blocked_requests == [] and opened.dialogs == [] and opened.errors == []
        assert opened.page.locator("#restore-tests tbody tr").count() >= 1


def test_report_with_a_bad_period_exits_2(capsys, khlang_env):
    code, out, err = run(capsys, "backup", "report", "--period", "2026-13")
    assert code == 2 and "use YYYY-MM" in err
    assert not (khlang_env / "reports" / "backup").exists()
