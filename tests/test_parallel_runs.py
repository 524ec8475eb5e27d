"""N processes writing the same run key at once (an Airflow retry overlapping a zombie attempt):
every one succeeds and the store keeps one copy of each run — on PostgreSQL and on SQLite.

The writers are the library functions the commands call, forked from this process (no CLI start-up
each), with a barrier before each step so they really collide.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import traceback

import pytest
from sqlalchemy import func, select

RUN = "scheduled__2026-11-25T02:00:00+00:00"
AS_OF = dt.date(2026, 11, 25)


@pytest.fixture
def prepared(khlang_env):
    """The repo's catalogue over the 20k-row sample, harvested once here (the children only write)."""
    from khlang.catalog.sync import harvest
    from khlang.config import settings
    from khlang.declarations import load_catalog

    cfg = settings()
    catalog = load_catalog(cfg.catalog_dir)
    return catalog, harvest(catalog, cfg.data_dir)


def _results(catalog) -> list:  # noqa: ANN001
    from khlang.quality.results import CheckResult

    return [CheckResult(kind="expectation", dataset=name, check=f"{name}.not_null",
                        type="expect_column_values_to_not_be_null",
                        dimension="completeness", success=i % 2 == 0, element_count=100, unexpected_count=i % 2,
                        column="id") for i, name in enumerate(sorted(catalog.datasets)[:4])]


def _steps(catalog, harvested, url: str):  # noqa: ANN001, ANN202
    """Every run-keyed write of the project, as (name, function) pairs run one after the other."""
    from khlang.backup.declarations import load_backups
    from khlang.backup.evidence import record_verifications
    from khlang.backup.verify import verify
    from khlang.catalog.sync import sync
    from khlang.config import settings
    from khlang.declarations.systems import load_systems
    from khlang.governance.compliance import check_compliance
    from khlang.governance.policies import load_policies
    from khlang.governance.sync import sync_issues
    from khlang.linkage.runs import check_register, record_check
    from khlang.pir.reviews import open_due
    from khlang.quality.records import record
    from khlang.quality.scores import compute, store_scores
    from khlang.store.db import Store

    store = Store(url)
    results = _results(catalog)
    moment = dt.datetime(2026, 11, 25, 3, tzinfo=dt.UTC)
    linkage = check_register(catalog, store, AS_OF)
    verifications = [verify(t, moment) for t in load_backups(catalog)]
    policies, systems = load_policies(catalog), load_systems(catalog)
    return store, [
        ("catalog sync", lambda: sync(catalog, store, settings().data_dir, RUN, as_of=AS_OF, harvested=harvested)),
        ("quality record", lambda: record(store, RUN, results, moment, datasets=sorted(catalog.datasets))),
        ("quality scores", lambda: store_scores(store, RUN, compute(results), moment)),
        ("issues sync", lambda: sync_issues(catalog, store, RUN, AS_OF)),
        ("policy compliance", lambda: check_compliance(catalog, store, policies, RUN, AS_OF)),
        ("linkage check", lambda: record_check(store, linkage, RUN)),
        ("backup verification", lambda: record_verifications(store, RUN, verifications)),
        ("PIR opening", lambda: open_due(systems, store, AS_OF, RUN)),
    ]


def _writer(catalog, harvested, url, barrier, errors) -> None:  # noqa: ANN001
    """One child: every step, each started together with the other children."""
    try:
        store, steps = _steps(catalog, harvested, url)
        for name, step in steps:
            barrier.wait(timeout=300)
            try:
                step()
            except Exception:  # noqa: BLE001 - reported to the parent, which fails the test
                errors.put(f"{name}: {traceback.format_exc(limit=3)}")
        store.close()
    finally:
        os._exit(0)


