"""Moving a standalone store into a unit: the unit manager's open store import (insert policies in the
names of the unit's accounts, for the imported patients only; reading them back while it is open).

Revision ID: 0008
Revises: 0004
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0008_store_import

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0008_store_import.UPGRADE)


def downgrade() -> None:
    run_sql(v0008_store_import.DOWNGRADE)
