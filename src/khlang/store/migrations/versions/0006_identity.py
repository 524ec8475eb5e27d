"""Identity: accounts, API tokens, console sessions and the append-only audit log.

Revision ID: 0006
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None

_REFUSE = "audit_log is append-only: its rows are never updated or deleted"


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True)


def _at(name: str, nullable: bool = False, index: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, index=index)


def upgrade() -> None:
    op.create_table(
        "accounts",
        _id(),
        sa.Column("username", sa.String(100), nullable=False, unique=True),
        sa.Column("person", sa.String(50), nullable=False, index=True),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("failed_count", sa.Integer, nullable=False, server_default="0"),
        _at("first_failed_at", nullable=True),
        _at("locked_until", nullable=True),
        _at("last_sign_in_at", nullable=True),
        _at("password_changed_at", nullable=True),
        _at("created_at"),
        sa.Column("created_by", sa.String(100), nullable=False),
        _at("disabled_at", nullable=True),
    )
    op.create_table(
        "api_tokens",
        _id(),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False, index=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.String(200), nullable=False),
        _at("created_at"),
        sa.Column("created_by", sa.String(100), nullable=False),
        _at("last_used_at", nullable=True),
        _at("revoked_at", nullable=True),
    )
    op.create_table(
        "console_sessions",
        _id(),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False, index=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("csrf_secret", sa.String(100), nullable=False),
        _at("created_at"),
        _at("last_seen_at"),
        _at("expires_at"),
        sa.Column("address", sa.String(100)),
        sa.Column("user_agent", sa.String(500)),
        _at("ended_at", nullable=True),
        sa.Column("end_reason", sa.String(50)),
    )
    op.create_table(
        "audit_log",
        _id(),
        _at("at", index=True),
        sa.Column("person", sa.String(50), nullable=False, index=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("address", sa.String(200)),
        sa.Column("on_behalf_of", sa.String(50)),
        sa.Column("reason", sa.Text),
        sa.Column("action", sa.String(60), nullable=False, index=True),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.String(200), nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_audit_log_object", "audit_log", ["object_type", "object_id"])
    _append_only()


def _append_only() -> None:
    """Triggers that make the database itself refuse edits of the audit log."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION khlang_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{_REFUSE}'; END $$""")
        op.execute("""CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                      FOR EACH ROW EXECUTE FUNCTION khlang_audit_log_append_only()""")
        op.execute("""CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
                      FOR EACH STATEMENT EXECUTE FUNCTION khlang_audit_log_append_only()""")
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"""CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log
                       BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS khlang_audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for table in ("audit_log", "console_sessions", "api_tokens", "accounts"):
        op.drop_table(table)
