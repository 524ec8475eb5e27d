"""Every error of a declaration file is reported in one pass, an impossible date included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from khlang.declarations.everything import validate_everything
from khlang.errors import DeclarationError

REPO = Path(__file__).resolve().parents[1]
IMPOSSIBLE = "2567-02-30"

# (file under catalog/, a line to break with another error, the same line broken, a line to hold the date)
CASES = [
    ("linkages.yaml", "    status: approved", "    status: pending_forever", "    requested_on: 2566-01-09"),
    ("systems.yaml", "    ea_state: as_is", "    ea_state: sideways", "    go_live: 2562-10-01"),
    ("policies.yaml", "    review_every: 1y", "    review_every: often", "    approved_on: 2568-12-15"),
    ("backups.yaml", "      frequency: daily", "      frequency: sometimes", "      grace: 6h"),
    ("access.yaml", "    kind: auditor", "    kind: wizard", "    granted_on: 2024-05-20"),
    ("consistency.yaml", "    severity: high", "    severity: extreme", "    weight: 3"),
    ("datasets/master.yaml", "    classification: internal", "    classification: secretish",
     "    lifecycle: {stage: active, created_on: 2010-01-01, retention: permanent}"),
    ("glossary.yaml", "    status: draft", "    status: proposed", "    approved_on: 2569-06-15"),
    ("organisation.yaml", "  ckan_owner_org: pwo", "  ckan_owner_orgg: pwo", "  abbreviation: อคส."),
]


def _break(path: Path, old: str, new: str) -> int:
    """Replace the first line equal to `old`; return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index(old)
    lines[index] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def _date_line(line: str) -> str:
    key, _, value = line.partition(": ")
    if value.startswith("{"):
        return line.replace("2010-01-01", IMPOSSIBLE)
    return f"{key}: {IMPOSSIBLE}"


@pytest.mark.parametrize("name, old, bad, date_at", CASES, ids=[c[0] for c in CASES])
def test_an_impossible_date_does_not_hide_the_other_errors(name, old, bad, date_at, tmp_path, monkeypatch):
    catalog = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", catalog)
    monkeypatch.setenv("KHLANG_DATA_DIR", str(tmp_path / "data"))
    path = catalog / name
    bad_line = _break(path, old, bad)
    date_line = _break(path, date_at, _date_line(date_at))
    with pytest.raises(DeclarationError) as err:
        validate_everything(catalog, REPO / "expectations")
    mine = [p for p in err.value.problems if p.file == str(path)]
    lines = sorted({p.line for p in mine})
    assert bad_line in lines and date_line in lines, "\n".join(map(str, err.value.problems))
    dated = [p for p in mine if p.line == date_line]
    assert len(dated) == 1 and "day is out of range for month" in dated[0].message  # reported once, not twice
