"""The line above the examination editor that says what a signed record's signature check found: nothing
for a valid one, a neutral note for one signed before personal keys or with a key not yet confirmed, and a
red banner naming what failed for a broken one (services/record_signing.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from injurydoc.services.record_signing import UNIT_UNCERTIFIED, SignatureState


class SignatureBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVisible(False)

    def show_state(self, state: SignatureState, lang: str) -> None:
        shown = state.state not in ("draft", "valid")
        self.setVisible(shown)
        if not shown:
            return
        self.setText(state.text(lang))
        self.setStyleSheet(
            "background: #b00020; color: white; font-weight: 700; padding: 6px;"
            if state.broken
            else "background: #fff3e0; color: #5d3a00; font-weight: 600; padding: 6px;"
            if state.state == UNIT_UNCERTIFIED
            else "background: #eceff1; color: #263238; padding: 4px;"
        )

    def reset(self) -> None:
        self.clear()
        self.setVisible(False)
