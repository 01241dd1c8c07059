"""First page of the examination lists and of patient search, as a clinician, on a 10,000-case store.

Fixture: one unit, a manager and ten clinicians.  10,000 examinations of about 6,600 patients; 1,000
examinations belong to about 600 protected patients (sekretessmarkering, skyddad folkbokföring,
fingerade personuppgifter) created by other clinicians, so the measuring clinician ("anna") may see only
the few she was granted or made co-handler of.  A handful of records go through the services; the bulk
goes straight through the store repositories in one transaction, with one access-log row per created
patient and examination (like the services write).  About 85 % of examinations are signed.

Measured, as anna, each repeated and reported as median (min, max):

- the service call: ``ExaminationService.list_mine()``, ``ExaminationService.search(...)`` by name
  fragment and by personal-number fragment, ``PatientService.search(...)`` likewise.  This includes
  the access filter, the query for matching protected patients anna may not see, building the result
  objects and the access-log rows written in their own committed transaction (WAL, synchronous=FULL)
  plus moving the audit anchor file (two fsyncs);
- the service's own read queries (recorded from the call itself) replayed on the same encrypted
  connection without the access-log write;
- the same read queries on an unencrypted copy of the database (``sqlcipher_export`` into a plain file,
  opened with the same SQLite library without a key), i.e. the cost of encryption;
- an access-log transaction writing the same number of rows alone.

Baseline (ratio 1.00×): the raw first page with no access filter, no search condition and no access-log
write, ``session.db.all(SUMMARY_SELECT + "ORDER BY e.updated_at DESC LIMIT 50")`` on the same encrypted
connection (for patient search: the first 50 patients by name).  That is the least any first page of
this store can cost, so the ratio shows what filtering, searching and logging add.

Run: ``.venv/bin/python benchmarks/bench_list_search.py`` (about 1 minute).
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common as c

REPEAT = 25
GOAL_S = 0.100
N_EXAMS = 10_000
N_PROTECTED_EXAMS = 1_000
SEED = 20261123

FIRST = (  # noqa: SIM905 - a word list reads best as text
    "Anna Maria Eva Karin Kristina Lena Sara Emma Ingrid Malin Sofia Linnea Elin Ida Hanna Johanna "
    "Elsa Maja Ebba Alva Erik Lars Karl Anders Johan Per Nils Jan Lennart Mikael Hassan Amina Fatima "
    "Ali Leila Omar Yusuf Zeynep Aino Mirja"
).split()
LAST = (  # noqa: SIM905
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
    "Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Carlsson Petersson Magnusson Gustavsson "
    "Olofsson Axelsson Berglund Sandberg Forsberg Sjöberg Wallin Engström Eklund Danielsson Lundin "
    "Håkansson Björk Bergman Fredriksson Sundberg Holm Samuelsson Nyström Holmberg Fransson Ali "
    "Mohammed Ahmed Hassan Lind Lindberg Lindqvist Lindström Lindholm"
).split()
NAME_FRAGMENT = "lind"  # matches 5 of the 50 surnames, about 10 % of patients
NO_MATCH = "zzz"
TEXT = (
    "Patienten uppger att hon blev slagen med knytnäve mot vänster kind och knuffad mot en dörrkarm. "
    "Ömhet över vänster överarm. Inga synliga skador på halsen. Uppger yrsel efteråt. "
)


def main() -> None:
    started = c.header("first page of examination lists and patient search (10,000 examinations)")
    with c.private_tmp("list") as root:
        run(root)
    c.footer(started)


def personnummer(rng: random.Random, used: set[str]) -> tuple[str, dt.date]:
    from injurydoc.domain.identity import luhn_check_digit

    while True:
        born = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 87))
        serial = f"{rng.randrange(0, 1000):03d}"
        short = born.strftime("%y%m%d") + serial
        value = f"{born:%Y%m%d}-{serial}{luhn_check_digit(short)}"
        if value not in used:
            used.add(value)
            return value, born


def run(root: Path) -> None:
    from injurydoc.services.session import sign_in

    folder = root / "store"
    password = secrets.token_urlsafe(12)
    t0 = time.perf_counter()
    info = build_fixture(folder, password)
    print(
        f"fixture built in {time.perf_counter() - t0:.1f} s: {info['exams']} examinations "
        f"({info['protected_exams']} of protected patients), {info['patients']} patients "
        f"({info['protected_patients']} protected), {info['audit_rows']} access-log rows, "
        f"database {info['db_mb']:.1f} MB; anna: {info['anna_exams']} own examinations, "
        f"access to {info['anna_protected']} protected patients"
    )
    t0 = time.perf_counter()
    plain = make_plain_copy(folder, password, root / "plain.db")
    print(f"unencrypted copy made in {time.perf_counter() - t0:.1f} s")

    session = sign_in(folder, "anna", password)
    try:
        measure_all(session, folder, password, plain, info)
    finally:
        session.close()
        plain.close()


# ----- fixture ------------------------------------------------------------------------------------
def build_fixture(folder: Path, password: str) -> dict[str, Any]:
    from injurydoc.domain.vocab import Profession, Protection, Role
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.grants import GrantService
    from injurydoc.services.patients import PatientService
    from injurydoc.services.session import create_store, sign_in
    from injurydoc.store.keyslots import TEST_KDF

    rng = random.Random(SEED)
    used: set[str] = set()
    # Cheap KDF: sign-in cost is bench_signin.py's subject, not this one's.
    setup = create_store(
        folder,
        unit_name="Benchmark unit",
        manager_username="chef",
        manager_display_name="Chef Bench",
        manager_password=password,
        kdf=TEST_KDF,
    )
    manager = setup.session
    names = ["anna", "bo", "cilla", "dan", "eva", "fia", "gun", "hans", "ida", "jon"]
    accounts = {
        n: AccountService(manager).create(
            username=n,
            display_name=n.title() + " Bench",
            password=password,
            roles=frozenset({Role.CLINICIAN}),
            profession=Profession.NURSE,
        )
        for n in names
    }
    anna_id = accounts["anna"].id

    # A handful through the services: anna's own cases, a co-handler role and a manager's grant.
    def pnr() -> str:
        return personnummer(rng, used)[0]

    def person() -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    s = sign_in(folder, "bo", password)
    p = PatientService(s).create(
        personal_id=pnr(), name=person(), protection=Protection.SKYDDAD_FOLKBOKFORING
    )
    ExaminationService(s).create(p.id)
    PatientService(s).add_co_handler(p.id, anna_id)
    s.close()
    s = sign_in(folder, "cilla", password)
    p = PatientService(s).create(personal_id=pnr(), name=person(), protection=Protection.SEKRETESSMARKERING)
    ExaminationService(s).create(p.id)
    s.close()
    GrantService(manager).grant(p.id, anna_id, reason="benchmark", until=dt.date.today())
    s = sign_in(folder, "anna", password)
    for protection in (Protection.NONE, Protection.NONE, Protection.FINGERADE_UPPGIFTER):
        p = PatientService(s).create(personal_id=pnr(), name=person(), protection=protection)
        ExaminationService(s).create(p.id)
    s.close()

    bulk_insert(manager, rng, used, {n: a.id for n, a in accounts.items()})
    db = manager.db
    info: dict[str, Any] = {
        "exams": db.scalar("SELECT count(*) FROM examinations"),
        "protected_exams": db.scalar(
            "SELECT count(*) FROM examinations e JOIN patients p ON p.id = e.patient_id "
            "WHERE p.protection <> 'none'"
        ),
        "patients": db.scalar("SELECT count(*) FROM patients"),
        "protected_patients": db.scalar("SELECT count(*) FROM patients WHERE protection <> 'none'"),
        "audit_rows": db.scalar("SELECT count(*) FROM audit_log"),
        "anna_exams": db.scalar("SELECT count(*) FROM examinations WHERE examiner_id = ?", (anna_id,)),
        "anna_protected": db.scalar(
            "SELECT count(*) FROM patients p WHERE p.protection <> 'none' AND (p.created_by = ? OR "
            "EXISTS (SELECT 1 FROM access_grants g WHERE g.patient_id = p.id AND g.account_id = ?))",
            (anna_id, anna_id),
        ),
        # A birth date (8 digits) of one unprotected patient: a rare match, so the search scans.
        "number_fragment": db.scalar(
            "SELECT substr(id_digits, 1, 8) FROM patients WHERE protection = 'none' ORDER BY id_digits "
            "LIMIT 1 OFFSET 3000"
        ),
    }
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    manager.close()
    info["db_mb"] = (folder / "injurydoc.db").stat().st_size / 1e6
    return info


def bulk_insert(manager: Any, rng: random.Random, used: set[str], ids: dict[str, str]) -> None:
    """Patients and examinations straight through the repositories, in one transaction."""
    from injurydoc.domain.vocab import Protection
    from injurydoc.store import patients as patients_repo

    db = manager.db
    bulk = Bulk(manager, rng, used, ids)
    n_protected = N_PROTECTED_EXAMS - int(
        db.scalar(
            "SELECT count(*) FROM examinations e JOIN patients p ON p.id = e.patient_id "
            "WHERE p.protection <> 'none'"
        )
    )
    n_plain = N_EXAMS - int(db.scalar("SELECT count(*) FROM examinations")) - n_protected
    others = [v for k, v in ids.items() if k != "anna"]
    clinicians = list(ids.values())
    protections = [
        Protection.SEKRETESSMARKERING,
        Protection.SKYDDAD_FOLKBOKFORING,
        Protection.FINGERADE_UPPGIFTER,
    ]
    with db.transaction():
        made = 0
        while made < n_plain:  # unprotected: any clinician examines, 1-3 examinations per patient
            k = min(rng.choice([1, 1, 1, 2, 2, 3]), n_plain - made)
            bulk.exams(bulk.patient(Protection.NONE, rng.choice(clinicians)), rng.choice(clinicians), k)
            made += k
        made, granted = 0, 0
        while made < n_protected:  # protected: created and examined by someone other than anna
            creator = rng.choice(others)
            pid = bulk.patient(rng.choice(protections), creator)
            k = min(rng.choice([1, 1, 2, 3]), n_protected - made)
            bulk.exams(pid, creator, k)
            made += k
            if granted < 4 and rng.random() < 0.01:
                patients_repo.add_grant(db, pid, ids["anna"], "grant", ids["bo"])
                granted += 1
    manager.vault.write_anchor()


class Bulk:
    """Writes one patient or examination the way the services would, minus their checks."""

    def __init__(self, manager: Any, rng: random.Random, used: set[str], ids: dict[str, str]) -> None:
        self.db = manager.db
        self.store_id, self.unit = manager.vault.store_id, manager.unit
        self.rng, self.used = rng, used
        self.username = {v: k for k, v in ids.items()}
        self.now = dt.datetime.now(dt.UTC)
        self.seq = 0

    def log(self, account: str, patient_id: str, target: str) -> None:
        from injurydoc.domain.vocab import AuditAction
        from injurydoc.store import audit

        audit.append(
            self.db,
            store_id=self.store_id,
            account_id=account,
            username=self.username[account],
            unit=self.unit,
            action=AuditAction.CREATED,
            patient_id=patient_id,
            target=target,
        )

    def patient(self, protection: Any, creator: str) -> str:
        from injurydoc.domain.identity import PersonalId
        from injurydoc.domain.vocab import IdKind, Sex
        from injurydoc.store import patients as patients_repo

        value, born = personnummer(self.rng, self.used)
        pid = patients_repo.insert(
            self.db,
            personal_id=PersonalId(kind=IdKind.PERSONNUMMER, value=value, birth_date=born),
            name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
            sex=self.rng.choice([Sex.FEMALE, Sex.FEMALE, Sex.FEMALE, Sex.MALE]),
            protection=protection,
            guardian_is_threat=False,
            created_by=creator,
        )
        self.log(creator, pid, f"patient:{pid}")
        return pid

    def exams(self, patient_id: str, examiner: str, count: int) -> None:
        from injurydoc.domain.models import Examination
        from injurydoc.store import examinations as exams_repo
        from injurydoc.store.audit import iso

        rng = self.rng
        for _ in range(count):
            self.seq += 1
            created = self.now - dt.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
            exam = Examination(
                id=str(uuid.uuid4()),
                case_ref=f"SD-{self.now.year}-B{self.seq:05d}",
                patient_id=patient_id,
                examiner_id=examiner,
                unit=self.unit,
                status="draft",
                created_at=created,
                started_at=created,
                patient_account=TEXT * rng.randrange(1, 8),
                assessment=TEXT[: rng.randrange(50, 190)],
            )
            exams_repo.insert(self.db, exam)
            self.log(examiner, patient_id, f"examination:{exam.id}")
            # Spread over three years; about 85 % signed (set while still a draft: no trigger fires).
            updated = iso(created + dt.timedelta(minutes=rng.randrange(20, 3000)))
            signed = rng.random() < 0.85
            self.db.execute(
                "UPDATE examinations SET updated_at = ?, status = ?, signed_at = ?, signed_by = ? "
                "WHERE id = ?",
                (
                    updated,
                    "signed" if signed else "draft",
                    updated if signed else None,
                    examiner if signed else None,
                    exam.id,
                ),
            )


def make_plain_copy(folder: Path, password: str, target: Path) -> Any:
    """An unencrypted copy via ``sqlcipher_export``, opened with the same SQLite library and no key."""
    import sqlcipher3.dbapi2 as sqlcipher

    from injurydoc.store.keyslots import KeySlots

    slots = KeySlots.load(folder / "keyslots.json")
    key = slots.unwrap_account("anna", password)[1]
    con = sqlcipher.connect(str(folder / "injurydoc.db"), isolation_level=None)
    con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    con.execute(f"PRAGMA cipher_page_size = {slots.page_size}")
    con.execute(f"ATTACH DATABASE '{target}' AS plaintext KEY ''")
    con.execute(f"PRAGMA plaintext.page_size = {slots.page_size}")  # only the encryption differs
    con.execute("SELECT sqlcipher_export('plaintext')")
    con.execute("DETACH DATABASE plaintext")
    con.close()
    plain = sqlcipher.connect(str(target), isolation_level=None)
    plain.execute("PRAGMA journal_mode = WAL")
    plain.execute("PRAGMA synchronous = FULL")
    plain.execute("PRAGMA temp_store = MEMORY")
    head = plain.execute("SELECT count(*) FROM examinations").fetchone()[0]
    assert head >= N_EXAMS  # noqa: S101 - fixture sanity: the copy is really readable without a key
    return plain


# ----- measurements ------------------------------------------------------------------------------
class Recorder:
    """Records every statement a service runs through ``session.db`` (instance-level wrapper)."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.calls: list[tuple[str, list[Any]]] = []

    def __enter__(self) -> Recorder:
        original = self.db.execute

        def recording(sql: str, params: Any = ()) -> Any:
            self.calls.append((sql, list(params)))
            return original(sql, params)

        self.db.execute = recording
        return self

    def __exit__(self, *exc: object) -> None:
        del self.db.execute

    def reads(self) -> list[tuple[str, list[Any]]]:
        return [
            (sql, p)
            for sql, p in self.calls
            if sql.lstrip().upper().startswith("SELECT") and "audit_log" not in sql
        ]


