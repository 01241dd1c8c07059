"""``injurydoc server import-store`` with a protected person (skyddade personuppgifter): sent as a
workstation sends one (ciphertext under the person's content key), grants and co-handlers recorded, the key
wrapped for those allowed whose key holds — and nothing readable for anyone else, on the server, in its log
or in what the command prints."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

from injurydoc.cli import main
from injurydoc.domain.identity import parse_personal_id
from injurydoc.domain.vocab import Protection
from injurydoc.server import admin
from injurydoc.services import record_signing, unit_mode
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.grants import GrantService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.session import Session
from injurydoc.services.store_import import import_store
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import pull
from injurydoc.sync.push import push
from tests.conftest import make_pnr
from tests.server.unit_cases import ACCOUNT, PHOTOS, document
from tests.server.world import PASSWORD, ServerDb, World, lookup_value, refused

NAME = "Hemlig Flyttsson"
NUMBER = make_pnr(611, 1976)
DIGITS = parse_personal_id(NUMBER).digits
ADDENDUM = "Tillägg: patienten återkom med nya besvär."
PROTECTED = Protection.SKYDDAD_FOLKBOKFORING
#: what must never be readable anywhere but on an allowed account's workstation
SECRETS = (NAME.encode(), b"Flyttsson", NUMBER.encode(), DIGITS.encode(), ACCOUNT.encode(), ADDENDUM.encode())


def _server(db: ServerDb) -> None:
    admin.init_server(
        db.owner_dsn,
        unit_name="Vårdcentralen Test",
        manager="chef",
        manager_display_name="Chef Testsson",
        manager_password=PASSWORD,
    )


def _fill(store: Any) -> dict[str, Any]:
    """anna documents and signs a protected person's examination with photos and an addendum, and adds
    olle as co-handler; the manager grants erik the case for a follow-up."""
    anna = store.sign_in("anna")
    try:
        case = document(anna, number=NUMBER, name=NAME, protection=PROTECTED)
        ExaminationService(anna).add_addendum(case.exam_id, ADDENDUM)
        ids = {str(r[1]): str(r[0]) for r in anna.db.all("SELECT id, username FROM accounts")}
        PatientService(anna).add_co_handler(case.patient_id, ids["olle"])
    finally:
        anna.close()
    chef = store.sign_in("chef")
    try:
        until = dt.date.today() + dt.timedelta(days=30)
        GrantService(chef).grant(case.patient_id, ids["erik"], reason="Uppföljning", until=until)
    finally:
        chef.close()
    return {"case": case, "ids": ids}


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix in (".db", ".json")
    }


def _rows(db: ServerDb, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with db.owner() as o:
        return o.execute(sql, params).fetchall()


def _everything(db: ServerDb) -> bytes:
    """Every text and bytea value of every table of the schema, as the superuser reads them."""
    out: list[bytes] = []
    with db.superuser() as su:
        tables = [r[0] for r in su.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'injurydoc'")]
        for t in tables:
            for row in su.execute(f"SELECT * FROM injurydoc.{t}").fetchall():
                out += [bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in row]
    return b"\x00".join(out)


def _table_counts(db: ServerDb) -> dict[str, int]:
    """Rows per table, but the ones every run adds to by design (the server's log of the run's reads and
    of opening the import; the import's own row)."""
    with db.owner() as o:
        tables = [r[0] for r in o.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'injurydoc'")]
        return {
            t: int((o.execute(f"SELECT count(*) FROM injurydoc.{t}").fetchone() or (0,))[0])
            for t in tables
            if t not in ("access_log", "store_imports")
        }


def _connect(db: ServerDb, user: str, root: Path) -> Session:
    return unit_mode.connect_workstation(db.dsn(user), user, PASSWORD, kdf=TEST_KDF, root=root / f"ws-{user}")


def _chef_and_erik(server_db: Any, tmp_path: Path) -> tuple[Any, Any]:
    """The manager's workstation and erik's (an account made on the server, not by the import)."""
    with server_db.connect("chef") as m:
        admin.create_account(m, username="erik", display_name="Erik", roles=["clinician"], password=PASSWORD)
    return _connect(server_db, "chef", tmp_path), _connect(server_db, "erik", tmp_path)


def _unit_key_certifying_erik(server_db: Any, chef: Any, erik: Any) -> tuple[Any, str]:
    """The unit key made on chef's workstation and erik's key certified with it, as the manager does after
    comparing fingerprints; (the manager's unit-key service, the unit key's fingerprint on paper)."""
    from injurydoc.services import unit_keys

    keys = unit_keys.UnitKeyService(chef, lambda: server_db.connect("chef", autocommit=False))
    paper = keys.create()
    _sync(server_db, erik, "erik")
    (pending,) = [p for p in keys.pending() if p.username == "erik"]
    keys.certify(pending.key_id, unit_keys.own_fingerprint(erik) or "")
    return keys, paper


def _sync(db: ServerDb, session: Session, user: str) -> Any:
    outbox = Outbox(StoreConnection(session.db))
    with db.connect(user, autocommit=False) as conn:
        pushed = push(conn, outbox)
        assert pushed.refused == [], pushed.refusal
        return pull(conn, outbox, unit_key=session.unit_key)


def _wrapped_for(db: ServerDb, patient_id: str) -> set[str]:
    return {
        str(r[0])
        for r in _rows(
            db,
            "SELECT a.role_name FROM injurydoc.patient_key_wraps w JOIN injurydoc.accounts a ON a.id ="
            " w.account_id WHERE w.patient_id = %s",
            uuid.UUID(patient_id),
        )
    }


def _opens_the_case(session: Session, made: dict[str, Any], signature: str = record_signing.VALID) -> None:
    """The account's workstation shows the case as in the store: person, content, signature, addendum,
    photos."""
    case = made["case"]
    assert PatientService(session).get(case.patient_id).name == NAME
    ex = ExaminationService(session)
    exam = ex.get(case.exam_id)
    assert exam.patient_account == ACCOUNT and [a.text for a in exam.addenda] == [ADDENDUM]
    assert ex.signature(exam).state == signature
    photos = PhotoService(session).records(case.exam_id)
    assert sorted(p.sha256 for p in photos) == sorted(hashlib.sha256(x).hexdigest() for x in PHOTOS)
    assert {PhotoService(session).original(p.id) for p in photos} == set(PHOTOS)


def test_a_protected_person_moves_as_ciphertext_and_opens_only_for_those_allowed(
    store: Any, server_db: ServerDb, tmp_path: Path
) -> None:
    _server(server_db)
    made = _fill(store)
    case = made["case"]
    chef = _connect(server_db, "chef", tmp_path)  # the manager's workstation, before the move
    sessions = [chef]
    try:
        before = _hashes(store.folder)
        out, err = io.StringIO(), io.StringIO()
        rc = main(
            [
                *("server", "import-store", "--store", str(store.folder), "--dsn", server_db.dsn("chef")),
                *("--user", "chef", "--password-stdin", "--lang", "en"),
            ],
            stdin=io.StringIO(PASSWORD + "\n"),
            stdout=out,
            stderr=err,
        )
        printed = out.getvalue() + err.getvalue()
        assert rc == 0, printed
        assert _hashes(store.folder) == before  # the standalone store is only read
        assert "Persons with protected personal data: 1 (1 examinations)" in printed
        assert "2 grants and co-handlers recorded now" in printed
        # the store's unit key fingerprint, with which the manager certifies the store's keys later
        (paper,) = re.findall(r"The moved store's unit key: ([0-9A-F-]{39})\.", printed)
        # anna, erik and olle were made by the import: no key of theirs yet, their wraps follow
        assert "Cannot open the protected cases they are allowed yet: anna, erik, olle" in printed
        for secret in SECRETS:
            assert secret.decode() not in printed

        # the server: ciphertext only, the grants, and wraps for the manager alone so far
        ((identity, cipher),) = _rows(
            server_db,
            "SELECT identity, identity_ciphertext FROM injurydoc.patients WHERE id = %s",
            uuid.UUID(case.patient_id),
        )
        assert identity is None and cipher
        grants = _rows(
            server_db,
            "SELECT a.role_name, g.kind, b.role_name FROM injurydoc.grants g JOIN injurydoc.accounts a"
            " ON a.id = g.account_id JOIN injurydoc.accounts b ON b.id = g.granted_by"
            " WHERE g.patient_id = %s ORDER BY 1",
            uuid.UUID(case.patient_id),
        )
        assert grants == [("erik", "grant", "chef"), ("olle", "co_handler", "anna")]
        assert _wrapped_for(server_db, case.patient_id) == {"chef"}
        everything = _everything(server_db)
        for secret in (*SECRETS, *(ph[:4096] for ph in PHOTOS), *(ph[-4096:] for ph in PHOTOS)):
            assert secret not in everything

        # a clinician without a grant, with psql: no row of the person, nothing to read
        with server_db.connect("chef") as m:
            admin.create_account(
                m, username="cecilia", display_name="Cecilia", roles=["clinician"], password=PASSWORD
            )
        _nothing_for(server_db, "cecilia", case)

        # erik (the grantee) connects; the manager's next sync wraps the key for him; he opens the case
        ids = {str(r[1]): r[0] for r in _rows(server_db, "SELECT id, role_name FROM injurydoc.accounts")}
        with server_db.connect("chef") as m:
            for user in ("anna", "erik", "olle"):
                admin.set_password(m, ids[user], user, PASSWORD)
        erik = _connect(server_db, "erik", tmp_path)
        sessions.append(erik)
        _sync(server_db, erik, "erik")
        assert erik.db.one("SELECT 1 FROM patients WHERE id = ?", (case.patient_id,)) is None
        _sync(server_db, chef, "chef")
        assert "erik" in _wrapped_for(server_db, case.patient_id)
        _sync(server_db, erik, "erik")
        _opens_the_case(erik, made)
        # the manager's own workstation holds the key too (the server shows a manager no case unless
        # granted: the manager grants themselves for a look, as for any protected case)
        _sync(server_db, chef, "chef")
        chef_key = _key_of(server_db, chef, "chef", case.patient_id)
        assert chef_key is not None and chef_key == _key_of(server_db, erik, "erik", case.patient_id)

        # the creator connects; a workstation holding the key (the manager's, which does not hold the
        # case: the server names the creator to a holder of the key) wraps it for her at its next sync
        anna = _connect(server_db, "anna", tmp_path)
        sessions.append(anna)
        _sync(server_db, chef, "chef")
        assert "anna" in _wrapped_for(server_db, case.patient_id)
        _sync(server_db, anna, "anna")
        _opens_the_case(anna, made)
        olle = _connect(server_db, "olle", tmp_path)
        sessions.append(olle)
        _sync(server_db, anna, "anna")
        _sync(server_db, olle, "olle")
        _opens_the_case(olle, made)
        _nothing_for(server_db, "cecilia", case)

        # the import again: nothing changes, nothing is sent twice
        counts = _table_counts(server_db)
        again = import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD)
        assert again.ok, again.differences
        assert sum(again.moved.values()) == 0 and again.grants == 0 and again.wraps_waiting == []
        assert again.store_root == paper  # the store's own unit key, as printed the first time
        assert _table_counts(server_db) == counts
    finally:
        for s in sessions:
            s.close()
    log = (server_db.cluster.root / "log").read_bytes()
    for secret in SECRETS:
        assert secret not in log


def _key_of(db: ServerDb, session: Session, user: str, patient_id: str) -> bytes | None:
    from injurydoc.sync import sealed

    with db.connect(user, autocommit=False) as conn:
        return sealed.content_key(conn, Outbox(StoreConnection(session.db)), patient_id)


def _nothing_for(db: ServerDb, user: str, case: Any) -> None:
    """Direct SQL as ``user``: not one row naming the person or the examination in any table the role can
    read, and the logged reads refuse."""
    ids = {case.patient_id, case.exam_id}
    with db.owner() as o:
        tables = [r[0] for r in o.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'injurydoc'")]
    with db.connect(user) as c, c.cursor(row_factory=psycopg.rows.dict_row) as cur:
        found = cur.execute("SELECT injurydoc.me() AS id").fetchone()
        me = found["id"] if found else None
        for t in tables:
            try:
                rows = cur.execute(f"SELECT * FROM injurydoc.{t}").fetchall()
            except psycopg.errors.InsufficientPrivilege:
                c.rollback()
                continue
            # but the account's own refused reads in the log (they name what was asked for)
            rows = [r for r in rows if not (t == "access_log" and r["account_id"] == me)]
            assert not [r for r in rows if ids & {str(v) for v in r.values()}], t
        for kind, target in (("patient", case.patient_id), ("examination", case.exam_id)):
            read = c.execute("SELECT injurydoc.request_read(%s, %s)", (kind, uuid.UUID(target))).fetchone()
            assert read is not None and read[0] is None
        creator = c.execute("SELECT injurydoc.key_creator(%s)", (uuid.UUID(case.patient_id),)).fetchone()
        assert creator is not None and creator[0] is None  # told only to a holder of the key


def test_an_open_import_inserts_a_protected_person_only_as_ciphertext_and_id004_still_holds(
    world: World,
) -> None:
    """Raw SQL as the importing manager (0015) and as a clinician: a protected person's identity and
    content in plain text are refused by the server itself, an import or not."""
    chef, anna = world.as_("chef"), world.as_("anna")
    plain_identity = json.dumps({"name": "Klartext Provsson"})
    insert_patient = (
        "INSERT INTO injurydoc.patients (id, unit_id, protection, lookup, identity, identity_ciphertext,"
        " created_by) VALUES (%s, %s, 'skyddad_folkbokforing', %s, %s, %s, %s)"
    )

    def patient(conn: psycopg.Connection[Any], *, plain: bool) -> uuid.UUID:
        pid = uuid.uuid4()
        conn.execute(
            insert_patient,
            (
                pid,
                world.unit_a,
                lookup_value(str(pid.int)[:12]),
                plain_identity if plain else None,
                None if plain else os.urandom(64),
                world.ids["anna"],
            ),
        )
        return pid

    # no open import: a manager inserts no patient, protected or not, and records no co-handler
    with refused("42501"):
        patient(chef, plain=False)
    (import_id,) = chef.execute("SELECT injurydoc.open_store_import('raw-sql-store')").fetchone() or (None,)
    try:
        with refused("42501"):  # identity in plain text for a protected person: the import's rule (0015)
            patient(chef, plain=True)
        pid = patient(chef, plain=False)  # ciphertext only: taken
        exam = uuid.uuid4()
        chef.execute(
            "INSERT INTO injurydoc.examinations (id, unit_id, patient_id, examiner_id)"
            " VALUES (%s, %s, %s, %s)",
            (exam, world.unit_a, pid, world.ids["anna"]),
        )
        version = (
            "INSERT INTO injurydoc.examination_versions (id, unit_id, examination_id, author_id,"
            " workstation_id, client_saved_at, content, content_ciphertext)"
            " VALUES (%s, %s, %s, %s, gen_random_uuid(), now(), %s, %s)"
        )
        with refused("ID004"):
            chef.execute(version, (uuid.uuid4(), world.unit_a, exam, world.ids["anna"], '{"a": 1}', None))
        chef.execute(version, (uuid.uuid4(), world.unit_a, exam, world.ids["anna"], None, os.urandom(48)))
        # a co-handler of the import's patient, in the creator's name; of another patient: refused
        chef.execute("SELECT injurydoc.import_co_handler(%s, %s, 'medhandläggare')", (pid, world.ids["erik"]))
        other = patient(anna, plain=False)
        with refused("ID002"):
            chef.execute(
                "SELECT injurydoc.import_co_handler(%s, %s, 'medhandläggare')", (other, world.ids["erik"])
            )
        with refused("ID002"):  # the creator is no co-handler of their own
            chef.execute(
                "SELECT injurydoc.import_co_handler(%s, %s, 'medhandläggare')", (pid, world.ids["anna"])
            )
        with refused("42501"):  # a clinician records none
            anna.execute(
                "SELECT injurydoc.import_co_handler(%s, %s, 'medhandläggare')", (pid, world.ids["erik"])
            )
    finally:
        chef.execute("SELECT injurydoc.close_store_import(%s)", (import_id,))
    with world.db.owner() as o:
        granted = o.execute(
            "SELECT kind, granted_by FROM injurydoc.grants WHERE patient_id = %s AND account_id = %s",
            (pid, world.ids["erik"]),
        ).fetchall()
    assert granted == [("co_handler", world.ids["anna"])]
    with refused("42501"):  # closed: nothing more
        patient(chef, plain=False)

    # a clinician, for her own protected person: the same refusals (the identity: the table's own check)
    with refused("23514"):
        patient(anna, plain=True)
    exam = world.add_exam("anna", other)
    with refused("ID004"):
        world.add_version("anna", exam)
    world.add_version("anna", exam, encrypted=True)


def test_in_a_unit_with_a_unit_key_the_import_wraps_for_certified_keys_once_given_the_fingerprint(
    store: Any, server_db: ServerDb, tmp_path: Path
) -> None:
    """The import pins the unit key as a workstation does: taken on first use, it wraps the person's key
    for the manager only (the rest named as waiting); given the fingerprint from the manager's paper, also
    for every allowed key the unit key certified; a fingerprint that differs stops it before anything is
    sent."""
    from injurydoc.server.errors import ServerError

    _server(server_db)
    made = _fill(store)
    case = made["case"]
    chef, erik = _chef_and_erik(server_db, tmp_path)  # erik is on the server already, with a workstation
    try:
        keys, paper = _unit_key_certifying_erik(server_db, chef, erik)

        with pytest.raises(ServerError) as mismatch:
            import_store(
                store.folder, server_db.dsn("chef"), "chef", PASSWORD, expected_unit_key="0000-" * 7 + "0000"
            )
        assert mismatch.value.code == "server.unit_key_mismatch"
        assert _rows(server_db, "SELECT count(*) FROM injurydoc.patients") == [(0,)]

        first = import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD)
        assert first.ok, first.differences
        assert _wrapped_for(server_db, case.patient_id) == {"chef"}
        assert "erik" in first.wraps_waiting
        again = import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD, expected_unit_key=paper)
        assert again.ok and sum(again.moved.values()) == 0
        assert _wrapped_for(server_db, case.patient_id) == {"chef", "erik"}
        assert again.wraps_waiting == ["anna", "olle"]  # made by the import: no key of their own yet
        _sync(server_db, erik, "erik")
        # anna's signing key came with the store's certificate, not the unit key's: shown as such
        _opens_the_case(erik, made, signature=record_signing.UNIT_UNCERTIFIED)
    finally:
        chef.close()
        erik.close()


