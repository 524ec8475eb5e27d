"""Encoding detection and streaming transcoding for legacy Thai CSVs (TIS-620 / Windows cp874).

Both functions read bounded amounts of the file, so they work on files larger than memory.
"""
from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

import charset_normalizer

__all__ = ["detect_encoding", "first_line_fields", "is_utf8_file", "looks_binary", "transcode_lines",
           "transcode_to_utf8"]

# cp874 Thai block: 0xA1-0xDA and 0xDF-0xFB; 0xDB-0xDE and 0xFC-0xFF are undefined in cp874.
_THAI_BYTES = bytes(range(0xA1, 0xDB)) + bytes(range(0xDF, 0xFC))
_UNDEFINED_BYTES = bytes(range(0xDB, 0xDF)) + bytes(range(0xFC, 0x100))
_NOT_THAI = bytes(b for b in range(256) if b not in _THAI_BYTES)
_NOT_UNDEFINED = bytes(b for b in range(256) if b not in _UNDEFINED_BYTES)
_LOW = bytes(range(0x80))
_LONE_THAI = re.compile(rb"(?<![\xa1-\xda\xdf-\xfb])[\xa1-\xda\xdf-\xfb](?![\xa1-\xda\xdf-\xfb])")
# Above/below vowels and tone marks (combining) must follow a consonant or another mark in Thai text.
_MARK = rb"\xd1\xd4-\xda\xe7-\xec"
_NOT_MARK = bytes(b for b in range(256) if not (b == 0xD1 or 0xD4 <= b <= 0xDA or 0xE7 <= b <= 0xEC))
_STRAY_MARKS = re.compile(rb"(?:^|[^\xa1-\xce" + _MARK + rb"])[" + _MARK + rb"]")
_THAI_ALIASES = {"cp874", "tis-620", "tis_620", "iso8859-11", "iso8859_11"}


def _read_sample(path: Path, sample_bytes: int) -> tuple[bytes, bytes, bool]:
    """The first ``sample_bytes`` and a middle chunk (empty for small files); True if head is all."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(sample_bytes)
        middle = b""
        if size > 2 * sample_bytes:
            f.seek(size // 2)
            middle = f.read(sample_bytes)
    return head, middle, len(head) >= size


def _is_utf8(chunk: bytes, *, starts_mid: bool, ends_at_eof: bool) -> bool:
    """Strict UTF-8 check of a chunk cut anywhere: skip a torn leading char, tolerate a torn tail."""
    if starts_mid:
        skip = 0
        while skip < min(3, len(chunk)) and 0x80 <= chunk[skip] <= 0xBF:
            skip += 1
        chunk = chunk[skip:]
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(chunk, final=ends_at_eof)
    except UnicodeDecodeError:
        return False
    return True


def _looks_cp874(sample: bytes) -> bool:
    """Thai text in cp874: high bytes are mostly Thai letters, in runs, with marks after consonants."""
    high = len(sample.translate(None, _LOW))
    thai = len(sample.translate(None, _NOT_THAI))
    if not high or thai < 0.9 * high:
        return False
    if len(sample.translate(None, _NOT_UNDEFINED)) > 0.01 * thai:  # Cyrillic cp1251 etc. use these
        return False
    lone = sum(1 for _ in _LONE_THAI.finditer(sample))  # counted lazily: no per-match list in memory
    marks = len(sample.translate(None, _NOT_MARK))
    stray = sum(1 for _ in _STRAY_MARKS.finditer(sample))
    return lone <= 0.5 * thai and (not marks or stray <= 0.1 * marks)


def detect_encoding(path: Path, sample_bytes: int = 1 << 20) -> str:
    """Guess a file's text encoding from a bounded sample so huge legacy CSVs can be read correctly."""
    if sample_bytes < 4:
        raise ValueError("sample_bytes must be at least 4")
    path = Path(path)
    head, middle, whole = _read_sample(path, sample_bytes)
    if not head:
        return "utf-8"
    if head.startswith(codecs.BOM_UTF8):
        body_ok = _is_utf8(head[3:], starts_mid=False, ends_at_eof=whole)
        if body_ok and (not middle or _is_utf8(middle, starts_mid=True, ends_at_eof=False)):
            return "utf-8-sig"
    elif _is_utf8(head, starts_mid=False, ends_at_eof=whole) and (
        not middle or _is_utf8(middle, starts_mid=True, ends_at_eof=False)
    ):
        return "utf-8"
    sample = head + b"\n" + middle if middle else head
    if _looks_cp874(sample):
        return "cp874"
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        raise ValueError(f"{path}: cannot determine the text encoding (binary data?)")
    name = best.encoding
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        canonical = name
    return "cp874" if canonical in _THAI_ALIASES or name in _THAI_ALIASES else name


