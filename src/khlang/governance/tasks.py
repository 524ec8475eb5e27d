"""The issues DAG's tasks: thin calls into khlang.governance.service, returning small dicts for XCom."""

from __future__ import annotations

import datetime as dt


def as_of_from(moment: str | None) -> dt.date | None:
    """The Bangkok date of the DAG run's moment (ISO text); None means today."""
    if not moment:
        return None
    from khlang.dates import to_bangkok

    return to_bangkok(dt.datetime.fromisoformat(moment)).date()


def sync(run_key: str, moment: str | None = None) -> dict:
    """Issues from the newest check results, catalogue gaps and policy rules; escalation."""
    from khlang.governance.service import sync as do_sync

    s = do_sync(run_key, as_of_from(moment))
    return {"as_of": s["as_of"], "failing": s["failing"], "opened": len(s["opened"]), "reopened": len(s["reopened"]),
            "resolved": len(s["resolved"]), "escalated": len(s["escalated"])}


def compliance(run_key: str, moment: str | None = None) -> dict:
    """Compliance with every policy in force, and the step-8 measures, kept for history."""
    from khlang.governance.service import check_policies

    c = check_policies(run_key, as_of_from(moment))
    return {"as_of": c["as_of"], "overall": c["overall"]["score"],
            "measures": {m["id"]: m["value"] for m in c["measures"]}}


def summary(moment: str | None = None) -> dict:
    """The committee report and the Director's summary for the quarter of the run."""
    from khlang.governance.service import build_report

    built = build_report(None, as_of_from(moment))
    return {"period": built["period"], "out": built["out"], "open_issues": built["summary"]["open_issues"]}
