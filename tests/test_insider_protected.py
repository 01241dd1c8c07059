"""Protected persons against an insider: a colleague with a valid password, the store folder and the raw
data key, reading with SQLCipher directly.  Without a wrap of the person's key they get ciphertext only.

Round trips: grant -> the grantee opens; withdraw -> they cannot (not even with raw SQL); a co-handler
added -> opens; a manager resets a password -> the new keys get the wraps again.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from injurydoc.domain.errors import AccessDenied
from injurydoc.domain.vocab import BodyRegion, InjuryType, Protection, Sex, Side
from injurydoc.media.synthetic import PhotoSpec, make_photo
from injurydoc.services.accounts import AccountService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.grants import GrantService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.store import protected as prot_repo
from injurydoc.store.patients import LOCKED_NAME
from injurydoc.store.personal_keys import KeyFormatError, PersonalKeys
from injurydoc.store.vault import Vault

from .conftest import DISTINCT_NAME, DISTINCT_PNR, PASSWORD

TOMORROW = dt.date.today() + dt.timedelta(days=1)


def _account_id(store, username: str) -> str:
    s = store.sign_in("chef")
    found = s.db.scalar("SELECT id FROM accounts WHERE username = ?", (username,))
    s.close()
    return str(found)


ACCOUNT = "Hon berättar att Qvxzyplomb slog henne med en stekpanna"
INJURY_TEXT = "Blåmärke format som Qvxzyplomb-stekpannans kant"
ADDENDUM = "Tillägg: Qvxzyplomb hörde av sig igen"
PHOTO_NAME = "Zyxwvuts-arm.jpg"
PHOTO = make_photo(PhotoSpec(size=(320, 240), seed=7))


def _write_case(s, patient_id: str, *, sign: bool = True):
    ex = ExaminationService(s)
    exam = ex.create(patient_id)
    ex.update(exam.id, patient_account=ACCOUNT)
    ex.add_injury(
        exam.id, type=InjuryType.BRUISE, region=BodyRegion.UPPER_ARM, side=Side.LEFT, description=INJURY_TEXT
    )
    report = PhotoService(s).import_data(exam.id, [(PHOTO_NAME, PHOTO)])
    assert [o.status for o in report.outcomes] == ["imported"]
    photo_id = PhotoService(s).records(exam.id)[0].id
    PhotoService(s).set_caption(photo_id, "Qvxzyplomb-bild")
    if sign:
        ex.sign(exam.id)
        ex.add_addendum(exam.id, ADDENDUM)
    return ex.get(exam.id)


@pytest.fixture
def hidden(store):
    """Anna registers a person with protected personal data, writes and signs an examination with a
    photo, and adds an addendum."""
    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=DISTINCT_PNR, name=DISTINCT_NAME, sex=Sex.FEMALE, protection=Protection.SEKRETESSMARKERING
    )
    exam = _write_case(s, p.id)
    s.close()
    return p, exam


class Insider:
    """Erik, a clinician: his password opens his slot; from there the data key and his private keys.
    Everything after that goes around the program."""

    def __init__(self, store, username: str = "erik") -> None:
        vault, slot = Vault.open_with_password(store.folder, username, PASSWORD)
        self.data_key = vault.data_key
        self.store_id = vault.store_id
        self.page_size = vault.keyslots.page_size
        self.keys: PersonalKeys | None = vault.personal_keys
        self.account_id = slot.account_id
        vault.close()
        self.folder = store.folder
        self.con = sqlcipher.connect(str(store.folder / "injurydoc.db"), isolation_level=None)
        self.con.execute(f"PRAGMA key = \"x'{self.data_key.hex()}'\"")
        self.con.execute(f"PRAGMA cipher_page_size = {self.page_size}")

    def every_value(self) -> list[tuple[str, str, object]]:
        out = []
        tables = [r[0] for r in self.con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for t in tables:
            cols = [r[1] for r in self.con.execute(f"PRAGMA table_info({t})")]
            for row in self.con.execute(f"SELECT * FROM {t}"):
                out.extend((t, c, v) for c, v in zip(cols, row, strict=True))
        return out

    def try_open(self, patient_id: str) -> bytes | None:
        """Open the person's key with his own private key, going straight at the wrap table."""
        assert self.keys is not None
        for (sealed_json,) in self.con.execute(
            "SELECT sealed FROM person_key_wraps WHERE patient_id = ?", (patient_id,)
        ):
            # every wrap, not only his own: one sealed to another key must not open either
            for holder, gen in self.con.execute(
                "SELECT holder, generation FROM person_key_wraps WHERE patient_id = ?", (patient_id,)
            ):
                try:
                    return prot_repo.unseal(
                        prot_repo.Sealed.from_json(json.loads(sealed_json)),
                        self.keys.x25519,
                        prot_repo.wrap_context(self.store_id, patient_id, holder, gen),
                    )
                except KeyFormatError:
                    continue
        return None

    def close(self) -> None:
        self.con.close()


