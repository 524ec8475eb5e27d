"""One suite, three engines: DuckDB, and pushdown into the real PostgreSQL and MariaDB servers.

The same suites give the same results (success, element/unexpected/missing counts, observed values) on
every engine: on the sample's tables copied into the servers, and on edge cases (nulls, an empty table,
Thai text and Thai digits, case and trailing spaces the servers' collations would fold, newlines).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import duckdb
import pytest

from khlang.declarations import load_catalog
from khlang.errors import DeclarationError
from khlang.quality.engines import ENGINES, choose
from khlang.quality.engines.servers import MySQLEngine, PostgresEngine
from khlang.quality.relations import Relations
from khlang.quality.runner import run_on, run_suite
from khlang.quality.suite import load_suite, suites_by_dataset

REPO = Path(__file__).resolve().parents[1]

PG_TYPES = {"VARCHAR": "text", "BIGINT": "bigint", "INTEGER": "integer", "DOUBLE": "double precision",
            "DATE": "date", "TIMESTAMP": "timestamp", "BOOLEAN": "boolean", "SMALLINT": "smallint",
            "TIMESTAMP WITH TIME ZONE": "timestamptz"}
MY_TYPES = {"VARCHAR": "text", "BIGINT": "bigint", "INTEGER": "int", "DOUBLE": "double", "DATE": "date",
            "TIMESTAMP": "datetime(6)", "BOOLEAN": "tinyint(1)", "SMALLINT": "smallint",
            "TIMESTAMP WITH TIME ZONE": "timestamp(6) NULL"}


def _server_type(duck_type: str, table: dict[str, str]) -> str:
    if duck_type.startswith("DECIMAL"):
        return duck_type
    return table[duck_type]


def _shape(results: list) -> list[tuple]:
    return [(r.check, r.success, r.element_count, r.unexpected_count, r.details.get("missing_count"),
             json.dumps(r.observed, default=str), r.details.get("error")) for r in results]


def _load_pg(url: str, table: str, con: duckdb.DuckDBPyConnection, view: str) -> None:
    import psycopg

    cols = con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall()
    rows = con.execute(f"SELECT * FROM {view}").fetchall()
    ddl = ", ".join(f'"{c[0]}" {_server_type(str(c[1]), PG_TYPES)}' for c in cols)
    with psycopg.connect(url) as conn:
        conn.execute(f'CREATE TABLE "{table}" ({ddl})')
        with conn.cursor() as cur:
            cur.executemany(f'INSERT INTO "{table}" VALUES ({", ".join(["%s"] * len(cols))})', rows)


def _load_mysql(url: str, table: str, con: duckdb.DuckDBPyConnection, view: str) -> None:
    from mysql_support import run_sql

    cols = con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall()
    rows = [tuple(_utc(v) for v in r) for r in con.execute(f"SELECT * FROM {view}").fetchall()]
    ddl = ", ".join(f"`{c[0]}` {_server_type(str(c[1]), MY_TYPES)}" for c in cols)
    run_sql(url, f"CREATE TABLE `{table}` ({ddl}) CHARACTER SET utf8mb4")
    if rows:
        run_sql(url, "SET time_zone = '+00:00'", f"INSERT INTO `{table}` VALUES ({', '.join(['%s'] * len(cols))})",
                rows=rows)


def _utc(value: object) -> object:
    """An instant as MySQL's TIMESTAMP takes it in a UTC session: naive UTC."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _three(suite_path: Path, con: duckdb.DuckDBPyConnection, view: str, pg_url: str, mysql_url: str) -> tuple:
    table = f"t_{uuid.uuid4().hex[:8]}"
    _load_pg(pg_url, table, con, view)
    _load_mysql(mysql_url, table, con, view)
    suite = load_suite(suite_path)
    duck = run_suite(suite, con, view, "t")
    with PostgresEngine(pg_url, table) as pg:
        on_pg = run_on(suite, pg, "t")
    with MySQLEngine(mysql_url, table) as my:
        on_my = run_on(suite, my, "t")
    return _shape(duck), _shape(on_pg), _shape(on_my)


