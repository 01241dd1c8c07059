"""A standalone store's migrated signatures and signatures over an earlier content version, moved as they
are; accounts a store import made before 0011 recorded as import-made.

Revision ID: 0012
Revises: 0014
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0012_import_signatures

revision = "0012"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0012_import_signatures.UPGRADE)


def downgrade() -> None:
    run_sql(v0012_import_signatures.DOWNGRADE)
