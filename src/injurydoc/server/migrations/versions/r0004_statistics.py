"""The unit's follow-up statistics for its manager (``unit_statistics``): aggregate counts only.

Revision ID: 0004
Revises: 0003
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0004_statistics

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0004_statistics.UPGRADE)


def downgrade() -> None:
    run_sql(v0004_statistics.DOWNGRADE)
