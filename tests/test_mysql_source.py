"""MySQL/MariaDB as a catalogue source, on the real server at KHLANG_TEST_MYSQL_URL.

`khlang catalog scan mysql://…` lists the tables of the URL's database, counts in the server and finds
PII by values in a bounded sample; a declared `type: mysql` source is harvested and streamed into
DuckDB for the quality checks. Each test has its own database, dropped afterwards.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from mysql_support import admin_connection as _admin
from mysql_support import run_sql
from mysql_support import url_for as _url_for

from khlang.cli import main
from khlang.errors import SourceError
from khlang.harvest.readers import sniff_type
from khlang.harvest.scan import scan_location

REPO = Path(__file__).resolve().parents[1]


def with_check(first12: str) -> str:
    """A Thai national ID: 12 digits and their mod-11 check digit."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


IDS = [with_check(f"11017002{n:04d}") for n in range(40)]
# 13-digit lot codes whose last digit is never the ID check digit: not national IDs.
LOTS = [f"88{n:010d}" + str((int(with_check(f"88{n:010d}")[-1]) + 1) % 10) for n in range(40)]


@pytest.fixture
def people(mysql_url) -> str:
    run_sql(mysql_url,
            'CREATE TABLE people (ref_no varchar(13), `qty "x"` int, lot_code char(13), remarks mediumtext, '
            "holder varchar(100), amount decimal(12,2), opened_at timestamp NULL, `order` int)",
            "INSERT INTO people VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            rows=[(ref, 1, lot, f"{ref}", f"นายทดสอบ ที่{i}", i * 10.5, "2026-11-01 02:00:00", i % 3)
                  for i, (ref, lot) in enumerate(zip(IDS, LOTS))]
            + [(None, None, None, None, "ไม่มีเลข", None, None, None)])
    run_sql(mysql_url, "CREATE TABLE empty_table (id int)", "CREATE VIEW v_people AS SELECT ref_no FROM people")
    return mysql_url


def test_sniff_type_recognises_mysql_and_mariadb_urls():
    for url in ("mysql://u@h/db", "mariadb://u@h:3307/db", "mysql+pymysql://u:p@h/db", "MySQL://u@h/db"):
        assert sniff_type(url) == "mysql"
    assert sniff_type("postgresql://u@h/db") == "postgres"
    with pytest.raises(SourceError, match=r"oracle: unsupported URL scheme \(supported: postgresql://, postgres://, "
                                          r"mysql://, mariadb://\)"):
        sniff_type("oracle://u@h/db")


def test_scan_counts_in_the_server_and_finds_pii_by_values(people):
    profiles = {p.name: p for p in scan_location(people)}
    assert set(profiles) == {"people", "empty_table"}, "base tables only, not views"
    p = profiles["people"]
    assert p.row_count == 41 and p.source == people and p.distinct_exact
    cols = {c.name: c for c in p.columns}
    assert [c.name for c in p.columns] == ["ref_no", 'qty "x"', "lot_code", "remarks", "holder", "amount",
                                           "opened_at", "order"]
    # Quoted identifiers are counted as columns, not as string literals (which would count every row).
    assert (cols["ref_no"].null_count, cols["ref_no"].distinct_count) == (1, 40)
    assert (cols['qty "x"'].null_count, cols['qty "x"'].distinct_count) == (1, 1)
    assert (cols["order"].null_count, cols["order"].distinct_count) == (1, 3)
    assert cols["ref_no"].type == "VARCHAR(13)" and cols["remarks"].type == "MEDIUMTEXT"
    assert cols["amount"].type == "DECIMAL(12,2)" and cols["opened_at"].type == "TIMESTAMP"
    assert cols["ref_no"].pii == "national_id"
    assert cols["remarks"].pii == "national_id", "MEDIUMTEXT columns are sampled too"
    assert cols["lot_code"].pii is None, "13-digit codes failing the ID checksum are not national IDs"
    assert cols["qty \"x\""].pii is None and cols["amount"].pii is None
    assert profiles["empty_table"].row_count == 0


