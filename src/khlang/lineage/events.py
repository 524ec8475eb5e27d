"""Run-level lineage: OpenLineage RunEvents from Khlang's tasks, through the openlineage-python client.

By default each event is one JSON file under KHLANG_LINEAGE_DIR (lineage/ of the installation);
with KHLANG_OPENLINEAGE_URL set, events go to that HTTP endpoint (Marquez, DataHub, OpenMetadata…).
A task adopts lineage in one line:

    with lineage_run("khlang_catalog.scan", inputs=[...], run_key=run_id) as run:
        ...                      # START was sent; COMPLETE follows, or FAIL with the error
        run.outputs.append(...)  # what the task turned out to write

Lineage is observability, not the product: a transport that fails is logged, never fails the task.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import traceback
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from khlang.atomic import write_text
from khlang.config import settings

if TYPE_CHECKING:
    from openlineage.client.event_v2 import RunEvent

log = logging.getLogger(__name__)

JOB_NAMESPACE_DEFAULT = "khlang://pwo"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("khlang")
    except PackageNotFoundError:
        return "0"


PRODUCER = f"urn:khlang:{_version()}"
# Deterministic run ids: the same task of the same Airflow run always reports under one runId.
_RUN_ID_NAMESPACE = uuid.UUID("6f1c7d4e-0b8a-5c55-9a57-4b686c616e67")


@dataclass(frozen=True)
class DatasetRef:
    """A dataset as OpenLineage names it: a namespace (where) and a name (what)."""

    namespace: str
    name: str
    description: str | None = None
    source: str | None = None


@dataclass
class LineageRun:
    """One run of one job, while it runs: outputs may be added as they become known."""

    job_name: str
    run_id: str
    inputs: list[DatasetRef] = field(default_factory=list)
    outputs: list[DatasetRef] = field(default_factory=list)
    parent: tuple[str, str] | None = None  # (parent job name, parent run id)


def job_namespace() -> str:
    """The namespace of Khlang's jobs (KHLANG_OPENLINEAGE_NAMESPACE, default khlang://pwo)."""
    return os.environ.get("KHLANG_OPENLINEAGE_NAMESPACE") or JOB_NAMESPACE_DEFAULT


def run_uuid(job_name: str, run_key: str) -> str:
    """A stable UUID for (job, run key), so re-runs of an Airflow task share one OpenLineage run."""
    return str(uuid.uuid5(_RUN_ID_NAMESPACE, f"{job_namespace()}/{job_name}/{run_key}"))


def file_transport(directory: Path):  # noqa: ANN201
    """The client's FileTransport, writing each event whole (temp file, then rename) under a readable name."""
    from openlineage.client.serde import Serde
    from openlineage.client.transport.file import FileConfig, FileTransport

    class KhlangFileTransport(FileTransport):
        def emit(self, event) -> None:  # noqa: ANN001
            write_text(event_path(directory, event), Serde.to_json(event) + "\n")

    return KhlangFileTransport(FileConfig(log_file_path=str(directory / "khlang"), append=False))


def event_path(directory: Path, event) -> Path:  # noqa: ANN001
    """lineage/<UTC time>-<job>-<EVENT>-<run id prefix>.json: sorts by time, says what it is."""
    moment = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    job = re.sub(r"[^A-Za-z0-9_.-]+", "_", event.job.name)[:120]
    kind = event.eventType.value if event.eventType else "OTHER"
    return Path(directory) / f"{moment}-{job}-{kind}-{event.run.runId[:8]}.json"


def lineage_client():  # noqa: ANN201
    """An OpenLineageClient: HTTP when KHLANG_OPENLINEAGE_URL is set, else files in the lineage folder."""
    from openlineage.client import OpenLineageClient

    url = os.environ.get("KHLANG_OPENLINEAGE_URL")
    config = {"facets": {"source_code_location": {"disabled": True}}}
    if url:
        from openlineage.client.transport.http import ApiKeyTokenProvider, HttpConfig, HttpTransport, TokenProvider

        key = os.environ.get("KHLANG_OPENLINEAGE_API_KEY")
        auth = ApiKeyTokenProvider({"apiKey": key}) if key else TokenProvider({})
        endpoint = os.environ.get("KHLANG_OPENLINEAGE_ENDPOINT", "api/v1/lineage")
        # Few, quick retries: an unreachable lineage server must not hold up the task it describes.
        retries = int(os.environ.get("KHLANG_OPENLINEAGE_RETRIES", "2"))
        retry = {"total": retries, "read": retries, "connect": retries, "backoff_factor": 0.3,
                 "status_forcelist": [500, 502, 503, 504], "allowed_methods": ["HEAD", "POST"]}
        transport = HttpTransport(HttpConfig(url=url, endpoint=endpoint, timeout=5.0, auth=auth, retry=retry))
    else:
        directory = settings().lineage_dir
        directory.mkdir(parents=True, exist_ok=True)
        transport = file_transport(directory)
    return OpenLineageClient(transport=transport, config=config)


