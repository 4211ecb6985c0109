"""The workshop's tables: one workshop per data set, its participants (the stakeholders of the
data set), their access tokens (stored hashed), their current answers and the log of every
answer, "don't know", revision and keep, as SQLAlchemy models.

The schema is created and changed only by the versioned migrations in `web/migrations/`; a
test proves that the migrations build exactly these tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

ID_LENGTH = 64
"""Longest criterion, region or stakeholder id stored (the data set's slugs are shorter)."""
COMMENT_LENGTH = 1000
"""Longest comment on a judgment, in characters."""


class Base(DeclarativeBase):
    """The workshop's tables, each keyed by an integer `id` (its first column)."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)


def _cascade(table: str) -> MappedColumn[Any]:
    """A reference to a row of `table`, deleted with it."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"))


class Workshop(Base):
    """One workshop: the stakeholders of one data set answering; `secret` signs the forms'
    anti-forgery tokens so that they survive a restart."""

    __tablename__ = "workshops"

    key: Mapped[str] = mapped_column(String(ID_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime())
    secret: Mapped[str] = mapped_column(String(ID_LENGTH))
    hide_names: Mapped[bool] = mapped_column(default=False)


class Participant(Base):
    """A stakeholder of the data set taking part: where they are and when they last showed up."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("workshop_id", "stakeholder"),)

    workshop_id: Mapped[int] = _cascade("workshops")
    region: Mapped[str] = mapped_column(String(ID_LENGTH))
    stakeholder: Mapped[str] = mapped_column(String(ID_LENGTH))
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime())
    last_answer_at: Mapped[datetime | None] = mapped_column(DateTime())
    answers_version: Mapped[int] = mapped_column(default=0)
    """Bumped by every change of an answer."""
    kept_version: Mapped[int | None] = mapped_column()
    """The answers_version at which the stakeholder chose to keep inconsistent judgments."""


class AccessToken(Base):
    """A private link's token, as its SHA-256 digest: a participant's, or the planner's (no
    participant). A revoked token opens nothing."""

    __tablename__ = "tokens"

    workshop_id: Mapped[int] = _cascade("workshops")
    participant_id: Mapped[int | None] = _cascade("participants")
    digest: Mapped[str] = mapped_column(String(ID_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime())


class Answer(Base):
    """A participant's current answer to one pair (row before column in criteria order):
    `value` times as important, or None for "don't know"; with an optional comment."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("participant_id", "row", "column"),)

    participant_id: Mapped[int] = _cascade("participants")
    row: Mapped[str] = mapped_column(String(ID_LENGTH))
    column: Mapped[str] = mapped_column(String(ID_LENGTH))
    value: Mapped[float | None] = mapped_column(Float())
    comment: Mapped[str | None] = mapped_column(Text())
    answered_at: Mapped[datetime] = mapped_column(DateTime())


class Event(Base):
    """One thing a participant did, in order: answer, skip ("don't know"), revise or keep (with
    the record of the decision as JSON). The planner's views are recomputed when the last id
    changes."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_participant", "participant_id"),)

    participant_id: Mapped[int] = _cascade("participants")
    at: Mapped[datetime] = mapped_column(DateTime())
    kind: Mapped[str] = mapped_column(String(16))
    row: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    column: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    value: Mapped[float | None] = mapped_column(Float())
    detail: Mapped[str | None] = mapped_column(Text())
