"""Identity: roles, permissions as data (a table generated from the sample organisation), accounts,
sign-in with lock-out, tokens, server-side sessions, and the append-only audit log on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, text, update

from khlang.declarations import load_catalog
from khlang.errors import DeclarationError
from khlang.identity import SCHEDULER, Actor, FourEyes, PermissionDenied, actor_for, allowed, authorize, may_see_pii
from khlang.identity.accounts import AccountError, add_user, disable_user, issue_token, list_users, reset_password
from khlang.identity.audit import audit_entries
from khlang.identity.cli import bootstrap_actor
from khlang.identity.passwords import WeakPassword
from khlang.identity.permissions import ACTIONS, ISSUE_WORK
from khlang.identity.records import Account, AuditEntry, ConsoleSession
from khlang.identity.roles import ROLES
from khlang.identity.sessions import check_csrf, csrf_token, end_session, session_actor, start_session
from khlang.identity.signin import NotSignedIn, SignInFailed, actor_from_token, sign_in
from khlang.store import open_store

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "catalog")


def person_actor(catalog, pid: str, channel: str = "console") -> Actor:
    return actor_for(catalog, pid, f"user-{pid}", (), channel)


def issue(dataset=None, unit=None, assignees=(), events=(), cycle=1, id_=7):
    return SimpleNamespace(id=id_, dataset=dataset, unit=unit, cycle=cycle, events=list(events),
                           assignees=[{"person": p, "active": True} for p in assignees])


def ev(type_: str, actor: str, cycle: int = 1):
    return SimpleNamespace(type=type_, actor=actor, data={"cycle": cycle})


# ---- labels ------------------------------------------------------------------------------------------------

def test_every_role_and_action_has_thai_and_english_labels():
    assert set(ROLES) == {"director", "committee", "secretary", "steward", "business_owner", "digital_owner",
                          "dt_analyst", "legal", "auditor", "admin", "scheduler"}
    for role in ROLES.values():
        assert role.label_th and role.label_en and role.may
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in role.label_th), role.code
    for action in ACTIONS.values():
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in action.label_th), action.code
        assert action.label_en


def test_sample_organisation_declares_the_people_of_the_spec(catalog):
    org = catalog.organisation.governance
    assert catalog.people["p10"].roles == ["director"]
    assert org.secretary == "p11" and catalog.people["p11"].unit == "STR"
    assert catalog.people["p12"].unit == "LEG" and catalog.people["p12"].roles == ["legal"]
    assert catalog.people["p13"].unit == "AUD" and catalog.people["p13"].roles == ["auditor"]
    assert catalog.people["p14"].unit == "DTO" and catalog.people["p14"].roles == ["admin"]
    assert catalog.people["p04"].roles == ["dt_analyst"]
    assert {"LEG", "AUD"} <= set(catalog.units)


@pytest.mark.parametrize("roles, message", [
    ("[wizard]", "unknown role 'wizard'"),
    ("[steward]", "steward is a relation to a dataset"),
    ("[committee]", "comes from organisation.governance.committee"),
    ("[director, director]", "a role is listed twice"),
])
def test_declared_roles_are_checked_with_file_and_line(tmp_path, roles, message):
    import shutil

    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    org = tmp_path / "catalog" / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("roles: [legal]", f"roles: {roles}"), encoding="utf-8")
    with pytest.raises(DeclarationError) as err:
        load_catalog(tmp_path / "catalog")
    assert message in str(err.value) and "organisation.yaml:" in str(err.value) and "roles" in str(err.value)


def test_an_unknown_secretary_is_refused(tmp_path):
    import shutil

    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    org = tmp_path / "catalog" / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("secretary: p11", "secretary: p99"), encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"organisation.yaml:\d+: organisation.governance.secretary: unknown"):
        load_catalog(tmp_path / "catalog")


# ---- the permission table ----------------------------------------------------------------------------------

def answers_for(catalog, dataset: str) -> set[str]:
    """Independently of the rules: the active steward and owners written in the dataset's declaration."""
    ds = catalog.datasets[dataset]
    pids = {ds.steward, ds.business_owner, ds.digital_owner} - {None}
    return {p for p in pids if catalog.people[p].active}


