"""The unit's PostgreSQL server as ``cli/`` sees it: setting it up, migrating it, its status and its
accounts.  The door from ``cli/`` to :mod:`injurydoc.server`, so that the import contract "ui and cli reach
the database only through services" holds for the server as it does for the local store.  Imported only by
the ``injurydoc server ...`` commands (psycopg loads with it)."""

from __future__ import annotations

from injurydoc.server.admin import add_unit, create_account, init_server
from injurydoc.server.connection import connect
from injurydoc.server.errors import ServerError
from injurydoc.server.migrate import migrate
from injurydoc.server.status import gather, verify_photos
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import pull
from injurydoc.sync.push import push

__all__ = [
    "Outbox",
    "ServerError",
    "StoreConnection",
    "add_unit",
    "connect",
    "create_account",
    "gather",
    "init_server",
    "migrate",
    "pull",
    "push",
    "verify_photos",
]
