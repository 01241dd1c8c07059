"""The unit key's gaps: a manager's seal withdrawn when they are disabled or stop being a manager; a key
may be certified again (one certificate per certifier), each stamped by the server.

Revision ID: 0016
Revises: 0017
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0016_unit_key_gaps

revision = "0016"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0016_unit_key_gaps.UPGRADE)


def downgrade() -> None:
    run_sql(v0016_unit_key_gaps.DOWNGRADE)
