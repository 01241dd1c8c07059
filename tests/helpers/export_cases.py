"""A documented examination with photos, and its export: what the evidence tests start from."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from injurydoc.domain.models import BodyMark, Consent, Examination, Injury
from injurydoc.domain.vocab import (
    BodyRegion,
    BodyView,
    ConsentDecision,
    ConsentScope,
    InjuryType,
    LegalBasis,
    PhotoRole,
    Protection,
    Side,
)
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.export import ExportRequest, ExportService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.session import Session
from injurydoc.services.workstation import StorePin, load_pin, save_pin
from injurydoc.store.keyslots import KeySlots
from injurydoc.store.vault import KEYSLOTS_FILE

from .. import photo_samples as samples
from ..conftest import make_pnr

NOW = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC)


def document_bruise(s, patient_id: str, *, consent: bool = True) -> tuple[Examination, Injury]:
    """A draft examination of the patient: consents (release as ``consent`` says), the patient's account
    and one measured bruise on the right upper arm."""
    ex = ExaminationService(s)
    e = ex.create(patient_id)
    decision = ConsentDecision.GIVEN if consent else ConsentDecision.REFUSED
    ex.update(
        e.id,
        consents=(
            Consent(ConsentScope.EXAMINATION, ConsentDecision.GIVEN, NOW),
            Consent(ConsentScope.RELEASE_TO_POLICE, decision, NOW),
        ),
        patient_account="Han slog mig.",
    )
    inj = ex.add_injury(
        e.id,
        type=InjuryType.BRUISE,
        region=BodyRegion.UPPER_ARM,
        side=Side.RIGHT,
        marks=(BodyMark(BodyView.FRONT, 0.3, 0.3),),
        length_mm=30,
        width_mm=20,
    )
    return e, inj


@functools.cache
def card_files() -> dict[str, bytes]:
    """The camera card of :func:`documented_case`: the same three generated files every time, so made once
    per test process (the two noisy JPEGs took a tenth of the case)."""
    return {
        "a.jpg": samples.with_gps(),
        "b.jpg": samples.jpeg(seed=5),
        "c.png": samples.png_transparent(),
    }


@dataclass(frozen=True)
class _Documented:
    """A store as :func:`documented_case` left it (its session closed), and what the case returns."""

    folder: Path
    store_id: str
    pin: StorePin | None
    examination: Examination


#: By (the store folder's files before, the case's arguments): built once per test process, then copied.
_DOCUMENTED: dict[tuple[str, tuple[object, ...]], _Documented] = {}


def _folder_state(folder: Path) -> str:
    """The SHA-256 of a store folder's files, names and contents."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(f"{path.relative_to(folder)}\0{path.stat().st_size}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def documented_case(
    store,
    tmp_path,
    *,
    protection=Protection.NONE,
    consent=True,
    sign=True,
    birth_year=1980,
    fresh=False,
):
    """Anna's examination of a new patient, with one bruise and three photos (signed unless ``sign`` is
    false), in ``store``; returns anna's open session and the examination as it was created.

    Documenting it costs a tenth of a second or more (photo import, signing); the store folder it leaves
    is kept, and a later call on a store folder with the same files and the same arguments gets a copy of
    it (with the workstation pin the first one left) instead.  Either way the case's session is closed
    and anna signed in again, so every caller sees the same store.  ``fresh``: document it anew (and
    keep nothing) - for a test that has changed how the program documents or signs before the call
    (a monkeypatch), whose store a copy would not be."""
    args = (protection, consent, sign, birth_year)
    if fresh:
        s, e = _document(store, _card(tmp_path), *args)
        s.close()
        return store.sign_in("anna"), e
    key = (_folder_state(store.folder), args)
    card = _card(tmp_path)
    done = _DOCUMENTED.get(key)
    if done is None:
        s, e = _document(store, card, *args)
        s.close()
        store_id = KeySlots.load(store.folder / KEYSLOTS_FILE).store_id
        # in the run's folder (tmp_path's parent), which is kept to the end of the run
        kept = tmp_path.parent / "documented-cases" / str(len(_DOCUMENTED))
        shutil.copytree(store.folder, kept)
        done = _DOCUMENTED[key] = _Documented(kept, store_id, load_pin(store_id, store.folder), e)
    else:
        shutil.rmtree(store.folder)
        shutil.copytree(done.folder, store.folder)
        if done.pin is not None:
            save_pin(done.store_id, store.folder, done.pin)
    return store.sign_in("anna"), done.examination


def _card(tmp_path: Path) -> Path:
    card = tmp_path / "card"
    card.mkdir(exist_ok=True)
    for name, data in card_files().items():
        (card / name).write_bytes(data)
    return card


def _document(store, card: Path, protection, consent, sign, birth_year) -> tuple[Session, Examination]:
    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=make_pnr(7, year=birth_year), name="Exportera Exportsson", protection=protection
    )
    ex = ExaminationService(s)
    e, inj = document_bruise(s, p.id, consent=consent)
    report = PhotoService(s).import_files(e.id, [card])
    ids = [o.photo_id for o in report.imported]
    PhotoService(s).set_role(ids[:1], PhotoRole.OVERVIEW)
    PhotoService(s).set_role(ids[1:], PhotoRole.CLOSE_UP_SCALE)
    PhotoService(s).link_injuries(ids, [inj.id])
    if sign:
        ex.sign(e.id)
    return s, e


def export_case(s, e, ident, out, **kw):
    out.mkdir(parents=True, exist_ok=True)
    req = ExportRequest(examination_id=e.id, basis=kw.pop("basis", LegalBasis.CONSENT), out_dir=out, **kw)
    return ExportService(s).export(req, ident)
