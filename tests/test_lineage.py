"""Lineage: the declared graph, and OpenLineage events validated against the spec's JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import jsonschema
import pytest

from khlang.cli import main
from khlang.declarations import load_catalog
from khlang.errors import DeclarationError
from khlang.lineage import events
from khlang.lineage.events import DatasetRef, emit, lineage_run, run_uuid
from khlang.lineage.graph import LineageIndex, load_index
from khlang.lineage.naming import dataset_ref, store_ref

REPO = Path(__file__).resolve().parents[1]

# The RunEvent part of https://openlineage.io/spec/2-0-2/OpenLineage.json (the spec version the client's
# events declare in schemaURL), transcribed: BaseEvent requires eventTime, producer and schemaURL; a
# RunEvent adds run and job; every facet carries _producer and _schemaURL.
_FACET = {"type": "object", "allOf": [{"$ref": "#/$defs/BaseFacet"},
                                      {"type": "object", "properties": {"_deleted": {"type": "boolean"}}}]}
OPENLINEAGE_2_0_2 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://openlineage.io/spec/2-0-2/OpenLineage.json",
    "$defs": {
        "BaseEvent": {
            "type": "object",
            "properties": {
                "eventTime": {"type": "string", "format": "date-time"},
                "producer": {"type": "string", "format": "uri"},
                "schemaURL": {"type": "string", "format": "uri"},
            },
            "required": ["eventTime", "producer", "schemaURL"],
        },
        "RunEvent": {"allOf": [
            {"$ref": "#/$defs/BaseEvent"},
            {"type": "object", "properties": {
                "eventType": {"type": "string", "enum": ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]},
                "run": {"$ref": "#/$defs/Run"},
                "job": {"$ref": "#/$defs/Job"},
                "inputs": {"type": "array", "items": {"$ref": "#/$defs/InputDataset"}},
                "outputs": {"type": "array", "items": {"$ref": "#/$defs/OutputDataset"}},
            }, "required": ["run", "job"]},
        ]},
        "Run": {"type": "object", "properties": {
            "runId": {"type": "string", "format": "uuid"},
            "facets": {"type": "object", "additionalProperties": {"$ref": "#/$defs/RunFacet"}},
        }, "required": ["runId"]},
        "RunFacet": {"type": "object", "allOf": [{"$ref": "#/$defs/BaseFacet"}]},
        "Job": {"type": "object", "properties": {
            "namespace": {"type": "string"}, "name": {"type": "string"},
            "facets": {"type": "object", "additionalProperties": {"$ref": "#/$defs/JobFacet"}},
        }, "required": ["namespace", "name"]},
        "JobFacet": _FACET,
        "BaseFacet": {"type": "object", "properties": {
            "_producer": {"type": "string", "format": "uri"},
            "_schemaURL": {"type": "string", "format": "uri"},
        }, "additionalProperties": True, "required": ["_producer", "_schemaURL"]},
        "Dataset": {"type": "object", "properties": {
            "namespace": {"type": "string"}, "name": {"type": "string"},
            "facets": {"type": "object", "additionalProperties": {"$ref": "#/$defs/DatasetFacet"}},
        }, "required": ["namespace", "name"]},
        "DatasetFacet": _FACET,
        "InputDataset": {"type": "object", "allOf": [{"$ref": "#/$defs/Dataset"}, {"type": "object", "properties": {
            "inputFacets": {"type": "object", "additionalProperties": {"$ref": "#/$defs/InputDatasetFacet"}}}}]},
        "InputDatasetFacet": {"type": "object", "allOf": [{"$ref": "#/$defs/BaseFacet"}]},
        "OutputDataset": {"type": "object", "allOf": [{"$ref": "#/$defs/Dataset"}, {"type": "object", "properties": {
            "outputFacets": {"type": "object", "additionalProperties": {"$ref": "#/$defs/OutputDatasetFacet"}}}}]},
        "OutputDatasetFacet": {"type": "object", "allOf": [{"$ref": "#/$defs/BaseFacet"}]},
    },
    "$ref": "#/$defs/RunEvent",
}
# The facets Khlang emits, with the fields their own spec files require.
FACETS = {
    "parent": {"required": ["run", "job"], "properties": {
        "run": {"type": "object", "required": ["runId"], "properties": {"runId": {"type": "string", "format": "uuid"}}},
        "job": {"type": "object", "required": ["namespace", "name"]}}},
    "errorMessage": {"required": ["message", "programmingLanguage"]},
    "jobType": {"required": ["processingType", "integration"],
                "properties": {"processingType": {"enum": ["BATCH", "STREAMING", "SERVICE"]}}},
    "documentation": {"required": ["description"]},
    "dataSource": {"properties": {"uri": {"type": "string", "format": "uri"}}},
}

_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", re.I)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
FORMATS = jsonschema.FormatChecker()
# jsonschema checks `uuid` itself; date-time and uri need optional packages, so the RFC rules are spelt out.
FORMATS.checks("date-time")(lambda v: not isinstance(v, str) or bool(_RFC3339.match(v)))
FORMATS.checks("uri")(lambda v: not isinstance(v, str) or bool(_URI.match(v)))


def validate_event(event: dict) -> None:
    """Raise jsonschema.ValidationError unless `event` is an OpenLineage 2-0-2 RunEvent with valid facets."""
    jsonschema.Draft202012Validator(OPENLINEAGE_2_0_2, format_checker=FORMATS).validate(event)
    assert event["schemaURL"].startswith("https://openlineage.io/spec/2-0-2/OpenLineage.json")
    facet_groups = [event["run"].get("facets") or {}, event["job"].get("facets") or {}]
    for ds in (event.get("inputs") or []) + (event.get("outputs") or []):
        facet_groups.append(ds.get("facets") or {})
    for group in facet_groups:
        for name, facet in group.items():
            if name in FACETS:
                schema = dict(FACETS[name], type="object")
                jsonschema.Draft202012Validator(schema, format_checker=FORMATS).validate(facet)


def read_events(directory: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]


@pytest.fixture
def lineage_dir(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "lineage"
    monkeypatch.setenv("KHLANG_LINEAGE_DIR", str(directory))
    monkeypatch.delenv("KHLANG_OPENLINEAGE_URL", raising=False)
    monkeypatch.delenv("OPENLINEAGE_DISABLED", raising=False)
    return directory


# --- the declared graph ----------------------------------------------------------------------

def test_graph_of_a_warehouse_dataset():
    g = load_index(load_catalog(REPO / "catalog")).graph("daily_stock_balances").to_dict()
    edges = {(e["from"], e["to"]) for e in g["edges"]}
    assert {("system:WMS", "dataset:stock_movements"), ("dataset:stock_movements", "dataset:daily_stock_balances"),
            ("dataset:warehouses", "dataset:daily_stock_balances"), ("system:DW", "dataset:daily_stock_balances"),
            ("system:REF", "dataset:commodities"), ("agency:LNK-2569-009", "dataset:commodities"),
            ("dataset:daily_stock_balances", "agency:LNK-2566-001")} <= edges
    assert ("dataset:daily_stock_balances",
            "report:รายงานสินค้าคงคลังประจำวันต่อผู้บริหาร (daily stock report to management)") in edges
    assert set(g["upstream"]) == {"system:WMS", "system:REF", "system:DW", "dataset:stock_movements",
                                  "dataset:warehouses", "dataset:commodities", "agency:LNK-2569-009"}
    assert set(g["downstream"]) == {"agency:LNK-2566-001",
                                    "report:รายงานสินค้าคงคลังประจำวันต่อผู้บริหาร (daily stock report to management)"}
    nodes = {n["id"]: n for n in g["nodes"]}
    assert nodes["system:WMS"]["label"] == "ระบบบริหารคลังสินค้า"


def test_graph_of_a_source_dataset_goes_downstream_through_derivations():
    g = load_index(load_catalog(REPO / "catalog")).graph("stock_movements").to_dict()
    assert g["upstream"] == ["system:WMS"]
    assert {"dataset:daily_stock_balances", "dataset:monthly_commodity_summary", "agency:LNK-2566-001",
            "agency:LNK-2567-004"} <= set(g["downstream"])
    # the systems of derived datasets are not downstream of their parents
    assert "system:DW" not in g["downstream"] and "system:DW" not in g["upstream"]


def test_only_approved_linkages_are_flows():
    g = load_index(load_catalog(REPO / "catalog")).graph("depositors").to_dict()
    agencies = {n for n in g["downstream"] if n.startswith("agency:")}
    assert agencies == {"agency:LNK-2565-002"}  # the rejected, requested and legal-review ones are not


def test_unknown_system_is_marked():
    catalog = load_catalog(REPO / "catalog")
    from khlang.declarations.systems import load_systems

    systems = {k: v for k, v in load_systems(catalog).items() if k != "WMS"}
    node = next(n for n in LineageIndex(catalog, systems).graph("depositors").to_dict()["nodes"]
                if n["id"] == "system:WMS")
    assert node["known"] is False


@pytest.fixture
def catalog_dir(tmp_path) -> Path:
    dst = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", dst)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_derived_from_must_name_declared_datasets(catalog_dir):
    path = catalog_dir / "datasets" / "warehouse.yaml"
    _edit(path, "derived_from: [stock_movements, warehouses, commodities]",
          "derived_from: [stock_movements, rice_prices, daily_stock_balances]")
    with pytest.raises(DeclarationError) as exc:
        load_catalog(catalog_dir)
    text = str(exc.value)
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "rice_prices" in t)
    assert f"{path}:{line}: datasets[0].derived_from[1]: unknown dataset 'rice_prices'" in text
    assert "datasets[0].derived_from[2]: a dataset cannot be derived from itself" in text


def test_a_broken_parent_is_reported_once_not_again_as_unknown(catalog_dir):
    _edit(catalog_dir / "datasets" / "transactional.yaml", "kind: transactional", "kind: transactionl")
    with pytest.raises(DeclarationError) as exc:
        load_catalog(catalog_dir)
    assert [p.field for p in exc.value.problems] == ["datasets[0].kind"]


def test_derivation_cycles_are_refused(catalog_dir):
    _edit(catalog_dir / "datasets" / "transactional.yaml", "    update_frequency: daily\n",
          "    update_frequency: daily\n    derived_from: [monthly_commodity_summary]\n")
    with pytest.raises(DeclarationError, match=r"derivation cycle: .*monthly_commodity_summary → stock_movements"):
        load_catalog(catalog_dir)


def test_lineage_graph_cli(capsys, khlang_env):
    assert main(["lineage", "graph", "monthly_commodity_summary", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"dataset", "nodes", "edges", "upstream", "downstream"}
    assert {"from": "dataset:units", "to": "dataset:monthly_commodity_summary"} in data["edges"]
    assert main(["lineage", "graph", "monthly_commodity_summary"]) == 0
    assert "สรุปรับ-จ่ายสินค้ารายเดือน" in capsys.readouterr().out
    assert main(["lineage", "graph", "no_such_dataset"]) == 2
    assert "no_such_dataset: not a declared dataset" in capsys.readouterr().err


# --- OpenLineage events ----------------------------------------------------------------------

def test_the_schema_catches_broken_events():
    good = emit("khlang_test.job", str(uuid.uuid4()), "START", client=_Capture())
    validate_event(good)
    for breakage in (lambda e: e["run"].update(runId="not-a-uuid"), lambda e: e.update(eventType="DONE"),
                     lambda e: e["job"].pop("namespace"), lambda e: e.update(eventTime="yesterday"),
                     lambda e: e.pop("schemaURL")):
        broken = json.loads(json.dumps(good))
        breakage(broken)
        with pytest.raises(jsonschema.ValidationError):
            validate_event(broken)


class _Capture:
    def __init__(self) -> None:
        self.events: list = []

    def emit(self, event) -> None:  # noqa: ANN001
        self.events.append(event)


def test_lineage_run_writes_start_and_complete_files(lineage_dir):
    inputs = [DatasetRef("file", "/data/master/depositors.parquet", "ทะเบียนผู้ฝากสินค้า · Depositors", "wms_master")]
    with lineage_run("khlang_catalog.scan", inputs, run_key="scheduled__2026-11-25",
                     parent_job="khlang_catalog") as run:
        run.outputs.append(DatasetRef("file", "/var/runs/x/harvest.json"))
    files = sorted(p.name for p in lineage_dir.iterdir())
    assert len(files) == 2 and "-khlang_catalog.scan-START-" in files[0] and "-COMPLETE-" in files[1]
    start, complete = read_events(lineage_dir)
    for event in (start, complete):
        validate_event(event)
        assert event["job"] == {"namespace": "khlang://pwo", "name": "khlang_catalog.scan",
                                "facets": event["job"]["facets"]}
        assert event["run"]["runId"] == run_uuid("khlang_catalog.scan", "scheduled__2026-11-25")
        assert event["run"]["facets"]["parent"]["job"]["name"] == "khlang_catalog"
        assert event["run"]["facets"]["parent"]["run"]["runId"] == run_uuid("khlang_catalog", "scheduled__2026-11-25")
    assert (start["eventType"], complete["eventType"]) == ("START", "COMPLETE")
    assert start["outputs"] == [] and complete["outputs"][0]["name"] == "/var/runs/x/harvest.json"
    assert complete["inputs"][0]["facets"]["documentation"]["description"] == "ทะเบียนผู้ฝากสินค้า · Depositors"
    assert "ทะเบียน" in (lineage_dir / files[1]).read_text(encoding="utf-8") or "\\u0e17" in (
        lineage_dir / files[1]).read_text(encoding="utf-8")
    assert not [p for p in lineage_dir.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_failure_is_reported_and_the_error_still_raised(lineage_dir):
    with pytest.raises(ZeroDivisionError), lineage_run("khlang_test.fails", run_key="r1"):
        1 / 0  # noqa: B018
    start, fail = read_events(lineage_dir)
    validate_event(fail)
    assert fail["eventType"] == "FAIL" and start["run"]["runId"] == fail["run"]["runId"]
    assert fail["run"]["facets"]["errorMessage"]["message"] == "ZeroDivisionError: division by zero"
    assert fail["run"]["facets"]["errorMessage"]["programmingLanguage"] == "PYTHON"


def test_run_ids_are_stable_per_run_key_and_distinct_per_job():
    assert run_uuid("a.b", "k1") == run_uuid("a.b", "k1")
    assert run_uuid("a.b", "k1") != run_uuid("a.b", "k2") != run_uuid("a.c", "k2")
    uuid.UUID(run_uuid("a.b", "k1"))


def test_a_broken_transport_never_fails_the_task(lineage_dir, monkeypatch, caplog):
    import time

    monkeypatch.setenv("KHLANG_OPENLINEAGE_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    started = time.monotonic()
    with lineage_run("khlang_test.offline", run_key="r") as run:
        run.outputs.append(DatasetRef("file", "/tmp/x"))
    assert "not delivered" in caplog.text
    assert time.monotonic() - started < 10, "a dead lineage server must not hold the task up for long"


def test_openlineage_disabled_sends_nothing(lineage_dir, monkeypatch):
    monkeypatch.setenv("OPENLINEAGE_DISABLED", "true")
    with lineage_run("khlang_test.quiet", run_key="r"):
        pass
    assert not lineage_dir.exists() or not list(lineage_dir.glob("*.json"))


class _Collector(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, self.headers.get("Authorization"), json.loads(body)))
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


def test_http_transport_when_a_url_is_configured(lineage_dir, monkeypatch):
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    _Collector.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("KHLANG_OPENLINEAGE_URL", f"http://127.0.0.1:{server.server_port}")
        monkeypatch.setenv("KHLANG_OPENLINEAGE_API_KEY", "s3cret")
        with lineage_run("khlang_test.http", [DatasetRef("postgres://db:5432", "khlang.public.t")], run_key="r"):
            pass
    finally:
        server.shutdown()
    assert [r[0] for r in _Collector.received] == ["/api/v1/lineage", "/api/v1/lineage"]
    assert {r[1] for r in _Collector.received} == {"Bearer s3cret"}
    for _path, _auth, event in _Collector.received:
        validate_event(event)
    assert [r[2]["eventType"] for r in _Collector.received] == ["START", "COMPLETE"]
    assert not lineage_dir.exists() or not list(lineage_dir.glob("*.json"))


# --- naming -------------------------------------------------------------------------------

def test_dataset_names_follow_the_naming_conventions(tmp_path):
    catalog = load_catalog(REPO / "catalog")
    ref = dataset_ref(catalog, "depositors", tmp_path)
    assert ref.namespace == "file" and ref.name == str((tmp_path / "master" / "depositors.parquet").resolve())
    dw = dataset_ref(catalog, "daily_stock_balances", tmp_path)
    assert dw.namespace == f"duckdb://{(tmp_path / 'warehouse' / 'khlang_dw.duckdb').resolve()}"
    assert dw.name == "daily_stock_balances"
    pg = store_ref("postgresql://khlang:pa55@db.pwo.local:6432/governance", "catalog_snapshots")
    assert (pg.namespace, pg.name) == ("postgres://db.pwo.local:6432", "governance.public.catalog_snapshots")
    assert "pa55" not in pg.namespace + pg.name


# --- the catalogue DAG's tasks emit lineage ------------------------------------------------------

def test_catalogue_scan_and_sync_emit_lineage(khlang_env, lineage_dir, sample_dir):
    from khlang.catalog import tasks

    harvest = tasks.scan("scheduled__2026-11-25T00:00:00+00:00")
    summary = tasks.sync("scheduled__2026-11-25T00:00:00+00:00", harvest)
    assert summary["datasets"] >= 12
    found = read_events(lineage_dir)
    assert [(e["job"]["name"], e["eventType"]) for e in found] == [
        ("khlang_catalog.scan", "START"), ("khlang_catalog.scan", "COMPLETE"),
        ("khlang_catalog.sync", "START"), ("khlang_catalog.sync", "COMPLETE")]
    for event in found:
        validate_event(event)
    scan_done, sync_done = found[1], found[3]
    inputs = {d["name"] for d in scan_done["inputs"]}
    assert str((sample_dir / "master" / "depositors.parquet").resolve()) in inputs
    assert {d["name"] for d in scan_done["outputs"]} == {harvest}
    assert {d["name"] for d in sync_done["inputs"]} == {str(Path(harvest).resolve())}
    assert {d["name"] for d in sync_done["outputs"]} == {"catalog_snapshots", "dataset_snapshots",
                                                         "column_snapshots", "catalog_findings"}
    assert scan_done["run"]["facets"]["parent"]["run"]["runId"] == sync_done["run"]["facets"]["parent"]["run"]["runId"]


def test_catalogue_scan_failure_emits_fail(khlang_env, lineage_dir):
    from khlang.catalog import tasks

    _edit(khlang_env / "catalog" / "datasets" / "reference.yaml", "kind: reference", "kind: referense")
    with pytest.raises(DeclarationError):
        tasks.scan("manual__x")
    start, fail = read_events(lineage_dir)
    validate_event(fail)
    assert fail["eventType"] == "FAIL" and "DeclarationError" in fail["run"]["facets"]["errorMessage"]["message"]


def test_lineage_events_cli(capsys, khlang_env, lineage_dir):
    with lineage_run("khlang_test.cli", run_key="k"):
        pass
    assert main(["lineage", "events", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["job"], r["event"]) for r in rows] == [("khlang_test.cli", "START"), ("khlang_test.cli", "COMPLETE")]


def test_event_time_is_utc():
    event = emit("khlang_test.time", str(uuid.uuid4()), "OTHER", client=_Capture())
    moment = dt.datetime.fromisoformat(event["eventTime"])
    assert moment.utcoffset() == dt.timedelta(0)
    assert events.PRODUCER.startswith("urn:khlang:")



def test_mysql_dataset_is_named_by_server_and_database_without_credentials(tmp_path):
    from khlang.declarations.loader import Catalog
    from khlang.declarations.models import Dataset, Organisation, Source
    from khlang.lineage.naming import dataset_ref

    source = Source(name="trading_db", type="mysql", url="mysql://app:s3cret@db.pwo.local:3307/trading")
    ds = Dataset(name="auctions", kind="transactional", title_th="การประมูล", source="trading_db",
                 object="auctions", classification="internal")
    cat = Catalog(Organisation(name_th="อคส.", name_en="PWO"), {}, {}, {"trading_db": source}, {"auctions": ds})
    ref = dataset_ref(cat, "auctions", tmp_path)
    assert (ref.namespace, ref.name) == ("mysql://db.pwo.local:3307", "trading.auctions")
    assert "s3cret" not in repr(ref)
