"""File writing shared by the generator: fixed Parquet options and fsync, for byte-identical, durable output."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

# Everything that influences the bytes is pinned here; nothing depends on the clock or host.
PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
    "store_schema": True,
}


def parquet_writer(path: Path, schema: pa.Schema) -> pq.ParquetWriter:
    """Open a Parquet writer with the pinned options."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return pq.ParquetWriter(str(path), schema, **PARQUET_OPTIONS)


def write_parquet(table: pa.Table, path: Path) -> int:
    """Write a small table as one row group and return its row count."""
    with parquet_writer(path, table.schema) as w:
        w.write_table(table, row_group_size=max(1, table.num_rows))
    return table.num_rows


def fsync_tree(root: Path) -> None:
    """Flush every file and directory under root so a rename publishes durable data."""
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fd = os.open(dirpath, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def rng_for(seed: int, *stream: int) -> np.random.Generator:
    """Independent, reproducible random stream per (seed, purpose, part)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=tuple(stream)))


def days_since_epoch(iso: str) -> int:
    """Day number of an ISO date, the int32 value behind Arrow date32."""
    return int(np.datetime64(iso, "D").astype(np.int64))
