"""Small but structurally real files of every kind the evidence store sees: the accepted ones and the refused.

Images and PDFs are built byte by byte to their formats; OOXML and ODF packages with zipfile; legacy
Word/Excel as real OLE2 compound files (sectors, FAT, directory entries) that olefile reads like Office's.
"""

from __future__ import annotations

import io
import itertools
import struct
import zipfile
import zlib

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xdb\x00\x43\x00" + bytes(range(1, 65)) + b"\xff\xd9")
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
_VP8L = b"\x2f\x00\x00\x00\x00\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
WEBP = b"RIFF" + struct.pack("<I", 4 + 8 + len(_VP8L)) + b"WEBPVP8L" + struct.pack("<I", len(_VP8L)) + _VP8L

EXE = b"MZ\x90\x00" + b"\x00" * 56 + struct.pack("<I", 64) + b"PE\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script><rect width="10" height="10"/></svg>')
HTML_THEN_PDF = b"<html><script>alert(1)</script></html>\n" + PDF  # browsers sniff the HTML first

_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_MAIN = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
}


def ooxml(kind: str, *, vba: bool = False) -> bytes:
    part, content_type = _MAIN[kind]
    manifest = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{_CT}">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", manifest)
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        z.writestr(part, '<?xml version="1.0"?><root>หลักฐานการประชุม</root>')
        if vba:
            z.writestr(part.split("/")[0] + "/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return out.getvalue()


def odf(media_type: str, *, basic: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), media_type, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
        if basic:
            z.writestr("Basic/Standard/Module1.xml", "<script/>")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("setup.exe", EXE)
    return out.getvalue()


# ---- OLE2 compound files (MS-CFB version 3: 512-byte sectors) ------------------------------------------------

FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512


def _entry(name: str, kind: int, child: int = NOSTREAM, right: int = NOSTREAM, start: int = END,
           size: int = 0) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", NOSTREAM, right, child) + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
            + struct.pack("<IQ", start, size))


def _sorted_chain(indexes: list[int], names: dict[int, str]) -> list[int]:
    """Siblings in MS-CFB's order (shorter names first, then by upper case), chained through right links."""
    return sorted(indexes, key=lambda i: (len(names[i]), names[i].upper()))


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 file with these streams ("Storage/Stream" nests one level); each stream ≥ 4096 bytes (no mini FAT)."""
    names: dict[int, str] = {0: "Root Entry"}
    kinds: dict[int, int] = {0: 5}
    parent: dict[int, int] = {}
    data: dict[int, bytes] = {}
    storages: dict[str, int] = {}
    for path, body in streams.items():
        *folder, leaf = path.split("/")
        owner = 0
        if folder:
            if folder[0] not in storages:
                storages[folder[0]] = len(names)
                names[len(names)], kinds[len(kinds)] = folder[0], 1
                parent[storages[folder[0]]] = 0
            owner = storages[folder[0]]
        index = len(names)
        names[index], kinds[index], parent[index] = leaf, 2, owner
        data[index] = body.ljust(max(4096, len(body)), b"\x00")
    # sectors: 0 = FAT, 1 = directory (4 entries per sector), then stream data
    dir_sectors = -(-len(names) // 4)
    fat: list[int] = [FATSECT] + [i + 2 if i + 1 < dir_sectors else END for i in range(dir_sectors)]
    start: dict[int, int] = {}
    blob = b""
    for index, body in data.items():
        count = -(-len(body) // SECTOR)
        start[index] = len(fat)
        fat += [len(fat) + j + 1 for j in range(count - 1)] + [END]
        blob += body.ljust(count * SECTOR, b"\x00")
    assert len(fat) <= SECTOR // 4, "one FAT sector is enough for test files"
    children: dict[int, list[int]] = {}
    for index, owner in parent.items():
        children.setdefault(owner, []).append(index)
    first_child, right = {}, {}
    for owner, kids in children.items():
        chain = _sorted_chain(kids, names)
        first_child[owner] = chain[0]
        right.update(dict(itertools.pairwise(chain)))
    directory = b"".join(
        _entry(names[i], kinds[i], child=first_child.get(i, NOSTREAM), right=right.get(i, NOSTREAM),
               start=start.get(i, END), size=len(data.get(i, b""))) for i in range(len(names)))
    directory = directory.ljust(dir_sectors * SECTOR, b"\x00")
    difat = [0] + [FREE] * 108
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\x00" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<109I", *difat))
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    return header + fat_sector + directory + blob


def legacy_doc(*, macros: bool = False) -> bytes:
    streams = {"WordDocument": b"\xec\xa5" + b"\x00" * 100, "1Table": b"\x00" * 10,
               "\x05SummaryInformation": b"\xfe\xff"}
    if macros:
        streams["Macros/VBA"] = b"Attribute VB_Name"
    return compound_file(streams)


def legacy_xls(*, macros: bool = False) -> bytes:
    streams = {"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00", "\x05SummaryInformation": b"\xfe\xff"}
    if macros:
        streams["_VBA_PROJECT_CUR/PROJECT"] = b"ID=\"{}\""
    return compound_file(streams)


def encrypted_ooxml() -> bytes:
    """What Office writes for a password-protected docx: an OLE2 file with EncryptionInfo, no Word stream."""
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x00" * 64})
