"""The content checksum of a table: one definition for the source, the backup's manifest and the restore.

It must not depend on row order (a restore, a VACUUM or a parallel scan may return rows in another
order) and must count duplicates, so it is the sum modulo 2**128 of a 128-bit BLAKE2b hash of each
row's canonical bytes, combined with the column names and the row count. A value is encoded with
its type, so 1, 1.0, '1' and NULL all differ; aware timestamps are taken in UTC so the session
time zone of the reader cannot change the result.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_MOD = 1 << 128


@dataclass(frozen=True)
class TableDigest:
    """Row count and content checksum of one table."""

    rows: int
    checksum: str

    def to_dict(self) -> dict:
        return {"rows": self.rows, "checksum": self.checksum}


def digest_rows(columns: list[str], batches: Iterable[Sequence[tuple]]) -> TableDigest:
    """The digest of a table given its column names and its rows in batches, in any order."""
    total = 0
    count = 0
    blake, from_bytes = hashlib.blake2b, int.from_bytes
    for batch in batches:
        for row in batch:
            total += from_bytes(blake(_row_bytes(row), digest_size=16).digest(), "big")
            count += 1
    total %= _MOD
    head = "\x1f".join(columns).encode("utf-8")
    final = hashlib.sha256(head + b"\x1e" + total.to_bytes(16, "big") + count.to_bytes(8, "big"))
    return TableDigest(count, final.hexdigest())


def _row_bytes(row: tuple) -> bytes:
    # The common types inline (the same bytes _encode gives): this loop is the cost of a restore test.
    out: list[bytes] = []
    for v in row:
        t = type(v)
        if t is str:
            b = b"S" + v.encode("utf-8", "surrogatepass")
        elif t is int:
            b = b"I%d" % v
        elif v is None:
            b = b"N"
        elif t is float:
            b = b"Fnan" if v != v else b"F" + v.hex().encode()
        elif t is dt.date:
            b = b"d" + v.isoformat().encode()
        else:
            b = _encode(v)
        out.append(len(b).to_bytes(4, "big"))
        out.append(b)
    return b"".join(out)


def _field(value: object) -> bytes:
    data = _encode(value)
    return len(data).to_bytes(4, "big") + data


def _encode(value: object) -> bytes:  # noqa: PLR0911 - one branch per type is the clearest form
    if value is None:
        return b"N"
    if isinstance(value, bool):
        return b"B1" if value else b"B0"
    if isinstance(value, int):
        return b"I" + str(value).encode()
    if isinstance(value, float):
        return b"F" + (b"nan" if math.isnan(value) else value.hex().encode())
    if isinstance(value, decimal.Decimal):
        return b"D" + str(value).encode()
    if isinstance(value, str):
        return b"S" + value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return b"X" + bytes(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return b"T" + value.astimezone(dt.UTC).isoformat().encode()
        return b"t" + value.isoformat().encode()
    if isinstance(value, dt.date):
        return b"d" + value.isoformat().encode()
    if isinstance(value, dt.time):
        return b"h" + value.isoformat().encode()
    if isinstance(value, dt.timedelta):
        return b"e" + str(value // dt.timedelta(microseconds=1)).encode()
    if isinstance(value, uuid.UUID):
        return b"U" + value.bytes
    if isinstance(value, (list, tuple)):
        return b"L" + b"".join(_field(v) for v in value)
    if isinstance(value, dict):
        return b"M" + b"".join(_field(str(k)) + _field(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
    return b"O" + type(value).__name__.encode() + b":" + str(value).encode("utf-8", "surrogatepass")
