"""Signing means a signature: the examiner's personal key signs the canonical content when the examination
is signed, every read checks it again, and a colleague holding a valid password, the store folder and the
raw data key cannot change a signed record unseen.

The attacker here never uses the program's services to do harm: they open the database with sqlcipher3
and the data key their own password unwraps, as ten lines of Python would.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from injurydoc.domain.errors import AuthError, ValidationError
from injurydoc.export.verify import verify_package
from injurydoc.paths import app_data_dir
from injurydoc.services import record_signing
from injurydoc.services.accounts import AccountService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.export import ExportService
from injurydoc.services.session import sign_in_with_recovery
from injurydoc.services.signing import SigningService
from injurydoc.store import canonical, key_registry
from injurydoc.store import examinations as exam_repo
from injurydoc.store import photos as photos_repo
from injurydoc.store.personal_keys import PersonalKeys, verify_with
from injurydoc.store.schema import MIGRATIONS
from injurydoc.store.vault import Vault

from .conftest import PASSWORD
from .helpers.export_cases import documented_case, export_case
from .helpers.insider import colleague_connection


@pytest.fixture
def signed(store, tmp_path):
    """Anna's signed examination with photos (and her session)."""
    s, e = documented_case(store, tmp_path)
    yield s, ExaminationService(s).get(e.id)
    with contextlib.suppress(sqlcipher.ProgrammingError):  # the test may have closed it already
        s.close()


def _own_keys(store, username: str = "erik") -> PersonalKeys:
    vault, _ = Vault.open_with_password(store.folder, username, PASSWORD)
    keys = vault.personal_keys
    vault.close()
    assert keys is not None
    return keys


def _drop_guards(con: sqlcipher.Connection) -> None:
    for stmt in (stmt for _, statements in MIGRATIONS for stmt in statements):
        if stmt.lstrip().startswith("CREATE TRIGGER"):
            con.execute(f"DROP TRIGGER IF EXISTS {stmt.split()[2]}")


def _state(store, exam_id: str) -> record_signing.SignatureState:
    s = store.sign_in("anna")
    try:
        svc = ExaminationService(s)
        return svc.signature(svc.get(exam_id))
    finally:
        s.close()


# ----- the signature itself ---------------------------------------------------------------------------
def test_signing_signs_the_canonical_content_with_the_examiners_personal_key(signed):
    s, e = signed
    row = s.db.one(
        "SELECT signer, generation, content_sha256, signature, migrated_from FROM record_signatures "
        "WHERE record_id = ?",
        (e.id,),
    )
    assert row is not None and row[0] == s.account.id and row[4] is None
    content = canonical.examination_content(e, photos_repo.of_examination(s.db, e.id))
    assert canonical.sha256(content) == row[2] == e.content_sha256
    # checked with nothing but the stored public key: the signature is over exactly these bytes
    key = key_registry.record(s.db, row[0], row[1])
    assert key is not None and verify_with(key.keys.ed25519, bytes(row[3]), content)
    doc = json.loads(content)
    assert doc["format"] == "injurydoc-signed-content" and doc["version"] == canonical.VERSION
    assert doc["fields"]["patient_account"] == "Han slog mig." and doc["identity"]["id"] == e.id
    assert {p["sha256"] for p in doc["photos"]} == {p.sha256 for p in photos_repo.of_examination(s.db, e.id)}
    assert "status" not in doc["fields"] and "signed_at" not in doc["fields"] and "addenda" not in doc
    assert ExaminationService(s).signature(e).state == record_signing.VALID


def test_addendum_is_signed_and_bound_to_the_examination(signed):
    s, e = signed
    svc = ExaminationService(s)
    add = svc.add_addendum(e.id, "Kompletterande fynd.")
    e2 = svc.get(e.id)
    assert svc.signature(e2).state == record_signing.VALID
    sig = s.db.one("SELECT content_sha256 FROM record_signatures WHERE record_id = ?", (add.id,))
    exam_sha = record_signing.content_sha256(s.db, e2)
    assert sig is not None and sig[0] == canonical.sha256(canonical.addendum_content(add, exam_sha))


