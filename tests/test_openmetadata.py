"""OpenMetadata: Khlang's source run by OpenMetadata's own workflow, every written record parsed back.

The workflow always asks a server for its version before it starts; no OpenMetadata server runs here, so
a stand-in on a free port answers that one call (and records any other, which must not happen: with the
file sink and offline references the source never calls the server).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("metadata.workflow.metadata", reason="the openmetadata extra is not installed")

REPO = Path(__file__).resolve().parents[1]
TIMINGS: dict[str, float] = {}


class VersionOnly(BaseHTTPRequestHandler):
    """Answers GET /api/v1/system/version with the client's own version; records anything else."""

    version = ""
    others: list[str] = []

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/api/v1/system/version":
            body = json.dumps({"version": self.version, "revision": "stand-in"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self._other()

    def do_PUT(self) -> None:
        self._other()

    do_POST = do_PATCH = do_PUT

    def _other(self) -> None:
        self.others.append(f"{self.command} {self.path}")
        body = json.dumps({"code": 404, "message": "not held by the stand-in"}).encode()  # the server's error shape
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    from metadata.__version__ import get_client_version

    VersionOnly.version = get_client_version()
    VersionOnly.others = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), VersionOnly)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api"
    httpd.shutdown()


@pytest.fixture(scope="module")
def installation(tmp_path_factory, sample_dir):
    """The repo's catalogue and sample data with a catalogue sync, a full quality run and a second one."""
    home = tmp_path_factory.mktemp("om") / "home"
    home.mkdir()
    shutil.copytree(REPO / "catalog", home / "catalog")
    shutil.copytree(REPO / "expectations", home / "expectations")
    env = {"KHLANG_HOME": str(home), "KHLANG_DATA_DIR": str(sample_dir), "KHLANG_VAR_DIR": str(home / "var")}
    with pytest.MonkeyPatch.context() as mp:
        for key in ("KHLANG_STORE_URL", "KHLANG_CATALOG_DIR", "KHLANG_EXPECTATIONS_DIR"):
            mp.delenv(key, raising=False)
        for key, value in env.items():
            mp.setenv(key, value)
        from khlang.cli import main

        assert main(["catalog", "sync", "--format", "json"]) in (0, 1)
        assert main(["quality", "run", "--run-key", "q1", "--format", "json"]) == 0
        assert main(["quality", "run", "--dataset", "depositors", "--run-key", "q2", "--format", "json"]) == 0
        from khlang.openmetadata.inputs import load_inputs

        yield home, env, load_inputs()


@pytest.fixture(scope="module")
def expected(installation):
    """What the source yields for this installation, as objects (the order the file sink writes them)."""
    from khlang.openmetadata.records import References
    from khlang.openmetadata.source import all_records

    return list(all_records(installation[2], References("offline")))


@pytest.fixture(scope="module")
def workflow_run(installation, server, tmp_path_factory):
    """MetadataWorkflow, in this process, with Khlang's source and OpenMetadata's file sink."""
    from khlang.openmetadata.config import workflow_config
    from khlang.openmetadata.tasks import ingest

    out = tmp_path_factory.mktemp("om-out") / "records.json"
    _, env, _ = installation
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        started = time.perf_counter()
        summary = ingest(workflow_config(server, file_sink=out, token="not-checked-by-the-stand-in"))
        TIMINGS["workflow in process (s)"] = time.perf_counter() - started
    return summary, json.loads(out.read_text(encoding="utf-8"))


def by_type(records: list, name: str) -> list:
    return [r for r in records if type(r).__name__ == name]


def test_every_written_record_parses_back_into_its_generated_model(workflow_run, expected, server):
    summary, written = workflow_run
    assert summary.failures == 0 and summary.records == len(expected) == len(written)
    for obj, record in zip(written, expected):
        assert type(record).model_validate(obj) == record
    assert VersionOnly.others == [], "the source sent something to the server instead of the sink"


