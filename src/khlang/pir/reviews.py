"""PIRs in the governance store: opened as they fall due, reminded when overdue, surveys recorded and scored.

Every step is one transaction; opening and reminding are keyed by the run, so a re-run of the
same Airflow run adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from khlang.dates import as_utc, format_both, utcnow
from khlang.declarations.systems import System
from khlang.errors import KhlangError
from khlang.pir.records import PirEvent, PirResponse, PirReview, PirSurvey
from khlang.pir.schedule import Schedule, due_date, status_on
from khlang.pir.scoring import SCORE_VERSION, score
from khlang.pir.survey import Survey
from khlang.store import Store
from khlang.store.locks import run_lock

log = logging.getLogger(__name__)


class PirError(KhlangError):
    """A PIR request that cannot be met as asked (e.g. a system with no go-live date)."""

    exit_code = 2


@dataclass
class PirLine:
    """One system in `pir due`: its dates, its status and, once recorded, its headline score."""

    system: System
    schedule: Schedule
    opened: bool
    recorded_at: dt.datetime | None
    overall_mean: float | None
    response_rate: float | None

    def to_dict(self) -> dict:
        s = self.schedule
        return {
            "system": self.system.code, "name_th": self.system.name_th, "name_en": self.system.name_en,
            "owning_unit": self.system.owning_unit, "status": s.status, "opened": self.opened,
            "go_live": s.go_live.isoformat() if s.go_live else None,
            "go_live_be": format_both(s.go_live) if s.go_live else None,
            "due_on": s.due_on.isoformat() if s.due_on else None,
            "due_on_be": format_both(s.due_on) if s.due_on else None,
            "overdue_after": s.overdue_after.isoformat() if s.overdue_after else None,
            "recorded_at": as_utc(self.recorded_at).isoformat() if self.recorded_at else None,
            "overall_mean": self.overall_mean, "response_rate": self.response_rate,
        }


def _review(session: Session, system: str, go_live: dt.date) -> PirReview | None:
    return session.scalar(select(PirReview).where(PirReview.system == system, PirReview.go_live == go_live))


def _current_survey(review: PirReview) -> PirSurvey | None:
    live = [s for s in review.surveys if not s.superseded]
    return live[-1] if live else None


def pir_lines(systems: dict[str, System], store: Store, as_of: dt.date) -> list[PirLine]:
    """Every system's PIR status on `as_of`, due ones first."""
    with store.reading() as session:
        reviews = {(r.system, r.go_live): r for r in session.scalars(
            select(PirReview).options(selectinload(PirReview.surveys))).all()}
        out = []
        for code, system in systems.items():
            review = reviews.get((code, system.go_live)) if system.go_live else None
            survey = _current_survey(review) if review else None
            recorded = survey is not None
            sched = status_on(code, system.go_live, as_of, opened=review is not None, recorded=recorded)
            score_ = (survey.score or {}) if survey else {}
            out.append(PirLine(system, sched, review is not None, review.recorded_at if review else None,
                               (score_.get("overall") or {}).get("mean"), score_.get("response_rate")))
    order = {"overdue": 0, "due": 1, "not_due": 2, "recorded": 3, "lapsed": 4, "not_scheduled": 5}
    return sorted(out, key=lambda p: (order[p.schedule.status], p.schedule.due_on or dt.date.max, p.system.code))


def open_due(systems: dict[str, System], store: Store, as_of: dt.date, run_key: str | None) -> list[str]:
    """Open a review for every system whose PIR is due or overdue (not lapsed, not yet open)."""
    opened = []
    with store.transaction() as session:
        run_lock(session, "pir_reviews")
        for code, system in sorted(systems.items()):
            go_live = system.go_live
            if go_live is None or _review(session, code, go_live) is not None:
                continue
            sched = status_on(code, go_live, as_of)
            if sched.status not in ("due", "overdue") or sched.due_on is None:
                continue
            review = PirReview(system=code, go_live=system.go_live, due_on=sched.due_on, opened_at=utcnow(),
                               opened_run_key=run_key, status="open")
            review.events.append(PirEvent(at=utcnow(), kind="opened", run_key=run_key, detail=(
                f"PIR due {format_both(sched.due_on)}: six months after go-live {format_both(go_live)}")))
            session.add(review)
            opened.append(code)
            log.info("PIR opened for %s (due %s)", code, sched.due_on)
    return opened


