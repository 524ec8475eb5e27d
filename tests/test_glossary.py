"""The business glossary (อภิธานศัพท์, issue 13): catalog/glossary.yaml validated at file:line against the catalogue,
step 1's definitions in one place, and the committee's approval of a term (draft → approved) recorded in the store,
audited, refused for anyone else with nothing written. The store tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from khlang.declarations import load_catalog
from khlang.declarations.everything import validate_everything
from khlang.declarations.glossary import load_glossary
from khlang.errors import DeclarationError
from khlang.governance.glossary import approve_term, available_glossary_actions, term_view, with_approvals
from khlang.governance.glossary_records import GlossaryApproval
from khlang.governance.people import NotFound, StateConflict
from khlang.identity import PermissionDenied
from khlang.identity.actor import actor_for
from khlang.identity.records import AuditEntry
from khlang.store import open_store

REPO = Path(__file__).resolve().parents[1]
D = dt.date


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


def _problems(catalog_dir: Path) -> list[str]:
    with pytest.raises(DeclarationError) as exc:
        load_glossary(load_catalog(catalog_dir))
    return [str(p) for p in exc.value.problems]


# ---- declarations -------------------------------------------------------------------------------------------------

def test_the_bundled_glossary_covers_step_1_and_links_the_sample():
    catalog = load_catalog(REPO / "catalog")
    glossary = load_glossary(catalog)
    assert 10 <= len(glossary) <= 15
    by_th = {t.term_th: t for t in glossary}
    for word in ("ชุดข้อมูล", "ข้อมูลหลัก", "ข้อมูลอ้างอิง", "คลังข้อมูล", "คลังสินค้า", "ผู้ฝากสินค้า", "ใบรับสินค้า",
                 "น้ำหนักสุทธิ"):
        assert word in by_th, word
    assert {"warehouses", "depositors", "counterparties"} == set(by_th["ข้อมูลหลัก"].datasets)
    assert set(by_th["ข้อมูลหลัก"].datasets) <= {d.name for d in catalog.by_kind("master")}
    assert "stock_movements.quantity_kg" in by_th["น้ำหนักสุทธิ"].columns
    assert {t.id for t in glossary.for_dataset("depositors")} >= {"master_data", "depositor"}
    assert by_th["คลังสินค้า"].columns_of("stock_movements") == ["warehouse_code"]
    for term in glossary:
        assert catalog.people[term.steward].active
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in term.term_th + term.definition_th)
        assert term.term_en.isascii() and term.definition_en.isascii()
    # one place per thing: organisation.yaml no longer carries the definitions
    assert catalog.organisation.governance.definitions == {}
    assert validate_everything(REPO / "catalog", REPO / "expectations")["glossary.yaml"] == len(glossary)


def test_unknown_dataset_column_and_steward_are_reported_at_their_lines(catalog_dir):
    path = catalog_dir / "glossary.yaml"
    _edit(path, "datasets: [warehouses]\n", "datasets: [warehousez]\n")
    _edit(path, "columns: [stock_movements.lot_code]", "columns: [stock_movements.lot_no]")
    _edit(path, "columns: [grades.grade_code, stock_movements.grade_code]",
          "columns: [grades.grade_code, stockmovements.grade_code]")
    _edit(path, "steward: p06", "steward: p99")
    problems = _problems(catalog_dir)
    assert f"{path}:{_line_of(path, 'warehousez')}: terms[4].datasets[0]: unknown dataset 'warehousez'" in problems
    assert any(p.startswith(f"{path}:{_line_of(path, 'stock_movements.lot_no')}: terms[13].columns[0]: "
                            "unknown column 'lot_no' of stock_movements") for p in problems), problems
    assert (f"{path}:{_line_of(path, 'stockmovements.grade_code')}: terms[9].columns[1]: "
            "unknown dataset 'stockmovements'") in problems
    assert any(p.startswith(f"{path}:{_line_of(path, 'steward: p99')}: terms[5].steward: unknown person 'p99'")
               for p in problems), problems
    assert len(problems) == 4  # every problem at once, nothing else


def test_a_departed_steward_a_bad_status_a_typo_and_duplicates_are_refused(catalog_dir):
    path = catalog_dir / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("steward: p03\n    status: approved", "steward: p09\n    status: approved", 1)
    text = text.replace("    status: draft\n    datasets: [grades]", "    status: aproved\n    datasets: [grades]", 1)
    text = text.replace("    steward: p05\n    status: draft\n    datasets: [counterparties]",
                        "    steward: p05\n    status: draft\n    dataset: [counterparties]", 1)
    text += ("\n  - id: warehouse\n    term_th: คลังสินค้า\n    term_en: Warehouse (again)\n"
             "    definition_th: ซ้ำ\n    definition_en: Twice.\n    steward: p01\n")
    path.write_text(text, encoding="utf-8")
    problems = _problems(catalog_dir)
    line = len(text.rstrip("\n").splitlines()) - 5
    assert not any("terms[3].steward" in p for p in problems), "a steward who left is a gap, not an error"
    assert any(p.startswith(f"{path}:{_line_of(path, 'status: aproved')}: terms[9].status: Input should be")
               for p in problems), problems
    assert (f"{path}:{_line_of(path, 'dataset: [counterparties]')}: terms[10].dataset: "
            "unknown field (check the spelling)") in problems
    first = _line_of(path, "  - id: warehouse")
    assert f"{path}:{line}: terms[15].id: id 'warehouse' already declared at {path}:{first}" in problems
    assert any(p.startswith(f"{path}:{line + 1}: terms[15].term_th: term_th 'คลังสินค้า' already declared")
               for p in problems), problems


def test_an_approval_date_on_a_draft_is_refused(catalog_dir):
    path = catalog_dir / "glossary.yaml"
    _edit(path, "    steward: p01\n    status: draft\n    columns: [stock_movements.lot_code]",
          "    steward: p01\n    status: draft\n    approved_on: 2569-06-15\n    columns: [stock_movements.lot_code]")
    problems = _problems(catalog_dir)
    assert len(problems) == 1 and "a term with approved_on has status approved" in problems[0], problems
    assert problems[0].startswith(f"{path}:{_line_of(path, '  - id: lot')}: terms[13]:"), problems


def test_definitions_live_in_the_glossary_only(catalog_dir):
    path = catalog_dir / "organisation.yaml"
    _edit(path, "    committee: [", "    definitions:\n      ข้อมูลหลัก (master data): ข้อมูลที่ใช้ร่วมกัน\n"
                                    "    committee: [")
    with pytest.raises(DeclarationError) as exc:
        load_catalog(catalog_dir)
    assert (f"{path}:{_line_of(path, 'definitions:')}: organisation.governance.definitions: definitions are terms "
            "of catalog/glossary.yaml") in str(exc.value)


def test_bounded_parsing_applies_to_the_glossary(catalog_dir):
    path = catalog_dir / "glossary.yaml"
    path.write_text("terms: &a [*a]\n", encoding="utf-8")
    problems = _problems(catalog_dir)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:1:"), problems


def test_no_glossary_file_is_an_empty_glossary(catalog_dir):
    (catalog_dir / "glossary.yaml").unlink()
    assert len(load_glossary(load_catalog(catalog_dir))) == 0


# ---- the committee's approval -------------------------------------------------------------------------------------

@pytest.fixture
def env(catalog_dir, store_url):
    catalog = load_catalog(catalog_dir)
    return catalog, load_glossary(catalog), open_store(store_url)


def person(catalog, pid: str, *extra: str):
    return actor_for(catalog, pid, f"user-{pid}", extra)


def counts(store) -> tuple[int, int]:
    with store.reading() as s:
        return (s.scalar(select(func.count()).select_from(GlossaryApproval)),  # type: ignore[return-value]
                s.scalar(select(func.count()).select_from(AuditEntry)))


@pytest.mark.parametrize("pid", ["p06", "p10", "p11", "p14", "p13"])
def test_only_a_committee_member_approves_and_a_refusal_writes_nothing(env, pid):
    catalog, glossary, store = env
    before = counts(store)
    actor = person(catalog, pid)
    with pytest.raises(PermissionDenied):
        approve_term(catalog, store, glossary, actor, "net_weight", on=D(2026, 11, 20))
    assert counts(store) == before
    assert term_view(glossary, store, "net_weight").status == "draft"
    assert available_glossary_actions(catalog, actor, term_view(glossary, store, "net_weight")) == []


def test_a_committee_member_approves_a_draft_once_and_it_is_audited(env):
    catalog, glossary, store = env
    member = person(catalog, "p05")
    assert available_glossary_actions(catalog, member, term_view(glossary, store, "net_weight")) == ["approve"]
    data = approve_term(catalog, store, glossary, member, "net_weight", on=D(2026, 11, 20),
                        note="มติคณะกรรมการ ครั้งที่ 4/2569")
    assert (data["term"], data["approved_on"], data["by"], data["status"]) == ("net_weight", "2026-11-20", "p05",
                                                                            "approved")
    view = term_view(glossary, store, "net_weight")
    assert view.status == "approved" and view.approved_on == D(2026, 11, 20)
    assert [(a.by, a.source, a.current) for a in view.approvals] == [("p05", "store", True)]
    assert available_glossary_actions(catalog, member, view) == []
    with store.reading() as s:
        row = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (row.action, row.object_type, row.object_id, row.person) == ("glossary.approve", "glossary_term",
                                                                        "net_weight", "p05")
    assert row.before == {"status": "draft"} and row.after["approved_on"] == "2026-11-20"
    before = counts(store)
    with pytest.raises(StateConflict):  # a second approval, by anyone of the committee
        approve_term(catalog, store, glossary, person(catalog, "p07"), "net_weight", on=D(2026, 11, 21))
    with pytest.raises(StateConflict):  # declared approved in glossary.yaml
        approve_term(catalog, store, glossary, member, "master_data", on=D(2026, 11, 21))
    with pytest.raises(NotFound):
        approve_term(catalog, store, glossary, member, "no_such_term", on=D(2026, 11, 21))
    from khlang.governance.people import GovernanceError

    with pytest.raises(GovernanceError):  # a date in the future
        approve_term(catalog, store, glossary, member, "lot", on=D(2099, 1, 1))
    assert counts(store) == before
    # the other terms are untouched: effective status = declared, overlaid by the store
    statuses = {v.id: v.status for v in with_approvals(glossary, store)}
    assert statuses["net_weight"] == "approved" and statuses["lot"] == "draft" and statuses["dataset"] == "approved"


def test_an_administrator_records_a_members_approval_with_a_reason(env):
    catalog, glossary, store = env
    admin = person(catalog, "p14")
    before = counts(store)
    with pytest.raises(PermissionDenied, match="reason"):
        approve_term(catalog, store, glossary, admin.for_person("p07", ""), "lot", on=D(2026, 11, 20))
    with pytest.raises(PermissionDenied):  # for someone outside the committee
        approve_term(catalog, store, glossary, admin.for_person("p06", "ตามบันทึก"), "lot", on=D(2026, 11, 20))
    assert counts(store) == before
    data = approve_term(catalog, store, glossary, admin.for_person("p07", "มติที่ประชุม ลงนามในกระดาษ"), "lot",
                        on=D(2026, 11, 20))
    assert data["by"] == "p07"
    with store.reading() as s:
        row = s.scalars(select(GlossaryApproval)).one()
        audit = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (row.by, row.recorded_by, row.reason) == ("p07", "user-p14", "มติที่ประชุม ลงนามในกระดาษ")
    assert (audit.person, audit.on_behalf_of, audit.action) == ("p14", "p07", "glossary.approve")


def test_an_approval_lapses_when_the_definition_changes(env, catalog_dir):
    catalog, glossary, store = env
    approve_term(catalog, store, glossary, person(catalog, "p01"), "lot", on=D(2026, 11, 20))
    _edit(catalog_dir / "glossary.yaml", "เลขล็อต 13 หลัก", "เลขล็อต 13 หลักพิมพ์บนป้ายกอง")
    changed = load_glossary(load_catalog(catalog_dir))
    view = term_view(changed, store, "lot")
    assert view.status == "draft" and view.changed_since_approval
    assert [a.current for a in view.approvals] == [False]
    approve_term(catalog, store, changed, person(catalog, "p02"), "lot", on=D(2026, 11, 25))
    assert term_view(changed, store, "lot").status == "approved"


# ---- the command ---------------------------------------------------------------------------------------------------

def test_the_command_lists_shows_and_approves_as_the_signed_in_person(khlang_env, login, capsys):
    from khlang.cli import main

    assert main(["glossary", "list", "--dataset", "stock_movements", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert "net_weight" in {t["id"] for t in listed} and "master_data" not in {t["id"] for t in listed}
    login("p06")
    assert main(["glossary", "approve", "net_weight"]) == 3
    assert "อนุมัติคำศัพท์ในอภิธานศัพท์" in capsys.readouterr().err
    login("p07")
    assert main(["glossary", "approve", "net_weight", "--on", "2569-11-20", "--note", "มติ 4/2569"]) == 0
    assert "net_weight: approved on 2026-11-20 by p07" in capsys.readouterr().out
    assert main(["glossary", "approve", "net_weight"]) == 2
    assert "already approved" in capsys.readouterr().err
    assert main(["glossary", "show", "net_weight", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "approved" and shown["approvals"][0]["by"] == "p07"
    assert main(["glossary", "list", "--status", "draft", "--format", "json"]) == 0
    assert "net_weight" not in {t["id"] for t in json.loads(capsys.readouterr().out)}
