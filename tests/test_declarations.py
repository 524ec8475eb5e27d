import shutil
from pathlib import Path

import pytest

from khlang.declarations import load_catalog
from khlang.errors import DeclarationError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def catalog_dir(tmp_path):
    dst = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", dst)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_bundled_catalogue_validates():
    cat = load_catalog(REPO / "catalog")
    assert {d.kind for d in cat.datasets.values()} == {"master", "reference", "transactional", "warehouse"}
    deps = cat.datasets["depositors"]
    assert deps.business_owner == "p01" and deps.digital_owner == "p03"
    assert deps.personal_data.contains_pii and deps.classification == "confidential"
    # YAML merge keys work and explicit keys win over merged ones.
    assert cat.datasets["units"].gd_catalog.data_source == "สำนักงานกลางชั่งตวงวัด"
    assert cat.datasets["provinces"].gd_catalog.license_id == "Open Data Common"


def test_bad_enum_reports_file_line_field(catalog_dir):
    path = catalog_dir / "datasets" / "master.yaml"
    _edit(path, "classification: confidential", "classification: very_secret")
    with pytest.raises(DeclarationError) as err:
        load_catalog(catalog_dir)
    line = _line_of(path, "classification: very_secret")
    msg = str(err.value)
    assert f"{path}:{line}: datasets[1].classification: " in msg
    assert "public" in msg  # says what is allowed


def test_typo_in_key_is_an_error_not_ignored(catalog_dir):
    path = catalog_dir / "datasets" / "transactional.yaml"
    _edit(path, "    business_owner: p01", "    busines_owner: p01")
    with pytest.raises(DeclarationError) as err:
        load_catalog(catalog_dir)
    line = _line_of(path, "busines_owner")
    assert f"{path}:{line}: datasets[0].busines_owner: unknown field" in str(err.value)


def test_unknown_person_and_source_are_cross_checked(catalog_dir):
    path = catalog_dir / "datasets" / "warehouse.yaml"
    _edit(path, "digital_owner: p04", "digital_owner: p99")
    _edit(path, "source: data_warehouse", "source: nowhere")
    with pytest.raises(DeclarationError) as err:
        load_catalog(catalog_dir)
    msg = str(err.value)
    assert f"{path}:{_line_of(path, 'p99')}: datasets[0].digital_owner: unknown person 'p99'" in msg
    assert f"{path}:{_line_of(path, 'nowhere')}: datasets[0].source: unknown source 'nowhere'" in msg


def test_duplicate_dataset_names_point_at_both(catalog_dir):
    path = catalog_dir / "datasets" / "legacy.yaml"
    _edit(path, "- name: depositors_export", "- name: depositors")
    with pytest.raises(DeclarationError) as err:
        load_catalog(catalog_dir)
    # Files load in name order, so the master.yaml entry is the second one seen.
    assert len(err.value.problems) == 1
    master = catalog_dir / "datasets" / "master.yaml"
    line = _line_of(master, "- name: depositors")
    assert f"{master}:{line}: datasets[1].name: dataset 'depositors' already declared at " in str(err.value)
    assert f"{path}:{_line_of(path, '- name: depositors')}" in str(err.value)


def test_invalid_yaml_and_duplicate_keys(catalog_dir):
    path = catalog_dir / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "  - name: [unclosed\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"sources.yaml:\d+: \(file\): invalid YAML"):
        load_catalog(catalog_dir)
    path.write_text(text.replace("    type: files\n", "    type: files\n    type: csv\n", 1), encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"sources.yaml:\d+: sources\[0\].type: duplicate key"):
        load_catalog(catalog_dir)


def test_buddhist_era_dates_in_declarations(catalog_dir):
    path = catalog_dir / "datasets" / "transactional.yaml"
    _edit(path, "created_on: 2025-10-01", "created_on: 2568-10-01, archived_on: 31/01/2569")
    _edit(path, "stage: active", "stage: archived")
    cat = load_catalog(catalog_dir)
    life = cat.datasets["stock_movements"].lifecycle
    assert life.created_on.isoformat() == "2025-10-01"
    assert life.archived_on.isoformat() == "2026-01-31"
    assert life.retention_ends().isoformat() == "2036-01-31"


def test_living_dataset_has_no_dataset_level_retention_end():
    from khlang.declarations.models import Lifecycle, add_period

    assert Lifecycle(stage="active", created_on="2012-01-01", retention="10y").retention_ends() is None
    assert Lifecycle(stage="active", retain_until="2568-12-31").retention_ends().isoformat() == "2025-12-31"
    assert add_period(__import__("datetime").date(2024, 1, 31), "1m").isoformat() == "2024-02-29"


def test_unsafe_yaml_tags_are_refused(catalog_dir):
    path = catalog_dir / "sources.yaml"
    path.write_text("sources: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match="sources.yaml:1"):
        load_catalog(catalog_dir)


def test_all_problems_reported_at_once(catalog_dir):
    _edit(catalog_dir / "datasets" / "master.yaml", "kind: master", "kind: mastr")
    _edit(catalog_dir / "datasets" / "reference.yaml", "kind: reference", "kind: refrence")
    with pytest.raises(DeclarationError) as err:
        load_catalog(catalog_dir)
    assert len(err.value.problems) == 2


def test_impossible_date_is_a_located_error(catalog_dir):
    path = catalog_dir / "datasets" / "transactional.yaml"
    _edit(path, "created_on: 2025-10-01", "created_on: 2569-02-30")
    with pytest.raises(DeclarationError) as err:
        load_catalog(catalog_dir)
    line = _line_of(path, "2569-02-30")
    assert f"{path}:{line}: datasets[0].lifecycle.created_on: invalid value" in str(err.value)
