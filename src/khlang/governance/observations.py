"""Where problems come from (step 10): failing checks, catalogue gaps and policy-rule failures.

Each source is one function registered with @issue_source. It reports what it saw as Observations:
failing ones open (or reopen) an issue, passing ones resolve it. A source registered here is all it
takes to feed issues from a new kind of evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from khlang.declarations import Catalog
from khlang.governance.findings import FINDING_TYPES, check_finding
from khlang.governance.people import dataset_unit
from khlang.registry import Registry
from khlang.store import Store


@dataclass
class Observation:
    """One thing a source saw about one fingerprint on this run."""

    fingerprint: str
    source: str
    origin_kind: str
    code: str
    category: str
    failing: bool
    title: str
    detail: str
    severity: str = "medium"
    weight: float = 1.0
    dataset: str | None = None
    column: str | None = None
    unit: str | None = None
    dimension: str | None = None
    evidence: dict = field(default_factory=dict)
    note: str = ""
    subject: str | None = None  # what it is about when not a dataset: a system code, a linkage id
    finding: str = ""  # its type in the register (khlang.governance.findings), e.g. "catalogue:pii_in_public"


@dataclass
class SyncInputs:
    """What the sources read: the catalogue, the store, the evaluation date, and the existing issues."""

    catalog: Catalog
    store: Store
    as_of: dt.date
    # the failing findings of unresolved issues: fingerprint → source, dataset, code
    existing: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    policies: object | None = None
    _read: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, read: Callable[[], Any]) -> Any:
        """What `read()` returns, read once per sync however many sources ask for it."""
        if key not in self._read:
            self._read[key] = read()
        return self._read[key]

    def results(self) -> list:
        """The newest check results of every dataset (read once per sync)."""
        from khlang.quality.records import latest_results

        return self.once("results", lambda: latest_results(self.store))


Source = Callable[[SyncInputs], list[Observation]]
ISSUE_SOURCES: Registry[str, Source] = Registry("issue source")


def issue_source(name: str) -> Callable[[Source], Source]:
    """Register a source of issues."""
    def register(fn: Source) -> Source:
        ISSUE_SOURCES.add(name, fn)
        return fn
    return register


def category_of(finding: str, default: str) -> str:
    """The issue category the register gives a finding type."""
    ft = FINDING_TYPES.get(finding)
    return ft.category if ft is not None else default


def _family(finding: str) -> str | None:
    ft = FINDING_TYPES.get(finding)
    return ft.family if ft is not None else None


def label_of(finding: str, code: str) -> str:
    """'ไทย · English' of a finding type, or its code when it is not registered."""
    ft = FINDING_TYPES.get(finding)
    return ft.label.both if ft is not None else code


def fingerprint(*parts: object) -> str:
    """A stable identity for problems that are not check results (rule or gap code, dataset, column …)."""
    return hashlib.sha256("|".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:32]


@issue_source("check")
def from_checks(inputs: SyncInputs) -> list[Observation]:
    """Every check of each dataset's newest run: a failure opens an issue, a pass resolves it.

    A check that no longer runs (its dataset was checked again without it) resolves its issue too.
    """
    results = inputs.results()
    out = []
    for r in results:
        counts = ""
        if r.unexpected_count is not None and r.element_count:
            share = 100.0 * r.unexpected_count / r.element_count
            counts = f"{r.unexpected_count:,} of {r.element_count:,} ({share:.2f}%)"
        elif r.details.get("error"):
            counts = f"could not run: {r.details['error']}"
        where = f"{r.dataset}.{r.column}" if r.column else r.dataset
        code = check_finding(r.kind, r.type, r.dimension)
        out.append(Observation(
            fingerprint=r.fingerprint, source="check", origin_kind=r.kind, code=r.check, finding=code,
            category=category_of(code, "low_data_quality"), failing=not r.success,
            title=f"{where}: {label_of(code, r.check)}" + ("" if _family(code) else f" ({r.check})"),
            detail=f"{r.check} — {r.type} ({r.dimension}) {counts}".strip(),
            severity=r.severity, weight=r.weight, dataset=r.dataset, column=r.column,
            unit=dataset_unit(inputs.catalog, r.dataset), dimension=r.dimension,
            evidence={"element_count": r.element_count, "unexpected_count": r.unexpected_count,
                      "observed": r.observed, "suite": r.suite, "type": r.type},
            note="the check passes again" if r.success else ""))
    seen = {o.fingerprint for o in out}
    # A dataset whose data could not be read was not checked: its issues are not resolved by silence.
    checked = {r.dataset for r in results} - {r.dataset for r in results if r.check == "source_readable"}
    for fp, (source, dataset, _code) in inputs.existing.items():
        if source == "check" and fp not in seen and dataset in checked:
            out.append(Observation(fp, "check", "", "", "", False, "", "",
                                   note="the check is no longer run on its dataset"))
    return out


@issue_source("catalogue")
def from_catalogue(inputs: SyncInputs) -> list[Observation]:
    """Governance gaps of the newest catalogue snapshot; a gap no longer found resolves its issue."""
    from khlang.catalog.view import latest_snapshot

    snapshot = latest_snapshot(inputs.store)
    if snapshot is None:
        return []
    out = []
    for f in snapshot["findings"]:
        if f["category"] != "gap":
            continue
        declared = f["dataset"] in inputs.catalog.datasets
        code = f"catalogue:{f['code']}"
        out.append(Observation(
            fingerprint=fingerprint("catalogue", f["code"], f["dataset"], f["column"]), source="catalogue",
            origin_kind="gap", code=f["code"], finding=code, category=category_of(code, "non_conformance"),
            failing=True,
            title=f"{f['dataset']}: {label_of(code, f['code'])}" + (f" ({f['column']})" if f["column"] else ""),
            detail=f["detail"], severity=f["severity"], dataset=f["dataset"], column=f["column"],
            unit=dataset_unit(inputs.catalog, f["dataset"]) if declared else None,
            evidence={"snapshot_id": snapshot["id"], "snapshot_run": snapshot["run_key"]}))
    failing = {o.fingerprint for o in out}
    for fp, (source, _dataset, _code) in inputs.existing.items():
        if source == "catalogue" and fp not in failing:
            out.append(Observation(fp, "catalogue", "gap", "", "", False, "", "",
                                   note=f"no longer found by catalogue snapshot {snapshot['id']}"))
    return out


@issue_source("policy")
def from_policies(inputs: SyncInputs) -> list[Observation]:
    """Failing outcomes of policy rules whose failures are not issues from another source already."""
    from khlang.governance.compliance import gather
    from khlang.governance.rules import RULE_TYPES, evaluate

    policies = inputs.policies
    if policies is None or not policies.rules:  # type: ignore[attr-defined]
        return []
    ctx = gather(inputs.catalog, inputs.store, policies, inputs.as_of)  # type: ignore[arg-type]
    out = []
    for rule in policies.rules_in_force(inputs.as_of):  # type: ignore[attr-defined]
        kind = RULE_TYPES[rule.check]
        if kind.category is None:
            continue
        seen = set()
        for o in evaluate(ctx, rule):
            seen.add(fingerprint("policy", rule.id, o.subject))
            if o.status == "not_assessed":
                continue
            out.append(Observation(
                fingerprint=fingerprint("policy", rule.id, o.subject), source="policy", origin_kind="rule",
                code=rule.id, finding=f"policy:{rule.check}", category=kind.category,
                failing=o.status in ("partial", "non_compliant"),
                title=f"{o.dataset or o.unit or o.subject}: "
                      + " · ".join(dict.fromkeys(t for t in (rule.title_th, rule.title_en) if t)),
                detail=f"{rule.policy_id}/{rule.id} ({o.status}): {o.detail}", severity=rule.severity,
                dataset=o.dataset, unit=o.unit, evidence={"policy": rule.policy_id, "rule": rule.id,
                                                          "subject": o.subject, "status": o.status},
                note="the rule is complied with again" if o.status == "compliant" else ""))
        # a subject the rule no longer reports (the duplicate was removed, the copy destroyed) complies
        for fp, (source, _dataset, code) in inputs.existing.items():
            if source == "policy" and code == rule.id and fp not in seen:
                out.append(Observation(fp, "policy", "rule", rule.id, kind.category, False, "", "",
                                       note=f"no longer found by rule {rule.id}"))
    return out