def test_issue_work_table_generated_from_the_sample(catalog):
    """Every active person × every dataset × every issue action: allowed exactly for its steward and owners."""
    cases = 0
    for pid, person in catalog.people.items():
        if not person.active:
            continue
        actor = person_actor(catalog, pid)
        for name in catalog.datasets:
            subject = issue(dataset=name, unit="WHS")
            for action in ISSUE_WORK:
                expected = pid in answers_for(catalog, name) and "auditor" not in person.roles
                if action in ("issue.rca", "issue.close") and pid in catalog.organisation.governance.committee:
                    expected = True
                assert allowed(catalog, actor, action, issue=subject) is expected, (pid, action, name)
                cases += 1
    assert cases == 13 * len(catalog.datasets) * len(ISSUE_WORK)


@pytest.mark.parametrize("pid, action, obj, expected", [
    # a steward takes up an issue of her dataset; an accountant may not take up another department's
    ("p06", "issue.ack", {"issue": issue(dataset="warehouses")}, True),
    ("p08", "issue.ack", {"issue": issue(dataset="warehouses")}, False),
    ("p04", "issue.ack", {"issue": issue(dataset="warehouses")}, False),
    # a unit's issue: people of the unit act
    ("p08", "issue.ack", {"issue": issue(unit="FIN")}, True),
    ("p06", "issue.ack", {"issue": issue(unit="FIN")}, False),
    # assignees act (the committee, for a dataset nobody active owns)
    ("p02", "issue.ack", {"issue": issue(dataset="legacy_warehouse_master", assignees=["p02"])}, True),
    # auditors never write, even on a dataset they might own
    ("p13", "issue.ack", {"issue": issue(unit="AUD")}, False),
    ("p13", "audit.read", {}, True),
    ("p06", "audit.read", {}, False),
    # linkages and policies
    ("p04", "linkage.analysis.technical", {}, True),
    ("p12", "linkage.analysis.technical", {}, False),
    ("p12", "linkage.analysis.legal", {}, True),
    ("p10", "linkage.decide", {}, True),
    ("p04", "linkage.decide", {}, False),
    ("p01", "linkage.decide", {}, False),
    ("p10", "policy.approve", {}, True),
    ("p07", "policy.approve", {}, False),
    ("p11", "policy.communicate", {}, True),
    ("p10", "policy.communicate", {}, False),
    ("p08", "policy.assess", {"unit": "FIN"}, True),
    ("p08", "policy.assess", {"unit": "WHS"}, False),
    # accounts: administrators only; administrators do nothing else by their role
    ("p14", "users.manage", {}, True),
    ("p10", "users.manage", {}, False),
    ("p14", "issue.ack", {"issue": issue(dataset="warehouses")}, False),
    ("p14", "linkage.decide", {}, False),
])
def test_permission_cases(catalog, pid, action, obj, expected):
    assert allowed(catalog, person_actor(catalog, pid), action, **obj) is expected


def test_the_scheduler_does_only_the_automated_writes(catalog):
    assert allowed(catalog, SCHEDULER, "issue.sync") and allowed(catalog, SCHEDULER, "run.record")
    for action in ("issue.ack", "issue.close", "linkage.decide", "policy.approve", "users.manage", "audit.read"):
        assert not allowed(catalog, SCHEDULER, action, issue=issue(dataset="warehouses"))


def test_denial_names_the_action_in_thai_and_english_and_who_may(catalog):
    with pytest.raises(PermissionDenied) as err:
        authorize(catalog, person_actor(catalog, "p04"), "linkage.decide")
    assert "พิจารณาอนุมัติ" in str(err.value) and "decide a linkage" in str(err.value) and "director" in str(err.value)
    assert err.value.exit_code == 3


def test_a_person_who_left_may_do_nothing(catalog):
    prasert = Actor(person="p09", username="prasert", roles=frozenset({"dt_analyst"}))
    assert not allowed(catalog, prasert, "linkage.analysis.technical")


def test_four_eyes_on_issues_the_fixer_cannot_close(catalog):
    fixed = issue(dataset="warehouses", events=[ev("rca_recorded", "p06"), ev("action_done", "p06"),
                                                ev("resolved", "khlang")])
    with pytest.raises(FourEyes):
        authorize(catalog, person_actor(catalog, "p06"), "issue.close", issue=fixed)
    authorize(catalog, person_actor(catalog, "p03"), "issue.close", issue=fixed)  # the digital owner verifies
    by_hand = issue(unit="FIN", events=[ev("resolved", "p08")])
    assert not allowed(catalog, person_actor(catalog, "p08"), "issue.close", issue=by_hand)
    earlier = issue(unit="FIN", cycle=2, events=[ev("resolved", "p08", cycle=1)])  # a previous occurrence's fix
    assert allowed(catalog, person_actor(catalog, "p08"), "issue.close", issue=earlier)


