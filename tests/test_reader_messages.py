"""Messages of the readers of outside files: the user's language (--lang), the file named, old packages.

The report language (--report-lang) and the message language (--lang) are apart: a refusal follows
--lang; each reader names the file it refuses; a package of the older format 1 (README.txt outside the
signed manifest) is still verified, and the verdict says what it gets.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from injurydoc.cli import main
from injurydoc.export.signatures import sign_detached
from injurydoc.export.verify import verify_package

from .conftest import PASSWORD
from .helpers.export_cases import documented_case, export_case


def _cli(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(args, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


def test_export_refusal_follows_lang_not_report_lang(store, tmp_path):
    s, e = documented_case(store, tmp_path)
    s.close()
    args = [
        "export",
        "--store",
        str(store.folder),
        "--user",
        "anna",
        "--password-stdin",
        "--examination",
        e.id,
        "--legal-basis",
        "rattsintyg_request",
        "--self-signed",
        "--out",
        str(tmp_path / "p.zip"),
    ]
    rc, _out, err = _cli(["--lang", "en", *args, "--report-lang", "sv"], PASSWORD + "\n")
    assert rc == 1 and "the police case number" in err and "polisens" not in err, err
    rc, _out, err = _cli(["--lang", "sv", *args, "--report-lang", "en"], PASSWORD + "\n")
    assert rc == 1 and "polisens diarienummer" in err and "police case number" not in err, err
    assert not (tmp_path / "p.zip").exists()


def test_restore_refusal_names_the_file_in_the_users_language(tmp_path):
    bad = tmp_path / "week-48.injurydoc-backup"
    bad.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip: no backup.json
    for lang, needle in (("en", "unexpected contents"), ("sv", "oväntat innehåll")):
        rc, _out, err = _cli(
            [
                "--lang",
                lang,
                "restore",
                "--backup",
                str(bad),
                "--store",
                str(tmp_path / "t"),
                "--user",
                "chef",
                "--password-stdin",
            ],
            PASSWORD + "\n",
        )
        assert rc == 1 and "week-48.injurydoc-backup" in err and needle in err, err
    assert not (tmp_path / "t").exists()


def test_unreadable_trust_anchor_is_named(tmp_path):
    anchor = tmp_path / "region-ca.pem"
    anchor.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    (tmp_path / "p.zip").write_bytes(b"x")
    rc, _out, err = _cli(["--lang", "en", "verify", str(tmp_path / "p.zip"), "--trust", str(anchor)])
    assert rc == 2 and "region-ca.pem" in err and "holds no readable certificate" in err, err
    rc, _out, err = _cli(["--lang", "sv", "verify", str(tmp_path / "p.zip"), "--trust", str(anchor)])
    assert rc == 2 and "region-ca.pem" in err and "inget läsbart certifikat" in err, err


def test_exercise_check_names_the_file(tmp_path):
    bad = tmp_path / "lesson-3.injurydoc-exercise"
    bad.write_bytes(b"not a zip at all")
    rc, _out, err = _cli(["--lang", "en", "exercise", "check", str(bad)])
    assert rc == 1 and err.startswith("lesson-3.injurydoc-exercise: ") and "not a zip archive" in err, err


def test_unreadable_package_reason_in_both_languages(tmp_path):
    (tmp_path / "p.zip").write_bytes(b"not a zip")
    report = verify_package(tmp_path / "p.zip")
    assert report.exit_code() == 2
    assert "it is not a zip file" in report.verdict("en") and "det är ingen zip-fil" in report.verdict("sv")


def test_package_of_format_1_is_verified_and_says_the_readme_is_unsigned(store, tmp_path):
    """A package as the program wrote it before manifest version 2: README.txt unlisted, outside the
    signature.  Every other check passes; the verdict says the README is not covered."""
    from injurydoc.services.signing import SigningService

    s, e = documented_case(store, tmp_path)
    signer = SigningService(s)
    signer.create_self_signed(PASSWORD)
    ident = signer.identity(PASSWORD)
    new = export_case(s, e, ident, tmp_path / "out").path
    with zipfile.ZipFile(new) as z:
        entries = [(i.filename, z.read(i)) for i in z.infolist()]
    manifest = json.loads(dict(entries)["manifest.json"])
    manifest["version"] = 1
    manifest["files"] = [f for f in manifest["files"] if f["path"] != "README.txt"]
    raw = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    replaced = {"manifest.json": raw, "manifest.json.p7s": sign_detached(raw, ident)}
    # the old writer's order: listed files, manifest, signature, README, SHA256SUMS
    order = [
        n for n, _ in entries if n not in ("README.txt", "manifest.json", "manifest.json.p7s", "SHA256SUMS")
    ]
    order += ["manifest.json", "manifest.json.p7s", "README.txt"]
    data = {**dict(entries), **replaced}
    sums = "".join(f"{hashlib.sha256(data[n]).hexdigest()}  {n}\n" for n in order).encode()
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(old, "w") as z:
        for n in order:
            z.writestr(n, data[n])
        z.writestr("SHA256SUMS", sums)
    ident.close()
    s.close()
    report = verify_package(old)
    assert report.intact, report.verdict("en")
    assert report.readme_signed is False and report.to_json()["readme_signed"] is False
    assert "README.txt is not covered by the signature" in report.verdict("en")
    assert "README.txt omfattas inte av signaturen" in report.verdict("sv")
    new_report = verify_package(new)
    assert new_report.readme_signed is True and "README.txt is not covered" not in new_report.verdict("en")


def test_results_file_refusal_names_the_file(tmp_path):
    from injurydoc.training.results import ResultsFileError, load_results_file

    bad = tmp_path / "anna.injurydoc-result"
    bad.write_bytes(b'{"format": "injurydoc-training-result", "version": 1e999}')
    try:
        load_results_file(bad)
    except ResultsFileError as exc:
        assert exc.message("en").startswith("anna.injurydoc-result: ")
        assert exc.message("sv").startswith("anna.injurydoc-result: Resultatfil: versionen")
        assert isinstance(exc, ValueError)
    else:
        raise AssertionError("accepted")


def test_path_is_named_only_once(tmp_path):
    from injurydoc.training.exercise import ExerciseError, load

    bad = tmp_path / "x.injurydoc-exercise"
    bad.write_bytes(b"")
    try:
        load(Path(bad))
    except ExerciseError as exc:
        assert exc.message("en").count("x.injurydoc-exercise") == 1
