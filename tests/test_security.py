"""Security and risk rules over the catalogue and the access register (catalog/access.yaml)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from khlang.declarations import load_catalog
from khlang.errors import DeclarationError
from khlang.harvest.scan import ColumnProfile, DatasetProfile
from khlang.quality.relations import Relations
from khlang.quality.security import (
    SECRET_CLASSES,
    SECURITY_RULES,
    load_access_register,
    review_cycle_start,
    review_deadline,
    run_security,
)
from khlang.quality.security.base import Context
from khlang.quality.security.grants import why_too_wide

REPO = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 25)

# What catalog/access.yaml and the dataset declarations plant, as of AS_OF, without reading data
# (rule → {dataset: unexpected_count}); the comments at the top of access.yaml say the same.
PLANTED = {
    "pii_in_public": {"counterparties": 1},
    "no_owner": {"counterparties": 1, "legacy_warehouse_master": 1},
    "grant_too_wide": {"depositors": 1, "counterparties": 1, "stock_movements": 1},
    "account_left": {"legacy_warehouse_master": 1, "depositors_export": 1},
    "account_not_reviewed": {"stock_movements": 1, "daily_stock_balances": 1},
    "past_retention": {"depositors_export": 1},
    "unencrypted_secret": {"depositors": 1},
    "grant_without_request": {"daily_stock_balances": 1},
    "self_approved": {"warehouses": 1},
}
# The catalogue snapshots' history the transfer is found from: p08 in WHS on 2025-12-01, in FIN (organisation.yaml
# as it is now) from 2026-01-05; with it, `transferred` fires once more (the access.yaml header says so).
# (An office that has not replied to the annual account review circular is an office's issue, not a dataset's
# security finding: tests/test_accounts.py.)
FROM_THE_STORE = {"transferred": {"daily_stock_balances": 1}}


def _history(catalog) -> list[tuple[dt.date, dict[str, str]]]:
    units = {pid: p.unit for pid, p in catalog.people.items()}
    return [(dt.date(2025, 12, 1), {**units, "p08": "WHS"}), (dt.date(2026, 1, 5), units)]


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    path = tmp_path_factory.mktemp("var")
    mp.setenv("KHLANG_VAR_DIR", str(path))
    yield path
    mp.undo()


def _copy_catalog(dst: Path, linkages: bool = False) -> Path:
    shutil.copytree(REPO / "catalog", dst)
    if not linkages:
        (dst / "linkages.yaml").unlink(missing_ok=True)  # the linkage register is tested on its own below
    return dst


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return load_catalog(_copy_catalog(tmp_path_factory.mktemp("sec") / "catalog"))


@pytest.fixture(scope="module")
def register(catalog):
    return load_access_register(catalog)


@pytest.fixture
def catalog_dir(tmp_path):
    return _copy_catalog(tmp_path / "catalog")


def _failures(results) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for r in results:
        if not r.success:
            out.setdefault(r.type, {})[r.dataset] = r.unexpected_count
    return out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


# ----------------------------------------------------------------------------- the planted register
def test_every_rule_fires_exactly_as_planted(catalog, register):
    results = run_security(catalog, register, AS_OF, unit_history=_history(catalog))
    assert _failures(results) == {**PLANTED, **FROM_THE_STORE}
    assert set(PLANTED) | set(FROM_THE_STORE) == set(SECURITY_RULES)
    assert _failures(run_security(catalog, register, AS_OF)) == PLANTED, "no history: no transfer"


def test_one_result_per_rule_and_dataset_in_the_common_shape(catalog, register):
    results = run_security(catalog, register, AS_OF)
    assert len(results) == len(SECURITY_RULES) * len(catalog.datasets)
    assert len({r.fingerprint for r in results}) == len(results)
    for r in results:
        assert (r.kind, r.dimension) == ("security", "security")
        assert r.check == f"{r.type}:{r.dataset}"
        assert r.severity == SECURITY_RULES[r.type].severity and r.weight == SECURITY_RULES[r.type].weight
        assert r.element_count >= r.unexpected_count >= 0
        assert r.success == (r.unexpected_count == 0)


def test_findings_name_the_grants_and_reasons(catalog, register):
    results = {r.check: r for r in run_security(catalog, register, AS_OF)}
    access = catalog.directory / "access.yaml"
    wide = results["grant_too_wide:depositors"].details["grants"]
    assert wide == [{"grantee": "all_staff", "access": "read", "line": _line_of(access, "- dataset: depositors "),
                     "reason": "confidential data is for the owning units (DTD, WHS) only"}]
    assert results["grant_too_wide:counterparties"].details["grants"][0]["reason"] == \
        "an external party may not read internal data"
    assert results["account_left:legacy_warehouse_master"].details["grants"] == [
        {"grantee": "p09", "access": "admin", "account": "prasert.w", "left_on": "2025-09-30",
         "line": _line_of(access, "- dataset: legacy_warehouse_master ")}]
    overdue = results["account_not_reviewed:daily_stock_balances"].details
    assert (overdue["deadline"], overdue["cycle_start"]) == ("2026-09-30", "2025-10-01")
    assert overdue["grants"] == [{"grantee": "p08", "access": "read", "last_reviewed": "2025-06-01",
                                  "line": _line_of(access, "- dataset: daily_stock_balances ")}]
    pii = results["pii_in_public:counterparties"].details
    assert pii["exposure"] == {"granted_to": ["siam_audit"]} and pii["pii_columns"] == {"contact_email": "email"}
    assert results["no_owner:legacy_warehouse_master"].details["left"] == [{"role": "digital_owner", "person": "p09"}]
    assert results["past_retention:depositors_export"].observed == "2026-01-15"


def test_reading_the_data_finds_undeclared_pii_and_old_records(catalog, register, sample_dir, var_dir):
    import pyarrow.parquet as pq

    from khlang.declarations.models import add_period

    with Relations(catalog, sample_dir) as rel:
        results = {r.check: r for r in run_security(catalog, register, AS_OF, relations=rel)}
    exported = results["pii_in_public:depositors_export"]
    assert exported.details["pii_columns"] == {"name": "person_name", "phone": "phone"}  # the ground truth's labels
    assert (exported.unexpected_count, exported.details["found_by"]) == (2, "declared+sample")
    dates = pq.read_table(sample_dir / "master" / "depositors.parquet", columns=["registered_on"]).column(0)
    old = sum(1 for d in dates.to_pylist() if add_period(d, "10y") < AS_OF)
    records = results["past_retention:depositors.registered_on"]
    assert 0 < old < len(dates)
    assert (records.element_count, records.unexpected_count, records.column) == (len(dates), old, "registered_on")
    movements = results["past_retention:stock_movements.movement_date"]
    assert movements.success and movements.element_count > 0 and movements.details["retention"] == "10y"
    others = _failures(results.values())
    others["pii_in_public"].pop("depositors_export")
    others["past_retention"].pop("depositors")
    assert others == PLANTED  # reading the data adds exactly those two findings
    text = json.dumps([r.to_dict() for r in results.values()], ensure_ascii=False, default=str)
    assert "@" not in text.replace("siam_audit", "")  # no e-mail address, no personal data in the evidence


def test_profiles_stand_in_for_reading_the_data(catalog, register):
    profile = DatasetProfile("depositors_export", "legacy_exports", "depositors_export.csv", 10, [
        ColumnProfile("depositor_code", "VARCHAR", 0, 10, None),
        ColumnProfile("name", "VARCHAR", 0, 10, "person_name")])
    r = {x.check: x for x in run_security(catalog, register, AS_OF, profiles={"depositors_export": profile})}
    found = r["pii_in_public:depositors_export"]
    assert (found.unexpected_count, found.element_count, found.details["found_by"]) == (1, 4, "declared+profile")


# ----------------------------------------------------------------------------- 30 September (สงพท.-04)
@pytest.mark.parametrize("as_of, deadline, start", [
    ("2026-09-29", "2025-09-30", "2024-10-01"),
    ("2026-09-30", "2026-09-30", "2025-10-01"),
    ("2026-10-01", "2026-09-30", "2025-10-01"),
    ("2027-01-01", "2026-09-30", "2025-10-01"),
])
def test_review_deadline_is_the_last_30_september(as_of, deadline, start):
    day = dt.date.fromisoformat(as_of)
    assert review_deadline(day).isoformat() == deadline and review_cycle_start(day).isoformat() == start


@pytest.mark.parametrize("as_of, overdue", [("2026-09-29", {}), ("2026-09-30", PLANTED["account_not_reviewed"]),
                                            ("2026-10-01", PLANTED["account_not_reviewed"])])
def test_reviews_fall_due_on_30_september(catalog, register, as_of, overdue):
    results = run_security(catalog, register, dt.date.fromisoformat(as_of))
    assert _failures(results).get("account_not_reviewed", {}) == overdue


def test_a_review_after_the_deadline_counts_and_a_future_one_does_not(catalog_dir):
    path = catalog_dir / "access.yaml"
    _edit(path, "    reviewed_on: 2568-06-01", "    reviewed_on: 2569-10-20")  # late, but done
    cat = load_catalog(catalog_dir)
    reg = load_access_register(cat)
    assert "daily_stock_balances" not in _failures(run_security(cat, reg, AS_OF))["account_not_reviewed"]
    # as of before that review happened, it was still overdue
    assert "daily_stock_balances" in _failures(run_security(cat, reg, dt.date(2026, 10, 1)))["account_not_reviewed"]


def test_buddhist_era_and_common_era_dates_mean_the_same_day(catalog_dir, register):
    path = catalog_dir / "access.yaml"
    _edit(path, "reviewed_on: 2568-06-01", "reviewed_on: 01/06/2025")
    _edit(path, "granted_on: 2562-10-01, reviewed_on: 2569-09-12", "granted_on: 2019-10-01, reviewed_on: 12/09/2569")
    ce = load_access_register(load_catalog(catalog_dir))
    assert [(g.granted_on, g.reviewed_on, g.expires_on) for g in ce.grants] == \
        [(g.granted_on, g.reviewed_on, g.expires_on) for g in register.grants]
    p08 = next(g for g in register.grants if g.grantee == "p08" and g.dataset == "daily_stock_balances")
    assert (p08.granted_on, p08.reviewed_on) == (dt.date(2024, 11, 15), dt.date(2025, 6, 1))


# ----------------------------------------------------------------------------- people leaving, grants expiring
def test_a_leaver_counts_from_left_on(catalog_dir):
    _edit(catalog_dir / "organisation.yaml", "unit: FIN, email: sombat.c@pwo.example.go.th, position: นักบัญชี}",
          "unit: FIN, email: sombat.c@pwo.example.go.th, position: นักบัญชี, left_on: 2569-12-31}")
    cat = load_catalog(catalog_dir)
    reg = load_access_register(cat)
    assert "stock_movements" not in _failures(run_security(cat, reg, AS_OF))["account_left"]
    left = _failures(run_security(cat, reg, dt.date(2026, 12, 31)))["account_left"]
    assert left["stock_movements"] == 1 and left["daily_stock_balances"] == 1


def test_expired_and_future_grants_are_not_in_force(catalog, register):
    ctx = Context(catalog, register, AS_OF)
    assert any(g.grantee == "oag" for g in ctx.grants_on("grades"))
    assert not Context(catalog, register, dt.date(2027, 1, 1)).grants_on("grades")  # expired 2569-12-31
    assert not any(g.grantee == "siam_audit" for g in Context(catalog, register, dt.date(2025, 12, 1))
                   .grants_on("counterparties"))  # granted 2569-01-10


# ----------------------------------------------------------------------------- who may hold what
@pytest.mark.parametrize("classification, grantee, access, allowed", [
    ("public", "public", "read", True),
    ("public", "moc", "read", True),
    ("public", "public", "write", False),
    ("internal", "all_staff", "read", True),
    ("internal", "p08", "read", True),
    ("internal", "moc", "read", False),
    ("internal", "public", "read", False),
    ("confidential", "whs_staff", "read", True),  # a unit that owns it
    ("confidential", "p01", "read", True),  # business owner
    ("confidential", "p04", "read", False),  # DBA unit owns nothing here
    ("confidential", "all_staff", "read", False),
    ("confidential", "p03", "admin", True),  # digital owner
    ("confidential", "p06", "write", True),  # steward
    ("secret", "whs_staff", "read", False),
    ("secret", "p06", "read", True),
    ("top_secret", "p07", "read", False),
    ("internal", "all_staff", "write", False),
    ("internal", "p08", "write", False),
])
def test_classification_decides_who_may_hold_a_grant(catalog, register, classification, grantee, access, allowed):
    from khlang.declarations.quality_decl import Grant

    ds = catalog.datasets["depositors"].model_copy(update={"classification": classification})
    why = why_too_wide(Context(catalog, register, AS_OF), ds, Grant(dataset=ds.name, grantee=grantee, access=access))
    assert (why is None) == allowed, why


def test_digital_owners_unit_may_write_below_secret(catalog, register):
    from khlang.declarations.quality_decl import Grant

    ctx = Context(catalog, register, AS_OF)
    ds = catalog.datasets["daily_stock_balances"]  # digital owner p04, unit DBA; p09 is DBA too
    grant = Grant(dataset=ds.name, grantee="p09", access="write")
    assert why_too_wide(ctx, ds, grant) is None
    assert why_too_wide(ctx, ds.model_copy(update={"classification": "secret"}), grant) is not None
    assert set(SECRET_CLASSES) == {"confidential", "secret", "top_secret"}


# ----------------------------------------------------------------------------- the linkage register hook
def test_outbound_linkages_without_a_basis_for_personal_data_expose_it(catalog_dir):
    (catalog_dir / "linkages.yaml").write_text("""