def build_event(job_name: str, run_id: str, event_type: str, inputs: Sequence[DatasetRef] = (),
                outputs: Sequence[DatasetRef] = (), *, parent: tuple[str, str] | None = None,
                error: BaseException | None = None, event_time: dt.datetime | None = None) -> RunEvent:
    """An OpenLineage 2-0-2 RunEvent (the client's typed model)."""
    from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
    from openlineage.client.generated import error_message_run, job_type_job, parent_run
    from openlineage.client.generated.base import JobFacet

    namespace = job_namespace()
    run_facets: dict = {}
    if parent is not None:
        run_facets["parent"] = parent_run.ParentRunFacet(
            run=parent_run.Run(runId=parent[1]), job=parent_run.Job(namespace=namespace, name=parent[0]))
    if error is not None:
        run_facets["errorMessage"] = error_message_run.ErrorMessageRunFacet(
            message=f"{type(error).__name__}: {error}"[:2000], programmingLanguage="PYTHON",
            stackTrace="".join(traceback.format_exception(error))[-8000:])
    job_facets: dict[str, JobFacet] = {
        "jobType": job_type_job.JobTypeJobFacet(processingType="BATCH", integration="KHLANG", jobType="TASK")}
    moment = (event_time or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return RunEvent(
        eventType=RunState(event_type),
        eventTime=moment.isoformat(),
        run=Run(runId=run_id, facets=run_facets),
        job=Job(namespace=namespace, name=job_name, facets=job_facets),
        inputs=[InputDataset(namespace=d.namespace, name=d.name, facets=_dataset_facets(d)) for d in inputs],
        outputs=[OutputDataset(namespace=d.namespace, name=d.name, facets=_dataset_facets(d)) for d in outputs],
        producer=PRODUCER,
    )


def _dataset_facets(ref: DatasetRef) -> dict:
    from openlineage.client.generated import datasource_dataset, documentation_dataset

    facets: dict = {}
    if ref.description:
        facets["documentation"] = documentation_dataset.DocumentationDatasetFacet(description=ref.description)
    if ref.source:
        uri = ref.namespace if "://" in ref.namespace else f"{ref.namespace}://"
        facets["dataSource"] = datasource_dataset.DatasourceDatasetFacet(name=ref.source, uri=uri)
    return facets


def emit(job_name: str, run_id: str, event_type: str, inputs: Sequence[DatasetRef] = (),
         outputs: Sequence[DatasetRef] = (), *, parent: tuple[str, str] | None = None,
         error: BaseException | None = None, client=None) -> dict | None:  # noqa: ANN001
    """Send one RunEvent; returns it as JSON-ready data, or None when the transport failed (logged)."""
    import json

    from openlineage.client.serde import Serde

    event = build_event(job_name, run_id, event_type, inputs, outputs, parent=parent, error=error)
    try:
        (client or lineage_client()).emit(event)
    except Exception as exc:  # noqa: BLE001 — lineage must never fail the work it describes
        log.warning("OpenLineage %s event for %s not delivered: %s", event_type, job_name, exc)
        return None
    return json.loads(Serde.to_json(event))


@contextmanager
def lineage_run(job_name: str, inputs: Sequence[DatasetRef] = (), outputs: Sequence[DatasetRef] = (), *,
                run_key: str | None = None, parent_job: str | None = None) -> Iterator[LineageRun]:
    """START now; COMPLETE with the run's inputs and outputs on success, FAIL with the error otherwise."""
    run_id = run_uuid(job_name, run_key) if run_key else str(uuid.uuid4())
    parent = None
    if parent_job and run_key:
        parent = (parent_job, run_uuid(parent_job, run_key))
    run = LineageRun(job_name, run_id, list(inputs), list(outputs), parent)
    client = lineage_client()
    emit(job_name, run_id, "START", run.inputs, run.outputs, parent=parent, client=client)
    try:
        yield run
    except BaseException as exc:
        emit(job_name, run_id, "FAIL", run.inputs, run.outputs, parent=parent, error=exc, client=client)
        raise
    emit(job_name, run_id, "COMPLETE", run.inputs, run.outputs, parent=parent, client=client)