def test_the_pii_sample_is_bounded(people, monkeypatch):
    from khlang.harvest import mysql_reader
    from khlang.harvest.readers import SAMPLE_ROWS

    seen: list[int] = []
    real = mysql_reader.MySQLReader.sample

    def spy(self, table, columns, n=SAMPLE_ROWS):  # noqa: ANN001, ANN202
        out = real(self, table, columns, 7)
        seen.append(max((len(v) for v in out.values()), default=0))
        return out

    monkeypatch.setattr(mysql_reader.MySQLReader, "sample", spy)
    [p] = [p for p in scan_location(people) if p.name == "people"]
    assert seen == [7] and p.row_count == 41


def test_cli_scan_json_with_a_password_and_the_mariadb_scheme(people, capsys):
    from khlang.backup.engines.mysql import params

    user, password = f"khlang_rd_{uuid.uuid4().hex[:8]}", "s3cret:/@#%"
    admin = _admin()
    with admin.cursor() as cur:
        cur.execute("CREATE USER %s@'%%' IDENTIFIED BY %s", (user, password))
        cur.execute(f"GRANT SELECT ON `{params(people).database}`.* TO %s@'%%'", (user,))
    try:
        url = _url_for(params(people).database, user, password, scheme="mariadb")
        assert main(["catalog", "scan", url, "--format", "json"]) == 0
        out, _err = capsys.readouterr()
        data = json.loads(out)
        [person] = [d for d in data["datasets"] if d["name"] == "people"]
        assert person["row_count"] == 41
        assert {c["name"]: c["pii"] for c in person["columns"]}["ref_no"] == "national_id"
        assert password not in out and "s3cret" not in out and "***" in person["source"]
        wrong = _url_for(params(people).database, user, "wrong-" + password)
        assert main(["catalog", "scan", wrong, "--format", "json"]) == 2
        _out, err = capsys.readouterr()
        assert "cannot connect to MySQL/MariaDB source" in err and "Access denied" in err and "wrong-" not in err
    finally:
        with admin.cursor() as cur:
            cur.execute("DROP USER IF EXISTS %s@'%%'", (user,))
        admin.close()


def test_unreachable_server_and_url_without_database(capsys):
    assert main(["catalog", "scan", "mysql://root:pw@127.0.0.1:1/nowhere"]) == 2
    err = capsys.readouterr().err
    assert "cannot connect to MySQL/MariaDB source 127.0.0.1:1/nowhere" in err and ":pw@" not in err
    assert main(["catalog", "scan", "mysql://root@127.0.0.1:3306"]) == 2
    assert "names no database" in capsys.readouterr().err


# ---------------------------------------------------------------- a declared source, streamed into DuckDB


def _catalog(tmp_path: Path, url_line: str, checks: str = "checks: []\n") -> tuple[Path, Path]:
    cat_dir, data = tmp_path / "catalog", tmp_path / "data"
    (cat_dir / "datasets").mkdir(parents=True)
    data.mkdir()
    shutil.copy(REPO / "catalog" / "organisation.yaml", cat_dir)
    (cat_dir / "sources.yaml").write_text(f"sources:\n  - {{name: wms_my, type: mysql{url_line}}}\n", encoding="utf-8")
    (cat_dir / "datasets" / "wms.yaml").write_text(
        "datasets:\n"
        "  - {name: people, kind: master, title_th: ผู้ฝาก, source: wms_my, object: people, classification: internal}\n"
        "  - {name: ghost, kind: master, title_th: ไม่มี, source: wms_my, object: no_such_table, "
        "classification: internal}\n", encoding="utf-8")
    (cat_dir / "consistency.yaml").write_text(checks, encoding="utf-8")
    return cat_dir, data


