"""The body-map widget: clicks ask for marks with the patient's side; marks are dragged, nudged, selected."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from injurydoc import bodymap
from injurydoc.ui.bodymap_view import BodyMapView, MarkGraphic, MarkItem

FOREARM = (0.24, 0.41)  # on the viewer's left forearm of the front and back figures

MARKS = [
    MarkItem("inj-a", 1, "front", *FOREARM),
    MarkItem("inj-b", 2, "front", 0.5, 0.3),
    MarkItem("inj-c", 3, "front", 0.6, 0.75),
    MarkItem("inj-d", 4, "face", 0.5, 0.5),
]


@pytest.fixture(autouse=True)
def english(qapp):
    """These tests read the English texts: drop a translation an earlier test in this process installed."""
    from injurydoc.ui.app import install_translations

    install_translations(qapp, "en")


@pytest.fixture
def widget(qtbot):
    w = BodyMapView()
    qtbot.addWidget(w)
    w.resize(500, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


def _point(w: BodyMapView, nx: float, ny: float) -> QPoint:
    v = bodymap.load_view(w.current_view())
    return w.canvas.mapFromScene(QPointF(*v.to_viewbox(nx, ny)))


def _normalised(w: BodyMapView, p: QPoint) -> tuple[float, float]:
    scene = w.canvas.mapToScene(p)
    return bodymap.load_view(w.current_view()).to_normalised(scene.x(), scene.y())


def _mark_graphics(w: BodyMapView) -> dict[str, MarkGraphic]:
    return {i.mark.injury_id: i for i in w.canvas.scene().items() if isinstance(i, MarkGraphic)}


def _record(signal) -> list[tuple]:
    got: list[tuple] = []
    signal.connect(lambda *args: got.append(args))
    return got


def test_click_on_viewers_left_forearm_of_front_is_the_patients_right(qtbot, widget):
    assert widget.current_view() == "front"
    p = _point(widget, *FOREARM)
    assert p.x() < widget.canvas.viewport().width() / 2
    with qtbot.waitSignal(widget.mark_requested, timeout=1000) as blocker:
        qtbot.mouseClick(widget.canvas.viewport(), Qt.MouseButton.LeftButton, pos=p)
    view, nx, ny, region, side = blocker.args
    assert (view, region, side) == ("front", "forearm", "right")
    assert nx == pytest.approx(FOREARM[0], abs=0.01)
    assert ny == pytest.approx(FOREARM[1], abs=0.01)


def test_same_screen_side_on_the_back_is_the_patients_left(qtbot, widget):
    widget.buttons["back"].click()
    assert widget.current_view() == "back"
    p = _point(widget, *FOREARM)
    assert p.x() < widget.canvas.viewport().width() / 2
    with qtbot.waitSignal(widget.mark_requested, timeout=1000) as blocker:
        qtbot.mouseClick(widget.canvas.viewport(), Qt.MouseButton.LeftButton, pos=p)
    assert blocker.args[0] == "back"
    assert blocker.args[3:] == ["forearm", "left"]


def test_click_outside_the_figure_does_nothing(qtbot, widget):
    got = _record(widget.mark_requested)
    for nx, ny in ((0.05, 0.05), (0.5, 0.995), (0.9, 0.5), (-0.02, 0.5)):
        qtbot.mouseClick(widget.canvas.viewport(), Qt.MouseButton.LeftButton, pos=_point(widget, nx, ny))
    assert got == []
    # and a click on the figure right next to them does emit: the test can tell the difference
    qtbot.mouseClick(widget.canvas.viewport(), Qt.MouseButton.LeftButton, pos=_point(widget, 0.5, 0.3))
    assert len(got) == 1
    assert got[0][3:] == ("chest", "midline")


def test_side_labels_follow_the_view(widget):
    def texts():
        c = widget.canvas
        shown = [lab for lab in (c.side_left, c.side_right) if lab.isVisibleTo(c)]
        return [lab.text() for lab in sorted(shown, key=lambda lab: lab.x())]

    assert texts() == ["patient's right", "patient's left"]
    for code, expected in (
        ("back", ["patient's left", "patient's right"]),
        ("face", ["patient's right", "patient's left"]),
        ("hands_palmar", ["patient's right", "patient's left"]),
        ("hands_dorsal", ["patient's right", "patient's left"]),
        ("head_right", ["patient's right"]),
        ("head_left", ["patient's left"]),
    ):
        widget.set_view(code)
        assert texts() == expected, code


def test_set_marks_shows_the_marks_of_the_current_view(widget):
    widget.set_marks(MARKS)
    graphics = _mark_graphics(widget)
    assert set(graphics) == {"inj-a", "inj-b", "inj-c"}
    assert sorted(g.mark.number for g in graphics.values()) == [1, 2, 3]
    p = widget.canvas.mapFromScene(graphics["inj-b"].pos())
    assert _normalised(widget, p) == pytest.approx((0.5, 0.3), abs=0.01)
    widget.set_view("face")
    assert set(_mark_graphics(widget)) == {"inj-d"}
    widget.set_marks([])
    assert _mark_graphics(widget) == {}


def test_dragging_a_mark_emits_one_move_on_release(qtbot, widget):
    widget.set_marks(MARKS)
    vp = widget.canvas.viewport()
    start = _point(widget, 0.5, 0.3)
    end = start + QPoint(30, 60)
    moved = _record(widget.mark_moved)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, pos=start + QPoint(15, 20))
    qtbot.mouseMove(vp, pos=end)
    assert moved == []  # nothing while the mouse is held
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    assert len(moved) == 1
    injury_id, view, nx, ny = moved[0]
    assert (injury_id, view) == ("inj-b", "front")
    assert (nx, ny) == pytest.approx(_normalised(widget, end), abs=0.005)
    assert nx > 0.52
    assert ny > 0.33
    assert widget.marks()[1] == MarkItem("inj-b", 2, "front", nx, ny)


def test_clicking_a_mark_selects_it_and_asks_for_no_new_mark(qtbot, widget):
    widget.set_marks(MARKS)
    requested = _record(widget.mark_requested)
    with qtbot.waitSignal(widget.mark_selected, timeout=1000) as blocker:
        qtbot.mouseClick(
            widget.canvas.viewport(), Qt.MouseButton.LeftButton, pos=_point(widget, 0.6, 0.75) + QPoint(3, -2)
        )
    assert blocker.args == ["inj-c"]
    assert widget.selected() == "inj-c"
    assert _mark_graphics(widget)["inj-c"].selected
    assert requested == []


def test_select_switches_to_the_marks_view(widget):
    widget.set_marks(MARKS)
    views = _record(widget.view_changed)
    widget.select("inj-d")
    assert widget.current_view() == "face"
    assert widget.buttons["face"].isChecked()
    assert views == [("face",)]
    assert _mark_graphics(widget)["inj-d"].selected
    widget.select("inj-a")
    assert widget.current_view() == "front"
    assert [g.mark.injury_id for g in _mark_graphics(widget).values() if g.selected] == ["inj-a"]
    widget.select(None)
    assert widget.selected() is None
    assert not any(g.selected for g in _mark_graphics(widget).values())


def test_read_only_adds_and_moves_nothing(qtbot, widget):
    widget.set_marks(MARKS)
    widget.set_read_only(True)
    requested = _record(widget.mark_requested)
    moved = _record(widget.mark_moved)
    vp = widget.canvas.viewport()
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=_point(widget, 0.42, 0.6))
    start = _point(widget, 0.5, 0.3)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, pos=start + QPoint(20, 30))
    qtbot.mouseMove(vp, pos=start + QPoint(40, 60))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=start + QPoint(40, 60))
    assert widget.selected() == "inj-b"  # selecting is still allowed
    qtbot.keyClick(widget.canvas, Qt.Key.Key_Right)
    assert requested == []
    assert moved == []
    assert _normalised(
        widget, widget.canvas.mapFromScene(_mark_graphics(widget)["inj-b"].pos())
    ) == pytest.approx((0.5, 0.3), abs=0.01)
    widget.set_read_only(False)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=_point(widget, 0.42, 0.6))
    assert len(requested) == 1


def test_arrow_keys_move_the_selected_mark_by_one_percent(qtbot, widget):
    widget.set_marks(MARKS)
    moved = _record(widget.mark_moved)
    qtbot.keyClick(widget.canvas, Qt.Key.Key_Right)
    assert moved == []  # nothing selected
    widget.select("inj-b")
    qtbot.keyClick(widget.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(widget.canvas, Qt.Key.Key_Down)
    assert moved == [("inj-b", "front", 0.51, 0.3), ("inj-b", "front", 0.51, 0.31)]
    p = widget.canvas.mapFromScene(_mark_graphics(widget)["inj-b"].pos())
    assert _normalised(widget, p) == pytest.approx((0.51, 0.31), abs=0.005)


def test_tab_goes_through_the_marks_in_number_order_then_leaves(qtbot, widget):
    widget.set_marks(MARKS)
    widget.canvas.setFocus()
    selected = _record(widget.mark_selected)
    for _ in range(4):
        qtbot.keyClick(widget.canvas, Qt.Key.Key_Tab)
    assert selected == [("inj-a",), ("inj-b",), ("inj-c",), ("inj-d",)]
    assert widget.current_view() == "face"
    qtbot.keyClick(widget.canvas, Qt.Key.Key_Backtab)
    assert selected[-1] == ("inj-c",)
    assert widget.current_view() == "front"
    qtbot.keyClick(widget.canvas, Qt.Key.Key_Tab)
    assert selected[-1] == ("inj-d",)
    qtbot.keyClick(widget.canvas, Qt.Key.Key_Tab)  # past the last mark: focus moves on, no keyboard trap
    assert len(selected) == 6
    assert widget.selected() == "inj-d"


def test_accessible_names(widget):
    assert widget.canvas.accessibleName() == "Body map"
    assert widget.buttons["head_right"].accessibleName() == "Head, right profile"
    assert all(b.accessibleName() for b in widget.buttons.values())
    assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def test_rendered_marks_are_red_and_the_selected_one_has_a_yellow_ring(widget, tmp_path):
    widget.set_marks(MARKS[:3])
    widget.select("inj-b")
    path = tmp_path / "bodymap.png"
    assert widget.grab().save(str(path))
    image = widget.grab().toImage()
    offset = widget.canvas.viewport().mapTo(widget, QPoint(0, 0))

    def colour(nx, ny, dx=0):
        p = _point(widget, nx, ny) + offset + QPoint(dx, 0)
        return image.pixelColor(p)

    centre = colour(0.6, 0.75, dx=-5)
    assert centre.red() > 150 > centre.green()
    ring = colour(0.5, 0.3, dx=16)
    assert ring.red() > 200
    assert ring.green() > 180
    assert ring.blue() < 100
    plain = colour(0.6, 0.75, dx=16)
    assert plain != QColor("#ffd600")
