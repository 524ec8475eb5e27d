"""Every failure of the `khlang` command is one sentence and an exit code; a traceback only with --debug."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from khlang.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A Khlang home with the bundled declarations and no data (nothing here needs to read data)."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copytree(REPO / "catalog", home / "catalog")
    shutil.copytree(REPO / "expectations", home / "expectations")
    monkeypatch.setenv("KHLANG_HOME", str(home))
    monkeypatch.setenv("KHLANG_VAR_DIR", str(home / "var"))
    monkeypatch.setenv("KHLANG_DATA_DIR", str(home / "data"))
    for var in ("KHLANG_CATALOG_DIR", "KHLANG_EXPECTATIONS_DIR", "KHLANG_STORE_URL", "KHLANG_REPORTS_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    return home


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and lines[0].startswith("khlang: error: ")
    return lines[0]


def _tree(path: Path) -> set[Path]:
    return {p.relative_to(path) for p in path.rglob("*")}


@pytest.mark.parametrize("argv, message", [
    (["catalog", "export", "--format", "ckan", "--out", "{tmp}"], "is a folder; name the file to write"),
    (["catalog", "export", "--format", "ckan", "--out", "{home}/catalog/ckan.json"], "inside the catalogue folder"),
    (["catalog", "site", "--out", "{home}/catalog"], "inside the catalogue folder"),
    (["catalog", "site", "--out", "{home}/catalog/datasets/site"], "inside the catalogue folder"),
    (["catalog", "site", "--out", "/proc/khlang-site"], "cannot write in /proc"),
    (["catalog", "export", "--format", "ckan", "--out", "/proc/khlang.json"], "cannot write in /proc"),
    (["report", "build", "--period", "2026Q4", "--out", "{home}/catalog/x"], "inside the catalogue folder"),
    (["catalog", "site", "--out", "{tmp}/a-file/site"], "a-file is a file, not a folder"),
    (["linkage", "report", "--out", "{tmp}/a-file"], "is a file; name a folder to write into"),
])
def test_a_refused_out_is_one_sentence_exit_2_and_writes_nothing(argv, message, home, tmp_path, capsys):
    (tmp_path / "a-file").write_text("keep", encoding="utf-8")
    argv = [a.format(tmp=tmp_path, home=home) for a in argv]
    before = _tree(tmp_path)
    assert main(argv) == 2
    assert message in _one_line(capsys)
    assert _tree(tmp_path) == before
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "keep"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_store_is_one_sentence_exit_1_without_its_password(home, monkeypatch, capsys):
    monkeypatch.setenv("KHLANG_STORE_URL", f"postgresql://khlang:s3cret@127.0.0.1:{_free_port()}/khlang")
    assert main(["store", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "s3cret" not in err
    first, hint = err.splitlines()
    assert first.startswith("khlang: error: the store did not answer (postgresql://khlang:***@127.0.0.1:")
    assert "Connection refused" in first
    assert hint == "khlang: rerun with --debug to see where it happened"


def test_debug_shows_the_traceback(home, monkeypatch, capsys):
    monkeypatch.setenv("KHLANG_STORE_URL", f"postgresql://127.0.0.1:{_free_port()}/khlang")
    assert main(["store", "upgrade", "--debug"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert err.splitlines()[-1].startswith("khlang: error: the store did not answer")


def test_an_unexpected_error_is_one_sentence(home, monkeypatch, capsys):
    from khlang import cli

    def broken(_args):  # noqa: ANN001, ANN202
        raise ZeroDivisionError("division by zero")

    cli.build_parser()  # registers every command
    monkeypatch.setitem(cli.COMMANDS._entries, ("store", "upgrade"), broken)
    assert main(["store", "upgrade"]) == 1
    assert _one_line(capsys) == "khlang: error: ZeroDivisionError: division by zero"


def test_the_installed_command_prints_no_traceback_for_a_hostile_declaration(home):
    target = home / "catalog" / "datasets" / "zero.yaml"
    target.symlink_to("/dev/zero")
    done = subprocess.run([sys.executable, "-m", "khlang.cli", "catalog", "validate"], capture_output=True,
                          text=True, timeout=120, cwd=home)
    assert done.returncode == 2
    assert done.stderr == f"khlang: error: {target}: (file): not a regular file (a folder, device or pipe): " \
                          "declarations are files\n"
