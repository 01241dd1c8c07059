"""Issue 14, "Slots and settings" and the anchor, played as the colleague: they hold a valid password and
write access to the store folder, keep old copies of ``keyslots.json`` and edit the files by hand (the
checksum recomputed — it has no key).  Each attempt must be refused at sign-in, named, and logged; a
missing anchor must be a break, never "no problem".
"""

from __future__ import annotations

import base64
import io
import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from injurydoc.domain.errors import AuthError
from injurydoc.domain.vocab import AuditAction
from injurydoc.services.accounts import AccountService
from injurydoc.services.session import sign_in
from injurydoc.store.keyslots import checksum
from injurydoc.store.personal_keys import PersonalKeys
from injurydoc.store.vault import Vault

from .conftest import PASSWORD

NEW = "a whole new secret"


def _doc(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _splice(store, old: dict, username: str) -> None:
    """Put ``username``'s slot from the old copy ``old`` into the current keyslots.json, checksum made
    again (anyone can: it has no key)."""
    path = store.folder / "keyslots.json"
    doc = _doc(path)
    theirs = next(s for s in old["slots"] if s["username"] == username)
    doc["slots"] = [s for s in doc["slots"] if s["username"] != username] + [theirs]
    doc["checksum"] = checksum(doc["slots"], doc.get("database"), doc.get("generation"))
    path.write_text(json.dumps(doc), encoding="utf-8")


def _refusals(store, username: str) -> list[str]:
    """The refused sign-ins the access log holds for ``username`` (read by a unit manager's session)."""
    m = store.sign_in("chef")
    try:
        rows = m.db.all(
            "SELECT details FROM audit_log WHERE action = 'signed_in' AND outcome = 'denied' "
            "AND username = ? ORDER BY seq",
            (username,),
        )
    finally:
        m.close()
    return [json.loads(r[0]).get("refused", "") for r in rows]


def test_an_old_slot_spliced_back_after_a_password_change_is_refused_and_logged(store):
    old = _doc(store.folder / "keyslots.json")
    s = store.sign_in("erik")
    AccountService(s).change_own_password(PASSWORD, NEW)
    s.close()
    _splice(store, old, "erik")
    # the old password unwraps the old slot (the file is well formed) — the store says it is withdrawn
    with pytest.raises(AuthError) as err:
        sign_in(store.folder, "erik", PASSWORD)
    assert err.value.code == "auth.slot_invalid"
    assert "erik" in err.value.message("en") and "old copy" in err.value.message("en")
    assert "gammal kopia" in err.value.message("sv")
    assert "slot_invalid" in _refusals(store, "erik")


def test_a_disabled_accounts_slot_spliced_back_does_not_sign_in(store):
    old = _doc(store.folder / "keyslots.json")
    m = store.sign_in("chef")
    AccountService(m).disable(AccountService(m).by_username("erik").id)
    m.close()
    _splice(store, old, "erik")
    with pytest.raises(AuthError) as err:
        sign_in(store.folder, "erik", PASSWORD)
    assert err.value.code in ("auth.slot_invalid", "auth.disabled"), err.value.code
    assert err.value.message("sv") != err.value.message("en")


def test_the_whole_key_file_rolled_back_is_refused_for_everyone(store):
    """A copy of keyslots.json from before a password change, put back whole: anna's slot in it is still
    valid, but the file is older than the store expects."""
    kept = store.folder.parent / "keyslots-old.json"
    shutil.copy(store.folder / "keyslots.json", kept)
    s = store.sign_in("erik")
    AccountService(s).change_own_password(PASSWORD, NEW)
    s.close()
    shutil.copy(kept, store.folder / "keyslots.json")
    with pytest.raises(AuthError) as err:
        sign_in(store.folder, "anna", PASSWORD)
    assert err.value.code == "auth.keyslots_rolled_back"
    assert "older" in err.value.message("en") and "äldre" in err.value.message("sv")
    with pytest.raises(AuthError) as err:
        sign_in(store.folder, "erik", PASSWORD)  # his old password with his old slot
    assert err.value.code in ("auth.slot_invalid", "auth.keyslots_rolled_back")


def test_a_replaced_unit_key_is_refused_on_a_computer_that_knows_it(store):
    """The colleague swaps the unit key in the store for one of their own (to certify keys with it); this
    computer pinned the real one at an earlier sign-in."""
    store.sign_in("anna").close()  # this OS user's pin of the unit key
    vault, _ = Vault.open_with_password(store.folder, "erik", PASSWORD)
    key, page_size = vault.data_key, vault.keyslots.page_size
    vault.close()
    con = sqlcipher.connect(str(store.folder / "injurydoc.db"), isolation_level=None)
    try:
        con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        con.execute(f"PRAGMA cipher_page_size = {page_size}")
        con.execute("DROP TRIGGER IF EXISTS meta_keys_fixed_update")
        theirs = base64.b64encode(PersonalKeys.generate(1).public().ed25519).decode()
        con.execute("UPDATE meta SET value = ? WHERE key = 'unit_key'", (theirs,))
    finally:
        con.close()
    with pytest.raises(AuthError) as err:
        sign_in(store.folder, "anna", PASSWORD)
    assert err.value.code == "keys.unit_key_replaced"
    assert "fingerprint on paper" in err.value.message("en")


def test_a_deleted_anchor_is_a_break_at_the_next_managers_sign_in(store):
    """The manager's sign-in checks the whole log before writing its own row: the missing anchor is named
    to the manager and recorded in the sign-in row (where the break was found)."""
    (store.folder / "audit-anchor.json").unlink()
    m = store.sign_in("chef")
    try:
        assert any("anchor" in problem for problem in m.integrity), m.integrity
        details = m.db.scalar(
            "SELECT details FROM audit_log WHERE action = 'signed_in' AND outcome = 'ok' ORDER BY seq DESC"
        )
    finally:
        m.close()
    assert "log_broken_at" in json.loads(details)


def test_a_clinician_signing_in_after_the_anchor_was_deleted_does_not_remake_it(store):
    """The anchor deleted (with rows cut from the log's end, say), then a clinician signs in and works:
    no fresh anchor hides it; the next unit manager's sign-in names the missing anchor and records it,
    and from then on the manager's session anchors the log again."""
    anchor = store.folder / "audit-anchor.json"
    anchor.unlink()
    s = store.sign_in("anna")
    try:
        with s.transaction():
            s.audit(AuditAction.READ, target="store", details={"event": "test_row"})
    finally:
        s.close()
    assert not anchor.exists()
    m = store.sign_in("chef")
    try:
        assert any("anchor" in problem for problem in m.integrity), m.integrity
        details = m.db.scalar(
            "SELECT details FROM audit_log WHERE action = 'signed_in' AND outcome = 'ok' ORDER BY seq DESC"
        )
    finally:
        m.close()
    assert "log_broken_at" in json.loads(details)
    assert anchor.exists()
    m = store.sign_in("chef")  # and the log is whole again from here
    try:
        assert not any("anchor" in problem for problem in m.integrity), m.integrity
    finally:
        m.close()


def test_audit_verify_refuses_a_file_that_is_no_package_with_a_head_in_words(store, tmp_path):
    from injurydoc.cli import main

    bomb = tmp_path / "not-a-package.zip"
    import zipfile

    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", b" " * (2 << 20))  # a manifest too large to be one
    odd = []
    for i, manifest in enumerate(
        (b"[]", b"\xff\xfe not json", b'{"access_log_head": {"seq": "x"}}', b"[" * 5000)
    ):
        path = tmp_path / f"odd-{i}.zip"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("manifest.json", manifest)
        odd.append(path)
    (tmp_path / "not-a-zip.zip").write_bytes(b"PK\x03\x04 truncated")
    for name in (bomb, tmp_path / "missing.zip", tmp_path / "not-a-zip.zip", *odd):
        out = io.StringIO()
        argv = ["--lang", "en", "audit", "verify", "--store", str(store.folder), "--user", "chef"]
        rc = main(
            [*argv, "--password-stdin", "--package", str(name)],
            stdin=io.StringIO(PASSWORD + "\n"),
            stdout=out,
            stderr=out,
        )
        assert rc != 0 and "is not a readable evidence package" in out.getvalue()
        assert "Traceback" not in out.getvalue()


def _verify(store, *extra: str) -> tuple[int, dict]:
    from injurydoc.cli import main

    out = io.StringIO()
    rc = main(
        [
            "audit",
            "verify",
            "--store",
            str(store.folder),
            "--user",
            "chef",
            "--password-stdin",
            "--json",
            *extra,
        ],
        stdin=io.StringIO(PASSWORD + "\n"),
        stdout=out,
        stderr=out,
    )
    return rc, json.loads(out.getvalue().strip().splitlines()[-1])


def test_a_whole_folder_rolled_back_is_found_only_against_a_head_kept_outside(store, tmp_path):
    """docs/store.md: a rollback of the whole folder to an older copy is not detected by the store itself
    (that copy is whole), but by a head kept outside it — a backup's, one written down, a computer's pin."""
    from injurydoc.cli import main
    from injurydoc.paths import app_data_dir

    old_copy = tmp_path / "kept-by-the-colleague"
    shutil.copytree(store.folder, old_copy)
    s = store.sign_in("anna")
    s.close()
    out = io.StringIO()
    rc = main(
        [
            "backup",
            "--store",
            str(store.folder),
            "--out",
            str(tmp_path / "x.bak"),
            "--user",
            "chef",
            "--password-stdin",
        ],
        stdin=io.StringIO(PASSWORD + "\n"),
        stdout=out,
        stderr=out,
    )
    assert rc == 0, out.getvalue()
    # an evidence package exported now records the log's head too
    from injurydoc.services.signing import SigningService

    from .helpers.export_cases import documented_case, export_case

    s, e = documented_case(store, tmp_path)
    SigningService(s).create_self_signed(PASSWORD)
    package = export_case(s, e, SigningService(s).identity(PASSWORD), tmp_path / "out").path
    s.close()
    rc, now = _verify(store)
    assert rc == 0 and now["whole"], now
    written_down = now["head"]
    # the colleague puts the old copy back, on a computer that never saw the newer rows
    shutil.rmtree(store.folder)
    shutil.copytree(old_copy, store.folder)
    shutil.rmtree(app_data_dir() / "pins", ignore_errors=True)
    rc, alone = _verify(store)
    assert rc == 0 and alone["whole"], alone  # the store itself cannot tell
    for extra in (
        ["--backup", str(tmp_path / "x.bak")],
        ["--expect-head", written_down],
        ["--package", str(package)],
    ):
        rc, found = _verify(store, *extra)
        assert rc != 0 and not found["whole"], (extra, found)
        assert found["breaks"], found
