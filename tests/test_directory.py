"""Directory sign-in against a real OpenLDAP server (tests/ldap_server.py starts Debian's slapd)."""

from __future__ import annotations

import dataclasses
import time

import pytest
from ldap_server import (
    BASE_DN,
    SERVICE_DN,
    SERVICE_PASSWORD,
    LdapServer,
    free_port,
    ldap_server_fixture,  # noqa: F401 - the session's slapd
)

from khlang.identity.directory import (
    DirectoryConfig,
    DirectoryConfigError,
    DirectoryUnavailable,
    DirectoryUser,
    authenticate,
    user_filter,
)


@pytest.fixture
def config(ldap_server: LdapServer) -> DirectoryConfig:
    """Search as the service account, as อคส. would configure it."""
    return DirectoryConfig(url=ldap_server.url, base_dn=BASE_DN, bind_dn=SERVICE_DN, bind_password=SERVICE_PASSWORD)


def test_right_password_gives_the_person_of_organisation_yaml(config, ldap_server):
    user = authenticate(config, "porntip", ldap_server.passwords()["porntip"])
    assert user == DirectoryUser(username="porntip", person="p01", dn=f"uid=porntip,ou=people,{BASE_DN}",
                                 email="porntip.s@pwo.example.go.th")


def test_thai_password_is_sent_as_utf8(config, ldap_server):
    user = authenticate(config, "chaiwat", "รหัสผ่าน-ชัยวัฒน์")
    assert user is not None and user.person == "p06"


@pytest.mark.parametrize("username, password", [
    ("porntip", "Porntip#2568"),        # wrong password
    ("porntip", "porntip#2569"),        # case matters
    ("nobody", "Porntip#2569"),         # unknown user
    ("porntip", ""),                    # empty password: an unauthenticated bind must never count
    ("", "Porntip#2569"),
    ("porntip", "Porntip#2569\x00x"),
])
def test_wrong_credentials_are_refused(config, username, password):
    assert authenticate(config, username, password) is None


def test_an_empty_password_is_refused_even_though_slapd_accepts_the_bind(config, ldap_server):
    import ldap

    conn = ldap.initialize(ldap_server.url)
    conn.simple_bind_s(f"uid=porntip,ou=people,{BASE_DN}", "")  # the server says yes: unauthenticated bind
    conn.unbind_s()
    assert authenticate(config, "porntip", "") is None


def test_account_locked_by_the_password_policy_is_refused(config, ldap_server):
    """pwdAccountLockedTime set: slapd itself still accepts the bind (no policy applies), Khlang must refuse."""
    import ldap

    conn = ldap.initialize(ldap_server.url)
    conn.simple_bind_s(f"uid=prasert,ou=people,{BASE_DN}", "Prasert-left")
    conn.unbind_s()
    assert authenticate(config, "prasert", "Prasert-left") is None


def test_active_directory_accounts_by_samaccountname_and_upn(ldap_server):
    ad = DirectoryConfig(url=ldap_server.url, base_dn=BASE_DN, bind_dn=SERVICE_DN, bind_password=SERVICE_PASSWORD,
                         user_filter="(|(sAMAccountName={username})(userPrincipalName={username}))")
    assert authenticate(ad, "sombat.c", "Sombat$ad").person == "p08"
    assert authenticate(ad, "sombat.c@pwo.local", "Sombat$ad").person == "p08"
    assert authenticate(ad, "sombat.c", "Sombat$AD") is None
    # userAccountControl 514 = NORMAL_ACCOUNT | ACCOUNTDISABLE: right password, still refused
    assert authenticate(ad, "wanna.c", "Wanna$ad") is None


def test_disabled_filter_is_configurable(ldap_server):
    base = {"url": ldap_server.url, "base_dn": BASE_DN, "bind_dn": SERVICE_DN, "bind_password": SERVICE_PASSWORD}
    none = DirectoryConfig(**base, disabled_filter=None)
    assert authenticate(none, "prasert", "Prasert-left").person == "p09"  # the check is what refused it
    own = DirectoryConfig(**base, disabled_filter="(employeeNumber=p01)")
    assert authenticate(own, "porntip", "Porntip#2569") is None
    assert authenticate(own, "chaiwat", "รหัสผ่าน-ชัยวัฒน์").person == "p06"


@pytest.mark.parametrize("username", [
    "*", "*)(uid=*", "porntip)(uid=*", "*)(|(uid=*", "porn*", "porntip)(|(objectClass=*)", "\\2a", "porntip\\",
])
def test_filter_injection_is_refused(config, username, ldap_server):
    assert authenticate(config, username, "Porntip#2569") is None
    assert authenticate(config, username, "x") is None


