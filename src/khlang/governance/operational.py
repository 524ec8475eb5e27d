"""Issue sources of the operational modules: the linkage register, backups and restore tests, PIRs and EA.

Each is an @issue_source like the check, catalogue and policy sources: it reports every finding of its
module as an Observation typed in the register (khlang.governance.findings), and a finding no longer
found as a pass, so its issue resolves. Sources whose declarations are absent (no linkages.yaml, no
backups.yaml, no systems.yaml) report nothing. What the sources read:

- linkage: the register's findings on the sync's date (`linkage check`, with the steps in the store);
- backup: the newest verification of each backup target kept in the store, plus what the declarations
  say without any file (a target whose database is not configured; a system whose inventory claims a
  backup control with no backup declared; a system in use whose programs no backup covers);
- restore: the newest restore test of each target that declares one (failed), and targets whose
  restore test is older than its period (overdue);
- pir: each system's PIR status on the sync's date (due, overdue, lapsed);
- ea: the EA inventory checks (systems.yaml against the catalogue) and the gap analysis (ea.yaml);
- ea_process: the steps of the EA versions in the store past their control points on the sync's date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from khlang.dates import BANGKOK, format_both
from khlang.declarations import Catalog
from khlang.governance.findings import FINDING_TYPES
from khlang.governance.observations import Observation, SyncInputs, fingerprint, issue_source
from khlang.governance.people import dataset_unit

# How long after its period a restore test is overdue.
RESTORE_PERIOD_DAYS = {"monthly": 31, "quarterly": 92}


def _end_of(day: dt.date) -> dt.datetime:
    """The last moment of a day in Bangkok: what the store knew on that day."""
    return dt.datetime.combine(day, dt.time.max, BANGKOK)


def _declared(catalog: Catalog, name: str) -> bool:
    return catalog.directory is not None and (Path(catalog.directory) / name).is_file()


def _observation(inputs: SyncInputs, source: str, finding: str, key: tuple, *, failing: bool, title: str,
                 detail: str, subject: str, severity: str | None = None, dataset: str | None = None,
                 unit: str | None = None, evidence: dict | None = None) -> Observation:
    ft = FINDING_TYPES[finding]
    code = finding.split(":", 1)[1]
    return Observation(fingerprint=fingerprint(source, *key), source=source, origin_kind=ft.module, code=code,
                       category=ft.category, failing=failing, title=title, detail=detail,
                       severity=severity or ft.severity, dataset=dataset, unit=unit,
                       dimension="security" if ft.module in ("backup", "restore", "coverage") else None,
                       evidence=evidence or {}, finding=finding, subject=subject)


def _gone(inputs: SyncInputs, source: str, seen: set[str], note: str) -> list[Observation]:
    """A pass for each unresolved finding of `source` that is no longer found."""
    return [Observation(fp, source, "", "", "", False, "", "", note=note)
            for fp, (src, _dataset, _code) in inputs.existing.items() if src == source and fp not in seen]


def _systems(inputs: SyncInputs) -> dict:
    """systems.yaml (none without it), read once per sync."""
    from khlang.declarations.systems import load_systems

    catalog = inputs.catalog
    return inputs.once("systems", lambda: load_systems(catalog) if _declared(catalog, "systems.yaml") else {})


def _backups(inputs: SyncInputs) -> tuple[list, dict]:
    """backups.yaml's targets and where each stands on the sync's day (backup/status), read once per sync."""
    from khlang.backup.declarations import load_backups
    from khlang.backup.status import target_statuses

    def read() -> tuple[list, dict]:
        targets = load_backups(inputs.catalog)
        statuses = target_statuses(inputs.store, targets, _end_of(inputs.as_of))
        return targets, {(st.system, st.part): st for st in statuses}
    return inputs.once("backups", read)


def _system_evidence(systems: dict, code: str) -> tuple[dict, str | None]:
    system = systems.get(code)
    if system is None:
        return {"system": code}, None
    return ({"system": code, "business_owner": system.business_owner, "digital_owner": system.digital_owner},
            system.owning_unit)


@issue_source("linkage")
def from_linkages(inputs: SyncInputs) -> list[Observation]:
    """Findings of the linkage register on the sync's date."""
    from khlang.linkage.runs import check_register

    if not _declared(inputs.catalog, "linkages.yaml"):
        return []
    result = check_register(inputs.catalog, inputs.store, inputs.as_of)
    out = []
    for f in result.findings:
        entry = result.register.entries.get(f.id)
        finding = f"linkage:{f.finding}"
        label = FINDING_TYPES[finding].label
        out.append(_observation(
            inputs, "linkage", finding, (f.finding, f.id), failing=True, subject=f.id,
            title=f"{f.id}: {label.th} · {label.en}", detail=f.detail, severity=f.severity,
            unit=entry.owner_unit if entry else None,
            evidence={"linkage": f.id, "agency": entry.agency if entry else None,
                      "status": result.states[f.id].status if f.id in result.states else None}))
    seen = {o.fingerprint for o in out}
    return out + _gone(inputs, "linkage", seen, "no longer found by the linkage register check")


