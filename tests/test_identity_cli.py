"""The CLI's identity: bootstrap of the first administrator, users commands, login/logout/whoami with a
0600 token file, writes refused without credentials, on-behalf-of, demo accounts — SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import stat

import pytest

from khlang.cli import main

PASSWORD = "a long admin password"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def env(khlang_env, store_url, monkeypatch):
    """An installation whose store is SQLite or PostgreSQL; nobody signed in."""
    monkeypatch.setenv("KHLANG_STORE_URL", store_url)
    monkeypatch.delenv("KHLANG_TOKEN", raising=False)
    monkeypatch.delenv("KHLANG_LDAP_URL", raising=False)
    return khlang_env


def password_file(tmp_path, text=PASSWORD):
    path = tmp_path / "pw.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def prompts(monkeypatch, *answers):
    """Answers for getpass (and input) in order, as a person at a terminal would type them."""
    queue = list(answers)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": queue.pop(0))
    monkeypatch.setattr("builtins.input", lambda prompt="": queue.pop(0))


def test_first_admin_login_whoami_and_logout(capsys, env, tmp_path, monkeypatch):
    code, _, err = run(capsys, "users", "add", "chaiwat", "--person", "p06", "--password-file", password_file(tmp_path))
    assert code == 3 and "no administrator account yet" in err
    code, out, err = run(capsys, "users", "add", "nattapon", "--person", "p14", "--password-file",
                         password_file(tmp_path))
    assert code == 0 and "the first administrator" in out, err
    code, _, err = run(capsys, "users", "add", "chaiwat", "--person", "p06", "--password-file", password_file(tmp_path))
    assert code == 3 and "not signed in" in err, "once an administrator exists, adding needs their token"

    prompts(monkeypatch, "nattapon", "wrong password here")
    code, out, err = run(capsys, "login")
    assert code == 3 and "sign-in failed" in err and "wrong password here" not in out + err
    prompts(monkeypatch, "nattapon", PASSWORD)
    code, out, err = run(capsys, "login")
    assert code == 0 and "signed in as nattapon" in out, err
    assert PASSWORD not in out + err
    [token_path] = (env / "var" / "tokens").iterdir()
    assert stat.S_IMODE(token_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(token_path.parent.stat().st_mode) == 0o700
    code, out, _ = run(capsys, "whoami", "--format", "json")
    me = json.loads(out)
    assert (me["username"], me["person"], me["roles"], me["channel"]) == ("nattapon", "p14", ["admin"], "cli")

    prompts(monkeypatch, "another long password", "another long password")
    code, out, err = run(capsys, "users", "add", "chaiwat", "--person", "p06", "--role", "dt_analyst")
    assert code == 0, err
    prompts(monkeypatch, "one long password", "a different password")
    code, _, err = run(capsys, "users", "reset-password", "chaiwat")
    assert code == 2 and "differ" in err
    code, out, _ = run(capsys, "users", "list", "--format", "json")
    assert [(u["username"], u["roles"], u["declared_roles"], u["active"]) for u in json.loads(out)] == [
        ("chaiwat", ["dt_analyst"], [], True), ("nattapon", [], ["admin"], True)]

    code, out, _ = run(capsys, "logout")
    assert code == 0 and "revoked" in out and not token_path.exists()
    code, _, err = run(capsys, "whoami")
    assert code == 3 and "not signed in: run `khlang login`" in err


def test_tokens_disable_and_one_word_commands(capsys, env, tmp_path, monkeypatch, login):
    login("p14")
    prompts(monkeypatch, "a steward's password", "a steward's password")
    assert run(capsys, "users", "add", "chaiwat", "--person", "p06")[0] == 0
    code, out, err = run(capsys, "users", "token", "chaiwat", "--label", "script")
    token = out.strip()
    assert code == 0 and token.startswith("khl_") and "shown only now" in err
    monkeypatch.setenv("KHLANG_TOKEN", token)
    assert json.loads(run(capsys, "whoami", "--format", "json")[1])["person"] == "p06"
    code, _, err = run(capsys, "users", "disable", "nattapon")
    assert code == 3 and "may not manage accounts" in err
    login("p14")
    code, out, _ = run(capsys, "users", "disable", "chaiwat", "--note", "ย้ายหน่วยงาน")
    assert code == 0 and "1 token(s) revoked" in out
    monkeypatch.setenv("KHLANG_TOKEN", token)
    code, _, err = run(capsys, "whoami")
    assert code == 3 and "not valid" in err
    monkeypatch.setenv("KHLANG_TOKEN", "khl_guessed")
    assert run(capsys, "whoami")[0] == 3


def test_cli_writes_take_the_actor_from_the_token_and_admins_record_on_behalf(capsys, env, login):
    args = ["issues", "open", "--category", "low_data_quality", "--severity", "high", "--dataset", "warehouses",
            "--title", "พิกัดคลังสินค้าผิด", "--on", "2569-11-01", "--format", "json"]
    code, _, err = run(capsys, *args)
    assert code == 3 and "not signed in" in err
    login("p06")
    code, out, err = run(capsys, *args)
    assert code == 0, err
    iid = str(json.loads(out)["id"])
    login("p04")
    code, _, err = run(capsys, "issues", "ack", iid, "--on", "2569-11-02")
    assert code == 3 and "ไม่มีสิทธิ์" in err and "may not take an issue up on issue" in err
    login("p14")
    code, _, err = run(capsys, "issues", "ack", iid, "--on", "2569-11-02", "--on-behalf-of", "p06")
    assert code == 3 and "--reason" in err
    code, _, err = run(capsys, "issues", "ack", iid, "--on", "2569-11-02", "--reason", "x")
    assert code == 2 and "--reason goes with --on-behalf-of" in err
    code, _, err = run(capsys, "issues", "ack", iid, "--on", "2569-11-02", "--on-behalf-of", "ชัยวัฒน์ ปัญญาดี",
                       "--reason", "แบบฟอร์มกระดาษลงนามโดยผู้ดูแลข้อมูล")
    assert code == 0, err
    shown = json.loads(run(capsys, "issues", "show", iid, "--format", "json")[1])
    ack = shown["events"][-1]
    assert (ack["type"], ack["actor"], ack["data"]["recorded_by"], ack["data"]["on_behalf_of"]) == (
        "acknowledged", "p06", "p14", "p06")
    from khlang.config import settings
    from khlang.identity.audit import audit_entries
    from khlang.store import open_store

    store = open_store(settings().store_url)
    with store.reading() as s:
        row = audit_entries(s, action="issue.ack")[0]
        opened = audit_entries(s, action="issue.open")[0]
    store.close()
    assert (row.person, row.on_behalf_of, row.channel, row.reason) == (
        "p14", "p06", "cli", "แบบฟอร์มกระดาษลงนามโดยผู้ดูแลข้อมูล")
    assert row.address and "@" in row.address, "os-user@host"
    assert (opened.person, opened.username) == ("p06", "user-p06")


def test_demo_accounts_file_is_private_and_its_passwords_sign_in(capsys, env, tmp_path):
    out_file = env / "var" / "demo-accounts.txt"
    code, out, err = run(capsys, "users", "demo-accounts", "--out", str(out_file))
    assert code == 0, err
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    rows = [line.split("\t") for line in out_file.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")]
    names = [r[0] for r in rows]
    assert names[0] == "nattapon", "the administrator is made first (the bootstrap), then everyone else"
    assert set(names) == {"porntip", "weerapong", "sunanta", "thanakorn", "wanna", "chaiwat", "kamonchanok",
                          "sombat", "surachet", "piyanuch", "anucha", "ratchanee", "nattapon", "khlang-scheduler"}
    assert "prasert" not in names, "no account for someone who has left"
    assert all(r[4] not in out for r in rows), "passwords go to the file only"
    secrets = {r[0]: r[4] for r in rows}

    from khlang.config import settings
    from khlang.declarations import load_catalog
    from khlang.identity.signin import sign_in
    from khlang.store import open_store

    catalog, store = load_catalog(settings().catalog_dir), open_store(settings().store_url)
    director = sign_in(store, catalog, "surachet", secrets["surachet"])
    assert (director.person, "director" in director.roles) == ("p10", True)
    store.close()
    code, out, _ = run(capsys, "users", "demo-accounts", "--out", str(out_file), "--unless-made")
    assert code == 0 and "already made" in out
    os.environ["KHLANG_TOKEN"] = secrets["khlang-scheduler"].removeprefix("token=")
    try:
        code, out, err = run(capsys, "issues", "sync", "--as-of", "2569-11-25", "--format", "json")
        assert code == 0, err
        assert json.loads(run(capsys, "whoami", "--format", "json")[1])["roles"] == ["scheduler"]
    finally:
        del os.environ["KHLANG_TOKEN"]