def _needles() -> list[bytes]:
    digits = DISTINCT_PNR.replace("-", "")
    out = [b"Qvxzyplomb", "Qvxzyplomb".encode("utf-16-le"), PHOTO[100:164]]
    for text in (DISTINCT_NAME, DISTINCT_NAME.split()[0], DISTINCT_NAME.split()[1], DISTINCT_PNR, digits):
        for enc in ("utf-8", "utf-16-le"):
            out.append(text.encode(enc))
        out.append(text.casefold().encode())
    out.append(digits[2:].encode())
    out.append(DISTINCT_PNR[:8].encode())  # the birth date in the number's form
    return out


def _leaks(values: list[tuple[str, str, object]]) -> list[tuple[str, str]]:
    found = []
    for table, col, value in values:
        if value is None:
            continue
        raw = value if isinstance(value, bytes) else str(value).encode()
        if any(n in raw for n in _needles()):
            found.append((table, col))
    return found


def test_raw_sql_with_the_data_key_gives_ciphertext_only(store, hidden):
    p, _ = hidden
    spy = Insider(store)
    try:
        values = spy.every_value()
        assert _leaks(values) == []
        row = spy.con.execute(
            "SELECT name, id_value, id_digits, name_fold FROM patients WHERE id = ?", (p.id,)
        )
        name, id_value, digits, name_fold = row.fetchone()
        assert name.startswith("enc1:") and id_value.startswith("enc1:")
        assert digits == "" and name_fold == ""
        assert spy.try_open(p.id) is None
        for table in ("photo_originals", "photo_previews", "photo_thumbnails"):
            blobs = [bytes(r[0]) for r in spy.con.execute(f"SELECT data FROM {table}")]
            assert blobs and all(b.startswith(prot_repo.BLOB_PREFIX) for b in blobs), table
        (body,) = spy.con.execute("SELECT body FROM examinations").fetchone()
        assert body.startswith("enc1:")
    finally:
        spy.close()
    # the files beside the database neither (the database itself is SQLCipher pages)
    for f in store.folder.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert not any(n in data for n in _needles()), f.name


def test_the_test_would_see_a_leak(store):
    """The scan finds the name of an ordinary person (so an empty result above means something)."""
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=DISTINCT_PNR, name=DISTINCT_NAME, sex=Sex.FEMALE)
    _write_case(s, p.id)
    s.close()
    spy = Insider(store)
    try:
        found = set(_leaks(spy.every_value()))
        assert {
            ("patients", "name"),
            ("patients", "id_value"),
            ("examinations", "body"),
            ("injuries", "body"),
            ("addenda", "text"),
            ("photos", "original_name"),
            ("photos", "caption"),
            ("photo_originals", "data"),
        } <= found
    finally:
        spy.close()


def test_a_ciphertext_copied_to_another_row_or_column_does_not_open(store, hidden):
    p, _ = hidden
    s = store.sign_in("anna")
    try:
        key = prot_repo.FieldCipher(_key(s, p.id), s.vault.store_id)
        stored = s.db.one("SELECT name, id_value FROM patients WHERE id = ?", (p.id,))
        assert stored is not None
        assert key.open_text("patients", p.id, "name", stored[0]) == DISTINCT_NAME
        with pytest.raises(KeyFormatError):
            key.open_text("patients", p.id, "id_value", stored[0])
        with pytest.raises(KeyFormatError):
            key.open_text("patients", "another-row", "name", stored[0])
        flipped = stored[0][:-4] + ("AAAA" if stored[0][-4:] != "AAAA" else "BBBB")
        with pytest.raises(KeyFormatError):
            key.open_text("patients", p.id, "name", flipped)
    finally:
        s.close()


def _key(s, patient_id):
    from injurydoc.services import protection

    key = protection.content_key(s, patient_id)
    assert key is not None
    return key


