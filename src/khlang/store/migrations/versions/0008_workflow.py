"""Workflow records made by signed-in people (issue 9): linkage analyses, imports and who recorded each step;
the Director's policy approvals, their communications, and who recorded each self-assessment.

New tables only: steps and self-assessments recorded before accounts existed keep their rows as they
were (their free-text `by`), and this branch needs nothing of the others but 0001.

Revision ID: 0008
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0001"
branch_labels = None
depends_on = None


def _recorder() -> list[sa.Column]:
    """The account that wrote a row, through which channel, and why when it was on someone's behalf."""
    return [sa.Column("recorded_by", sa.String(100), nullable=False),
            sa.Column("channel", sa.String(20), nullable=False),
            sa.Column("reason", sa.Text, nullable=True)]


def _decision_columns() -> list[sa.Column]:
    return [sa.Column("note", sa.Text, nullable=True),
            sa.Column("evidence_id", sa.String(64), nullable=True),
            sa.Column("by", sa.String(60), nullable=False),
            *_recorder(),
            sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "linkage_step_actors",
        sa.Column("transition_id", sa.Integer, primary_key=True),
        *_recorder(),
        sa.Column("source", sa.String(20), nullable=False),
    )
    op.create_table(
        "linkage_analyses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("linkage_id", sa.String(60), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("completed_on", sa.Date, nullable=False),
        sa.Column("summary", sa.Text, nullable=True),
        sa.Column("evidence_id", sa.String(64), nullable=True),
        sa.Column("by", sa.String(200), nullable=True),
        sa.Column("recorded_by", sa.String(100), nullable=True),
        sa.Column("channel", sa.String(20), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "linkage_imports",
        sa.Column("linkage_id", sa.String(60), primary_key=True),
        sa.Column("declared_status", sa.String(30), nullable=False),
        sa.Column("steps", sa.Integer, nullable=False),
        sa.Column("analyses", sa.Integer, nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "policy_approvals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("policy_id", sa.String(60), nullable=False, index=True),
        sa.Column("approved_on", sa.Date, nullable=False),
        *_decision_columns(),
    )
    op.create_table(
        "policy_communications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("policy_id", sa.String(60), nullable=False, index=True),
        sa.Column("channel_used", sa.String(20), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("communicated_on", sa.Date, nullable=False),
        *_decision_columns(),
    )
    op.create_table(
        "policy_assessment_actors",
        sa.Column("assessment_id", sa.Integer, primary_key=True),
        *_recorder(),
        sa.Column("evidence_id", sa.String(64), nullable=True),
    )


def downgrade() -> None:
    for table in ("policy_assessment_actors", "policy_communications", "policy_approvals", "linkage_imports",
                  "linkage_analyses", "linkage_step_actors"):
        op.drop_table(table)
