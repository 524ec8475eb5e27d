"""Run the CLI as one signed-in person at a time (tokens from identity_support), for the workflow tests."""

from __future__ import annotations

import json

from identity_support import token_for

from khlang.cli import main


class Cli:
    """`cli(pid, *argv)` runs `khlang …` with that person's token in KHLANG_TOKEN (None: nobody signed in)."""

    def __init__(self, capsys, monkeypatch):
        self.capsys, self.monkeypatch = capsys, monkeypatch
        self.tokens: dict[str, str] = {}

    def sign_in(self, *pids: str) -> None:
        """Make the accounts and tokens now (each is audited), before a test counts audit rows."""
        for pid in pids:
            self.tokens[pid] = token_for(pid)

    def __call__(self, pid: str | None, *argv: str) -> tuple[int, str, str]:
        if pid is None:
            self.monkeypatch.delenv("KHLANG_TOKEN", raising=False)
        else:
            if pid not in self.tokens:
                self.tokens[pid] = token_for(pid)
            self.monkeypatch.setenv("KHLANG_TOKEN", self.tokens[pid])
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, pid: str | None, *argv: str):
        code, out, err = self(pid, *argv, "--format", "json")
        assert code == 0, err
        return json.loads(out)