def test_colleague_sees_nothing_and_a_manager_sees_no_name(store, hidden):
    p, exam = hidden
    s = store.sign_in("erik")
    with pytest.raises(AccessDenied):
        PatientService(s).get(p.id)
    assert PatientService(s).search(DISTINCT_NAME) == []
    assert p.id not in {r.patient_id for r in ExaminationService(s).search("")}
    s.close()
    m = store.sign_in("chef")
    cases = GrantService(m).protected_cases()
    assert [c.patient_id for c in cases] == [p.id]
    assert DISTINCT_NAME not in repr(cases)
    m.close()


def test_the_creator_lists_searches_and_opens(store, hidden):
    p, exam = hidden
    s = store.sign_in("anna")
    pa, ex = PatientService(s), ExaminationService(s)
    assert pa.get(p.id).name == DISTINCT_NAME
    assert pa.get(p.id).personal_id.value == DISTINCT_PNR
    assert [x.id for x in pa.search(DISTINCT_NAME.split()[1][:5])] == [p.id]
    assert [x.id for x in pa.search(DISTINCT_PNR)] == [p.id]
    assert [x.id for x in pa.search(DISTINCT_PNR.replace("-", "")[2:])] == [p.id]
    rows = [r for r in ex.search("") if r.patient_id == p.id]
    assert rows and rows[0].patient_name == DISTINCT_NAME
    assert [r.patient_id for r in ex.search(DISTINCT_NAME.split()[0][:4])] == [p.id]
    _assert_case_reads(s, exam.id)
    s.close()


def test_registered_already_is_found_by_the_lookup_value_and_logged(store, hidden):
    p, _ = hidden
    s = store.sign_in("erik")
    with pytest.raises(AccessDenied):
        PatientService(s).create(personal_id=DISTINCT_PNR, name="Någon Annan", sex=Sex.FEMALE)
    s.close()
    m = store.sign_in("chef")
    denied = m.db.all(
        "SELECT a.username, l.action FROM audit_log l JOIN accounts a ON a.id = l.account_id "
        "WHERE l.patient_id = ? AND l.outcome = 'denied'",
        (p.id,),
    )
    m.close()
    assert ("erik", "created") in denied
    # the value is keyed: a plain hash of the number is not it
    spy = Insider(store)
    try:
        (value,) = spy.con.execute("SELECT id_lookup FROM patients WHERE id = ?", (p.id,)).fetchone()
        import hashlib

        digits = DISTINCT_PNR.replace("-", "")
        assert value not in {hashlib.sha256(digits.encode()).hexdigest(), digits}
        # ...but anyone holding the data key can test a guess (documented limit)
        assert value == prot_repo.lookup_value(prot_repo.lookup_key(spy.data_key, spy.store_id), digits)
    finally:
        spy.close()


def test_grant_then_withdraw(store, hidden):
    p, exam = hidden
    erik = _account_id(store, "erik")
    m = store.sign_in("chef")
    GrantService(m).grant(p.id, erik, reason="Vikarierar för Anna", until=TOMORROW)
    m.close()

    s = store.sign_in("erik")
    assert PatientService(s).get(p.id).name == DISTINCT_NAME
    _assert_case_reads(s, exam.id)
    s.close()
    spy = Insider(store)
    try:
        key = spy.try_open(p.id)
        assert key is not None  # with the grant, his own key opens it, also around the program
    finally:
        spy.close()

    m = store.sign_in("chef")
    assert GrantService(m).revoke(p.id, erik)
    m.close()
    s = store.sign_in("erik")
    with pytest.raises(AccessDenied):
        PatientService(s).get(p.id)
    s.close()
    spy = Insider(store)
    try:
        assert spy.try_open(p.id) is None
        assert _leaks(spy.every_value()) == []
        # putting the grant row back by hand gives the rule's yes, but no key: the name stays locked
        spy.con.execute(
            "INSERT INTO access_grants (patient_id, account_id, kind, granted_by, granted_at, reason, "
            "expires_on) VALUES (?, ?, 'grant', ?, '2026-01-01T00:00:00+00:00', 'x', NULL)",
            (p.id, erik, erik),
        )
    finally:
        spy.close()
    s = store.sign_in("erik")
    assert PatientService(s).get(p.id).name == LOCKED_NAME
    s.close()


