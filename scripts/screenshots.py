"""Regenerate docs/screenshots/*.png: the program on a fresh demo store, under Xvfb.

    make screenshots        (or: .venv/bin/python scripts/screenshots.py [--out DIR] [--lang sv|en])

Starts its own Xvfb when no DISPLAY is set, creates a demo training store in a temporary folder,
drives the real main window and saves a PNG of each main screen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def start_xvfb() -> subprocess.Popen[bytes] | None:
    if os.environ.get("DISPLAY"):
        return None
    display = ":97"
    proc = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.environ["DISPLAY"] = display
    time.sleep(1.0)
    return proc


def report_pages(package: Path, out: Path) -> None:
    """Render the first pages of the package's report (pdfium, in process), for the README."""
    import zipfile

    from injurydoc.export.preview import pdf_pages_png

    with zipfile.ZipFile(package) as z:
        pdf = z.read("report.pdf")
    for i, png in enumerate(pdf_pages_png(pdf, scale=70 / 72, max_pages=4), start=1):
        p = out / f"report-{i}.png"
        p.write_bytes(png)
        print(f"wrote {p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--lang", choices=("sv", "en"), default="sv")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    xvfb = start_xvfb()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    work = Path(tempfile.mkdtemp(prefix="injurydoc-shots-"))
    os.environ["HOME"] = str(work / "home")  # never the real QSettings
    os.environ["XDG_CONFIG_HOME"] = str(work / "home" / ".config")
    try:
        from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

        from injurydoc import logs
        from injurydoc.services.demo import create_demo
        from injurydoc.ui.app import create_app, install_qt_translations
        from injurydoc.ui.main_window import MainWindow

        logs.configure()
        app = create_app([sys.argv[0]], args.lang)
        install_qt_translations(app, args.lang)  # Qt's own buttons (Stäng, Avbryt), as the program does
        store = work / "demo"
        demo = create_demo(store)
        passwords = {a.username: a.password for a in demo.accounts}

        def settle(ms: int = 400) -> None:
            loop = QEventLoop()
            QTimer.singleShot(ms, loop.quit)
            loop.exec()
            QCoreApplication.processEvents()

        def wait_for(cond, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
            end = time.monotonic() + timeout
            while not cond():
                if time.monotonic() > end:
                    raise TimeoutError("the window did not reach the expected state")
                settle(50)

        def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
            settle()
            path = out / f"{name}.png"
            widget.grab().save(str(path))
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

        w = MainWindow(store)
        w.resize(1100, 680)
        w.show()
        w.signin.user_edit.setText("anna")
        shot(w, "signin")

        w.signin.password_edit.setText("wrong password")
        w.signin.submit()
        wait_for(lambda: bool(w.signin.message.text()))
        shot(w, "signin-error")

        w.signin.password_edit.setText(passwords["anna"])
        w.signin.submit()
        wait_for(lambda: w.start.model.rowCount() > 0)
        shot(w, "start")

        w.start.search.setText("Skyddad")
        wait_for(
            lambda: w.start.heading.text() != w.start.tr("My examinations") and w.start.model.rowCount() == 1
        )
        shot(w, "search-protected")

        # An evidence package of the signed demo case, checked in "Verifiera paket".
        from injurydoc.domain.vocab import LegalBasis
        from injurydoc.services.export import ExportRequest, ExportService
        from injurydoc.services.signing import SigningService
        from injurydoc.ui.verify_dialog import VerifyDialog

        session = w.session
        signing = SigningService(session)
        signing.create_self_signed(passwords["anna"])
        signed_case = next(x for x in demo.examinations if x.status == "signed" and x.protection == "none")
        pkg_dir = work / "packages"
        pkg_dir.mkdir()
        result = ExportService(session).export(
            ExportRequest(signed_case.id, LegalBasis.CONSENT, pkg_dir, lang=args.lang),
            signing.identity(passwords["anna"]),
        )
        dlg = VerifyDialog(w)
        dlg.package.setText(str(result.path))
        dlg.show()
        dlg.start()
        wait_for(lambda: dlg.report is not None)
        shot(dlg, "verify")
        dlg.close()
        report_pages(result.path, out)

        # The examination editor on the protected person's draft (Sara): sections, body map, photos.
        draft = next(x for x in demo.examinations if x.protection != "none" and x.status == "draft")
        w.open_exam(draft.id)
        wait_for(lambda: w.editor.exam is not None and w.editor.photos.model.rowCount() > 0)
        for section, name in (
            ("account", "editor-account"),
            ("injuries", "editor-injuries"),
            ("photos", "editor-photos"),
            ("review", "editor-review"),
        ):
            w.editor.jump(section)
            settle(600)
            shot(w, name)
        sign = w.editor.review.sign()
        if sign is not None:
            wait_for(lambda: sign.page_count > 0)
            settle(600)
            shot(sign, "sign-dialog")
            sign.reject()
        from injurydoc.ui.signing_key_dialog import SigningKeyDialog

        key_dialog = SigningKeyDialog(w.ops, w.session, w)
        key_dialog.show()
        settle(600)
        shot(key_dialog, "signing-key")
        key_dialog.close()
        handout = w.editor.open_handout()
        if handout is not None:
            settle(1200)
            shot(handout, "handout")
            handout.close()
        w.editor.close_editor()
        w.sign_out()
        settle()

        # Training: the exercises on the start page, a trainee's feedback, authoring, the class summary.
        from injurydoc.services.training import TrainingService
        from injurydoc.training import load
        from injurydoc.ui.class_summary import ClassSummaryDialog
        from injurydoc.ui.exercise_editor import ExerciseEditor

        w.signin.user_edit.setText("tove")
        w.signin.password_edit.setText(passwords["tove"])
        w.signin.submit()
        wait_for(lambda: w.start.exercises is not None and w.start.exercises.list.count() == 3)
        panel = w.start.exercises
        panel.list.setCurrentRow(2)
        shot(w, "training-exercises")
        panel.start_selected()
        wait_for(lambda: w.stack.currentWidget() is w.editor and w.editor.photos.model.rowCount() > 0)
        w.editor.jump("review")
        wait_for(w.editor.review.feedback_button.isVisible)
        w.editor.review.open_feedback()
        feedback = w.editor.review.feedback_dialog
        wait_for(lambda: feedback is not None and feedback.feedback is not None)  # type: ignore[attr-defined]
        feedback.submit_button.click()  # type: ignore[union-attr]  # "Lämna in till utbildaren"
        wait_for(lambda: bool(feedback.submitted.text()))  # type: ignore[union-attr]
        shot(feedback, "training-feedback")
        results = work / "results"
        results.mkdir()
        name, data = TrainingService(w.session).results_file(w.editor.exam.id)
        (results / name).write_bytes(data)
        feedback.close()  # type: ignore[union-attr]
        w.editor.close_editor()
        author = ExerciseEditor(w.ops, w.session, w)
        author.load_exercise(load(sorted((ROOT / "resources" / "exercises").glob("ipv-*"))[0]))
        author.tabs.setCurrentIndex(3)
        author.show()
        shot(author, "training-author")
        author.close()
        w.start.open_class_summary()  # as the trainer opens it: with the exercises' titles
        summary = w.start.dialogs[-1]
        if not isinstance(summary, ClassSummaryDialog):
            raise SystemExit("the class summary did not open")
        summary.show()  # the results submitted in the store (a training unit's: the whole class's)
        wait_for(lambda: summary.table.rowCount() == 1)
        shot(summary, "training-summary")
        summary.close()
        w.sign_out()
        settle()

        # The unit manager's page.
        w.signin.user_edit.setText("chef")
        w.signin.password_edit.setText(passwords["chef"])
        w.signin.submit()
        wait_for(lambda: w.session is not None)
        w._show_manager()
        wait_for(lambda: w.manager.accounts_tab.accounts_model.rowCount() > 0)
        for i, name in enumerate(
            ("manager-accounts", "manager-cases", "manager-log", "manager-contacts", "manager-statistics")
        ):
            w.manager.tabs.setCurrentIndex(i) if hasattr(w.manager, "tabs") else None
            settle(700)
            shot(w, name)
        # unit mode: a disabled account is offered "Enable again" (shown with the server's answer
        # imitated: the rows as listed, one disabled and selected)
        m = w.manager
        m.tabs.setCurrentIndex(0)
        rows = [replace(a, active=a.username != "erik") for a in m.accounts_tab.accounts_model.rows]
        # and the disabled account a store import made to hold the moved store's manager's key
        chef = next(a for a in rows if a.username == "chef")
        holder = replace(chef, id="key-holder", username="chef.1a2b3c", active=False)
        rows.append(holder)
        m.accounts_tab.unit_accounts = object()
        m.accounts_tab.accounts_model.set_accounts(rows, {holder.id: "chef"})
        m.accounts_tab.show_key_holders()
        m.accounts_tab.accounts_hint.setText(m.accounts_tab.accounts_hint_text())
        m.accounts_tab.accounts_view.selectRow([a.username for a in rows].index("erik"))
        from injurydoc.services.unit_key_refusals import NOT_OWN, UNBOUND, RefusedKey

        # keys refused for protected cases, as the unit's log names them (with the workstations)
        m.accounts_tab.show_key_refusals(
            [
                RefusedKey("tove", UNBOUND, ("k1",), "", ("Rum 3",)),
                RefusedKey("erik", NOT_OWN, ("k2",), "", ("Akutrummet", "Rum 5")),
            ]
        )
        settle(300)
        shot(w, "manager-unit-accounts")
        # the unit key: its fingerprint to write down, and keys awaiting certification (imitated)
        import datetime as _dt

        from injurydoc.services.unit_key_refusals import UNCERTIFIED
        from injurydoc.services.unit_keys import KeyOverview, Pending, PinnedKey

        def key_state(pin: PinnedKey, *lists: list[Any]) -> tuple[PinnedKey, KeyOverview]:
            return pin, KeyOverview(*lists)

        panel = m.accounts_tab.unit_key_panel
        when = _dt.datetime(2026, 12, 5, 14, 30, tzinfo=_dt.UTC)
        m.accounts_tab.show_key_refusals([RefusedKey("erik", UNCERTIFIED, ("k3",), "")])
        panel.setVisible(True)
        panel.show_state(
            key_state(
                PinnedKey("7F3A-09C2-B4E1-55D0-2A6F-E813-C94B-0D72", "created"),
                [
                    Pending("k3", "e", "erik", "Erik", "1C8E-2F40-9A7B-D3E5-6C01-B8F2-47A9-E05D", when),
                    Pending("k4", "t", "tove", "Tove", "A2D4-7E91-0C3B-F658-1D2E-94A7-B36C-58F0", when),
                ],
                [],
                [],
                [],
                [],
            )
        )
        settle(300)
        shot(w, "manager-unit-key")
        # a seal of the unit key the server kept for a disabled manager (past its rule): named
        from injurydoc.services.unit_keys import HeldWraps

        held = [HeldWraps("0b9d41c2-7a1e-4f3b-9c55-2e8d6a104b7f", "e", "erik", 3)]
        panel.show_state(
            key_state(
                PinnedKey("7F3A-09C2-B4E1-55D0-2A6F-E813-C94B-0D72", "created"), [], ["berit"], held, [], []
            )
        )
        settle(300)
        shot(panel, "manager-unit-key-stale-seal")
        # keys from a moved store (a colleague who never connects, a migrated signer's key holder)
        from injurydoc.services.unit_keys import MovedStore

        moved = [MovedStore("4B7D-E20A-93C1-6F58-0A2E-D147-B9C3-5E80", ("chef.3fa2c1", "lena"), 2)]
        panel.show_state(
            key_state(PinnedKey("7F3A-09C2-B4E1-55D0-2A6F-E813-C94B-0D72", "created"), [], [], [], moved, [])
        )
        settle(300)
        shot(panel, "manager-unit-key-moved-store")
        # a colleague disabled before the unit key existed: certified up to the day they left
        from injurydoc.services.unit_keys import DisabledKey

        gone = [DisabledKey("k9", "l", "lena", "Lena Holm", _dt.datetime(2026, 3, 31, 16, 5, tzinfo=_dt.UTC))]
        panel.show_state(
            key_state(PinnedKey("7F3A-09C2-B4E1-55D0-2A6F-E813-C94B-0D72", "created"), [], [], [], [], gone)
        )
        settle(300)
        shot(panel, "manager-unit-key-disabled-colleague")
        panel.close_session()
        m.accounts_tab.show_key_refusals([])
        m.accounts_tab.unit_accounts = None
        m.accounts_tab.refresh_accounts()
        settle(300)
        rekey = w.manager.accounts_tab.rekey_store()
        if rekey is not None:
            wait_for(rekey.start_button.isEnabled)
            shot(rekey, "manager-rekey")
            rekey.reject()
        w.sign_out()
        signature_screens(w, store, shot, wait_for, passwords, demo)  # last: it breaks a signed demo case

        # About (from the sign-in page).
        w.signin.about_button.click()
        settle()
        shot(w.signin.about_dialog, "about")
        w.signin.about_dialog.close()

        # First start: the set-up wizard.
        w.open_setup(work / "new-store")
        settle()
        shot(w.setup_wizard, "setup-welcome")
        w.setup_wizard.go_next()
        settle()
        shot(w.setup_wizard, "setup-store")
        w.setup_wizard.reject()
        unit_screens(w, work, shot, settle, wait_for, passwords)
        w.close()
        app.processEvents()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(5)
    return 0


def signature_screens(w, store: Path, shot, wait_for, passwords, demo) -> None:  # type: ignore[no-untyped-def]
    """The start list's signature marks: rows shown while the check runs, then a record a colleague
    changed with raw SQL marked broken.  The check is held with an Event so the first state can be seen."""
    import threading

    import sqlcipher3.dbapi2 as sqlcipher

    from injurydoc.services.examinations import ExaminationService
    from injurydoc.store.schema import MIGRATIONS
    from injurydoc.store.vault import Vault

    victim = next(x for x in demo.examinations if x.status == "signed" and x.protection == "none")
    vault, _slot = Vault.open_with_password(store, "anna", passwords["anna"])
    key, page_size = vault.data_key, vault.keyslots.page_size
    vault.close()
    con = sqlcipher.connect(str(store / "injurydoc.db"), isolation_level=None)
    con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    con.execute(f"PRAGMA cipher_page_size = {page_size}")
    for stmt in (stmt for _, statements in MIGRATIONS for stmt in statements):
        if stmt.lstrip().startswith("CREATE TRIGGER"):
            con.execute(f"DROP TRIGGER IF EXISTS {stmt.split()[2]}")
    con.execute(
        "UPDATE injuries SET side = CASE side WHEN 'left' THEN 'right' ELSE 'left' END "
        "WHERE examination_id = ?",
        (victim.id,),
    )
    con.close()
    held = threading.Event()
    real = ExaminationService.check_listed

    def check_later(svc, rows):  # type: ignore[no-untyped-def]
        held.wait(30)
        return real(svc, rows)

    ExaminationService.check_listed = check_later  # type: ignore[method-assign]
    try:
        w.signin.user_edit.setText("anna")
        w.signin.password_edit.setText(passwords["anna"])
        w.signin.submit()
        wait_for(lambda: w.start.model.rowCount() > 0)
        shot(w, "start-checking")
        held.set()
        wait_for(lambda: any(r.extra.get("signature") == "broken" for r in w.start.model.rows))
        shot(w, "start-broken")
    finally:
        held.set()
        ExaminationService.check_listed = real  # type: ignore[method-assign]
        w.sign_out()


def unit_screens(w, work, shot, settle, wait_for, passwords) -> None:  # type: ignore[no-untyped-def]
    """The unit server in the desktop: connecting a workstation, the sync status, a conflict, the
    workstations tab.  No server runs here: the wizard's certificate step is shown with a certificate
    made on the spot, the status and the tab with set values."""
    import dataclasses
    import datetime as dt
    import json

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from injurydoc.services.unit_connection import certificate_info
    from injurydoc.services.unit_desktop import WorkstationRow
    from injurydoc.ui.conflict_dialog import ConflictDialog
    from injurydoc.ui.sync_status import SyncStatusLine
    from injurydoc.ui.unit_workstations import WorkstationsView

    now = dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "db.region.se")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + dt.timedelta(days=335))
        .sign(key, hashes.SHA256())
    )
    info = certificate_info(cert.public_bytes(serialization.Encoding.DER), "db.region.se:5432/injurydoc")
    conn_file = work / "injurydoc-unit.json"
    conn_file.write_text(
        json.dumps(
            {
                "format": "injurydoc-unit",
                "version": 1,
                "unit": "Vårdcentralen Norr",
                "server": {"host": "db.region.se", "port": 5432, "dbname": "injurydoc"},
                "tls": {"sha256": info.sha256},
                "contact": "Regionens IT-servicedesk 010-123 45 67",
            }
        ),
        "utf-8",
    )

    w.open_setup(work / "new-store-2")
    settle()
    w.setup_wizard.connect_button.click()
    settle()
    wiz = w.unit_connect_wizard
    wiz.server_page.address_edit.setText("127.0.0.1:1")
    wiz.go_next()
    wait_for(wiz.message.isVisible)
    shot(wiz, "unit-connect-unreachable")
    wiz.open_file(conn_file)
    shot(wiz, "unit-connect-file")
    wiz.flow.next()
    wiz.flow.checked(info)  # the step after the certificate was fetched from the server
    wiz.show_step()
    shot(wiz, "unit-connect-certificate")
    wiz.reject()
    settle()
    # a training store chosen in the set-up: the connect wizard's "training unit" is ticked and fixed
    w.open_setup(work / "new-store-3")
    settle()
    w.setup_wizard.go_next()
    settle()
    w.setup_wizard.training_radio.setChecked(True)
    w.setup_wizard.connect_store_button.click()
    settle()
    wiz = w.unit_connect_wizard
    wiz.open_file(conn_file)
    shot(wiz, "unit-connect-training")
    wiz.reject()

    status = dataclasses.make_dataclass(
        "Status",
        [
            ("mode", str),
            ("state", str),
            ("offline_since", object),
            ("unsent", int),
            ("photos_to_send", int),
            ("bytes_sent", int),
            ("bytes_total", int),
            ("conflicts", int),
            ("last_sync", object),
            ("attention", object),
            ("attention_params", tuple),
        ],
        frozen=True,
    )
    w.signin.user_edit.setText("anna")
    w.signin.password_edit.setText(passwords["anna"])
    w.signin.submit()
    wait_for(lambda: w.start.model.rowCount() > 0)
    line = SyncStatusLine()
    w.statusBar().addPermanentWidget(line, 1)
    w.statusBar().show()
    line.show_status(status("unit", "sending", None, 14, 12, 61_000_000, 160_000_000, 0, now, None, ()))
    shot(w, "unit-status-sending")
    line.show_status(status("unit", "offline", now - dt.timedelta(minutes=47), 3, 0, 0, 0, 0, now, None, ()))
    shot(w.statusBar(), "unit-status-offline")
    aside = (("cases", "VC-2026-0042"),)
    line.show_status(status("unit", "attention", None, 0, 0, 0, 0, 0, now, "sync.signed_elsewhere", aside))
    shot(w.statusBar(), "unit-status-signed-elsewhere")
    line.explain()
    settle()
    if line.explanation is not None:
        shot(line.explanation, "unit-status-signed-elsewhere-explained")
        line.explanation.close()
    unit_key_screens(w, line, shot, settle, status("unit", "online", None, 0, 0, 0, 0, 0, now, None, ()))
    w.statusBar().hide()

    version = dataclasses.make_dataclass("Version", ["id", "author_id", "saved_at", "content"], frozen=True)
    conflict = dataclasses.make_dataclass(
        "Conflict", ["examination_id", "patient_id", "versions"], frozen=True
    )
    base = {
        "patient_account": "Slagen med knytnäve mot vänster överarm.",
        "relation": "partner",
        "strangulation": {"asked": True, "could_breathe": "no"},
        "assessment": "Fynden stämmer.",
    }
    a = {**base, "patient_account": "Slagen med knytnäve mot vänster överarm, sedan knuffad mot en dörr."}
    b = {**base, "strangulation": {"asked": True, "could_breathe": "unknown", "notes": "Minns inte allt."}}
    dlg = ConflictDialog(
        conflict(
            "e",
            "p",
            (
                version("v1", "anna", (now - dt.timedelta(hours=3)).isoformat(), a),
                version("v2", "anna", (now - dt.timedelta(hours=2)).isoformat(), b),
            ),
        ),
        w,
    )
    dlg.show()
    shot(dlg, "unit-conflict")
    dlg.reject()
    set_aside_screen(w, shot, now, a, b)
    w.sign_out()

    view = WorkstationsView(w.ops)
    view.resize(900, 360)
    rows = [
        WorkstationRow(
            "1", "Rum 5", now - dt.timedelta(days=90), now - dt.timedelta(days=6), "erik", "partial", "0.9"
        ),
        WorkstationRow(
            "2", "Rum 3", now - dt.timedelta(days=90), now - dt.timedelta(minutes=4), "anna", "ok", "0.9"
        ),
        WorkstationRow(
            "3", "Akutrummet", now - dt.timedelta(days=60), now - dt.timedelta(hours=2), "olle", "ok", "0.9"
        ),
    ]
    view.show_rows(rows, now)
    view.show()
    shot(view, "manager-workstations")
    view.close()
    manager_unit_screens(w, shot, now)


