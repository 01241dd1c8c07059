"""Training units: a unit's purpose (real or training), fixed for ever; a trainer's rights by purpose.

Revision ID: 0007
Revises: 0008
"""

from injurydoc.server.migrate import run_sql
from injurydoc.server.sql import v0007_training_units

revision = "0007"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql(v0007_training_units.UPGRADE)


def downgrade() -> None:
    run_sql(v0007_training_units.DOWNGRADE)
