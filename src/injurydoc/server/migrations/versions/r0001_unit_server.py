"""The unit server's first schema: units, accounts and their keys, patients, grants, examinations
(versioned drafts, signatures, addenda, injuries), photos by SHA-256 with resumable upload, the
insert-only access log; group roles, privileges and row-level security.

Revision ID: 0001
Revises:
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0001_functions, v0001_policies, v0001_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0001_tables.UPGRADE)
    run_sql(v0001_functions.UPGRADE)
    run_sql(v0001_policies.UPGRADE)


def downgrade() -> None:
    run_sql(v0001_tables.DOWNGRADE)
