"""The encoded GD Catalog schemas: facts from DGA's extensions, one test per field, and the demo passing both."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from khlang.catalog.ckan import export
from khlang.catalog.ckan_schema import SCHEMA_DIR, VARIANTS, load_schema, validate_package, validate_packages
from khlang.catalog.ckan_vocabulary import OTHER, VOCABULARY, mapped
from khlang.declarations import load_catalog

REPO = Path(__file__).resolve().parent.parent


def _raw(variant: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{variant}.json").read_text(encoding="utf-8"))


def _fields(section: str) -> list[tuple[str, str]]:
    return [(v, f["field"]) for v in VARIANTS for f in _raw(v)[section]]


@pytest.fixture(scope="module")
def demo():
    return load_catalog(REPO / "catalog")


@pytest.fixture(scope="module")
def valid(demo):
    """A package of the demo that passes each variant, to break one field at a time."""
    return {v: next(p for p in export(demo, v).packages if p["name"] == "pwo-provinces") for v in VARIANTS}


def test_each_schema_names_its_source():
    for variant in VARIANTS:
        source = _raw(variant)["source"]
        assert source["repository"].startswith("https://github.com/") and len(source["commit"]) == 40
        assert source["path"].endswith(f"{variant}/ckan_dataset.json")
    assert "ckan/logic/schema" in json.loads((SCHEMA_DIR / "ckan_core.json").read_text())["source"]["path"]


def test_the_facts_the_issue_relies_on():
    classic, newer = load_schema("thai_gdc"), load_schema("tgdcschema")
    assert "data_classification" not in classic.dataset_fields
    assert newer.field("data_classification").choices == ("เปิดเผย", "ชั้นเผยแพร่ภายในองค์กร", "ลับ", "ลับมาก", "ลับที่สุด")
    assert classic.field("data_category").choices == ("ข้อมูลสาธารณะ", "ข้อมูลส่วนบุคคล", "ข้อมูลความมั่นคง",
                                                       "ข้อมูลความลับทางราชการ")
    assert "ข้อมูลใช้ภายใน" in newer.field("data_category").choices
    assert "Parquet" not in classic.field("data_format").choices and OTHER in classic.field("data_format").choices
    for schema in (classic, newer):
        assert schema.field("reference_data").choices == ("False", "True")
        assert schema.field("objective").multiple and schema.field("data_format").multiple
    assert "License not specified" in classic.field("license_id").choices
    assert "License not specified" not in newer.field("license_id").choices
    assert classic.limits["package_name_max_length"] == 70
    assert not classic.field("owner_org").required and newer.field("owner_org").required
    required = {f.name for f in classic.dataset_fields.values() if f.required}
    assert required == {"data_type", "title", "maintainer", "maintainer_email", "tag_string", "notes", "objective",
                        "update_frequency_unit", "geo_coverage", "data_source", "data_format", "data_category",
                        "license_id"}


@pytest.mark.parametrize("variant,name", _fields("dataset_fields"))
def test_dataset_field(variant, name, valid):
    """Each field as the variant declares it: a required one is refused when empty, choices are enforced."""
    schema = load_schema(variant)
    field = schema.field(name)
    base = copy.deepcopy(valid[variant])
    base["data_type"] = field.data_types[0] if field.data_types and name != "data_type" else base["data_type"]
    key = "tags" if name == "tag_string" else name
    if field.required:
        broken = {k: v for k, v in base.items() if k != key}
        assert f"{name}: mandatory field missing" in validate_package(broken, schema)
    if field.choices:
        for choice in field.choices:
            value = [choice] if field.multiple else choice
            ok = dict(base, **{name: value})
            if choice == OTHER and f"{name}_other" in schema.dataset_fields:
                assert f"{name}_other: needed when {name} is {OTHER}" in validate_package(ok, schema)
                ok[f"{name}_other"] = "อธิบาย"
            assert validate_package(ok, schema) == [], (name, choice)
        wrong = dict(base, **{name: ["not-a-choice"] if field.multiple else "not-a-choice"})
        assert any(p.startswith(f"{name}: 'not-a-choice' is not one of") for p in validate_package(wrong, schema))
    if not field.required and not field.choices and name not in ("name", "title", "owner_org", "tag_string"):
        assert validate_package(dict(base, **{name: "ค่า"}), schema) == []


@pytest.mark.parametrize("variant,name", _fields("resource_fields"))
def test_resource_field(variant, name, valid):
    schema = load_schema(variant)
    field = schema.resource_fields[name]
    base = copy.deepcopy(valid[variant])
    resource = dict(base["resources"][0])
    if field.required:
        resource.pop(name, None)
        assert f"resources[0].{name}: mandatory field missing" in validate_package(dict(base, resources=[resource]),
                                                                                 schema)
    else:
        value = field.choices[0] if field.choices else "ค่า"
        assert validate_package(dict(base, resources=[dict(resource, **{name: value})]), schema) == []


@pytest.mark.parametrize("variant", VARIANTS)
def test_core_ckan_rules(variant, valid):
    schema, base = load_schema(variant), valid[variant]
    assert validate_package(dict(base, name="Has Space"), schema)[0].startswith("name:")
    longest = 70 if variant == "thai_gdc" else 100  # thai_gdc's own package_name_validator; CKAN's column size
    assert not validate_package(dict(base, name="x" * longest), schema)
    assert any(f"2 to {longest}" in p for p in validate_package(dict(base, name="x" * (longest + 1)), schema))
    assert "owner_org: CKAN needs the organisation" in validate_package(dict(base, owner_org=None), schema)[0]
    assert validate_package(dict(base, maintainer_email="not-mail"), schema) == [
        "maintainer_email: 'not-mail' is not an e-mail address"]
    assert validate_package(dict(base, tags=[{"name": "a"}]), schema)[0].startswith("tags: 'a'")
    assert validate_package(dict(base, unknown_field="x"), schema) == [
        f"unknown_field: not a field of {variant}: CKAN would drop it"]
    assert validate_package(dict(base, data_type=["ข้อมูลระเบียน"]), schema) == ["data_type: takes one value, not a list"]


def test_titles_are_unique_in_the_classic_schema(valid):
    one = valid["thai_gdc"]
    two = dict(one, name="pwo-other")
    assert validate_packages([one, two], load_schema("thai_gdc")) == {
        "pwo-other": ["title: already used by pwo-provinces (titles are unique in thai_gdc)"]}
    assert validate_packages([one, dict(valid["tgdcschema"], name="pwo-other")], load_schema("tgdcschema")) == {}


@pytest.mark.parametrize("field", sorted(VOCABULARY))
def test_every_khlang_code_maps_to_a_value_of_the_schema(field):
    for variant in VARIANTS:
        spec = load_schema(variant).field(field)
        for code in VOCABULARY[field]:
            hit = mapped(field, code, variant)
            if hit is None or spec is None:
                continue
            value = hit[0] if isinstance(hit, tuple) else hit
            assert value in spec.choices, (variant, field, code, value)
            assert isinstance(hit, str) or (value == OTHER and hit[1]), (variant, field, code)


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_demo_packages_pass_both_variants(demo, variant):
    result = export(demo, variant)
    assert len(result.packages) == 12 and result.problems == {} and result.notices == []
    schema = load_schema(variant)
    for pkg in result.packages:
        assert validate_package(pkg, schema) == [], pkg["name"]
    by_name = {p["name"]: p for p in result.packages}
    deps = by_name["pwo-depositors"]
    assert deps["data_format"] == [OTHER] and deps["data_format_other"] == "Parquet"
    assert deps["data_category"] == "ข้อมูลส่วนบุคคล" and deps["private"] is True and deps["resources"] == []
    assert deps["objective"] == ["เพื่อการให้บริการประชาชน", "พันธกิจหน่วยงาน"]
    assert by_name["pwo-provinces"]["reference_data"] == "True" and by_name["pwo-units"]["data_format"] == ["CSV"]
    assert by_name["pwo-daily_stock_balances"]["data_format"] == ["Database"]
    assert by_name["pwo-warehouses"]["license_id"] == OTHER and by_name["pwo-warehouses"]["license_id_other"]
    if variant == "tgdcschema":
        assert deps["data_classification"] == "ลับ"
        assert by_name["pwo-warehouses"]["data_classification"] == "ชั้นเผยแพร่ภายในองค์กร"
    else:
        assert "data_classification" not in deps
