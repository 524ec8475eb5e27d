"""One check of the register: validate, merge with the store, find, and (for the DAG) keep the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete

from khlang.dates import today_bangkok, utcnow
from khlang.declarations import Catalog
from khlang.linkage.checks import LinkageFinding, check
from khlang.linkage.records import LinkageCheck, LinkageCheckFinding
from khlang.linkage.register import Register, load_register
from khlang.linkage.state import LinkageState, current_states
from khlang.linkage.workdays import load_calendar
from khlang.store import Store
from khlang.store.locks import run_lock


@dataclass
class CheckResult:
    """The register as it stands on one day, with what needs acting on."""

    register: Register
    states: dict[str, LinkageState]
    findings: list[LinkageFinding]
    as_of: dt.date
    checked_at: dt.datetime = field(default_factory=utcnow)

    def findings_json(self) -> list[dict]:
        """[{"id", "finding", "severity", "detail"}] — the shape `linkage check --format json` prints."""
        return [f.to_dict() for f in self.findings]


def check_register(catalog: Catalog, store: Store | None, as_of: dt.date | None = None,
                   path: Path | None = None) -> CheckResult:
    """Validate the register, take newer steps from the store, and run every finding rule."""
    as_of = as_of or today_bangkok()
    register = load_register(catalog, path)
    calendar = load_calendar(catalog.directory)
    states = current_states(register, store)
    return CheckResult(register, states, check(register, states, catalog, calendar, as_of), as_of)


def record_check(store: Store, result: CheckResult, run_key: str) -> int:
    """Keep a check's findings under run_key; a re-run of the same key replaces it. Returns its id."""
    with store.transaction() as session:
        run_lock(session, "linkage_check", run_key)
        session.execute(delete(LinkageCheck).where(LinkageCheck.run_key == run_key))
        session.flush()
        row = LinkageCheck(run_key=run_key, checked_at=result.checked_at, as_of=result.as_of,
                           linkage_count=len(result.register.entries))
        for f in result.findings:
            row.findings.append(LinkageCheckFinding(linkage_id=f.id, code=f.finding, severity=f.severity,
                                                    detail=f.detail))
        session.add(row)
        session.flush()
        return row.id
