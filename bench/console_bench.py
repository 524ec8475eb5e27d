"""Benchmark: the console's page times with 10,000 open issues in the store (target: median < 200 ms).

Seeds a store from the generated sample (quality run, catalogue sync, issues sync), adds --issues open
issues on the owner's dataset, starts uvicorn on a free 127.0.0.1 port and times "My work" and the
dataset page as the dataset's owner, over HTTP with a signed-in session. Prints JSON.

    python bench/console_bench.py [--issues 10000] [--rounds 30] [--rows 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def add_issues(store_url: str, count: int, dataset: str) -> None:
    """`count` open issues (each with its 'opened' event) on one dataset, in one bulk transaction."""
    from sqlalchemy import insert

    from khlang.config import settings
    from khlang.dates import utcnow
    from khlang.declarations import load_catalog
    from khlang.governance.people import assignees
    from khlang.governance.records import Issue, IssueEvent
    from khlang.governance.vocabulary import collect_due, rca_due
    from khlang.store import open_store

    catalog = load_catalog(settings().catalog_dir)
    store = open_store(store_url)
    people, now = assignees(catalog, dataset), utcnow()
    with store.transaction() as session:
        first = session.execute(insert(Issue).returning(Issue.id), [dict(
            fingerprint=f"bench-{i:06d}", source="manual", origin_kind="manual", code="manual",
            category="low_data_quality", dataset=dataset, column=None, unit="WHS", dimension=None,
            title=f"ประเด็นทดสอบ #{i}", detail="bench", severity=("low", "medium", "high")[i % 3], weight=1.0,
            status="open" if i % 2 else "rca_in_progress", cycle=1, assignees=people,
            opened_on=(day := dt.date(2026, 1, 1) + dt.timedelta(days=i % 330)), cycle_opened_on=day,
            collect_due=collect_due(day), rca_due=rca_due(day), escalation_level=0, created_by="khlang",
            created_at=now, updated_at=now) for i in range(count)]).scalars().all()
        session.execute(insert(IssueEvent), [dict(issue_id=iid, type="opened", from_status=None, to_status="open",
                                                  on=dt.date(2026, 1, 1), at=now, actor="khlang", note="bench",
                                                  data={"cycle": 1}) for iid in first])
    store.close()


def timed(client, url: str, rounds: int) -> dict:
    """Median, p90 and max of `rounds` GETs after one warm-up (which fills the examples cache)."""
    assert client.get(url).status_code == 200
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    times.sort()
    return {"median_ms": round(statistics.median(times), 1), "p90_ms": round(times[int(len(times) * 0.9) - 1], 1),
            "max_ms": round(times[-1], 1), "rounds": rounds, "bytes": len(r.content)}


def main() -> None:
    import console_support as cs
    import httpx
    import pytest

    from khlang.sample import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="khlang-console-bench-"))
    generate(root / "data", rows=args.rows, seed=2569)
    with pytest.MonkeyPatch.context() as mp:
        inst = cs.full(root / "home", root / "data", mp)
        add_issues(inst.store_url, args.issues, "depositors")
        with cs.Server() as server, httpx.Client(base_url=server.url, follow_redirects=False) as client:
            form = client.get("/sign-in")
            token = re.search(r'name="signin_token" value="([^"]+)"', form.text).group(1)
            assert client.post("/sign-in", data={"signin_token": token, "username": "porntip",
                                                 "password": cs.password_of("porntip")}).status_code == 303
            result = {"open_issues": args.issues, "as": "porntip (owner of depositors)",
                      "my_work": timed(client, "/", args.rounds),
                      "dataset_page": timed(client, "/datasets/depositors", args.rounds),
                      "issue_list": timed(client, "/issues?mine=true", args.rounds)}
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
