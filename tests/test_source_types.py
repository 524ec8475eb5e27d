"""Source types are plugins: one class registered in one place is accepted everywhere a type matters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from khlang.catalog.ckan import gd_fields
from khlang.declarations import load_catalog
from khlang.declarations.models import Source
from khlang.errors import DeclarationError
from khlang.harvest.readers import CsvReader, PostgresReader, open_reader
from khlang.lineage.naming import dataset_ref
from khlang.quality.relations import Relations
from khlang.sources import SOURCE_TYPES, ServerType, plugin
from khlang.sources.files import FileFolderType

REPO = Path(__file__).resolve().parent.parent


class TsvType(FileFolderType):
    """A type added the way Oracle or SQL Server would be: one class (here, tab-separated files)."""

    name = "tsv"
    reader = CsvReader

    def ckan_format(self, ds: object) -> str | None:
        return "tsv"


class FakeServerType(ServerType):
    """A database server type nobody ships: declared with url, named after its host in lineage."""

    name = "fakedb"
    reader = PostgresReader


@pytest.fixture
def extra_types():
    SOURCE_TYPES.add("tsv", TsvType())
    SOURCE_TYPES.add("fakedb", FakeServerType())
    try:
        yield
    finally:
        SOURCE_TYPES.remove("tsv")
        SOURCE_TYPES.remove("fakedb")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    data = tmp_path / "data"
    (data / "regional").mkdir(parents=True)
    (data / "regional" / "regions.tsv").write_text("code\tname_th\nN\tภาคเหนือ\nS\tภาคใต้\nE\tภาคอีสาน\n",
                                                   encoding="utf-8")
    sources = tmp_path / "catalog" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "  - name: regional_tsv\n    type: tsv\n"
                       "    path: regional/regions.tsv\n    system: REF\n", encoding="utf-8")
    reference = yaml.safe_load((REPO / "catalog" / "datasets" / "reference.yaml").read_text(encoding="utf-8"))
    entry = next(d for d in reference["datasets"] if d["name"] == "provinces")
    entry.update(name="regions", source="regional_tsv", object="regions.tsv", title_en="Regions",
                 columns=[{"name": "code"}, {"name": "name_th"}])
    (tmp_path / "catalog" / "datasets" / "zz_regions.yaml").write_text(
        yaml.safe_dump({"datasets": [entry]}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("KHLANG_HOME", str(tmp_path))
    monkeypatch.setenv("KHLANG_DATA_DIR", str(data))
    return tmp_path


def test_a_type_registered_once_is_accepted_by_declarations_relations_lineage_and_ckan(home, extra_types):
    catalog = load_catalog(home / "catalog")
    assert catalog.sources["regional_tsv"].type == "tsv"
    data = home / "data"
    with Relations(catalog, data) as rel:
        view = rel.view("regions")
        rows = rel.con.execute(f"SELECT code, name_th FROM {view} ORDER BY code").fetchall()
    assert rows == [("E", "ภาคอีสาน"), ("N", "ภาคเหนือ"), ("S", "ภาคใต้")]
    ref = dataset_ref(catalog, "regions", data)
    assert (ref.namespace, ref.name) == ("file", str((data / "regional" / "regions.tsv").resolve()))
    assert gd_fields(catalog, catalog.datasets["regions"])["data_format"] == "tsv"
    with open_reader("tsv", path=data / "regional" / "regions.tsv") as reader:
        assert [t.name for t in reader.tables()] == ["regions"]


def test_an_unregistered_type_is_refused_at_its_line(home):
    with pytest.raises(DeclarationError) as err:
        load_catalog(home / "catalog")
    text = str(err.value)
    assert "sources.yaml:" in text and "unknown source type 'tsv'" in text
    assert "(known: files, parquet, csv, duckdb, sqlite, postgres, mysql)" in text


def test_a_server_type_needs_url_and_is_named_by_its_plugin(extra_types):
    with pytest.raises(ValueError, match="a fakedb source needs url"):
        Source(name="erp", type="fakedb", path="erp.db")
    source = Source(name="erp", type="fakedb", url="fakedb://db.example:1521/erp")
    assert plugin("fakedb").by_url and plugin("fakedb").data_format == "database"
    assert plugin(source.type).url_database(source, "x") == "erp"


def test_the_built_in_types_declare_what_they_need():
    assert list(SOURCE_TYPES) == ["files", "parquet", "csv", "duckdb", "sqlite", "postgres", "mysql"]
    assert {n: t.required for n, t in SOURCE_TYPES.items()} == {
        "csv": ("path",), "duckdb": ("path",), "files": ("path",), "mysql": ("url",), "parquet": ("path",),
        "postgres": ("url",), "sqlite": ("path",)}
    assert plugin("postgres").pushdown == ("postgresql",) and plugin("mysql").pushdown == ("mysql",)
    assert {n: t.backup_engine for n, t in SOURCE_TYPES.items() if t.backup_engine} == {
        "duckdb": "duckdb", "mysql": "mysql", "postgres": "postgres", "sqlite": "sqlite"}
    assert plugin("mysql").url_schemes == ("mysql", "mariadb")


def test_a_location_is_recognised_by_the_types_own_marks(tmp_path):
    import sqlite3

    from khlang.errors import SourceError
    from khlang.harvest.readers import sniff_type

    (tmp_path / "a.tsv").write_text("x\ty\n1\t2\n", encoding="utf-8")
    (tmp_path / "fake.db").write_text("not a database", encoding="utf-8")
    sqlite3.connect(tmp_path / "real.bin").execute("CREATE TABLE t (x)").connection.close()
    assert sniff_type(str(tmp_path)) == "files" and sniff_type(str(tmp_path / "a.tsv")) == "csv"
    assert sniff_type(str(tmp_path / "real.bin")) == "sqlite" and sniff_type("mariadb://u@h/d") == "mysql"
    with pytest.raises(SourceError, match="unknown kind of file"):
        sniff_type(str(tmp_path / "fake.db"))