@pytest.mark.slow
@pytest.mark.parametrize("dataset", ["depositors", "stock_movements", "commodities", "grades", "provinces"])
def test_bundled_suites_give_the_same_results_pushed_down(dataset, sample_dir, pg_url, mysql_url, tmp_path,
                                                          monkeypatch):
    monkeypatch.setenv("KHLANG_VAR_DIR", str(tmp_path / "var"))
    catalog = load_catalog(REPO / "catalog")
    suite = suites_by_dataset(REPO / "expectations")[dataset]
    with Relations(catalog, sample_dir) as rel:
        duck, on_pg, on_my = _three(suite.path, rel.con, rel.view(dataset), pg_url, mysql_url)
    assert duck == on_pg
    assert duck == on_my
    if dataset in ("depositors", "stock_movements"):
        assert any(not r[1] for r in duck), "the sample's planted defects fail some checks"


EDGE_ROWS = [
    # (code, name, qty, price, national_id, note)
    ("A1", "ข้าวหอมมะลิ", 10, 1.25, "1101700203450", "x"),
    ("a1", "ที่เก็บ", 3, 0.5, "1101700203451", "line\n"),   # 'a1' ≠ 'A1'; a bad check digit
    ("a1 ", "Ａ", None, None, None, None),                # trailing space is another value
    ("๑๒๓", "๑๒๓", 7, 2.0, "๑๑๐๑๗๐๐๒๐๓๔๕๐", "๙"),      # Thai digits: \d in Python
    ("B", "b", -2, 4.75, "9101700203458", "abc"),          # first digit 9: not a person's id
    (None, None, None, None, None, None),
]

EDGE_SUITE = [
    ("expect_column_values_to_not_be_null", {"column": "code"}),
    ("expect_column_values_to_be_unique", {"column": "code"}),
    ("expect_compound_columns_to_be_unique", {"column_list": ["code", "qty"]}),
    ("expect_compound_columns_to_be_unique", {"column_list": ["code", "qty"], "ignore_row_if": "any_value_is_missing"}),
    ("expect_compound_columns_to_be_unique", {"column_list": ["code", "qty"], "ignore_row_if": "never"}),
    ("expect_column_values_to_be_in_set", {"column": "code", "value_set": ["A1", "B", "a1", 5]}),
    ("expect_column_values_to_not_be_in_set", {"column": "code", "value_set": ["a1"]}),
    ("expect_column_values_to_be_in_set", {"column": "qty", "value_set": [10, 3, 7.0, "x"]}),
    ("expect_column_values_to_be_between", {"column": "qty", "min_value": 0, "max_value": 10, "strict_max": True}),
    ("expect_column_values_to_be_between", {"column": "code", "min_value": "B"}),
    ("expect_column_values_to_match_regex", {"column": "code", "regex": r"^\d+$"}),
    ("expect_column_values_to_match_regex", {"column": "name", "regex": r"^\w+$"}),
    ("expect_column_values_to_match_regex", {"column": "note", "regex": r"^.+$"}),
    ("expect_column_values_to_match_regex", {"column": "note", "regex": r"^[a-z]+\Z"}),
    ("expect_column_values_to_match_regex", {"column": "code", "regex": "a"}),
    ("expect_column_values_to_match_regex", {"column": "qty", "regex": r"^-?\d$"}),
    ("expect_column_values_to_not_match_regex", {"column": "name", "regex": r"[\s\d]"}),
    ("expect_column_values_to_not_match_regex", {"column": "name", "regex": r"(?P<x>ที่)"}),
    ("expect_column_value_lengths_to_equal", {"column": "name", "value": 3}),
    ("expect_column_value_lengths_to_equal", {"column": "qty", "value": 1}),
    ("expect_column_values_to_be_valid_thai_national_id", {"column": "national_id"}),
    ("expect_column_max_to_be_between", {"column": "code", "min_value": "a"}),
    ("expect_column_min_to_be_between", {"column": "name", "max_value": "b"}),
    ("expect_column_max_to_be_between", {"column": "qty", "max_value": 10}),
    ("expect_column_mean_to_be_between", {"column": "qty", "min_value": 4}),
    ("expect_column_mean_to_be_between", {"column": "price", "min_value": 2}),
    ("expect_column_value_z_scores_to_be_less_than", {"column": "qty", "threshold": 1}),
    ("expect_column_values_to_not_be_outliers", {"column": "price", "multiplier": 0.5}),
    ("expect_column_values_to_not_be_outliers", {"column": "qty", "method": "std", "multiplier": 1}),
    ("expect_column_quantile_values_to_be_between", {"column": "price", "quantile_ranges": {
        "quantiles": [0, 0.3, 0.5, 1], "value_ranges": [[0, 1], [0, 1], [1, 2], [4, 5]]}}),
    ("expect_column_median_to_be_between", {"column": "qty", "min_value": 5}),
    ("expect_column_distinct_values_to_equal_set", {"column": "code", "value_set": ["A1", "a1", "a1 ", "B", "๑๒๓"]}),
    ("expect_column_most_common_value_to_be_in_set", {"column": "code", "value_set": ["A1"], "ties_okay": True}),
    ("expect_table_row_count_to_be_between", {"min_value": 1}),
    ("expect_table_columns_to_match_set", {"column_set": ["code", "name", "qty", "price", "national_id", "note"]}),
]


