"""MySQL/MariaDB backups and restore tests on the real server at KHLANG_TEST_MYSQL_URL.

Every backup is made by `take_backup` (mariadb-dump --single-transaction, gzip, then restored into a
scratch database for the manifest) and then damaged the ways the other engines' tests damage theirs:
truncated, emptied, a bit flipped (with and without its manifest), short of rows. None of them may be
reported ok, and the reason must say which. Each test has its own database, dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import sqlite3
import stat
import textwrap
import threading
import time
import uuid
from pathlib import Path

import pytest
from mysql_support import admin_connection as _admin
from mysql_support import run_sql
from mysql_support import url_for as _url_for

from khlang.backup.declarations import BackupTarget, redact
from khlang.backup.engines import Location, get_engine, sniff_source
from khlang.backup.manifest import manifest_path, read_manifest
from khlang.backup.restore import restore_test
from khlang.backup.snapshot import take_backup
from khlang.errors import SourceError


def scratch_databases() -> list[str]:
    admin = _admin()
    try:
        with admin.cursor() as cur:
            cur.execute("SHOW DATABASES LIKE 'khlang\\_restore\\_%'")
            return sorted(r[0] for r in cur.fetchall())
    finally:
        admin.close()


def make_target(dest: Path, url: str, **over) -> BackupTarget:
    base = dict(system="T", part="database", engine="mysql", destination=dest, pattern="*", frequency="daily",
                grace=dt.timedelta(hours=6), keep=3, max_age=None, size_tolerance=0.3, size_window=7,
                taken_by="external", source_path=None, source_url=url, source_label=redact(url),
                restore_test="monthly", restore_against_source=True)
    base.update(over)
    return BackupTarget(**base)


def my_loc(url: str) -> Location:
    return Location("mysql", url=url, label=redact(url))


def without_manifest(backup: Path, name: str) -> Path:
    copy = backup.with_name(name)
    shutil.copyfile(backup, copy)
    return copy


def with_manifest(backup: Path, name: str) -> Path:
    copy = without_manifest(backup, name)
    shutil.copyfile(manifest_path(backup), manifest_path(copy))
    return copy


def plain_copy(backup: Path, name: str) -> Path:
    """The dump decompressed: plain SQL, as an external mariadb-dump > file.sql would leave it."""
    copy = backup.with_name(name)
    copy.write_bytes(gzip.decompress(backup.read_bytes()))
    return copy


def flip(path: Path, offset: int, mask: int = 0x01) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    path.write_bytes(bytes(data))


def truncate(path: Path, size: int) -> None:
    path.write_bytes(path.read_bytes()[:size])


def assert_not_ok(result, *expected: str) -> None:
    assert result.ok is False
    assert any(result.reason.startswith(e) or f"; {e}" in result.reason for e in expected), result.reason


@pytest.fixture
def scratch_env(tmp_path, monkeypatch):
    monkeypatch.setenv("KHLANG_VAR_DIR", str(tmp_path / "var"))
    return tmp_path


@pytest.fixture
def my_source(mysql_url, sample_dir) -> str:
    """The legacy WMS tables (Thai text), typed columns of every common kind, a view, a trigger, a routine."""
    lite = sqlite3.connect(sample_dir / "legacy" / "legacy_wms.sqlite")
    warehouses = lite.execute("SELECT * FROM warehouse_master").fetchall()
    accounts = lite.execute("SELECT * FROM depositor_accounts").fetchall()
    lite.close()
    run_sql(mysql_url,
            "CREATE TABLE warehouse_master (wh_code varchar(10) PRIMARY KEY, wh_name varchar(200), "
            "province varchar(100), capacity int)",
            "INSERT INTO warehouse_master VALUES (%s, %s, %s, %s)", rows=warehouses)
    run_sql(mysql_url,
            "CREATE TABLE depositor_accounts (account_no varchar(20) PRIMARY KEY, ref_no char(13), "
            "holder_name varchar(200), opened varchar(20))",
            "INSERT INTO depositor_accounts VALUES (%s, %s, %s, %s)", rows=accounts)
    fees = [(i * 12.5, f"2026-11-01 0{i % 10}:00:00.{i:06d}", f"2026-11-02 10:{i % 60:02d}:00.5",
             f"2026-01-{i % 28 + 1:02d}", f"{i % 24}:15:30", i % 2, f"ค่าฝากเก็บ {i} 🌾" if i % 7 else None,
             bytes([i % 256, 0, 255, 39, 92]) if i % 5 else None, i % 32, i / 3, i / 7,
             "storage" if i % 3 else "handling", json.dumps({"i": i, "th": "ข้าว"}, ensure_ascii=False),
             2000 + i % 100, 2**63 + i)
            for i in range(1, 101)]
    run_sql(mysql_url,
            "CREATE TABLE fees (id int AUTO_INCREMENT PRIMARY KEY, amount decimal(12,2), "
            "charged_at timestamp(6) NULL, booked datetime(3), due date, at_time time, paid tinyint(1), note text, "
            "doc blob, flags bit(5), ratio double, approx float, kind enum('storage','handling'), meta json, "
            "yr year, big bigint unsigned)",
            "INSERT INTO fees (amount, charged_at, booked, due, at_time, paid, note, doc, flags, ratio, approx, kind, "
            "meta, yr, big) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows=fees)
    run_sql(mysql_url,
            "CREATE TABLE `line items` (`order` int, `note ``quoted``` varchar(20)) ENGINE=MyISAM",
            "INSERT INTO `line items` VALUES (1, 'a'), (1, 'a'), (2, NULL)",
            "CREATE VIEW paid_fees AS SELECT id, amount FROM fees WHERE paid = 1",
            "CREATE TRIGGER fees_note BEFORE INSERT ON fees FOR EACH ROW SET NEW.note = COALESCE(NEW.note, '-')",
            "CREATE PROCEDURE fee_total(OUT total decimal(14,2)) SELECT sum(amount) INTO total FROM fees")
    return mysql_url


@pytest.fixture
def my_backup(my_source, scratch_env) -> Path:
    return take_backup(make_target(scratch_env / "bk", my_source)).file


# ---------------------------------------------------------------- good backups


def test_backup_restores_and_matches_source(my_source, my_backup):
    before = scratch_databases()
    assert my_backup.name.endswith(".mysql.sql.gz") and my_backup.read_bytes()[:2] == b"\x1f\x8b"
    text = gzip.decompress(my_backup.read_bytes()).decode("utf-8")
    assert "-- MariaDB dump" in text[:300] or "-- MySQL dump" in text[:300]
    assert text.rstrip().splitlines()[-1].startswith("-- Dump completed")
    assert "CREATE DATABASE" not in text and "\nUSE " not in text  # one database, restorable under any name
    manifest = read_manifest(my_backup)
    assert manifest.engine == "mysql" and manifest.size == my_backup.stat().st_size
    assert manifest.source == redact(my_source) and manifest.engine_version
    assert set(manifest.tables) == {"warehouse_master", "depositor_accounts", "fees", "line items"}
    assert manifest.tables["warehouse_master"]["rows"] == 62 and manifest.tables["fees"]["rows"] == 100
    assert manifest.tables["line items"]["rows"] == 3
    # Restore-after-backup gives the very digests of the (quiet) source.
    with get_engine("mysql").open(my_loc(my_source)) as live:
        assert {n: d.to_dict() for n, d in live.digests().items()} == manifest.tables
    result = restore_test(my_backup, against=my_loc(my_source))
    assert result.ok, result.reason
    assert "integrity check passed" in result.reason and "match the source" in result.reason
    assert all(t["matches"] for t in result.to_dict()["tables"].values())
    assert result.to_dict()["tables"]["fees"] == {"rows": 100, "matches": True}
    assert restore_test(my_backup, server_url=my_source).ok  # against its manifest only
    assert scratch_databases() == before, "every scratch database is dropped"


def test_views_triggers_and_routines_are_restored(my_source, my_backup):
    from khlang.backup.engines.mysql import params

    with get_engine("mysql").restore(my_backup, my_backup.parent, my_source) as db:
        with db.conn.cursor() as cur:
            cur.execute("SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()")
            assert [r[0] for r in cur.fetchall()] == ["paid_fees"]
            cur.execute("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")
            assert [r[0] for r in cur.fetchall()] == ["fees_note"]
            cur.execute("SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()")
            assert [r[0] for r in cur.fetchall()] == ["fee_total"]
            cur.execute("CALL fee_total(@t)")
            cur.execute("SELECT @t, count(*) FROM paid_fees")
            assert cur.fetchone() == (sum(__import__("decimal").Decimal(i * 125) / 10 for i in range(1, 101)), 50)
            cur.execute("SELECT doc, flags, meta FROM fees WHERE id = 39")
            assert cur.fetchone() == (bytes([39, 0, 255, 39, 92]), b"\x07", '{"i": 39, "th": "ข้าว"}')
        assert db.database.startswith("khlang_restore_") and db.database != params(my_source).database


def test_the_manifest_is_what_the_dump_holds_while_writers_commit(mysql_url, scratch_env):
    """A live database: a writer commits (ledger row + running total, one transaction) all through the backup."""
    run_sql(mysql_url,
            "CREATE TABLE ledger (id int AUTO_INCREMENT PRIMARY KEY, amount int, note varchar(40))",
            "INSERT INTO ledger (amount, note) VALUES (%s, %s)", rows=[(i, f"รายการ {i}") for i in range(100_000)])
    run_sql(mysql_url, "CREATE TABLE totals (id int PRIMARY KEY, n int, s bigint)",
            "INSERT INTO totals SELECT 1, count(*), sum(amount) FROM ledger")
    from khlang.backup.engines.mysql import connect, params

    stop = threading.Event()
    commits: list[float] = []

    def writer() -> None:
        p = params(mysql_url)
        conn = connect(p, p.database)
        conn.autocommit(False)
        with conn.cursor() as cur:
            while not stop.is_set():
                cur.execute("INSERT INTO ledger (amount, note) VALUES (7, 'live')")
                cur.execute("UPDATE totals SET n = n + 1, s = s + 7 WHERE id = 1")
                conn.commit()
                commits.append(time.monotonic())
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(commits) < 20:
            time.sleep(0.01)
        started = time.monotonic()
        snap = take_backup(make_target(scratch_env / "bk", mysql_url))
        finished = time.monotonic()
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join()
    during = [t for t in commits if started < t < finished]
    assert len(during) > 20, "the writer kept committing while the backup ran"
    rows = snap.manifest.tables["ledger"]["rows"]
    with get_engine("mysql").restore(snap.file, scratch_env, mysql_url) as db:
        with db.conn.cursor() as cur:
            cur.execute("SELECT (SELECT count(*) FROM ledger), (SELECT sum(amount) FROM ledger), n, s FROM totals")
            count, total, n, s = cur.fetchone()
        digests = db.digests()
    assert count == n == rows and total == s, "one consistent snapshot: both tables from the same moment"
    assert {k: d.to_dict() for k, d in digests.items()} == snap.manifest.tables, "the manifest is the dump"
    live_rows = run_sql(mysql_url, "SELECT count(*) FROM ledger")[0][0]
    assert live_rows > rows >= 100_020
    assert restore_test(snap.file, server_url=mysql_url).ok  # consistent with its own manifest
    result = restore_test(snap.file, against=my_loc(mysql_url))
    assert_not_ok(result, "rows short")
    assert f"rows short: table ledger has {rows:,}, source has {live_rows:,}" in result.reason


def test_an_external_plain_sql_dump_is_recognised_and_restored(my_source, my_backup):
    plain = plain_copy(my_backup, "wms-nightly.sql")
    assert get_engine("mysql").recognises(plain.read_bytes()[:512])
    result = restore_test(plain, against=my_loc(my_source))
    assert result.engine == "mysql" and result.ok, result.reason
    renamed = without_manifest(my_backup, "renamed.bak")  # gzip, no manifest, no suffix: recognised by content
    result = restore_test(renamed, server_url=my_source)
    assert result.engine == "mysql" and result.ok, result.reason


def test_a_dump_made_with_databases_restores_into_the_scratch_database_only(my_source, scratch_env):
    """`mariadb-dump --databases X` writes CREATE DATABASE X; USE X: the restore must not touch X.

    Made without --hex-blob, as other tools' dumps often are: binary values travel as raw bytes.
    """
    import subprocess

    from khlang.backup.engines.mysql import defaults_file, params

    p = params(my_source)
    out = scratch_env / "with-use.sql"
    with defaults_file(p) as cnf, out.open("wb") as fh:
        subprocess.run(["mariadb-dump", f"--defaults-file={cnf}", "--add-drop-database", "--databases",
                        p.database], stdout=fh, check=True)
    text = out.read_bytes()
    assert b"CREATE DATABASE" in text and b"DROP DATABASE" in text and f"USE `{p.database}`".encode() in text
    run_sql(my_source, "INSERT INTO fees (amount) VALUES (1)")  # the source moves on; a restore into it would undo it
    result = restore_test(out, server_url=my_source)
    assert result.ok, result.reason
    assert result.to_dict()["tables"]["fees"]["rows"] == 100
    assert run_sql(my_source, "SELECT count(*) FROM fees")[0][0] == 101, "the source was not touched"
    two = scratch_env / "two.sql"
    two.write_bytes(text + b"\nUSE `other_db`;\nDROP TABLE IF EXISTS `fees`;\n")
    result = restore_test(two, server_url=my_source)
    assert_not_ok(result, "integrity check failed: the dump holds more than one database")


def test_client_commands_in_a_dump_are_not_run(my_source, my_backup, scratch_env):
    marker = scratch_env / "pwned"
    plain = plain_copy(my_backup, "evil.sql")
    text = plain.read_text(encoding="utf-8")
    plain.write_text(text.replace("-- Dump completed", f"\\! touch {marker}\nsystem touch {marker}\n-- Dump completed"),
                     encoding="utf-8")
    result = restore_test(plain, server_url=my_source)
    assert not marker.exists()
    assert_not_ok(result, "integrity check failed")


# ---------------------------------------------------------------- damaged backups


def test_truncated(my_source, my_backup):
    before = scratch_databases()
    copy = with_manifest(my_backup, "cut.mysql.sql.gz")
    truncate(copy, copy.stat().st_size // 2)
    result = restore_test(copy, against=my_loc(my_source))
    assert_not_ok(result, "truncated")
    assert result.reason.startswith(f"truncated: the backup file has {copy.stat().st_size:,} bytes, its manifest says")
    bare = without_manifest(my_backup, "cut-bare.mysql.sql.gz")
    truncate(bare, bare.stat().st_size * 3 // 4)
    result = restore_test(bare, against=my_loc(my_source))
    assert_not_ok(result, "truncated")
    assert "truncated: the gzip stream ends early" in result.reason
    plain = plain_copy(my_backup, "cut-lines.sql")
    text = plain.read_bytes()
    cut = text.index(b"\n", text.index(b"INSERT INTO `fees`")) + 1  # whole lines: the statement is left open
    plain.write_bytes(text[:cut])
    assert_not_ok(restore_test(plain, against=my_loc(my_source)), "truncated")
    at_statement = plain_copy(my_backup, "cut-statement.sql")
    text = at_statement.read_bytes()
    at_statement.write_bytes(text[:text.index(b"-- Table structure for table `warehouse_master`")])
    result = restore_test(at_statement, server_url=my_source)  # every statement in it is whole
    assert_not_ok(result, "truncated")
    assert "closing '-- Dump completed' line" in result.reason
    mid_line = plain_copy(my_backup, "cut-mid.sql")
    text = mid_line.read_bytes()
    mid_line.write_bytes(text[:text.index(b"'WH0010'") + 3])
    result = restore_test(mid_line, server_url=my_source)
    assert_not_ok(result, "truncated")
    assert "the dump's last line is cut off" in result.reason
    assert scratch_databases() == before, "scratch databases are dropped even when the restore fails"


def test_empty(my_source, my_backup):
    for copy in (with_manifest(my_backup, "e1.mysql.sql.gz"), without_manifest(my_backup, "e2.mysql.sql.gz")):
        copy.write_bytes(b"")
        result = restore_test(copy, against=my_loc(my_source))
        assert_not_ok(result, "empty")
        assert result.tables == {}


def test_bit_flip_with_manifest_is_a_checksum_mismatch(my_source, my_backup):
    copy = with_manifest(my_backup, "flip.mysql.sql.gz")
    flip(copy, copy.stat().st_size // 2)
    result = restore_test(copy, against=my_loc(my_source))
    assert_not_ok(result, "checksum mismatch")
    assert result.reason.startswith("checksum mismatch: sha256")


def test_bit_flip_in_the_gzip_stream_without_manifest(my_source, my_backup):
    for i, at in enumerate((0.3, 0.5, 0.8)):
        copy = without_manifest(my_backup, f"flip-bare{i}.mysql.sql.gz")
        flip(copy, int(copy.stat().st_size * at), 0x10)
        result = restore_test(copy, against=my_loc(my_source))
        assert_not_ok(result, "integrity check failed", "content differs")


def test_bit_flip_in_a_value_of_a_plain_dump_is_caught_by_the_content_checksum(my_source, my_backup):
    copy = plain_copy(my_backup, "flip-value.sql")
    text = copy.read_bytes()
    row = text.index(b"('WH0001',")
    digit = text.index(b")", row) - 1  # the last digit of its capacity: ('WH0001','…','14',38000),
    assert text[digit:digit + 1].isdigit()
    flip(copy, digit, 0x01)
    result = restore_test(copy, against=my_loc(my_source))
    assert_not_ok(result, "content differs")
    assert "content differs: table warehouse_master has the same 62 rows" in result.reason
    tables = result.to_dict()["tables"]
    assert tables["warehouse_master"] == {"rows": 62, "matches": False}
    assert tables["fees"]["matches"] is True


def test_bit_flip_in_a_statement_of_a_plain_dump_fails_the_restore(my_source, my_backup):
    copy = plain_copy(my_backup, "flip-keyword.sql")
    text = copy.read_bytes()
    flip(copy, text.index(b"INSERT INTO `depositor_accounts`") + 2, 0x01)  # INSERT → IOSERT
    result = restore_test(copy, against=my_loc(my_source))
    assert_not_ok(result, "integrity check failed")
    assert "integrity check failed: mariadb: ERROR 1064" in result.reason
    assert "near …" in result.reason and "DA-0" not in result.reason, "no data values in the reason"


def test_short_of_rows_against_the_source(my_source, my_backup):
    run_sql(my_source, "INSERT INTO fees (amount) VALUES (1), (2), (3), (4), (5)")
    result = restore_test(my_backup, against=my_loc(my_source))
    assert_not_ok(result, "rows short")
    assert "rows short: table fees has 100, source has 105" in result.reason
    assert result.to_dict()["tables"]["fees"] == {"rows": 100, "matches": False}
    assert result.to_dict()["tables"]["warehouse_master"]["matches"] is True


def test_short_of_rows_against_the_manifest(my_source, my_backup):
    path = manifest_path(my_backup)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tables"]["warehouse_master"]["rows"] = 67
    path.write_text(json.dumps(data), encoding="utf-8")
    result = restore_test(my_backup, server_url=my_source)
    assert_not_ok(result, "rows short")
    assert "rows short: table warehouse_master has 62, manifest has 67" in result.reason


# ---------------------------------------------------------------- scratch space, errors, credentials


def test_stale_scratch_databases_are_swept_fresh_ones_kept(my_source, my_backup):
    stale = "khlang_restore_20200101000000_deadbeef00"
    fresh = f"khlang_restore_{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}_0123456789"
    admin = _admin()
    try:
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{stale}`")
            cur.execute(f"CREATE DATABASE `{fresh}`")
        assert restore_test(my_backup, server_url=my_source).ok
        left = scratch_databases()
        assert stale not in left and fresh in left, "only scratch databases older than a day are dropped"
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{stale}`")
            cur.execute(f"DROP DATABASE IF EXISTS `{fresh}`")
        admin.close()


def test_a_restore_needs_a_server(my_backup):
    with pytest.raises(SourceError, match="restoring a MySQL/MariaDB dump needs a server"):
        restore_test(my_backup)


def test_unreachable_server_and_bad_urls_are_clear_errors_and_leave_nothing(scratch_env, mysql_url):
    dest = scratch_env / "bk"
    with pytest.raises(SourceError, match="cannot connect to MySQL/MariaDB at 127.0.0.1:1/nowhere"):
        take_backup(make_target(dest, "mysql://root:s3cret@127.0.0.1:1/nowhere"))
    with pytest.raises(SourceError, match=r"Unknown database 'no_such_db_for_khlang' \(1049\)"):
        take_backup(make_target(dest, _url_for("no_such_db_for_khlang")))
    with pytest.raises(SourceError, match="the URL names no database"):
        take_backup(make_target(dest, _url_for("")))
    with pytest.raises(SourceError, match="unsupported option 'sslmode'"):
        take_backup(make_target(dest, mysql_url + "?sslmode=require"))
    assert list(dest.iterdir()) == [], "no backup and no .partial left behind"
    with pytest.raises(SourceError, match=r"oracle: unsupported URL scheme \(supported: .*mysql://, mariadb://"):
        sniff_source("oracle://scott:tiger@db/orcl")
    loc = sniff_source("mariadb://backup:s3cret@db.example:3307/wms")
    assert loc.engine == "mysql" and "s3cret" not in loc.label


def test_an_empty_database_restores_to_no_tables(mysql_url, scratch_env):
    snap = take_backup(make_target(scratch_env / "bk", mysql_url))
    assert snap.manifest.tables == {}
    result = restore_test(snap.file, server_url=mysql_url)
    assert_not_ok(result, "no tables")


@pytest.fixture
def tricky_user(my_source):
    """An account with a password full of option-file and shell metacharacters, on the source and scratch databases."""
    from khlang.backup.engines.mysql import params

    user = f"khlang_bk_{uuid.uuid4().hex[:8]}"
    password = 'p@ss"w#rd\' \\x;$HOME `id` %/:'
    database = params(my_source).database
    admin = _admin()
    with admin.cursor() as cur:
        cur.execute("CREATE USER %s@'%%' IDENTIFIED BY %s", (user, password))
        cur.execute(f"GRANT ALL PRIVILEGES ON `{database}`.* TO %s@'%%'", (user,))
        cur.execute("GRANT ALL PRIVILEGES ON `khlang\\_restore\\_%%`.* TO %s@'%%'", (user,))
        cur.execute("GRANT SELECT ON mysql.proc TO %s@'%%'", (user,))
    yield _url_for(database, user, password), password
    with admin.cursor() as cur:
        cur.execute("DROP USER IF EXISTS %s@'%%'", (user,))
    admin.close()


def test_credentials_travel_in_a_private_option_file_never_on_a_command_line(tricky_user, scratch_env, monkeypatch):
    import subprocess

    from khlang.backup.engines import mysql as engine_module

    url, password = tricky_user
    seen: list[dict] = []
    real_popen = subprocess.Popen

    def spy(args, **kwargs):  # noqa: ANN001, ANN202
        assert all(password not in a for a in args), "never on a command line"
        cnf = next((a.split("=", 1)[1] for a in args if a.startswith("--defaults-file=")), None)
        if cnf is None:  # `mariadb --help`, `mariadb-dump --version`
            return real_popen(args, **kwargs)
        mode = stat.S_IMODE(os.stat(cnf).st_mode)
        seen.append({"args": list(args), "env": kwargs.get("env") or {}, "cnf": cnf, "mode": mode,
                     "has_password": "password=" in Path(cnf).read_text(encoding="utf-8")})
        return real_popen(args, **kwargs)

    monkeypatch.setattr(engine_module.subprocess, "Popen", spy)
    monkeypatch.setenv("MYSQL_PWD", "wrong-password-from-the-environment")
    snap = take_backup(make_target(scratch_env / "bk", url))
    result = restore_test(snap.file, against=my_loc(url))
    assert result.ok, result.reason
    tools = {Path(s["args"][0]).name for s in seen}
    assert {"mariadb-dump", "mariadb"} <= tools or {"mysqldump", "mysql"} <= tools
    for s in seen:
        assert all(password not in a for a in s["args"]), "never on a command line"
        assert "MYSQL_PWD" not in s["env"]
        assert s["mode"] == 0o600 and s["has_password"]
        assert not Path(s["cnf"]).exists(), "the option file is removed afterwards"
    assert password not in json.dumps(snap.manifest.to_dict()) and password not in result.reason
    assert "***" in snap.manifest.source


# ---------------------------------------------------------------- the declared target and the CLI


def test_declared_mysql_target_snapshot_and_restore_test_cli(khlang_env, my_source, capsys, monkeypatch):
    from khlang.backup.declarations import load_backups
    from khlang.cli import main
    from khlang.declarations import load_catalog
    from khlang.errors import DeclarationError

    monkeypatch.setenv("KHLANG_TEST_MYSQL_WMS_URL", my_source)
    path = khlang_env / "catalog" / "backups.yaml"
    path.write_text(textwrap.dedent("""
        backups:
          - system: ERP
            database: {engine: mysql, url: "${KHLANG_TEST_MYSQL_WMS_URL}", taken_by: khlang, keep: 2}
    """), encoding="utf-8")
    [target] = load_backups(load_catalog(khlang_env / "catalog"))
    assert target.engine == "mysql" and target.pattern == "*.mysql.sql.gz" and target.source_url == my_source

    assert main(["backup", "snapshot", "--system", "ERP", "--format", "json"]) == 0
    made = json.loads(capsys.readouterr().out)["backups"][0]
    assert made["engine"] == "mysql" and made["tables"]["fees"]["rows"] == 100
    backup = Path(made["file"])
    assert backup.parent == khlang_env / "var" / "backups" / "ERP" / "database"
    assert sorted(p.name for p in backup.parent.iterdir()) == sorted([backup.name, backup.name + ".manifest.json"])

    assert main(["backup", "restore-test", str(backup), "--against", my_source, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["tables"]["warehouse_master"] == {"rows": 62, "matches": True}
    assert main(["backup", "restore-test", "ERP", "--against", "source", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert main(["backup", "verify", "--system", "ERP", "--format", "json"]) == 0
    verified = json.loads(capsys.readouterr().out)["targets"][0]
    assert verified["ok"] is True, verified["findings"]

    run_sql(my_source, "DELETE FROM warehouse_master WHERE wh_code IN ('WH0001', 'WH0002')")
    assert main(["backup", "restore-test", "ERP", "--against", "source", "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and "rows extra: table warehouse_master has 62, source has 60" in out["reason"]

    assert main(["backup", "restore-test", str(backup), "--against", "mysql://root@127.0.0.1:1/x"]) == 2
    assert "cannot connect to MySQL/MariaDB at 127.0.0.1:1/" in capsys.readouterr().err

    path.write_text(textwrap.dedent("""
        backups:
          - system: ERP
            database: {engine: mysql, path: wms.sql}
          - system: DW
            database: {engine: oracle, url: "oracle://x"}
    """), encoding="utf-8")
    with pytest.raises(DeclarationError) as info:
        load_backups(load_catalog(khlang_env / "catalog"))
    assert "backups[0].database: a mysql database needs url" in str(info.value)
    assert "backups[1].database.engine: unknown database engine 'oracle' (known: duckdb, mysql, " \
           "postgres, sqlite)" in str(info.value)


def test_an_account_that_cannot_create_scratch_databases_gets_a_clear_error_and_no_file(my_source, scratch_env):
    from khlang.backup.engines.mysql import params

    user, password = f"khlang_ro_{uuid.uuid4().hex[:8]}", "ro-pass"
    admin = _admin()
    with admin.cursor() as cur:
        cur.execute("CREATE USER %s@'%%' IDENTIFIED BY %s", (user, password))
        cur.execute(f"GRANT SELECT, SHOW VIEW, TRIGGER ON `{params(my_source).database}`.* TO %s@'%%'", (user,))
    try:
        dest = scratch_env / "bk"
        url = _url_for(params(my_source).database, user, password)
        with pytest.raises(SourceError, match=r"cannot create a scratch database on .*Access denied.*needs CREATE "
                                              r"and DROP on `khlang\\_restore\\_%` databases"):
            take_backup(make_target(dest, url))
        assert list(dest.iterdir()) == [], "the dump is not kept when the manifest cannot be made"
    finally:
        with admin.cursor() as cur:
            cur.execute("DROP USER IF EXISTS %s@'%%'", (user,))
        admin.close()


def test_check_table_messages_become_integrity_problems():
    """CHECK TABLE … EXTENDED answers per table; errors and a non-OK status are problems, notes are not."""
    from khlang.backup.engines.mysql import MySQLDatabase

    answers = {
        "SELECT": [("fees",), ("ledger",), ("line items",)],
        "`fees`": [("db.fees", "check", "status", "OK")],
        "`ledger`": [("db.ledger", "check", "warning", "1 client is using or hasn't closed the table properly"),
                     ("db.ledger", "check", "error", "Found key at page 1024 that points to record outside datafile"),
                     ("db.ledger", "check", "error", "Corrupt")],
        "`line items`": [("db.line items", "check", "note", "The storage engine for the table doesn't support check"),
                         ("db.line items", "check", "status", "OK")],
    }

    class Cursor:
        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *exc):  # noqa: ANN002, ANN204
            return False

        def execute(self, sql, args=None):  # noqa: ANN001, ANN202
            self.rows = next(v for k, v in answers.items() if sql.startswith(k) or sql.endswith(f"{k} EXTENDED"))

        def fetchall(self):  # noqa: ANN202
            return self.rows

    class Conn:
        def cursor(self, *a):  # noqa: ANN002, ANN202
            return Cursor()

    assert MySQLDatabase(Conn(), "db").integrity() == [
        "CHECK TABLE ledger: Found key at page 1024 that points to record outside datafile",
        "CHECK TABLE ledger: Corrupt",
    ]
