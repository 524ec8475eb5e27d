"""The committee's approvals of business-glossary terms (อภิธานศัพท์): who approved which text, when.

A new table only; this branch needs nothing of the others but 0001.

Revision ID: 0013
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossary_approvals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("term_id", sa.String(80), nullable=False, index=True),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("approved_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("by", sa.String(60), nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("term_id", "text_sha256", name="uq_glossary_approvals_term_text"),
    )


def downgrade() -> None:
    op.drop_table("glossary_approvals")
