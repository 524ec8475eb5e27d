"""Sign-in against the organisation's directory (OpenLDAP or Active Directory) with python-ldap.

Search-then-bind: the account is looked up (as the service account, or anonymously), refused when the
directory marks it disabled, then its own DN is bound with the password given. Only a successful bind with
a non-empty password counts: an LDAP "unauthenticated bind" (a DN with an empty password) succeeds on many
servers without checking anything, so an empty password is refused before the server is asked.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from khlang.errors import KhlangError

if TYPE_CHECKING:
    from ldap.ldapobject import LDAPObject

log = logging.getLogger(__name__)

DEFAULT_USER_FILTER = "(uid={username})"
DEFAULT_PERSON_ATTR = "employeeNumber"
# Active Directory: userAccountControl's ACCOUNTDISABLE bit (2), tested with the bitwise-AND matching rule;
# OpenLDAP: an account locked by the password-policy overlay. An attribute the server does not know is
# "undefined" in a filter, so one default serves both kinds of directory.
DEFAULT_DISABLED_FILTER = "(|(userAccountControl:1.2.840.113556.1.4.803:=2)(pwdAccountLockedTime=*))"
DEFAULT_TIMEOUT = 5.0
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"", "0", "false", "no", "off"}


class DirectoryUnavailable(KhlangError):
    """The directory cannot be reached or used (down, timed out, TLS refused, service account refused)."""

    exit_code = 1


class DirectoryConfigError(DirectoryUnavailable):
    """A KHLANG_LDAP_* variable that cannot work (the directory is unusable until fixed); names the variable."""

    exit_code = 2


@dataclass(frozen=True)
class DirectoryUser:
    """Who the directory says signed in: the person id ties the account to organisation.yaml."""

    username: str
    person: str
    dn: str
    email: str | None = None


@dataclass(frozen=True)
class DirectoryConfig:
    """How to reach the directory and find people in it (from the KHLANG_LDAP_* variables)."""

    url: str
    base_dn: str
    bind_dn: str | None = None
    bind_password: str | None = None
    user_filter: str = DEFAULT_USER_FILTER
    person_attr: str = DEFAULT_PERSON_ATTR
    email_attr: str = "mail"
    disabled_filter: str | None = DEFAULT_DISABLED_FILTER
    starttls: bool = False
    ca_file: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        _check_config(self)

    def __repr__(self) -> str:  # the bind password must never reach a log line
        return f"DirectoryConfig(url={self.url!r}, base_dn={self.base_dn!r}, bind_dn={self.bind_dn!r})"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DirectoryConfig | None:
        """The directory configured in the environment, or None when KHLANG_LDAP_URL is not set."""
        env = os.environ if environ is None else environ
        url = env.get("KHLANG_LDAP_URL", "").strip()
        if not url:
            return None
        disabled = env.get("KHLANG_LDAP_DISABLED_FILTER")
        return cls(
            url=url,
            base_dn=env.get("KHLANG_LDAP_BASE_DN", "").strip(),
            bind_dn=env.get("KHLANG_LDAP_BIND_DN", "").strip() or None,
            bind_password=env.get("KHLANG_LDAP_BIND_PASSWORD") or None,
            user_filter=env.get("KHLANG_LDAP_USER_FILTER", "").strip() or DEFAULT_USER_FILTER,
            person_attr=env.get("KHLANG_LDAP_PERSON_ATTR", "").strip() or DEFAULT_PERSON_ATTR,
            email_attr=env.get("KHLANG_LDAP_EMAIL_ATTR", "").strip() or "mail",
            disabled_filter=DEFAULT_DISABLED_FILTER if disabled is None else (disabled.strip() or None),
            starttls=_flag(env, "KHLANG_LDAP_STARTTLS"),
            ca_file=env.get("KHLANG_LDAP_CA_FILE", "").strip() or None,
            timeout=_seconds(env, "KHLANG_LDAP_TIMEOUT"),
        )


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise DirectoryConfigError(f"{name}: expected true or false, got {value!r}")


def _seconds(env: Mapping[str, str], name: str) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise DirectoryConfigError(f"{name}: expected a number of seconds, got {raw!r}") from None
    if not 0 < value <= 300:
        raise DirectoryConfigError(f"{name}: expected between 0 and 300 seconds, got {raw!r}")
    return value


def _check_config(config: DirectoryConfig) -> None:
    """Refuse settings that could never sign anyone in, naming the variable to fix."""
    import ldap.dn

    if not config.url.lower().startswith(("ldap://", "ldaps://", "ldapi://")):
        raise DirectoryConfigError(f"KHLANG_LDAP_URL: expected ldap://, ldaps:// or ldapi://, got {config.url!r}")
    if not config.base_dn or not ldap.dn.is_dn(config.base_dn):
        raise DirectoryConfigError(f"KHLANG_LDAP_BASE_DN: a DN such as dc=pwo,dc=example is required, "
                                   f"got {config.base_dn!r}")
    if config.bind_dn and not ldap.dn.is_dn(config.bind_dn):
        raise DirectoryConfigError(f"KHLANG_LDAP_BIND_DN: not a DN: {config.bind_dn!r}")
    if config.bind_dn and not config.bind_password:
        raise DirectoryConfigError("KHLANG_LDAP_BIND_PASSWORD: required with KHLANG_LDAP_BIND_DN")
    if "{username}" not in config.user_filter or not _balanced(config.user_filter):
        raise DirectoryConfigError(f"KHLANG_LDAP_USER_FILTER: a filter in parentheses with {{username}}, "
                                   f"such as (sAMAccountName={{username}}), got {config.user_filter!r}")
    if config.disabled_filter is not None and not _balanced(config.disabled_filter):
        raise DirectoryConfigError(f"KHLANG_LDAP_DISABLED_FILTER: not a filter in parentheses: "
                                   f"{config.disabled_filter!r}")
    if config.starttls and config.url.lower().startswith("ldaps://"):
        raise DirectoryConfigError("KHLANG_LDAP_STARTTLS: ldaps:// is already encrypted; use ldap:// with STARTTLS")


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and text.startswith("(") and text.endswith(")")


def user_filter(config: DirectoryConfig, username: str) -> str:
    """The search filter for one username, its value escaped (RFC 4515) so it cannot change the filter."""
    from ldap.filter import escape_filter_chars

    return config.user_filter.replace("{username}", escape_filter_chars(username))


def authenticate(config: DirectoryConfig, username: str, password: str) -> DirectoryUser | None:
    """The directory's account for these credentials, or None (wrong password, unknown user, disabled)."""
    if not username or not username.strip() or not password or "\x00" in username + password:
        return None
    import ldap

    conn = _connect(config)
    try:
        _bind_for_search(conn, config)
        found = _find(conn, config, username)
        if found is None:
            return None
        dn, attrs = found
        if _disabled(conn, config, dn):
            log.info("directory sign-in refused: account disabled in the directory")
            return None
        person = _first(attrs, config.person_attr)
        if not person:
            log.warning("directory account has no %s: it cannot be tied to a person", config.person_attr)
            return None
        if not _password_accepted(conn, dn, password):
            return None
        return DirectoryUser(username=username, person=person, dn=dn, email=_first(attrs, config.email_attr))
    except (ldap.SERVER_DOWN, ldap.TIMEOUT, ldap.CONNECT_ERROR) as exc:
        raise DirectoryUnavailable(f"the directory at {config.url} cannot be reached: {_reason(exc)}") from None
    except ldap.LDAPError as exc:
        raise DirectoryUnavailable(f"the directory at {config.url} refused the request: {_reason(exc)}") from None
    finally:
        _close(conn)