def test_tables_columns_tags_and_owners(workflow_run, expected, installation):
    catalog, snapshot = installation[2].catalog, installation[2].snapshot
    tables = {t.name.root: t for t in by_type(expected, "CreateTableRequest")}
    assert set(tables) == set(catalog.datasets)
    for name, table in tables.items():
        harvested = [c["name"] for c in snapshot["datasets"].get(name, {}).get("columns", [])]
        declared = [c.name for c in catalog.datasets[name].columns if c.name not in harvested]
        assert [c.name.root for c in table.columns] == harvested + declared
        assert f"KhlangDataClassification.{catalog.datasets[name].classification}" in \
            {t.tagFQN.root for t in table.tags}
    depositors = {c.name.root: c for c in tables["depositors"].columns}
    pii = {name: [t.tagFQN.root for t in col.tags or []] for name, col in depositors.items()}
    assert pii["national_id"] == ["PII.Sensitive"] and pii["bank_account"] == ["PII.Sensitive"]
    assert pii["phone"] == ["PII.NonSensitive"] and pii["full_name_th"] == ["PII.NonSensitive"]
    assert pii["depositor_id"] == []
    declared_pii = [(ds.name, c.name) for ds in catalog.datasets.values() for c in ds.columns if c.pii]
    tagged = {(t.name.root, c.name.root) for t in tables.values() for c in t.columns
              if any(x.tagFQN.root.startswith("PII.") for x in c.tags or [])}
    assert set(declared_pii) <= tagged
    assert depositors["national_id"].dataType.value == "VARCHAR"
    ds = catalog.datasets["depositors"]
    assert [o.name for o in tables["depositors"].owners.root] == \
        list(dict.fromkeys([ds.business_owner, ds.digital_owner, ds.steward]))
    assert tables["depositors"].displayName.startswith(ds.title_th)


def test_services_people_and_classifications(expected, installation):
    catalog = installation[2].catalog
    services = {s.name.root for s in by_type(expected, "CreateDatabaseServiceRequest")}
    assert services == {d.source for d in catalog.datasets.values()}
    assert {t.name.root for t in by_type(expected, "CreateTeamRequest")} == set(catalog.units)
    profiles = by_type(expected, "OMetaUserProfile")
    assert {p.user.name.root for p in profiles} == {p.id for p in catalog.people.values() if p.email}
    assert all(p.teams[0].name.root == catalog.people[p.user.name.root].unit for p in profiles)
    tags = {(t.classification_request.name.root, t.tag_request.name.root, t.tag_request.displayName)
            for t in by_type(expected, "OMetaTagAndClassification")}
    assert ("KhlangDataClassification", "top_secret", "ลับที่สุด · Top secret") in tags
    assert ("KhlangQualityDimension", "timeliness", "ความเป็นปัจจุบัน · Timeliness") in tags


def test_quality_suites_cases_and_results_per_run(expected, installation):
    inputs = installation[2]
    checks = [c for results in inputs.checks.values() for c in results]
    cases = by_type(expected, "OMetaTestCaseSample")
    assert len(cases) == len(checks) > 100
    assert len(by_type(expected, "OMetaTestSuiteSample")) == len(inputs.checks)
    dims = {c.test_case.displayName: c.test_case.tags[0].tagFQN.root for c in cases}
    assert dims["expect_column_values_to_not_be_null:national_id"] == "KhlangQualityDimension.completeness"
    results = by_type(expected, "OMetaTestCaseResultsSample")
    per_case: dict[str, list] = {}
    for r in results:
        per_case.setdefault(r.test_case_name, []).append(r.test_case_results)
    national = next(k for k in per_case if k.endswith(".national_id.expect_column_values_to_be_unique_national_id"))
    assert [r.testCaseStatus.value for r in per_case[national]] == ["Failed", "Failed"]  # runs q1 and q2
    assert per_case[national][0].timestamp.root < per_case[national][1].timestamp.root
    others = {k: len(v) for k, v in per_case.items() if ".depositors." not in k and len(v) != 1}
    assert others == {}


def test_lineage_edges_are_the_declared_ones(expected, installation):
    catalog = installation[2].catalog
    declared = {(p, ds.name) for ds in catalog.datasets.values() for p in ds.derived_from}
    edges = {(e.edge.fromEntity.name, e.edge.toEntity.name) for e in by_type(expected, "AddLineageRequest")}
    assert edges == declared and declared


def test_metadata_ingest_cli_writes_the_same_records(installation, server, workflow_run, tmp_path):
    from khlang.openmetadata.config import to_yaml, workflow_config

    _, env, _ = installation
    out = tmp_path / "cli.json"
    config = tmp_path / "khlang.yaml"
    config.write_text(to_yaml(workflow_config(server, file_sink=out)), encoding="utf-8")
    run_env = {**os.environ, **env, "OPENMETADATA_JWT_TOKEN": "stand-in-token"}
    started = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).with_name("metadata")), "ingest", "-c", str(config)],
                          env=run_env, check=False, capture_output=True, text=True, timeout=600)
    TIMINGS["`metadata ingest -c` subprocess (s)"] = time.perf_counter() - started
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert json.loads(out.read_text(encoding="utf-8")) == workflow_run[1]
    code = "import time; t = time.perf_counter(); import metadata.workflow.metadata; print(time.perf_counter() - t)"
    fresh = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=300)
    TIMINGS["import of the SDK's workflow, fresh process (s)"] = float(fresh.stdout.strip().splitlines()[-1])
    print("\nOpenMetadata timings:", {k: round(v, 1) for k, v in TIMINGS.items()})