def _decode_error(src: Path, encoding: str, exc: UnicodeDecodeError, offset: int, line: int) -> ValueError:
    bad = exc.object[exc.start:exc.end].hex(" ")
    return ValueError(
        f"{src}: not valid {encoding} at line {line}, byte offset {offset} (bytes {bad}: {exc.reason})"
    )


def transcode_to_utf8(src: Path, dst: Path, encoding: str, chunk_size: int = 1 << 20, mode: int | None = None) -> None:
    """Stream ``src`` from ``encoding`` into UTF-8 at ``dst`` atomically, failing loudly on bad bytes.

    ``mode`` sets the copy's permissions (0o600 for a copy of personal data); by default it keeps the file's.
    """
    src, dst = Path(src), Path(dst)
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            offset = 0  # bytes of src consumed so far
            lines = 0  # newlines decoded so far
            while True:
                chunk = inp.read(chunk_size)
                final = not chunk
                state = decoder.getstate()
                try:
                    text = decoder.decode(chunk, final=final)
                except UnicodeDecodeError as exc:
                    pending = len(state[0])  # bytes held back from the previous chunk
                    # exc.object is (a suffix of, e.g. after a BOM) pending + chunk
                    pos = pending + len(chunk) - len(exc.object) + exc.start
                    decoder.setstate(state)
                    with contextlib.suppress(UnicodeDecodeError):
                        lines += decoder.decode(chunk[: max(pos - pending, 0)], final=False).count("\n")
                    raise _decode_error(src, encoding, exc, offset - pending + pos, lines + 1) from None
                lines += text.count("\n")
                out.write(text.encode("utf-8"))
                if final:
                    break
                offset += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        mode_of = dst if dst.exists() else src
        os.chmod(tmp, stat.S_IMODE(mode_of.stat().st_mode) if mode is None else mode)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def looks_binary(path: Path, sample_bytes: int = 1 << 16) -> bool:
    """NUL bytes in the first bytes: no CSV text in any encoding we read has them (UTF-16 aside)."""
    with Path(path).open("rb") as f:
        head = f.read(sample_bytes)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def is_utf8_file(path: Path, chunk_size: int = 1 << 20) -> bool:
    """Whether the whole file is strict UTF-8 (streamed: a sample can miss a few legacy lines)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    with Path(path).open("rb") as f:
        try:
            while chunk := f.read(chunk_size):
                decoder.decode(chunk, final=False)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def first_line_fields(path: Path, max_bytes: int = 1 << 22) -> int | None:
    """How many fields the header line has at most (by its commonest separator); None if it never ends."""
    with Path(path).open("rb") as f:
        line = f.readline(max_bytes)
    if len(line) >= max_bytes and not line.endswith(b"\n"):
        return None
    return 1 + max(line.count(sep) for sep in (b",", b";", b"\t", b"|"))


def transcode_lines(src: Path, dst: Path, legacy: str = "cp874") -> tuple[int, int]:
    """Copy ``src`` to UTF-8 line by line: UTF-8 lines as they are, the others from ``legacy``; 0600, atomic.

    For exports where a few lines were written by an older program (a TIS-620 line among UTF-8 ones).
    Returns (lines read as ``legacy``, all lines); ValueError names the first line neither encoding reads.
    """
    src, dst = Path(src), Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=dst.parent)  # mode 0600
    tmp = Path(tmp_name)
    legacy_lines = total = 0
    try:
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            for total, raw in enumerate(inp, 1):
                if total == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[3:]
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    try:
                        raw = raw.decode(legacy).encode("utf-8")
                    except UnicodeDecodeError as exc:
                        raise ValueError(f"{src}: line {total} is neither UTF-8 nor {legacy} "
                                         f"(byte {exc.start} of the line: {raw[exc.start:exc.end].hex()})") from None
                    legacy_lines += 1
                out.write(raw)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return legacy_lines, total
