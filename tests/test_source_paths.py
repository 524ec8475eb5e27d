"""A source's path stays under KHLANG_DATA_DIR (or a root the operator allowed): refused at validation."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from khlang.declarations import load_catalog
from khlang.declarations.models import Source
from khlang.errors import DeclarationError, SourceError
from khlang.harvest.scan import open_source

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def catalog(tmp_path, monkeypatch) -> Path:
    """A copy of the bundled catalogue whose data folder is tmp_path/data."""
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("KHLANG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KHLANG_DATA_ROOTS", raising=False)
    return tmp_path / "catalog"


def _set_path(catalog: Path, old: str, new: str) -> int:
    path = catalog / "sources.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index(f"    path: {old}")
    lines[index] = f"    path: {new}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def _problems(catalog: Path) -> list[str]:
    with pytest.raises(DeclarationError) as err:
        load_catalog(catalog)
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize("declared, kind", [
    ("/etc", "an absolute path that leaves the data folder"),
    ("../../../../../../etc", "a path with '..' that leaves the data folder"),
    ("master/../../outside", "a path with '..' that leaves the data folder"),
])
def test_a_path_out_of_the_data_folder_is_refused_at_its_line(catalog, declared, kind):
    line = _set_path(catalog, "master", declared)
    [problem] = _problems(catalog)
    assert problem.startswith(f"{catalog / 'sources.yaml'}:{line}: sources[0].path: {declared!r} is {kind} ")
    assert "KHLANG_DATA_ROOTS" in problem


def test_a_symlink_out_of_the_data_folder_is_refused(catalog, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (tmp_path / "data" / "master").symlink_to(outside)
    line = _set_path(catalog, "master", "master")
    [problem] = _problems(catalog)
    assert f":{line}: sources[0].path: 'master' is a path through a symlink that leaves the data folder" in problem


def test_a_database_file_source_is_checked_too(catalog):
    text = (catalog / "sources.yaml").read_text(encoding="utf-8")
    assert "type: sqlite" in text
    line = next(i for i, ln in enumerate(text.split("\n"), 1) if "path: legacy" in ln and ".sqlite" in ln)
    old = text.split("\n")[line - 1].split("path: ", 1)[1]
    _set_path(catalog, old, "/etc/passwd.sqlite")
    [problem] = _problems(catalog)
    assert f"sources.yaml:{line}: " in problem and "an absolute path that leaves" in problem


def test_operators_allow_extra_roots(catalog, tmp_path, monkeypatch):
    extra, other = tmp_path / "archive", tmp_path / "more"
    extra.mkdir()
    other.mkdir()
    _set_path(catalog, "master", str(extra / "master"))
    monkeypatch.setenv("KHLANG_DATA_ROOTS", os.pathsep.join([str(other), str(extra)]))
    assert load_catalog(catalog).sources["wms_master"].path == str(extra / "master")
    monkeypatch.setenv("KHLANG_DATA_ROOTS", str(other))
    [problem] = _problems(catalog)
    assert f"and KHLANG_DATA_ROOTS ({other})" in problem


def test_reading_refuses_an_escape_even_when_validation_was_skipped(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for declared in ("/etc", "../outside"):
        with pytest.raises(SourceError, match="leaves the data folder"):
            open_source(Source(name="s", type="files", path=declared), data)
