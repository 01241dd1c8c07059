"""Starting the desktop program: ``injurydoc-gui`` or ``python -m injurydoc.ui``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, QStandardPaths, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from injurydoc.domain.texts import text
from injurydoc.resources import resource_path
from injurydoc.ui.errors import install_crash_handler


def app_data_folder() -> Path:
    """Per-user data folder; ``injurydoc.paths.app_data_dir`` is the Qt-free twin (a test keeps them equal).

    The *local* location: on Windows ``%LOCALAPPDATA%``, not the roaming profile.
    """
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base)


def default_store_folder() -> Path:
    """The last store opened (any folder, also a shared one), else the per-user default."""
    last = QSettings().value("store/last_folder")
    if isinstance(last, str) and last:
        return Path(last)
    return app_data_folder() / "stores" / "default"


def install_translations(app: QApplication, lang: str) -> bool:
    """Load the program's translation; True when one was installed (English needs none)."""
    app.setProperty("injurydoc_lang", lang)
    for old in app.findChildren(QTranslator, "injurydoc"):  # switching language: the last choice wins
        app.removeTranslator(old)
        old.setParent(None)
    if lang == "en":
        return False
    translator = QTranslator(app)
    translator.setObjectName("injurydoc")
    if translator.load(str(resource_path("translations", f"injurydoc_{lang}.qm"))):
        app.installTranslator(translator)
        return True
    return False


def install_qt_translations(app: QApplication, lang: str) -> None:
    """Qt's own strings (Yes/No in message boxes): loaded after the window shows, off the start-up path."""
    if lang == "en":
        return
    from PySide6.QtCore import QLibraryInfo

    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(QLocale(lang), "qtbase", "_", qt_dir):
        app.installTranslator(qt_translator)


def create_app(argv: list[str], lang: str) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setOrganizationName("injurydoc")
    app.setApplicationName("injurydoc")
    app.setApplicationDisplayName(text("app.name", "en" if lang == "en" else "sv"))
    install_translations(app, lang)
    return app


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="injurydoc-gui")
    parser.add_argument("--store", metavar="DIR", help="open this store folder")
    parser.add_argument(
        "--smoke-test",
        type=int,
        metavar="MS",
        help="for build checks: show the window, check resources, quit after MS milliseconds",
    )
    env_lang = os.environ.get("INJURYDOC_LANG", "sv")
    parser.add_argument(
        "--lang", choices=("sv", "en"), default=env_lang if env_lang in ("sv", "en") else "sv"
    )
    args = parser.parse_args(argv[1:])
    from injurydoc import logs

    logs.configure()
    app = create_app(argv[:1], args.lang)
    install_crash_handler()
    from injurydoc.ui.main_window import MainWindow

    folder = Path(args.store) if args.store else default_store_folder()
    window = MainWindow(folder)
    window.show()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: install_qt_translations(app, args.lang))
    from injurydoc.services.session import is_store

    if not is_store(folder):
        window.open_setup(folder)  # first start
    if args.smoke_test is not None:
        QTimer.singleShot(max(args.smoke_test, 0), lambda: _smoke_check(app, window, args.lang))
    return app.exec()


def _smoke_check(app: QApplication, window: QWidget, lang: str) -> None:
    """``--smoke-test``: what a broken frozen build gets wrong — missing resources, translations, licences."""
    from injurydoc.ui.about_dialog import AboutDialog

    problems = []
    if not window.isVisible():
        problems.append("main window not shown")
    translated = QApplication.translate("SignInPage", "Sign in") != "Sign in"
    if lang == "sv" and not translated:
        problems.append("Swedish translation not loaded")
    for part in (("bodymap", "front.svg"), ("fonts", "DejaVuSans.ttf")):
        if not resource_path(*part).is_file():
            problems.append("missing resource " + "/".join(part))
    dialog = AboutDialog(window)
    if dialog.component_count() < 10:
        problems.append("licence information incomplete")
    dialog.deleteLater()
    print("smoke test: " + ("; ".join(problems) if problems else "OK"), flush=True)  # noqa: T201
    app.exit(1 if problems else 0)