def unit_key_screens(w, line, shot, settle, online) -> None:  # type: ignore[no-untyped-def]
    """A unit key taken from the server on first use, not yet compared with the manager's paper: the
    wizard's last page and the sync status line say so and take the fingerprint (imitated); a pulled
    signature by a key the unit has not certified (the editor's banner)."""
    from types import SimpleNamespace

    from injurydoc.domain.errors import Both
    from injurydoc.services.record_signing import UNIT_UNCERTIFIED, SignatureState
    from injurydoc.services.unit_keys import PinnedKey
    from injurydoc.ui.signature_banner import SignatureBanner
    from injurydoc.ui.unit_connect_pages import DonePage

    fp = "7F3A-09C2-B4E1-55D0-2A6F-E813-C94B-0D72"
    page = DonePage()
    page.resize(640, 300)
    who = SimpleNamespace(account=SimpleNamespace(display_name="Anna Berg", username="anna"), unit="VC Norr")
    page.show_session(who, PinnedKey(fp, "first_use"))
    page.show()
    settle(300)
    shot(page, "unit-connect-done-unconfirmed")
    page.close()
    line.show_status(online)
    line.set_unit_key(lambda: True, lambda typed: typed)
    settle(300)
    shot(w.statusBar(), "unit-status-unit-key-unconfirmed")
    line.unit_key_button.click()
    settle(300)
    if line.explanation_dialog is not None:
        shot(line.explanation_dialog, "unit-key-confirm")
        line.explanation_dialog.close()
    line.set_unit_key(None, None)
    banner = SignatureBanner()
    banner.resize(640, 110)
    key = "5B1E-77C2-09AD-3F64-E21B-8C05-D94A-1F36"
    note = Both(
        f"signerarens nyckel {key} har inget certifikat från enhetsnyckeln; signaturen räknas när en "
        "enhetschef har certifierat den nyckeln och arbetsstationen har synkat",
        f"the signer's key {key} has no certificate from the unit key; the signature counts once a unit "
        "manager has certified that key and the workstation has synced",
    )
    from injurydoc.ui import errors

    banner.show_state(SignatureState(UNIT_UNCERTIFIED, (note,)), errors.current_lang())
    banner.show()
    settle(300)
    shot(banner, "signature-unit-uncertified")
    banner.close()


