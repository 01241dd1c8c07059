"""Workstations and their last sync.

Revision ID: 0002
Revises: 0001
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0002_workstations

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0002_workstations.UPGRADE)


def downgrade() -> None:
    run_sql(v0002_workstations.DOWNGRADE)
