"""Legacy Thai CSVs: detect cp874 vs UTF-8 from a sample, transcode streaming and atomically."""
from __future__ import annotations

import codecs
import hashlib
import tracemalloc
from pathlib import Path

import pytest

from khlang.harvest.encoding import detect_encoding, transcode_to_utf8

HEADER = "รหัสคลัง,ชื่อคลัง,สินค้า,น้ำหนัก (กก.),ผู้รับผิดชอบ,หมายเหตุ\r\n"


def thai_csv(rows: int) -> str:
    lines = [HEADER]
    for i in range(rows):
        lines.append(f"W{i:05d},คลังสินค้า อคส. สาขาอยุธยา {i % 7},ข้าวหอมมะลิ ๑๐๐%,{i * 13.5:.1f},"
                     f"นายสมชาย ใจดี,\u201cตรวจแล้ว\u201d – ความชื้น ≤ 15%\r\n".replace("≤", "<="))
    return "".join(lines)


def leftovers(directory: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)


# --------------------------------------------------------------------------- detection
def test_cp874_thai_csv_is_detected_and_round_trips(tmp_path: Path) -> None:
    text = thai_csv(500)
    src, dst = tmp_path / "stock.csv", tmp_path / "stock.utf8.csv"
    src.write_bytes(text.encode("cp874"))
    assert detect_encoding(src) == "cp874"
    transcode_to_utf8(src, dst, "cp874", chunk_size=777)  # odd chunk size: chunks end anywhere
    assert dst.read_bytes() == text.encode("utf-8")
    assert leftovers(tmp_path, {"stock.csv", "stock.utf8.csv"}) == []


def test_tis620_file_is_reported_as_cp874(tmp_path: Path) -> None:
    src = tmp_path / "old.csv"
    src.write_bytes("รหัส,ชื่อ\n1,ข้าวหอมมะลิ\n2,ยางแผ่นรมควัน\n".encode("tis-620"))
    assert detect_encoding(src) == "cp874"


def test_utf8_without_and_with_bom(tmp_path: Path) -> None:
    text = thai_csv(50)
    plain, bom = tmp_path / "plain.csv", tmp_path / "bom.csv"
    plain.write_bytes(text.encode("utf-8"))
    bom.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert detect_encoding(plain) == "utf-8"
    assert detect_encoding(bom) == "utf-8-sig"
    out = tmp_path / "out.csv"
    transcode_to_utf8(bom, out, "utf-8-sig", chunk_size=2)  # BOM split across chunks too
    assert out.read_bytes() == text.encode("utf-8")


def test_ascii_and_empty_files_are_utf8(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"id,qty\n1,2\n")
    (tmp_path / "e.csv").write_bytes(b"")
    assert detect_encoding(tmp_path / "a.csv") == "utf-8"
    assert detect_encoding(tmp_path / "e.csv") == "utf-8"


@pytest.mark.parametrize("encoding", ["cp1252", "cp1251", "cp1255"])
def test_other_single_byte_encodings_are_not_mistaken_for_thai(tmp_path: Path, encoding: str) -> None:
    text = {
        "cp1252": "Café, naïve, résumé, Ünïcödé, straße, façade, déjà vu, Œuvre\n",
        "cp1251": "Привет, мир. Съешь же ещё этих мягких французских булок, да выпей чаю\n",
        "cp1255": "שלום עולם, זהו טקסט בעברית לבדיקה של זיהוי קידוד התווים בקובץ\n",
    }[encoding]
    src = tmp_path / "x.csv"
    src.write_bytes(text.encode(encoding) * 80)
    detected = detect_encoding(src)
    assert detected != "cp874"
    if encoding != "cp1252":  # charset-normalizer may name a Latin sibling (cp1250) for the first one
        assert src.read_bytes().decode(detected) == text * 80


