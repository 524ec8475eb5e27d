"""kill -9 at random moments: each long command is killed KHLANG_TEST_KILLS times (8; 20 for the hardening
review's 100 kills), and after every kill the store is consistent (integrity, no half run visible) and no
output holds a partial file; a re-run then converges to the state an uninterrupted run left.

Each command runs as the real CLI in its own process (that is the point: a process dies with its
connections, transactions and files open). The delays are random but seeded, spread over the
command's measured duration.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

KILLS = int(os.environ.get("KHLANG_TEST_KILLS", "8"))
AS_OF = "2026-11-25"
QUARTER = "2026Q4"


def khlang(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """The CLI in a fresh process, run to its end."""
    return subprocess.run([sys.executable, "-m", "khlang.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=os.environ.copy())


def killed_at(args: list[str], delay: float) -> int | None:
    """Start the command, SIGKILL it after `delay` seconds; its exit code if it ended first."""
    proc = subprocess.Popen([sys.executable, "-m", "khlang.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=os.environ.copy())
    try:
        return proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return None


def timed(args: list[str]) -> float:
    """Run the command uninterrupted; its wall time."""
    start = time.monotonic()
    result = khlang(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    return time.monotonic() - start


# --- what must hold after every kill ----------------------------------------------------------------

def store_path(home: Path) -> Path:
    return home / "var" / "khlang.db"


def assert_store_consistent(home: Path) -> None:
    """SQLite's own integrity checks, then Khlang's: whole snapshots, complete quality runs, opened issues."""
    con = sqlite3.connect(store_path(home))
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        partial = con.execute(
            "SELECT s.run_key FROM catalog_snapshots s LEFT JOIN dataset_snapshots d ON d.snapshot_id = s.id "
            "GROUP BY s.id HAVING count(d.id) != s.dataset_count").fetchall()
        assert partial == [], f"snapshots missing datasets: {partial}"
        datasets = _declared(home)
        for (run_key,) in con.execute("SELECT DISTINCT run_key FROM quality_runs WHERE complete"):
            written = {r[0] for r in con.execute(
                "SELECT dataset FROM quality_runs WHERE run_key = ? AND scope = 'data'", (run_key,))}
            assert written == datasets, f"run {run_key} is visible with {len(written)} of {len(datasets)} datasets"
            assert con.execute("SELECT count(*) FROM quality_runs WHERE run_key = ? AND NOT complete",
                               (run_key,)).fetchone()[0] == 0
            assert con.execute("SELECT count(*) FROM quality_scores WHERE run_key = ?", (run_key,)).fetchone()[0]
        unopened = con.execute("SELECT i.id FROM governance_issues i WHERE (SELECT count(*) "
                               "FROM governance_issue_events e WHERE e.issue_id = i.id AND e.type = 'opened') != 1"
                               ).fetchall()
        assert unopened == []
    finally:
        con.close()


def _declared(home: Path) -> set[str]:
    from khlang.declarations import load_catalog

    return set(load_catalog(home / "catalog").datasets)


def assert_outputs_whole(home: Path) -> None:
    """What readers can see is whole: the published report and every backup that has a manifest."""
    from khlang.backup.manifest import file_problems, is_manifest, read_manifest

    report = home / "reports" / "committee" / QUARTER
    if report.exists():
        assert (report / ".khlang-generated").is_file() and (report / "index.html").is_file()
        json.loads((report / "summary.json").read_text(encoding="utf-8"))
    for folder in backup_folders(home):
        for path in folder.iterdir():
            if path.name.startswith(".") or is_manifest(path):
                continue
            manifest = read_manifest(path)
            if manifest is not None:
                assert file_problems(path, manifest) == [], path


def backup_folders(home: Path) -> list[Path]:
    root = home / "var" / "backups"
    return [p for p in root.rglob("*") if p.is_dir()] if root.exists() else []


def leftovers(home: Path) -> list[str]:
    """Hidden staging a killed run may leave (swept by the next run of the same command)."""
    out = [p.name for p in (home / "reports" / "committee").glob(f".{QUARTER}.*")] \
        if (home / "reports" / "committee").exists() else []
    for folder in backup_folders(home):
        out += [p.name for p in folder.iterdir() if p.name.endswith(".partial")]
        out += [p.name for p in folder.iterdir() if p.is_file()
                and not p.name.startswith(".") and not p.name.endswith(".manifest.json")
                and not (folder / f"{p.name}.manifest.json").exists()]
    return out


# --- the state a run leaves, to compare an interrupted-then-rerun command with an uninterrupted one ---

def state(home: Path, command: str, run_key: str) -> object:
    """What `command` under `run_key` left, without what differs between two runs anyway (times, ids)."""
    con = sqlite3.connect(store_path(home))
    try:
        if command == "catalog sync":
            snap = con.execute("SELECT id FROM catalog_snapshots WHERE run_key = ?", (run_key,)).fetchone()[0]
            return (sorted(con.execute("SELECT name, found, row_count, error FROM dataset_snapshots "
                                       "WHERE snapshot_id = ?", (snap,)).fetchall()),
                    sorted(con.execute("SELECT dataset, code, severity FROM catalog_findings WHERE snapshot_id = ? "
                                       "AND category = 'gap'", (snap,)).fetchall()))
        if command == "quality run":
            return (sorted(con.execute(
                "SELECT r.dataset, r.scope, c.fingerprint, c.success, c.unexpected_count FROM quality_runs r "
                "JOIN check_results c ON c.run_id = r.id WHERE r.run_key = ? AND r.complete", (run_key,)).fetchall()),
                sorted(con.execute("SELECT dataset, dimension, score FROM quality_scores WHERE run_key = ?",
                                   (run_key,)).fetchall()))
        if command == "issues sync":
            return sorted(con.execute("SELECT fingerprint, status, cycle, severity, "
                                      "(SELECT count(*) FROM governance_issue_events e WHERE e.issue_id = i.id) "
                                      "FROM governance_issues i").fetchall())
        if command == "report build":
            summary = json.loads((home / "reports" / "committee" / QUARTER / "summary.json").read_text("utf-8"))
            return {k: v for k, v in summary.items() if "generated" not in k and "built" not in k}
        recorded = {Path(r[0]).name for r in con.execute("SELECT file FROM backup_snapshots")}
        on_disk = {p.name for f in backup_folders(home) for p in f.iterdir() if p.is_file()
                   and not p.name.startswith(".") and not p.name.endswith(".manifest.json")}
        return recorded == on_disk
    finally:
        con.close()


COMMANDS = {
    "catalog sync": ["catalog", "sync"],
    "quality run": ["quality", "run", "--format", "json"],
    "issues sync": ["issues", "sync", "--as-of", AS_OF],
    "report build": ["report", "build", "--period", QUARTER, "--as-of", AS_OF, "--no-pdf"],
    "backup snapshot": ["backup", "snapshot", "--system", "LEGACY_WMS", "--part", "database"],
}
PREREQUISITES = ["catalog sync", "quality run", "issues sync"]


@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS))
def test_killed_at_random_points_leaves_a_consistent_store_and_whole_outputs(command, khlang_env, monkeypatch):
    from identity_support import token_for

    monkeypatch.setenv("KHLANG_TOKEN", token_for("khlang"))  # the commands run as the scheduler does
    started = time.monotonic()
    for before in PREREQUISITES:
        if before != command:
            assert khlang(*COMMANDS[before], "--run-key", f"{before}-setup").returncode == 0
    with_key = command != "report build"
    args = COMMANDS[command] + (["--run-key", "killed"] if with_key else [])
    duration = timed(COMMANDS[command] + (["--run-key", "reference"] if with_key else []))
    reference = state(khlang_env, command, "reference")

    rng = random.Random(f"khlang-{command}")
    ended_first = 0
    for _ in range(KILLS):
        if killed_at(args, rng.uniform(0.05, duration)) is not None:
            ended_first += 1
        assert_store_consistent(khlang_env)
        assert_outputs_whole(khlang_env)
        if command == "quality run":  # a killed run is not read, unless it finished before its kill: then whole
            assert state(khlang_env, command, "killed") in (([], []), reference)

    assert khlang(*args).returncode == 0
    assert_store_consistent(khlang_env)
    assert_outputs_whole(khlang_env)
    assert leftovers(khlang_env) == [], "the re-run swept what the killed runs left"
    assert state(khlang_env, command, "killed") == reference
    print(f"\n{command}: {KILLS} kills (duration {duration:.1f} s, {ended_first} ended before their kill), "
          f"whole test {time.monotonic() - started:.0f} s")
