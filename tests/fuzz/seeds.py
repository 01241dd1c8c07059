"""Real files the program wrote, to be mutated by the fuzz tests and the hostile corpus.

Each is made once per process (the store, signing and export take a few seconds) inside a private
temporary folder, through the program's own services: an evidence package, a backup with its store's
password, an exercise file (a bundled one), a results file and a key file.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "correct horse battery"
NOW = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Seeds:
    package: bytes
    backup: bytes
    keyslots: bytes
    exercise: bytes
    results: bytes


@functools.cache
def seeds() -> Seeds:
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    with tempfile.TemporaryDirectory(prefix="injurydoc-fuzz-seeds-") as folder:  # gone once read
        package, backup_bytes, keyslots = _store_files(Path(folder))
    return Seeds(package, backup_bytes, keyslots, exercise_file(), results_file())


def exercise_file() -> bytes:
    from injurydoc.resources import resource_path

    return resource_path("exercises", "follow-up.injurydoc-exercise").read_bytes()


def results_file() -> bytes:
    from injurydoc.training.feedback import Feedback, Point
    from injurydoc.training.results import to_results_file

    points = [
        Point("consent_examination", True),
        Point("side_error", False, {"injury": 2, "expected": "right", "found": ["left", "front"]}),
        Point("injury_measured", True, {"sizes_mm": [30.0, 20.5]}),
        Point("account", True, scored=False),
    ]
    return to_results_file(Feedback(2 / 3, points), "follow-up", "Anna Övningsdeltagare", now=NOW)


def _store_files(root: Path) -> tuple[bytes, bytes, bytes]:
    from injurydoc.domain.vocab import (
        LegalBasis,
        PhotoRole,
        Profession,
        Role,
    )
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.backup import backup
    from injurydoc.services.demo import synthetic_pnr
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.export import ExportRequest, ExportService
    from injurydoc.services.patients import PatientService
    from injurydoc.services.photos import PhotoService
    from injurydoc.services.session import create_store, sign_in
    from injurydoc.services.signing import SigningService
    from injurydoc.store.keyslots import TEST_KDF
    from tests import photo_samples as samples
    from tests.helpers.export_cases import document_bruise

    folder = root / "store"
    setup = create_store(
        folder,
        unit_name="Fuzz",
        manager_username="chef",
        manager_display_name="Chef Fuzz",
        manager_password=PASSWORD,
        kdf=TEST_KDF,
    )
    AccountService(setup.session).create(
        username="anna",
        display_name="Anna",
        password=PASSWORD,
        roles=frozenset({Role.CLINICIAN}),
        profession=Profession.NURSE,
    )
    backup_path = backup(setup.session, root / "fuzz.injurydoc-backup")
    setup.session.close()
    s = sign_in(folder, "anna", PASSWORD)
    try:
        p = PatientService(s).create(
            personal_id=synthetic_pnr(dt.date(1980, 1, 1), 123), name="Fuzz Fuzzsson"
        )
        e, inj = document_bruise(s, p.id)
        card = root / "card"
        card.mkdir()
        (card / "a.jpg").write_bytes(samples.jpeg(seed=3))
        (card / "b.jpg").write_bytes(samples.jpeg(seed=4))
        ids = [o.photo_id for o in PhotoService(s).import_files(e.id, [card]).imported]
        PhotoService(s).set_role(ids[:1], PhotoRole.OVERVIEW)
        PhotoService(s).set_role(ids[1:], PhotoRole.CLOSE_UP_SCALE)
        PhotoService(s).link_injuries(ids, [inj.id])
        ExaminationService(s).sign(e.id)
        signer = SigningService(s)
        signer.create_self_signed(PASSWORD)
        ident = signer.identity(PASSWORD)
        out = root / "out"
        out.mkdir()
        req = ExportRequest(examination_id=e.id, basis=LegalBasis.CONSENT, out_dir=out)
        package = ExportService(s).export(req, ident).path.read_bytes()
        ident.close()
    finally:
        s.close()
    return package, backup_path.read_bytes(), (folder / "keyslots.json").read_bytes()
