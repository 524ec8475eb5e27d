"""Account reviews (สงพท.-04): the people → unit map kept with each catalogue snapshot (so a transfer between
two snapshots is found), the annual review circular, and each office's reply to it.

Needs only 0001 (catalog_snapshots); an evidence file of a reply (0007) is referred to by its id only.

Revision ID: 0012
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("catalog_snapshots", sa.Column("people_units", sa.JSON, nullable=True))
    op.create_table(
        "account_review_circulars",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cycle", sa.Integer, nullable=False, unique=True),  # C.E. year of the 30 September deadline
        sa.Column("document_number", sa.String(100), nullable=True),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("reply_by", sa.Date, nullable=False),
        sa.Column("units", sa.JSON, nullable=False),  # the offices asked to reply
        sa.Column("by", sa.String(60), nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "account_review_replies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("circular_id", sa.Integer, sa.ForeignKey("account_review_circulars.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("reviewed_on", sa.Date, nullable=False),
        sa.Column("by", sa.String(60), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("evidence_id", sa.String(64), nullable=True),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("circular_id", "unit", name="uq_account_review_replies_circular_unit"),
    )


def downgrade() -> None:
    op.drop_table("account_review_replies")
    op.drop_table("account_review_circulars")
    with op.batch_alter_table("catalog_snapshots") as batch:
        batch.drop_column("people_units")