def test_a_record_signed_under_the_first_content_version_still_verifies(store, tmp_path, monkeypatch):
    """Records signed before the content was built from the field registry (content version 1) are checked
    against the version-1 bytes, keep their state, take addenda and release with a package that verifies."""
    current = canonical.VERSION
    monkeypatch.setattr(canonical, "VERSION", 1)
    s, e = documented_case(store, tmp_path, fresh=True)
    monkeypatch.setattr(canonical, "VERSION", current)
    try:
        row = s.db.one("SELECT content_version FROM record_signatures WHERE record_id = ?", (e.id,))
        assert row is not None and row[0] == 1
        svc = ExaminationService(s)
        e = svc.get(e.id)
        assert svc.signature(e).state == record_signing.VALID
        photos = photos_repo.of_examination(s.db, e.id)
        assert record_signing.content_sha256(s.db, e) == canonical.sha256(
            canonical.examination_content(e, photos, 1)
        )
        svc.add_addendum(e.id, "Kompletterande fynd.")
        e = svc.get(e.id)
        assert svc.signature(e).state == record_signing.VALID
        ident = SigningService(s)
        ident.create_self_signed(PASSWORD)
        out = export_case(s, e, ident.identity(PASSWORD), tmp_path / "out")
    finally:
        s.close()
    check = {c.code: c for c in verify_package(out.path).checks}["signed_content"]
    assert check.ok, check.detail


def test_a_signature_claiming_an_unknown_content_version_is_named(store, signed):
    """A colleague who rewrites the signature row to a version this program cannot check gets no pass."""
    s, e = signed
    s.close()
    con = colleague_connection(store)
    _drop_guards(con)
    con.execute("UPDATE record_signatures SET content_version = 99 WHERE record_id = ?", (e.id,))
    con.close()
    state = _state(store, e.id)
    assert state.broken and "content version 99" in state.text("en") and "99" in state.text("sv")


def test_the_canonical_content_is_stable(signed):
    """The same record gives the same bytes, whatever order the store returned its photos in."""
    s, e = signed
    photos = photos_repo.of_examination(s.db, e.id)
    assert canonical.examination_content(e, photos) == canonical.examination_content(
        e, list(reversed(photos))
    )


# ----- the insider ----------------------------------------------------------------------------------
def test_insert_or_replace_cannot_go_around_the_triggers(store, signed):
    s, e = signed
    add = ExaminationService(s).add_addendum(e.id, "Kompletterande fynd.")
    s.close()
    con = colleague_connection(store)
    photo_id = con.execute("SELECT id FROM photos WHERE examination_id = ?", (e.id,)).fetchone()[0]
    attempts = [
        "INSERT OR REPLACE INTO examinations SELECT id, case_ref, patient_id, examiner_id, unit, 'draft', "
        "created_at, updated_at, follow_up_of, body, NULL, NULL, NULL FROM examinations WHERE id = ?",
        "INSERT OR REPLACE INTO injuries SELECT id, examination_id, number, type, region, side, '{}' "
        "FROM injuries WHERE examination_id = ?",
        "INSERT OR REPLACE INTO record_signatures SELECT record_id, kind, examination_id, signer, "
        "generation, content_version, content_sha256, signed_at, x'00', migrated_from FROM record_signatures "
        "WHERE record_id = ?",
        "REPLACE INTO photos SELECT * FROM photos WHERE examination_id = ?",
    ]
    for sql in attempts:
        with pytest.raises(sqlcipher.IntegrityError, match="injurydoc"):
            con.execute(sql, (e.id,))
    for table in ("photo_originals", "photo_previews", "photo_thumbnails"):
        with pytest.raises(sqlcipher.IntegrityError, match="injurydoc"):
            con.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, x'ffd8ffd9')", (photo_id,))
    with pytest.raises(sqlcipher.IntegrityError, match="injurydoc"):
        con.execute(
            "REPLACE INTO photo_injuries SELECT * FROM photo_injuries WHERE photo_id = ?", (photo_id,)
        )
    with pytest.raises(sqlcipher.IntegrityError, match="injurydoc"):
        con.execute(
            "INSERT OR REPLACE INTO addenda SELECT id, examination_id, author_id, created_at, "
            "'Inget tillägg.' FROM addenda WHERE id = ?",
            (add.id,),
        )
    con.close()
    assert _state(store, e.id).state == record_signing.VALID