legal_bases:
  mou: {personal_data: none}
  law: {personal_data: allowed}
linkages:
  - {id: L1, datasets: [depositors], direction: outbound, status: approved, legal_basis: mou}
  - {id: L2, datasets: [counterparties, warehouses], direction: both, status: approved, legal_basis: law}
  - {id: L3, datasets: [stock_movements], direction: outbound, status: approved}
  - {id: L4, datasets: [depositors], direction: inbound, status: approved}
  - {id: L5, datasets: [depositors], direction: outbound, status: legal_review}
  - {id: L6, datasets: depositors, direction: outbound, status: approved}
  - not a mapping
""", encoding="utf-8")
    cat = load_catalog(catalog_dir)
    reg = load_access_register(cat)
    assert [link.id for link in reg.linkages] == ["L1", "L2", "L3"]
    results = {r.check: r for r in run_security(cat, reg, AS_OF)}
    assert results["pii_in_public:depositors"].details["exposure"] == {"linkages": ["L1"]}
    assert results["pii_in_public:depositors"].unexpected_count == 6
    assert results["pii_in_public:counterparties"].details["exposure"] == {"granted_to": ["siam_audit"]}
    assert results["pii_in_public:stock_movements"].success  # sent out, but it holds no personal data
    (catalog_dir / "linkages.yaml").write_text("linkages: [unclosed\n", encoding="utf-8")
    assert load_access_register(load_catalog(catalog_dir)).linkages == []  # its own loader reports that


def test_the_bundled_linkage_register_is_read_if_present(tmp_path):
    cat = load_catalog(_copy_catalog(tmp_path / "catalog", linkages=True))
    reg = load_access_register(cat)
    if not (REPO / "catalog" / "linkages.yaml").exists():
        assert reg.linkages == []
        return
    for link in reg.linkages:
        assert link.status == "approved" and link.direction in ("outbound", "both")
        assert set(link.datasets) <= set(cat.datasets)


# ----------------------------------------------------------------------------- a clean organisation
def test_a_clean_catalogue_passes_every_rule(catalog_dir, sample_dir, var_dir):
    _edit(catalog_dir / "sources.yaml", "    path: master\n", "    path: master\n    encrypted: true\n")
    _edit(catalog_dir / "datasets" / "master.yaml", "    business_owner: p05\n    steward: p06",
          "    business_owner: p05\n    digital_owner: p03\n    steward: p06")
    _edit(catalog_dir / "datasets" / "legacy.yaml", "digital_owner: p09", "digital_owner: p04")
    (catalog_dir / "datasets" / "legacy.yaml").write_text(
        (catalog_dir / "datasets" / "legacy.yaml").read_text(encoding="utf-8").split("  - name: depositors_export")[0],
        encoding="utf-8")
    (catalog_dir / "access.yaml").write_text("""
