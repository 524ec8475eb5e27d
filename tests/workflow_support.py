"""Signed-in people for CLI tests: accounts and API tokens made through khlang.identity, then KHLANG_TOKEN."""

from __future__ import annotations

import json

from khlang.cli import main

PASSWORD = "correct horse battery staple"
USERNAMES = {"p01": "porntip", "p02": "weerapong", "p03": "sunanta", "p04": "thanakorn", "p05": "wanna",
             "p06": "chaiwat", "p07": "kamonchanok", "p08": "sombat", "p10": "surachet", "p11": "piyanuch",
             "p12": "anucha", "p13": "ratchanee", "p14": "nattapon"}


def tokens_for(store_url: str, catalog_dir, people: list[str]) -> dict[str, str]:
    """An account and a token for each person (the administrator p14 creates them), by person id."""
    from khlang.declarations import load_catalog
    from khlang.identity.accounts import add_user, issue_token
    from khlang.identity.cli import bootstrap_actor
    from khlang.identity.signin import sign_in
    from khlang.store import open_store

    catalog = load_catalog(catalog_dir)
    store = open_store(store_url)
    try:
        add_user(store, catalog, bootstrap_actor(), USERNAMES["p14"], "p14", [], PASSWORD)
        admin = sign_in(store, catalog, USERNAMES["p14"], PASSWORD, "127.0.0.1")
        out = {}
        for pid in people:
            if pid != "p14":
                add_user(store, catalog, admin, USERNAMES[pid], pid, [], PASSWORD)
            out[pid] = issue_token(store, admin, USERNAMES[pid], "test", catalog=catalog)
        return out
    finally:
        store.close()


class Cli:
    """Run `khlang …` as one person (their token in KHLANG_TOKEN) and read exit code, stdout, stderr."""

    def __init__(self, capsys, monkeypatch, tokens: dict[str, str]):
        self.capsys, self.monkeypatch, self.tokens = capsys, monkeypatch, tokens

    def __call__(self, pid: str | None, *argv: str) -> tuple[int, str, str]:
        if pid is None:
            self.monkeypatch.delenv("KHLANG_TOKEN", raising=False)
        else:
            self.monkeypatch.setenv("KHLANG_TOKEN", self.tokens[pid])
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, pid: str | None, *argv: str):
        code, out, err = self(pid, *argv, "--format", "json")
        assert code == 0, err
        return json.loads(out)