def test_filter_values_are_escaped():
    cfg = DirectoryConfig(url="ldap://127.0.0.1:1", base_dn=BASE_DN)
    assert user_filter(cfg, "*)(uid=*") == r"(uid=\2a\29\28uid=\2a)"
    assert user_filter(cfg, "a\\b\x00") == r"(uid=a\5cb\00)"


def test_anonymous_search_then_bind(ldap_server):
    anonymous = DirectoryConfig(url=ldap_server.url, base_dn=BASE_DN)
    assert authenticate(anonymous, "thanakorn", "Thanakorn!db").person == "p04"
    assert authenticate(anonymous, "thanakorn", "wrong") is None


def test_account_without_person_attribute_is_refused(config, ldap_server):
    assert authenticate(config, "visitor", "Visitor-1") is None
    by_mail = dataclasses.replace(config, person_attr="mail")
    assert authenticate(by_mail, "visitor", "Visitor-1").person == "visitor@pwo.example.go.th"


def test_wrong_service_account_password_is_a_fault_not_a_refusal(ldap_server):
    cfg = DirectoryConfig(url=ldap_server.url, base_dn=BASE_DN, bind_dn=SERVICE_DN, bind_password="not-it")
    with pytest.raises(DirectoryUnavailable, match="service account"):
        authenticate(cfg, "porntip", "Porntip#2569")


def test_ambiguous_filter_is_refused(ldap_server):
    cfg = DirectoryConfig(url=ldap_server.url, base_dn=BASE_DN,
                          user_filter="(|(uid={username})(objectClass=inetOrgPerson))")
    assert authenticate(cfg, "porntip", "Porntip#2569") is None


def test_server_down_raises_directory_unavailable():
    cfg = DirectoryConfig(url=f"ldap://127.0.0.1:{free_port()}", base_dn=BASE_DN, timeout=2)
    with pytest.raises(DirectoryUnavailable, match="cannot be reached"):
        authenticate(cfg, "porntip", "Porntip#2569")


def test_unresponsive_server_times_out(tmp_path):
    """A server that accepts the connection but never answers: refused within the timeout, not hung."""
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        cfg = DirectoryConfig(url=f"ldap://127.0.0.1:{silent.getsockname()[1]}", base_dn=BASE_DN, timeout=1)
        started = time.monotonic()
        with pytest.raises(DirectoryUnavailable):
            authenticate(cfg, "porntip", "Porntip#2569")
        assert time.monotonic() - started < 10


def test_starttls_with_the_servers_ca(ldap_server):
    assert ldap_server.ca_file is not None, "openssl is needed to make the test certificate"
    tls = DirectoryConfig(url=ldap_server.url, base_dn=BASE_DN, bind_dn=SERVICE_DN, bind_password=SERVICE_PASSWORD,
                          starttls=True, ca_file=str(ldap_server.ca_file))
    assert authenticate(tls, "porntip", "Porntip#2569").person == "p01"


def test_starttls_with_an_untrusted_certificate_is_refused(ldap_server, tmp_path):
    other_ca = tmp_path / "other.crt"
    import subprocess

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=other",
                    "-keyout", str(tmp_path / "k"), "-out", str(other_ca)], check=True, capture_output=True)
    tls = DirectoryConfig(url=ldap_server.url, base_dn=BASE_DN, starttls=True, ca_file=str(other_ca))
    with pytest.raises(DirectoryUnavailable, match="STARTTLS"):
        authenticate(tls, "porntip", "Porntip#2569")


def test_from_env_reads_every_variable(ldap_server):
    env = {
        "KHLANG_LDAP_URL": ldap_server.url, "KHLANG_LDAP_BASE_DN": BASE_DN, "KHLANG_LDAP_BIND_DN": SERVICE_DN,
        "KHLANG_LDAP_BIND_PASSWORD": SERVICE_PASSWORD, "KHLANG_LDAP_USER_FILTER": "(sAMAccountName={username})",
        "KHLANG_LDAP_PERSON_ATTR": "employeeNumber", "KHLANG_LDAP_STARTTLS": "true",
        "KHLANG_LDAP_CA_FILE": str(ldap_server.ca_file), "KHLANG_LDAP_TIMEOUT": "3",
        "KHLANG_LDAP_DISABLED_FILTER": "(userAccountControl:1.2.840.113556.1.4.803:=2)",
    }
    cfg = DirectoryConfig.from_env(env)
    assert (cfg.starttls, cfg.timeout, cfg.user_filter) == (True, 3.0, "(sAMAccountName={username})")
    assert authenticate(cfg, "sombat.c", "Sombat$ad").person == "p08"
    assert authenticate(cfg, "wanna.c", "Wanna$ad") is None
    assert SERVICE_PASSWORD not in repr(cfg)
    assert DirectoryConfig.from_env({}) is None


