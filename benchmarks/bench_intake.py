"""Photo intake of 12 MP camera JPEGs against making their previews alone; intake memory; thumbnail reads.

Fixture: a store with cheap key-derivation parameters (``TEST_KDF``), a clinician and a patient;
100 distinct 12 MP files (``media.synthetic.make_photo``, 4000 × 3000 JPEG, quality 92, noise 55–83:
3.4–4.1 MB each, like a camera's) and 60 smaller ones (1600 × 1200) in folders inside the benchmark's
temporary folder.  20 (and 20 small) pictures are made in a small process pool; the other files are
copies whose EXIF capture time differs in its seconds, so every file has its own SHA-256 (an import
would skip a duplicate) and costs the same to decode.

1. Intake: ``PhotoService(session).import_files(exam_id, paths)`` of 20 of the 12 MP files into a new
   draft examination (read, hash, decode, preview + thumbnail on the worker threads; each photo stored
   in its own transaction and read back to compare its SHA-256 on the calling thread).  Baseline:
   ``media.derivatives.process(path.read_bytes())`` for the same 20 files, one after the other in one
   thread.  Rounds alternate the order; a new examination every round.  Goal: intake ≤ 0.75 × baseline.
   The phases are also timed by wrapping public functions the import calls (same objects, only the time
   is recorded): the workers' ``photo_batch.prepare``, the calling thread's waiting for workers
   (``Future.result``) and the read-back with its hash (``store.photos.blob``, ``photo_batch.sha256_hex``);
   the calling thread's storing is the rest of the import's time (import − waiting).
2. Memory: 100 distinct 12 MP files imported into one examination in a child process (this script
   with a hidden flag, ``--child``) that creates its own store; it reports its RSS right before the
   import and its peak RSS (``VmHWM`` from ``/proc/self/status``) after.  Goal: peak ≤ 400 MB.
3. Thumbnails: ``PhotoService(session).thumbnails(exam_id)`` of an examination with 60 photos (one
   call: 60 JPEG thumbnails of about 256 px and one access-log row in a committed transaction).
   Baseline: the same SELECT of the 60 thumbnail BLOBs through ``session.db.all(...)``, no log write.

Run: ``.venv/bin/python benchmarks/bench_intake.py [--explain]`` (about 1½ min; ``--explain`` adds
about 20 s: variants through the public API — 3 workers (4 in flight), ``process()`` without its two
full-size copies copied into this script — each as a ratio to the baseline).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import secrets
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common as c

N_INTAKE = 20
N_MEMORY = 100
N_THUMBS = 60
SIZE = (4000, 3000)
SMALL = (1600, 1200)
QUALITY = 92
ROUNDS = 3
THUMB_REPEAT = 25
GOAL_RATIO = 0.75
GOAL_PEAK_MB = 400.0
PASSWORD = secrets.token_urlsafe(12)
NOW = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC)


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    started = c.header(
        f"photo intake: {N_INTAKE} × 12 MP vs previews alone; peak RSS for {N_MEMORY}; {N_THUMBS} thumbnails"
    )
    with c.private_tmp("intake") as root:
        run(root, explain="--explain" in sys.argv[1:])
    c.footer(started)


# ----- fixture ------------------------------------------------------------------------------------
def _make_one(args: tuple[int, str, tuple[int, int]]) -> int:
    from injurydoc.media.synthetic import Mark, PhotoSpec, make_photo

    i, folder, size = args
    spec = PhotoSpec(
        size=size,
        seed=5000 + i,  # distinct seeds: no two files are alike (duplicates would be skipped)
        noise=55.0 + (i % 5) * 7.0,  # 3–5 MB at quality 92 for 12 MP, like a camera's JPEGs
        marks=(Mark(0.3 + (i % 4) * 0.1, 0.45, 0.10, 0.07), Mark(0.6, 0.3 + (i % 3) * 0.1, 0.06, 0.05)),
        scale=i % 2 == 1,
        captured=NOW + dt.timedelta(minutes=i),
    )
    data = make_photo(spec, quality=QUALITY)
    (Path(folder) / f"IMG_{i:04d}.JPG").write_bytes(data)
    return len(data)


def make_photos(folder: Path, n: int, size: tuple[int, int], distinct: int) -> list[Path]:
    """``n`` distinct files: ``distinct`` pictures made in a process pool, each saved again as further
    files that differ only in the EXIF capture time's seconds (other bytes, other SHA-256: an import
    does not skip them as duplicates; decoding them costs the same)."""
    folder.mkdir(parents=True)
    with multiprocessing.get_context("fork").Pool(max(1, min(2, os.cpu_count() or 1))) as pool:
        pool.map(_make_one, [(i, str(folder), size) for i in range(distinct)], chunksize=1)
    for k in range(distinct, n):
        i, v = k % distinct, k // distinct
        stamp = (NOW + dt.timedelta(minutes=i)).strftime("%Y:%m:%d %H:%M:%S").encode()
        data = (folder / f"IMG_{i:04d}.JPG").read_bytes()
        if data.count(stamp) != 1:
            raise SystemExit(f"capture time not found once in IMG_{i:04d}.JPG")
        (folder / f"IMG_{k:04d}.JPG").write_bytes(data.replace(stamp, stamp[:-2] + b"%02d" % v))
    return sorted(folder.iterdir())


def make_store(folder: Path) -> Any:
    """Store, clinician (signed in), patient; returns (session, patient id)."""
    from injurydoc.domain.vocab import Profession, Role
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.demo import synthetic_pnr
    from injurydoc.services.patients import PatientService
    from injurydoc.services.session import create_store, sign_in
    from injurydoc.store.keyslots import TEST_KDF

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
        personal_id=synthetic_pnr(dt.date(1985, 3, 14), 123), name="Intag Benchsson"
    )
    return s, patient.id


def new_exam(s: Any, patient_id: str) -> str:
    from injurydoc.services.examinations import ExaminationService

    return str(ExaminationService(s).create(patient_id).id)


def import_all(s: Any, exam_id: str, paths: list[Path], workers: int = 2) -> None:
    from injurydoc.services.photos import PhotoService

    report = PhotoService(s).import_files(exam_id, paths, workers=workers)
    if len(report.imported) != len(paths):
        raise SystemExit(
            f"imported {len(report.imported)} of {len(paths)}: "
            f"refused {[(o.name, o.error) for o in report.refused]}, duplicates {len(report.duplicates)}"
        )


# ----- phase timing (wrappers around public functions import_files calls) -----------------------
PH_PREPARE = "workers: photo_batch.prepare (read, hash, process), summed over threads"
PH_WAIT = "calling thread: waiting for a worker (fut.result)"
PH_STORE = "calling thread: the rest (transactions + read-back + hash; import − waiting)"
PH_VERIFY = "  of which read-back of the original + SHA-256"


def install_phases() -> c.Phases:
    import concurrent.futures as cf

    import injurydoc.services.photo_batch as pb
    import injurydoc.services.photos as photos_mod

    ph = c.Phases()
    ph.wrap(pb, "prepare", PH_PREPARE)
    ph.wrap(photos_mod.repo, "blob", PH_VERIFY)  # the read-back of what was stored
    ph.wrap(photos_mod, "sha256_hex", PH_VERIFY)  # the name the photos module calls
    ph.wrap(cf.Future, "result", PH_WAIT)
    return ph


def baseline_once(paths: list[Path]) -> float:
    from injurydoc.media.derivatives import process

    t0 = time.perf_counter()
    for p in paths:
        process(p.read_bytes())
    return time.perf_counter() - t0


# ----- memory: the child process ------------------------------------------------------------------
def _status_kib(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def child(store_folder: Path, card: Path) -> None:
    s, patient_id = make_store(store_folder)
    exam_id = new_exam(s, patient_id)
    paths = sorted(card.iterdir())
    before = {"rss": _status_kib("VmRSS"), "hwm": _status_kib("VmHWM")}
    t0 = time.perf_counter()
    import_all(s, exam_id, paths)
    elapsed = time.perf_counter() - t0
    after = {"rss": _status_kib("VmRSS"), "hwm": _status_kib("VmHWM")}
    s.close()
    print(json.dumps({"before": before, "after": after, "seconds": elapsed, "n": len(paths)}))


def memory(root: Path, card: Path) -> dict[str, Any]:
    import resource

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent), env.get("PYTHONPATH")]))
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(root / "store-memory"), str(card)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of all waited-for children (the photo pool's too): it only
    # confirms VmHWM when the import child is the largest.
    result["ru_maxrss_children"] = after_children if after_children > before_children else None
    return result


# ----- --explain: variants through the public API (src/ unchanged) ------------------------------
def lean_process(data: bytes, limits: Any = None) -> Any:
    """``derivatives.process`` without the two full-size copies (same pixels, same JPEG settings)."""
    import io

    from PIL import Image, ImageOps

    import injurydoc.media.derivatives as d
    from injurydoc.media.inspect import Limits, open_checked, read_info

    # derivatives' own small steps, copied (as the rest of this variant): its size rule, RGB and JPEG.
    def target(width: int, height: int, long_side: int) -> tuple[int, int]:
        scale = min(1.0, long_side / max(width, height))
        return max(1, round(width * scale)), max(1, round(height * scale))

    def to_rgb(im: Image.Image) -> Image.Image:
        return im if im.mode == "RGB" else im.convert("RGB")

    def jpeg(im: Image.Image, quality: int) -> bytes:
        out = io.BytesIO()
        im.save(out, "JPEG", quality=quality, optimize=True)
        return out.getvalue()

    im = open_checked(data, limits or Limits())
    info = read_info(im)
    try:
        if im.format == "JPEG":
            im.draft("RGB", target(im.width, im.height, d.PREVIEW_LONG_SIDE))
        im.load()
        preview = to_rgb(ImageOps.exif_transpose(im))  # a new image already: no further copy
        preview.thumbnail((d.PREVIEW_LONG_SIDE, d.PREVIEW_LONG_SIDE), Image.Resampling.LANCZOS)
        thumb = preview.resize(
            target(preview.width, preview.height, d.THUMB_LONG_SIDE),
            Image.Resampling.LANCZOS,
            reducing_gap=2.0,  # what Image.thumbnail uses
        )
        return d.Processed(
            info=info, preview=jpeg(preview, d.PREVIEW_QUALITY), thumbnail=jpeg(thumb, d.THUMB_QUALITY)
        )
    finally:
        im.close()


def explain_intake(s: Any, patient_id: str, paths: list[Path]) -> None:
    import injurydoc.services.photo_batch as pb

    variants: list[tuple[str, Callable[[str], None]]] = [
        ("as in src (2 workers, 3 in flight)", lambda e: import_all(s, e, paths)),
        ("3 workers, 4 in flight", lambda e: import_all(s, e, paths, workers=3)),
        (
            "lean process(), as in src otherwise",
            lambda e: _with(pb, "process", lean_process, lambda: import_all(s, e, paths)),
        ),
    ]
    results: dict[str, list[float]] = defaultdict(list)
    for _rnd in range(ROUNDS):
        base = baseline_once(paths)
        results["baseline"].append(base)
        for name, fn in variants:
            exam_id = new_exam(s, patient_id)
            t = time.perf_counter()
            fn(exam_id)
            results[name].append((time.perf_counter() - t) / base)
    print(
        f"  --explain: variants, ratio to the baseline of the same round ({ROUNDS} rounds; baseline "
        f"{c.stats(results.pop('baseline'))}):"
    )
    for name, rs in results.items():
        print(f"    {name:<58} median {statistics.median(rs):.2f} (min {min(rs):.2f}, max {max(rs):.2f})")
    from injurydoc.media.derivatives import process

    data = [p.read_bytes() for p in paths]
    for label, fn in (("process() as in src", process), ("lean process()", lean_process)):
        t = c.measure(lambda fn=fn: [fn(x) for x in data], ROUNDS)
        print(f"    one thread, {label:<22} {c.stats(t)} for {len(data)}")


def _with(module: Any, attr: str, value: Any, fn: Callable[[], Any]) -> Any:
    saved = getattr(module, attr)
    setattr(module, attr, value)
    try:
        return fn()
    finally:
        setattr(module, attr, saved)


# ----- the run ------------------------------------------------------------------------------------
def run(root: Path, explain: bool) -> None:
    t0 = time.perf_counter()
    big = make_photos(root / "card-12mp", N_MEMORY, SIZE, N_INTAKE)
    small = make_photos(root / "card-small", N_THUMBS, SMALL, N_THUMBS // 3)
    sizes = [p.stat().st_size / 1e6 for p in big]
    print(
        f"fixture: {len(big)} × 12 MP JPEG q{QUALITY} ({min(sizes):.1f}–{max(sizes):.1f} MB, "
        f"{sum(sizes):.0f} MB), {len(small)} × {SMALL[0]}×{SMALL[1]}; "
        f"made in {time.perf_counter() - t0:.0f} s"
    )
    import hashlib

    if len({hashlib.sha256(p.read_bytes()).digest() for p in big + small}) != len(big) + len(small):
        raise SystemExit("fixture: two files are alike")
    intake_paths = big[:N_INTAKE]
    s, patient_id = make_store(root / "store")

    # 1. intake vs previews alone
    ph = install_phases()
    base, intake, phases = [], [], []
    for rnd in range(ROUNDS):
        exam_id = new_exam(s, patient_id)
        order = ("base", "intake") if rnd % 2 == 0 else ("intake", "base")
        for what in order:
            if what == "base":
                base.append(baseline_once(intake_paths))
            else:
                ph.reset()
                t = time.perf_counter()
                import_all(s, exam_id, intake_paths)
                intake.append(time.perf_counter() - t)
                phases.append(ph.reset())
                phases[-1][PH_STORE] = intake[-1] - phases[-1].get(PH_WAIT, 0.0)
    ph.restore()
    ratios = [i / b for i, b in zip(intake, base, strict=True)]
    mib = sum(p.stat().st_size for p in intake_paths) / (1024 * 1024)
    print(f"\n1. intake of {N_INTAKE} × 12 MP ({mib:.0f} MiB), {ROUNDS} rounds, a new examination each:")
    print(f"  baseline: process() alone, one thread  {c.stats(base)}  = 1.00×")
    print(
        f"  PhotoService.import_files()            {c.stats(intake)}  = {c.ratio(c.med(intake), c.med(base))}"
    )
    print(
        f"  ratio per round: {', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f} "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f}); goal ≤ {GOAL_RATIO} "
        f"{'met' if statistics.median(ratios) <= GOAL_RATIO else 'NOT met'}"
    )
    print("  phases inside import_files (median over rounds, totals for 20 photos):")
    for label in (PH_PREPARE, PH_WAIT, PH_STORE, PH_VERIFY):
        print(f"    {label:<66} {c.ms(statistics.median(p.get(label, 0.0) for p in phases))}")
    print(f"  baseline per photo: {c.ms(c.med(base) / N_INTAKE)}")

    if explain:
        explain_intake(s, patient_id, intake_paths)
    report_memory(memory(root, root / "card-12mp"))
    thumbnails(s, patient_id, small)
    s.close()


def report_memory(mem: dict[str, Any]) -> None:
    b, a = mem["before"], mem["after"]
    peak_mb = a["hwm"] / 1024
    print(f"\n2. memory: import of {mem['n']} × 12 MP in a child process ({mem['seconds']:.1f} s):")
    print(
        f"  RSS right before the import          {b['rss'] / 1024:7.1f} MiB "
        f"(peak so far {b['hwm'] / 1024:.1f})"
    )
    print(f"  RSS after the import                 {a['rss'] / 1024:7.1f} MiB")
    print(
        f"  peak RSS (VmHWM)                     {peak_mb:7.1f} MiB  (import adds "
        f"{(a['hwm'] - b['rss']) / 1024:.1f} MiB); goal ≤ {GOAL_PEAK_MB:.0f} MB "
        f"{'met' if a['hwm'] * 1024 <= GOAL_PEAK_MB * 1e6 else 'NOT met'}"
    )
    if mem["ru_maxrss_children"]:
        print(f"  getrusage(RUSAGE_CHILDREN).ru_maxrss {mem['ru_maxrss_children'] / 1024:7.1f} MiB")


def thumbnails(s: Any, patient_id: str, small: list[Path]) -> None:
    from injurydoc.services.photos import PhotoService
    from injurydoc.store import photos as photos_repo

    exam_id = new_exam(s, patient_id)
    import_all(s, exam_id, small)
    svc = PhotoService(s)
    sql = (
        "SELECT t.photo_id, t.data FROM photo_thumbnails t JOIN photos p ON p.id = t.photo_id "
        "WHERE p.examination_id = ? ORDER BY p.number"
    )
    thumbs = svc.thumbnails(exam_id)
    if len(thumbs) != N_THUMBS or thumbs != photos_repo.thumbnails(s.db, exam_id):
        raise SystemExit("thumbnails: wrong result")
    kib = sum(len(v) for v in thumbs.values()) / 1024
    t_svc: list[float] = []
    t_raw: list[float] = []
    for _ in range(THUMB_REPEAT):  # interleaved
        t_raw += c.measure(lambda: s.db.all(sql, (exam_id,)), 1)
        t_svc += c.measure(lambda: svc.thumbnails(exam_id), 1)
    print(f"\n3. thumbnails of an examination with {N_THUMBS} photos ({kib:.0f} KiB), {THUMB_REPEAT} calls:")
    print(f"  baseline: the SELECT via session.db.all   {c.stats(t_raw)}  = 1.00×")
    rel = c.ratio(c.med(t_svc), c.med(t_raw))
    print(f"  PhotoService.thumbnails() (+ log row)     {c.stats(t_svc)}  = {rel}")


if __name__ == "__main__":
    main()