@issue_source("backup")
def from_backups(inputs: SyncInputs) -> list[Observation]:
    """Backup verification findings kept in the store, and backup coverage gaps of the declarations."""
    from khlang.backup.status import NEVER_CHECKED, NOT_CONFIGURED

    catalog = inputs.catalog
    if not _declared(catalog, "backups.yaml"):
        return []
    targets, statuses = _backups(inputs)
    systems = _systems(inputs)
    out: list[Observation] = []

    def add(finding: str, system: str, part: str, code: str, detail: str, severity: str | None = None,
            extra: dict | None = None) -> None:
        evidence, unit = _system_evidence(systems, system)
        label = FINDING_TYPES[finding].label
        where = f"{system}/{part}" if part else system
        out.append(_observation(inputs, "backup", finding, (system, part, code), failing=True, subject=system,
                                title=f"{where}: {label.th} · {label.en}", detail=detail, severity=severity,
                                unit=unit, evidence={**evidence, "part": part, **(extra or {})}))

    for t in targets:
        st = statuses[(t.system, t.part)]
        if st.state == NOT_CONFIGURED:
            add("backup:not_configured", st.system, st.part, "not_configured",
                f"{st.key}: not configured ({st.not_configured or 'at its last verification'}); "
                "nothing is backed up or verified")
        elif st.state == NEVER_CHECKED:
            add("backup:not_verified", st.system, st.part, "not_verified",
                f"{st.key}: no verification of its backups is on record (the backup DAG verifies them)")
        for f in st.findings if st.state != NOT_CONFIGURED else []:
            finding = f"backup:{f['code']}" if f"backup:{f['code']}" in FINDING_TYPES else "backup:missing"
            add(finding, st.system, st.part, f["code"], f"{st.key}: {f['detail']}", f["severity"],
                {"checked_at": st.checked_at.isoformat() if st.checked_at else None})
    declared = {t.system for t in targets}
    programs = {t.system for t in targets if t.part == "programs"}
    for code, system in sorted(systems.items()):
        in_use = system.ea_state in ("as_is", "retiring") and system.go_live is not None \
            and system.go_live <= inputs.as_of
        if "backup" in system.security_controls and code not in declared:
            add("coverage:backup_not_declared", code, "", "backup_not_declared",
                f"{code}: systems.yaml lists the control 'backup' but backups.yaml declares no backup of it")
        elif in_use and code not in programs:
            add("coverage:programs_not_backed_up", code, "programs", "programs_not_backed_up",
                f"{code}: in use since {format_both(system.go_live)}, but no backup covers its programs")
    seen = {o.fingerprint for o in out}
    return out + _gone(inputs, "backup", seen, "no longer found by backup verification")


