"""Every finding of `linkage check`, its boundaries, and the Thai working-day calendar behind the limits."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from test_linkage import entry_in, write_register

from khlang.declarations import load_catalog
from khlang.errors import DeclarationError
from khlang.identity.actor import actor_for
from khlang.linkage.checks import FINDING_RULES
from khlang.linkage.runs import check_register, record_check
from khlang.linkage.service import record_transition
from khlang.linkage.workdays import load_calendar
from khlang.store import open_store

REPO = Path(__file__).resolve().parents[1]
D = dt.date


@pytest.fixture
def catalog_dir(tmp_path) -> Path:
    dst = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", dst)
    return dst


def approved(lid: str = "LNK-A", **over) -> dict:
    """An approved, registered, healthy linkage (decided 2026-03-25); tests break one thing."""
    entry = entry_in("approved", lid)
    entry.update(registered_on="2569-03-26", agreement_expires_on="2572-03-24", last_exchange_on="2569-11-20")
    entry.update(over)
    return entry


def findings(catalog_dir: Path, entries: list[dict], as_of: dt.date, store=None) -> list[tuple[str, str, str]]:
    write_register(catalog_dir, entries)
    result = check_register(load_catalog(catalog_dir), store, as_of)
    return [(f.id, f.finding, f.severity) for f in result.findings]


def details(catalog_dir: Path, entries: list[dict], as_of: dt.date) -> list[str]:
    write_register(catalog_dir, entries)
    return [f.detail for f in check_register(load_catalog(catalog_dir), None, as_of).findings]


# --- the bundled register ----------------------------------------------------------------

def test_bundled_register_shows_every_kind_of_finding():
    result = check_register(load_catalog(REPO / "catalog"), None, D(2026, 11, 25))
    got = sorted((f.id, f.finding) for f in result.findings)
    assert got == sorted([
        ("LNK-2566-001", "agreement_expiring"),
        ("LNK-2564-003", "agreement_expired"),
        ("LNK-2569-005", "exchange_without_approval"),
        ("LNK-2565-002", "exceeds_legal_basis"),
        ("LNK-2569-012", "exceeds_legal_basis"),
        ("LNK-2569-006", "step_overdue"),
        ("LNK-2569-009", "step_overdue"),
        ("LNK-2567-004", "stale_exchange"),
    ])
    assert {code for _, code in got} == set(FINDING_RULES) - {"register_outdated"}
    assert [f.severity for f in result.findings] == sorted(
        (f.severity for f in result.findings), key=["high", "medium", "low"].index)
    assert all(set(f.to_dict()) == {"id", "finding", "severity", "detail"} for f in result.findings)


def test_a_healthy_register_has_no_findings(catalog_dir):
    assert findings(catalog_dir, [approved()], D(2026, 11, 25)) == []


# --- agreements ----------------------------------------------------------------------------

@pytest.mark.parametrize("expires, expected", [
    ("2570-02-23", [("LNK-A", "agreement_expiring", "medium")]),   # 90 days ahead
    ("2570-02-24", []),                                            # 91 days ahead
    ("2569-11-25", [("LNK-A", "agreement_expiring", "medium")]),   # expires today
    ("2569-11-24", [("LNK-A", "agreement_expired", "high")]),      # expired yesterday
])
def test_agreement_expiry_boundaries(catalog_dir, expires, expected):
    assert findings(catalog_dir, [approved(agreement_expires_on=expires)], D(2026, 11, 25)) == expected


def test_expired_agreement_of_a_closed_linkage_is_not_a_finding(catalog_dir):
    entry = entry_in("terminated", "LNK-T")
    entry.update(agreement_expires_on="2569-06-30")
    assert findings(catalog_dir, [entry], D(2026, 11, 25)) == []


# --- data flowing without approval ---------------------------------------------------------

@pytest.mark.parametrize("status", ["requested", "technical_review", "legal_review", "awaiting_decision",
                                    "returned", "rejected"])
def test_exchange_before_approval_in_any_open_status(catalog_dir, status):
    entry = entry_in(status, "LNK-X")
    entry["last_exchange_on"] = "2569-03-24"
    as_of = D(2026, 3, 26)
    found = [f for f in findings(catalog_dir, [entry], as_of) if f[1] == "exchange_without_approval"]
    assert found == [("LNK-X", "exchange_without_approval", "high")]


def test_exchange_dated_before_the_approval(catalog_dir):
    text = details(catalog_dir, [approved(last_exchange_on="2569-03-20")], D(2026, 3, 27))
    assert any("before the approval of 2026-03-25 (25 มี.ค. 2569)" in t for t in text)


def test_exchange_after_suspension_but_not_before(catalog_dir):
    after = dict(entry_in("suspended", "LNK-S"), last_exchange_on="2569-04-02")
    before = dict(entry_in("suspended", "LNK-S2"), last_exchange_on="2569-03-30")
    got = findings(catalog_dir, [after, before], D(2026, 4, 3))
    assert got == [("LNK-S", "exchange_without_approval", "high")]


# --- legal basis ---------------------------------------------------------------------------

def test_confidential_personal_data_beyond_an_mou(catalog_dir):
    entry = approved(datasets=["depositors"], legal_basis="mou", legal_reference="MOU 1/2569")
    text = details(catalog_dir, [entry], D(2026, 4, 1))
    assert text == ["outbound dataset depositors: it is confidential and mou allows at most internal; "
                    "it holds personal data and mou allows none"]


def test_internal_data_beyond_public_disclosure(catalog_dir):
    entry = approved(datasets=["stock_movements"], legal_basis="public_disclosure")
    assert findings(catalog_dir, [entry], D(2026, 4, 1)) == [("LNK-A", "exceeds_legal_basis", "high")]


def test_a_law_allows_confidential_personal_data(catalog_dir):
    entry = approved(datasets=["depositors"], legal_basis="law", legal_reference="PDPA s.24(4)")
    assert findings(catalog_dir, [entry], D(2026, 4, 1)) == []


def test_consent_covers_only_consented_data(catalog_dir):
    datasets = catalog_dir / "datasets" / "master.yaml"
    text = datasets.read_text(encoding="utf-8")
    entry = approved(datasets=["depositors"], legal_basis="consent")
    assert findings(catalog_dir, [entry], D(2026, 4, 1)) == [("LNK-A", "exceeds_legal_basis", "high")]
    datasets.write_text(text.replace("bank_account], lawful_basis: contract}", "bank_account], lawful_basis: consent}"),
                        encoding="utf-8")
    assert findings(catalog_dir, [entry], D(2026, 4, 1)) == []
    datasets.write_text(text.replace("bank_account], lawful_basis: contract}",
                                     "bank_account], lawful_basis: consent, sensitive: true}"), encoding="utf-8")
    assert any("sensitive personal data (PDPA s.26)" in t for t in details(catalog_dir, [entry], D(2026, 4, 1)))


def test_inbound_and_closed_linkages_are_not_judged_against_the_basis(catalog_dir):
    inbound = approved("LNK-IN", datasets=["depositors"], direction="inbound")
    closed = dict(entry_in("rejected", "LNK-R"), datasets=["depositors"])
    assert findings(catalog_dir, [inbound, closed], D(2026, 4, 1)) == []


# --- steps overdue against working days ----------------------------------------------------

def test_technical_review_across_songkran(catalog_dir):
    """15 working days from Fri 3 Apr 2026: 6 Apr and 13–15 Apr are holidays, so it is due Thu 30 Apr;
    1 May (Labour Day) and 4 May (Coronation Day) do not count either."""
    entry = entry_in("technical_review", "LNK-T")
    entry["history"][0]["date"] = "2569-04-03"
    assert findings(catalog_dir, [entry], D(2026, 4, 30)) == []
    assert findings(catalog_dir, [entry], D(2026, 5, 4)) == [("LNK-T", "step_overdue", "medium")]
    got = details(catalog_dir, [entry], D(2026, 5, 5))
    assert got == ["technical_analysis: Technical analysis (วิเคราะห์ด้านเทคนิค (สทด.)) allows 15 working day(s) from "
                   "2026-04-03 (3 เม.ย. 2569); due 2026-04-30 (30 เม.ย. 2569), 1 working day(s) late"]


@pytest.mark.parametrize("status, since, due", [
    ("legal_review", "2569-03-11", D(2026, 3, 25)),        # 10 working days
    ("awaiting_decision", "2569-03-23", D(2026, 3, 30)),   # 5 working days
    ("returned", "2569-03-25", D(2026, 4, 21)),            # back to review: 15 working days, Songkran skipped
])
def test_each_step_limit(catalog_dir, status, since, due):
    entry = entry_in(status, "LNK-T")
    entry["history"][-1]["date"] = since
    if status == "returned":
        entry["decided_on"] = since
    assert findings(catalog_dir, [entry], due) == []
    assert findings(catalog_dir, [entry], due + dt.timedelta(days=1))[0][1:] == ("step_overdue", "medium")


def test_first_meetings_two_and_four_working_days(catalog_dir):
    entry = entry_in("requested", "LNK-M")  # requested Mon 2 Mar 2026; Tue 3 Mar is Makha Bucha
    assert findings(catalog_dir, [entry], D(2026, 3, 5)) == []
    assert any(t.startswith("requirements_meeting:") for t in details(catalog_dir, [entry], D(2026, 3, 6)))
    entry["requirements_meeting_on"] = "2569-03-03"
    assert findings(catalog_dir, [entry], D(2026, 3, 9)) == []      # Tue + 4 working days = Mon 9
    assert any(t.startswith("agency_meeting:") for t in details(catalog_dir, [entry], D(2026, 3, 10)))


def test_registration_one_working_day_after_approval(catalog_dir):
    entry = approved(registered_on=None, last_exchange_on=None)
    del entry["registered_on"], entry["last_exchange_on"]
    assert findings(catalog_dir, [entry], D(2026, 3, 26)) == []
    assert findings(catalog_dir, [entry], D(2026, 3, 27)) == [("LNK-A", "step_overdue", "medium")]
    assert findings(catalog_dir, [entry], D(2026, 4, 3)) == [("LNK-A", "step_overdue", "high")]


def test_very_late_is_high(catalog_dir):
    entry = entry_in("awaiting_decision", "LNK-T")
    got = findings(catalog_dir, [entry], D(2026, 4, 10))
    assert got == [("LNK-T", "step_overdue", "high")]


# --- stale exchanges -------------------------------------------------------------------------

@pytest.mark.parametrize("frequency, last, fresh_until", [
    ("daily", "2569-11-20", D(2026, 11, 22)),
    ("weekly", "2569-11-01", D(2026, 11, 15)),
    ("monthly", "2569-09-01", D(2026, 11, 2)),
])
def test_stale_after_two_declared_periods(catalog_dir, frequency, last, fresh_until):
    entry = approved(frequency=frequency, last_exchange_on=last)
    assert findings(catalog_dir, [entry], fresh_until) == []
    assert findings(catalog_dir, [entry], fresh_until + dt.timedelta(days=1)) == [("LNK-A", "stale_exchange", "medium")]


def test_never_exchanged_since_approval_and_on_demand(catalog_dir):
    entry = approved(frequency="weekly")
    del entry["last_exchange_on"]
    assert any("no exchange since approval on 2026-03-26" in t for t in details(catalog_dir, [entry], D(2026, 5, 1)))
    on_demand = approved(frequency="on_demand", last_exchange_on="2565-01-01")
    on_demand["last_exchange_on"] = "2569-03-26"
    assert findings(catalog_dir, [on_demand], D(2027, 5, 1)) == []


# --- the store is newer than the register ---------------------------------------------------

def test_recorded_steps_change_the_findings_and_flag_the_register(catalog_dir, tmp_path):
    entry = entry_in("awaiting_decision", "LNK-D")
    entry["last_exchange_on"] = "2569-03-24"
    write_register(catalog_dir, [entry])
    catalog = load_catalog(catalog_dir)
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    before = check_register(catalog, store, D(2026, 3, 26))
    assert {f.finding for f in before.findings} == {"exchange_without_approval"}
    director = actor_for(catalog, "p10", "surachet")
    record_transition(catalog, before.register, store, director, "LNK-D", "approved", note="อนุมัติ", on=D(2026, 3, 23))
    after = check_register(catalog, store, D(2026, 3, 26))
    assert after.states["LNK-D"].status == "approved"
    assert {(f.finding, f.severity) for f in after.findings} == {("register_outdated", "low")}
    # kept under the run key; a re-run replaces, never duplicates
    record_check(store, after, "scheduled__2026-03-26")
    record_check(store, after, "scheduled__2026-03-26")
    from sqlalchemy import func, select

    from khlang.linkage.records import LinkageCheck, LinkageCheckFinding

    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(LinkageCheck)) == 1
        assert session.scalar(select(func.count()).select_from(LinkageCheckFinding)) == 1


# --- the working-day calendar ------------------------------------------------------------------

def test_substitute_days_match_the_official_2568_calendar():
    cal = load_calendar()
    subs = sorted(d for d, h in cal.holidays(2025).items() if h.substitute)
    assert subs == [D(2025, 4, 7), D(2025, 4, 16), D(2025, 5, 5), D(2025, 5, 12)]


def test_working_days():
    cal = load_calendar()
    assert not cal.is_working_day(D(2026, 4, 13))      # Songkran
    assert not cal.is_working_day(D(2026, 6, 1))       # substitute for Visakha Bucha (Sun 31 May 2026)
    assert not cal.is_working_day(D(2026, 3, 3))       # Makha Bucha in an adhikamasa year
    assert not cal.is_working_day(D(2026, 5, 1))       # Labour Day: a state-enterprise holiday
    assert cal.is_working_day(D(2026, 5, 5))
    assert cal.add_working_days(D(2025, 12, 30), 2) == D(2026, 1, 6)  # 31 Dec, 1–2 Jan 2026 off
    assert cal.working_days_between(D(2026, 4, 10), D(2026, 4, 20)) == 3  # 16, 17, 20 April
    assert cal.holiday(D(2027, 2, 22)).provisional      # substitute of a provisional 2570 date
    assert {2025, 2026, 2027} <= cal.covers


def test_the_calendar_is_overridden_by_catalog_holidays(catalog_dir):
    (catalog_dir / "holidays.yaml").write_text(
        "add:\n  - {date: 2569-05-13, name_th: วันพืชมงคล, name_en: Royal Ploughing Ceremony}\n"
        "remove: [2569-01-02]\n", encoding="utf-8")
    cal = load_calendar(catalog_dir)
    assert not cal.is_working_day(D(2026, 5, 13))
    assert cal.is_working_day(D(2026, 1, 2))


def test_a_bad_override_is_a_file_line_error(catalog_dir):
    path = catalog_dir / "holidays.yaml"
    path.write_text("add:\n  - {date: '2569-02-30', name_th: x}\nremove: [someday]\nextra: 1\n", encoding="utf-8")
    with pytest.raises(DeclarationError) as exc:
        load_calendar(catalog_dir)
    text = str(exc.value)
    assert f"{path}:2: add[0].date: not a valid date" in text
    assert f"{path}:3: remove[0]: not a date" in text
    assert f"{path}:4: extra: unknown key" in text