@pytest.mark.parametrize("torn", [1, 2])  # cut after the 1st or 2nd byte of a 3-byte Thai character
def test_multibyte_char_straddling_sample_boundaries_is_still_utf8(tmp_path: Path, torn: int) -> None:
    sample = 1 << 20
    head = b"a" * (sample - torn) + "ก".encode() + b"\n"
    assert not head[:sample].decode("utf-8", "ignore").endswith("ก")  # the sample really cuts the char
    body = ("ข้าวหอมมะลิ,คลังสินค้า\n" * 90_000).encode()
    data = head + body
    # Move the middle cut onto a continuation byte so the middle sample also starts mid-character.
    while not 0x80 <= data[len(data) // 2] <= 0xBF:
        data += b"a"
    assert len(data) > 2 * sample  # both samples are taken (a few MB file)
    src = tmp_path / "big.csv"
    src.write_bytes(data)
    assert detect_encoding(src) == "utf-8"
    small = tmp_path / "small.csv"
    small.write_bytes("กขค".encode() * 5000)
    for n in range(4, 12):  # every cut position inside a 3-byte character, both samples
        assert detect_encoding(small, sample_bytes=n) == "utf-8"


def test_utf8_with_a_bad_byte_in_the_middle_is_not_utf8(tmp_path: Path) -> None:
    data = bytearray("ข้าวหอมมะลิ,คลังสินค้า\n".encode() * 200_000)
    pos = len(data) // 2 + 100
    data[pos:pos] = "ข้าวหอมมะลิ".encode("cp874")
    src = tmp_path / "mixed.csv"
    src.write_bytes(bytes(data))
    try:
        detected = detect_encoding(src)
    except ValueError as err:  # charset-normalizer may give up on a mixed file: that is fine too
        assert "cannot determine" in str(err)
    else:
        assert detected != "utf-8"


# --------------------------------------------------------------------------- transcoding errors
def corrupt_cp874(bad_line: int, bad: bytes = b"\xdb") -> tuple[bytes, int]:
    lines = [f"{i},ข้าวหอมมะลิ,นายสมชาย ใจดี\n".encode("cp874") for i in range(1, 400)]
    lines[bad_line - 1] = lines[bad_line - 1][:6] + bad + lines[bad_line - 1][6:]
    data = b"".join(lines)
    return data, data.index(bad)


@pytest.mark.parametrize("bad", [b"\xdb", b"\xde", b"\xfc", b"\xff"])
@pytest.mark.parametrize(("bad_line", "chunk_size"), [(1, 1 << 20), (7, 1 << 20), (237, 64), (399, 5)])
def test_corrupt_cp874_names_line_and_offset_and_leaves_nothing(
    tmp_path: Path, bad_line: int, chunk_size: int, bad: bytes
) -> None:
    data, offset = corrupt_cp874(bad_line, bad)
    src, dst = tmp_path / "broken.csv", tmp_path / "out.csv"
    src.write_bytes(data)
    assert detect_encoding(src) == "cp874"  # a stray undefined byte doesn't hide that the file is Thai
    with pytest.raises(ValueError) as err:
        transcode_to_utf8(src, dst, "cp874", chunk_size=chunk_size)
    message = str(err.value)
    assert str(src) in message
    assert f"line {bad_line}," in message
    assert f"byte offset {offset} " in message
    assert not dst.exists()
    assert leftovers(tmp_path, {"broken.csv"}) == []


def test_failed_transcode_keeps_an_existing_destination(tmp_path: Path) -> None:
    data, _ = corrupt_cp874(3)
    src, dst = tmp_path / "broken.csv", tmp_path / "out.csv"
    src.write_bytes(data)
    dst.write_text("previous good output\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        transcode_to_utf8(src, dst, "cp874")
    assert dst.read_text(encoding="utf-8") == "previous good output\n"
    assert leftovers(tmp_path, {"broken.csv", "out.csv"}) == []


@pytest.mark.parametrize("chunk_size", [1, 3, 1 << 20])
def test_truncated_utf8_at_end_of_file_reports_last_line(tmp_path: Path, chunk_size: int) -> None:
    data = "a,b\n1,ข้าว\n2,".encode() + "ยาง".encode()[:-1]
    src = tmp_path / "cut.csv"
    src.write_bytes(data)
    with pytest.raises(ValueError, match=rf"line 3, byte offset {len(data) - 2} "):
        transcode_to_utf8(src, tmp_path / "out.csv", "utf-8", chunk_size=chunk_size)
    assert leftovers(tmp_path, {"cut.csv"}) == []


def test_bad_byte_right_after_bom_reports_true_offset(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b"ab\n\xffc\n"
    src = tmp_path / "b.csv"
    src.write_bytes(data)
    with pytest.raises(ValueError, match=r"line 2, byte offset 6 "):
        transcode_to_utf8(src, tmp_path / "out.csv", "utf-8-sig")


# --------------------------------------------------------------------------- bounded memory
def test_transcoding_50mb_uses_bounded_memory(tmp_path: Path) -> None:
    block = thai_csv(400).encode("cp874")
    src, dst = tmp_path / "big.csv", tmp_path / "big.utf8.csv"
    expected = hashlib.sha256()
    with src.open("wb") as f:
        while f.tell() < 50 * (1 << 20):
            f.write(block)
            expected.update(block.decode("cp874").encode("utf-8"))
    size = src.stat().st_size

    tracemalloc.start()
    try:
        assert detect_encoding(src) == "cp874"
        _, detect_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        transcode_to_utf8(src, dst, "cp874")
        _, transcode_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert detect_peak < 8 * (1 << 20), detect_peak  # two 1 MiB samples plus bookkeeping
    assert transcode_peak < 12 * (1 << 20) < size // 4, transcode_peak  # a few 1 MiB chunks, never the file
    actual = hashlib.sha256()
    with dst.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            actual.update(chunk)
    assert actual.hexdigest() == expected.hexdigest()
