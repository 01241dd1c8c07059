"""Alembic environment for the unit server: runs the revisions on the connection handed in by
:mod:`injurydoc.server.migrate` (never one of its own, never from an ini file)."""

from __future__ import annotations

from alembic import context

from injurydoc.server.migrate import VERSION_SCHEMA, VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    version_table=VERSION_TABLE,
    version_table_schema=VERSION_SCHEMA,
    transactional_ddl=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
