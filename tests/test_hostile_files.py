"""Binary, mixed-encoding and over-wide CSVs cost one file its gap, never the sync; copies of data never linger."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from khlang.catalog.sync import sync
from khlang.config import settings
from khlang.declarations import load_catalog
from khlang.harvest.encoding import is_utf8_file, transcode_lines
from khlang.harvest.readers import FilesReader, transcoded_dir
from khlang.store import open_store

AS_OF = dt.date(2026, 11, 25)
LEGACY = "legacy/depositors_export.csv"


@pytest.fixture
def data(khlang_env, sample_dir, monkeypatch) -> Path:
    """A private copy of the sample (these tests damage its files)."""
    out = khlang_env / "data"
    shutil.copytree(sample_dir, out)
    monkeypatch.setenv("KHLANG_DATA_DIR", str(out))
    return out


def _sync():
    cfg = settings()
    return sync(load_catalog(cfg.catalog_dir), open_store(cfg.store_url), cfg.data_dir, run_key="r1", as_of=AS_OF)


def _dataset(result, obj: str):
    [h] = [h for h in result.datasets if h.object == obj]
    return h


def _mixed(path: Path, legacy_at: tuple[int, ...]) -> int:
    """Rewrite a TIS-620 export as UTF-8 except the given lines (a legacy program appended those)."""
    lines = path.read_bytes().decode("cp874").split("\n")
    out = [ln.encode("cp874") if i in legacy_at else ln.encode("utf-8") for i, ln in enumerate(lines)]
    path.write_bytes(b"\n".join(out))
    return len(lines) - (1 if lines[-1] == "" else 0)


def test_a_few_tis620_lines_among_utf8_ones_are_read_and_counted(data):
    total = _mixed(data / LEGACY, (5, 900, 1500))
    assert not is_utf8_file(data / LEGACY) and total > 1500
    result = _sync()
    h = _dataset(result, "depositors_export.csv")
    assert h.error is None and h.profile is not None
    assert h.profile.row_count == total - 1  # every line read, the header aside
    assert h.profile.encoding_note == f"cp874 (TIS-620) on 3 of {total:,} lines, transcoded to UTF-8"
    assert result.snapshot_id is not None


def test_a_binary_file_gets_its_own_gap_and_the_sync_goes_on(data):
    (data / LEGACY).write_bytes(b"PK\x03\x04" + bytes(range(256)) * 64)  # a zip (an .xlsx) saved as .csv
    (data / "reference" / "junk.csv").write_bytes(b"\x00\x01\x02" * 1000)  # beside four healthy files
    result = _sync()
    legacy = _dataset(result, "depositors_export.csv")
    assert legacy.profile is None
    assert legacy.error == f"{data / LEGACY}: binary data (NUL bytes), not CSV text: export the table as CSV again"
    gaps = [(f.dataset, f.detail) for f in result.findings if f.code == "source_unreadable"]
    assert gaps == [(legacy.name, legacy.error)]
    junk = _dataset(result, "junk.csv")
    assert junk.profile is None and "binary data" in (junk.error or "")
    for obj in ("commodities.csv", "grades.csv", "provinces.csv", "units.csv"):
        assert _dataset(result, obj).profile.row_count > 0
    assert result.snapshot_id is not None


def test_a_20000_column_csv_is_refused_before_it_is_sniffed(data):
    wide = data / "reference" / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(20_000)) + "\n" + ",".join("1" * 20_000) + "\n",
                    encoding="utf-8")
    result = _sync()
    h = _dataset(result, "wide.csv")
    assert h.error == f"{wide}: 20,000 columns, more than the 1,000 a dataset may have (KHLANG_MAX_COLUMNS)"
    assert _dataset(result, "provinces.csv").profile is not None


def test_line_wise_transcoding_names_a_line_neither_encoding_reads(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_bytes("a,b\nก,1\n".encode("cp874") + b"x,\xfc\n" + "ข,2\n".encode())
    with pytest.raises(ValueError, match="line 3 is neither UTF-8 nor cp874"):
        transcode_lines(src, tmp_path / "out.csv")
    assert list(tmp_path.iterdir()) == [src]
    src.write_bytes("a,b\nก,1\n".encode("cp874") + "ข,2\n".encode())
    assert transcode_lines(src, tmp_path / "out.csv") == (1, 3)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "a,b\nก,1\nข,2\n"
    assert oct((tmp_path / "out.csv").stat().st_mode & 0o777) == "0o600"


def test_the_utf8_copy_is_private_and_removed_when_the_read_ends(data):
    reader = FilesReader(data / "legacy")
    [table] = [t for t in reader.tables() if t.object == "depositors_export.csv"]
    [copy] = list(transcoded_dir().iterdir())
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    assert any("\u0e01" <= ch <= "\u0e5b" for ch in copy.read_text(encoding="utf-8"))  # Thai, as UTF-8
    reader.counts(table)
    reader.close()
    assert list(transcoded_dir().iterdir()) == []


def test_quality_views_keep_the_copy_until_they_close(data):
    from khlang.quality.relations import Relations

    catalog = load_catalog(settings().catalog_dir)
    [name] = [d.name for d in catalog.datasets.values() if d.object == "depositors_export.csv"]
    with Relations(catalog, data) as rel:
        view = rel.view(name)
        assert rel.con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0
        assert len(list(transcoded_dir().iterdir())) == 1
    assert list(transcoded_dir().iterdir()) == []


READ_AND_WAIT = """
import sys, time
from khlang.harvest.readers import FilesReader
reader = FilesReader(sys.argv[1])
reader.tables()
print("ready", flush=True)
time.sleep(600)
"""


def test_a_copy_left_by_kill_9_is_swept_and_a_running_readers_copy_is_kept(data):
    running = subprocess.Popen([sys.executable, "-c", READ_AND_WAIT, str(data / "legacy")],
                               stdout=subprocess.PIPE, text=True)
    killed = subprocess.Popen([sys.executable, "-c", READ_AND_WAIT, str(data / "legacy")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert running.stdout.readline() == "ready\n" and killed.stdout.readline() == "ready\n"
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait(timeout=60)
        owners = sorted(int(p.name.split("-")[0]) for p in transcoded_dir().iterdir())
        assert owners == sorted([running.pid, killed.pid])
        (transcoded_dir() / "0123456789abcdef01234567.csv").write_text("left by an older version")
        FilesReader(data / "reference").close()  # any reader sweeps at start
        assert [int(p.name.split("-")[0]) for p in transcoded_dir().iterdir()] == [running.pid]
    finally:
        running.kill()
        running.wait(timeout=60)
        killed.kill()


def test_a_wide_csv_is_counted_in_groups_of_columns_within_the_memory_cap(tmp_path, monkeypatch):
    monkeypatch.setenv("KHLANG_DUCKDB_MEMORY", "512MB")  # 200 distinct counts in one pass need more than this
    monkeypatch.setenv("KHLANG_VAR_DIR", str(tmp_path / "var"))
    folder = tmp_path / "wide"
    folder.mkdir()
    rows = [",".join(f"c{i}" for i in range(200))] + [",".join(str(r * i) for i in range(200)) for r in range(100)]
    (folder / "w.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with FilesReader(folder) as reader:
        [table] = reader.tables()
        counts = reader.counts(table)
    assert counts.row_count == 100 and len(counts.distinct) == 200
    assert counts.distinct["c0"] == 1 and counts.distinct["c199"] == 100