def test_a_changed_signed_text_is_broken_everywhere_and_cannot_be_released(store, signed, tmp_path):
    s, e = signed
    s.close()
    con = colleague_connection(store)
    _drop_guards(con)
    body = con.execute("SELECT body FROM examinations WHERE id = ?", (e.id,)).fetchone()[0]
    con.execute(
        "UPDATE examinations SET body = ? WHERE id = ?", (body.replace("Han slog mig.", "Jag föll."), e.id)
    )
    con.close()
    state = _state(store, e.id)
    assert state.broken and "changed after signing" in state.text("en")
    s = store.sign_in("anna")
    try:
        ident = SigningService(s)
        ident.create_self_signed(PASSWORD)
        with pytest.raises(ValidationError) as err:
            export_case(s, e, ident.identity(PASSWORD), tmp_path / "out")
        assert err.value.code == "exam.signature_broken"
        assert "ÄNDRATS" in err.value.message("sv").upper()
        refused = s.db.one(
            "SELECT details FROM audit_log WHERE action = 'exported' AND outcome = 'denied' ORDER BY seq DESC"
        )
        assert refused is not None and "signature broken" in refused[0]
    finally:
        s.close()


def test_a_replaced_photo_hash_or_a_removed_photo_breaks_the_signature(store, signed):
    s, e = signed
    s.close()
    con = colleague_connection(store)
    _drop_guards(con)
    con.execute("UPDATE photos SET sha256 = ? WHERE examination_id = ? AND number = 1", ("0" * 64, e.id))
    con.close()
    assert _state(store, e.id).broken


def test_a_colleague_resigning_with_their_own_key_is_named(store, signed):
    """Erik changes Anna's signed examination, removes her signature and signs it with his own key — even
    making himself the examiner. His key is real and certified, but the access log (hash-chained, its
    checkpoints signed) recorded Anna's signing of other content."""
    s, e = signed
    erik_id = s.db.scalar("SELECT id FROM accounts WHERE username = 'erik'")
    s.close()
    keys = _own_keys(store, "erik")
    con = colleague_connection(store, "erik")
    _drop_guards(con)
    body = json.loads(con.execute("SELECT body FROM examinations WHERE id = ?", (e.id,)).fetchone()[0])
    body["patient_account"] = "Jag föll."
    con.execute(
        "UPDATE examinations SET body = ?, examiner_id = ?, signed_by = ? WHERE id = ?",
        (json.dumps(body), erik_id, erik_id, e.id),
    )
    con.execute("DELETE FROM record_signatures WHERE record_id = ?", (e.id,))
    con.close()
    s = store.sign_in("erik")
    try:
        forged = exam_repo.get(s.db, e.id)
        assert forged is not None and forged.patient_account == "Jag föll."
        content = canonical.examination_content(forged, photos_repo.of_examination(s.db, e.id))
    finally:
        s.close()
    con = colleague_connection(store, "erik")
    _drop_guards(con)
    con.execute(
        "INSERT INTO record_signatures VALUES (?, 'examination', ?, ?, ?, ?, ?, ?, ?, NULL)",
        (
            e.id,
            e.id,
            erik_id,
            keys.generation,
            canonical.VERSION,
            canonical.sha256(content),
            "2026-11-20T15:00:00+00:00",
            keys.sign(content),
        ),
    )
    con.execute("UPDATE examinations SET content_sha256 = ? WHERE id = ?", (canonical.sha256(content), e.id))
    con.close()
    s = store.sign_in("erik")
    try:
        state = ExaminationService(s).signature(exam_repo.get(s.db, e.id))  # type: ignore[arg-type]
    finally:
        s.close()
    assert state.broken and "access log has no record of this signing" in state.text("en")


