"""Governance issues with their events, root causes and actions; self-assessments; compliance runs.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "governance_issues",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("origin_kind", sa.String(20), nullable=False),
        sa.Column("code", sa.String(300), nullable=False),
        sa.Column("category", sa.String(30), nullable=False, index=True),
        sa.Column("dataset", sa.String(200), index=True),
        sa.Column("column", sa.String(300)),
        sa.Column("unit", sa.String(50)),
        sa.Column("dimension", sa.String(20)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("cycle", sa.Integer, nullable=False),
        sa.Column("assignees", sa.JSON, nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("cycle_opened_on", sa.Date, nullable=False),
        sa.Column("collect_due", sa.Date, nullable=False),
        sa.Column("rca_due", sa.Date, nullable=False),
        sa.Column("resolved_on", sa.Date),
        sa.Column("closed_on", sa.Date),
        sa.Column("verified_by", sa.String(200)),
        sa.Column("verification_note", sa.Text),
        sa.Column("escalation_level", sa.Integer, nullable=False),
        sa.Column("evidence", sa.JSON),
        sa.Column("last_seen_run", sa.String(200)),
        sa.Column("last_seen_on", sa.Date),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "governance_issue_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("issue_id", sa.Integer, sa.ForeignKey("governance_issues.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("from_status", sa.String(20)),
        sa.Column("to_status", sa.String(20)),
        sa.Column("on", sa.Date, nullable=False, index=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_key", sa.String(200)),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("data", sa.JSON),
    )
    op.create_table(
        "governance_root_causes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("issue_id", sa.Integer, sa.ForeignKey("governance_issues.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("cycle", sa.Integer, nullable=False),
        sa.Column("cause_category", sa.String(20), nullable=False),
        sa.Column("whys", sa.JSON, nullable=False),
        sa.Column("root_cause", sa.Text, nullable=False),
        sa.Column("analysed_by", sa.String(200), nullable=False),
        sa.Column("analysed_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("issue_id", "cycle"),
    )
    op.create_table(
        "governance_actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("issue_id", sa.Integer, sa.ForeignKey("governance_issues.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("cycle", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("done_on", sa.Date),
        sa.Column("done_note", sa.Text),
        sa.Column("created_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "policy_assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("policy_id", sa.String(60), nullable=False),
        sa.Column("rule_id", sa.String(60), nullable=False, index=True),
        sa.Column("unit", sa.String(50), nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("assessed_by", sa.String(200), nullable=False),
        sa.Column("assessed_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "compliance_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_key", sa.String(200), nullable=False, unique=True),
        sa.Column("as_of", sa.Date, nullable=False, index=True),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "compliance_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("compliance_runs.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("policy_id", sa.String(60), nullable=False),
        sa.Column("rule_id", sa.String(60), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("dataset", sa.String(200)),
        sa.Column("unit", sa.String(50)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_table(
        "compliance_measures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("compliance_runs.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("measure_id", sa.String(60), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("numerator", sa.Float),
        sa.Column("denominator", sa.Float),
        sa.Column("target", sa.Float),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("met", sa.Boolean),
    )


def downgrade() -> None:
    for table in ("compliance_measures", "compliance_results", "compliance_runs", "policy_assessments",
                  "governance_actions", "governance_root_causes", "governance_issue_events", "governance_issues"):
        op.drop_table(table)
