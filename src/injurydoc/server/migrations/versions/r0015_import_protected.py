"""A store import moves protected persons (ciphertext only) and records their co-handlers.

Revision ID: 0015
Revises: 0016
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0015_import_protected

revision = "0015"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0015_import_protected.UPGRADE)


def downgrade() -> None:
    run_sql(v0015_import_protected.DOWNGRADE)
