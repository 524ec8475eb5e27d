"""The EA process (สงพท.-10): versions and the records made in each (working group, plan, snapshot, endorsement…).

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _who() -> list[sa.Column]:
    return [sa.Column("by", sa.String(60), nullable=False),
            sa.Column("recorded_by", sa.String(100), nullable=False),
            sa.Column("channel", sa.String(20), nullable=False),
            sa.Column("reason", sa.Text, nullable=True),
            sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "ea_versions",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("title_th", sa.Text, nullable=False),
        sa.Column("title_en", sa.Text, nullable=True),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("previous", sa.String(40), nullable=True),
        *_who(),
    )
    op.create_table(
        "ea_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.String(40), sa.ForeignKey("ea_versions.code"), nullable=False, index=True),
        sa.Column("kind", sa.String(40), nullable=False, index=True),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        *_who(),
    )


def downgrade() -> None:
    op.drop_table("ea_records")
    op.drop_table("ea_versions")