def test_the_locked_name_is_shown_in_the_readers_language():
    import datetime as dt

    from injurydoc.domain.models import SummaryRow, shown_name
    from injurydoc.domain.vocab import Protection
    from injurydoc.ui.models import ExaminationListModel

    assert shown_name(LOCKED_NAME, "sv") == "Skyddad person"
    assert shown_name(LOCKED_NAME, "en") == "Protected person"
    assert shown_name("Anna Andersson", "en") == "Anna Andersson"
    row = SummaryRow(
        "e",
        "2026-0001",
        "p",
        LOCKED_NAME,
        "••••••••",
        Protection.SEKRETESSMARKERING,
        "draft",
        "erik",
        dt.datetime(2026, 12, 5, tzinfo=dt.UTC),
        None,
        None,
    )
    for lang, shown in (("sv", "Skyddad person"), ("en", "Protected person")):
        model = ExaminationListModel(lang)
        model.set_rows([row])
        assert model.data(model.index(0, 1)) == shown


def test_a_co_handler_opens(store, hidden):
    p, _ = hidden
    olle = _account_id(store, "olle")
    s = store.sign_in("anna")
    PatientService(s).add_co_handler(p.id, olle)
    s.close()
    s = store.sign_in("olle")
    assert PatientService(s).get(p.id).personal_id.value == DISTINCT_PNR
    _assert_case_reads(s, _.id)
    s.close()


def test_an_ended_grant_loses_its_wrap_at_the_next_manager_sign_in(store, hidden):
    p, _ = hidden
    erik = _account_id(store, "erik")
    m = store.sign_in("chef")
    GrantService(m).grant(p.id, erik, reason="Vikariat", until=TOMORROW)
    m.close()
    spy = Insider(store)
    try:  # the end date passes (moved back by hand: the clock is not ours to turn)
        spy.con.execute(
            "UPDATE access_grants SET expires_on = '2000-01-01' WHERE patient_id = ? AND account_id = ?",
            (p.id, erik),
        )
        assert spy.try_open(p.id) is not None  # the wrap is still there until someone removes it...
    finally:
        spy.close()
    s = store.sign_in("erik")
    with pytest.raises(AccessDenied):  # ...but the program refuses after the date
        PatientService(s).get(p.id)
    s.close()
    store.sign_in("chef").close()  # the manager's sign-in removes the wrap
    spy = Insider(store)
    try:
        assert spy.try_open(p.id) is None
    finally:
        spy.close()


def test_a_password_reset_reissues_the_wraps_for_the_new_keys(store, hidden):
    p, _ = hidden
    anna = _account_id(store, "anna")
    m = store.sign_in("chef")
    AccountService(m).set_password(anna, "a brand new password 1")
    m.close()
    s = store.sign_in("anna", "a brand new password 1")
    assert s.keys is not None and s.keys.generation == 2
    assert PatientService(s).get(p.id).name == DISTINCT_NAME
    s.close()
    # the old private key (still in an old copy of keyslots.json) no longer has a wrap
    m = store.sign_in("chef")
    gen = m.db.scalar(
        "SELECT generation FROM person_key_wraps WHERE patient_id = ? AND holder = ?", (p.id, anna)
    )
    m.close()
    assert gen == 2


def test_a_substituted_public_key_gets_no_wrap(store, hidden):
    """An insider writes his own public key into the grantee's key row (triggers dropped): the grant's
    wrap is sealed only to a key certified by the unit key, so the substitute gets nothing."""
    p, _ = hidden
    olle = _account_id(store, "olle")
    spy = Insider(store)
    try:
        assert spy.keys is not None
        mine = spy.keys.public()
        (trigger,) = spy.con.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'account_keys_refuse_update'"
        ).fetchone()
        spy.con.execute("DROP TRIGGER account_keys_refuse_update")
        spy.con.execute("UPDATE account_keys SET x25519 = ? WHERE subject = ?", (mine.x25519, olle))
        spy.con.execute(trigger)  # and puts the trigger back, so no check misses it
    finally:
        spy.close()
    m = store.sign_in("chef")
    GrantService(m).grant(p.id, olle, reason="Test", until=TOMORROW)
    wrapped = m.db.scalar("SELECT 1 FROM person_key_wraps WHERE patient_id = ? AND holder = ?", (p.id, olle))
    m.close()
    assert wrapped is None
    spy = Insider(store)
    try:
        assert spy.try_open(p.id) is None
    finally:
        spy.close()


