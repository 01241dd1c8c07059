"""Starting the desktop program: ``injurydoc-gui`` or ``python -m injurydoc.ui``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, QStandardPaths, QTranslator
from PySide6.QtWidgets import QApplication

from injurydoc.resources import resource_path
from injurydoc.ui.errors import install_crash_handler


def default_store_folder() -> Path:
    last = QSettings().value("store/last_folder")
    if isinstance(last, str) and last:
        return Path(last)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "stores" / "default"


def install_translations(app: QApplication, lang: str) -> None:
    app.setProperty("injurydoc_lang", lang)
    if lang == "en":
        return
    translator = QTranslator(app)
    if translator.load(str(resource_path("translations", f"injurydoc_{lang}.qm"))):
        app.installTranslator(translator)


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
    app.setApplicationDisplayName("Skadedokumentation" if lang == "sv" else "Injury documentation")
    install_translations(app, lang)
    return app


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="injurydoc-gui")
    parser.add_argument("--store", metavar="DIR", help="open this store folder")
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
    from injurydoc.store.layout import is_store

    if not is_store(folder):
        window.open_setup(folder)  # first start
    return app.exec()
