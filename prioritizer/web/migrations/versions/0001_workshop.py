"""The first schema: workshops, participants, tokens, answers and events.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _key() -> sa.Column[int]:
    """A table's integer primary key `id`."""
    return sa.Column("id", sa.Integer(), primary_key=True)


def _cascade(name: str, table: str, *, nullable: bool) -> sa.Column[int]:
    """A column `name` pointing at `table`'s id: its rows go when that row goes."""
    return sa.Column(
        name, sa.Integer(), sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=nullable
    )


def upgrade() -> None:
    """Creates the five tables."""
    op.create_table(
        "workshops",
        _key(),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("secret", sa.String(64), nullable=False),
        sa.Column("hide_names", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "participants",
        _key(),
        _cascade("workshop_id", "workshops", nullable=False),
        sa.Column("region", sa.String(64), nullable=False),
        sa.Column("stakeholder", sa.String(64), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.Column("last_answer_at", sa.DateTime(), nullable=True),
        sa.Column("answers_version", sa.Integer(), nullable=False),
        sa.Column("kept_version", sa.Integer(), nullable=True),
        sa.UniqueConstraint("workshop_id", "stakeholder"),
    )
    op.create_table(
        "tokens",
        _key(),
        _cascade("workshop_id", "workshops", nullable=False),
        _cascade("participant_id", "participants", nullable=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "answers",
        _key(),
        _cascade("participant_id", "participants", nullable=False),
        sa.Column("row", sa.String(64), nullable=False),
        sa.Column("column", sa.String(64), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("participant_id", "row", "column"),
    )
    op.create_table(
        "events",
        _key(),
        _cascade("participant_id", "participants", nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("row", sa.String(64), nullable=True),
        sa.Column("column", sa.String(64), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
    )
    op.create_index("ix_events_participant", "events", ["participant_id"])


def downgrade() -> None:
    """Drops the five tables."""
    for table in ("events", "answers", "tokens", "participants", "workshops"):
        op.drop_table(table)