def _connect(config: DirectoryConfig):
    """A connection with timeouts, no referral chasing (AD's referrals would rebind anonymously), TLS checked."""
    import ldap

    try:
        conn = ldap.initialize(config.url, bytes_mode=False)
    except ldap.LDAPError as exc:
        raise DirectoryUnavailable(f"KHLANG_LDAP_URL {config.url}: {_reason(exc)}") from None
    conn.set_option(ldap.OPT_PROTOCOL_VERSION, ldap.VERSION3)
    conn.set_option(ldap.OPT_REFERRALS, 0)
    conn.set_option(ldap.OPT_NETWORK_TIMEOUT, config.timeout)
    conn.set_option(ldap.OPT_TIMEOUT, config.timeout)
    conn.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND)
    if config.ca_file:
        conn.set_option(ldap.OPT_X_TLS_CACERTFILE, config.ca_file)
    conn.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
    if config.starttls:
        try:
            conn.start_tls_s()
        except ldap.LDAPError as exc:
            _close(conn)
            raise DirectoryUnavailable(f"STARTTLS with {config.url} failed: {_reason(exc)}") from None
    return conn


def _bind_for_search(conn: LDAPObject, config: DirectoryConfig) -> None:
    """Bind as the service account (or stay anonymous); a refused service account is a configuration fault."""
    import ldap

    if not config.bind_dn:
        conn.simple_bind_s("", "")
        return
    try:
        conn.simple_bind_s(config.bind_dn, config.bind_password or "")
    except ldap.INVALID_CREDENTIALS:
        raise DirectoryUnavailable("the directory refused the service account KHLANG_LDAP_BIND_DN "
                                   "(check KHLANG_LDAP_BIND_PASSWORD)") from None