def _edge_suite(tmp_path: Path, extra: list | None = None) -> Path:
    path = tmp_path / "edge.json"
    exps = [{"type": t, "kwargs": kw} for t, kw in EDGE_SUITE + (extra or [])]
    path.write_text(json.dumps({"name": "edge", "expectations": exps}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return path


def _edge_table(rows: list) -> tuple[duckdb.DuckDBPyConnection, str]:
    con = duckdb.connect()
    con.execute("CREATE TABLE edge (code VARCHAR, name VARCHAR, qty BIGINT, price DOUBLE, national_id VARCHAR, "
                "note VARCHAR)")
    if rows:
        con.executemany("INSERT INTO edge VALUES (?, ?, ?, ?, ?, ?)", rows)
    return con, "edge"


@pytest.mark.slow
def test_edge_cases_agree_on_every_engine(tmp_path, pg_url, mysql_url):
    con, view = _edge_table(EDGE_ROWS)
    duck, on_pg, on_my = _three(_edge_suite(tmp_path), con, view, pg_url, mysql_url)
    assert duck == on_pg
    assert duck == on_my
    by_check = {r[0]: r for r in duck}
    # Python's meaning, checked by hand: Thai digits are \d; 'a1 ' and 'A1' are values of their own.
    assert by_check[r"expect_column_values_to_match_regex:code#1"][3] == 4  # A1, a1, 'a1 ', B
    assert by_check["expect_column_values_to_be_unique:code"][3] == 0
    assert by_check["expect_column_values_to_be_in_set:code"][3] == 2  # 'a1 ', ๑๒๓
    assert by_check["expect_column_values_to_match_regex:note#1"][3] == 0  # 'line\n': $ before a final newline
    assert by_check["expect_column_values_to_match_regex:note#2"][3] == 2  # \Z is the very end; ๙ not [a-z]
    assert by_check["expect_column_values_to_be_valid_thai_national_id:national_id"][3] == 3
    assert by_check["expect_column_value_lengths_to_equal:name"][3] == 4  # ที่เก็บ is 7 code points, Ａ 1
    assert by_check["expect_column_values_to_match_regex:name"][3] == 2  # Thai vowel marks are not \w
    assert by_check["expect_column_max_to_be_between:code"][5] == '"\\u0e51\\u0e52\\u0e53"'  # code-point order
    assert by_check["expect_column_mean_to_be_between:qty"][5] == "4.5"
    # Continuous quartiles of 0.5, 1.25, 2.0, 4.75: 1.0625 and 2.6875, fences at 0.25 and 3.5 with 0.5 x IQR.
    assert by_check["expect_column_values_to_not_be_outliers:price"][3] == 1  # 4.75
    assert by_check["expect_column_values_to_not_be_outliers:qty"][3] == 2  # 10 and -2: 1 sd is sqrt(27)


@pytest.mark.slow
def test_an_empty_table_agrees_on_every_engine(tmp_path, pg_url, mysql_url):
    con, view = _edge_table([])
    duck, on_pg, on_my = _three(_edge_suite(tmp_path), con, view, pg_url, mysql_url)
    assert duck == on_pg == on_my
    assert {r[0]: r for r in duck}["expect_table_row_count_to_be_between:(table)"][1] is False


@pytest.mark.slow
def test_what_a_server_cannot_run_with_pythons_meaning_is_refused_not_changed(tmp_path, pg_url, mysql_url):
    con, view = _edge_table(EDGE_ROWS)
    extra = [("expect_column_values_to_match_regex", {"column": "price", "regex": r"^\d"}),
             ("expect_column_values_to_match_regex", {"column": "code", "regex": r"\x41"}),
             ("expect_column_values_to_match_regex", {"column": "code", "regex": r"(?i)a"})]
    duck, on_pg, on_my = _three(_edge_suite(tmp_path, extra), con, view, pg_url, mysql_url)
    n = len(EDGE_SUITE)
    assert duck[:n] == on_pg[:n] == on_my[:n]
    assert all(r[6] is None for r in duck), "DuckDB runs them all"
    for results, where in ((on_pg, "PostgreSQL"), (on_my, "MySQL/MariaDB")):
        price, hex_escape, flags = results[n:]
        assert price[1] is False and "on a float column is not run" in price[6]
        assert f"\\x is not translated for {where}" in hex_escape[6]
        assert f"inline flags and extensions (?…) are not translated for {where}" in flags[6]


def test_engine_choice_defaults_and_refusals():
    assert set(ENGINES) >= {"duckdb", "postgresql", "mysql"}
    assert choose("files") == "duckdb" and choose("sqlite") == "duckdb" and choose("duckdb") == "duckdb"
    assert choose("postgres") == "postgresql" and choose("mysql") == "mysql"
    assert choose("postgres", declared="duckdb") == "duckdb"
    assert choose("postgres", declared="duckdb", requested="postgresql") == "postgresql"
    from khlang.quality.engines import EngineRefused
    from khlang.registry import UnknownEntry

    with pytest.raises(EngineRefused, match="engine mysql cannot check a files source"):
        choose("files", requested="mysql")
    with pytest.raises(UnknownEntry, match="duckdb"):
        choose("files", requested="oracle")


def test_sources_yaml_engine_is_validated_with_file_and_line(tmp_path):
    import shutil

    cat_dir = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", cat_dir)
    path = cat_dir / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    type: files\n", "    type: files\n    engine: oracle\n", 1), encoding="utf-8")
    with pytest.raises(DeclarationError) as err:
        load_catalog(cat_dir)
    line = next(i for i, s in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "engine: oracle" in s)
    assert f"{path}:{line}: sources[0].engine: " in str(err.value)
    assert "unknown quality engine 'oracle'" in str(err.value)
    path.write_text(text.replace("    type: files\n", "    type: files\n    engine: mysql\n", 1), encoding="utf-8")
    with pytest.raises(DeclarationError, match="engine mysql cannot check a files source"):
        load_catalog(cat_dir)
    path.write_text(text.replace("    type: files\n", "    type: files\n    engine: duckdb\n", 1), encoding="utf-8")
    assert load_catalog(cat_dir).sources["wms_master"].engine == "duckdb"


@pytest.mark.slow
def test_quality_run_pushes_a_postgres_dataset_down_by_default_and_duckdb_on_request(
        sample_dir, pg_url, tmp_path, monkeypatch, capsys):
    from khlang.cli import main
    from khlang.quality import relations

    con = duckdb.connect()
    source = sample_dir / "master" / "depositors.parquet"
    con.execute("CREATE TABLE dep AS SELECT * FROM read_parquet(?)", [str(source)])
    _load_pg(pg_url, "depositors", con, "dep")
    home, cat_dir, exp_dir = tmp_path / "home", tmp_path / "home" / "catalog", tmp_path / "home" / "expectations"
    (cat_dir / "datasets").mkdir(parents=True)
    exp_dir.mkdir()
    import shutil

    shutil.copy(REPO / "catalog" / "organisation.yaml", cat_dir)
    (cat_dir / "sources.yaml").write_text(
        'sources:\n  - {name: wms_pg, type: postgres, url: "${KHLANG_TEST_PG_SOURCE}"}\n', encoding="utf-8")
    (cat_dir / "datasets" / "wms.yaml").write_text(
        "datasets:\n  - {name: depositors, kind: master, title_th: ผู้ฝาก, source: wms_pg, object: depositors, "
        "classification: internal}\n", encoding="utf-8")
    (cat_dir / "consistency.yaml").write_text("checks: []\n", encoding="utf-8")
    shutil.copy(REPO / "expectations" / "depositors.json", exp_dir)
    for var, value in {"KHLANG_HOME": home, "KHLANG_DATA_DIR": tmp_path / "data", "KHLANG_VAR_DIR": home / "var",
                       "KHLANG_TEST_PG_SOURCE": pg_url}.items():
        monkeypatch.setenv(var, str(value))
    for var in ("KHLANG_STORE_URL", "KHLANG_CATALOG_DIR", "KHLANG_EXPECTATIONS_DIR"):
        monkeypatch.delenv(var, raising=False)
    streamed = []
    original = relations.Relations.server_batches
    monkeypatch.setattr(relations.Relations, "server_batches",
                        staticmethod(lambda *a: (streamed.append(a), original(*a))[1]))

    def run(*extra: str) -> list:
        assert main(["quality", "run", "--dataset", "depositors", "--format", "json", *extra]) in (0, 1)
        return json.loads(capsys.readouterr().out)["results"]

    pushed = run()
    assert streamed == [], "pushdown: the table is not pulled into DuckDB"
    pulled = run("--engine", "duckdb")
    assert len(streamed) == 1
    assert pushed == pulled and any(not r["success"] for r in pushed)
    assert main(["quality", "run", "--dataset", "depositors", "--engine", "mysql"]) != 0
    assert "engine mysql cannot check a postgres source" in capsys.readouterr().err


def test_the_plan_is_trees_that_each_engine_renders_with_values_bound():
    import duckdb as ddb
    from sqlglot import expressions as exp

    from khlang.quality import plan as p
    from khlang.quality.engines.duckdb import DuckDBEngine

    c = p.col("na'me")
    tree = p.select(p.count_if(p.snippet("length(:c) <> :n", c=c, n=p.val("3'; DROP TABLE x; --")))) \
        .from_(p.relation())
    assert isinstance(tree, exp.Select) and tree.find(p.Value) is not None
    con = ddb.connect()
    con.execute("""CREATE TABLE t ("na'me" VARCHAR)""")
    sql, params = DuckDBEngine(con, "t").render(tree)
    assert "DROP" not in sql and list(params.values()) == ["3'; DROP TABLE x; --"]
    from khlang.quality.engines.base import literal  # the server engines: a literal sqlglot escapes

    assert literal("3'; DROP").sql("postgres") == "'3''; DROP'"
    assert literal("a\\'b").sql("mysql") == "'a\\\\''b'"
    with pytest.raises(ValueError, match="no tree given for n"):
        p.snippet("length(:c) <> :n", c=c)


@pytest.mark.slow
def test_rewritten_patterns_match_what_python_matches_on_the_servers(pg_url, mysql_url):
    import re

    import psycopg
    from mysql_support import run_sql

    from khlang.quality.regex import to_server

    # Every 7th code point of the BMP and the planes above it that have letters/digits, and the
    # characters whose class membership matters: digits of every script, spaces, marks, newline.
    chars = {chr(c) for c in range(1, 0x30000, 7) if not 0xD800 <= c <= 0xDFFF}
    chars |= set("0123456789๐๑๒๓๔๕๖๗๘๙٠١٢３_ \t\n\u00a0\u2028\u3000\u0e49\u0e31aAzZกฮ-")
    strings = sorted(chars) + ["ab\n", "ab", "๑๒๓", "a b", "x\ny"]
    patterns = [r"\d", r"\w", r"\s", r"\D", r"\W", r"\S", r"^\d+$", r"^[\w-]+\Z", r"^.$", r"[^\d\s]", r"b$",
                r"(?P<g>a)b", r"[[]"]
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE s (i int, v text)")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO s VALUES (%s, %s)", list(enumerate(strings)))
        for pattern in patterns:
            got = {r[0] for r in conn.execute("SELECT i FROM s WHERE v ~ %s", [to_server(pattern, "postgres")])}
            want = {i for i, v in enumerate(strings) if re.search(pattern, v)}
            assert got == want, (pattern, [strings[i] for i in got ^ want][:5])
    run_sql(mysql_url, "CREATE TABLE s (i int, v text) CHARACTER SET utf8mb4")
    run_sql(mysql_url, "INSERT INTO s VALUES (%s, %s)", rows=list(enumerate(strings)))
    for pattern in patterns:
        rows = run_sql(mysql_url, "SET NAMES utf8mb4",
                       f"SELECT i FROM s WHERE REGEXP_INSTR(v, {_my_literal(to_server(pattern, 'mysql'))}) > 0")
        want = {i for i, v in enumerate(strings) if re.search(pattern, v)}
        assert {r[0] for r in rows} == want, (pattern, [strings[i] for i in {r[0] for r in rows} ^ want][:5])


def _my_literal(text: str) -> str:
    from sqlglot import expressions as exp

    return exp.Literal.string(text).sql("mysql")


PUSHED_TYPES = ("reference_exists", "duplicate_key")


def _consistency_shape(results: list) -> list[tuple]:
    return [(r.check, r.success, r.element_count, r.unexpected_count, json.dumps(r.observed, default=str),
             json.dumps(r.details, sort_keys=True, ensure_ascii=False, default=str)) for r in results]


@pytest.mark.slow
def test_consistency_checks_run_inside_the_server_with_the_same_results(sample_dir, pg_url, mysql_url,
                                                                          monkeypatch):
    """The sample's reference and duplicate-key checks, with every dataset they read in one PostgreSQL or
    MariaDB source, run in that server (the DuckDB views are never opened) and give DuckDB's results: counts,
    evidence keys in the same order, masked the same way."""
    from khlang.declarations.models import Source
    from khlang.quality.consistency import load_consistency, run_consistency

    catalog = load_catalog(REPO / "catalog")
    checks = [c for c in load_consistency(catalog) if c.type in PUSHED_TYPES]
    read = sorted({c.dataset for c in checks} | {d for c in checks for _, d, _ in c.params.references(c.dataset)})
    assert len(checks) >= 8 and "grades" in read  # the composite key with `within` among them
    prefix = f"c_{uuid.uuid4().hex[:6]}"
    with Relations(catalog, sample_dir) as rel:
        duck = _consistency_shape(run_consistency(catalog, rel, checks))
        for ds in read:
            _load_pg(pg_url, f"{prefix}_{ds}", rel.con, rel.view(ds))
            _load_mysql(mysql_url, f"{prefix}_{ds}", rel.con, rel.view(ds))
    assert any(not r[1] for r in duck) and all("error" not in r[5] for r in duck), duck

    def never(self, dataset):
        raise AssertionError(f"read {dataset} into DuckDB")

    monkeypatch.setattr(Relations, "view", never)
    for engine, url, kind in (("postgresql", pg_url, "postgres"), ("mysql", mysql_url, "mysql")):
        server = load_catalog(REPO / "catalog")
        server.sources["server"] = Source(name="server", type=kind, url=url)
        for ds in read:
            server.datasets[ds] = server.datasets[ds].model_copy(update={"source": "server",
                                                                         "object": f"{prefix}_{ds}"})
        with Relations(server, sample_dir) as rel:
            pushed = _consistency_shape(run_consistency(server, rel, checks, engine=engine))
        assert pushed == duck, engine


def test_a_check_reading_another_source_stays_in_duckdb(sample_dir):
    """Pushdown needs every dataset of the check in the server: a reference kept in files is joined in DuckDB."""
    from khlang.declarations.models import Source
    from khlang.quality.consistency import _server, load_consistency
    from khlang.quality.consistency.base import CONSISTENCY_TYPES

    catalog = load_catalog(REPO / "catalog")
    catalog.sources["server"] = Source(name="server", type="postgres", url="postgresql://127.0.0.1/none")
    catalog.datasets["stock_movements"] = catalog.datasets["stock_movements"].model_copy(update={"source": "server"})
    checks = {c.id: c for c in load_consistency(catalog)}
    ref = checks["movements_warehouse_exists"]
    assert _server(catalog, ref, CONSISTENCY_TYPES[ref.type](), "postgresql") is None  # warehouses: files
    assert _server(catalog, ref, CONSISTENCY_TYPES[ref.type](), None) is None
    balance = checks["balances_reconcile_with_movements"]
    assert _server(catalog, balance, CONSISTENCY_TYPES[balance.type](), "postgresql") is None  # not pushed down