def test_a_key_slipped_in_for_the_examiner_is_named(store, signed):
    """Erik adds a new key generation for Anna (he cannot make the unit's certificate for it) and signs
    changed content as her."""
    s, e = signed
    anna_id = s.account.id
    gen = key_registry.current(s.db, anna_id).keys.generation + 1  # type: ignore[union-attr]
    s.close()
    fake = PersonalKeys.generate(gen)
    con = colleague_connection(store, "erik")
    _drop_guards(con)
    con.execute(
        "INSERT INTO account_keys (subject, generation, x25519, ed25519, created_at) VALUES (?, ?, ?, ?, ?)",
        (anna_id, gen, fake.public().x25519, fake.public().ed25519, "2026-11-20T15:00:00+00:00"),
    )
    body = json.loads(con.execute("SELECT body FROM examinations WHERE id = ?", (e.id,)).fetchone()[0])
    body["assessment"] = "Inga skador av betydelse."
    con.execute("UPDATE examinations SET body = ? WHERE id = ?", (json.dumps(body), e.id))
    con.close()
    s = store.sign_in("erik")
    try:
        forged = exam_repo.get(s.db, e.id)
        assert forged is not None
        content = canonical.examination_content(forged, photos_repo.of_examination(s.db, e.id))
    finally:
        s.close()
    con = colleague_connection(store, "erik")
    _drop_guards(con)
    con.execute("DELETE FROM record_signatures WHERE record_id = ?", (e.id,))
    con.execute(
        "INSERT INTO record_signatures VALUES (?, 'examination', ?, ?, ?, ?, ?, ?, ?, NULL)",
        (
            e.id,
            e.id,
            anna_id,
            gen,
            canonical.VERSION,
            canonical.sha256(content),
            "2026-11-20T15:00:00+00:00",
            fake.sign(content),
        ),
    )
    con.execute("UPDATE examinations SET content_sha256 = ? WHERE id = ?", (canonical.sha256(content), e.id))
    con.close()
    # Anna's own sign-in refuses the store ("newer keys have been issued"); any other reader sees it broken
    with pytest.raises(AuthError, match="newer keys"):
        store.sign_in("anna")
    s = store.sign_in("erik")
    try:
        svc = ExaminationService(s)
        assert svc.signature(svc.get(e.id)).broken
    finally:
        s.close()


# ----- the evidence package ----------------------------------------------------------------------------
def _rezip(src: Path, dst: Path, changes: dict[str, bytes]) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, changes.get(info.filename, zin.read(info.filename)))


def test_package_carries_the_signing_time_signature_and_verify_checks_it(signed, tmp_path):
    s, e = signed
    ident = SigningService(s)
    ident.create_self_signed(PASSWORD)
    result = export_case(s, e, ident.identity(PASSWORD), tmp_path / "out")
    report = verify_package(result.path)
    check = next(c for c in report.checks if c.code == "signed_content")
    assert check.ok and "certified by unit key" in check.detail
    with zipfile.ZipFile(result.path) as z:
        content = z.read("signed/examination.json")
        sigs = json.loads(z.read("signed/signatures.json"))
    assert content == canonical.examination_content(e, photos_repo.of_examination(s.db, e.id))
    assert sigs["records"][0]["signer"] == s.account.id and sigs["unit_key"]
    # the released content changed after signing: the signature (made then) no longer matches
    changed = content.replace(b"Han slog mig.", "Jag föll.".encode())
    _rezip(result.path, tmp_path / "changed.zip", {"signed/examination.json": changed})
    bad = verify_package(tmp_path / "changed.zip")
    failed = next(c for c in bad.checks if c.code == "signed_content")
    assert not failed.ok and "does not match the content" in failed.detail
    # a certificate not made by the unit key
    sigs["records"][0]["certificate_signature"] = sigs["records"][0]["signature"]
    _rezip(result.path, tmp_path / "cert.zip", {"signed/signatures.json": json.dumps(sigs).encode()})
    failed = next(c for c in verify_package(tmp_path / "cert.zip").checks if c.code == "signed_content")
    assert not failed.ok and "not made by the unit key" in failed.detail


# ----- keys over time and older stores -------------------------------------------------------------
def test_old_signatures_verify_after_a_password_reset(store, signed):
    s, e = signed
    s.close()
    r = sign_in_with_recovery(store.folder, store.recovery_code, "chef")
    svc = AccountService(r)
    svc.set_password(svc.by_username("anna").id, "annas nya lösenord")
    r.close(log_out=False)
    s = store.sign_in("chef")  # the manager's sign-in certifies Anna's new keys
    s.close()
    from injurydoc.services.session import sign_in

    s = sign_in(store.folder, "anna", "annas nya lösenord")
    try:
        svc2 = ExaminationService(s)
        assert s.keys is not None and s.keys.generation == 2
        assert svc2.signature(svc2.get(e.id)).state == record_signing.VALID
        add = svc2.add_addendum(e.id, "Efter återställningen.")
        row = s.db.one("SELECT generation FROM record_signatures WHERE record_id = ?", (add.id,))
        assert row is not None and row[0] == 2
        assert svc2.signature(svc2.get(e.id)).state == record_signing.VALID
    finally:
        s.close()


