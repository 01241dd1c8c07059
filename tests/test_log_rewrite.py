"""A clinician rewrites the access log around the program — raw SQL with the data key their password
opens, and their own private key — and the unit manager's log check names where it breaks (row and
time) and whose key could not have made what is found there, in Swedish and English (issue 14)."""

from __future__ import annotations

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from injurydoc.services.audit_log import AuditService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.store import audit
from injurydoc.store.personal_keys import PersonalKeys
from injurydoc.store.vault import Vault
from injurydoc.ui.app import install_translations
from injurydoc.ui.manager_page import ManagerPage
from injurydoc.ui.ops import Ops

from .conftest import PASSWORD, make_pnr

_COLS = "seq, at, account_id, username, unit, action, outcome, patient_id, target, details"


class Forger:
    """Erik with his password: the data key, his own private keys, and a raw connection."""

    def __init__(self, store, username: str = "erik") -> None:
        vault, slot = Vault.open_with_password(store.folder, username, PASSWORD)
        self.keys: PersonalKeys = vault.personal_keys
        self.store_id, self.account_id = vault.store_id, slot.account_id
        key, page_size = vault.data_key, vault.keyslots.page_size
        vault.close()
        self.con = sqlcipher.connect(str(store.folder / "injurydoc.db"), isolation_level=None)
        self.con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        self.con.execute(f"PRAGMA cipher_page_size = {page_size}")
        # Off with the log's guards (they are put back, as a careful forger would).
        self.triggers = self.con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('audit_log', 'audit_checkpoints')"
        ).fetchall()
        for name, _sql in self.triggers:
            self.con.execute(f"DROP TRIGGER {name}")

    def close(self) -> None:
        for _name, sql in self.triggers:
            self.con.execute(sql)
        self.con.close()

    def account(self, username: str) -> str:
        return self.con.execute("SELECT id FROM accounts WHERE username = ?", (username,)).fetchone()[0]

    def delete_and_rechain(self, seq: int) -> None:
        """Remove row ``seq``, renumber the rows after it and recompute every hash from there."""
        self.con.execute("BEGIN")
        self.con.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))
        last = self.con.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        for n in range(seq + 1, last + 1):
            self.con.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (n - 1, n))
        prev = self.con.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq - 1,)).fetchone()[0]
        for row in self.con.execute(f"SELECT {_COLS} FROM audit_log WHERE seq >= ? ORDER BY seq", (seq,)):
            h = audit.row_hash(prev, *row)
            self.con.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, row[0]))
            prev = h
        self.con.execute("COMMIT")

    def forge_checkpoint(self, seq: int, claimed_signer: str, kind: str = "countersign") -> None:
        """A checkpoint at ``seq`` claiming ``claimed_signer``, signed with Erik's own key."""
        h = self.con.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()[0]
        at = audit.iso(audit.now_utc())
        body = audit.checkpoint_body(self.store_id, seq, h, claimed_signer, 1, kind, at)
        self.con.execute("DELETE FROM audit_checkpoints WHERE seq = ?", (seq,))
        self.con.execute(
            "INSERT INTO audit_checkpoints (seq, hash, signer, generation, kind, at, signature) "
            "VALUES (?,?,?,?,?,?,?)",
            (seq, h, claimed_signer, 1, kind, at, self.keys.sign(body)),
        )

    def row_at(self, seq: int) -> str:
        return self.con.execute("SELECT at FROM audit_log WHERE seq = ?", (seq,)).fetchone()[0]


def _shown(at: str) -> str:
    return at[:19].replace("T", " ") + " UTC"


@pytest.fixture
def history(store):
    """Anna documents, Erik looks up a patient he has no business with, the manager signs in and out."""
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(61), name="Logg Loggsson")
    ExaminationService(s).create(p.id)
    s.close()
    s = store.sign_in("erik")
    PatientService(s).search(make_pnr(61))
    read_seq = s.db.scalar("SELECT max(seq) FROM audit_log WHERE action = 'searched'")
    s.close()
    for _ in range(2):
        s = store.sign_in("chef")
        s.close()
    return read_seq


def _checkpoints_after(forger: Forger, seq: int, signer: str) -> list[int]:
    return [
        r[0]
        for r in forger.con.execute(
            "SELECT seq FROM audit_checkpoints WHERE seq > ? AND signer = ? ORDER BY seq", (seq, signer)
        )
    ]


def test_deleted_and_rechained_rows_are_named_with_row_time_and_key_in_the_manager_page(
    qtbot, qapp, store, history
):
    read_seq = history
    spy = Forger(store)
    chef = spy.account("chef")
    signed_by_chef = _checkpoints_after(spy, read_seq, chef)
    assert signed_by_chef
    spy.delete_and_rechain(read_seq)
    first = signed_by_chef[0]
    at = spy.row_at(first)  # the row now at chef's checkpoint (renumbered)
    spy.close()

    install_translations(qapp, "sv")
    session = store.sign_in("chef")
    ops = Ops()
    page = ManagerPage(ops)
    qtbot.addWidget(page)
    page.open_session(session)
    page.log_tab.verify_log()
    ops.wait()
    qtbot.waitUntil(lambda: "bruten" in page.log_tab.verify_result.text(), timeout=10000)
    text = page.log_tab.verify_result.text()
    assert f"Rad {first} ({_shown(at)}): raderna till och med {first} har ändrats efter att chef" in text
    assert "hade inte chefs nyckel" in text
    result = AuditService(session).verify()
    line = next(x for x in result.lines if x.seq == first)
    assert line.key_of == "chef"
    assert line.text("en") == (
        f"Row {first} ({_shown(at)}): the rows up to {first} were changed after chef signed them; "
        "whoever changed them did not hold chef's key"
    )
    page.close_session()
    ops.wait()
    session.close()