def set_aside_screen(w, shot, now, units, here) -> None:  # type: ignore[no-untyped-def]
    """A record signed on two workstations while offline: the unit's (signed first) beside the one set
    aside here, which is not the unit's record (services/unit_set_aside.py)."""
    import datetime as dt

    from injurydoc.services.unit_set_aside import SetAsideCase, SetAsideVersion
    from injurydoc.ui.set_aside_dialog import SetAsideDialog

    case = SetAsideCase(
        examination_id="e",
        patient_id="p",
        case_ref="SD-3F2A9C-2026-0042",
        versions=(
            SetAsideVersion("v1", (now - dt.timedelta(hours=3)).isoformat(), units),
            SetAsideVersion("v2", (now - dt.timedelta(hours=2)).isoformat(), here),
        ),
        signer="Anna Andersson",
        unit_signed_at=now - dt.timedelta(hours=3),
        unit_received_at=now - dt.timedelta(minutes=20),
        here_signed_at=now - dt.timedelta(hours=2),
        set_aside_at=now - dt.timedelta(minutes=10),
        settled=False,
        addendum_here=False,
        from_server=True,
        unit_workstation="Rum 3",
        unit_sent_by="Anna Andersson",
    )
    dlg = SetAsideDialog(case, w)
    dlg.show()
    shot(dlg, "unit-set-aside")
    dlg.reject()
    # several cases set aside: the status line's "What to do…" lists them by case number
    from injurydoc.services.unit_set_aside import PendingCase
    from injurydoc.ui.set_aside_chooser import SetAsideChooser

    chooser = SetAsideChooser(
        [
            PendingCase("e1", "SD-3F2A9C-2026-0042", now - dt.timedelta(hours=26)),
            PendingCase("e2", "SD-3F2A9C-2026-0045", now - dt.timedelta(minutes=10)),
        ],
        w,
    )
    chooser.show()
    shot(chooser, "unit-set-aside-chooser")
    chooser.reject()