groups:
  - {id: all_staff, name_th: พนักงานทุกคน, scope: all_staff}
  - {id: public, name_th: บุคคลทั่วไป, scope: public}
  - {id: whs_staff, name_th: ฝ่ายคลังสินค้า, scope: unit, unit: WHS}
external_parties:
  - {id: moc, name_th: สำนักงานปลัดกระทรวงพาณิชย์, kind: government}
grants:
  - {dataset: depositors, grantee: p03, access: admin, granted_on: 2019-10-01, reviewed_on: 2569-09-15,
     approved_by: p02, reference: FM-EI-01 2569/001}
  - {dataset: depositors, grantee: whs_staff, access: read, granted_on: 2020-02-03, reviewed_on: 2026-09-12,
     approved_by: p01, reference: FM-EI-01 2569/002}
  - {dataset: stock_movements, grantee: all_staff, access: read, granted_on: 2025-10-01,
     approved_by: p01, reference: FM-EI-01 2569/003}
  - {dataset: stock_movements, grantee: p08, access: read, granted_on: 2023-01-01, reviewed_on: 2026-09-01,
     approved_by: p01, reference: FM-EI-01 2569/004}
  - {dataset: monthly_commodity_summary, grantee: moc, access: read, granted_on: 2026-05-01,
     approved_by: p01, reference: FM-EI-01 2569/005}
  - {dataset: provinces, grantee: public, access: read, granted_on: 2018-01-15, reviewed_on: 2026-09-15,
     approved_by: p01, reference: FM-EI-01 2569/006}
  - {dataset: legacy_warehouse_master, grantee: p09, access: read, granted_on: 2020-01-01, expires_on: 2025-09-30,
     approved_by: p01, reference: FM-EI-01 2569/007}
