"""`khlang catalog publish`: create, idempotence, private data never sent, clear errors — on a recording CKAN.

A real CKAN 2.12 (PyPI, own virtualenv, PostgreSQL) runs on this machine only with a stand-in for Solr and a
stand-in for DGA's validators (see the README), so these tests use tests/ckan_recording.py, which checks every
write against the encoded schema and CKAN's core rules.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ckan_recording import RecordingCkan, Running

from khlang.catalog.ckan_publish import CkanError, publish
from khlang.cli import main
from khlang.declarations import load_catalog

REPO = Path(__file__).resolve().parent.parent
TOKEN = "secret-token"
PRIVATE = {"counterparties", "daily_stock_balances", "depositors", "legacy_warehouse_master", "stock_movements",
           "warehouses"}


@pytest.fixture
def catalog_dir(tmp_path) -> Path:
    out = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", out)
    return out


@pytest.fixture(params=["thai_gdc", "tgdcschema"])
def ckan(request):
    running = Running(RecordingCkan(request.param, TOKEN))
    yield running
    running.stop()


def _publish(catalog_dir: Path, ckan: Running, **kw):
    return publish(load_catalog(catalog_dir), ckan.url, kw.pop("token", TOKEN), ckan.ckan.schema.variant, **kw)


def test_first_run_creates_every_package_the_schema_accepts(catalog_dir, ckan):
    result = _publish(catalog_dir, ckan)
    assert [o.action for o in result.outcomes] == ["created"] * 12
    assert len(ckan.ckan.packages) == 12
    assert [a for a, _d in ckan.ckan.writes()] == ["package_create"] * 12
    provinces = ckan.ckan.packages["pwo-provinces"]
    assert provinces["private"] is False and provinces["resources"][0]["url"].endswith("/provinces.csv")
    assert provinces["reference_data"] == "True" and provinces["organization"]["name"] == "pwo"


def test_second_run_changes_nothing(catalog_dir, ckan):
    _publish(catalog_dir, ckan)
    before = len(ckan.ckan.calls)
    result = _publish(catalog_dir, ckan)
    later = [a for a, _d in ckan.ckan.calls[before:]]
    assert [o.action for o in result.outcomes] == ["unchanged"] * 12
    assert set(later) == {"organization_show", "package_show"} and later.count("package_show") == 12
    assert result.calls == {"organization_show": 1, "package_show": 12}


def test_a_changed_declaration_patches_only_that_field(catalog_dir, ckan):
    _publish(catalog_dir, ckan)
    path = catalog_dir / "datasets" / "reference.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title_th: หน่วยนับ", "title_th: หน่วยนับมาตรฐาน"),
                    encoding="utf-8")
    before = len(ckan.ckan.calls)
    result = _publish(catalog_dir, ckan)
    writes = [(a, d) for a, d in ckan.ckan.calls[before:] if a != "package_show" and a != "organization_show"]
    assert len(writes) == 1 and writes[0][0] == "package_patch"
    assert set(writes[0][1]) == {"id", "title"} and writes[0][1]["title"] == "หน่วยนับมาตรฐาน"
    assert {o.name: o.fields for o in result.outcomes if o.action == "updated"} == {"pwo-units": ["title"]}
    assert ckan.ckan.packages["pwo-units"]["title"] == "หน่วยนับมาตรฐาน"


def test_no_data_address_of_a_non_public_dataset_is_ever_sent(catalog_dir, ckan):
    path = catalog_dir / "datasets" / "master.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      data_category: personal\n      license_id: internal_use\n",
                                 "      data_category: personal\n      license_id: internal_use\n"
                                 "      resource_url: https://data.pwo.example.go.th/depositors.parquet\n", 1),
                    encoding="utf-8")
    assert "depositors.parquet\n" in path.read_text(encoding="utf-8")
    _publish(catalog_dir, ckan)
    for action, data in ckan.ckan.calls:
        if action in ("package_create", "package_patch") and data.get("private"):
            assert data.get("resources", []) == [], (action, data["name"])
    sent = str(ckan.ckan.calls)
    assert "depositors.parquet" not in sent
    for name in PRIVATE:
        pkg = ckan.ckan.packages[f"pwo-{name}"]
        assert pkg["private"] is True and pkg["resources"] == []
    assert ckan.ckan.violations == []


def test_a_dataset_that_stops_being_public_loses_its_resource(catalog_dir, ckan):
    _publish(catalog_dir, ckan)
    assert ckan.ckan.packages["pwo-grades"]["resources"]
    path = catalog_dir / "datasets" / "reference.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - name: grades")
    end = text.index("classification: public", start)
    path.write_text(text[:end] + "classification: internal" + text[end + len("classification: public"):],
                    encoding="utf-8")
    result = _publish(catalog_dir, ckan)
    grades = next(o for o in result.outcomes if o.name == "pwo-grades")
    assert grades.action == "updated" and "private" in grades.fields and grades.resources == ["deleted grades.csv"]
    assert ckan.ckan.packages["pwo-grades"]["private"] is True and ckan.ckan.packages["pwo-grades"]["resources"] == []


def test_dry_run_reads_but_writes_nothing(catalog_dir, ckan):
    result = _publish(catalog_dir, ckan, dry_run=True)
    assert [o.action for o in result.outcomes] == ["created"] * 12 and result.dry_run
    assert ckan.ckan.writes() == [] and ckan.ckan.packages == {}
    assert result.calls["package_create"] == 12


def test_a_wrong_token_is_one_clear_line_and_exit_1(catalog_dir, ckan, monkeypatch, capsys):
    monkeypatch.setenv("KHLANG_HOME", str(catalog_dir.parent))
    monkeypatch.setenv("KHLANG_CKAN_API_TOKEN", "wrong")
    code = main(["catalog", "publish", "--ckan", ckan.url, "--schema", ckan.ckan.schema.variant])
    _out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert "refused package_create for pwo-commodities: not authorised" in err and len(err.strip().splitlines()) == 1
    assert ckan.ckan.packages == {}


def test_missing_token_and_unreachable_server(catalog_dir, ckan, monkeypatch, capsys):
    monkeypatch.setenv("KHLANG_HOME", str(catalog_dir.parent))
    monkeypatch.delenv("KHLANG_CKAN_API_TOKEN", raising=False)
    assert main(["catalog", "publish", "--ckan", ckan.url]) == 1
    assert "KHLANG_CKAN_API_TOKEN is not set" in capsys.readouterr().err
    url = ckan.url
    ckan.stop()
    monkeypatch.setenv("KHLANG_CKAN_API_TOKEN", TOKEN)
    assert main(["catalog", "publish", "--ckan", url]) == 1
    err = capsys.readouterr().err
    assert f"cannot reach CKAN at {url}" in err and "Traceback" not in err


def test_unknown_organisation_is_named(catalog_dir, ckan):
    ckan.ckan.orgs.clear()
    with pytest.raises(CkanError, match="organisation 'pwo' does not exist on CKAN"):
        _publish(catalog_dir, ckan)
    assert ckan.ckan.writes() == []


def test_an_incomplete_catalogue_is_refused_before_any_call(catalog_dir, ckan):
    path = catalog_dir / "datasets" / "master.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("      data_source: ฝ่ายการค้า องค์การคลังสินค้า\n", ""),
                    encoding="utf-8")
    with pytest.raises(CkanError, match="pwo-counterparties: data_source: mandatory field missing"):
        _publish(catalog_dir, ckan)
    assert ckan.ckan.calls == []


def test_the_recording_ckan_refuses_what_ckan_refuses(ckan):
    import ckanapi

    remote = ckanapi.RemoteCKAN(ckan.url, apikey=TOKEN)
    with pytest.raises(ckanapi.ValidationError) as bad:
        remote.call_action("package_create", {"name": "Bad Name", "owner_org": "pwo", "objective": ["free text"]})
    errors = bad.value.error_dict
    assert "name" in errors and "objective" in errors and "data_source" in errors
    with pytest.raises(ckanapi.ValidationError):
        remote.call_action("package_create", {"name": "ok-name", "owner_org": "nobody"})