def _certifications(db: ServerDb) -> int:
    return int(_rows(db, "SELECT count(*) FROM injurydoc.key_certifications")[0][0])


def _plant_forged_key(db: ServerDb, account: str) -> tuple[str, set[uuid.UUID]]:
    """As the superuser: an encryption (and signing) key "of" ``account`` registered by the manager, with a
    store certificate container whose certificate names it but is signed by a key of the superuser's own
    — once claiming the real store's root key (the signature does not verify) and once under its own root
    (a store nobody moved, consistent in itself).  Returns that root's fingerprint and the keys' ids."""
    from injurydoc.store.personal_keys import (
        Certificate,
        PersonalKeys,
        fingerprint,
        new_unit_key,
        unit_public,
    )
    from injurydoc.sync.key_check import certificate_container

    with db.superuser() as su:
        acc, unit, chef, root = su.execute(
            "SELECT a.id, a.unit_id, m.id, k.certificate FROM injurydoc.accounts a, injurydoc.accounts m,"
            " injurydoc.account_keys k WHERE a.role_name = %s AND m.role_name = 'chef'"
            " AND k.created_by = m.id AND k.account_id <> m.id AND k.purpose = 'encryption' LIMIT 1",
            (account,),
        ).fetchone()
        real_root = base64.b64decode(json.loads(bytes(root))["unit_key"])
        planted = set()
        for claimed in ("real", "own"):
            keys = PersonalKeys.generate(1).public()
            mine = new_unit_key()
            stated = real_root if claimed == "real" else unit_public(mine)
            when, issuer = "2026-01-01T00:00:00+00:00", fingerprint(stated)
            cert = Certificate("store", str(acc), account, ("clinician",), keys, when, "x", issuer)
            container = certificate_container(cert.to_bytes(), cert.sign(mine), stated)
            for purpose, algorithm, raw in (
                ("signing", "ed25519", keys.ed25519),
                ("encryption", "x25519", keys.x25519),
            ):
                su.execute(
                    "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm,"
                    " public_key, certificate, created_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (kid := uuid.uuid4(), unit, acc, purpose, algorithm, raw, container, chef),
                )
                planted.add(kid)
        su.commit()
    return fingerprint(unit_public(mine)), planted


