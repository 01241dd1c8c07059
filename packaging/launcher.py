"""Entry point of the frozen build (PyInstaller), for both executables.

``injurydoc``      no command, or ``gui [--store DIR] [--lang sv|en]``: the desktop program;
                   any other arguments: the command line (``injurydoc verify PACKAGE.zip``).
``injurydoc-cli``  always the command line (on Windows the console executable; the other one is
                   windowed and has no standard output).
"""

from __future__ import annotations

import sys
from pathlib import Path

GUI_OPTIONS = ("--store", "--lang", "--smoke-test")


def wants_gui(exe: str, args: list[str]) -> tuple[bool, list[str]]:
    """(start the GUI?, its arguments) for the executable's name and its command-line arguments."""
    if Path(exe).stem.lower().endswith("-cli"):
        return False, args
    if not args:
        return True, []
    if args[0] == "gui":
        return True, args[1:]
    return False, args


def main() -> int:
    gui, args = wants_gui(sys.executable, sys.argv[1:])
    if gui:
        from injurydoc.ui.app import main as gui_main

        return gui_main([sys.argv[0], *args])
    from injurydoc.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
