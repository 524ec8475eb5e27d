"""The stakeholder perception survey of the EA process (สงพท.-10 step 9), on the PIR survey engine.

สงพท. opens the questionnaire and invites people (the invited per unit give the response rates); each invited
person answers once in the console on the 1–5 scale (น้อยที่สุด … มากที่สุด), or สงพท. imports a CSV exported from
a form, read and validated by khlang.pir.survey exactly as a PIR survey is. Closing the survey scores it with
khlang.pir.scoring (mean, level and distribution per question and overall, response rate per unit) and keeps the
score with the version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from khlang.declarations import Catalog
from khlang.ea.process import EaProcessError, Rec, _last, _needs, _write, records
from khlang.governance.people import StateConflict
from khlang.identity import Actor, allowed, authorize
from khlang.store import Store

QUESTIONS: tuple[str, ...] = (
    "ท่านเข้าใจกระบวนการจัดทำสถาปัตยกรรมองค์กร (EA) ขององค์การ (I understand the EA process)",
    "สถาปัตยกรรมองค์กรสะท้อนการทำงานจริงของหน่วยงานท่าน (The EA reflects how my unit works)",
    "ท่านได้รับการสื่อสารแนวทางการนำ EA ไปใช้อย่างเพียงพอ (The adoption guideline was communicated well)",
    "EA ช่วยในการวางแผนระบบงานและเทคโนโลยีของหน่วยงาน (The EA helps plan my unit's systems)",
    "ความพึงพอใจโดยรวมต่อกระบวนการจัดทำ EA (Overall satisfaction with the EA process)",
)


@dataclass(frozen=True)
class _Invitation:
    """What the permission rules see when someone answers: the invited people are the ones assigned it."""

    assignees: tuple[dict, ...]
    unit: str | None = None


def _opened(recs: list[Rec]) -> Rec:
    opened = _last(recs, "perception_opened")
    if opened is None:
        raise StateConflict("the perception survey is not open (สงพท. opens it after the value assessment)")
    return opened


def open_survey(catalog: Catalog, store: Store, actor: Actor, code: str, *, invited: list[str], on: dt.date,
                questions: list[str] | None = None) -> dict:
    """สงพท. opens the questionnaire and invites people of the organisation (person ids)."""
    authorize(catalog, actor, "ea.manage")
    people = []
    for i, pid in enumerate(dict.fromkeys(p.strip() for p in invited if p.strip())):
        person = catalog.person(pid)
        if person is None or not person.active:
            raise EaProcessError(f"invited[{i}]: {pid!r} is not an active person of organisation.yaml")
        people.append({"person": person.id, "unit": person.unit})
    if not people:
        raise EaProcessError("invited: invite at least one person")
    asked = [q.strip() for q in (questions or QUESTIONS) if q.strip()]
    per_unit: dict[str, int] = {}
    for p in people:
        per_unit[p["unit"]] = per_unit.get(p["unit"], 0) + 1
    return _write(store, actor, code, "perception_opened", on,
                  {"questions": asked, "invited": people, "invited_per_unit": per_unit},
                  action="ea.manage", check=_needs("value_assessed", not_after=("perception_opened",)))


def _answered(recs: list[Rec]) -> set[str]:
    return {r.by for r in recs if r.kind == "perception_response"}


def answer(catalog: Catalog, store: Store, actor: Actor, code: str, *, answers: list[int | None], on: dt.date,
           comment: str | None = None) -> dict:
    """An invited person answers the questionnaire, once (each answer 1–5, or None for not answered)."""
    recs = records(store, code)
    opened = _opened(recs)
    invitees = tuple({"person": p["person"], "active": True} for p in opened.data["invited"])
    authorize(catalog, actor, "ea.perception_answer", issue=_Invitation(invitees))
    questions = opened.data["questions"]
    if len(answers) != len(questions):
        raise EaProcessError(f"answers: {len(questions)} answers, one per question ({len(answers)} given)")
    for i, a in enumerate(answers):
        if a is not None and (not isinstance(a, int) or not 1 <= a <= 5):
            raise EaProcessError(f"answers[{i}]: 1 (น้อยที่สุด) to 5 (มากที่สุด), or blank")
    if all(a is None for a in answers):
        raise EaProcessError("answers: answer at least one question")
    person = catalog.person(actor.acting_person)
    unit = person.unit if person else None

    def check(existing: list[Rec]) -> None:
        if "perception_closed" in {r.kind for r in existing}:
            raise StateConflict("the perception survey is closed")
        if actor.acting_person in _answered(existing):
            raise StateConflict(f"{actor.acting_person} has already answered")

    return _write(store, actor, code, "perception_response", on, {"unit": unit, "answers": list(answers),
                                                                  "comment": (comment or "").strip() or None},
                  action="ea.perception_answer", check=check)


def import_csv(catalog: Catalog, store: Store, actor: Actor, code: str, path: Path, *, on: dt.date) -> dict:
    """สงพท. imports the answers of a CSV (validated by the PIR survey reader; its questions must be the survey's,
    in order). The people it reached are invited on top of those invited in the console: its `# invited:` line,
    else its respondents per unit. Nothing is kept when any line is wrong."""
    from khlang.pir.survey import read_survey

    authorize(catalog, actor, "ea.manage")
    opened = _opened(records(store, code))
    survey = read_survey(path, catalog.units)
    if len(survey.questions) != len(opened.data["questions"]):
        raise EaProcessError(f"{path}: {len(survey.questions)} question columns, the survey asks "
                             f"{len(opened.data['questions'])}")
    rows = [{"unit": r.unit, "answers": r.answers, "comment": r.comment, "respondent": r.respondent,
             "line": r.line} for r in survey.responses]

    def check(existing: list[Rec]) -> None:
        if "perception_closed" in {r.kind for r in existing}:
            raise StateConflict("the perception survey is closed")
        if any(r.kind == "perception_import" and r.sha256 == survey.sha256 for r in existing):
            raise StateConflict(f"{path.name} is already imported")

    invited = dict(survey.invited or {})
    if not invited:
        for r in survey.responses:
            invited[r.unit] = invited.get(r.unit, 0) + 1
    out = _write(store, actor, code, "perception_import", on, {"file": path.name, "responses": rows,
                                                               "invited_per_unit": invited},
                 action="ea.manage", sha256=survey.sha256, check=check)
    return {**out, "responses": len(rows)}


def responses(recs: list[Rec]) -> list[dict]:
    """Every response: those answered in the console and those imported."""
    out = [{"unit": r.data["unit"], "answers": r.data["answers"], "comment": r.data.get("comment"), "by": r.by}
           for r in recs if r.kind == "perception_response"]
    for r in recs:
        if r.kind == "perception_import":
            out += [{"unit": x["unit"], "answers": x["answers"], "comment": x.get("comment"), "by": None}
                    for x in r.data["responses"]]
    return out


def current_score(store: Store, code: str) -> dict | None:
    """The survey's score as it stands (None before it is opened)."""
    from khlang.pir.scoring import score

    recs = records(store, code)
    opened = _last(recs, "perception_opened")
    if opened is None:
        return None
    invited = dict(opened.data["invited_per_unit"])
    for r in recs:
        if r.kind == "perception_import":
            for unit, n in r.data["invited_per_unit"].items():
                invited[unit] = invited.get(unit, 0) + n
    return score(opened.data["questions"], responses(recs), invited)