def remind_overdue(systems: dict[str, System], store: Store, as_of: dt.date, run_key: str | None) -> list[str]:
    """Record a reminder (and log a warning) for every open review that is overdue, once per run."""
    reminded = []
    with store.transaction() as session:
        run_lock(session, "pir_reviews")
        reviews = session.scalars(select(PirReview).options(selectinload(PirReview.surveys),
                                                            selectinload(PirReview.events))
                                  .where(PirReview.status == "open").order_by(PirReview.system)).all()
        for review in reviews:
            sched = status_on(review.system, review.go_live, as_of, opened=True,
                              recorded=_current_survey(review) is not None)
            if sched.status != "overdue":
                continue
            if run_key and any(e.kind == "reminder" and e.run_key == run_key for e in review.events):
                continue
            days = (as_of - review.due_on).days
            detail = (f"overdue: due {format_both(review.due_on)}, {days} days ago; no satisfaction survey recorded "
                      f"(khlang pir record {review.system} --survey FILE.csv)")
            review.events.append(PirEvent(at=utcnow(), kind="reminder", run_key=run_key, detail=detail))
            reminded.append(review.system)
            name = systems[review.system].name_th if review.system in systems else review.system
            log.warning("PIR reminder: %s (%s): %s", review.system, name, detail)
    return reminded


def record_survey(system: System, store: Store, survey: Survey, as_of: dt.date) -> dict:
    """Store a survey for the system's PIR (opening the review if needed) and score it, in one transaction."""
    if system.go_live is None:
        raise PirError(f"{system.code}: no go_live date in systems.yaml, so it has no PIR to record")
    now = utcnow()
    with store.transaction() as session:
        run_lock(session, "pir_reviews")
        review = _review(session, system.code, system.go_live)
        if review is None:
            review = PirReview(system=system.code, go_live=system.go_live, due_on=due_date(system.go_live),
                               opened_at=now, opened_run_key=None, status="open")
            review.events.append(PirEvent(at=now, kind="opened", run_key=None,
                                          detail="opened when the satisfaction survey was recorded"))
            session.add(review)
            session.flush()
        current = _current_survey(review)
        if current is not None and current.sha256 == survey.sha256:
            return {"survey_id": current.id, "review_id": review.id, "already_recorded": True,
                    "score": current.score}
        for old in review.surveys:
            old.superseded = True
        responses = [{"unit": r.unit, "answers": r.answers} for r in survey.responses]
        result = score(survey.questions, responses, survey.invited)
        row = PirSurvey(
            recorded_at=now, file_name=survey.path.name, sha256=survey.sha256, questions=survey.questions,
            invited=survey.invited, response_count=len(survey.responses), score=result, scored_at=now,
            superseded=False,
            responses=[PirResponse(line=r.line, unit=r.unit, respondent=r.respondent, answered_on=r.answered_on,
                                   answers=r.answers, comment=r.comment) for r in survey.responses],
        )
        review.surveys.append(row)
        review.status = "recorded"
        review.recorded_at = now
        early = " (before the due date)" if as_of < review.due_on else ""
        review.events.append(PirEvent(at=now, kind="survey_recorded", run_key=None, detail=(
            f"survey {survey.path.name} recorded{early}: {len(survey.responses)} responses, "
            f"{len(survey.questions)} questions")))
        session.flush()
        return {"survey_id": row.id, "review_id": review.id, "already_recorded": False, "score": result}


def score_surveys(store: Store, run_key: str | None) -> list[str]:
    """Re-score every current survey from its stored responses; store the score when it changed."""
    changed = []
    with store.transaction() as session:
        run_lock(session, "pir_reviews")
        surveys = session.scalars(select(PirSurvey).options(selectinload(PirSurvey.responses),
                                                            selectinload(PirSurvey.review))
                                  .where(PirSurvey.superseded.is_(False))).all()
        for survey in surveys:
            responses = [{"unit": r.unit, "answers": r.answers} for r in survey.responses]
            result = score(survey.questions, responses, survey.invited)
            if survey.score == result and (survey.score or {}).get("version") == SCORE_VERSION:
                continue
            survey.score = result
            survey.scored_at = utcnow()
            survey.review.events.append(PirEvent(at=utcnow(), kind="scored", run_key=run_key,
                                                 detail=f"survey {survey.file_name} scored"))
            changed.append(survey.review.system)
    return changed
