"""The EA checks (สงพท.-10) kept in the store: one row per run of the EA DAG, its findings and gap analysis.

A new table only.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ea_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_key", sa.String(250), nullable=False, unique=True),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finding_count", sa.Integer, nullable=False),
        sa.Column("findings", sa.JSON, nullable=False),
        sa.Column("gaps", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ea_checks")
