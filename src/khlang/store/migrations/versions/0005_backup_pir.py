"""Backup verification, restore tests and Post-Implementation Reviews.

Revision ID: 0005
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True)


def _at(name: str, nullable: bool = False, index: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, index=index)


def upgrade() -> None:
    op.create_table(
        "backup_verifications",
        _id(),
        sa.Column("run_key", sa.String(200), nullable=False, index=True),
        _at("checked_at", index=True),
        _at("as_of"),
        sa.Column("system", sa.String(50), nullable=False, index=True),
        sa.Column("part", sa.String(20), nullable=False),
        sa.Column("engine", sa.String(20), nullable=False),
        sa.Column("destination", sa.Text, nullable=False),
        sa.Column("backups_found", sa.Integer, nullable=False),
        sa.Column("latest_file", sa.Text),
        _at("latest_created_at", nullable=True),
        sa.Column("latest_size", sa.BigInteger),
        sa.Column("latest_sha256", sa.String(64)),
        sa.Column("median_size", sa.BigInteger),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.UniqueConstraint("run_key", "system", "part"),
    )
    op.create_table(
        "backup_findings",
        _id(),
        sa.Column("verification_id", sa.Integer,
                  sa.ForeignKey("backup_verifications.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("file", sa.Text),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_table(
        "restore_tests",
        _id(),
        sa.Column("run_key", sa.String(200), nullable=False, index=True),
        _at("tested_at", index=True),
        sa.Column("system", sa.String(50), index=True),
        sa.Column("part", sa.String(20)),
        sa.Column("engine", sa.String(20), nullable=False),
        sa.Column("backup_file", sa.Text, nullable=False),
        sa.Column("backup_size", sa.BigInteger, nullable=False),
        sa.Column("backup_sha256", sa.String(64)),
        sa.Column("against", sa.Text),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("duration_s", sa.Float, nullable=False),
        sa.UniqueConstraint("run_key", "backup_file"),
    )
    op.create_table(
        "restore_test_tables",
        _id(),
        sa.Column("restore_test_id", sa.Integer,
                  sa.ForeignKey("restore_tests.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("rows", sa.BigInteger),
        sa.Column("checksum", sa.String(64)),
        sa.Column("expected_rows", sa.BigInteger),
        sa.Column("expected_checksum", sa.String(64)),
        sa.Column("expected_from", sa.String(10)),
        sa.Column("matches", sa.Boolean),
    )
    op.create_table(
        "backup_snapshots",
        _id(),
        sa.Column("run_key", sa.String(200), index=True),
        _at("taken_at", index=True),
        sa.Column("system", sa.String(50), nullable=False, index=True),
        sa.Column("part", sa.String(20), nullable=False),
        sa.Column("engine", sa.String(20), nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("tables", sa.JSON),
        sa.Column("pruned", sa.JSON),
    )
    op.create_table(
        "pir_reviews",
        _id(),
        sa.Column("system", sa.String(50), nullable=False, index=True),
        sa.Column("go_live", sa.Date, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        _at("opened_at"),
        sa.Column("opened_run_key", sa.String(200)),
        sa.Column("status", sa.String(20), nullable=False),
        _at("recorded_at", nullable=True),
        sa.UniqueConstraint("system", "go_live"),
    )
    op.create_table(
        "pir_events",
        _id(),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("pir_reviews.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        _at("at"),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("run_key", sa.String(200)),
        sa.Column("detail", sa.Text, nullable=False),
        sa.UniqueConstraint("review_id", "kind", "run_key"),
    )
    op.create_table(
        "pir_surveys",
        _id(),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("pir_reviews.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        _at("recorded_at"),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("questions", sa.JSON, nullable=False),
        sa.Column("invited", sa.JSON),
        sa.Column("response_count", sa.Integer, nullable=False),
        sa.Column("score", sa.JSON),
        _at("scored_at", nullable=True),
        sa.Column("superseded", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "pir_responses",
        _id(),
        sa.Column("survey_id", sa.Integer, sa.ForeignKey("pir_surveys.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("unit", sa.String(50), nullable=False),
        sa.Column("respondent", sa.String(200)),
        sa.Column("answered_on", sa.Date),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("comment", sa.Text),
    )


def downgrade() -> None:
    for table in ("pir_responses", "pir_surveys", "pir_events", "pir_reviews", "backup_snapshots",
                  "restore_test_tables", "restore_tests", "backup_findings", "backup_verifications"):
        op.drop_table(table)
