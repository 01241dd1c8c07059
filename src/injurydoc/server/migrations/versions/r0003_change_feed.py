"""The change feed (``changes_since``) and "do you hold row X" (``holds``).

Revision ID: 0003
Revises: 0002
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0003_change_feed

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0003_change_feed.UPGRADE)


def downgrade() -> None:
    run_sql(v0003_change_feed.DOWNGRADE)