@pytest.mark.parametrize("env, variable", [
    ({"KHLANG_LDAP_URL": "http://dir", "KHLANG_LDAP_BASE_DN": BASE_DN}, "KHLANG_LDAP_URL"),
    ({"KHLANG_LDAP_URL": "ldap://dir"}, "KHLANG_LDAP_BASE_DN"),
    ({"KHLANG_LDAP_URL": "ldap://dir", "KHLANG_LDAP_BASE_DN": BASE_DN, "KHLANG_LDAP_USER_FILTER": "(uid=x)"},
     "KHLANG_LDAP_USER_FILTER"),
    ({"KHLANG_LDAP_URL": "ldap://dir", "KHLANG_LDAP_BASE_DN": BASE_DN, "KHLANG_LDAP_BIND_DN": SERVICE_DN},
     "KHLANG_LDAP_BIND_PASSWORD"),
    ({"KHLANG_LDAP_URL": "ldap://dir", "KHLANG_LDAP_BASE_DN": BASE_DN, "KHLANG_LDAP_STARTTLS": "maybe"},
     "KHLANG_LDAP_STARTTLS"),
    ({"KHLANG_LDAP_URL": "ldap://dir", "KHLANG_LDAP_BASE_DN": BASE_DN, "KHLANG_LDAP_TIMEOUT": "-1"},
     "KHLANG_LDAP_TIMEOUT"),
    ({"KHLANG_LDAP_URL": "ldap://dir", "KHLANG_LDAP_BASE_DN": BASE_DN, "KHLANG_LDAP_DISABLED_FILTER": "(a=1"},
     "KHLANG_LDAP_DISABLED_FILTER"),
])
def test_bad_configuration_names_the_variable(env, variable):
    with pytest.raises(DirectoryConfigError, match=variable):
        DirectoryConfig.from_env(env)


# ---- end to end: khlang.identity's sign_in with the directory configured -----------------------------------------

@pytest.fixture
def directory_env(ldap_server, monkeypatch):
    for name, value in {"KHLANG_LDAP_URL": ldap_server.url, "KHLANG_LDAP_BASE_DN": BASE_DN,
                        "KHLANG_LDAP_BIND_DN": SERVICE_DN, "KHLANG_LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
                        "KHLANG_LDAP_USER_FILTER": "(|(uid={username})(sAMAccountName={username}))",
                        "KHLANG_LDAP_STARTTLS": "true", "KHLANG_LDAP_CA_FILE": str(ldap_server.ca_file)}.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def sign_in_store(store_url):
    from khlang.store import open_store

    store = open_store(store_url)
    yield store
    store.close()


def test_sign_in_through_the_directory(directory_env, sign_in_store):
    from pathlib import Path

    from khlang.declarations import load_catalog
    from khlang.identity.audit import audit_entries
    from khlang.identity.signin import SignInFailed, sign_in

    catalog = load_catalog(Path(__file__).resolve().parents[1] / "catalog")
    first = sign_in(sign_in_store, catalog, "Porntip", "Porntip#2569", "10.1.2.3")
    assert (first.person, first.username, first.channel) == ("p01", "porntip", "console")
    again = sign_in(sign_in_store, catalog, "porntip", "Porntip#2569", "10.1.2.3")
    assert again.person == "p01"
    for username, password in [("porntip", "Porntip#2568"), ("porntip", ""), ("wanna.c", "Wanna$ad"),
                               ("*)(uid=*", "Porntip#2569"), ("nobody", "x")]:
        with pytest.raises(SignInFailed):
            sign_in(sign_in_store, catalog, username, password, "10.1.2.3")
    with sign_in_store.reading() as s:
        made = audit_entries(s, action="account.add")
        failed = audit_entries(s, action="signin.failed", object_id="porntip")
    assert [(e.object_id, e.after["source"], e.after["person"]) for e in made] == [("porntip", "directory", "p01")]
    assert len(failed) == 2  # the wrong and the empty password, counted towards the lock-out


def test_sign_in_when_the_directory_is_down_says_so(sign_in_store, monkeypatch):
    from pathlib import Path

    from khlang.declarations import load_catalog
    from khlang.identity.signin import SignInFailed, sign_in

    monkeypatch.setenv("KHLANG_LDAP_URL", f"ldap://127.0.0.1:{free_port()}")
    monkeypatch.setenv("KHLANG_LDAP_BASE_DN", BASE_DN)
    catalog = load_catalog(Path(__file__).resolve().parents[1] / "catalog")
    with pytest.raises(SignInFailed, match="directory cannot be reached"):
        sign_in(sign_in_store, catalog, "porntip", "Porntip#2569")