def close_survey(catalog: Catalog, store: Store, actor: Actor, code: str, *, on: dt.date) -> dict:
    """Step 9: สงพท. closes the survey; its score (per question, overall, per unit with response rates) is kept."""
    authorize(catalog, actor, "ea.manage")
    result = current_score(store, code)
    if result is None or not result["responses"]:
        raise StateConflict("the perception survey has no responses yet")
    comments = [r["comment"] for r in responses(records(store, code)) if r.get("comment")]
    out = _write(store, actor, code, "perception_closed", on, {"score": result, "comments": comments},
                 action="ea.manage", check=_needs("perception_opened", not_after=("perception_closed",)))
    return {**out, "responses": result["responses"], "mean": result["overall"]["mean"],
            "level": result["overall"]["level"], "response_rate": result["response_rate"]}


def may_answer(catalog: Catalog, store: Store, actor: Actor, code: str) -> list[str] | None:
    """The questions, when this person is invited, the survey open and they have not answered; else None."""
    recs = records(store, code)
    opened = _last(recs, "perception_opened")
    if opened is None or "perception_closed" in {r.kind for r in recs} or actor.acting_person in _answered(recs):
        return None
    invitees = tuple({"person": p["person"], "active": True} for p in opened.data["invited"])
    if not allowed(catalog, actor, "ea.perception_answer", issue=_Invitation(invitees)):
        return None
    return list(opened.data["questions"])
