"""Re-keying the store from the manager page (issue 14): the plan, a progress bar, the work off the GUI
thread, the log rows — and afterwards the old data key opens nothing while every account still signs in."""

from __future__ import annotations

import json
import threading

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from PySide6.QtCore import Qt

from injurydoc.services.rekey import RekeyService
from injurydoc.store.vault import Vault
from injurydoc.ui.app import install_translations
from injurydoc.ui.manager_page import ManagerPage
from injurydoc.ui.ops import Ops

from .conftest import PASSWORD


def _opens(folder, key: bytes, page_size: int) -> bool:
    con = sqlcipher.connect(str(folder / "injurydoc.db"), isolation_level=None)
    try:
        con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        con.execute(f"PRAGMA cipher_page_size = {page_size}")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher.DatabaseError:
        return False
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_rekey_from_the_manager_page_with_progress(qtbot, qapp, store, monkeypatch, lang):
    install_translations(qapp, lang)
    vault, _slot = Vault.open_with_password(store.folder, "erik", PASSWORD)
    old_key, page_size = vault.data_key, vault.keyslots.page_size
    vault.close()
    threads: list[str] = []
    original = RekeyService.rekey

    def rekey(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RekeyService, "rekey", rekey)
    session = store.sign_in("chef")
    ops = Ops()
    page = ManagerPage(ops)
    qtbot.addWidget(page)
    page.show()
    page.open_session(session)
    ops.wait()
    qtbot.waitUntil(page.accounts_tab.rekey_button.isEnabled, timeout=5000)
    dialog = page.accounts_tab.rekey_store()
    assert dialog is not None
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=10000)
    assert all(name in dialog.plan_label.text() for name in ("anna", "chef", "erik", "olle"))
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    dialog.reason.setText("konto avstängt")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert not dialog.close_button.isEnabled()  # while it runs
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=30000)
    ops.wait()
    assert threads and threads[0] != threading.current_thread().name  # not on the GUI thread
    assert seen[-1] == 100 and seen == sorted(seen)
    done = "ny datanyckel" if lang == "sv" else "new data key"
    assert done in dialog.message.text() and dialog.close_button.isEnabled()
    rows = [json.loads(d) for (d,) in session.db.all("SELECT details FROM audit_log ORDER BY seq")]
    events = [d for d in rows if str(d.get("event", "")).startswith("rekey_")]
    assert [d["event"] for d in events] == ["rekey_started", "rekey_done"]
    assert events[0]["reason"] == "konto avstängt" and events[0]["accounts"] == 4
    dialog.accept()
    page.close_session()
    ops.wait()
    session.close()
    # The old data key — in any copy of the old key file — opens nothing now; the accounts still sign in.
    assert not _opens(store.folder, old_key, page_size)
    for user in ("anna", "erik", "chef"):
        s = store.sign_in(user)
        assert s.vault.data_key != old_key
        s.close()
