"""Convert GX 0.18's JSON test definitions into Khlang's fixtures (tests/fixtures/gx_cases/).

Usage: python scripts/gx_cases.py GX_GIT_DIR [TAG]   (a clone of great-expectations/great_expectations)
Keeps only what the conformance test needs: the data, its PostgreSQL/SQLite schema, each case's kwargs,
the backends GX runs it on (only_for / suppress_test_for) and the expected success, counts, observed value.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "gx_cases"
KEEP_OUT = ("success", "observed_value", "unexpected_list", "traceback_substring")
KEEP_RESULT = ("element_count", "unexpected_count", "missing_count", "observed_value", "unexpected_list",
               "partial_unexpected_list")


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def convert(doc: dict, source: str) -> dict:
    datasets = []
    for ds in doc["datasets"]:
        schemas = {k: v for k, v in (ds.get("schemas") or {}).items() if k in ("postgresql", "sqlite")}
        tests = []
        for t in ds["tests"]:
            out = {k: t["out"][k] for k in KEEP_OUT if k in t["out"]}
            if isinstance(t["out"].get("result"), dict):
                out.update({k: t["out"]["result"][k] for k in KEEP_RESULT if k in t["out"]["result"]})
            case = {"title": t["title"], "in": t["in"], "out": out}
            for key in ("only_for", "suppress_test_for", "tolerance", "error"):
                if key in t:
                    case[key] = t[key]
            tests.append(case)
        item = {"data": ds["data"], "tests": tests}
        if schemas:
            item["schemas"] = schemas
        for key in ("only_for", "suppress_test_for", "data_alt"):
            if key in ds:
                item[key] = ds[key]
        datasets.append(item)
    return {"source": source, "expectation_type": doc["expectation_type"], "datasets": datasets}


def main(repo: str, tag: str = "0.18.21") -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for path in git(repo, "ls-tree", "-r", "--name-only", tag, "tests/test_definitions").split():
        if not path.endswith(".json") or "suppressed" in path:
            continue
        doc = json.loads(git(repo, "show", f"{tag}:{path}"))
        source = f"great-expectations/great_expectations@{tag}:{path}"
        name = Path(path).stem
        (OUT / f"{name}.json").write_text(json.dumps(convert(doc, source), indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