def test_records_signed_before_signatures_are_migrated_with_a_marker(store, signed):
    from .helpers.legacy import make_legacy

    s, e = signed
    s.close()
    make_legacy(store.folder, {u: PASSWORD for u in ("chef", "anna", "erik", "olle")}, store.recovery_code)
    # An older version kept no pin of the unit key on the computer.
    shutil.rmtree(app_data_dir() / "pins")
    # an older version stored this hash (the guard is put back as it was: the store is not tampered with)
    con = colleague_connection(store, "chef")
    guard = con.execute("SELECT sql FROM sqlite_master WHERE name = 'examinations_refuse_update'").fetchone()[
        0
    ]
    con.execute("DROP TRIGGER examinations_refuse_update")
    legacy = exam_repo.legacy_content_hash(e)
    con.execute("UPDATE examinations SET content_sha256 = ? WHERE id = ?", (legacy, e.id))
    con.execute(guard)
    con.close()
    s = store.sign_in("anna")  # before a unit manager's sign-in: intact, labelled as from before keys
    try:
        svc = ExaminationService(s)
        assert svc.signature(svc.get(e.id)).state == record_signing.LEGACY
    finally:
        s.close()
    m = store.sign_in("chef")
    m.close()
    state = _state(store, e.id)
    assert state.state == record_signing.MIGRATED and state.migrated_from == e.signed_at.date().isoformat()  # type: ignore[union-attr]
    assert "från" in state.text("sv") and "never" not in state.text("en")


def test_a_legacy_record_whose_hash_no_longer_matches_is_not_migrated(store, signed):
    """The migration signs only what still matches its stored hash: a record changed behind the program's
    back is left unsigned (so it shows as broken) and the refusal is logged."""
    from .helpers.legacy import make_legacy

    s, e = signed
    s.close()
    make_legacy(store.folder, {u: PASSWORD for u in ("chef", "anna", "erik", "olle")}, store.recovery_code)
    shutil.rmtree(app_data_dir() / "pins")
    con = colleague_connection(store, "chef")
    guard = con.execute("SELECT sql FROM sqlite_master WHERE name = 'examinations_refuse_update'").fetchone()[
        0
    ]
    con.execute("DROP TRIGGER examinations_refuse_update")
    con.execute("UPDATE examinations SET content_sha256 = ? WHERE id = ?", ("0" * 64, e.id))
    con.execute(guard)
    con.close()
    m = store.sign_in("chef")
    m.close()
    con = colleague_connection(store, "chef")
    signed_rows = con.execute(
        "SELECT count(*) FROM record_signatures WHERE examination_id = ?", (e.id,)
    ).fetchone()
    events = [
        r[0] for r in con.execute("SELECT details FROM audit_log WHERE target = ?", (f"examination:{e.id}",))
    ]
    con.close()
    assert signed_rows == (0,)
    assert sum("signature_migration_refused" in d for d in events) == 1
    assert not any("signature_migrated" in d for d in events)


# ----- what the clinician sees ---------------------------------------------------------------------
def test_a_broken_record_is_marked_in_the_list_and_the_editor(qtbot, qapp, store, signed):
    from injurydoc.ui.app import install_translations
    from injurydoc.ui.main_window import MainWindow

    s, e = signed
    s.close()
    con = colleague_connection(store)
    _drop_guards(con)
    body = con.execute("SELECT body FROM examinations WHERE id = ?", (e.id,)).fetchone()[0]
    con.execute("UPDATE examinations SET body = ? WHERE id = ?", (body.replace("Han slog", "Hon slog"), e.id))
    con.close()
    install_translations(qapp, "sv")
    w = MainWindow(store.folder)
    qtbot.addWidget(w)
    w.show()
    w.signin.user_edit.setText("anna")
    w.signin.password_edit.setText(PASSWORD)
    w.signin.button.click()
    qtbot.waitUntil(lambda: w.start.model.rowCount() == 1, timeout=10000)
    status = w.start.model.index(0, w.start.model.COLUMNS.index("status"))
    # the rows come first, the signature check's verdict after it (ui/start_page.py, two steps)
    qtbot.waitUntil(lambda: status.data() == "Signaturen BRUTEN", timeout=10000)
    w.open_exam(e.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=10000)
    assert w.editor.signature_banner.isVisible()
    assert "SIGNATUREN ÄR BRUTEN" in w.editor.signature_banner.text()
    assert "ändrats efter signeringen" in w.editor.signature_banner.text()
    w.close()


