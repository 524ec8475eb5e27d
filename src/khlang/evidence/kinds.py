"""The kinds of evidence file accepted, each recognised by its bytes, never by its name.

Images and PDF by their signatures; office documents by opening the container: OOXML (docx/xlsx/pptx) by
the main part its [Content_Types].xml declares, ODF (odt/ods) by its `mimetype` entry, legacy Word/Excel
(doc/xls) by the streams of the OLE2 compound file (olefile). Macro-enabled documents are refused: a
document with code in it is not evidence. Anything else (HTML, SVG, scripts, executables, archives) is
refused, whatever its name says.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from khlang.registry import Registry

MAX_MANIFEST_BYTES = 1_000_000  # [Content_Types].xml of a real document is a few kB


class MacroDocument(Exception):
    """An office document carrying macros (VBA): refused."""


@dataclass(frozen=True)
class EvidenceKind:
    """One accepted kind: the media type sent back on download and its usual extension."""

    code: str
    media_type: str
    extension: str
    label_th: str
    label_en: str
    matches: Callable[[bytes], bool]


KINDS: Registry[str, EvidenceKind] = Registry("evidence file type")


def _kind(code: str, media_type: str, extension: str, label_th: str, label_en: str):
    def decorate(matches: Callable[[bytes], bool]) -> Callable[[bytes], bool]:
        KINDS.add(code, EvidenceKind(code, media_type, extension, label_th, label_en, matches))
        return matches
    return decorate


@_kind("pdf", "application/pdf", "pdf", "เอกสาร PDF", "PDF document")
def _pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-")


@_kind("png", "image/png", "png", "ภาพ PNG", "PNG image")
def _png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"


@_kind("jpeg", "image/jpeg", "jpg", "ภาพ JPEG", "JPEG image")
def _jpeg(data: bytes) -> bool:
    return data.startswith(b"\xff\xd8\xff")


@_kind("gif", "image/gif", "gif", "ภาพ GIF", "GIF image")
def _gif(data: bytes) -> bool:
    return data[:6] in (b"GIF87a", b"GIF89a")


@_kind("webp", "image/webp", "webp", "ภาพ WebP", "WebP image")
def _webp(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:15] == b"VP8"


# OOXML: the content type of the document's main part, as [Content_Types].xml declares it.
_OOXML_MAIN = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", "ppt/"),
}
_OVERRIDE = re.compile(rb"<Override\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb'(PartName|ContentType)\s*=\s*"([^"]*)"')


def _zip(data: bytes) -> zipfile.ZipFile | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _ooxml_parts(data: bytes) -> dict[str, str] | None:
    """Part name → content type from [Content_Types].xml; None when this is no OOXML package."""
    archive = _zip(data)
    if archive is None:
        return None
    with archive:
        names = set(archive.namelist())
        try:
            info = archive.getinfo("[Content_Types].xml")
        except KeyError:
            return None
        if info.file_size > MAX_MANIFEST_BYTES:
            return None
        try:
            manifest = archive.read(info)
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
            return None
    if any(name.lower().endswith("vbaproject.bin") for name in names) or b"macroEnabled" in manifest:
        raise MacroDocument("macro-enabled office document")
    parts = {}
    for tag in _OVERRIDE.findall(manifest):
        attrs = dict(_ATTR.findall(tag))
        if b"PartName" in attrs and b"ContentType" in attrs:
            part = attrs[b"PartName"].decode("utf-8", "replace").lstrip("/")
            if part in names:
                parts[part] = attrs[b"ContentType"].decode("utf-8", "replace")
    return parts


def _ooxml(code: str) -> Callable[[bytes], bool]:
    main, folder = _OOXML_MAIN[code]

    def matches(data: bytes) -> bool:
        parts = _ooxml_parts(data) or {}
        return any(t == main and p.startswith(folder) for p, t in parts.items())
    return matches


KINDS.add("docx", EvidenceKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                               "docx", "เอกสาร Word", "Word document", _ooxml("docx")))
KINDS.add("xlsx", EvidenceKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               "xlsx", "สมุดงาน Excel", "Excel workbook", _ooxml("xlsx")))
KINDS.add("pptx", EvidenceKind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                               "pptx", "งานนำเสนอ PowerPoint", "PowerPoint presentation", _ooxml("pptx")))


def _odf(media_type: str) -> Callable[[bytes], bool]:
    """ODF: the first entry is `mimetype`, stored uncompressed, holding exactly the media type."""

    def matches(data: bytes) -> bool:
        archive = _zip(data)
        if archive is None:
            return False
        with archive:
            infos = archive.infolist()
            if not infos or infos[0].filename != "mimetype" or infos[0].file_size > 100:
                return False
            if "content.xml" not in archive.namelist():
                return False
            if any(name.lower().startswith("basic/") for name in archive.namelist()):
                raise MacroDocument("ODF document with Basic macros")
            try:
                return archive.read(infos[0]).strip() == media_type.encode("ascii")
            except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
                return False
    return matches


KINDS.add("odt", EvidenceKind("odt", "application/vnd.oasis.opendocument.text", "odt",
                              "เอกสาร OpenDocument", "OpenDocument text",
                              _odf("application/vnd.oasis.opendocument.text")))
KINDS.add("ods", EvidenceKind("ods", "application/vnd.oasis.opendocument.spreadsheet", "ods",
                              "ตารางคำนวณ OpenDocument", "OpenDocument spreadsheet",
                              _odf("application/vnd.oasis.opendocument.spreadsheet")))

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole_streams(data: bytes) -> set[str] | None:
    """Top-level stream and storage names of an OLE2 compound file (lower case), or None."""
    if not data.startswith(_OLE2):
        return None
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {"/".join(path).lower() for path in ole.listdir(streams=True, storages=True)}
    except Exception:  # noqa: BLE001 - a malformed compound file is simply not a document
        return None


def _ole(wanted: tuple[str, ...], macros: tuple[str, ...]) -> Callable[[bytes], bool]:
    def matches(data: bytes) -> bool:
        streams = _ole_streams(data)
        if not streams or not any(name in streams for name in wanted):
            return False
        if any(name == m or name.startswith(m + "/") for name in streams for m in macros):
            raise MacroDocument("legacy office document with VBA macros")
        return True
    return matches


KINDS.add("doc", EvidenceKind("doc", "application/msword", "doc", "เอกสาร Word (รุ่นเก่า)", "Word 97–2003 document",
                              _ole(("worddocument",), ("macros", "_vba_project"))))
KINDS.add("xls", EvidenceKind("xls", "application/vnd.ms-excel", "xls", "สมุดงาน Excel (รุ่นเก่า)",
                              "Excel 97–2003 workbook",
                              _ole(("workbook", "book"), ("_vba_project_cur", "_vba_project"))))


def detect(data: bytes) -> EvidenceKind | None:
    """The accepted kind these bytes are, or None; raises MacroDocument for an office file with macros."""
    for kind in KINDS.values():
        if kind.matches(data):
            return kind
    return None
