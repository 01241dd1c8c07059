"""Sign-in time with the program's real Argon2id parameters, against a bare Argon2id hash.

Sign-in (``injurydoc.services.session.sign_in``) = read keyslots.json + the lockout file, Argon2id to
unwrap the account's slot (AES-256-GCM), open and configure the SQLCipher database, load the account,
write the SIGNED_IN access-log row in a committed transaction (synchronous=FULL) and move the audit
anchor file (fsync).  Baseline: ``argon2.low_level.hash_secret_raw`` with the same parameters, measured
in the same run, interleaved with the sign-ins.  The ratio sign-in ÷ bare Argon2id is the overhead of
everything but the key derivation.

Run: ``.venv/bin/python benchmarks/bench_signin.py`` (about 10 s).
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import _common as c

ROUNDS = 20
GOAL_S = 1.0


def main() -> None:
    started = c.header("sign-in (Argon2id unwrap + SQLCipher open + account + access-log row)")
    with c.private_tmp("signin") as root:
        run(root)
    c.footer(started)


def make_stores(root: Path, password: str) -> tuple[Path, Path]:
    from injurydoc.domain.vocab import Profession, Role
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.session import create_store
    from injurydoc.store.keyslots import TEST_KDF

    folder = root / "store"
    t0 = time.perf_counter()
    setup = create_store(  # kdf=None: the program's real default parameters
        folder,
        unit_name="Benchmark unit",
        manager_username="chef",
        manager_display_name="Chef Bench",
        manager_password=password,
        kdf=None,
    )
    AccountService(setup.session).create(
        username="anna",
        display_name="Anna Bench",
        password=password,
        roles=frozenset({Role.CLINICIAN}),
        profession=Profession.NURSE,
    )
    setup.session.close()
    print(f"store created with default KdfParams in {c.ms(time.perf_counter() - t0)} (3 Argon2id runs)")
    # A second store whose slots use the cheap test parameters: signing in there costs everything
    # but Argon2id, which measures the overhead directly instead of as a small noisy difference.
    cheap = root / "cheap"
    create_store(
        cheap,
        unit_name="Benchmark unit",
        manager_username="anna",
        manager_display_name="Anna Bench",
        manager_password=password,
        kdf=TEST_KDF,
    ).session.close()
    return folder, cheap


def run(root: Path) -> None:
    from argon2.low_level import Type, hash_secret_raw

    from injurydoc.services.session import sign_in
    from injurydoc.store.database import Database
    from injurydoc.store.keyslots import KdfParams, KeySlots
    from injurydoc.store.vault import DB_FILE, KEYSLOTS_FILE

    password = secrets.token_urlsafe(12)
    kdf = KdfParams()
    folder, cheap = make_stores(root, password)
    slot = KeySlots.load(folder / KEYSLOTS_FILE).account_slot("anna")
    assert slot is not None  # noqa: S101 - fixture sanity
    print(
        f"Argon2id parameters of the account slot: t={slot.kdf.time_cost}, "
        f"m={slot.kdf.memory_cost} KiB ({slot.kdf.memory_cost // 1024} MiB), p={slot.kdf.parallelism}"
        f"  (KdfParams() default: t={kdf.time_cost}, m={kdf.memory_cost}, p={kdf.parallelism})"
    )

    def bare_argon2() -> None:
        hash_secret_raw(
            secret=password.encode(),
            salt=secrets.token_bytes(16),
            time_cost=slot.kdf.time_cost,
            memory_cost=slot.kdf.memory_cost,
            parallelism=slot.kdf.parallelism,
            hash_len=32,
            type=Type.ID,
        )

    keys: list[bytes] = []
    page_size = KeySlots.load(folder / KEYSLOTS_FILE).page_size

    def unwrap() -> None:
        slots = KeySlots.load(folder / KEYSLOTS_FILE)
        keys.append(slots.unwrap_account("anna", password)[1])

    def open_db() -> None:
        Database(folder / DB_FILE, keys[-1], page_size=page_size).close()

    sessions = []

    def cheap_sign_in() -> None:
        sessions.append(sign_in(cheap, "anna", password))

    def full_sign_in() -> None:
        sessions.append(sign_in(folder, "anna", password))

    # Warm-up (imports, first file reads); reported but not counted.
    t0 = time.perf_counter()
    full_sign_in()
    first = time.perf_counter() - t0
    sessions.pop().close()

    bare: list[float] = []
    unwrap_t: list[float] = []
    open_t: list[float] = []
    signin_t: list[float] = []
    cheap_t: list[float] = []
    for _ in range(ROUNDS):  # interleaved so that drift affects all alike
        bare += c.measure(bare_argon2, 1)
        unwrap_t += c.measure(unwrap, 1)
        open_t += c.measure(open_db, 1)
        signin_t += c.measure(full_sign_in, 1)
        sessions.pop().close()  # sign-out row written outside the timing
        cheap_t += c.measure(cheap_sign_in, 1)
        sessions.pop().close()

    base = c.med(bare)
    print(f"baseline: bare Argon2id hash_secret_raw, same t/m/p:  {c.stats(bare)}")
    print(
        f"slot unwrap (read keyslots.json + Argon2id + AES-GCM): {c.stats(unwrap_t)}  "
        f"= {c.ratio(c.med(unwrap_t), base)} of baseline"
    )
    print(
        f"SQLCipher open + configure + close (raw key):           {c.stats(open_t)}  "
        f"= {c.ratio(c.med(open_t), base)} of baseline"
    )
    print(
        f"sign_in() total:                                        {c.stats(signin_t)}  "
        f"= {c.ratio(c.med(signin_t), base)} of baseline"
    )
    print(
        f"sign_in() on a store with TEST_KDF slots (all but Argon2id): {c.stats(cheap_t)}  "
        f"= {c.ratio(c.med(cheap_t), base)} of baseline"
    )
    print(f"  first sign-in of the process (warm-up, not counted): {c.ms(first)}")
    verdict = "met" if c.med(signin_t) < GOAL_S else "NOT met"
    print(f"goal: sign-in under {GOAL_S:.0f} s -> {verdict} (median {c.ms(c.med(signin_t))})")


if __name__ == "__main__":
    main()
