"""Store tables of Post-Implementation Reviews: the review, what happened to it, surveys and their answers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from khlang.store.models import Base


class PirReview(Base):
    """The PIR of one system's go-live, opened when it falls due (go-live + 6 months)."""

    __tablename__ = "pir_reviews"
    __table_args__ = (UniqueConstraint("system", "go_live"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system: Mapped[str] = mapped_column(String(50), index=True)
    go_live: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    opened_run_key: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    events: Mapped[list[PirEvent]] = relationship(
        back_populates="review", cascade="all, delete-orphan", passive_deletes=True, order_by="PirEvent.at"
    )
    surveys: Mapped[list[PirSurvey]] = relationship(
        back_populates="review", cascade="all, delete-orphan", passive_deletes=True, order_by="PirSurvey.id"
    )


class PirEvent(Base):
    """Opened, reminded (overdue), survey recorded, scored, reported."""

    __tablename__ = "pir_events"
    __table_args__ = (UniqueConstraint("review_id", "kind", "run_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("pir_reviews.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(20))
    run_key: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)
    review: Mapped[PirReview] = relationship(back_populates="events")


class PirSurvey(Base):
    """One satisfaction survey file recorded for a review; a later file supersedes it."""

    __tablename__ = "pir_surveys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("pir_reviews.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    questions: Mapped[list] = mapped_column(JSON)
    invited: Mapped[dict | None] = mapped_column(JSON)
    response_count: Mapped[int] = mapped_column(Integer)
    score: Mapped[dict | None] = mapped_column(JSON)
    scored_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    review: Mapped[PirReview] = relationship(back_populates="surveys")
    responses: Mapped[list[PirResponse]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", passive_deletes=True, order_by="PirResponse.line"
    )


class PirResponse(Base):
    """One respondent's answers (Likert 1–5 per question, None when left blank)."""

    __tablename__ = "pir_responses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("pir_surveys.id", ondelete="CASCADE"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(50))
    respondent: Mapped[str | None] = mapped_column(String(200))
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    answers: Mapped[list] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)
    survey: Mapped[PirSurvey] = relationship(back_populates="responses")