def test_four_eyes_on_linkages_the_analyst_cannot_decide(catalog):
    director = person_actor(catalog, "p10")
    assert allowed(catalog, director, "linkage.decide", linkage=SimpleNamespace(id="L1", analysed_by={"p04", "p12"}))
    with pytest.raises(FourEyes):
        authorize(catalog, director, "linkage.decide", linkage=SimpleNamespace(id="L1", analysed_by=["p10"]))


def test_recording_on_behalf_needs_an_administrator_and_a_reason(catalog):
    admin = person_actor(catalog, "p14")
    target = issue(dataset="warehouses")
    assert allowed(catalog, admin.for_person("p06", "paper form FM-EI-01 signed by the steward"), "issue.ack",
                   issue=target)
    assert not allowed(catalog, admin.for_person("p08", "asked to"), "issue.ack", issue=target)  # p08 may not
    with pytest.raises(PermissionDenied, match="--reason"):
        authorize(catalog, admin.for_person("p06", "  "), "issue.ack", issue=target)
    with pytest.raises(PermissionDenied, match="only an administrator"):
        authorize(catalog, person_actor(catalog, "p03").for_person("p06", "why not"), "issue.ack", issue=target)


def test_personal_data_only_for_the_datasets_owners_and_steward(catalog):
    for pid, person in catalog.people.items():
        if person.active:
            assert may_see_pii(catalog, person_actor(catalog, pid), "depositors") is (
                pid in answers_for(catalog, "depositors")), pid
    assert not may_see_pii(catalog, person_actor(catalog, "p10"), "depositors")
    assert not may_see_pii(catalog, SCHEDULER, "depositors")


# ---- accounts, sign-in, tokens, sessions (SQLite and PostgreSQL) -------------------------------------------

@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def admin(store, catalog):
    add_user(store, catalog, bootstrap_actor(), "nattapon", "p14", [], PASSWORD)
    return sign_in(store, catalog, "nattapon", PASSWORD, "127.0.0.1")


def test_bootstrap_only_creates_the_first_administrator(store, catalog):
    with pytest.raises(PermissionDenied, match="no administrator account yet"):
        add_user(store, catalog, bootstrap_actor(), "chaiwat", "p06", [], PASSWORD)
    made = add_user(store, catalog, bootstrap_actor(), "nattapon", "p14", [], PASSWORD)
    assert made["bootstrap"] is True
    with pytest.raises(PermissionDenied):
        add_user(store, catalog, bootstrap_actor(), "other", "p03", ["admin"], PASSWORD)
    with store.reading() as s:
        [row] = audit_entries(s, action="account.add")
    assert row.username.startswith("os:") and row.note.startswith("bootstrap") and row.after["person"] == "p14"


def test_accounts_are_checked_and_never_store_the_password(store, catalog, admin):
    for args, message in [(("Bad Name", "p06", [], PASSWORD), "username"),
                          (("chaiwat", "p99", [], PASSWORD), "unknown person 'p99'"),
                          (("prasert", "p09", [], PASSWORD), "has left"),
                          (("chaiwat", "p06", ["steward"], PASSWORD), "relation to a dataset"),
                          (("nattapon", "p06", [], PASSWORD), "is taken")]:
        with pytest.raises(AccountError, match=message):
            add_user(store, catalog, admin, *args)
    with pytest.raises(WeakPassword):
        add_user(store, catalog, admin, "chaiwat", "p06", [], "short")
    add_user(store, catalog, admin, "chaiwat", "p06", [], PASSWORD)
    with pytest.raises(PermissionDenied):
        add_user(store, catalog, sign_in(store, catalog, "chaiwat", PASSWORD), "wanna", "p05", [], PASSWORD)
    with store.reading() as s:
        acc = s.scalars(select(Account).where(Account.username == "chaiwat")).one()
        assert acc.password_hash.startswith("$argon2id$") and PASSWORD not in acc.password_hash
        dump = " ".join(str((e.before, e.after, e.note)) for e in audit_entries(s))
    assert PASSWORD not in dump
    assert [u["username"] for u in list_users(store)] == ["chaiwat", "nattapon"]


