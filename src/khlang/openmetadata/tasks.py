"""Running the OpenMetadata workflow from the CLI or an Airflow task (the SDK is imported only here, late)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from khlang.errors import KhlangError
from khlang.openmetadata import INSTALL_HINT, installed

CONFIG_VARIABLE = "KHLANG_OPENMETADATA_CONFIG"


class OpenMetadataError(KhlangError):
    """The extra is missing, the config is unreadable, or the workflow reported failures."""

    exit_code = 2


@dataclass(frozen=True)
class IngestSummary:
    """What one workflow run did: records per step, failures, and how long the import and run took."""

    records: int
    failures: int
    warnings: int
    import_seconds: float
    run_seconds: float

    def to_dict(self) -> dict:
        return {"records": self.records, "failures": self.failures, "warnings": self.warnings,
                "import_seconds": round(self.import_seconds, 2), "run_seconds": round(self.run_seconds, 2)}


def read_config(path: Path) -> dict:
    """A workflow config file read as `metadata ingest -c` reads it (environment variables expanded)."""
    path = Path(path)
    if not path.is_file():
        raise OpenMetadataError(f"{path}: no such workflow config (write one with `khlang openmetadata config`)")
    from metadata.config.common import load_config_file

    try:
        return load_config_file(path)
    except Exception as exc:  # noqa: BLE001 — OpenMetadata's parse errors, shown without a trace
        raise OpenMetadataError(f"{path}: {exc}") from None


def ingest(config: dict | Path) -> IngestSummary:
    """Run OpenMetadata's MetadataWorkflow with Khlang's source: what `metadata ingest -c` does."""
    if not installed():
        raise OpenMetadataError(f"openmetadata-ingestion is not installed ({INSTALL_HINT})")
    started = time.perf_counter()
    from metadata.workflow.metadata import MetadataWorkflow

    config_dict = read_config(config) if isinstance(config, (str, Path)) else config
    imported = time.perf_counter()
    try:
        workflow = MetadataWorkflow.create(config_dict)
    except Exception as exc:  # noqa: BLE001 — connection, version or config problems, said plainly
        raise OpenMetadataError(f"OpenMetadata workflow could not start: {exc}") from None
    workflow.execute()  # stops the workflow (timer, client, sink) itself, also on error
    steps = workflow.workflow_steps()
    summary = IngestSummary(
        records=len(workflow.source.get_status().records),
        failures=sum(len(s.get_status().failures) for s in steps),
        warnings=sum(len(s.get_status().warnings) for s in steps),
        import_seconds=imported - started, run_seconds=time.perf_counter() - imported)
    if summary.failures:
        errors = [f"{f.name}: {f.error}" for s in steps for f in s.get_status().failures][:5]
        raise OpenMetadataError(f"OpenMetadata workflow reported {summary.failures} failure(s): " + "; ".join(errors))
    return summary


def airflow_ingest(config_path: str | None = None) -> dict:
    """The Airflow task: skips (not fails) when the extra or the config is missing; see README "OpenMetadata"."""
    from airflow.exceptions import AirflowSkipException

    path = config_path or os.environ.get(CONFIG_VARIABLE)
    if not installed():
        raise AirflowSkipException(f"openmetadata-ingestion is not installed ({INSTALL_HINT})")
    if not path:
        raise AirflowSkipException(f"no OpenMetadata workflow config ({CONFIG_VARIABLE} is not set)")
    return ingest(Path(path)).to_dict()
