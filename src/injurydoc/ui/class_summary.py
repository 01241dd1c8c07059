"""The trainer's class summary: results files from many trainees, a table per trainee, a chart of the most
common mistakes, and the summary as a watermarked PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from injurydoc.services.exercise_files import (
    MAX_RESULT_BYTES,
    Result,
    ResultsFileError,
    Summary,
    class_summary,
    load_results,
)
from injurydoc.services.session import Session
from injurydoc.services.training import TrainingService
from injurydoc.ui import errors
from injurydoc.ui.files import ask_save_path, write_bytes
from injurydoc.ui.ops import Ops


class MistakeChart(QWidget):
    """Horizontal bars: for each kind of mistake, how many of the results contain it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.total = 0
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Most common mistakes"))

    def set_data(self, bars: list[tuple[str, int]], total: int) -> None:
        self.bars, self.total = bars, total
        self.setMinimumHeight(40 + 26 * max(1, len(bars)))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        font = QFont(self.font())
        p.setFont(font)
        if not self.bars:
            p.setPen(QColor("#555555"))
            p.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No mistakes in the results loaded.")
            )
            return
        w = self.width()
        label_w = min(int(w * 0.48), 420)
        bar_x = label_w + 16
        bar_w = max(40, w - bar_x - 70)
        top = max(c for _t, c in self.bars)
        y = 12
        for title, count in self.bars:
            p.setPen(QColor("#222222"))
            p.drawText(
                QRectF(8, y, label_w, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, title
            )
            p.setPen(QPen(QColor("#bbbbbb"), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(bar_x, y + 3, bar_w, 14))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#b71c1c"))
            p.drawRect(QRectF(bar_x, y + 3, bar_w * count / max(top, 1), 14))
            p.setPen(QColor("#222222"))
            p.drawText(
                QRectF(bar_x + bar_w + 6, y, 64, 20),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{count}/{self.total}",
            )
            y += 26
        p.end()


class ClassSummaryDialog(QDialog):
    def __init__(
        self,
        ops: Ops,
        parent: QWidget | None = None,
        titles: dict[str, tuple[str, str]] | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        #: a training store's session: its submitted results (a training unit's: the class's, from every
        #: workstation) are shown at once, beside any results files added
        self.session = session
        #: exercise id -> (Swedish, English) title, for the exercises this store holds
        self.titles = dict(titles or {})
        self.saved_path: Path | None = None
        self.setWindowTitle(self.tr("Class results"))
        self.resize(980, 700)
        self.lang = errors.current_lang()
        self.results: list[Result] = []
        self.summary: Summary = class_summary([])

        self.intro = QLabel(
            self.tr(
                "Add the results files your trainees saved with “Review my documentation”. They hold "
                "scores and points only, no documentation."
            )
        )
        if session is not None:
            self.intro.setText(
                self.tr(
                    "The results your trainees submitted (in a training unit: from every workstation), and "
                    "any results files you add. They hold scores and points only, no documentation."
                )
            )
        self.intro.setWordWrap(True)
        self.totals = QLabel("")
        self.totals.setObjectName("summary_totals")
        self.totals.setStyleSheet("font-weight: 600;")
        self.problems = QLabel("")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b71c1c;")
        split = self._results_and_chart()
        buttons = self._buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.totals)
        layout.addWidget(self.problems)
        layout.addWidget(split, 1)
        self.status = QLabel("")
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._show()
        if session is not None:
            self.load_submitted()

    def _results_and_chart(self) -> QSplitter:
        """The table of results above the chart of the most common mistakes."""
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Trainee"),
                self.tr("Exercise"),
                self.tr("Score"),
                self.tr("Competent"),
                self.tr("Mistakes"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.chart = MistakeChart()
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Most common mistakes (share of results with the mistake)"))
        heading.setStyleSheet("font-weight: 600;")
        chart_layout.addWidget(heading)
        chart_layout.addWidget(self.chart, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(chart_box)
        return split

    def _buttons(self) -> QDialogButtonBox:
        self.add_button = QPushButton(self.tr("Add results files…"))
        self.add_button.clicked.connect(lambda: self.add_files())  # noqa: PLW0108 - clicked(bool) must not reach the paths argument
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear)
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.pdf_button.clicked.connect(lambda: self.save_pdf())  # noqa: PLW0108 - clicked(bool) must not reach the paths argument
        self.submitted_button = QPushButton(self.tr("Submitted results"))
        self.submitted_button.setObjectName("submitted_results")
        self.submitted_button.setToolTip(
            self.tr(
                "Results the trainees submitted in this store; in a training unit, from every workstation."
            )
        )
        self.submitted_button.clicked.connect(self.load_submitted)
        self.submitted_button.setVisible(self.session is not None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for b in (self.submitted_button, self.add_button, self.clear_button, self.pdf_button):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        return buttons

    # ----- loading ------------------------------------------------------------------------------
    def add_files(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _f = QFileDialog.getOpenFileNames(
                self,
                self.tr("Add results files"),
                str(Path.home()),
                self.tr("Results files (*.injurydoc-result)"),
            )
        refused: list[str] = []
        seen = {(r.exercise_id, r.trainee, r.created_at) for r in self.results}
        for p in paths or []:
            path = Path(p)
            try:
                if path.stat().st_size > MAX_RESULT_BYTES:
                    raise ValueError(self.tr("The file is too large to be a results file."))
                result = load_results(path.read_bytes())
            except OSError:
                refused.append(self.tr("%1: the file could not be read.").replace("%1", path.name))
                continue
            except ValueError as exc:
                why = exc.message(errors.current_lang()) if isinstance(exc, ResultsFileError) else str(exc)
                refused.append(
                    self.tr("%1: not a results file (%2)").replace("%1", path.name).replace("%2", why)
                )
                continue
            key = (result.exercise_id, result.trainee, result.created_at)
            if key in seen:
                refused.append(self.tr("%1: already added.").replace("%1", path.name))
                continue
            seen.add(key)
            self.results.append(result)
        self.problems.setText((self.tr("Not added:") + "\n" + "\n".join(refused)) if refused else "")
        self._show()

    def load_submitted(self) -> None:
        """The results submitted in this store (a training unit's cache: the class's), read off the GUI
        thread; the read is logged."""
        session = self.session
        if session is None:
            return
        self.ops.run(
            lambda: TrainingService(session).class_results(),
            self._add_submitted,
            lambda exc: errors.handle(self, exc),
        )

    def _add_submitted(self, results: list[Result]) -> None:
        seen = {(r.exercise_id, r.trainee, r.created_at) for r in self.results}
        for r in results:
            if (r.exercise_id, r.trainee, r.created_at) not in seen:
                seen.add((r.exercise_id, r.trainee, r.created_at))
                self.results.append(r)
        self.status.setText(self.tr("%1 submitted results.").replace("%1", str(len(results))))
        self._show()

    def clear(self) -> None:
        self.results = []
        self.problems.clear()
        self._show()

    def _show(self) -> None:
        self.summary = s = class_summary(self.results, self.titles)
        n = len(s.rows)
        self.totals.setText(
            self.tr("%1 results · %2 competent (at least 85 %) · mean score %3 %")
            .replace("%1", str(n))
            .replace("%2", str(s.competent_count))
            .replace("%3", str(round(100 * s.mean_score)))
        )
        self.table.setRowCount(n)
        for i, r in enumerate(s.rows):
            cells = [
                r.name,
                r.exercise(self.lang),
                f"{round(100 * r.score)} %",
                self.tr("Yes") if r.competent else self.tr("No"),
                str(r.mistakes),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 3:
                    item.setForeground(QColor("#1b5e20" if r.competent else "#b71c1c"))
                self.table.setItem(i, j, item)
        self.chart.set_data([(Summary.title(code, self.lang), c) for code, c in s.most_common_mistakes], n)
        self.pdf_button.setEnabled(n > 0)

    # ----- PDF ----------------------------------------------------------------------------------
    def save_pdf(self, target: str | None = None) -> None:
        path = (
            Path(target)
            if target
            else ask_save_path(
                self, self.tr("Save class summary"), Path.home() / "klassoversikt.pdf", "PDF (*.pdf)", ".pdf"
            )
        )
        if path is None:
            return
        summary, lang = self.summary, self.lang

        def job() -> Path:
            from injurydoc.services.exercise_files import summary_pdf  # reportlab: not on the GUI thread

            return write_bytes(path, summary_pdf(summary, lang))

        def done(saved: Path) -> None:
            self.saved_path = saved
            self.status.setText(self.tr("Saved: %1").replace("%1", saved.name))

        self.ops.run(job, done, lambda exc: errors.handle(self, exc))