def test_a_checkpoint_forged_in_the_managers_name_names_the_key_that_made_it(store, history):
    read_seq = history
    spy = Forger(store)
    chef = spy.account("chef")
    spy.delete_and_rechain(read_seq)
    # Every checkpoint after the cut moves down a row with its row, made anew with his own key in the
    # name of whoever signed it (for his own rows, that is even true).
    moved = spy.con.execute(
        "SELECT seq, signer, kind FROM audit_checkpoints WHERE seq > ? ORDER BY seq", (read_seq,)
    ).fetchall()
    spy.con.execute("DELETE FROM audit_checkpoints WHERE seq >= ?", (read_seq,))
    for seq, signer, kind in moved:
        spy.forge_checkpoint(seq - 1, signer, kind)
    forged = [seq - 1 for seq, signer, _kind in moved if signer == chef]
    at = spy.row_at(forged[0])
    spy.close()
    m = store.sign_in("chef")
    result = AuditService(m).verify()
    m.close()
    assert not result.whole
    line = next(x for x in result.lines if x.seq == forged[0])
    assert line.key_of == "chef"
    assert line.when("sv") == _shown(at) == line.when("en")
    assert line.what("en") == (
        f"the checkpoint at row {forged[0]} is not signed with chef's key: made by someone without it "
        "(the signature was made with erik's key)"
    )
    assert line.what("sv") == (
        f"kontrollpunkten vid rad {forged[0]} är inte signerad med chefs nyckel: gjord av någon utan den "
        "(signaturen gjordes med eriks nyckel)"
    )


def test_a_countersignature_made_with_a_clinicians_own_key_is_not_a_managers(store, history):
    """His own real key, on a row the manager wrote: not a countersignature of anyone's."""
    spy = Forger(store)
    chef, erik = spy.account("chef"), spy.account("erik")
    # the manager's sign-in countersignature, replaced by one of Erik's making in his own name
    row = spy.con.execute(
        "SELECT max(seq) FROM audit_checkpoints WHERE signer = ? AND kind = 'countersign'", (chef,)
    ).fetchone()[0]
    spy.forge_checkpoint(row, erik)
    spy.close()
    m = store.sign_in("chef")
    result = AuditService(m).verify()
    m.close()
    line = next(x for x in result.lines if x.seq == row)
    assert line.what("en") == f"row {row} was written as chef but signed as erik"
    assert line.what("sv") == f"rad {row} skrevs som chef men signerades som erik"


def test_a_deleted_row_is_placed_between_the_times_around_it(store, history):
    read_seq = history
    spy = Forger(store)
    before, after = spy.row_at(read_seq - 1), spy.row_at(read_seq + 1)
    spy.con.execute("DELETE FROM audit_log WHERE seq = ?", (read_seq,))
    spy.close()
    m = store.sign_in("chef")
    result = AuditService(m).verify()
    m.close()
    line = next(x for x in result.lines if x.seq == read_seq)
    assert (
        line.text("en")
        == f"Row {read_seq} (between {_shown(before)} and {_shown(after)}): row {read_seq} is missing"
    )
    assert (
        line.text("sv")
        == f"Rad {read_seq} (mellan {_shown(before)} och {_shown(after)}): rad {read_seq} saknas"
    )


def test_a_log_checked_whole_in_this_process_is_found_broken_after_a_raw_rewrite(store, history):
    """The program remembers Ed25519 verifications it has made (store/personal_keys.py): a check made
    before a colleague's raw-SQL rewrite must not lend its answers to the rewritten rows in the same
    process."""
    m = store.sign_in("chef")
    assert AuditService(m).verify().whole  # every checkpoint verified (and remembered) here
    m.close()
    spy = Forger(store)
    chef = spy.account("chef")
    row = spy.con.execute(
        "SELECT max(seq) FROM audit_checkpoints WHERE signer = ? AND kind = 'countersign'", (chef,)
    ).fetchone()[0]
    old = spy.con.execute("SELECT at, signature FROM audit_checkpoints WHERE seq = ?", (row,)).fetchone()
    earlier = spy.con.execute(
        "SELECT signature FROM audit_checkpoints WHERE signer = ? AND seq < ? ORDER BY seq DESC", (chef, row)
    ).fetchone()[0]
    # chef's own genuine signature of an earlier checkpoint, replayed on this one (verified true before)
    spy.con.execute("UPDATE audit_checkpoints SET signature = ? WHERE seq = ?", (earlier, row))
    spy.close()
    assert old[1] != earlier
    m = store.sign_in("chef")
    result = AuditService(m).verify()
    m.close()
    assert not result.whole
    assert any(x.seq == row for x in result.lines)
