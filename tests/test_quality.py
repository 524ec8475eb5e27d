"""`khlang quality`: runs on declared datasets, stored history, scores, and the quality DAG in Airflow."""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import func, select

from khlang.cli import main
from khlang.config import settings
from khlang.store import open_store

RESULT_KEYS = {"type", "column", "success", "element_count", "unexpected_count", "dimension"}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_one_dataset_prints_the_documented_shape_and_stores_it(capsys, khlang_env, sample_dir):
    code, out, err = run(capsys, "quality", "run", "--dataset", "stock_movements", "--run-key", "r1",
                         "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["suite"] == "stock_movements_suite" and data["success"] is False
    assert all(set(r) >= RESULT_KEYS for r in data["results"])
    kinds = {r["kind"] for r in data["results"]}
    assert kinds == {"expectation", "consistency"}
    nulls = next(r for r in data["results"] if r["type"] == "expect_column_values_to_not_be_null"
                 and r["column"] == "warehouse_code")
    truth = {d["id"]: d["count"] for d in json.loads((sample_dir / "ground_truth.json").read_text())["defects"]}
    assert (nulls["success"], nulls["unexpected_count"], nulls["dimension"]) == \
        (False, truth["movements_null_warehouse_code"], "completeness")

    from khlang.quality.records import CheckResultRow, QualityRun

    store = open_store(settings().store_url)
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(QualityRun)) == 1
        assert s.scalar(select(func.count()).select_from(CheckResultRow)) == len(data["results"])
    # The same run key again replaces, never duplicates.
    assert run(capsys, "quality", "run", "--dataset", "stock_movements", "--run-key", "r1")[0] == 0
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(CheckResultRow)) == len(data["results"])


def test_readable_table_without_json(capsys, khlang_env):
    code, out, _ = run(capsys, "quality", "run", "--dataset", "warehouses")
    assert code == 0
    assert "warehouses (warehouses_suite): FAIL" in out and "expect_column_values_to_be_in_set:province_code" in out


