"""The workflow configuration (`khlang.yaml`) that `metadata ingest -c` and `khlang openmetadata ingest` run."""

from __future__ import annotations

from pathlib import Path

import yaml

from khlang.openmetadata import SOURCE_CLASS

DEFAULT_SERVER = "http://localhost:8585/api"
TOKEN_VARIABLE = "OPENMETADATA_JWT_TOKEN"
SERVICE_NAME = "khlang"


def workflow_config(server: str = DEFAULT_SERVER, file_sink: Path | None = None, catalog_dir: Path | None = None,
                    store_url: str | None = None, token: str | None = None) -> dict:
    """OpenMetadata's workflow config with Khlang's source.

    With `file_sink` every record goes to that JSON file (OpenMetadata's own file sink) and references are
    made offline; otherwise to the server through its REST sink, looking entities up by name. The JWT is
    `${OPENMETADATA_JWT_TOKEN}`, expanded by OpenMetadata when it reads the file, never written into it.
    """
    options = {"references": "offline" if file_sink else "server"}
    if catalog_dir:
        options["catalogDir"] = str(catalog_dir)
    if store_url:
        options["storeUrl"] = store_url
    sink = {"type": "file", "config": {"filename": str(file_sink)}} if file_sink else \
        {"type": "metadata-rest", "config": {}}
    return {
        "source": {
            "type": "customDatabase",
            "serviceName": SERVICE_NAME,
            "serviceConnection": {"config": {"type": "CustomDatabase", "sourcePythonClass": SOURCE_CLASS,
                                             "connectionOptions": options}},
            "sourceConfig": {"config": {"type": "DatabaseMetadata"}},
        },
        "sink": sink,
        "workflowConfig": {
            "loggerLevel": "INFO",
            "openMetadataServerConfig": {
                "hostPort": server,
                "authProvider": "openmetadata",
                "securityConfig": {"jwtToken": token or "${" + TOKEN_VARIABLE + "}"},
            },
        },
    }


def to_yaml(config: dict) -> str:
    """The config as the YAML file people keep beside the catalogue (Thai kept as is)."""
    head = ("# OpenMetadata ingestion of Khlang: `metadata ingest -c khlang.yaml` or `khlang openmetadata ingest`.\n"
            f"# The JWT of an OpenMetadata bot comes from ${TOKEN_VARIABLE} when the file is read.\n")
    return head + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