retention_rules:
  - {dataset: stock_movements, column: movement_date}
  - {dataset: depositors, column: registered_on, retention: 25y}
""", encoding="utf-8")
    cat = load_catalog(catalog_dir)
    reg = load_access_register(cat)
    with Relations(cat, sample_dir) as rel:
        results = run_security(cat, reg, AS_OF, relations=rel)
    assert _failures(results) == {}
    assert sum(r.element_count for r in results if r.type == "grant_too_wide") == 6  # p09's grant has expired
    assert {r.check for r in results if r.column} == {"past_retention:stock_movements.movement_date",
                                                      "past_retention:depositors.registered_on"}


def test_no_register_means_no_grants_to_judge(catalog_dir):
    (catalog_dir / "access.yaml").unlink()
    cat = load_catalog(catalog_dir)
    reg = load_access_register(cat)
    assert reg.grants == [] and reg.path is None
    grants = [r for r in run_security(cat, reg, AS_OF) if r.type in ("grant_too_wide", "account_left")]
    assert all(r.success and r.element_count == 0 for r in grants)


def test_a_missing_retention_column_fails_that_check(catalog_dir, sample_dir, var_dir):
    _edit(catalog_dir / "access.yaml", "column: movement_date", "column: moved_on")
    cat = load_catalog(catalog_dir)
    with Relations(cat, sample_dir) as rel:
        results = {r.check: r for r in run_security(cat, load_access_register(cat), AS_OF, relations=rel)}
    broken = results["past_retention:stock_movements.moved_on"]
    assert not broken.success and broken.unexpected_count is None
    assert broken.details["error"] == "column not found in stock_movements: moved_on"


# ----------------------------------------------------------------------------- declaration errors
def _errors(catalog_dir: Path) -> str:
    with pytest.raises(DeclarationError) as err:
        load_access_register(load_catalog(catalog_dir))
    return str(err.value)


def test_unknown_grantee_dataset_and_person_point_at_file_and_line(catalog_dir):
    path = catalog_dir / "access.yaml"
    _edit(path, "{dataset: provinces, grantee: p03,", "{dataset: provinces, grantee: p33,")
    _edit(path, "{dataset: commodities, grantee: public,", "{dataset: commodity, grantee: public,")
    _edit(path, "reviewed_on: 2026-09-18, reviewed_by: p05,", "reviewed_on: 2026-09-18, reviewed_by: p55,")
    msg = _errors(catalog_dir)
    assert f"{path}:{_line_of(path, 'grantee: p33')}: grants[" in msg and "unknown grantee 'p33'" in msg
    assert f"{path}:{_line_of(path, 'dataset: commodity,')}: grants[" in msg and "unknown dataset 'commodity'" in msg
    assert f"{path}:{_line_of(path, 'p55')}: grants[" in msg and ".reviewed_by: unknown person 'p55'" in msg


def test_bad_values_and_shapes_are_errors(catalog_dir):
    path = catalog_dir / "access.yaml"
    _edit(path, "access: write, granted_on: 2021-07-01", "access: owner, granted_on: 2021-07-01")
    _edit(path, "granted_on: 2567-11-15\n    reviewed_on: 2568-06-01",
          "granted_on: 2567-11-15\n    reviewed_on: 2567-06-01")
    _edit(path, "scope: unit, unit: WHS}", "scope: unit}")
    _edit(path, "  - id: oag", "  - id: p01")
    _edit(path, "    retention: 10y", "    retention: 10 years")
    msg = _errors(catalog_dir)
    assert f"{path}:{_line_of(path, 'access: owner')}: grants[" in msg and "'read', 'write' or 'admin'" in msg
    assert "reviewed_on is before granted_on" in msg
    assert f"{path}:{_line_of(path, 'scope: unit}')}: groups[2]: a group of scope 'unit' needs `unit`" in msg
    assert f"{path}:{_line_of(path, '- id: p01')}: external_parties[2].id: external party id 'p01' is already " \
           "used by a person" in msg
    assert f"{path}:{_line_of(path, 'retention: 10 years')}: retention_rules[0].retention: retention is like" in msg


def test_retention_rule_needs_a_limited_retention(catalog_dir):
    path = catalog_dir / "access.yaml"
    _edit(path, "  - dataset: stock_movements            # retention from",
          "  - dataset: provinces\n    column: name_th\n  - dataset: stock_movements            # retention from")
    msg = _errors(catalog_dir)
    assert "retention_rules[1].retention: dataset 'provinces' declares no limited retention" in msg


def test_a_misspelt_section_is_an_error(catalog_dir):
    path = catalog_dir / "access.yaml"
    _edit(path, "\ngrants:\n", "\ngrant:\n")
    assert f"{path}:{_line_of(path, 'grant:')}: grant: unknown top-level key" in _errors(catalog_dir)


# ----------------------------------------------------------------------------- สงพท.-04: requests, four eyes, transfers
def test_a_grant_without_its_request_or_approver_is_found_per_grant(catalog_dir):
    path = catalog_dir / "access.yaml"
    cat = load_catalog(catalog_dir)
    bare = {r.check: r for r in run_security(cat, load_access_register(cat), AS_OF)}
    found = bare["grant_without_request:daily_stock_balances"]
    assert found.details["grants"] == [{"grantee": "p07", "access": "read", "missing": ["reference", "approved_by"],
                                        "line": _line_of(path, "grantee: p07")}]
    # a reference alone is not enough; an approver alone neither; a second bare grant counts as a second finding
    _edit(path, "{dataset: daily_stock_balances, grantee: p07, access: read, granted_on: 2026-05-01}",
          "{dataset: daily_stock_balances, grantee: p07, access: read, granted_on: 2026-05-01, "
          "reference: FM-EI-01 2569/9}")
    _edit(path, ", approved_by: p05, reference: FM-EI-01 2569/002}", ", approved_by: p05}")  # the public's read
    cat = load_catalog(catalog_dir)
    after = _failures(run_security(cat, load_access_register(cat), AS_OF))["grant_without_request"]
    assert after == {"daily_stock_balances": 1, "monthly_commodity_summary": 1}
    results = {r.check: r for r in run_security(cat, load_access_register(cat), AS_OF)}
    assert results["grant_without_request:daily_stock_balances"].details["grants"][0]["missing"] == ["approved_by"]
    assert results["grant_without_request:monthly_commodity_summary"].details["grants"][0]["missing"] == ["reference"]


def test_approving_or_reviewing_ones_own_grant_is_found(catalog_dir):
    path = catalog_dir / "access.yaml"
    cat = load_catalog(catalog_dir)
    own = {r.check: r for r in run_security(cat, load_access_register(cat), AS_OF)}["self_approved:warehouses"]
    assert own.details["grants"] == [{"grantee": "p01", "access": "write", "as": ["reviewed_by"],
                                      "line": _line_of(path, "grantee: p01, access: write")}]
    _edit(path, "grantee: p03, access: admin, granted_on: 2025-10-01, reviewed_on: 2026-09-15, reviewed_by: p02, "
                "approved_by: p02", "grantee: p03, access: admin, granted_on: 2025-10-01, reviewed_on: 2026-09-15, "
                "reviewed_by: p03, approved_by: p03")
    cat = load_catalog(catalog_dir)
    results = {r.check: r for r in run_security(cat, load_access_register(cat), AS_OF)}
    assert results["self_approved:stock_movements"].details["grants"][0]["as"] == ["approved_by", "reviewed_by"]
    assert results["self_approved:stock_movements"].unexpected_count == 1
    # a group's or an outsider's grant is not a person's own
    outsiders = results["self_approved:counterparties"]
    assert outsiders.element_count == 2 and outsiders.success


def test_a_transfer_between_two_catalogue_snapshots_is_found_from_the_store(catalog_dir, tmp_path):
    from khlang.catalog.sync import people_unit_history, sync
    from khlang.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    org = catalog_dir / "organisation.yaml"
    current = org.read_text(encoding="utf-8")
    _edit(org, "unit: FIN, email: sombat.c", "unit: WHS, email: sombat.c")  # p08 worked in the Warehouse Dept.
    sync(load_catalog(catalog_dir), store, tmp_path, run_key="before", harvested=[],
         taken_at=dt.datetime(2025, 12, 1, 2, tzinfo=dt.UTC))
    org.write_text(current, encoding="utf-8")  # … and is in Finance now
    cat = load_catalog(catalog_dir)
    sync(cat, store, tmp_path, run_key="after", harvested=[], taken_at=dt.datetime(2026, 1, 5, 2, tzinfo=dt.UTC))
    history = people_unit_history(store)
    assert [(day, units["p08"]) for day, units in history] == [(dt.date(2025, 12, 1), "WHS"),
                                                              (dt.date(2026, 1, 5), "FIN")]
    reg = load_access_register(cat)
    results = {r.check: r for r in run_security(cat, reg, AS_OF, unit_history=history)}
    moved = results["transferred:daily_stock_balances"]
    assert (moved.success, moved.unexpected_count) == (False, 1)
    assert moved.details["grants"][0] | {"line": None} == {
        "grantee": "p08", "access": "read", "from_unit": "WHS", "to_unit": "FIN",
        "moved_between": ["2025-12-01", "2026-01-05"], "line": None}
    # his write on stock_movements was granted after the move (for his Finance work): not counted
    assert results["transferred:stock_movements"].success
    # before the first snapshot that saw him in WHS nothing says he moved
    assert _failures(run_security(cat, reg, dt.date(2025, 11, 30), unit_history=history)).get("transferred") is None
    # a review after the move, by the new unit, confirms the grant
    _edit(catalog_dir / "access.yaml", "granted_on: 2567-11-15\n    reviewed_on: 2568-06-01",
          "granted_on: 2567-11-15\n    reviewed_on: 2569-02-01")
    cat = load_catalog(catalog_dir)
    assert "transferred" not in _failures(run_security(cat, load_access_register(cat), AS_OF, unit_history=history))


def test_a_revoked_grant_is_in_force_until_the_day_before(catalog, register):
    [revoked] = [g for g in register.grants if g.revoked_on]
    assert (revoked.grantee, revoked.in_force(dt.date(2026, 11, 19)), revoked.in_force(dt.date(2026, 11, 20))) == \
        ("p12", True, False)
    on = {r.check: r for r in run_security(catalog, register, dt.date(2026, 11, 19))}["grant_too_wide:warehouses"]
    off = {r.check: r for r in run_security(catalog, register, AS_OF)}["grant_too_wide:warehouses"]
    assert on.element_count == off.element_count + 1
