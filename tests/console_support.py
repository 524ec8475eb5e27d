"""A seeded Khlang installation and a real uvicorn serving the console, for the console's tests.

The store is filled the way production fills it (quality run, catalogue sync, issues sync over the
generated sample), then demo accounts are made for the sample organisation's people.
"""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2569-11-25"
PEOPLE = {"porntip": "p01", "weerapong": "p02", "sunanta": "p03", "thanakorn": "p04", "wanna": "p05",
          "chaiwat": "p06", "kamonchanok": "p07", "sombat": "p08", "surachet": "p10", "piyanuch": "p11",
          "anucha": "p12", "ratchanee": "p13", "nattapon": "p14"}


def password_of(username: str) -> str:
    """Each test account's password (long enough for the strength rule)."""
    return f"Khlang-test-{username}-2569!"


@dataclass
class Installation:
    """A home folder, its environment, its store URL, and the API tokens of its people."""

    home: Path
    env: dict[str, str]
    store_url: str
    tokens: dict[str, str] = field(default_factory=dict)


def environment(home: Path, sample_dir: Path, store_url: str | None = None) -> dict[str, str]:
    """The variables of an installation in `home` (the repo's catalogue copied there)."""
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "catalog").exists():
        shutil.copytree(REPO / "catalog", home / "catalog")
        shutil.copytree(REPO / "expectations", home / "expectations")
    env = {"KHLANG_HOME": str(home), "KHLANG_DATA_DIR": str(sample_dir), "KHLANG_VAR_DIR": str(home / "var"),
           "KHLANG_REPORTS_DIR": str(home / "reports"), "KHLANG_LINEAGE_DIR": str(home / "lineage"),
           "KHLANG_STORE_URL": store_url or f"sqlite:///{home / 'var' / 'khlang.db'}"}
    return env


def apply(env: dict[str, str], mp) -> None:  # noqa: ANN001 - a pytest MonkeyPatch
    """Point this process at the installation (undone when the MonkeyPatch context ends)."""
    for key, value in env.items():
        mp.setenv(key, value)
    for var in ("KHLANG_CATALOG_DIR", "KHLANG_EXPECTATIONS_DIR", "KHLANG_TOKEN", "KHLANG_AIRFLOW_URL"):
        mp.delenv(var, raising=False)


def light(home: Path, sample_dir: Path, mp, store_url: str | None = None) -> Installation:  # noqa: ANN001
    """Accounts and hand-raised issues only (seconds): for API and fuzz tests, on SQLite or PostgreSQL."""
    env = environment(home, sample_dir, store_url)
    apply(env, mp)
    inst = Installation(home, env, env["KHLANG_STORE_URL"])
    inst.tokens = add_accounts(inst.store_url)
    return inst


def full(home: Path, sample_dir: Path, mp) -> Installation:  # noqa: ANN001
    """The sample run through quality, catalogue and issues sync, then accounts (what production has)."""
    import contextlib
    import io

    from khlang.cli import main

    env = environment(home, sample_dir)
    apply(env, mp)
    for argv in (["quality", "run", "--run-key", "q1", "--format", "json"],
                 ["catalog", "sync", "--run-key", "c1", "--as-of", AS_OF, "--format", "json"]):
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(argv)
        assert code == 0, f"khlang {' '.join(argv)} failed"
    from khlang.dates import parse_date
    from khlang.governance.service import sync

    sync("i1", parse_date(AS_OF))  # what the khlang_issues DAG runs, as the scheduler
    inst = Installation(home, env, env["KHLANG_STORE_URL"])
    inst.tokens = add_accounts(inst.store_url)
    return inst


def raise_issue(inst: Installation, username: str, title: str, dataset: str | None = None,
                unit: str | None = None, on: str = AS_OF) -> int:
    """A hand-raised issue (as the committee raises one), by one of the test accounts."""
    from khlang.config import settings
    from khlang.dates import parse_date
    from khlang.declarations import load_catalog
    from khlang.governance.lifecycle import open_by_hand
    from khlang.identity import actor_for
    from khlang.store import open_store

    catalog = load_catalog(settings().catalog_dir)
    store = open_store(inst.store_url)
    try:
        actor = actor_for(catalog, PEOPLE[username], username, [], "cli", "test")
        return open_by_hand(catalog, store, actor=actor, category="low_data_quality", title=title,
                            severity="high", on=parse_date(on), dataset=dataset, unit=unit,
                            detail=f"{title} (raised by the tests)")
    finally:
        store.close()


def add_accounts(store_url: str) -> dict[str, str]:
    """An account for each person of PEOPLE (the administrator first), and one API token each."""
    from khlang.config import settings
    from khlang.declarations import load_catalog
    from khlang.identity import actor_for
    from khlang.identity.accounts import add_user, issue_token
    from khlang.store import open_store

    catalog = load_catalog(settings().catalog_dir)
    store = open_store(store_url)
    admin = actor_for(catalog, "p14", "nattapon", ["admin"], "cli", "test")
    add_user(store, catalog, admin, "nattapon", "p14", ["admin"], password_of("nattapon"))
    tokens = {}
    for username, person in PEOPLE.items():
        if username != "nattapon":
            add_user(store, catalog, admin, username, person, [], password_of(username))
        own = actor_for(catalog, person, username, [], "cli", "test")
        tokens[username] = issue_token(store, own, username, "tests")
    store.close()
    return tokens


class Server:
    """uvicorn serving create_app() on a free 127.0.0.1 port, in a thread of the test process."""

    def __init__(self, proxy_headers: bool = False) -> None:
        import uvicorn

        from khlang.console import ConsoleSettings, create_app

        self.app = create_app(ConsoleSettings.from_env(proxy_headers=proxy_headers))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


def today() -> dt.date:
    from khlang.dates import today_bangkok

    return today_bangkok()


def signed_in_client(app, username: str):  # noqa: ANN001, ANN201 - a FastAPI app; a starlette TestClient
    """A test client of `app` signed in as `username` through the sign-in form (session cookie set)."""
    import re

    from fastapi.testclient import TestClient

    c = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    form = c.get("/sign-in")
    token = re.search(r'name="signin_token" value="([^"]+)"', form.text).group(1)
    r = c.post("/sign-in", data={"signin_token": token, "username": username, "password": password_of(username)})
    assert r.status_code == 303
    return c


def csrf(page_text: str) -> str:
    """The CSRF token of the first form of a page."""
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', page_text).group(1)