def test_sign_in_locks_after_five_failures_and_says_one_generic_thing(store, catalog, admin):
    add_user(store, catalog, admin, "chaiwat", "p06", [], PASSWORD)
    messages = set()
    for _ in range(5):
        with pytest.raises(SignInFailed) as err:
            sign_in(store, catalog, "chaiwat", "wrong password!", "10.0.0.9")
        messages.add(str(err.value))
    with pytest.raises(SignInFailed) as err:  # the right password no longer works while locked
        sign_in(store, catalog, "chaiwat", PASSWORD, "10.0.0.9")
    messages.add(str(err.value))
    with pytest.raises(SignInFailed) as err:
        sign_in(store, catalog, "nobody", PASSWORD, "10.0.0.9")
    messages.add(str(err.value))
    assert len(messages) == 1
    with store.reading() as s:
        assert len(audit_entries(s, action="signin.failed", object_id="chaiwat")) == 5
        assert len(audit_entries(s, action="account.locked")) == 1
    with store.transaction() as s:  # the lock runs out
        s.execute(update(Account).where(Account.username == "chaiwat").values(
            locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert sign_in(store, catalog, "chaiwat", PASSWORD).person == "p06"


def test_reset_password_lifts_the_lock_and_ends_sessions(store, catalog, admin):
    add_user(store, catalog, admin, "chaiwat", "p06", [], PASSWORD)
    me = sign_in(store, catalog, "chaiwat", PASSWORD)
    cookie, _ = start_session(store, me, "10.0.0.1", "test")
    reset_password(store, catalog, admin, "chaiwat", "a new long password")
    with pytest.raises(NotSignedIn):
        session_actor(store, catalog, cookie)
    with pytest.raises(SignInFailed):
        sign_in(store, catalog, "chaiwat", PASSWORD)
    assert sign_in(store, catalog, "chaiwat", "a new long password").username == "chaiwat"


def test_tokens_are_shown_once_stored_hashed_and_stop_when_disabled(store, catalog, admin):
    add_user(store, catalog, admin, "chaiwat", "p06", ["dt_analyst"], PASSWORD)
    me = sign_in(store, catalog, "chaiwat", PASSWORD)
    token = issue_token(store, me, "chaiwat", "laptop")
    with pytest.raises(PermissionDenied):
        issue_token(store, me, "nattapon", catalog=catalog)
    with store.reading() as s:
        stored = s.execute(text("SELECT token_sha256 FROM api_tokens")).scalars().all()
    assert token not in stored and all(len(h) == 64 for h in stored)
    actor = actor_from_token(store, catalog, token, address="10.1.1.1")
    assert (actor.person, actor.channel, "dt_analyst" in actor.roles) == ("p06", "api", True)
    cookie, _ = start_session(store, me, "10.0.0.1", "test")
    result = disable_user(store, catalog, admin, "chaiwat")
    assert result["tokens_revoked"] == 1 and result["sessions_ended"] == 1
    with pytest.raises(NotSignedIn):
        actor_from_token(store, catalog, token)
    with pytest.raises(NotSignedIn):
        session_actor(store, catalog, cookie)
    with pytest.raises(SignInFailed):
        sign_in(store, catalog, "chaiwat", PASSWORD)
    with pytest.raises(NotSignedIn):
        actor_from_token(store, catalog, "khl_made_up")


def test_sessions_idle_out_expire_and_end_at_logout(store, catalog, admin):
    cookie, csrf = start_session(store, admin, "10.0.0.1", "Mozilla")
    assert session_actor(store, catalog, cookie, "10.0.0.1").person == "p14"
    assert csrf_token(store, cookie) == csrf and check_csrf(store, cookie, csrf)
    assert not check_csrf(store, cookie, csrf[:-1] + "x") and not check_csrf(store, cookie, None)
    now = dt.datetime.now(dt.UTC)
    with store.transaction() as s:
        s.execute(update(ConsoleSession).values(last_seen_at=now - dt.timedelta(minutes=31)))
    with pytest.raises(NotSignedIn, match="idle"):
        session_actor(store, catalog, cookie)
    cookie2, _ = start_session(store, admin, "10.0.0.1", "Mozilla")
    with store.transaction() as s:
        s.execute(update(ConsoleSession).where(ConsoleSession.id == 2).values(
            expires_at=now - dt.timedelta(seconds=1)))
    with pytest.raises(NotSignedIn, match="expired"):
        session_actor(store, catalog, cookie2)
    cookie3, csrf3 = start_session(store, admin, "10.0.0.1", "Mozilla")
    assert end_session(store, cookie3) is True and end_session(store, cookie3) is False
    with pytest.raises(NotSignedIn):
        session_actor(store, catalog, cookie3)
    assert not check_csrf(store, cookie3, csrf3)


def test_the_audit_log_refuses_update_and_delete_in_the_database(store, catalog, admin):
    with store.reading() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    assert before >= 2
    for statement in ("UPDATE audit_log SET note = 'edited'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), store.transaction() as s:
            s.execute(text(statement))
    if store.engine.dialect.name == "postgresql":
        with pytest.raises(Exception, match="append-only"), store.transaction() as s:
            s.execute(text("TRUNCATE audit_log"))
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
        assert all(e.note != "edited" for e in audit_entries(s))


# ---- directory sign-in wiring (the LDAP client itself is khlang.identity.directory, tested against slapd) ----

class _Directory:
    """Stands in for khlang.identity.directory here: a fixed table of users, or an unreachable server."""

    def __init__(self, users: dict[str, tuple[str, str]], reachable: bool = True):
        self.users, self.reachable = users, reachable

        class DirectoryUnavailable(Exception):
            pass

        self.DirectoryUnavailable = DirectoryUnavailable

        class DirectoryConfig:
            @staticmethod
            def from_env():
                return "config"

        self.DirectoryConfig = DirectoryConfig

    def authenticate(self, config, username, password):
        if not self.reachable:
            raise self.DirectoryUnavailable("down")
        entry = self.users.get(username)
        if entry is None or entry[0] != password or not password:
            return None
        return SimpleNamespace(username=username, person=entry[1], dn=f"uid={username}", email=None)


def test_directory_sign_in_creates_the_account_and_counts_failures(store, catalog, admin, monkeypatch):
    import sys

    directory = _Directory({"sunanta": ("ldap secret", "p03"), "ghost": ("ldap secret", "p99")})
    monkeypatch.setitem(sys.modules, "khlang.identity.directory", directory)
    add_user(store, catalog, admin, "chaiwat", "p06", [], None, source="directory")
    with pytest.raises(SignInFailed):  # no directory configured: a directory account cannot sign in
        sign_in(store, catalog, "chaiwat", "anything at all")
    monkeypatch.setenv("KHLANG_LDAP_URL", "ldap://127.0.0.1:1")
    first = sign_in(store, catalog, "sunanta", "ldap secret", "10.0.0.3")
    assert (first.person, first.username) == ("p03", "sunanta")
    [made] = [u for u in list_users(store) if u["username"] == "sunanta"]
    assert (made["source"], made["person"]) == ("directory", "p03")
    with pytest.raises(SignInFailed):
        sign_in(store, catalog, "sunanta", "wrong")
    with pytest.raises(SignInFailed):
        sign_in(store, catalog, "ghost", "ldap secret")  # the directory names no person of organisation.yaml
    assert "ghost" not in {u["username"] for u in list_users(store)}
    directory.reachable = False
    with pytest.raises(SignInFailed, match="cannot be reached"):
        sign_in(store, catalog, "sunanta", "ldap secret")
    with store.reading() as s:
        assert len(audit_entries(s, action="signin.failed", object_id="sunanta")) == 1


def test_each_refusal_has_its_http_status():
    from khlang.errors import DeclarationError
    from khlang.governance.people import GovernanceError, NotFound, StateConflict
    from khlang.identity.http import status_for

    assert [status_for(e) for e in (NotSignedIn("x"), SignInFailed(), PermissionDenied("x"), FourEyes("x"),
                                    NotFound("x"), StateConflict("x"), GovernanceError("x"), DeclarationError([]),
                                    WeakPassword("x"), AccountError("x"), RuntimeError("x"))] == [
        401, 401, 403, 403, 404, 409, 422, 422, 422, 422, 500]
