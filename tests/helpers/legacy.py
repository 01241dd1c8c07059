"""Turn a store into one made before personal keys (schema 6 with the empty tables of schemas 7 and 11):
slots that wrap the data key directly, no unit key, no checkpoints, the anchor keyed from the data key.

Going around the program on purpose: the faithful shape of a store that an older version wrote.
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from injurydoc.store import audit
from injurydoc.store.keyslots import TEST_KDF, KeySlots
from injurydoc.store.schema import V7, V11
from injurydoc.store.vault import Vault

_TABLES = ("account_keys", "unit_key_seals", "key_slots", "audit_checkpoints", "record_signatures")


def make_legacy(folder: Path, passwords: dict[str, str], recovery_code: str, manager: str = "chef") -> None:
    """``passwords``: user name -> password for every account that keeps a slot."""
    vault, _ = Vault.open_with_password(folder, manager, passwords[manager])
    key, page_size, store_id = vault.data_key, vault.keyslots.page_size, vault.store_id
    accounts = {str(r[1]): str(r[0]) for r in vault.db.all("SELECT id, username FROM accounts")}
    vault.close()
    con = sqlcipher.connect(str(folder / "injurydoc.db"), isolation_level=None)
    con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    con.execute(f"PRAGMA cipher_page_size = {page_size}")
    triggers = [s for s in (*V7, *V11) if s.lstrip().startswith("CREATE TRIGGER")]
    names = [t.split()[2] for t in triggers]
    for name in names:
        con.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in _TABLES:
        con.execute(f"DELETE FROM {table}")
    con.execute("DELETE FROM meta WHERE key IN ('unit_key', 'keyed_at_seq', 'keyslots_generation')")
    for stmt in triggers:
        con.execute(stmt)
    head = con.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    con.close()
    slots = KeySlots(store_id=store_id, page_size=page_size)
    for username, password in passwords.items():
        slots.set_account_slot(
            account_id=accounts[username], username=username, password=password, data_key=key, kdf=TEST_KDF
        )
    slots.set_recovery_slot(code=recovery_code, data_key=key, kdf=TEST_KDF)
    slots.save(folder / "keyslots.json")
    if head is not None:
        audit.write_anchor(folder, key, int(head[0]), str(head[1]))
