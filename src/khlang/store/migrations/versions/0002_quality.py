"""Quality runs, check results and scores.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quality_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_key", sa.String(200), nullable=False, index=True),
        sa.Column("dataset", sa.String(200), nullable=False, index=True),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("engine", sa.String(20), nullable=False),
        sa.Column("success", sa.Boolean, nullable=False),
        sa.UniqueConstraint("run_key", "dataset", "scope"),
    )
    op.create_table(
        "check_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("quality_runs.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("fingerprint", sa.String(32), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("check", sa.String(300), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("column", sa.String(300)),
        sa.Column("dimension", sa.String(20), nullable=False),
        sa.Column("success", sa.Boolean, nullable=False),
        sa.Column("element_count", sa.BigInteger),
        sa.Column("unexpected_count", sa.BigInteger),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("suite", sa.String(200)),
        sa.Column("observed", sa.JSON),
        sa.Column("details", sa.JSON),
    )
    op.create_table(
        "quality_scores",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_key", sa.String(200), nullable=False, index=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dataset", sa.String(200), nullable=False, index=True),
        sa.Column("dimension", sa.String(20), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("passed_weight", sa.Float, nullable=False),
        sa.Column("total_weight", sa.Float, nullable=False),
        sa.Column("checks", sa.Integer, nullable=False),
        sa.UniqueConstraint("run_key", "dataset", "dimension"),
    )


def downgrade() -> None:
    for table in ("quality_scores", "check_results", "quality_runs"):
        op.drop_table(table)
