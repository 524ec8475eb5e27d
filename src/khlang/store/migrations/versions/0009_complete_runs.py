"""Quality runs are read only once complete: every dataset, the security checks and the scores written.

Revision ID: 0009
Revises: 0001
Depends on: 0002 (quality_runs)

Rows already in the store were written by runs that the old code treated as finished; they stay
visible (the column defaults to true).
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0001"
branch_labels = None
depends_on = "0002"


def upgrade() -> None:
    op.add_column("quality_runs", sa.Column("complete", sa.Boolean, nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("quality_runs") as batch:
        batch.drop_column("complete")