def _previewed_text(s, exam_id: str, lang: str, monkeypatch) -> str:
    """The words of the report the preview showed: the PDF behind its page images, read back with pdfium
    (whitespace folded, so a line wrapped inside a table cell still reads as one phrase)."""
    import pypdfium2 as pdfium

    from injurydoc.services import export as export_service

    pdfs: list[bytes] = []
    real = export_service.pdf_pages_png

    def keep(pdf: bytes, *args, **kwargs):
        pdfs.append(pdf)
        return real(pdf, *args, **kwargs)

    monkeypatch.setattr(export_service, "pdf_pages_png", keep)
    pages = ExportService(s).preview(exam_id, lang)  # type: ignore[arg-type]
    assert len(pdfs) == 1 and pages and all(p.startswith(b"\x89PNG") for p in pages)
    doc = pdfium.PdfDocument(pdfs[0])
    words: list[str] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            words.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        doc.close()
    return " ".join(" ".join(words).split())


def test_the_report_preview_names_a_broken_signature_in_words(store, signed, tmp_path, monkeypatch):
    """The colleague changes a signed examination's text with raw SQL: the report the examiner previews
    says, in Swedish and in English, that the signature is broken and why — and it cannot be released."""
    s, e = signed
    before = _previewed_text(s, e.id, "sv", monkeypatch)
    assert "Undersökarens signatur Signaturen är giltig" in before and "BRUTEN" not in before
    s.close()
    con = colleague_connection(store)
    _drop_guards(con)
    body = con.execute("SELECT body FROM examinations WHERE id = ?", (e.id,)).fetchone()[0]
    con.execute(
        "UPDATE examinations SET body = ? WHERE id = ?", (body.replace("Han slog mig.", "Jag föll."), e.id)
    )
    con.close()
    s = store.sign_in("anna")
    try:
        sv = _previewed_text(s, e.id, "sv", monkeypatch)
        en = _previewed_text(s, e.id, "en", monkeypatch)
        assert "Jag föll." in sv  # the report shows what the store now holds ...
        # ... and says that it is not what was signed
        assert "Undersökarens signatur SIGNATUREN ÄR BRUTEN: innehållet har ändrats efter signeringen" in sv
        assert "The examiner's signature THE SIGNATURE IS BROKEN: the content was changed after signing" in en
        assert "giltig" not in sv and "is valid" not in en
        ident = SigningService(s)
        ident.create_self_signed(PASSWORD)
        with pytest.raises(ValidationError) as err:
            export_case(s, e, ident.identity(PASSWORD), tmp_path / "out")
        assert err.value.code == "exam.signature_broken"
        assert "kan inte lämnas ut" in err.value.message("sv")
        assert "cannot be released" in err.value.message("en")
        assert not any((tmp_path / "out").iterdir())
        assert s.db.scalar("SELECT count(*) FROM exports") == 0
    finally:
        s.close()


def test_a_protected_persons_encrypted_examination_verifies_for_those_allowed(store, tmp_path):
    """The signature is over the plain content; the store keeps a protected person's content encrypted,
    and an allowed account's read (decrypted by the repositories) still matches what was signed."""
    from injurydoc.domain.vocab import Protection

    s, e = documented_case(store, tmp_path, protection=Protection.SKYDDAD_FOLKBOKFORING)
    try:
        svc = ExaminationService(s)
        exam = svc.get(e.id)
        assert exam.patient_account == "Han slog mig."
        assert svc.signature(exam).state == record_signing.VALID
        raw = s.db.scalar("SELECT body FROM examinations WHERE id = ?", (e.id,))
        assert "Han slog mig." not in raw
    finally:
        s.close()
