"""`khlang catalog export --format ckan`: variants, refusals with file:line, --strict writing nothing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from khlang.catalog.ckan import export
from khlang.catalog.gaps import evaluate
from khlang.cli import main
from khlang.declarations import load_catalog
from khlang.errors import DeclarationError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    monkeypatch.setenv("KHLANG_HOME", str(tmp_path))
    return tmp_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _edit(home: Path, file: str, old: str, new: str) -> None:
    path = home / "catalog" / "datasets" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(home: Path, file: str, text: str) -> int:
    lines = (home / "catalog" / "datasets" / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_export_writes_both_variants(home, capsys):
    for variant in ("thai_gdc", "tgdcschema"):
        out = home / f"{variant}.json"
        code, _out, err = run(capsys, "catalog", "export", "--format", "ckan", "--schema", variant,
                              "--out", str(out), "--strict")
        assert code == 0 and f"12 CKAN packages ({variant}) written" in err and "warning" not in err
        packages = json.loads(out.read_text(encoding="utf-8"))
        deps = next(p for p in packages if p["name"] == "pwo-depositors")
        assert ("data_classification" in deps) == (variant == "tgdcschema")
    code, out, _err = run(capsys, "catalog", "export", "--format", "ckan")
    assert code == 0 and len(json.loads(out)) == 12


def test_strict_refuses_and_writes_nothing(home, capsys):
    _edit(home, "master.yaml", "      data_source: ฝ่ายการค้า องค์การคลังสินค้า\n", "")
    out = home / "ckan.json"
    out.write_text("previous export\n", encoding="utf-8")
    code, stdout, err = run(capsys, "catalog", "export", "--format", "ckan", "--out", str(out), "--strict")
    assert code == 1 and stdout == ""
    assert "error: pwo-counterparties: thai_gdc: data_source: mandatory field missing" in err
    assert "nothing written" in err and out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in home.iterdir() if p.name.startswith(".ckan.json")] == []

    code, _stdout, err = run(capsys, "catalog", "export", "--format", "ckan", "--out", str(out))
    assert code == 0 and "warning: pwo-counterparties: thai_gdc: data_source: mandatory field missing" in err
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 12


def test_a_missing_mandatory_field_is_also_a_catalogue_gap(home):
    _edit(home, "master.yaml", "      data_source: ฝ่ายการค้า องค์การคลังสินค้า\n", "")
    catalog = load_catalog(home / "catalog")
    gaps = evaluate(catalog, catalog.datasets["counterparties"], None, dt.date(2026, 12, 1))
    assert [g.detail for g in gaps if g.code == "gd_catalog_missing"] == [
        "GD Catalog mandatory fields missing: data_source"]


def test_a_value_that_cannot_be_mapped_is_refused_with_its_line(home, capsys):
    _edit(home, "legacy.yaml", "      objective: mission\n", "      objective: ใช้งานระหว่างย้ายระบบ\n")
    line = _line_of(home, "legacy.yaml", "objective: ใช้งานระหว่างย้ายระบบ")
    out = home / "ckan.json"
    code, stdout, err = run(capsys, "catalog", "export", "--format", "ckan", "--out", str(out))
    assert code == 2 and stdout == "" and not out.exists()
    assert f"legacy.yaml:{line}: gd_catalog.objective: 'ใช้งานระหว่างย้ายระบบ' is neither a value of thai_gdc" in err
    assert "Traceback" not in err


def test_internal_data_category_exists_only_in_the_newer_schema(home):
    _edit(home, "transactional.yaml", "      data_category: public\n", "      data_category: internal\n")
    catalog = load_catalog(home / "catalog")
    newer = export(catalog, "tgdcschema")
    moves = next(p for p in newer.packages if p["name"] == "pwo-stock_movements")
    assert moves["data_category"] == "ข้อมูลใช้ภายใน" and newer.problems == {}
    with pytest.raises(DeclarationError) as refused:
        export(catalog, "thai_gdc")
    [problem] = refused.value.problems
    assert problem.file.endswith("transactional.yaml") and problem.field == "gd_catalog.data_category"
    assert problem.line == _line_of(home, "transactional.yaml", "data_category: internal")


def test_schema_values_may_be_written_directly(home):
    _edit(home, "warehouse.yaml", "      objective: [public_service, mission]\n",
          "      objective: [เพื่อการให้บริการประชาชน, อื่นๆ]\n      objective_other: เผยแพร่สถิติ\n")
    catalog = load_catalog(home / "catalog")
    pkg = next(p for p in export(catalog).packages if p["name"] == "pwo-monthly_commodity_summary")
    assert pkg["objective"] == ["เพื่อการให้บริการประชาชน", "อื่นๆ"] and pkg["objective_other"] == "เผยแพร่สถิติ"


def test_codes_match_whatever_their_case(home):
    stats = "      data_type: statistics\n"
    _edit(home, "warehouse.yaml", stats, stats + "      data_format: Parquet\n")
    pkg = next(p for p in export(load_catalog(home / "catalog")).packages if p["name"] == "pwo-daily_stock_balances")
    assert pkg["data_format"] == ["อื่นๆ"] and pkg["data_format_other"] == "Parquet"


def test_a_private_dataset_resource_url_is_not_exported(home, capsys):
    _edit(home, "master.yaml", "      data_category: personal\n      license_id: internal_use\n",
          "      data_category: personal\n      license_id: internal_use\n"
          "      resource_url: https://data.pwo.example.go.th/depositors.parquet\n")
    code, out, err = run(capsys, "catalog", "export", "--format", "ckan")
    assert code == 0 and "depositors.parquet" not in out
    assert "note: depositors: resource_url not exported: the dataset is confidential" in err
