"""Restore tests on real backups of SQLite, DuckDB and PostgreSQL, with every kind of corruption planted.

Each backup is made by `take_backup` (the SQLite backup API, DuckDB EXPORT DATABASE, pg_dump -Fc on
the real server) and then damaged: truncated, emptied, a bit flipped (with and without its manifest),
or short of rows. None of them may ever be reported ok, and the reason must say which.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import tarfile
from pathlib import Path

import duckdb
import pytest

from khlang.backup.declarations import BackupTarget
from khlang.backup.engines import Location
from khlang.backup.manifest import manifest_path, read_manifest
from khlang.backup.restore import restore_test
from khlang.backup.snapshot import take_backup

UTC = dt.UTC


def make_target(engine: str, dest: Path, path: Path | None = None, url: str | None = None,
                part: str = "database", **over) -> BackupTarget:
    """A target as load_backups would build it, for tests that need no YAML."""
    base = dict(system="T", part=part, engine=engine, destination=dest, pattern="*", frequency="daily",
                grace=dt.timedelta(hours=6), keep=3, max_age=None, size_tolerance=0.3, size_window=7,
                taken_by="external", source_path=path, source_url=url, source_label=str(path or url),
                restore_test="monthly", restore_against_source=True)
    base.update(over)
    return BackupTarget(**base)


def without_manifest(backup: Path, name: str) -> Path:
    """A copy of the backup under another name, with no manifest beside it."""
    copy = backup.with_name(name)
    shutil.copyfile(backup, copy)
    return copy


def with_manifest(backup: Path, name: str) -> Path:
    """A copy of the backup and of its manifest under another name."""
    copy = without_manifest(backup, name)
    shutil.copyfile(manifest_path(backup), manifest_path(copy))
    return copy


def flip(path: Path, offset: int, mask: int = 0x01) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    path.write_bytes(bytes(data))


def truncate(path: Path, size: int) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:size])


def assert_not_ok(result, *expected: str) -> None:
    assert result.ok is False
    assert any(result.reason.startswith(e) or f"; {e}" in result.reason for e in expected), result.reason


@pytest.fixture
def scratch_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KHLANG_VAR_DIR", str(tmp_path / "var"))
    return tmp_path


# ---------------------------------------------------------------- SQLite


@pytest.fixture
def sqlite_source(sample_dir, scratch_env) -> Path:
    src = scratch_env / "src" / "legacy_wms.sqlite"
    src.parent.mkdir()
    shutil.copyfile(sample_dir / "legacy" / "legacy_wms.sqlite", src)
    return src


@pytest.fixture
def sqlite_backup(sqlite_source, scratch_env) -> Path:
    return take_backup(make_target("sqlite", scratch_env / "bk", sqlite_source)).file


def sqlite_loc(path: Path) -> Location:
    return Location("sqlite", path=path, label=str(path))


def test_sqlite_backup_restores_and_matches_source(sqlite_source, sqlite_backup):
    manifest = read_manifest(sqlite_backup)
    assert manifest.engine == "sqlite" and manifest.size == sqlite_backup.stat().st_size
    assert manifest.tables["warehouse_master"]["rows"] == 62 and set(manifest.tables) == {
        "warehouse_master", "depositor_accounts"}
    result = restore_test(sqlite_backup, against=sqlite_loc(sqlite_source))
    assert result.ok, result.reason
    assert result.to_dict()["tables"] == {
        "depositor_accounts": {"rows": manifest.tables["depositor_accounts"]["rows"], "matches": True},
        "warehouse_master": {"rows": 62, "matches": True},
    }
    assert "integrity check passed" in result.reason


def test_sqlite_backup_is_a_consistent_copy_while_a_writer_holds_a_transaction(sqlite_source, scratch_env):
    writer = sqlite3.connect(sqlite_source)
    writer.execute("BEGIN")
    writer.execute("DELETE FROM warehouse_master WHERE wh_code LIKE 'WH000%'")  # not committed
    try:
        snap = take_backup(make_target("sqlite", scratch_env / "bk", sqlite_source))
    finally:
        writer.rollback()
        writer.close()
    assert snap.manifest.tables["warehouse_master"]["rows"] == 62
    assert restore_test(snap.file, against=sqlite_loc(sqlite_source)).ok


def test_sqlite_truncated(sqlite_source, sqlite_backup):
    with_m = with_manifest(sqlite_backup, "cut.sqlite")
    truncate(with_m, 100_000)
    result = restore_test(with_m, against=sqlite_loc(sqlite_source))
    assert_not_ok(result, "truncated")
    assert result.reason.startswith(
        f"truncated: the backup file has 100,000 bytes, its manifest says {sqlite_backup.stat().st_size:,}")
    bare = without_manifest(sqlite_backup, "cut-bare.sqlite")
    truncate(bare, 4096 * 20)  # whole pages, fewer than the header says
    result = restore_test(bare, against=sqlite_loc(sqlite_source))
    assert_not_ok(result, "truncated")
    assert "the SQLite header says" in result.reason


def test_sqlite_empty(sqlite_source, sqlite_backup):
    for copy in (with_manifest(sqlite_backup, "e1.sqlite"), without_manifest(sqlite_backup, "e2.sqlite")):
        copy.write_bytes(b"")
        result = restore_test(copy, against=sqlite_loc(sqlite_source))
        assert_not_ok(result, "empty")
        assert result.tables == {}


def _name_offset(path: Path, source: Path) -> int:
    """Where the record of WH0001 keeps its (unindexed) name, inside the file."""
    con = sqlite3.connect(source)
    code, name, province = con.execute(
        "SELECT wh_code, wh_name, province FROM warehouse_master ORDER BY wh_code LIMIT 1").fetchone()
    con.close()
    data = path.read_bytes()
    needle = code.encode() + name.encode() + province.encode()
    at = data.find(needle)
    assert at > 0 and data.find(needle, at + 1) == -1
    return at + len(code.encode()) + 2  # the last byte of the name's first Thai letter


def test_sqlite_bit_flip_with_manifest_is_a_checksum_mismatch(sqlite_source, sqlite_backup):
    copy = with_manifest(sqlite_backup, "flip.sqlite")
    flip(copy, _name_offset(copy, sqlite_source))
    result = restore_test(copy)
    assert_not_ok(result, "checksum mismatch")
    assert result.reason.startswith("checksum mismatch: sha256")
    # The manifest's per-table checksums also see which table changed.
    assert "content differs: table warehouse_master" in result.reason
    assert result.to_dict()["tables"]["warehouse_master"]["matches"] is False


def test_sqlite_bit_flip_in_a_value_without_manifest_is_caught_by_the_content_checksum(sqlite_source, sqlite_backup):
    copy = without_manifest(sqlite_backup, "flip-bare.sqlite")
    flip(copy, _name_offset(copy, sqlite_source))
    result = restore_test(copy, against=sqlite_loc(sqlite_source))
    assert_not_ok(result, "content differs")
    assert "content differs: table warehouse_master has the same 62 rows" in result.reason
    tables = result.to_dict()["tables"]
    assert tables["warehouse_master"] == {"rows": 62, "matches": False}
    assert tables["depositor_accounts"]["matches"] is True


def test_sqlite_bit_flip_in_structure_without_manifest_fails_the_integrity_check(sqlite_source, sqlite_backup):
    copy = without_manifest(sqlite_backup, "flip-page.sqlite")
    page_size = 4096
    con = sqlite3.connect(copy)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'depositor_accounts'").fetchone()[0]
    con.close()
    flip(copy, (root - 1) * page_size, 0x0F)  # the b-tree page type byte: 0x05/0x0D become invalid
    result = restore_test(copy, against=sqlite_loc(sqlite_source))
    assert_not_ok(result, "integrity check failed")


def test_sqlite_short_of_rows_against_the_source(sqlite_source, scratch_env):
    partial = scratch_env / "partial.sqlite"
    shutil.copyfile(sqlite_source, partial)
    con = sqlite3.connect(partial)
    con.execute("DELETE FROM warehouse_master WHERE rowid IN (SELECT rowid FROM warehouse_master LIMIT 5)")
    con.commit()
    con.close()
    backup = take_backup(make_target("sqlite", scratch_env / "bk2", partial)).file
    result = restore_test(backup, against=sqlite_loc(sqlite_source))
    assert_not_ok(result, "rows short")
    assert "rows short: table warehouse_master has 57, source has 62" in result.reason
    assert result.to_dict()["tables"]["warehouse_master"] == {"rows": 57, "matches": False}
    # Without a source the backup is consistent with its own manifest.
    assert restore_test(backup).ok


def test_sqlite_short_of_rows_against_the_manifest(sqlite_backup):
    copy = with_manifest(sqlite_backup, "short.sqlite")
    con = sqlite3.connect(copy)
    con.execute("DELETE FROM warehouse_master WHERE rowid IN (SELECT rowid FROM warehouse_master LIMIT 5)")
    con.commit()
    con.close()
    result = restore_test(copy)
    assert_not_ok(result, "checksum mismatch")
    assert "rows short: table warehouse_master has 57, manifest has 62" in result.reason


# ---------------------------------------------------------------- DuckDB


@pytest.fixture
def duckdb_source(sample_dir, scratch_env) -> Path:
    src = scratch_env / "src" / "khlang_dw.duckdb"
    src.parent.mkdir(exist_ok=True)
    shutil.copyfile(sample_dir / "warehouse" / "khlang_dw.duckdb", src)
    return src


@pytest.fixture
def duckdb_backup(duckdb_source, scratch_env) -> Path:
    return take_backup(make_target("duckdb", scratch_env / "bk", duckdb_source)).file


def duck_loc(path: Path) -> Location:
    return Location("duckdb", path=path, label=str(path))


def _member_offset(tar_path: Path, suffix: str) -> tuple[int, int]:
    with tarfile.open(tar_path) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(suffix))
        return member.offset_data, member.size


def test_duckdb_backup_restores_and_matches_source(duckdb_source, duckdb_backup):
    manifest = read_manifest(duckdb_backup)
    assert manifest.engine == "duckdb" and duckdb_backup.name.endswith(".duckdb.tar")
    with tarfile.open(duckdb_backup) as tar:
        names = sorted(tar.getnames())
    assert names == ["daily_stock_balances.parquet", "load.sql", "monthly_commodity_summary.parquet", "schema.sql"]
    result = restore_test(duckdb_backup, against=duck_loc(duckdb_source))
    assert result.ok, result.reason
    con = duckdb.connect(str(duckdb_source), read_only=True)
    rows = con.execute("SELECT count(*) FROM daily_stock_balances").fetchone()[0]
    con.close()
    assert result.to_dict()["tables"]["daily_stock_balances"] == {"rows": rows, "matches": True}


def test_duckdb_backup_refuses_while_another_process_writes(duckdb_source, scratch_env):
    import subprocess
    import sys

    from khlang.errors import SourceError

    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(30)"),
        str(duckdb_source)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(SourceError, match="another process is writing it"):
            take_backup(make_target("duckdb", scratch_env / "bk3", duckdb_source))
    finally:
        holder.kill()
        holder.wait()
    assert not any((scratch_env / "bk3").glob("*.tar")), "no half backup left behind"


def test_duckdb_truncated(duckdb_source, duckdb_backup):
    copy = with_manifest(duckdb_backup, "cut.duckdb.tar")
    truncate(copy, copy.stat().st_size // 2 // 512 * 512)
    assert_not_ok(restore_test(copy, against=duck_loc(duckdb_source)), "truncated")
    bare = without_manifest(duckdb_backup, "cut-bare.duckdb.tar")
    offset, size = _member_offset(bare, "daily_stock_balances.parquet")
    truncate(bare, (offset + size // 2) // 512 * 512)  # whole blocks: the tar itself must notice
    result = restore_test(bare, against=duck_loc(duckdb_source))
    assert_not_ok(result, "truncated")
    odd = without_manifest(duckdb_backup, "cut-odd.duckdb.tar")
    truncate(odd, 12_345)
    assert_not_ok(restore_test(odd), "truncated")


def test_duckdb_empty(duckdb_backup):
    for copy in (with_manifest(duckdb_backup, "e1.duckdb.tar"), without_manifest(duckdb_backup, "e2.duckdb.tar")):
        copy.write_bytes(b"")
        assert_not_ok(restore_test(copy), "empty")


def test_duckdb_bit_flip_with_manifest(duckdb_source, duckdb_backup):
    copy = with_manifest(duckdb_backup, "flip.duckdb.tar")
    offset, size = _member_offset(copy, "monthly_commodity_summary.parquet")
    flip(copy, offset + size // 2)
    result = restore_test(copy, against=duck_loc(duckdb_source))
    assert_not_ok(result, "checksum mismatch")


def test_duckdb_bit_flip_without_manifest(duckdb_source, duckdb_backup):
    for i, suffix in enumerate(("daily_stock_balances.parquet", "monthly_commodity_summary.parquet", "schema.sql")):
        copy = without_manifest(duckdb_backup, f"flip{i}.duckdb.tar")
        offset, size = _member_offset(copy, suffix)
        flip(copy, offset + size // 2, 0x04)
        result = restore_test(copy, against=duck_loc(duckdb_source))
        assert_not_ok(result, "integrity check failed", "content differs")


def test_duckdb_short_of_rows_against_the_source(duckdb_source, scratch_env):
    partial = scratch_env / "partial.duckdb"
    shutil.copyfile(duckdb_source, partial)
    con = duckdb.connect(str(partial))
    total = con.execute("SELECT count(*) FROM monthly_commodity_summary").fetchone()[0]
    con.execute("DELETE FROM monthly_commodity_summary WHERE rowid IN "
                "(SELECT rowid FROM monthly_commodity_summary ORDER BY month LIMIT 10)")
    con.close()
    backup = take_backup(make_target("duckdb", scratch_env / "bk2", partial)).file
    result = restore_test(backup, against=duck_loc(duckdb_source))
    assert_not_ok(result, "rows short")
    assert f"rows short: table monthly_commodity_summary has {total - 10:,}, source has {total:,}" in result.reason


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture
def pg_source(pg_url, sample_dir) -> str:
    """A PostgreSQL database holding the legacy WMS tables (Thai text) and a schema with typed columns."""
    import psycopg

    lite = sqlite3.connect(sample_dir / "legacy" / "legacy_wms.sqlite")
    warehouses = lite.execute("SELECT * FROM warehouse_master").fetchall()
    accounts = lite.execute("SELECT * FROM depositor_accounts").fetchall()
    lite.close()
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE warehouse_master (wh_code text PRIMARY KEY, wh_name text, province text, "
                     "capacity integer)")
        conn.execute("CREATE TABLE depositor_accounts (account_no text PRIMARY KEY, ref_no text, "
                     "holder_name text, opened text)")
        conn.execute("CREATE SCHEMA finance")
        conn.execute("CREATE TABLE finance.fees (id serial PRIMARY KEY, amount numeric(12,2), "
                     "charged_at timestamptz, due date, paid boolean, note text)")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO warehouse_master VALUES (%s, %s, %s, %s)", warehouses)
            cur.executemany("INSERT INTO depositor_accounts VALUES (%s, %s, %s, %s)", accounts)
            cur.execute("INSERT INTO finance.fees (amount, charged_at, due, paid, note) "
                        "SELECT g * 12.5, timestamptz '2026-11-01 09:00+07' + g * interval '1 hour', "
                        "date '2026-01-01' + g, g % 2 = 0, 'ค่าฝากเก็บ ' || g "
                        "FROM generate_series(1, 100) g")
    return pg_url


@pytest.fixture
def pg_backup(pg_source, scratch_env) -> Path:
    return take_backup(make_target("postgres", scratch_env / "bk", url=pg_source)).file


def pg_loc(url: str) -> Location:
    return Location("postgres", url=url, label=url)


def _scratch_databases(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'khlang_restore_%'").fetchall()]


def test_postgres_backup_restores_and_matches_source(pg_source, pg_backup):
    before = _scratch_databases(pg_source)
    manifest = read_manifest(pg_backup)
    assert pg_backup.read_bytes()[:5] == b"PGDMP"
    assert manifest.tables["warehouse_master"]["rows"] == 62 and manifest.tables["finance.fees"]["rows"] == 100
    result = restore_test(pg_backup, against=pg_loc(pg_source))
    assert result.ok, result.reason
    assert set(result.to_dict()["tables"]) == {"warehouse_master", "depositor_accounts", "finance.fees"}
    assert all(t["matches"] for t in result.to_dict()["tables"].values())
    assert _scratch_databases(pg_source) == before, "the scratch database is dropped"


def test_postgres_truncated(pg_source, pg_backup):
    before = _scratch_databases(pg_source)
    copy = with_manifest(pg_backup, "cut.pgdump")
    truncate(copy, copy.stat().st_size // 2)
    assert_not_ok(restore_test(copy, against=pg_loc(pg_source)), "truncated")
    bare = without_manifest(pg_backup, "cut-bare.pgdump")
    truncate(bare, bare.stat().st_size * 3 // 4)
    result = restore_test(bare, against=pg_loc(pg_source))
    assert_not_ok(result, "truncated", "integrity check failed")
    assert "end of file" in result.reason or "truncated" in result.reason
    assert _scratch_databases(pg_source) == before, "dropped even when the restore fails"


def test_postgres_empty(pg_source, pg_backup):
    copy = with_manifest(pg_backup, "empty.pgdump")
    copy.write_bytes(b"")
    assert_not_ok(restore_test(copy, against=pg_loc(pg_source)), "empty")


def test_postgres_bit_flip(pg_source, pg_backup):
    size = pg_backup.stat().st_size
    copy = with_manifest(pg_backup, "flip.pgdump")
    flip(copy, size * 3 // 4)
    assert_not_ok(restore_test(copy, against=pg_loc(pg_source)), "checksum mismatch")
    bare = without_manifest(pg_backup, "flip-bare.pgdump")
    flip(bare, size * 3 // 4)
    result = restore_test(bare, against=pg_loc(pg_source))
    assert_not_ok(result, "integrity check failed", "content differs")


def test_postgres_short_of_rows_against_the_source(pg_source, pg_backup):
    import psycopg

    with psycopg.connect(pg_source) as conn:
        conn.execute("INSERT INTO finance.fees (amount, note) SELECT 1, 'x' FROM generate_series(1, 5)")
    result = restore_test(pg_backup, against=pg_loc(pg_source))
    assert_not_ok(result, "rows short")
    assert "rows short: table finance.fees has 100, source has 105" in result.reason
    assert result.to_dict()["tables"]["finance.fees"] == {"rows": 100, "matches": False}
    assert result.to_dict()["tables"]["warehouse_master"]["matches"] is True


def test_postgres_short_of_rows_against_the_manifest(pg_source, pg_backup):
    path = manifest_path(pg_backup)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tables"]["warehouse_master"]["rows"] = 67
    path.write_text(json.dumps(data), encoding="utf-8")
    result = restore_test(pg_backup, server_url=pg_source)
    assert_not_ok(result, "rows short")
    assert "rows short: table warehouse_master has 62, manifest has 67" in result.reason


def test_postgres_stale_scratch_databases_are_swept(pg_source, pg_backup):
    import psycopg

    stale = "khlang_restore_20200101000000_deadbeef00"
    with psycopg.connect(pg_source, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{stale}"')
    assert stale in _scratch_databases(pg_source)
    assert restore_test(pg_backup, server_url=pg_source).ok
    assert stale not in _scratch_databases(pg_source)


def test_postgres_backup_of_an_unreachable_server_is_a_clear_error(scratch_env):
    from khlang.errors import SourceError

    target = make_target("postgres", scratch_env / "bk", url="postgresql://postgres@127.0.0.1:1/nowhere")
    with pytest.raises(SourceError, match="cannot connect to PostgreSQL at 127.0.0.1:1/nowhere"):
        take_backup(target)
    assert list((scratch_env / "bk").iterdir()) == []


# ---------------------------------------------------------------- shared rules


def test_a_backup_of_another_engine_cannot_be_compared(sqlite_backup, duckdb_source):
    from khlang.errors import SourceError

    with pytest.raises(SourceError, match="cannot compare a sqlite backup with a duckdb source"):
        restore_test(sqlite_backup, against=duck_loc(duckdb_source))


def test_engine_is_recognised_without_manifest_or_suffix(sqlite_backup, duckdb_backup, pg_backup, pg_source):
    for backup, engine in ((sqlite_backup, "sqlite"), (duckdb_backup, "duckdb"), (pg_backup, "postgres")):
        copy = without_manifest(backup, f"renamed-{engine}.bak")
        result = restore_test(copy, server_url=pg_source)
        assert result.engine == engine and result.ok, result.reason


def test_partial_backup_files_never_look_like_backups(sqlite_source, scratch_env, monkeypatch):
    from khlang.backup.engines.sqlite import SQLiteEngine
    from khlang.backup.verify import discover

    def boom(self, source, out):  # noqa: ANN001
        out.write_bytes(b"half")
        raise RuntimeError("killed half-way")

    target = make_target("sqlite", scratch_env / "bk4", sqlite_source)
    monkeypatch.setattr(SQLiteEngine, "backup", boom)
    with pytest.raises(RuntimeError):
        take_backup(target)
    assert list((scratch_env / "bk4").iterdir()) == []
    assert discover(target) == []