def manager_unit_screens(w, shot, now) -> None:  # type: ignore[no-untyped-def]
    """The manager's unit-wide log, statistics and grants (unit mode), filled as the server answers."""
    import datetime as dt
    import uuid

    from injurydoc.domain.models import AuditEvent
    from injurydoc.domain.vocab import AuditAction, AuditOutcome
    from injurydoc.services.log_report_unit import UnitLogRow
    from injurydoc.services.statistics import INDICATORS, KEYS, SuppressedTable, add_months, month_cell
    from injurydoc.services.statistics_unit import NOT_COUNTED, UNIT_KEYS, UnitStatistics
    from injurydoc.services.unit_admin import ServerGrant
    from injurydoc.ui.statistics_view import StatisticsView
    from injurydoc.ui.unit_grants_view import UnitGrantsView
    from injurydoc.ui.unit_log_view import UnitLogView

    patient = str(uuid.UUID(int=0x5D2026))
    log = [
        ("Rum 3", "client", "anna", AuditAction.CREATED, patient, "examination:SD-2026-0114"),
        ("", "server", "erik", AuditAction.READ, patient, "examination.read"),
        ("Rum 5", "client", "erik", AuditAction.CHANGED, patient, "examination:SD-2026-0114"),
        ("", "server", "chef", AuditAction.ACCOUNT, None, "account.create"),
        ("Rum 5", "client", "erik", AuditAction.EXPORTED, patient, "examination:SD-2026-0114"),
        ("Akutrummet", "client", "olle", AuditAction.PRINTED, patient, "examination:SD-2026-0114"),
    ]
    rows = [
        UnitLogRow(
            AuditEvent(
                900 - i,
                now - dt.timedelta(minutes=37 * i),
                None,
                who,
                "Vårdcentralen Norr",
                action,
                AuditOutcome.OK,
                pid,
                target,
                {},
                "",
                "",
            ),
            ws,
            source,
            action.code,
        )
        for i, (ws, source, who, action, pid, target) in enumerate(log)
    ]
    view = UnitLogView(w.ops)
    view.resize(1100, 460)
    view.model.set_unit_rows(rows)
    view.status.setText(
        view.tr("%1 rows from the unit's server, newest first.").replace("%1", str(len(rows)))
    )
    view.show()
    shot(view, "manager-unit-log")
    view.close()
    view.deleteLater()

    first = add_months(now.date().replace(day=1), -5)
    counts = [
        {
            "examinations": 14,
            "follow_ups": 6,
            "photos": 212,
            "concern_reports": 5,
            "sip_called": 2,
            "protected_persons": 1,
            "encrypted": 1,
        },
        {
            "examinations": 11,
            "follow_ups": 7,
            "photos": 160,
            "concern_reports": 3,
            "sip_called": 0,
            "protected_persons": 0,
            "encrypted": 0,
        },
        {
            "examinations": 17,
            "follow_ups": 9,
            "photos": 251,
            "concern_reports": 6,
            "sip_called": 5,
            "protected_persons": 2,
            "encrypted": 2,
        },
        {
            "examinations": 9,
            "follow_ups": 5,
            "photos": 133,
            "concern_reports": 2,
            "sip_called": 1,
            "protected_persons": 0,
            "encrypted": 0,
        },
        {
            "examinations": 15,
            "follow_ups": 8,
            "photos": 240,
            "concern_reports": 7,
            "sip_called": 0,
            "protected_persons": 1,
            "encrypted": 1,
        },
        {
            "examinations": 12,
            "follow_ups": 6,
            "photos": 190,
            "concern_reports": 5,
            "sip_called": 2,
            "protected_persons": 0,
            "encrypted": 0,
        },
    ]

    def shown(n: int) -> int | None:
        return None if 0 < n < 5 else n

    months = tuple(
        (add_months(first, i), {k: month_cell(shown(c[k])) if k in UNIT_KEYS else NOT_COUNTED for k in KEYS})
        for i, c in enumerate(counts)
    )
    from injurydoc.services.statistics import total_cell

    total = {
        ind.key: total_cell(ind, [m[ind.key] for _d, m in months], sum(c.get(ind.key, 0) for c in counts))
        if ind.key in UNIT_KEYS
        else NOT_COUNTED
        for ind in INDICATORS
    }
    table = SuppressedTable(first, months[-1][0], months, total, "Vårdcentralen Norr", False)
    stats_view = StatisticsView()
    stats_view.resize(1100, 640)
    stats_view.unit = object()  # type: ignore[assignment]  # unit mode: the hint says where it comes from
    stats_view.hint.setText(stats_view._hint_text())
    stats_view.set_period(first, months[-1][0])
    stats_view.show_unit_statistics(UnitStatistics(table, total_cell(INDICATORS[0], [], 5), "injurydoc"))
    stats_view.show()
    shot(stats_view, "manager-unit-statistics")
    stats_view.close()
    stats_view.deleteLater()

    grants = UnitGrantsView(w.ops)
    grants.resize(1100, 380)
    grants.model.set_rows(
        [
            ServerGrant(
                "g1",
                patient,
                "a",
                "erik",
                "grant",
                "Vikarierar för anna under semestern",
                now + dt.timedelta(days=21),
                now - dt.timedelta(days=2),
                None,
            ),
            ServerGrant(
                "g2",
                str(uuid.UUID(int=0x5D2031)),
                "b",
                "olle",
                "co_handler",
                "Medhandläggare",
                None,
                now - dt.timedelta(days=30),
                None,
            ),
            ServerGrant(
                "g3",
                patient,
                "c",
                "tove",
                "grant",
                "Uppföljning",
                now - dt.timedelta(days=3),
                now - dt.timedelta(days=40),
                now - dt.timedelta(days=10),
            ),
        ]
    )
    grants.status.setText(grants.tr("%1 grants on the unit's server.").replace("%1", "3"))
    grants.show()
    shot(grants, "manager-unit-grants")
    grants.close()
    grants.deleteLater()


if __name__ == "__main__":
    raise SystemExit(main())
