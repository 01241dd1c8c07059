"""The command line: init, demo, version, and the clear messages it gives."""

import io
import json
import subprocess
import sys

import pytest

from injurydoc.cli import main
from injurydoc.services.session import sign_in


def run(args, stdin=""):
    out, err = io.StringIO(), io.StringIO()
    rc = main(args, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


def test_init_with_password_stdin_prints_recovery_code_once(tmp_path):
    rc, out, err = run(
        [
            "init",
            "--store",
            str(tmp_path / "s"),
            "--manager",
            "chef",
            "--password-stdin",
            "--unit",
            "VC Test",
        ],
        "a good long password\n",
    )
    assert rc == 0, err
    assert "ÅTERSTÄLLNINGSKOD" in out and "papper" in out
    code = [line.strip() for line in out.splitlines() if line.count("-") == 7][0]
    s = sign_in(tmp_path / "s", "chef", "a good long password")
    assert s.unit == "VC Test"
    # and the unit key's fingerprint, to write on the same paper, is the store's
    from injurydoc.services.keys import unit_fingerprint

    fingerprint = unit_fingerprint(s)
    assert fingerprint and "FINGERAVTRYCK" in out and fingerprint in out
    s.close()
    # the code really is the recovery code
    from injurydoc.services.session import sign_in_with_recovery

    sign_in_with_recovery(tmp_path / "s", code).close(log_out=False)


@pytest.mark.real_kdf
def test_init_interactive(tmp_path, monkeypatch):
    answers = iter(["a good long password", "a good long password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    rc, out, err = run(
        ["init", "--store", str(tmp_path / "s"), "--lang", "en"], "boss\nBoss Bossdottir\nVC Norr\n"
    )
    assert rc == 0, err
    assert "RECOVERY CODE" in out
    sign_in(tmp_path / "s", "boss", "a good long password").close()
    # the program's own Argon2id cost (the other tests get TEST_KDF: tests/conftest.py, _cheap_kdf)
    slots = json.loads((tmp_path / "s" / "keyslots.json").read_text("utf-8"))["slots"]
    assert [s["kdf"] for s in slots] == [{"alg": "argon2id", "t": 3, "m": 64 * 1024, "p": 4}] * 2


def test_init_refuses_short_password_and_existing_store(tmp_path):
    rc, out, err = run(
        ["init", "--store", str(tmp_path / "s"), "--manager", "chef", "--password-stdin"], "short\n"
    )
    assert rc == 1 and "minst 10 tecken" in err
    assert not (tmp_path / "s" / "keyslots.json").exists()
    run(["init", "--store", str(tmp_path / "t"), "--manager", "chef", "--password-stdin"], "x" * 12 + "\n")
    rc, out, err = run(
        ["init", "--store", str(tmp_path / "t"), "--manager", "chef", "--password-stdin", "--lang", "en"],
        "y" * 12 + "\n",
    )
    assert rc == 1 and "never overwritten" in err


def test_missing_password_on_stdin_is_a_usage_error(tmp_path):
    rc, out, err = run(["init", "--store", str(tmp_path / "s"), "--manager", "chef", "--password-stdin"], "")
    assert rc == 2 and "standard in" in err


@pytest.mark.slow
def test_demo_json_lists_accounts_and_examinations(tmp_path):
    rc, out, err = run(["demo", "--store", str(tmp_path / "demo"), "--json"])
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["purpose"] == "training"
    users = {a["username"]: a for a in doc["accounts"]}
    assert {"chef", "anna", "erik", "tove"} <= set(users)
    states = {e["status"] for e in doc["examinations"]}
    assert states == {"draft", "signed"}
    assert any(e["protection"] != "none" for e in doc["examinations"])
    s = sign_in(tmp_path / "demo", "anna", users["anna"]["password"])
    assert s.is_training
    from injurydoc.services.examinations import ExaminationService

    first = ExaminationService(s).get(doc["examinations"][0]["id"])
    assert first.is_signed and first.addenda and first.strangulation.asked
    from injurydoc.services.photos import PhotoService

    photos = PhotoService(s).records(first.id)
    assert doc["examinations"][0]["photos"] == len(photos) >= 5
    assert any(p.has_gps for p in photos) and any(not p.has_gps for p in photos)
    assert {p.role.code for p in photos} >= {"id_shot", "overview", "close_up_scale"}
    assert all(p.captured_at and p.camera for p in photos)
    follow = ExaminationService(s).get(doc["examinations"][1]["id"])
    assert follow.follow_up_of == first.id
    s.close()
    # erik has no access to the protected person
    e = sign_in(tmp_path / "demo", "erik", users["erik"]["password"])
    assert all(r.protection.code == "none" for r in ExaminationService(e).search(""))
    e.close()


def test_version_names_sqlcipher():
    rc, out, _ = run(["--version"])
    assert rc == 0 and "SQLCipher 4." in out


def test_console_entry_point_runs_without_gui():
    proc = subprocess.run(
        [sys.executable, "-m", "injurydoc", "--help"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0
    assert "init" in proc.stdout and "demo" in proc.stdout


def test_cli_does_not_import_qt():
    code = (
        "import sys, injurydoc.cli; sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_a_bug_gives_a_short_message_and_a_report_without_patient_data(monkeypatch, tmp_path):
    import injurydoc.cli as cli

    def boom(_cli, _args):
        raise RuntimeError("Zyxwvuts Qwertzuiopå 19780523-9139")

    monkeypatch.setattr(cli, "cmd_demo", boom)
    rc, out, err = run(["demo", "--store", str(tmp_path / "x")])
    assert rc == 70
    assert "Zyxwvuts" not in err and "Traceback" not in err
    reports = list((tmp_path.parent).rglob("crash-*.txt")) or list(
        __import__("injurydoc.crash", fromlist=["crash_dir"]).crash_dir().glob("crash-*.txt")
    )
    assert reports
    text = reports[0].read_text()
    assert "RuntimeError" in text and "Zyxwvuts" not in text and "19780523" not in text