@issue_source("restore")
def from_restore_tests(inputs: SyncInputs) -> list[Observation]:
    """The newest restore test of each target that must be tested: failed, or older than its period."""
    catalog = inputs.catalog
    if not _declared(catalog, "backups.yaml"):
        return []
    declared, statuses = _backups(inputs)
    targets = [t for t in declared if t.restore_test in RESTORE_PERIOD_DAYS and not t.not_configured]
    systems = _systems(inputs)
    out: list[Observation] = []
    as_of_end = _end_of(inputs.as_of)
    for t in targets:
        test = statuses[(t.system, t.part)].restore
        evidence, unit = _system_evidence(systems, t.system)
        tested = dt.datetime.fromisoformat(test["tested_at"]) if test else None
        if test is not None and tested is not None and not test["ok"]:
            label = FINDING_TYPES["restore:failed"].label
            out.append(_observation(
                inputs, "restore", "restore:failed", (t.system, t.part, "failed"), failing=True,
                subject=t.system, title=f"{t.key}: {label.th} · {label.en}", unit=unit,
                detail=f"{t.key}: the restore test of {format_both(tested.date())} failed: {test['reason']}",
                evidence={**evidence, "part": t.part, "file": test["file"], "tested_at": test["tested_at"]}))
        if tested is None or tested < as_of_end - dt.timedelta(days=RESTORE_PERIOD_DAYS[t.restore_test]):
            label = FINDING_TYPES["restore:overdue"].label
            last = "never tested" if tested is None else f"last tested on {format_both(tested.date())}"
            out.append(_observation(
                inputs, "restore", "restore:overdue", (t.system, t.part, "overdue"), failing=True,
                subject=t.system, title=f"{t.key}: {label.th} · {label.en}", unit=unit,
                detail=f"{t.key}: a {t.restore_test} restore test is declared; {last}",
                evidence={**evidence, "part": t.part}))
    seen = {o.fingerprint for o in out}
    return out + _gone(inputs, "restore", seen, "the restore test passes and is on time")


@issue_source("pir")
def from_pirs(inputs: SyncInputs) -> list[Observation]:
    """Systems whose post-implementation review is due, overdue or lapsed on the sync's date."""
    from khlang.pir.reviews import pir_lines

    systems = _systems(inputs)
    if not systems:
        return []
    out = []
    for line in pir_lines(systems, inputs.store, inputs.as_of):
        status = line.schedule.status
        if status not in ("due", "overdue", "lapsed"):
            continue
        finding = f"pir:{status}"
        label = FINDING_TYPES[finding].label
        evidence, unit = _system_evidence(systems, line.system.code)
        due, live = line.schedule.due_on, line.schedule.go_live
        if due is None or live is None:  # only scheduled reviews have a status of due, overdue or lapsed
            continue
        out.append(_observation(
            inputs, "pir", finding, (line.system.code, live), failing=True,
            subject=line.system.code, unit=unit,
            title=f"{line.system.code}: การทบทวนหลังการใช้งาน (PIR) {label.th} · PIR {label.en.lower()}",
            detail=f"{line.system.code} ({line.system.name_th}) went live on {format_both(live)}; "
                   f"its PIR was due on {format_both(due)}",
            evidence={**evidence, "status": status, "due_on": due.isoformat()}))
    seen = {o.fingerprint for o in out}
    return out + _gone(inputs, "pir", seen, "the PIR is recorded")


