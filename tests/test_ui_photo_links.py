"""Photo linking in the editor (issue 18 item 3): the ticks show the selected photos' links, saving adds
rather than replaces, unticking unlinks, thumbnails name their injuries, a wrong photo can be removed."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from injurydoc.domain.vocab import BodyRegion, InjuryType, Side
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from . import photo_samples as samples
from .conftest import make_pnr
from .ui_steps import idle, sign_in


@pytest.fixture
def photos_window(qtbot, qapp, store, tmp_path):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(42), name="Foto Fotosson")
    svc = ExaminationService(s)
    e = svc.create(p.id)
    inj1 = svc.add_injury(e.id, type=InjuryType.BRUISE, region=BodyRegion.OTHER, side=Side.LEFT)
    inj2 = svc.add_injury(e.id, type=InjuryType.BRUISE, region=BodyRegion.OTHER, side=Side.RIGHT)
    files = []
    for i in range(3):
        f = tmp_path / f"IMG_{i}.JPG"
        f.write_bytes(samples.jpeg(seed=10 + i))
        files.append(f)
    PhotoService(s).import_files(e.id, files)
    recs = PhotoService(s).records(e.id)
    PhotoService(s).link_injuries([recs[0].id], [inj1.id])
    s.close()
    w = MainWindow(store.folder, lock_ms=60_000)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    sign_in(qtbot, w)
    w.open_exam(e.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=5000)
    w.editor.jump("photos")
    qtbot.waitUntil(lambda: w.editor.photos.model.rowCount() == 3, timeout=5000)
    idle(qtbot, w)
    yield w, e.id, [r.id for r in recs], (inj1.id, inj2.id)
    w.close()


def _select(panel, rows):
    sel = panel.grid.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(panel.model.index(r), sel.SelectionFlag.Select)


def _ticks(panel):
    return [panel.injury_list.item(i).checkState() for i in range(panel.injury_list.count())]


def _links(w, exam_id):
    return {r.id: set(r.injury_ids) for r in PhotoService(w.session).records(exam_id)}


def _applied(qtbot, w, exam_id):
    """Wait until the stored links are back in the panel (the reload after a change is a second job whose
    result reaches the GUI thread later on a busy machine)."""
    idle(qtbot, w)
    stored = _links(w, exam_id)
    panel = w.editor.photos
    qtbot.waitUntil(lambda: {r.id: set(r.injury_ids) for r in panel.model.rows} == stored, timeout=10000)


C, U, P = Qt.CheckState.Checked, Qt.CheckState.Unchecked, Qt.CheckState.PartiallyChecked


def test_ticks_show_links_and_saving_adds(qtbot, photos_window):
    w, exam_id, photos, (inj1, inj2) = photos_window
    panel = w.editor.photos
    row = {pid: i for i, pid in enumerate(r.id for r in panel.model.rows)}
    _select(panel, [row[photos[0]]])
    assert _ticks(panel) == [C, U]
    # The thumbnail names its injury.
    label = panel.model.data(panel.model.index(row[photos[0]]))
    assert "Skada 1" in label
    assert "Skada" not in panel.model.data(panel.model.index(row[photos[1]]))
    # Tick injury 2 as well: both links, the first kept.
    panel.injury_list.item(1).setCheckState(C)
    panel.link_button.click()
    _applied(qtbot, w, exam_id)
    assert _links(w, exam_id)[photos[0]] == {inj1, inj2}
    # Two photos selected, one linked to both: ticks are full for none, half for both injuries.
    _select(panel, [row[photos[0]], row[photos[1]]])
    assert _ticks(panel) == [P, P]
    # Tick injury 2 for both; injury 1 stays half: photo 1 gains 2 only, photo 0 keeps 1.
    panel.injury_list.item(1).setCheckState(C)
    panel.link_button.click()
    _applied(qtbot, w, exam_id)
    links = _links(w, exam_id)
    assert links[photos[0]] == {inj1, inj2} and links[photos[1]] == {inj2}
    assert "Skada 1, 2" in panel.model.data(panel.model.index(row[photos[0]]))
    # Unlinking: untick injury 1 with photo 0 selected.
    _select(panel, [row[photos[0]]])
    assert _ticks(panel) == [C, C]
    panel.injury_list.item(0).setCheckState(U)
    panel.link_button.click()
    _applied(qtbot, w, exam_id)
    assert _links(w, exam_id)[photos[0]] == {inj2}


def test_a_wrong_photo_is_removed_after_confirmation_and_logged(qtbot, photos_window, monkeypatch):
    w, exam_id, photos, _ = photos_window
    panel = w.editor.photos
    row = {pid: i for i, pid in enumerate(r.id for r in panel.model.rows)}
    assert panel.remove_button.isEnabled()
    _select(panel, [row[photos[2]]])
    seen = []

    def fake_exec(box):
        seen.append((box.defaultButton(), box.text()))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    panel.remove_button.click()
    idle(qtbot, w)
    assert len(seen) == 1
    default, text = seen[0]
    assert default is not None and default.text() in ("Avbryt", "Cancel")
    assert "3" in text
    assert len(PhotoService(w.session).records(exam_id)) == 3  # not confirmed: nothing removed
    panel.remove_selected(confirmed=True)
    idle(qtbot, w)
    assert photos[2] not in {r.id for r in PhotoService(w.session).records(exam_id)}
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    rows = w.session.db.all(
        "SELECT action, outcome, target, details FROM audit_log WHERE target = ?", (f"photo:{photos[2]}",)
    )
    removed = [r for r in rows if json.loads(r[3]).get("event") == "photo_removed"]
    assert len(removed) == 1 and removed[0][0] == "changed" and removed[0][1] == "ok"
    assert w.session.db.scalar("SELECT count(*) FROM photos WHERE id = ?", (photos[2],)) == 0


def test_signed_examination_offers_no_removal(qtbot, photos_window):
    w, exam_id, _photos, _ = photos_window
    w.editor.read_only = True
    w.editor.photos.load(w.editor.exam)
    assert not w.editor.photos.remove_button.isEnabled()