def test_a_moved_stores_keys_certified_once_with_its_fingerprint_make_its_signatures_valid_and_exportable(
    store: Any, server_db: ServerDb, tmp_path: Path
) -> None:
    """anna signed in the standalone store and never connects: on a workstation that pinned the unit key
    her signature is not the unit's and is not exported, until the manager certifies the moved store's
    keys by typing the store's unit key fingerprint (a wrong one refused, nothing certified); then the
    workstation's next pull shows it valid and exports it.  A key the superuser planted with a forged
    store certificate is neither listed under the store nor certified."""
    from injurydoc.domain.errors import ValidationError
    from injurydoc.server.errors import ServerError
    from injurydoc.services import keys as key_service
    from injurydoc.services.signing import SigningService
    from tests.helpers.export_cases import export_case

    _server(server_db)
    made = _fill(store)
    case = made["case"]
    owner = store.sign_in("chef")
    try:
        store_paper = key_service.unit_fingerprint(owner)  # shown when the store was made
    finally:
        owner.close()
    chef, erik = _chef_and_erik(server_db, tmp_path)  # erik is on the server already, with a workstation
    try:
        keys, paper = _unit_key_certifying_erik(server_db, chef, erik)
        summary = import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD, expected_unit_key=paper)
        assert summary.ok and summary.store_root == store_paper
        _sync(server_db, erik, "erik")
        _opens_the_case(erik, made, signature=record_signing.UNIT_UNCERTIFIED)
        SigningService(erik).create_self_signed(PASSWORD)
        exam = ExaminationService(erik).get(case.exam_id)
        with pytest.raises(ValidationError) as refusal:
            export_case(
                erik,
                exam,
                SigningService(erik).identity(PASSWORD),
                tmp_path / "out",
                secrecy_review="Prövad.",
            )
        assert refusal.value.code == "exam.signature_unit_uncertified"

        (listed,) = keys.moved_stores()
        assert listed.fingerprint == store_paper and "anna" in listed.usernames
        real = listed.keys
        own_root, planted = _plant_forged_key(server_db, "anna")
        # the one claiming the store's root is not listed; the one under its own root is a store of its own
        assert {(m.fingerprint, m.keys) for m in keys.moved_stores()} == {(store_paper, real), (own_root, 1)}
        before = _certifications(server_db)
        for wrong in ("0000-" * 7 + "0000", paper, "not a fingerprint"):
            with pytest.raises(ServerError) as mismatch:
                keys.certify_moved_store(wrong)
            assert mismatch.value.code == "server.moved_store_mismatch"
        assert _certifications(server_db) == before
        logged = [json.loads(r[0]) for r in chef.db.all("SELECT details FROM audit_log ORDER BY seq")]
        assert [d for d in logged if d.get("event") == "moved_store_certify_refused"]

        assert keys.certify_moved_store(store_paper.replace("-", " ").lower()) == real
        assert _certifications(server_db) == before + real
        assert [m.fingerprint for m in keys.moved_stores()] == [own_root]  # not certified with the store
        bases = {
            json.loads(bytes(r[0]))["basis"]
            for r in _rows(server_db, "SELECT certificate FROM injurydoc.key_certifications")
            if b"basis" in bytes(r[0])
        }
        assert bases == {f"moved-store:{store_paper}"}
        # the forged keys under "anna" got no certificate
        certified_keys = {r[0] for r in _rows(server_db, "SELECT key_id FROM injurydoc.key_certifications")}
        assert planted and not planted & certified_keys

        _sync(server_db, erik, "erik")
        _opens_the_case(erik, made)
        exam = ExaminationService(erik).get(case.exam_id)
        result = export_case(
            erik, exam, SigningService(erik).identity(PASSWORD), tmp_path / "out2", secrecy_review="Prövad."
        )
        assert result.verdict.intact, [c for c in result.verdict.checks if not c.ok]
    finally:
        chef.close()
        erik.close()