@issue_source("ea")
def from_ea(inputs: SyncInputs) -> list[Observation]:
    """Findings of the EA: the inventory checks and the gap analysis (khlang.ea.gaps), as of the sync's day."""
    from khlang.ea.gaps import ea_findings, system_of_element
    from khlang.ea.views import Architecture, security_results

    systems = _systems(inputs)
    if not systems:
        return []
    from khlang.ea.views_decl import load_ea

    arch = Architecture(inputs.catalog, systems, load_ea(inputs.catalog, systems), inputs.as_of,
                        security_results(inputs.results()))
    out = []
    for f in ea_findings(arch):
        finding = f"ea:{f.finding}"
        label = FINDING_TYPES[finding].label
        dataset = f.subject if f.subject in inputs.catalog.datasets else None
        evidence: dict = {}
        unit: str | None = None
        if dataset is None:
            evidence, unit = _system_evidence(systems, system_of_element(arch, f.subject) or f.subject)
            evidence = {**evidence, "element": f.subject}
        out.append(_observation(
            inputs, "ea", finding, (f.finding, f.subject), failing=True, subject=f.subject,
            title=f"{f.subject}: {label.th} · {label.en}", detail=f.detail, severity=f.severity,
            dataset=dataset, unit=unit or dataset_unit(inputs.catalog, dataset), evidence=evidence))
    seen = {o.fingerprint for o in out}
    return out + _gone(inputs, "ea", seen, "no longer found by the EA checks")


@issue_source("ea_process")
def from_ea_process(inputs: SyncInputs) -> list[Observation]:
    """Steps of an EA version (สงพท.-10) past their control point: one finding per version and step, for สงพท.
    (the Director's office for the endorsement)."""
    from khlang.ea.process import overdue_steps
    from khlang.report.labels import EA_STEPS

    out = []
    for s in overdue_steps(inputs.store, inputs.as_of):
        step = EA_STEPS[s["code"]]
        subject = f"{s['version']} step {s['number']}"
        out.append(_observation(
            inputs, "ea_process", "ea_process:step_overdue", (s["version"], s["code"]), failing=True,
            subject=subject, unit=s["unit"],
            title=f"{s['version']} ขั้นตอนที่ {s['number']} {step.th} เกินกำหนด · step {s['number']} {step.en} overdue",
            detail=f"{s['version']} step {s['number']} ({step.en}) started {format_both(s['started_on'])}, due "
                   f"{format_both(s['due_on'])} ({s['days']} days), {s['days_late']} days late",
            evidence={"version": s["version"], "step": s["code"], "due_on": s["due_on"].isoformat(),
                      "started_on": s["started_on"].isoformat()}))
    seen = {o.fingerprint for o in out}
    return out + _gone(inputs, "ea_process", seen, "the EA step is recorded")


@issue_source("account_review")
def from_account_review(inputs: SyncInputs) -> list[Observation]:
    """สงพท.-04: each office asked by the newest annual review circular that has not replied within 45 days —
    one issue per office, assigned to its head; it resolves when the office's reply is recorded."""
    from khlang.accounts.reviews import circular_state

    state = circular_state(inputs.store, inputs.as_of)
    out = []
    label = FINDING_TYPES["accounts:review_reply_overdue"].label
    for unit in state.overdue(inputs.as_of) if state is not None else []:
        assert state is not None
        decl = inputs.catalog.units.get(unit)
        name = decl.name_th if decl else unit
        out.append(_observation(
            inputs, "account_review", "accounts:review_reply_overdue", (state.cycle, unit), failing=True,
            subject=unit, unit=unit, title=f"{unit} {name}: {label.th} · {label.en}",
            detail=f"{unit} was asked by the circular of {format_both(state.issued_on)} to review its system "
                   f"users and has not replied by {format_both(state.reply_by)}",
            evidence={"cycle": state.cycle, "reply_by": state.reply_by.isoformat()}))
    seen = {o.fingerprint for o in out}
    return out + _gone(inputs, "account_review", seen, "the office's reply is recorded")


