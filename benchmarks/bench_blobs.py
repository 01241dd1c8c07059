"""Writing and reading 20 × 5 MiB BLOBs through the encrypted store against plain SQLite.

Encrypted: an open ``injurydoc.store.database.Database`` (SQLCipher, raw 32-byte key, the program's
pragmas: WAL, synchronous=FULL, secure_delete, temp_store=MEMORY) with a table made for the benchmark;
each insert is its own ``db.transaction()`` (BEGIN IMMEDIATE … COMMIT).
Baseline: Python's own ``sqlite3`` module on an unencrypted file with the same pragmas and the same
one-transaction-per-insert pattern.  A second reference, SQLCipher's library opened without a key,
separates the cost of encryption from the difference in SQLite versions.

Reading: ``SELECT data … WHERE id = ?`` for all 20, on the same connection right after writing.
Each figure is the total for 20 BLOBs (100 MiB); rounds alternate the order of the three databases,
each round with fresh files.  Median over rounds (writes) and over rounds × passes (reads).

Run: ``.venv/bin/python benchmarks/bench_blobs.py`` (about 25 s).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common as c

N_BLOBS = 20
BLOB_SIZE = 5 * 1024 * 1024
ROUNDS = 5
READ_PASSES = 3
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
)
CREATE = "CREATE TABLE bench_blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"


def main() -> None:
    started = c.header(
        f"{N_BLOBS} × {BLOB_SIZE // (1024 * 1024)} MiB BLOBs: SQLCipher store vs plain sqlite3"
    )
    with c.private_tmp("blobs") as root:
        run(root)
    c.footer(started)


class Target:
    """One kind of database: how to open it and how to run one statement in its own transaction."""

    def __init__(self, name: str, opener: Callable[[Path], Any], suffix: str) -> None:
        self.name, self.opener, self.suffix = name, opener, suffix
        self.write: list[float] = []
        self.read: list[float] = []
        self.size = 0


def open_store(path: Path) -> Any:
    from injurydoc.store.database import Database
    from injurydoc.store.keyslots import PAGE_SIZE

    # migrated: the full schema is there; the page size of a new store
    db = Database(path, secrets.token_bytes(32), page_size=PAGE_SIZE, create=True)
    with db.transaction():
        db.execute(CREATE)

    def insert(blob: bytes) -> None:
        with db.transaction():
            db.execute("INSERT INTO bench_blobs (data) VALUES (?)", (blob,))

    def read(i: int) -> bytes:
        return bytes(db.scalar("SELECT data FROM bench_blobs WHERE id = ?", (i,)))

    return insert, read, db.close


def open_plain(module: Any) -> Callable[[Path], Any]:
    def opener(path: Path) -> Any:
        con = module.connect(str(path), isolation_level=None)
        for pragma in PRAGMAS:
            con.execute(pragma)
        con.execute(CREATE)

        def insert(blob: bytes) -> None:
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT INTO bench_blobs (data) VALUES (?)", (blob,))
            con.execute("COMMIT")

        def read(i: int) -> bytes:
            return bytes(con.execute("SELECT data FROM bench_blobs WHERE id = ?", (i,)).fetchone()[0])

        return insert, read, con.close

    return opener


def run(root: Path) -> None:
    import sqlcipher3.dbapi2 as sqlcipher

    blobs = [os.urandom(BLOB_SIZE) for _ in range(N_BLOBS)]
    total_mib = N_BLOBS * BLOB_SIZE / (1024 * 1024)
    targets = [
        Target(f"plain sqlite3 (SQLite {sqlite3.sqlite_version})", open_plain(sqlite3), "plain"),
        Target("store Database (SQLCipher, encrypted)", open_store, "store"),
        Target(
            f"SQLCipher library, no key (SQLite {sqlcipher.sqlite_version})", open_plain(sqlcipher), "nokey"
        ),
    ]
    for rnd in range(ROUNDS):
        order = targets[rnd % len(targets) :] + targets[: rnd % len(targets)]
        for t in order:
            path = root / f"{t.suffix}-{rnd}.db"
            insert, read, close = t.opener(path)
            t0 = time.perf_counter()
            for blob in blobs:
                insert(blob)
            t.write.append(time.perf_counter() - t0)
            for _ in range(READ_PASSES):
                t0 = time.perf_counter()
                back = [read(i + 1) for i in range(N_BLOBS)]
                t.read.append(time.perf_counter() - t0)
                if back != blobs:
                    raise SystemExit(f"{t.name}: read back different bytes")
                del back
            close()
            t.size = sum(f.stat().st_size for f in root.glob(f"{path.name}*"))
            for f in root.glob(f"{path.name}*"):
                f.unlink()

    base_w, base_r = c.med(targets[0].write), c.med(targets[0].read)
    print(
        f"baseline (1.00×): {targets[0].name}, same pragmas (WAL, synchronous=FULL), a transaction per insert"
    )
    for label, attr, base in (("write", "write", base_w), ("read back", "read", base_r)):
        print(f"\n{label} {N_BLOBS} × 5 MiB ({total_mib:.0f} MiB):")
        for t in targets:
            times = getattr(t, attr)
            rate = total_mib / c.med(times)
            print(f"  {t.name:<48} {c.stats(times)}  {rate:6.0f} MiB/s  = {c.ratio(c.med(times), base)}")
    enc, nokey = targets[1], targets[2]
    print(
        f"\nencryption alone (store ÷ SQLCipher without key): write "
        f"{c.ratio(c.med(enc.write), c.med(nokey.write))}, read {c.ratio(c.med(enc.read), c.med(nokey.read))}"
    )
    print(
        "files after writing (db + wal): " + ", ".join(f"{t.suffix} {t.size / 1e6:.1f} MB" for t in targets)
    )


if __name__ == "__main__":
    main()
