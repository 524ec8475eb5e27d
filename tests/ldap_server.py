"""A real OpenLDAP server (Debian's slapd) for the directory sign-in tests: a temp folder, a free port, stopped after.

The directory is shaped like อคส.'s would be: people under ou=people with `employeeNumber` holding the person
id of catalog/organisation.yaml, a read-only service account, passwords stored as {SSHA}, an account locked by
OpenLDAP's password policy (pwdAccountLockedTime) and Active Directory-style accounts (sAMAccountName,
userPrincipalName, userAccountControl with its ACCOUNTDISABLE bit) from a small schema with AD's own OIDs.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SLAPD = Path(os.environ.get("KHLANG_TEST_SLAPD", "/usr/sbin/slapd"))
SLAPADD = Path(os.environ.get("KHLANG_TEST_SLAPADD", "/usr/sbin/slapadd"))
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")

BASE_DN = "dc=pwo,dc=example"
ADMIN_DN = f"cn=admin,{BASE_DN}"
SERVICE_DN = f"cn=khlang-svc,ou=services,{BASE_DN}"
SERVICE_PASSWORD = "svc-ตรวจสอบ-2569"

# username, person id (organisation.yaml), password, mail, extra attributes
PEOPLE = [
    ("porntip", "p01", "Porntip#2569", "porntip.s@pwo.example.go.th", {}),
    ("chaiwat", "p06", "รหัสผ่าน-ชัยวัฒน์", "chaiwat.p@pwo.example.go.th", {}),
    ("thanakorn", "p04", "Thanakorn!db", "thanakorn.b@pwo.example.go.th", {}),
    # locked by the password policy overlay: the bind itself would still succeed without a policy
    ("prasert", "p09", "Prasert-left", "prasert.w@pwo.example.go.th", {"pwdAccountLockedTime": "000001010000Z"}),
    # Active Directory-shaped accounts: sign in by sAMAccountName or userPrincipalName
    ("sombat", "p08", "Sombat$ad", "sombat.c@pwo.example.go.th",
     {"objectClass": "khlangTestAdUser", "sAMAccountName": "sombat.c", "userPrincipalName": "sombat.c@pwo.local",
      "userAccountControl": "512"}),
    ("wanna", "p05", "Wanna$ad", "wanna.c@pwo.example.go.th",
     {"objectClass": "khlangTestAdUser", "sAMAccountName": "wanna.c", "userPrincipalName": "wanna.c@pwo.local",
      "userAccountControl": "514"}),  # 512 NORMAL_ACCOUNT + 2 ACCOUNTDISABLE
    # in the directory but without the person-id attribute: cannot be tied to a person
    ("visitor", None, "Visitor-1", "visitor@pwo.example.go.th", {}),
]

# Active Directory's attribute OIDs (1.2.840.113556.1.4.*), so filters written for AD run unchanged here.
AD_SCHEMA = """
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName'
  EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.4203.666.11.99.1 NAME 'khlangTestAdUser' AUXILIARY
  MAY ( userAccountControl $ sAMAccountName $ userPrincipalName ) )
"""


def ssha(password: str) -> str:
    """OpenLDAP's salted SHA-1 ({SSHA}), the scheme slappasswd writes by default."""
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode("utf-8") + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode("ascii")


