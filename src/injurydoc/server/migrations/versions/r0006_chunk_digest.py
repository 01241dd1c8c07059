"""Each photo chunk's SHA-256, computed by the server on arrival; one-chunk photos checked against it.

Revision ID: 0006
Revises: 0003
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0006_chunk_digest

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0006_chunk_digest.UPGRADE)


def downgrade() -> None:
    run_sql(v0006_chunk_digest.DOWNGRADE)