def plan(db: Any, sql: str, params: list[Any]) -> str:
    return "; ".join(str(r[3]) for r in db.all("EXPLAIN QUERY PLAN " + sql, params))


def measure_all(session: Any, folder: Path, password: str, plain: Any, info: dict[str, Any]) -> None:
    from injurydoc.domain.vocab import AuditAction
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.patients import PatientService
    from injurydoc.services.session import sign_in
    from injurydoc.store import audit
    from injurydoc.store import examinations as exams_repo
    from injurydoc.store import patients as patients_repo

    db = session.db
    number = str(info["number_fragment"])
    exam_page = exams_repo.SUMMARY_SELECT + "ORDER BY e.updated_at DESC LIMIT 50"
    patient_page = f"SELECT {patients_repo.COLS} FROM patients p ORDER BY p.name_fold LIMIT 50"
    ops: list[tuple[str, Callable[[Any], Any], str]] = [
        ("ExaminationService.list_mine()", lambda s: ExaminationService(s).list_mine(), exam_page),
        (
            "ExaminationService.search('')  (all visible)",
            lambda s: ExaminationService(s).search(""),
            exam_page,
        ),
        (
            f"ExaminationService.search('{NAME_FRAGMENT}')",
            lambda s: ExaminationService(s).search(NAME_FRAGMENT),
            exam_page,
        ),
        (f"ExaminationService.search('{number}')", lambda s: ExaminationService(s).search(number), exam_page),
        (
            f"PatientService.search('{NAME_FRAGMENT}')",
            lambda s: PatientService(s).search(NAME_FRAGMENT),
            patient_page,
        ),
        (f"PatientService.search('{number}')", lambda s: PatientService(s).search(number), patient_page),
        # Edge cases: a fragment that matches nobody, and one that matches almost everybody.
        (
            f"ExaminationService.search('{NO_MATCH}')  (no match)",
            lambda s: ExaminationService(s).search(NO_MATCH),
            exam_page,
        ),
        (
            "ExaminationService.search('a')  (matches most)",
            lambda s: ExaminationService(s).search("a"),
            exam_page,
        ),
        ("PatientService.search('a')  (matches most)", lambda s: PatientService(s).search("a"), patient_page),
    ]
    baselines = {}
    for sql in (exam_page, patient_page):
        db.all(sql)
        baselines[sql] = c.med(c.measure(lambda q=sql: db.all(q), REPEAT))
    print(
        "baseline (1.00×): raw first page, no access filter, no search, no access-log write, same encrypted "
        f"connection: examinations {c.ms(baselines[exam_page])}, patients {c.ms(baselines[patient_page])}"
    )
    print(f"goal: first page <= {c.ms(GOAL_S)} per call; repeats per figure: {REPEAT}")
    summary = []
    for label, op, base_sql in ops:
        # The first call on a freshly opened connection (empty page cache, OS cache warm).
        fresh = sign_in(folder, "anna", password)
        t0 = time.perf_counter()
        op(fresh)
        first = time.perf_counter() - t0
        fresh.close()

        with Recorder(db) as rec:
            before = audit.head(db)[0]
            result = op(session)
            rows_written = audit.head(db)[0] - before
        reads = rec.reads()
        service_t = c.measure(lambda op=op: op(session), REPEAT)
        replay_t = c.measure(lambda reads=reads: [db.all(q, p) for q, p in reads], REPEAT)
        plain_t = c.measure(lambda reads=reads: [plain.execute(q, p).fetchall() for q, p in reads], REPEAT)

        def write_log(k: int = rows_written) -> None:
            with session.transaction():
                for _ in range(k):
                    session.audit(AuditAction.SEARCHED, target="benchmark")

        log_t = c.measure(write_log, REPEAT)
        base = baselines[base_sql]
        print(f"\n{label}: {len(result)} rows on the first page, {rows_written} access-log rows per call")
        print(f"  service call            {c.stats(service_t)}  = {c.ratio(c.med(service_t), base)}")
        print(f"  first call, new session {c.ms(first)}  = {c.ratio(first, base)}")
        print(
            f"  its {len(reads)} read queries only    {c.stats(replay_t)}  = {c.ratio(c.med(replay_t), base)}"
        )
        print(
            f"  same, unencrypted copy  {c.stats(plain_t)}  = {c.ratio(c.med(plain_t), base)}  "
            f"(encrypted/plain {c.ratio(c.med(replay_t), c.med(plain_t))})"
        )
        print(
            f"  access-log write alone  {c.stats(log_t)}  = {c.ratio(c.med(log_t), base)}  "
            f"({rows_written} rows, commit + anchor file)"
        )
        for q, p in reads:
            print(f"    plan: {plan(db, q, p)}")
        verdict = "met" if c.med(service_t) <= GOAL_S else "NOT met"
        summary.append(
            f"  {label:<50} {c.ms(c.med(service_t)):>9}  {rows_written:>4} log rows  goal {verdict}"
        )
    print("\nsummary (median service call, first page):")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