def run_parallel(catalog, harvested, url: str, processes: int) -> list[str]:  # noqa: ANN001
    """Fork `processes` writers; the errors they hit (none expected)."""
    ctx = multiprocessing.get_context("fork")
    barrier, errors = ctx.Barrier(processes), ctx.Queue()
    children = [ctx.Process(target=_writer, args=(catalog, harvested, url, barrier, errors)) for _ in range(processes)]
    for c in children:
        c.start()
    for c in children:
        c.join(timeout=600)
    out = []
    while not errors.empty():
        out.append(errors.get())
    assert all(c.exitcode == 0 for c in children), [c.exitcode for c in children]
    return out


def assert_one_copy(url: str, catalog, harvested: int) -> None:  # noqa: ANN001
    """One copy of every run: the snapshot, quality runs and scores, compliance, linkage, backups, PIR, issues."""
    from khlang.backup.declarations import load_backups
    from khlang.backup.records import BackupVerification
    from khlang.governance.records import ComplianceRun, Issue, IssueEvent
    from khlang.linkage.records import LinkageCheck
    from khlang.pir.records import PirReview
    from khlang.quality.records import QualityRun, QualityScore
    from khlang.quality.scores import compute
    from khlang.store import open_store
    from khlang.store.models import CatalogSnapshot, DatasetSnapshot

    store = open_store(url)
    with store.reading() as s:
        def count(model, *where) -> int:  # noqa: ANN001
            return s.scalar(select(func.count()).select_from(model).where(*where))

        assert count(CatalogSnapshot, CatalogSnapshot.run_key == RUN) == 1
        assert count(DatasetSnapshot) == harvested
        assert count(QualityRun, QualityRun.run_key == RUN) == len(catalog.datasets)
        cells = sum(len(dims) for dims in compute(_results(catalog)).values())
        assert count(QualityScore, QualityScore.run_key == RUN) == cells
        assert count(ComplianceRun, ComplianceRun.run_key == RUN) == 1
        assert count(LinkageCheck, LinkageCheck.run_key == RUN) == 1
        assert count(BackupVerification, BackupVerification.run_key == RUN) == len(load_backups(catalog))
        systems = s.execute(select(PirReview.system, func.count()).group_by(PirReview.system)).all()
        assert all(n == 1 for _system, n in systems)
        issues = count(Issue)
        assert issues > 0
        opened = s.execute(select(IssueEvent.issue_id, func.count()).where(IssueEvent.type == "opened")
                           .group_by(IssueEvent.issue_id)).all()
        assert len(opened) == issues and all(n == 1 for _id, n in opened), "each issue opened once"
    store.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_52_parallel_writers_of_one_run_key_on_postgres(prepared, pg_url):
    from khlang.store import open_store

    catalog, harvested = prepared
    open_store(pg_url).close()  # migrated once; the children only write
    errors = run_parallel(catalog, harvested, pg_url, 52)
    assert errors == [], errors[:3]
    assert_one_copy(pg_url, catalog, len(harvested))


@pytest.mark.slow
def test_36_parallel_writers_of_one_run_key_on_sqlite(prepared, khlang_env):
    from khlang.store import open_store

    catalog, harvested = prepared
    url = f"sqlite:///{khlang_env / 'var' / 'parallel.db'}"
    open_store(url).close()
    errors = run_parallel(catalog, harvested, url, 36)
    assert errors == [], errors[:3]  # no "database is locked" either
    assert_one_copy(url, catalog, len(harvested))


@pytest.mark.slow
@pytest.mark.postgres
def test_parallel_first_start_migrates_once(pg_url):
    """Workers starting together on a brand-new PostgreSQL store: one migrates, the others find it done."""
    from khlang.store import open_store
    from khlang.store.migrate import current, heads

    ctx = multiprocessing.get_context("fork")

    def start() -> None:
        try:
            open_store(pg_url).close()
            os._exit(0)
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            os._exit(1)

    children = [ctx.Process(target=start) for _ in range(6)]
    for c in children:
        c.start()
    for c in children:
        c.join(timeout=300)
    assert [c.exitcode for c in children] == [0] * 6
    store = open_store(pg_url, migrate=False)
    assert current(store.engine) == heads(store.engine)
    store.close()
