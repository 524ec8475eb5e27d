"""The linkage register: the bundled file, malformed registers, B.E. dates, and every workflow transition."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from khlang.declarations import load_catalog
from khlang.errors import DeclarationError
from khlang.governance.people import GovernanceError, NotFound, StateConflict
from khlang.linkage.records import LinkageTransition
from khlang.linkage.register import load_register
from khlang.linkage.service import record_transition
from khlang.linkage.state import current_states
from khlang.linkage.workflow import STATUSES, TRANSITIONS, requirements, transition_problem
from khlang.store import open_store

REPO = Path(__file__).resolve().parents[1]
ANALYSIS_T = {"reference": "สทด. 0405/2569-001", "completed_on": "2569-03-10"}
ANALYSIS_L = {"reference": "ฝกค. 0302/2569-001", "completed_on": "2569-03-20"}


@pytest.fixture
def catalog_dir(tmp_path) -> Path:
    dst = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", dst)
    return dst


def base_entry(**over) -> dict:
    """A valid entry in `requested`; tests change one thing at a time."""
    entry = {
        "id": "LNK-T-001", "agency": "กรมการค้าภายใน", "datasets": ["monthly_commodity_summary"],
        "direction": "outbound", "purpose": "ทดสอบ", "legal_basis": "public_disclosure", "method": "api",
        "frequency": "monthly", "status": "requested", "requested_on": "2569-03-02",
    }
    entry.update(over)
    return entry


# One path from `requested` to every status, with the evidence each step needs.
PATHS: dict[str, list[tuple[str, str]]] = {
    "requested": [],
    "technical_review": [("technical_review", "2569-03-03")],
    "legal_review": [("technical_review", "2569-03-03"), ("legal_review", "2569-03-11")],
    "awaiting_decision": [("technical_review", "2569-03-03"), ("legal_review", "2569-03-11"),
                          ("awaiting_decision", "2569-03-23")],
    "approved": [("technical_review", "2569-03-03"), ("legal_review", "2569-03-11"),
                 ("awaiting_decision", "2569-03-23"), ("approved", "2569-03-25")],
    "returned": [("technical_review", "2569-03-03"), ("legal_review", "2569-03-11"),
                 ("awaiting_decision", "2569-03-23"), ("returned", "2569-03-25")],
    "rejected": [("technical_review", "2569-03-03"), ("legal_review", "2569-03-11"),
                 ("awaiting_decision", "2569-03-23"), ("rejected", "2569-03-25")],
    "suspended": [("technical_review", "2569-03-03"), ("legal_review", "2569-03-11"),
                  ("awaiting_decision", "2569-03-23"), ("approved", "2569-03-25"), ("suspended", "2569-04-01")],
    "terminated": [("technical_review", "2569-03-03"), ("legal_review", "2569-03-11"),
                   ("awaiting_decision", "2569-03-23"), ("approved", "2569-03-25"), ("terminated", "2569-04-01")],
}


def entry_in(status: str, linkage_id: str) -> dict:
    """A valid entry whose history reaches `status`."""
    steps = PATHS[status]
    entry = base_entry(id=linkage_id, status=status, history=[{"status": s, "date": d} for s, d in steps])
    if status != "requested" and status != "technical_review":
        entry["technical_analysis"] = ANALYSIS_T
    if status not in ("requested", "technical_review", "legal_review"):
        entry["legal_analysis"] = ANALYSIS_L
    decisions = [d for s, d in steps if s in ("approved", "returned", "rejected")]
    if decisions:
        entry["decided_on"] = decisions[-1]
    return entry


def write_register(catalog_dir: Path, entries: list[dict]) -> Path:
    bundled = yaml.safe_load((REPO / "catalog" / "linkages.yaml").read_text(encoding="utf-8"))
    path = catalog_dir / "linkages.yaml"
    path.write_text(yaml.safe_dump({"legal_bases": bundled["legal_bases"], "linkages": entries},
                                   allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems(catalog_dir: Path, entries: list[dict] | None = None, text: str | None = None) -> list[str]:
    path = catalog_dir / "linkages.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    else:
        write_register(catalog_dir, entries or [])
    with pytest.raises(DeclarationError) as exc:
        load_register(load_catalog(catalog_dir))
    return [str(p) for p in exc.value.problems]


def line_of(path: Path, needle: str, after: int = 0) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if i > after and needle in line:
            return i
    raise AssertionError(needle)


# --- the bundled register ------------------------------------------------------------------

def test_bundled_register_validates_with_every_status():
    catalog = load_catalog(REPO / "catalog")
    register = load_register(catalog)
    assert len(register.entries) == 13
    assert {e.status for e in register.entries.values()} == set(STATUSES)
    assert set(register.bases) == {"public_disclosure", "mou", "law", "consent"}
    agencies = register.by_agency()
    assert "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร (ธ.ก.ส.)" in agencies and "กรมศุลกากร" in agencies


def test_buddhist_era_and_iso_dates_are_read_as_the_same_calendar():
    register = load_register(load_catalog(REPO / "catalog"))
    dit = register.entries["LNK-2566-001"]
    assert dit.requested_on == dt.date(2023, 1, 9)          # written 2566-01-09
    assert dit.agreement_expires_on == dt.date(2027, 1, 31)  # written 2570-01-31
    assert dit.history[-1].date == dt.date(2023, 2, 16)
    rice = register.entries["LNK-2564-003"]
    assert rice.requested_on == dt.date(2021, 2, 1)          # written in C.E.
    assert rice.technical_analysis.completed_on == dt.date(2021, 2, 26)


def test_thai_slash_dates_are_accepted(catalog_dir):
    write_register(catalog_dir, [base_entry(requested_on="02/03/2569")])
    entry = load_register(load_catalog(catalog_dir)).entries["LNK-T-001"]
    assert entry.requested_on == dt.date(2026, 3, 2)


# --- malformed registers -------------------------------------------------------------------

def test_invalid_yaml_points_at_the_line(catalog_dir):
    found = problems(catalog_dir, text="legal_bases: {}\nlinkages:\n  - id: [unclosed\n")
    assert len(found) == 1 and "linkages.yaml:" in found[0] and "invalid YAML" in found[0]


def test_not_utf8_is_a_clear_error(catalog_dir):
    (catalog_dir / "linkages.yaml").write_bytes("linkages: []\n# กรม".encode("cp874"))
    with pytest.raises(DeclarationError, match="not UTF-8"):
        load_register(load_catalog(catalog_dir))


def test_schema_errors_are_file_line_field(catalog_dir):
    path = catalog_dir / "linkages.yaml"
    found = problems(catalog_dir, [base_entry(direction="sideways", methd="api", requested_on="2569-13-40")])
    text = "\n".join(found)
    assert f"{path}:" in text
    assert "linkages[0].direction: Input should be 'inbound', 'outbound' or 'both'" in text
    assert "linkages[0].methd: unknown field (check the spelling)" in text
    assert "linkages[0].requested_on: not a valid date" in text
    line = line_of(path, "direction: sideways")
    assert any(p.startswith(f"{path}:{line}: linkages[0].direction") for p in found)


def test_missing_required_fields(catalog_dir):
    entry = base_entry()
    del entry["purpose"], entry["legal_basis"]
    found = problems(catalog_dir, [entry])
    assert any("linkages[0].purpose: required field is missing" in p for p in found)
    assert any("linkages[0].legal_basis: required field is missing" in p for p in found)


def test_unknown_dataset_unit_and_legal_basis(catalog_dir):
    found = problems(catalog_dir, [base_entry(datasets=["monthly_commodity_summary", "rice_prices"],
                                              owner_unit="XYZ", legal_basis="handshake")])
    text = "\n".join(found)
    assert "linkages[0].datasets[1]: unknown dataset 'rice_prices' (not in the catalogue)" in text
    assert "linkages[0].owner_unit: unknown unit 'XYZ'" in text
    assert "linkages[0].legal_basis: unknown legal basis 'handshake'" in text


def test_law_and_mou_need_a_reference(catalog_dir):
    found = problems(catalog_dir, [base_entry(legal_basis="law"), base_entry(id="LNK-T-002", legal_basis="mou")])
    assert sum("legal_reference: legal basis" in p for p in found) == 2


def test_duplicate_ids(catalog_dir):
    found = problems(catalog_dir, [base_entry(), base_entry()])
    assert any("linkages[1].id: duplicate linkage id 'LNK-T-001'" in p for p in found)


def test_unknown_top_level_key_and_missing_policy(catalog_dir):
    found = problems(catalog_dir, text="linkage:\n  - {}\n")
    text = "\n".join(found)
    assert "linkage: unknown top-level key" in text and "missing top-level key 'legal_bases'" in text


@pytest.mark.parametrize("steps, message", [
    ([("legal_review", "2569-03-05")],
     "history[0].status: illegal transition: cannot go from requested to legal_review"),
    ([("approved", "2569-03-05")], "history[0].status: illegal transition: cannot go from requested to approved"),
    ([("technical_review", "2569-03-03"), ("technical_review", "2569-03-04")],
     "history[1].status: illegal transition: cannot go from technical_review to technical_review"),
])
def test_illegal_transitions_in_history(catalog_dir, steps, message):
    entry = base_entry(status=steps[-1][0], history=[{"status": s, "date": d} for s, d in steps],
                       technical_analysis=ANALYSIS_T, legal_analysis=ANALYSIS_L, decided_on=steps[-1][1])
    found = problems(catalog_dir, [entry])
    assert any(message in p for p in found), found


def test_rejected_is_final_and_terminated_too(catalog_dir):
    for final in ("rejected", "terminated"):
        entry = entry_in(final, "LNK-T-001")
        entry["history"].append({"status": "technical_review", "date": "2569-05-01"})
        entry["status"] = "technical_review"
        found = problems(catalog_dir, [entry])
        assert any(f"cannot go from {final} to technical_review (allowed: none: the linkage is closed)" in p
                   for p in found), found


def test_status_must_match_history(catalog_dir):
    found = problems(catalog_dir, [base_entry(status="technical_review")])
    assert any("linkages[0].status: status is technical_review but requested (no history) is requested" in p
               for p in found)
    entry = entry_in("legal_review", "LNK-T-001")
    entry["status"] = "awaiting_decision"
    entry["legal_analysis"] = ANALYSIS_L
    found = problems(catalog_dir, [entry])
    assert any("the last step of history is legal_review" in p for p in found)


def test_history_dates_must_not_go_back(catalog_dir):
    entry = entry_in("legal_review", "LNK-T-001")
    entry["history"][1]["date"] = "2569-03-01"
    found = problems(catalog_dir, [entry])
    assert any("history[1].date: 2026-03-01 is before the previous step (2026-03-03)" in p for p in found)


def test_approval_without_both_analyses_or_decision_date(catalog_dir):
    entry = entry_in("approved", "LNK-T-001")
    del entry["legal_analysis"], entry["technical_analysis"], entry["decided_on"]
    found = problems(catalog_dir, [entry])
    text = "\n".join(found)
    assert "linkages[0].technical_analysis: a linkage that is approved needs its technical analysis" in text
    assert "linkages[0].legal_analysis: a linkage that is approved needs its legal analysis" in text
    assert "linkages[0].decided_on: a linkage that is approved needs decided_on" in text


def test_decided_on_must_agree_with_history(catalog_dir):
    entry = entry_in("approved", "LNK-T-001")
    entry["decided_on"] = "2569-03-26"
    found = problems(catalog_dir, [entry])
    assert any("decided_on: 2026-03-26 differs from the decision in history (approved on 2026-03-25)" in p
               for p in found)


def test_date_order(catalog_dir):
    entry = entry_in("approved", "LNK-T-001")
    entry.update(agreement_expires_on="2569-03-01", registered_on="2569-03-20", requirements_meeting_on="2569-03-01")
    entry["technical_analysis"] = dict(ANALYSIS_T, completed_on="2569-04-10")
    text = "\n".join(problems(catalog_dir, [entry]))
    assert "agreement_expires_on: 2026-03-01 is before decided_on (2026-03-25)" in text
    assert "registered_on: 2026-03-20 is before decided_on (2026-03-25)" in text
    assert "requirements_meeting_on: 2026-03-01 is before requested_on (2026-03-02)" in text
    assert "technical_analysis.completed_on: completed after the decision (2026-03-25)" in text


def test_every_problem_is_reported_at_once(catalog_dir):
    found = problems(catalog_dir, [base_entry(datasets=["nope"]), base_entry(id="LNK-T-002", method="fax"),
                                   base_entry(id="LNK-T-003", status="approved")])
    assert len(found) >= 4


# --- the workflow ------------------------------------------------------------------------

@pytest.mark.parametrize("current, target", list(itertools.product(STATUSES, STATUSES)))
def test_transition_table(current, target):
    problem = transition_problem(current, target)
    assert (problem is None) == (target in TRANSITIONS[current])


ALLOWED = [(a, b) for a in STATUSES for b in sorted(TRANSITIONS[a])]
DISALLOWED = [(a, b) for a in STATUSES for b in STATUSES if b not in TRANSITIONS[a]]


@pytest.fixture
def workflow_env(catalog_dir, tmp_path):
    """A register with one linkage in every status (evidence complete), and an empty store."""
    entries = [dict(entry_in(status, f"LNK-{status}"), technical_analysis=ANALYSIS_T, legal_analysis=ANALYSIS_L)
               for status in STATUSES]
    write_register(catalog_dir, entries)
    catalog = load_catalog(catalog_dir)
    register = load_register(catalog)
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    return catalog, register, store


def mover(catalog, current: str, target: str):
    """Who makes this move: the Director decides, suspends, resumes and ends; DT staff (p04) do the rest."""
    from khlang.identity.actor import actor_for
    from khlang.linkage.duties import action_for

    pid = "p10" if action_for(current, target) == "linkage.decide" else "p04"
    return actor_for(catalog, pid, f"user-{pid}")


@pytest.mark.parametrize("current, target", ALLOWED)
def test_every_allowed_transition_is_recorded_with_history(workflow_env, current, target):
    catalog, register, store = workflow_env
    lid = f"LNK-{current}"
    who = mover(catalog, current, target)
    step = record_transition(catalog, register, store, who, lid, target, note=f"{current} → {target}",
                             on=dt.date(2026, 5, 4))
    assert step.status == target and step.source == "store"
    state = current_states(register, store)[lid]
    assert state.status == target and state.since == dt.date(2026, 5, 4) and state.from_store
    assert state.steps[-1].by == who.person and state.steps[-1].note == f"{current} → {target}"
    assert state.steps[-1].recorded_by == who.username
    assert [s.status for s in state.steps][0] == "requested"
    with store.reading() as session:
        row = session.scalars(select(LinkageTransition)).one()
    assert (row.from_status, row.to_status, row.step_date) == (current, target, dt.date(2026, 5, 4))
    assert row.recorded_at is not None


@pytest.mark.parametrize("current, target", DISALLOWED)
def test_every_illegal_transition_is_refused_and_nothing_written(workflow_env, current, target):
    catalog, register, store = workflow_env
    with pytest.raises(StateConflict) as exc:
        record_transition(catalog, register, store, mover(catalog, current, target), f"LNK-{current}", target,
                          note="x", on=dt.date(2026, 5, 4))
    text = str(exc.value)
    assert f"illegal transition: cannot go from {current} to {target}" in text
    assert "linkages.yaml:" in text and ".status:" in text
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(LinkageTransition)) == 0


def test_a_walk_through_the_whole_procedure(catalog_dir, store_url):
    """requested → … → returned → legal_review → … → approved → suspended → approved → terminated."""
    entry = entry_in("requested", "LNK-W")
    entry.update(technical_analysis=ANALYSIS_T, legal_analysis=ANALYSIS_L)
    write_register(catalog_dir, [entry])
    catalog = load_catalog(catalog_dir)
    register = load_register(catalog)
    store = open_store(store_url)
    walk = ["technical_review", "legal_review", "awaiting_decision", "returned", "legal_review",
            "awaiting_decision", "approved", "suspended", "approved", "terminated"]
    day = dt.date(2026, 3, 3)
    current = "requested"
    for status in walk:
        record_transition(catalog, register, store, mover(catalog, current, status), "LNK-W", status,
                          note=f"ไป {status}", on=day)
        day += dt.timedelta(days=1)
        current = status
    state = current_states(register, store)["LNK-W"]
    assert [s.status for s in state.steps] == ["requested", *walk]
    assert state.status == "terminated" and state.decided_on == dt.date(2026, 3, 9)
    assert [s.by for s in state.steps[1:]] == ["p04", "p04", "p04", "p10", "p04", "p04", "p10", "p10", "p10", "p10"]
    with pytest.raises(StateConflict, match="none: the linkage is closed"):
        record_transition(catalog, register, store, mover(catalog, "terminated", "approved"), "LNK-W", "approved",
                          note="y", on=day)


def test_transition_needs_the_evidence(catalog_dir, tmp_path):
    write_register(catalog_dir, [entry_in("technical_review", "LNK-E")])
    catalog = load_catalog(catalog_dir)
    register = load_register(catalog)
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(StateConflict, match="cannot move to legal_review: record the technical analysis"):
        record_transition(catalog, register, store, mover(catalog, "technical_review", "legal_review"), "LNK-E",
                          "legal_review", note="n", on=dt.date(2026, 4, 1))
    assert requirements("awaiting_decision") == ("technical_analysis", "legal_analysis")


def test_transition_cannot_be_dated_before_the_current_step(workflow_env):
    catalog, register, store = workflow_env
    with pytest.raises(GovernanceError, match="is before the current step"):
        record_transition(catalog, register, store, mover(catalog, "requested", "technical_review"),
                          "LNK-requested", "technical_review", note="n", on=dt.date(2026, 3, 1))


def test_unknown_linkage_and_empty_note(workflow_env):
    catalog, register, store = workflow_env
    who = mover(catalog, "requested", "technical_review")
    with pytest.raises(NotFound, match="unknown linkage 'LNK-NOPE'"):
        record_transition(catalog, register, store, who, "LNK-NOPE", "technical_review", note="n")
    with pytest.raises(GovernanceError, match="note: say why"):
        record_transition(catalog, register, store, who, "LNK-requested", "technical_review", note="  ")


def test_register_newer_than_the_store_wins(workflow_env, catalog_dir):
    """A steward who moves the YAML past the recorded step is believed; an older YAML is not (until imported)."""
    catalog, register, store = workflow_env
    record_transition(catalog, register, store, mover(catalog, "requested", "technical_review"), "LNK-requested",
                      "technical_review", note="n", on=dt.date(2026, 3, 3))
    state = current_states(register, store)["LNK-requested"]
    assert state.status == "technical_review" and state.register_outdated
    entries = [entry_in(s, f"LNK-{s}") for s in STATUSES]
    entries[0] = entry_in("legal_review", "LNK-requested")  # the YAML catches up and goes one step further
    write_register(catalog_dir, entries)
    newer = load_register(load_catalog(catalog_dir))
    state = current_states(newer, store)["LNK-requested"]
    assert state.status == "legal_review" and not state.from_store and not state.register_outdated
    # the recorded step is the same as the declared one, so it is listed once
    assert [s.status for s in state.steps] == ["requested", "technical_review", "legal_review"]


def test_steps_recorded_before_accounts_stay_readable(catalog_dir, tmp_path):
    """A step written by the old `--by` command (no account) is still part of the linkage's history."""
    from khlang.dates import utcnow

    write_register(catalog_dir, [entry_in("requested", "LNK-O")])
    register = load_register(load_catalog(catalog_dir))
    store = open_store(f"sqlite:///{tmp_path / 'old.db'}")
    with store.transaction() as session:
        session.add(LinkageTransition(linkage_id="LNK-O", from_status="requested", to_status="technical_review",
                                      step_date=dt.date(2026, 3, 3), by="สทด.", note="ก่อนมีบัญชีผู้ใช้",
                                      recorded_at=utcnow()))
    state = current_states(register, store)["LNK-O"]
    assert state.status == "technical_review" and state.steps[-1].by == "สทด."
    assert state.steps[-1].recorded_by is None and state.steps[-1].source == "store"


def test_concurrent_transitions_of_one_linkage_record_one_step(catalog_dir, store_url):
    """Two people approve at once: one step is recorded, the other is refused as illegal."""
    import threading

    write_register(catalog_dir, [dict(entry_in("awaiting_decision", "LNK-C"))])
    catalog = load_catalog(catalog_dir)
    register = load_register(catalog)
    open_store(store_url).close()
    outcomes: list[str] = []
    director = mover(catalog, "awaiting_decision", "approved")

    def approve() -> None:
        store = open_store(store_url, migrate=False)
        try:
            record_transition(catalog, register, store, director, "LNK-C", "approved", note="n",
                              on=dt.date(2026, 3, 25))
            outcomes.append("recorded")
        except StateConflict:
            outcomes.append("refused")
        finally:
            store.close()

    threads = [threading.Thread(target=approve) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["recorded", "refused", "refused", "refused"]
    store = open_store(store_url)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(LinkageTransition)) == 1
