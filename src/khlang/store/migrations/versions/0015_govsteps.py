"""สงพท.-11 steps 1–6 as records: the structure's publication, the committee's appointment order, its resolutions,
the Director's approval of the lists, the units' acknowledgements of a policy, the practices under a policy.

New tables only.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
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
        "governance_structures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("drafted_from", sa.Date, nullable=False),
        sa.Column("published_on", sa.Date, nullable=False),
        sa.Column("structure_sha256", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("evidence_id", sa.String(64), nullable=True),
        *_who(),
    )
    op.create_table(
        "committee_orders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("number", sa.String(60), nullable=False, unique=True),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("term_from", sa.Date, nullable=False),
        sa.Column("term_until", sa.Date, nullable=False),
        sa.Column("members", sa.JSON, nullable=False),
        sa.Column("evidence_id", sa.String(64), nullable=True),
        *_who(),
    )
    op.create_table(
        "committee_resolutions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("number", sa.String(60), nullable=False, unique=True),
        sa.Column("meeting_on", sa.Date, nullable=False),
        sa.Column("policies", sa.JSON, nullable=False),
        sa.Column("lists", sa.JSON, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("evidence_id", sa.String(64), nullable=True),
        *_who(),
    )
    op.create_table(
        "list_approvals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("resolution_id", sa.Integer, nullable=False, unique=True),
        sa.Column("approved_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("evidence_id", sa.String(64), nullable=True),
        *_who(),
    )
    op.create_table(
        "policy_acknowledgements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("policy_id", sa.String(60), nullable=False, index=True),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("acknowledged_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        *_who(),
        sa.UniqueConstraint("policy_id", "unit", name="uq_policy_acknowledgements_policy_unit"),
    )
    op.create_table(
        "policy_practices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("policy_id", sa.String(60), nullable=False, index=True),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("units", sa.JSON, nullable=False),
        sa.Column("what_th", sa.Text, nullable=False),
        sa.Column("what_en", sa.Text, nullable=True),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("shown_by", sa.Text, nullable=False),
        sa.Column("set_on", sa.Date, nullable=False),
        *_who(),
        sa.UniqueConstraint("policy_id", "code", name="uq_policy_practices_policy_code"),
    )


def downgrade() -> None:
    for table in ("policy_practices", "policy_acknowledgements", "list_approvals", "committee_resolutions",
                  "committee_orders", "governance_structures"):
        op.drop_table(table)
