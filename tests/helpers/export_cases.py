"""A documented examination with photos, and its export: what the evidence tests start from."""

from __future__ import annotations

import datetime as dt

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


def documented_case(store, tmp_path, *, protection=Protection.NONE, consent=True, sign=True, birth_year=1980):
    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=make_pnr(7, year=birth_year), name="Exportera Exportsson", protection=protection
    )
    ex = ExaminationService(s)
    e, inj = document_bruise(s, p.id, consent=consent)
    card = tmp_path / "card"
    card.mkdir(exist_ok=True)
    (card / "a.jpg").write_bytes(samples.with_gps())
    (card / "b.jpg").write_bytes(samples.jpeg(seed=5))
    (card / "c.png").write_bytes(samples.png_transparent())
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
