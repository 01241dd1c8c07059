"""A draft edited on two workstations while offline opens with both versions side by side, section by
section; the examiner picks or merges, and the resolving content names the version(s) it replaces."""

from __future__ import annotations

import pytest

from injurydoc.services.unit_conflicts import merged_content, sections
from injurydoc.services.unit_status import Conflict
from injurydoc.services.unit_status import ConflictVersion as Version
from injurydoc.ui.app import install_translations
from injurydoc.ui.conflict_dialog import ConflictDialog


def _conflict() -> Conflict:
    base = {
        "patient_account": "Slagen med knytnäve mot armen.",
        "relation": "partner",
        "strangulation": {"asked": True, "could_breathe": "no", "notes": ""},
        "assessment": "Fynden stämmer med berättelsen.",
        "injuries": [{"injury_type": "bruise", "region": "upper_arm", "length_mm": 30}],
    }
    room3 = {**base, "patient_account": "Slagen med knytnäve mot armen, sedan knuffad."}
    room5 = {
        **base,
        "strangulation": {"asked": True, "could_breathe": "unknown", "notes": "Minns inte allt."},
        "injuries": [
            {"injury_type": "bruise", "region": "upper_arm", "length_mm": 30},
            {"injury_type": "abrasion", "region": "neck", "length_mm": 12},
        ],
    }
    return Conflict(
        "exam-1",
        "patient-1",
        (
            Version("v-room3", "anna", "2026-12-05T09:10:00+00:00", room3),
            Version("v-room5", "anna", "2026-12-05T09:40:00+00:00", room5),
        ),
    )


def test_sections_show_what_differs_in_editor_order() -> None:
    views = {v.name: v for v in sections(_conflict(), "sv")}
    assert list(views)[:3] == ["account", "history", "strangulation"]
    assert views["account"].differs and views["strangulation"].differs and views["injuries"].differs
    assert not views["assessment"].differs and not views["history"].differs
    breathe = next(r for r in views["strangulation"].rows if r.differs and "Nej" in r.values)
    assert breathe.values == ("Nej", "Vet inte / minnesluckor")


def test_a_merge_keeps_each_chosen_section_and_names_the_other_version() -> None:
    c = _conflict()
    parent, content, superseded = merged_content(c, {"account": 0, "strangulation": 1, "injuries": 1})
    assert parent == "v-room3" and superseded == ["v-room5"] and content["supersedes"] == ["v-room5"]
    assert content["patient_account"].endswith("sedan knuffad.")
    assert content["strangulation"]["could_breathe"] == "unknown" and len(content["injuries"]) == 2
    # choosing the other version throughout: it is the parent, the first is superseded
    parent, content, superseded = merged_content(c, {"account": 1, "strangulation": 1, "injuries": 1})
    assert parent == "v-room5" and superseded == ["v-room3"]
    assert content["patient_account"] == "Slagen med knytnäve mot armen."


@pytest.fixture
def dialog(qtbot, qapp):
    install_translations(qapp, "sv")
    d = ConflictDialog(_conflict())
    qtbot.addWidget(d)
    d.show()
    return d


def test_the_dialog_shows_both_side_by_side_and_emits_the_choice(qtbot, dialog) -> None:
    assert dialog.windowTitle() == "Utkastet har ändrats på två arbetsstationer"
    texts = {w.text() for w in dialog.findChildren(type(dialog.summary))}
    assert "Slagen med knytnäve mot armen, sedan knuffad." in texts and "Minns inte allt." in texts
    assert not dialog.groups["assessment"].button(1).isVisible()  # the same in both: nothing to pick
    assert dialog.summary.text().startswith("Du fortsätter med Version A")
    dialog.groups["strangulation"].button(1).setChecked(True)
    assert "sammanfogning" in dialog.summary.text()
    with qtbot.waitSignal(dialog.chosen) as got:
        dialog.keep_button.click()
    parent, content, superseded = got.args
    assert parent == "v-room3" and superseded == ["v-room5"]
    assert content["strangulation"]["notes"] == "Minns inte allt."
    assert content["patient_account"].endswith("sedan knuffad.")


def test_deciding_later_changes_nothing(qtbot, dialog) -> None:
    emitted: list[object] = []
    dialog.chosen.connect(lambda *a: emitted.append(a))
    dialog.later_button.click()
    assert emitted == [] and not dialog.isVisible()
