"""The catalogue DAG's tasks: scan → sync → site, handing over through files under var/runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

from khlang.atomic import write_text
from khlang.config import settings


def run_dir(run_key: str) -> Path:
    """Where one run's hand-over files live."""
    safe = re.sub(r"[^A-Za-z0-9_.+-]", "_", run_key)
    return settings().var_dir / "runs" / safe


DAG_ID = "khlang_catalog"


def scan(run_key: str) -> str:
    """Validate the declarations and harvest every declared source; returns the harvest file."""
    from khlang.catalog.sync import harvest
    from khlang.declarations import load_catalog
    from khlang.lineage.events import lineage_run
    from khlang.lineage.naming import dataset_ref, file_ref

    cfg = settings()
    path = run_dir(run_key) / "harvest.json"
    with lineage_run(f"{DAG_ID}.scan", [file_ref(cfg.catalog_dir, "catalog declarations")],
                     run_key=run_key, parent_job=DAG_ID) as run:
        catalog = load_catalog(cfg.catalog_dir)
        run.inputs += [dataset_ref(catalog, name, cfg.data_dir) for name in sorted(catalog.datasets)]
        harvested = harvest(catalog, cfg.data_dir)
        write_text(path, json.dumps([h.to_dict() for h in harvested], ensure_ascii=False))
        run.outputs.append(file_ref(path, "harvest hand-over file"))
    return str(path)


def sync(run_key: str, harvest_file: str) -> dict:
    """Store the harvest as this run's snapshot; returns counts for the log and XCom."""
    from khlang.catalog.sync import Harvested
    from khlang.catalog.sync import sync as do_sync
    from khlang.declarations import load_catalog
    from khlang.lineage.events import lineage_run
    from khlang.lineage.naming import file_ref, store_ref
    from khlang.store import open_store

    cfg = settings()
    outputs = [store_ref(cfg.store_url, t) for t in
               ("catalog_snapshots", "dataset_snapshots", "column_snapshots", "catalog_findings")]
    with lineage_run(f"{DAG_ID}.sync", [file_ref(harvest_file, "harvest hand-over file")], outputs,
                     run_key=run_key, parent_job=DAG_ID):
        harvested = [Harvested.from_dict(d) for d in json.loads(Path(harvest_file).read_text(encoding="utf-8"))]
        result = do_sync(load_catalog(cfg.catalog_dir), open_store(cfg.store_url), cfg.data_dir,
                         run_key=run_key, harvested=harvested)
    data = result.to_dict()
    return {"snapshot_id": data["snapshot_id"], "datasets": len(data["datasets"]),
            "drift": len(data["drift"]), "gaps": len(data["gaps"])}


def site() -> str:
    """Rebuild the static catalogue site from the newest snapshot, quality results, issues and reports.

    The catalogue, quality and issues DAGs all end with it, so the site never lags what the store holds.
    """
    from khlang.catalog.view import site_model
    from khlang.dates import utcnow
    from khlang.declarations import load_catalog
    from khlang.report.site import build_site
    from khlang.store import open_store

    cfg = settings()
    out = cfg.reports_dir / "catalog"
    build_site(site_model(load_catalog(cfg.catalog_dir), open_store(cfg.store_url), utcnow(), cfg.reports_dir), out)
    return str(out / "index.html")
