"""Report memos (บันทึกข้อความ): the running document numbers each unit gives its memos, never reused, and the
Director's acknowledgement of a published report (who, when, the sha256 of the file acknowledged).

New tables only; this branch needs nothing of the others but 0001 (the acknowledged file itself is kept as an
evidence file, 0007, but only its id is written here).

Revision ID: 0011
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "memo_numbers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report", sa.String(200), nullable=False, unique=True),  # kind:key, e.g. backup:2026-11
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("be_year", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("unit", "be_year", "number", name="uq_memo_numbers_unit_year_number"),
    )
    op.create_table(
        "report_acknowledgements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report", sa.String(200), nullable=False, index=True),
        sa.Column("file", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("document_number", sa.String(100), nullable=True),
        sa.Column("evidence_id", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("by", sa.String(60), nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("report", "sha256", name="uq_report_acknowledgements_report_sha256"),
    )


def downgrade() -> None:
    op.drop_table("report_acknowledgements")
    op.drop_table("memo_numbers")
