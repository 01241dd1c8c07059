"""Training sync: exercises, attempts and results of a training unit, insert-only, under row-level security.

Revision ID: 0010
Revises: 0011
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0010_training_sync

revision = "0010"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0010_training_sync.UPGRADE)


def downgrade() -> None:
    run_sql(v0010_training_sync.DOWNGRADE)
