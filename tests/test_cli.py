"""The `khlang` command as people use it: JSON shapes, exit codes, nothing written on bad input."""

from __future__ import annotations

import json

from khlang.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_scan_json_has_the_documented_shape(capsys, sample_dir):
    code, out, _ = run(capsys, "catalog", "scan", str(sample_dir / "master"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [d["name"] for d in data["datasets"]] == ["counterparties", "depositors", "warehouses"]
    deps = data["datasets"][1]
    assert set(deps) == {"name", "source", "row_count", "columns"}
    assert set(deps["columns"][0]) == {"name", "type", "null_count", "distinct_count", "pii"}
    pii = {c["name"]: c["pii"] for c in deps["columns"]}
    assert pii["national_id"] == "national_id" and pii["depositor_id"] is None
    assert "นาย" not in out, "scan prints profiles, never values"


def test_scan_of_missing_source_is_a_clear_error(capsys, tmp_path):
    code, out, err = run(capsys, "catalog", "scan", str(tmp_path / "nope"))
    assert code == 2 and out == ""
    assert f"{tmp_path / 'nope'}: no such file or folder" in err


def test_bad_declaration_exits_2_and_writes_nothing(capsys, khlang_env):
    path = khlang_env / "catalog" / "datasets" / "reference.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind: reference", "kind: referense", 1), encoding="utf-8")
    code, out, err = run(capsys, "catalog", "sync")
    assert code == 2
    assert f"{path}:" in err and "datasets[0].kind" in err
    assert not (khlang_env / "var" / "khlang.db").exists()


def test_sync_list_and_kind_filter(capsys, khlang_env):
    code, out, _ = run(capsys, "catalog", "sync", "--format", "json", "--as-of", "2569-11-25")
    assert code == 0
    data = json.loads(out)
    assert data["snapshot_id"] == 1 and data["drift"] == []
    assert {g["code"] for g in data["gaps"]} >= {"undeclared_dataset", "pii_in_public", "no_digital_owner"}

    code, out, _ = run(capsys, "catalog", "list", "--kind", "reference", "--format", "json")
    rows = json.loads(out)
    assert [r["name"] for r in rows] == ["commodities", "grades", "provinces", "units"]
    assert next(r for r in rows if r["name"] == "provinces")["row_count"] == 77

    code, out, _ = run(capsys, "catalog", "list")
    assert code == 0 and "ทะเบียนผู้ฝากสินค้า" in out and "1 " in out


def test_ckan_export(capsys, khlang_env, tmp_path):
    out_file = tmp_path / "ckan.json"
    code, out, err = run(capsys, "catalog", "export", "--format", "ckan", "--out", str(out_file))
    assert code == 0
    packages = json.loads(out_file.read_text(encoding="utf-8"))
    assert len(packages) == 12
    deps = next(p for p in packages if p["name"] == "pwo-depositors")
    for field in ("data_type", "title", "owner_org", "maintainer", "maintainer_email", "notes", "tags",
                  "objective", "update_frequency_unit", "geo_coverage", "data_source", "data_format",
                  "data_category", "license_id"):
        assert deps[field] not in (None, "", []), field
    assert "data_classification" not in deps and deps["private"] is True  # classic thai_gdc has no such field
    assert deps["data_category"] == "ข้อมูลส่วนบุคคล" and deps["update_frequency_unit"] == "วัน"
    assert deps["maintainer_email"] == "chaiwat.p@pwo.example.go.th"
    provinces = next(p for p in packages if p["name"] == "pwo-provinces")
    assert provinces["private"] is False and provinces["reference_data"] == "True"
    assert "warning" not in err

    code, _out, _err = run(capsys, "catalog", "export", "--format", "ckan", "--strict")
    assert code == 0


def test_site_command_builds_from_the_store(capsys, khlang_env):
    assert run(capsys, "catalog", "sync")[0] == 0
    code, out, _ = run(capsys, "catalog", "site")
    assert code == 0
    index = khlang_env / "reports" / "catalog" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "ทะเบียนผู้ฝากสินค้า" in html and "legacy_wms.depositor_accounts" in html
    page = (khlang_env / "reports" / "catalog" / "datasets" / "depositors.html").read_text(encoding="utf-8")
    assert "national_id" in page and "นางสาวพรทิพย์ ศรีสุข" in page


def test_validate_checks_every_declaration_file(capsys, khlang_env):
    code, out, _ = run(capsys, "catalog", "validate", "--format", "json")
    assert code == 0
    counts = json.loads(out)
    assert counts["datasets"] == 12 and counts["suites"] >= 9 and counts["consistency.yaml"] >= 10

    path = khlang_env / "catalog" / "consistency.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("dataset: stock_movements", "dataset: stock_movementz", 1), encoding="utf-8")
    suite = khlang_env / "expectations" / "units.json"
    suite.write_text(suite.read_text(encoding="utf-8").replace("expect_column_values_to_be_unique", "expect_magic"),
                     encoding="utf-8")
    code, out, err = run(capsys, "catalog", "validate")
    assert code == 2 and out == ""
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "stock_movementz" in text)
    assert f"{path}:{line}:" in err and "stock_movementz" in err
    assert f"{suite}:" in err and "unsupported expectation type 'expect_magic'" in err


def test_unreadable_files_are_short_clear_errors_without_values(capsys, sample_dir, tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_text("garbage", encoding="utf-8")
    code, out, err = run(capsys, "catalog", "scan", str(bad))
    assert code == 2 and out == "" and f"{bad}: cannot read:" in err and "LINE 1" not in err
    code, out, err = run(capsys, "catalog", "scan", str(sample_dir / "legacy" / "depositors_export.csv"),
                         "--encoding", "utf-8")
    assert code == 2 and "CSV Error on Line: 2" in err and "--encoding" in err
    assert "Original Line" not in err and len(err.splitlines()) == 1
