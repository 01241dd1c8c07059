"""The unit's follow-up statistics for its manager (``unit_statistics``): aggregate counts only.

Revision ID: 0004
Revises: 0006

(Revision numbers were handed out to parallel work: 0006 was released first, so the chain is
0003 → 0006 → 0004.  Order follows ``down_revision``, not the numbers.)
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0004_statistics

revision = "0004"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0004_statistics.UPGRADE)


def downgrade() -> None:
    run_sql(v0004_statistics.DOWNGRADE)
