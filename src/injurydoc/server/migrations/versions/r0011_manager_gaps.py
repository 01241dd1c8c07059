"""Keys only by their owner (a store import: for the accounts it made, with the store's certificate),
each key registration logged; re-enabling an account; the unit log's protected-only filter and look-up by
keyed lookup value.

Revision ID: 0011
Revises: 0007
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0011_manager_gaps

revision = "0011"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0011_manager_gaps.UPGRADE)


def downgrade() -> None:
    run_sql(v0011_manager_gaps.DOWNGRADE)