def test_config_command_writes_a_config_the_framework_accepts(tmp_path, capsys):
    from metadata.ingestion.api.parser import parse_workflow_config_gracefully

    from khlang.cli import main

    out = tmp_path / "khlang.yaml"
    assert main(["openmetadata", "config", "--server", "https://om.example.go.th/api", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "${OPENMETADATA_JWT_TOKEN}" in text
    os.environ["OPENMETADATA_JWT_TOKEN"] = "x"
    try:
        from metadata.config.common import load_config_file

        parsed = parse_workflow_config_gracefully(load_config_file(out))
    finally:
        del os.environ["OPENMETADATA_JWT_TOKEN"]
    assert parsed.source.serviceConnection.root.config.sourcePythonClass == "khlang.openmetadata.source.KhlangSource"
    assert parsed.sink.type == "metadata-rest"
    assert parsed.workflowConfig.openMetadataServerConfig.hostPort == "https://om.example.go.th/api"


def test_ingest_without_a_config_is_a_clear_error(tmp_path, capsys, monkeypatch):
    from khlang.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KHLANG_OPENMETADATA_CONFIG", raising=False)
    assert main(["openmetadata", "ingest"]) == 2
    err = capsys.readouterr().err
    assert "khlang.yaml: no such workflow config" in err and "Traceback" not in err


def test_airflow_task_skips_without_a_config(monkeypatch):
    from airflow.exceptions import AirflowSkipException

    from khlang.openmetadata.tasks import airflow_ingest

    monkeypatch.delenv("KHLANG_OPENMETADATA_CONFIG", raising=False)
    with pytest.raises(AirflowSkipException, match="KHLANG_OPENMETADATA_CONFIG"):
        airflow_ingest()


def test_the_cli_does_not_import_the_sdk():
    code = "import sys; from khlang.cli import build_parser; build_parser(); print('metadata' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.parametrize("harvested, expected_type", [
    ("VARCHAR", "VARCHAR"), ("BIGINT", "BIGINT"), ("DECIMAL(18,2)", "DECIMAL"),
    ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPZ"), ("INTEGER[]", "ARRAY"), ("DATE", "DATE"), ("BOOLEAN", "BOOLEAN"),
    (None, "UNKNOWN"), ("GEOMETRY_X", "UNKNOWN"),
])
def test_column_types(harvested, expected_type):
    from metadata.generated.schema.entity.data.table import DataType

    from khlang.openmetadata.mapping import data_type

    assert DataType(data_type(harvested)).value == expected_type


def test_server_references_look_entities_up_by_name(server):
    from metadata.generated.schema.entity.services.connections.metadata.openMetadataConnection import (
        OpenMetadataConnection,
    )
    from metadata.ingestion.ometa.ometa_api import OpenMetadata

    from khlang.openmetadata.records import References

    client = OpenMetadata(OpenMetadataConnection(hostPort=server, authProvider="openmetadata",
                                                 securityConfig={"jwtToken": "stand-in"}))
    refs = References("server", client)
    before = len(VersionOnly.others)
    assert refs.get("user", "p01") is None and refs.get("user", "p01") is None  # unknown there; asked once
    assert VersionOnly.others[before:] == ["GET /api/v1/users/name/p01"]
    with pytest.raises(ValueError, match="references must be"):
        References("guess")


def test_a_bad_declaration_stops_the_workflow_before_anything_is_written(installation, server, tmp_path, capsys):
    from khlang.cli import main
    from khlang.openmetadata.config import to_yaml, workflow_config

    home, env, _ = installation
    bad = tmp_path / "catalog"
    shutil.copytree(home / "catalog", bad)
    master = bad / "datasets" / "master.yaml"
    master.write_text(master.read_text(encoding="utf-8").replace("classification: confidential",
                                                                 "classification: very_secret", 1), encoding="utf-8")
    out, config = tmp_path / "records.json", tmp_path / "khlang.yaml"
    config.write_text(to_yaml(workflow_config(server, file_sink=out, catalog_dir=bad)), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        assert main(["openmetadata", "ingest", "-c", str(config)]) == 2
    err = capsys.readouterr().err
    assert "master.yaml:" in err and "classification" in err and "Traceback" not in err
    assert not out.exists()


def test_airflow_task_runs_the_workflow_from_its_config(installation, server, expected, tmp_path):
    from khlang.openmetadata.config import to_yaml, workflow_config
    from khlang.openmetadata.tasks import airflow_ingest

    _, env, _ = installation
    out, config = tmp_path / "records.json", tmp_path / "khlang.yaml"
    config.write_text(to_yaml(workflow_config(server, file_sink=out)), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in {**env, "KHLANG_OPENMETADATA_CONFIG": str(config)}.items():
            mp.setenv(key, value)
        summary = airflow_ingest()
    assert summary["records"] == len(expected) == len(json.loads(out.read_text(encoding="utf-8")))
    assert summary["failures"] == 0