@issue_source("governance")
def from_governance_steps(inputs: SyncInputs) -> list[Observation]:
    """สงพท.-11 steps 1–6: overdue steps (timed from the previous step's record), datasets pending the Director's
    approval of the lists, policies whose approval only policies.yaml declares, and glossary stewards or memo
    signers who have left. The cycle's findings appear once Khlang records it (an appointment order exists)."""
    from khlang.governance.policy_decisions import policies_with_decisions
    from khlang.governance.steps import STEPS, governance_state, pending_approval, step_lines

    catalog = inputs.catalog
    out: list[Observation] = []

    def add(finding: str, key: tuple, subject: str, title: str, detail: str, *, unit: str | None = None,
            dataset: str | None = None, evidence: dict | None = None) -> None:
        out.append(_observation(inputs, "governance", finding, key, failing=True, subject=subject, title=title,
                                detail=detail, unit=unit, dataset=dataset, evidence=evidence))

    state = governance_state(inputs.store)
    policies = policies_with_decisions(catalog, inputs.store) if catalog.directory is not None else None
    if policies is not None and state.orders:
        overdue = FINDING_TYPES["governance:step_overdue"].label
        for line in step_lines(catalog, inputs.store, policies, inputs.as_of, state):
            if line.state != "overdue" or line.due_on is None:
                continue
            step = STEPS[line.step]
            add("governance:step_overdue", (line.step, line.subject), line.subject,
                f"ขั้นตอนที่ {line.step} · step {line.step} ({line.subject}): {overdue.th} · {overdue.en}",
                f"{step.label.en}: due {format_both(line.due_on)} ({step.days} days from "
                f"{format_both(line.since) if line.since else 'the previous step'}); {line.detail}".rstrip("; "),
                evidence={"role": step.role, "step": line.step, "due_on": line.due_on.isoformat()})
        pending = FINDING_TYPES["governance:dataset_not_approved"].label
        if state.approved_lists(inputs.as_of) is not None:
            for name in pending_approval(catalog, state, inputs.as_of):
                add("governance:dataset_not_approved", (name,), name, f"{name}: {pending.th} · {pending.en}",
                    f"{name} is not on the lists the Director approved last; it waits for the next approval",
                    dataset=name, unit=dataset_unit(catalog, name))
        unrecorded = FINDING_TYPES["governance:approval_not_recorded"].label
        for p in policies.policies:
            if p.entry.approved_on and p.recorded_approval is None:
                add("governance:approval_not_recorded", (p.id,), p.id, f"{p.id}: {unrecorded.th} · {unrecorded.en}",
                    f"policies.yaml declares {p.id} approved on {format_both(p.entry.approved_on)}; the Director's "
                    "approval and its document are not on record", unit=p.entry.owner_unit,
                    evidence={"role": "director"})
    out.extend(_leavers(inputs))
    seen = {o.fingerprint for o in out}
    return out + _gone(inputs, "governance", seen, "no longer found in the governance records")


def _leavers(inputs: SyncInputs) -> list[Observation]:
    """Glossary stewards and memo signers who have left (a gap, as a dataset owner who left is)."""
    catalog = inputs.catalog
    out = []
    if _declared(catalog, "glossary.yaml"):
        from khlang.declarations.glossary import load_glossary

        label = FINDING_TYPES["governance:glossary_steward_left"].label
        for term in load_glossary(catalog).terms:
            person = catalog.person(term.steward)
            if person is not None and not person.active:
                out.append(_observation(
                    inputs, "governance", "governance:glossary_steward_left", ("steward_left", term.id),
                    failing=True, subject=term.id, unit=person.unit,
                    title=f"{term.id}: {label.th} · {label.en}",
                    detail=f"the glossary term {term.id} ({term.term_th}) is stewarded by {person.id} "
                           f"({person.name}), who has left", evidence={"term": term.id, "steward": person.id}))
    label = FINDING_TYPES["governance:memo_signer_left"].label
    for kind, issuer in (catalog.organisation.memos.items() if catalog.organisation else ()):
        person = catalog.person(issuer.signer)
        if person is not None and not person.active:
            out.append(_observation(
                inputs, "governance", "governance:memo_signer_left", ("signer_left", kind), failing=True,
                subject=kind, unit=issuer.unit, title=f"{kind}: {label.th} · {label.en}",
                detail=f"the {kind} report's memo is signed by {person.id} ({person.name}), who has left",
                evidence={"memo": kind, "signer": person.id}))
    return out