def test_declared_mysql_source_needs_a_url(tmp_path):
    from khlang.declarations import load_catalog
    from khlang.errors import DeclarationError

    cat_dir, _data = _catalog(tmp_path, ", path: x.sql")
    with pytest.raises(DeclarationError, match="a mysql source needs url"):
        load_catalog(cat_dir)


def test_declared_source_is_harvested_and_streamed_into_duckdb(people, tmp_path, monkeypatch):
    from khlang.declarations import load_catalog
    from khlang.harvest.scan import open_source, profile_table
    from khlang.quality import relations
    from khlang.quality.consistency import load_consistency, run_consistency
    from khlang.quality.relations import Relations

    monkeypatch.setenv("KHLANG_VAR_DIR", str(tmp_path / "var"))  # DuckDB spill space, never the repo
    # Arrow batches of 1,000 rows: a column NULL in the first batch, decimals growing, unsigned BIGINTs
    # beyond BIGINT later on; the DuckDB table widens to hold every batch.
    run_sql(people, "ALTER TABLE people ADD COLUMN late varchar(10) NULL, ADD COLUMN big bigint unsigned NULL",
            "INSERT INTO people (ref_no, holder, amount, late, big) VALUES (%s, %s, %s, %s, %s)",
            rows=[(IDS[0], f"ซ้ำ {i}", 1000 * i + 0.25, "ปลาย" if i > 2000 else None, i if i < 1500 else 2**64 - i)
                  for i in range(2500)])
    monkeypatch.setenv("KHLANG_TEST_MYSQL_SOURCE", people)
    cat_dir, data = _catalog(tmp_path, ', url: "${KHLANG_TEST_MYSQL_SOURCE}"', checks=(
        "checks:\n  - {id: people_unique_ref, type: duplicate_key, dataset: people, columns: [ref_no], "
        "dimension: uniqueness}\n"))
    cat = load_catalog(cat_dir)
    with open_source(cat.sources["wms_my"], data) as reader:
        [table] = [t for t in reader.tables() if t.name == "people"]
        profile = profile_table(reader, table, "wms_my")
    assert profile.row_count == 2541 and profile.column("ref_no").pii == "national_id"

    monkeypatch.setattr(relations, "ARROW_BATCH_ROWS", 1000)  # several Arrow batches
    with Relations(cat, data) as rel:
        view = rel.view("people")
        got = rel.con.execute(f"SELECT count(*), count(ref_no), count(DISTINCT ref_no), sum(amount), "
                              f"min(opened_at), count(*) FILTER (WHERE holder = 'นายทดสอบ ที่9') FROM {view}").fetchone()
        types = dict(rel.con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {view})"
                                     ).fetchall())
        with pytest.raises(SourceError, match="mysql source: no_such_table: .*doesn't exist"):
            rel.view("ghost")
    assert got[:3] == (2541, 2540, 40)
    assert got[3] == sum(__import__("decimal").Decimal(str(i * 10.5)) for i in range(40)) + sum(
        __import__("decimal").Decimal(1000 * i) + __import__("decimal").Decimal("0.25") for i in range(2500))
    assert str(got[4]) == "2026-11-01 02:00:00", "TIMESTAMP read in UTC"
    assert got[5] == 1, "Thai text arrives intact"
    assert types["amount"].startswith("DECIMAL(") and types["amount"].endswith(",2)")
    assert types["ref_no"] == "VARCHAR" and types['qty "x"'] == "BIGINT"
    assert types["late"] == "VARCHAR" and types["big"] == "VARCHAR"
    with Relations(cat, data) as rel:
        view = rel.view("people")
        late, big = rel.con.execute(f"SELECT count(late), max(big::HUGEINT) FROM {view}").fetchone()
    assert late == 499 and big == 2**64 - 1500  # i = 2001…2499 are late

    cat = load_catalog(cat_dir)
    with Relations(cat, data) as rel:
        [dup] = run_consistency(cat, rel, load_consistency(cat), dataset="people")
    assert dup.check == "people_unique_ref" and not dup.success and dup.unexpected_count == 2501
