"""The custom OpenMetadata connector (`sourcePythonClass: khlang.openmetadata.source.KhlangSource`).

Run by OpenMetadata's own workflow (`metadata ingest -c khlang.yaml`, `MetadataWorkflow`); it reads the
Khlang installation named by its connection options (else by the KHLANG_* environment) and yields
OpenMetadata's create requests in the order a server needs them: teams and users, classifications,
services, databases, schemas, tables, then quality and lineage, which refer to the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from metadata.generated.schema.entity.services.connections.database.customDatabaseConnection import (
    CustomDatabaseConnection,
)
from metadata.generated.schema.metadataIngestion.workflow import Source as WorkflowSource
from metadata.ingestion.api.models import Either
from metadata.ingestion.api.steps import InvalidSourceException, Source
from metadata.ingestion.models.barrier import Barrier
from metadata.utils.logger import ingestion_logger

from khlang.openmetadata import records
from khlang.openmetadata.inputs import Inputs, load_inputs

logger = ingestion_logger()


def all_records(inputs: Inputs, refs: records.References) -> Iterator[Any]:
    """Everything Khlang sends, in dependency order (Barrier flushes the REST sink's buffer on a server)."""
    yield from records.teams(inputs)
    yield from records.users(inputs)
    yield from records.classifications()
    yield from records.services(inputs)
    yield from records.containers(inputs)
    yield from records.tables(inputs, refs)
    if refs.mode == "server":
        yield Barrier(reason="tables before the lineage and test cases that refer to them")
    yield from records.test_definitions(inputs)
    yield from records.test_suites(inputs)
    cases = list(records.test_cases(inputs))
    for case, _, _ in cases:
        yield case
    for _, check, case_fqn in cases:
        yield from records.test_results(inputs, check, case_fqn)
    yield from records.lineage(inputs, refs)
    if not inputs.glossary:
        logger.info("Khlang declares no glossary yet: no glossary terms sent")


class KhlangSource(Source):
    """Khlang's catalogue, owners, classifications, quality results and lineage for OpenMetadata."""

    def __init__(self, config: WorkflowSource, metadata: Any) -> None:
        super().__init__()
        self.config = config
        self.metadata = metadata
        if config.serviceConnection is None:  # create() refused it; a direct construction too
            raise InvalidSourceException("the source has no serviceConnection (a CustomDatabase connection)")
        self.service_connection = config.serviceConnection.root.config
        options = self.service_connection.connectionOptions
        self.options: dict[str, str] = dict(options.root) if options else {}
        self.inputs: Inputs | None = None
        self.references = records.References(self.options.get("references", "server"), metadata)

    @classmethod
    def create(cls, config_dict: dict, metadata: Any, pipeline_name: str | None = None) -> KhlangSource:
        """The framework's constructor: only a CustomDatabase connection names this class."""
        config = WorkflowSource.model_validate(config_dict)
        connection = config.serviceConnection.root.config if config.serviceConnection else None
        if not isinstance(connection, CustomDatabaseConnection):
            raise InvalidSourceException(f"Expected CustomDatabaseConnection, but got {connection}")
        return cls(config, metadata)

    def prepare(self) -> None:
        """Read the catalogue and store once (a bad declaration stops the workflow before anything is sent)."""
        self.inputs = load_inputs(self.options.get("catalogDir"), self.options.get("storeUrl"))

    def _iter(self) -> Iterable[Either]:
        assert self.inputs is not None, "prepare() runs first"
        for record in all_records(self.inputs, self.references):
            yield Either(left=None, right=record)

    def test_connection(self) -> None:
        """Khlang's store is local: reading it in prepare() is the connection test."""

    def close(self) -> None:
        """Nothing stays open: the store is read in one transaction."""
