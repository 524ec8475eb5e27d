"""Catalogue snapshots, columns and findings.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_key", sa.String(200), nullable=False, unique=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("catalog_digest", sa.String(64), nullable=False),
        sa.Column("dataset_count", sa.Integer, nullable=False),
    )
    op.create_table(
        "dataset_snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("catalog_snapshots.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20)),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("object", sa.String(500), nullable=False),
        sa.Column("declared", sa.Boolean, nullable=False),
        sa.Column("found", sa.Boolean, nullable=False),
        sa.Column("row_count", sa.BigInteger),
        sa.Column("classification", sa.String(20)),
        sa.Column("declaration", sa.JSON),
        sa.Column("error", sa.Text),
        sa.UniqueConstraint("snapshot_id", "name"),
    )
    op.create_table(
        "column_snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dataset_snapshot_id", sa.Integer, sa.ForeignKey("dataset_snapshots.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("null_count", sa.BigInteger),
        sa.Column("distinct_count", sa.BigInteger),
        sa.Column("pii", sa.String(30)),
        sa.Column("declared_pii", sa.String(30)),
        sa.Column("description", sa.Text),
    )
    op.create_table(
        "catalog_findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("catalog_snapshots.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("dataset", sa.String(200), nullable=False, index=True),
        sa.Column("category", sa.String(10), nullable=False),
        sa.Column("code", sa.String(50), nullable=False),
        sa.Column("column", sa.String(200)),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("catalog_findings", "column_snapshots", "dataset_snapshots", "catalog_snapshots"):
        op.drop_table(table)
