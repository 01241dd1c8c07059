"""The unit key: its public half set once by a unit manager, sealed to the managers, and the certificates
it makes for the accounts' keys (the trust anchor the workstations pin).

Revision ID: 0014
Revises: 0010
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0014_unit_key

revision = "0014"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0014_unit_key.UPGRADE)


def downgrade() -> None:
    run_sql(v0014_unit_key.DOWNGRADE)
