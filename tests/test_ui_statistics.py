"""The statistics tab: period, table of months × indicators with <5, charts, CSV and PDF exports."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from injurydoc.domain.vocab import AuditAction
from injurydoc.services.audit_log import AuditFilter, AuditService
from injurydoc.services.statistics import KEYS
from injurydoc.ui.app import install_translations
from injurydoc.ui.charts import BarChart, nice_step
from injurydoc.ui.ops import Ops
from injurydoc.ui.statistics_view import StatisticsView

from .conftest import DISTINCT_NAME
from .test_statistics import copy_known

TIMEOUT = 10000


@pytest.fixture
def view(qtbot, qapp, tmp_path, isolated_env, store_templates):
    install_translations(qapp, "sv")
    store = copy_known(store_templates, tmp_path / "store")
    session = store.sign_in("chef")
    ops = Ops()
    w = StatisticsView()
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.open_session(session, ops)
    qtbot.waitUntil(lambda: w.model.rowCount() == 13, timeout=TIMEOUT)  # the last 12 months + total
    w.session_for_test = session
    yield w
    w.close_session()
    ops.wait()
    session.close()


def _show_q1(qtbot, w):
    w.set_period(dt.date(2025, 1, 1), dt.date(2025, 3, 1))
    w.show_button.click()
    qtbot.waitUntil(lambda: w.model.rowCount() == 4, timeout=TIMEOUT)


def _cell(w, row, key):
    return w.model.index(row, KEYS.index(key)).data()


def test_default_period_is_the_last_twelve_months(view):
    today = QDate.currentDate()
    assert view.to_month.date().year() == today.year()
    assert view.to_month.date().month() == today.month()
    first = today.addMonths(-11)
    assert (view.from_month.date().year(), view.from_month.date().month()) == (first.year(), first.month())
    assert view.model.headerData(12, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) == "Hela perioden"


def test_table_shows_months_and_hides_small_counts(qtbot, view):
    _show_q1(qtbot, view)
    m = view.model
    assert [m.headerData(r, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) for r in range(4)] == [
        "2025-01",
        "2025-02",
        "2025-03",
        "Hela perioden",
    ]
    assert m.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Undersökningar"
    assert _cell(view, 0, "examinations") == "6"
    assert _cell(view, 0, "follow_ups") == "<5"
    assert _cell(view, 2, "examinations") == "<5"
    assert _cell(view, 3, "examinations") == "7–10"
    assert _cell(view, 3, "photos") == "7"
    tip = m.index(0, KEYS.index("follow_ups")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip
    assert m.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert m.index(3, 0).data(Qt.ItemDataRole.FontRole).bold()
    # charts get the same suppressed values
    assert view.exam_chart.categories == ["2025-01", "2025-02", "2025-03"]
    assert view.exam_chart.series[0][1] == [6, 0, None]
    assert view.exam_chart.series[1][1] == [None, 0, 5]
    assert [name for name, _v in view.export_chart.series][0] == "samtycke"
    assert view.export_chart.series[0][1] == [5, 0, 0]
    assert "2025-03 <5" in view.exam_chart.describe()
    assert view.csv_button.isEnabled()
    assert view.pdf_button.isEnabled()


def test_every_read_is_logged(qtbot, view):
    _show_q1(qtbot, view)
    view.ops.wait()
    events = AuditService(view.session_for_test).events(AuditFilter(action=AuditAction.STATISTICS))
    first = QDate.currentDate().addMonths(-11)
    default = f"{first.year():04d}-{first.month():02d}"
    assert [e.details["from"] for e in events] == ["2025-01", default]  # newest first
    assert all(e.details["format"] == "screen" for e in events)


def test_a_backwards_period_is_not_read(qtbot, view):
    view.set_period(dt.date(2025, 3, 1), dt.date(2025, 1, 1))
    view.show_button.click()
    assert "efter" in view.status.text() or "after" in view.status.text()
    assert view.model.rowCount() == 13  # unchanged


def test_export_csv_writes_the_file(qtbot, view, tmp_path, monkeypatch):
    _show_q1(qtbot, view)
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / "statistik"), ""))
    view.csv_button.click()
    target = folder / "statistik.csv"
    qtbot.waitUntil(lambda: str(target) in view.status.text(), timeout=TIMEOUT)
    assert [p.name for p in folder.iterdir()] == ["statistik.csv"]  # no temp file left behind
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Månad;Undersökningar;")
    assert [line.split(";")[0] for line in lines[1:]] == ["2025-01", "2025-02", "2025-03", "Hela perioden"]
    assert DISTINCT_NAME not in data.decode("utf-8-sig")
    assert (target.stat().st_mode & 0o077) == 0


def test_export_pdf_writes_the_file(qtbot, view, tmp_path, monkeypatch):
    _show_q1(qtbot, view)
    target = tmp_path / "s.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.pdf_button.click()
    qtbot.waitUntil(lambda: str(target) in view.status.text(), timeout=TIMEOUT)
    assert target.read_bytes().startswith(b"%PDF")


def test_an_export_that_cannot_be_written_says_why(qtbot, view, tmp_path, monkeypatch):
    _show_q1(qtbot, view)
    gone = tmp_path / "missing"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(gone / "x.csv"), ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    view.csv_button.click()
    qtbot.waitUntil(lambda: warnings != [], timeout=TIMEOUT)
    assert warnings[0].startswith("Filen kunde inte skrivas")
    assert not gone.exists()


def test_closing_the_session_forgets_the_numbers(qtbot, view):
    _show_q1(qtbot, view)
    view.close_session()
    assert view.model.rowCount() == 0
    assert view.exam_chart.series == []
    assert not view.csv_button.isEnabled()
    assert not view.show_button.isEnabled()


def test_bar_chart_draws_suppressed_bars(qtbot):
    chart = BarChart("Titel")
    qtbot.addWidget(chart)
    chart.resize(400, 240)
    chart.set_data(["a", "b", "c"], [("x", [0, None, 12]), ("y", [7, 3, None])])
    image = chart.grab().toImage()
    assert not image.isNull()
    assert chart.describe() == "x: a 0, b <5, c 12; y: a 7, b 3, c <5"
    with pytest.raises(ValueError):
        chart.set_data(["a"], [("x", [1, 2])])
    assert [nice_step(t) for t in (0, 4, 12, 37, 480)] == [1, 1, 5, 10, 100]


def test_a_hidden_tab_reads_nothing_until_shown(qtbot, qapp, store):
    session = store.sign_in("chef")
    ops = Ops()
    w = StatisticsView()
    qtbot.addWidget(w)
    try:
        w.open_session(session, ops)  # not shown yet: like a tab the manager has not opened
        ops.wait()
        qapp.processEvents()
        assert w.model.rowCount() == 0
        assert AuditService(session).events(AuditFilter(action=AuditAction.STATISTICS)) == []
        w.show()
        qtbot.waitUntil(lambda: w.model.rowCount() == 13, timeout=TIMEOUT)
        assert len(AuditService(session).events(AuditFilter(action=AuditAction.STATISTICS))) == 1
    finally:
        w.close_session()
        ops.wait()
        session.close()
