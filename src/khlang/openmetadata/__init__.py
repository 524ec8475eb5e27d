"""Khlang as an OpenMetadata ingestion source (optional extra `openmetadata`; importing it costs ~20-40 s).

Only `khlang.openmetadata.source` and `records` import the SDK; this package and `mapping`, `config` and
`tasks` stay cheap so the CLI and DAG files can name them without loading OpenMetadata.
"""

from __future__ import annotations

import importlib.util

SOURCE_CLASS = "khlang.openmetadata.source.KhlangSource"
INSTALL_HINT = "pip install -e '.[openmetadata]'"


def installed() -> bool:
    """Whether the openmetadata-ingestion SDK can be imported (without importing it)."""
    return importlib.util.find_spec("metadata") is not None and \
        importlib.util.find_spec("metadata.workflow") is not None