def free_port() -> int:
    """A port the kernel says is free right now (slapd cannot bind port 0 and report it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LdapServer:
    """A running slapd and what the tests need to talk to it."""

    folder: Path
    port: int
    tls_port: int | None = None
    ca_file: Path | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    def passwords(self) -> dict[str, str]:
        return {username: password for username, _pid, password, _mail, _extra in PEOPLE}

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _ldif() -> str:
    entries = [
        f"dn: {BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\ndc: pwo\no: PWO",
        f"dn: ou=people,{BASE_DN}\nobjectClass: organizationalUnit\nou: people",
        f"dn: ou=services,{BASE_DN}\nobjectClass: organizationalUnit\nou: services",
        (f"dn: {SERVICE_DN}\nobjectClass: simpleSecurityObject\nobjectClass: organizationalRole\ncn: khlang-svc\n"
         f"userPassword: {ssha(SERVICE_PASSWORD)}"),
    ]
    for username, person, password, mail, extra in PEOPLE:
        extra = dict(extra)
        classes = ["inetOrgPerson", *([extra.pop("objectClass")] if "objectClass" in extra else [])]
        lines = [f"dn: uid={username},ou=people,{BASE_DN}", *(f"objectClass: {c}" for c in classes),
                 f"uid: {username}", f"cn: {username}", f"sn: {username}", f"mail: {mail}",
                 f"userPassword: {ssha(password)}"]
        if person:
            lines.append(f"employeeNumber: {person}")
        lines += [f"{key}: {value}" for key, value in extra.items()]
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + "\n"


def _config(folder: Path, tls: tuple[Path, Path] | None) -> str:
    schemas = [SCHEMA_DIR / f"{name}.schema" for name in ("core", "cosine", "inetorgperson")]
    lines = [f"include {path}" for path in (*schemas, folder / "ad.schema")]
    lines += [
        f"modulepath {MODULE_DIR}", "moduleload back_mdb", "moduleload ppolicy",
        f"pidfile {folder / 'slapd.pid'}", f"argsfile {folder / 'slapd.args'}",
        # a permissive directory, as many are: a DN with an empty password binds as anonymous and "succeeds"
        "allow bind_anon_dn",
    ]
    if tls:
        lines += [f"TLSCertificateFile {tls[0]}", f"TLSCertificateKeyFile {tls[1]}"]
    lines += [
        "database mdb", "maxsize 10485760", f'suffix "{BASE_DN}"', f'rootdn "{ADMIN_DN}"',
        f"rootpw {ssha('admin-secret')}", f"directory {folder / 'db'}",
        "overlay ppolicy",
        "access to attrs=userPassword by self write by anonymous auth by * none",
        "access to * by * read",
    ]
    return "\n".join(lines) + "\n"


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A throw-away certificate for 127.0.0.1 (the tests' CA file is the certificate itself)."""
    cert, key = folder / "server.crt", folder / "server.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def _wait_until_listening(port: int, process: subprocess.Popen, log: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"slapd exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"slapd did not listen on {port} within {timeout} s")


def start_slapd(folder: Path, *, tls: bool = True, attempts: int = 5) -> LdapServer:
    """Write the configuration and data, load them with slapadd, start slapd on a free port."""
    if not SLAPD.exists():
        pytest.fail(f"{SLAPD} is required (scripts/system-deps.sh installs slapd)")
    (folder / "db").mkdir(parents=True)
    (folder / "ad.schema").write_text(AD_SCHEMA)
    certificate = _self_signed(folder) if tls and shutil.which("openssl") else None
    conf = folder / "slapd.conf"
    conf.write_text(_config(folder, certificate))
    (folder / "data.ldif").write_text(_ldif(), encoding="utf-8")
    loaded = subprocess.run([str(SLAPADD), "-q", "-f", str(conf), "-l", str(folder / "data.ldif")],
                            capture_output=True, text=True, check=False)
    if loaded.returncode:
        raise RuntimeError(f"slapadd failed: {loaded.stderr}")
    last: Exception | None = None
    for _ in range(attempts):  # another process may take the port between free_port() and slapd's bind
        port = free_port()
        log = folder / "slapd.log"
        with log.open("wb") as out:
            process = subprocess.Popen([str(SLAPD), "-f", str(conf), "-h", f"ldap://127.0.0.1:{port}/", "-d", "0"],
                                       stdout=out, stderr=subprocess.STDOUT)
        server = LdapServer(folder, port, ca_file=certificate[0] if certificate else None, process=process)
        try:
            _wait_until_listening(port, process, log)
            return server
        except RuntimeError as exc:
            server.stop()
            last = exc
    raise RuntimeError(f"slapd did not start: {last}")


@pytest.fixture(scope="session", name="ldap_server")
def ldap_server_fixture(tmp_path_factory) -> LdapServer:
    """One slapd for the whole test session, stopped at its end."""
    server = start_slapd(tmp_path_factory.mktemp("slapd"))
    yield server
    server.stop()
