"""DuckDB connections that read declared data reach only the declared roots (issue 11, item 1).

A view inside a declared `.duckdb` file runs in Khlang's connection when the dataset is checked or
profiled; before the sandbox it could read any file of the host into check results and reports.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO

SECRET = "khlang-sandbox-secret-9f2c"


def _hostile_home(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A catalogue whose one DuckDB source holds views reading a file outside the data folder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text(f"name,value\nroot,{SECRET}\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    con = duckdb.connect(str(data / "evil.duckdb"))
    con.execute(f"CREATE VIEW leak AS SELECT * FROM read_csv('{outside / 'secret.csv'}')")
    con.execute("CREATE VIEW passwd AS SELECT * FROM read_csv('/etc/passwd', header=false, sep=':')")
    con.execute("CREATE TABLE fine AS SELECT 1 AS id, 'ok' AS name")
    con.close()
    home = tmp_path / "home"
    (home / "catalog" / "datasets").mkdir(parents=True)
    shutil.copy(REPO / "catalog" / "organisation.yaml", home / "catalog" / "organisation.yaml")
    (home / "catalog" / "sources.yaml").write_text(
        "sources:\n  - {name: dw, type: duckdb, path: evil.duckdb, system: DW}\n", encoding="utf-8")
    rows = []
    for name in ("leak", "passwd", "fine"):
        rows.append(f"  - {{name: {name}, kind: warehouse, title_th: ทดสอบ {name}, source: dw, object: {name}, "
                    "business_owner: p01, digital_owner: p03, steward: p06, classification: internal}")
    (home / "catalog" / "datasets" / "dw.yaml").write_text("datasets:\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (home / "expectations").mkdir()
    for name in ("leak", "passwd", "fine"):
        suite = {"name": f"{name}_suite", "meta": {"khlang": {"dataset": name}},
                 "expectations": [{"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}}]}
        (home / "expectations" / f"{name}.json").write_text(json.dumps(suite), encoding="utf-8")
    monkeypatch.setenv("KHLANG_HOME", str(home))
    monkeypatch.setenv("KHLANG_DATA_DIR", str(data))
    monkeypatch.setenv("KHLANG_VAR_DIR", str(home / "var"))
    for var in ("KHLANG_STORE_URL", "KHLANG_CATALOG_DIR", "KHLANG_EXPECTATIONS_DIR", "KHLANG_DATA_ROOTS"):
        monkeypatch.delenv(var, raising=False)
    return home, data


def test_a_view_in_a_declared_duckdb_file_cannot_read_host_files(tmp_path, monkeypatch):
    from khlang.config import settings
    from khlang.declarations import load_catalog
    from khlang.errors import SourceError
    from khlang.quality.relations import Relations

    _hostile_home(tmp_path, monkeypatch)
    catalog = load_catalog(settings().catalog_dir)
    with Relations(catalog, settings().data_dir) as rel:
        assert rel.con.execute(f"SELECT count(*) FROM {rel.view('fine')}").fetchone()[0] == 1
        for dataset in ("leak", "passwd"):
            with pytest.raises(SourceError, match=f"dataset {dataset}: cannot read .*file system operations are "
                                                  "disabled") as refused:
                rel.view(dataset)
            assert "LINE 1" not in str(refused.value)  # DuckDB's query echo stays out of the message
        # nor can anything reached through the connection switch the sandbox off again
        with pytest.raises(duckdb.Error, match="locked"):
            rel.con.execute("SET enable_external_access = true")
        with pytest.raises(duckdb.PermissionException):
            rel.con.execute("COPY (SELECT 1) TO '/tmp/khlang-sandbox-out.csv'")
    assert not Path("/tmp/khlang-sandbox-out.csv").exists()


def test_quality_run_keeps_host_files_out_of_results(tmp_path, monkeypatch):
    from khlang.quality.service import check_dataset

    home, _ = _hostile_home(tmp_path, monkeypatch)
    outputs = []
    for dataset in ("leak", "passwd", "fine"):
        try:
            outputs.append(repr([r.__dict__ for r in check_dataset(dataset, "sandbox-run")]))
        except Exception as exc:  # noqa: BLE001 - any refusal is fine; a leak is not
            outputs.append(str(exc))
    text = "\n".join(outputs)
    assert SECRET not in text and "root:x:0:0" not in text
    store = (home / "var" / "khlang.db").read_bytes() if (home / "var" / "khlang.db").exists() else b""
    assert SECRET.encode() not in store and b"/bin/bash" not in store


def test_catalog_scan_of_a_hostile_file_reads_only_its_tables(tmp_path, monkeypatch):
    from khlang.harvest.readers import DuckDBReader

    _, data = _hostile_home(tmp_path, monkeypatch)
    with DuckDBReader(data / "evil.duckdb") as reader:
        names = [t.name for t in reader.tables()]
        assert names == ["fine"]
        with pytest.raises(duckdb.PermissionException):
            reader.con.execute("SELECT * FROM src.main.leak").fetchall()


def test_files_under_the_declared_roots_and_extra_roots_still_read(tmp_path, monkeypatch):
    from khlang.harvest.readers import data_roots, duckdb_connection

    _, data = _hostile_home(tmp_path, monkeypatch)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "ok.csv").write_text("a\n1\n2\n", encoding="utf-8")
    (tmp_path / "extra2").mkdir()
    (tmp_path / "extra2" / "no.csv").write_text("a\n1\n", encoding="utf-8")
    monkeypatch.setenv("KHLANG_DATA_ROOTS", os.pathsep.join([str(extra)]))
    con = duckdb_connection(data_roots())
    assert con.execute(f"SELECT count(*) FROM read_csv('{extra / 'ok.csv'}')").fetchone()[0] == 2
    with pytest.raises(duckdb.PermissionException):  # a sibling whose name starts the same is not inside
        con.execute(f"SELECT count(*) FROM read_csv('{tmp_path / 'extra2' / 'no.csv'}')").fetchone()
    con.close()


def test_perfect_hash_grouping_is_sized_to_the_memory_limit(monkeypatch, tmp_path):
    """Integer keys of a small range are grouped with DuckDB's perfect hash table, sized to a quarter of the
    memory limit (16 bytes a group); the connection is locked with it."""
    from khlang.harvest.readers import duckdb_connection, perfect_hash_bits

    assert [perfect_hash_bits(v) for v in ("2GB", "2GiB", "512MB", "16GB", "1TB", "80%", "100")] == \
        [24, 25, 22, 27, 32, None, 12]
    monkeypatch.setenv("KHLANG_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("KHLANG_DUCKDB_MEMORY", "512MB")
    con = duckdb_connection([tmp_path])
    assert con.execute("SELECT current_setting('perfect_ht_threshold')").fetchone()[0] == 22
    rows = con.execute("SELECT count(*) FROM (SELECT x % 1000 AS k FROM range(100000) t(x) GROUP BY k "
                       "HAVING count(*) > 1)").fetchone()
    assert rows == (1000,)