def test_adhoc_suite_on_a_file(capsys, khlang_env, sample_dir):
    code, out, err = run(capsys, "quality", "run", "--suite", "missing.json")
    assert code == 1 and "--suite and --data go together" in err
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    code, out, err = run(capsys, "quality", "run", "--suite", str(repo / "expectations" / "warehouses.json"),
                         "--data", str(sample_dir / "master" / "warehouses.parquet"), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["suite"] == "warehouses_suite"
    capacity = next(r for r in data["results"] if r["column"] == "capacity_tonnes")
    assert capacity["unexpected_count"] == 2


def test_unknown_dataset_is_a_clear_error(capsys, khlang_env):
    code, out, err = run(capsys, "quality", "run", "--dataset", "nope")
    assert code == 1 and "unknown dataset 'nope'" in err and out == ""


def test_a_run_checks_the_datasets_it_names_and_refuses_undeclared_ones(khlang_env):
    """The quality DAG's `datasets` param: only those (each once), every declared one when empty."""
    from khlang.declarations import load_catalog
    from khlang.errors import KhlangError
    from khlang.quality import tasks

    declared = sorted(load_catalog(khlang_env / "catalog").datasets)
    assert tasks.datasets() == tasks.datasets([]) == declared
    assert tasks.datasets(["warehouses", "stock_movements", "warehouses"]) == ["stock_movements", "warehouses"]
    with pytest.raises(KhlangError, match="not declared in the catalogue .*: nope, zz .*declared: commodities"):
        tasks.datasets(["zz", "warehouses", "nope"])


def test_a_run_of_some_datasets_is_scored_and_completed(khlang_env):
    """The DAG's scores task ends a run of the `datasets` param's datasets (not waiting for the others)."""
    from khlang.errors import KhlangError
    from khlang.quality import tasks
    from khlang.quality.records import QualityRun

    tasks.check("warehouses", "some")
    tasks.security("some")
    with pytest.raises(KhlangError):
        tasks.scores("some")  # every declared dataset: the others were not checked in this run
    assert "overall" in tasks.scores("some", ["warehouses"])
    store = open_store(settings().store_url)
    with store.reading() as s:
        runs = s.scalars(select(QualityRun).where(QualityRun.run_key == "some")).all()
    assert runs and all(r.complete for r in runs)


def test_full_run_scores_and_history(capsys, khlang_env):
    code, out, err = run(capsys, "quality", "run", "--run-key", "day1", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    names = [b["dataset"] for b in data["datasets"]]
    assert "(security)" in names and "stock_movements" in names
    assert any(r["kind"] == "security" for b in data["datasets"] for r in b["results"])

    code, out, _ = run(capsys, "quality", "scores", "--format", "json")
    scores = json.loads(out)
    # Recompute one score by hand from the stored results: the share of passed weight.
    from khlang.quality.records import latest_results

    rs = [r for r in latest_results(open_store(settings().store_url)) if r.dataset == "stock_movements"
          and r.dimension == "completeness"]
    expected = round(100 * sum(r.weight for r in rs if r.success) / sum(r.weight for r in rs), 2)
    assert scores["datasets"]["stock_movements"]["completeness"]["score"] == expected < 100
    assert scores["datasets"]["provinces"]["overall"]["score"] is not None
    assert 0 < scores["organisation"]["overall"] < 100

    assert run(capsys, "quality", "run", "--dataset", "units", "--run-key", "day2")[0] == 0
    from khlang.quality.service import score

    score("day2")
    code, out, _ = run(capsys, "quality", "scores", "--dataset", "units", "--history", "--format", "json")
    hist = json.loads(out)["history"]
    assert [h["run_key"] for h in hist] == ["day1", "day2"]


def test_results_and_scores_on_postgres(capsys, khlang_env, pg_url, monkeypatch):
    monkeypatch.setenv("KHLANG_STORE_URL", pg_url)
    code, out, err = run(capsys, "quality", "run", "--dataset", "depositors", "--run-key", "pg", "--format", "json")
    assert code == 0, err
    from khlang.quality.service import score

    result = score("pg")
    assert result["datasets"]["depositors"]["uniqueness"]["score"] < 100


@pytest.mark.airflow
def test_quality_dag_runs_in_airflow(khlang_env, tmp_path):
    from tests.test_dags import airflow, airflow_env

    env = airflow_env(tmp_path, {k: v for k, v in os.environ.items() if k.startswith("KHLANG_")})
    assert airflow(["db", "migrate"], env).returncode == 0
    result = airflow(["dags", "test", "khlang_quality", "2026-11-25T02:00:00+00:00"], env)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-6000:]
    from tests.test_dags import assert_every_task_succeeded

    assert_every_task_succeeded(env, "khlang_quality", {"datasets", "check", "security", "scores", "site"}, log)
    from khlang.quality.records import QualityRun, QualityScore

    store = open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}")
    with store.reading() as s:
        datasets = set(s.scalars(select(QualityRun.dataset).where(QualityRun.scope == "data")))
        scopes = set(s.scalars(select(QualityRun.scope)))
        scored = s.scalar(select(func.count()).select_from(QualityScore))
    from khlang.declarations import load_catalog

    assert datasets == set(load_catalog(khlang_env / "catalog").datasets)
    assert scopes == {"data", "security"} and scored > 0
    events = [json.loads(p.read_text(encoding="utf-8")) for p in (khlang_env / "lineage").glob("*.json")]
    checks = [e for e in events if e["job"]["name"] == "khlang_quality.check.stock_movements"]
    assert [e["eventType"] for e in sorted(checks, key=lambda e: e["eventTime"])] == ["START", "COMPLETE"]
    assert checks[-1]["inputs"] and checks[-1]["outputs"]
    # the site task rebuilt the catalogue site with this run's scores
    from khlang.quality.records import latest_results
    from khlang.quality.scores import compute

    overall = compute(latest_results(store, "stock_movements"))["stock_movements"]["overall"]["score"]
    page = (khlang_env / "reports" / "catalog" / "datasets" / "stock_movements.html").read_text(encoding="utf-8")
    assert f'id="quality-score">{overall:.1f}%<' in page
