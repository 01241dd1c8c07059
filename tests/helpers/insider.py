"""What a colleague at the same workstation can do without the program: their own password unwraps the
data key from their slot, and the store's file is opened directly with it (the raw SQLCipher shell or ten
lines of Python).  The insider tests attack the store through this connection, never the services."""

from __future__ import annotations

import sqlcipher3.dbapi2 as sqlcipher

from injurydoc.store.database import Database
from injurydoc.store.schema import MIGRATIONS
from injurydoc.store.vault import Vault
from tests.conftest import PASSWORD


def session_connection(db: Database) -> sqlcipher.Connection:
    """The program's own SQLCipher connection under a session's :class:`Database` (to watch with an
    authorizer what the program reads).  Raw state the program keeps private: read here, on purpose,
    and nowhere else in the tests (tests/test_code_rules.py)."""
    return db._con


def colleague_connection(
    store, username: str = "erik", *, drop_triggers: bool = False
) -> sqlcipher.Connection:
    """A raw connection to ``store``'s database with the data key ``username``'s password unwraps.
    ``drop_triggers``: the colleague also drops every trigger the schema made (nothing stops them)."""
    vault, _slot = Vault.open_with_password(store.folder, username, PASSWORD)
    key, page_size = vault.data_key, vault.keyslots.page_size
    vault.close()
    con = sqlcipher.connect(str(store.folder / "injurydoc.db"), isolation_level=None)
    con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    con.execute(f"PRAGMA cipher_page_size = {page_size}")
    if drop_triggers:
        for stmt in (stmt for _, statements in MIGRATIONS for stmt in statements):
            if stmt.lstrip().startswith("CREATE TRIGGER"):
                con.execute(f"DROP TRIGGER IF EXISTS {stmt.split()[2]}")
    return con
