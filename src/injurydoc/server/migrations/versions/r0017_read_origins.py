"""Where a version came from (the workstation's name as its author's own reports gave it, the author's
name) in ``fetch_examination``; the list of patients an account may open read as one set.

Revision ID: 0017
Revises: 0012
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0017_read_origins

revision = "0017"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0017_read_origins.UPGRADE)


def downgrade() -> None:
    run_sql(v0017_read_origins.DOWNGRADE)
