"""Linkage register: workflow transitions and check runs (สงพท.-08).

Revision ID: 0004
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "linkage_transitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("linkage_id", sa.String(60), nullable=False, index=True),
        sa.Column("from_status", sa.String(30), nullable=False),
        sa.Column("to_status", sa.String(30), nullable=False),
        sa.Column("step_date", sa.Date, nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "linkage_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_key", sa.String(200), nullable=False, unique=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("linkage_count", sa.Integer, nullable=False),
    )
    op.create_table(
        "linkage_check_findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("check_id", sa.Integer, sa.ForeignKey("linkage_checks.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("linkage_id", sa.String(60), nullable=False, index=True),
        sa.Column("code", sa.String(50), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("linkage_check_findings", "linkage_checks", "linkage_transitions"):
        op.drop_table(table)