def _find(conn: LDAPObject, config: DirectoryConfig, username: str) -> tuple[str, dict] | None:
    """The one entry the filter finds; none or several (an ambiguous filter) is a refusal."""
    import ldap

    attrs = [config.person_attr, config.email_attr]
    try:
        results = conn.search_ext_s(config.base_dn, ldap.SCOPE_SUBTREE, user_filter(config, username), attrs,
                                    timeout=config.timeout, sizelimit=2)
    except ldap.SIZELIMIT_EXCEEDED:
        log.warning("directory sign-in refused: KHLANG_LDAP_USER_FILTER matches several accounts")
        return None
    except ldap.NO_SUCH_OBJECT:
        raise DirectoryUnavailable(f"KHLANG_LDAP_BASE_DN {config.base_dn} does not exist in the directory") from None
    entries = [(dn, attrs) for dn, attrs in results if dn]  # AD adds referrals as entries without a DN
    if len(entries) != 1:
        if len(entries) > 1:
            log.warning("directory sign-in refused: KHLANG_LDAP_USER_FILTER matches several accounts")
        return None
    return entries[0]


def _disabled(conn: LDAPObject, config: DirectoryConfig, dn: str) -> bool:
    """True when the account's own entry matches the disabled filter."""
    import ldap

    if not config.disabled_filter:
        return False
    try:
        hits = conn.search_ext_s(dn, ldap.SCOPE_BASE, config.disabled_filter, ["1.1"], timeout=config.timeout)
    except ldap.NO_SUCH_OBJECT:
        return True
    except (ldap.FILTER_ERROR, ldap.PROTOCOL_ERROR):
        raise DirectoryUnavailable("the directory rejected KHLANG_LDAP_DISABLED_FILTER") from None
    return any(hit_dn for hit_dn, _attrs in hits)


def _password_accepted(conn: LDAPObject, dn: str, password: str) -> bool:
    """Bind as the account itself; only the server's yes counts."""
    import ldap

    try:
        conn.simple_bind_s(dn, password)
    except ldap.INVALID_CREDENTIALS:
        return False
    except (ldap.UNWILLING_TO_PERFORM, ldap.INAPPROPRIATE_AUTH, ldap.CONSTRAINT_VIOLATION):
        return False  # e.g. AD's "account disabled/expired/locked" answers, OpenLDAP's ppolicy lock
    return True


def _first(attrs: dict, name: str) -> str | None:
    for key, values in attrs.items():
        if key.lower() == name.lower() and values:
            return values[0].decode("utf-8", errors="replace").strip() or None
    return None


def _reason(exc: Exception) -> str:
    info = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
    parts = [str(info.get("desc", "")).strip(), str(info.get("info", "")).strip()]
    return "; ".join(part for part in parts if part) or type(exc).__name__


def _close(conn: LDAPObject) -> None:
    with contextlib.suppress(Exception):  # closing a dead connection must not hide the real error
        conn.unbind_s()