def test_a_person_stored_in_the_clear_is_sealed_at_a_managers_sign_in(store):
    """As in a store from before: the protection set, the name still in the clear."""
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=DISTINCT_PNR, name=DISTINCT_NAME, sex=Sex.FEMALE)
    exam = _write_case(s, p.id)
    s.close()
    spy = Insider(store)
    try:
        spy.con.execute("UPDATE patients SET protection = 'sekretessmarkering' WHERE id = ?", (p.id,))
        assert ("patients", "name") in _leaks(spy.every_value())
    finally:
        spy.close()
    store.sign_in("erik").close()  # a clinician's sign-in cannot (and does not) do it
    spy = Insider(store)
    try:
        assert ("patients", "name") in _leaks(spy.every_value())
    finally:
        spy.close()
    store.sign_in("chef").close()
    spy = Insider(store)
    try:
        assert _leaks(spy.every_value()) == []
    finally:
        spy.close()
    s = store.sign_in("anna")
    assert PatientService(s).get(p.id).name == DISTINCT_NAME
    _assert_case_reads(s, exam.id)
    s.close()
    m = store.sign_in("chef")  # the signed examination's triggers are back in place
    assert m.db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'examinations_refuse_update'") == 1
    m.close()


def _assert_case_reads(s, exam_id: str) -> None:
    exam = ExaminationService(s).get(exam_id)
    assert exam.patient_account == ACCOUNT
    assert [i.description for i in exam.injuries] == [INJURY_TEXT]
    assert [a.text for a in exam.addenda] == [ADDENDUM]
    ph = PhotoService(s)
    (rec,) = ph.records(exam_id)
    assert rec.original_name == PHOTO_NAME and rec.caption == "Qvxzyplomb-bild"
    assert ph.original(rec.id) == PHOTO
    assert ph.preview(rec.id)[:2] == b"\xff\xd8" or ph.preview(rec.id)[:4] == b"\x89PNG"
    assert set(ph.thumbnails(exam_id)) == {rec.id}
    assert ph.verify_stored(rec.id)


def test_protection_set_and_lifted_through_the_program(store):
    s = store.sign_in("anna")
    pa = PatientService(s)
    p = pa.create(personal_id=DISTINCT_PNR, name=DISTINCT_NAME, sex=Sex.FEMALE)
    pa.set_protection(p.id, Protection.FINGERADE_UPPGIFTER)
    pa.update(p.id, name=DISTINCT_NAME + " Andra", sex=Sex.FEMALE)
    s.close()
    spy = Insider(store)
    try:
        assert _leaks(spy.every_value()) == []
    finally:
        spy.close()
    s = store.sign_in("anna")
    pa = PatientService(s)
    assert pa.get(p.id).name == DISTINCT_NAME + " Andra"
    pa.set_protection(p.id, Protection.NONE)
    s.close()
    s = store.sign_in("erik")
    assert PatientService(s).get(p.id).name == DISTINCT_NAME + " Andra"
    assert [x.id for x in PatientService(s).search(DISTINCT_PNR)] == [p.id]
    s.close()


def test_statistics_count_a_sealed_examination(store):
    from injurydoc.domain.models import ConcernReport, SipRecord
    from injurydoc.services.statistics import StatisticsService

    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=DISTINCT_PNR,
        name=DISTINCT_NAME,
        sex=Sex.FEMALE,
        protection=Protection.SKYDDAD_FOLKBOKFORING,
    )
    ex = ExaminationService(s)
    e = ex.create(p.id)
    ex.update(
        e.id,
        concern_report=ConcernReport(made=True, office="Soc", grounds="x"),
        sip=SipRecord(called=True, consent=True),
    )
    s.close()
    m = store.sign_in("chef")
    assert m.db.scalar("SELECT body FROM examinations WHERE id = ?", (e.id,)).startswith("enc1:")
    today = dt.date.today()
    total = StatisticsService(m).monthly(today, today).total
    m.close()
    assert (total["examinations"], total["concern_reports"], total["sip_called"]) == (1, 1, 1)
    assert total["protected_persons"] == 1


def test_the_managers_log_check_finds_a_sealed_person_by_number(store, hidden):
    from injurydoc.services.log_report import LogReportService

    p, _ = hidden
    m = store.sign_in("chef")
    assert LogReportService(m).patient_for_number(DISTINCT_PNR) == p.id
    m.close()
