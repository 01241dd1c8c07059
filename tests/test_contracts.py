"""The import contracts in pyproject.toml hold, and each one fails when it is broken.

Each test copies the package to a temporary folder, adds one forbidden import to the copy and runs
``lint-imports`` there with the project's own configuration: it must fail, naming the contract.  The
untouched copy passes.  A contract that passes whatever one imports would show up here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "injurydoc"
LINT = Path(sys.executable).with_name("lint-imports")

LAYERS = "Layers: each imports only what lies below it"
NO_QT = "No Qt outside ui/"
DOOR = "ui/ and cli/ reach the store and the packages below services/ only through"

#: every top-level module outside ui/: none of them may import Qt
NON_UI = [
    "__main__.py",
    "about.py",
    "bodymap.py",
    "cli",
    "crash.py",
    "domain",
    "export",
    "handout",
    "logs.py",
    "media",
    "paths.py",
    "resources.py",
    "server",
    "services",
    "store",
    "training",
]


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "src" / "injurydoc", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _add_import(copy: Path, module: str, line: str) -> None:
    """Append ``line`` to ``module`` (a file, or a package's ``__init__.py``) in the copy."""
    target = copy / "src" / "injurydoc" / module
    if target.is_dir():
        target = target / "__init__.py"
    assert target.is_file(), target
    with target.open("a", encoding="utf-8") as f:
        f.write(f"\n{line}  # added by test_contracts\n")


def _lint(copy: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    return subprocess.run(
        [str(LINT), "--config", str(copy / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _broken(copy: Path, contract: str) -> str:
    result = _lint(copy)
    out = " ".join((result.stdout + result.stderr).split())  # the report wraps long names
    assert result.returncode != 0, out
    assert f"{contract}" in out and "BROKEN" in out, out
    return out


def test_untouched_copy_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint(_copy(tmp_path))
    out = " ".join(result.stdout.split())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in out
    for name in (LAYERS, NO_QT, DOOR):
        assert name in out


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("domain/errors.py", "from injurydoc import export"),  # the case the old contracts let through
        ("domain/vocab.py", "import injurydoc.paths"),  # domain's siblings are independent of it
        ("store/atomic.py", "import injurydoc.media"),  # media | store | server: independent
        ("store/atomic.py", "import injurydoc.server"),
        ("server/errors.py", "from injurydoc.store import atomic"),
        ("server/errors.py", "import injurydoc.services"),
        ("media/gps.py", "from injurydoc.store import atomic"),
        ("export/verdict.py", "import injurydoc.training"),
        ("handout/contacts.py", "import injurydoc.export"),  # export | handout: independent
        ("training/results.py", "import injurydoc.services"),
        ("services/access.py", "import injurydoc.ui"),
        ("services/access.py", "import injurydoc.crash"),  # the program shell sits above services
        ("resources.py", "import injurydoc.bodymap"),
        ("cli/io.py", "import injurydoc.ui"),  # ui | cli: independent
    ],
)
def test_importing_upwards_breaks_the_layers(tmp_path: Path, module: str, line: str) -> None:
    copy = _copy(tmp_path)
    _add_import(copy, module, line)
    _broken(copy, LAYERS)


def test_a_new_top_level_module_must_be_placed_in_a_layer(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    (copy / "src" / "injurydoc" / "unplaced.py").write_text('"""Nowhere in the layers."""\n')
    out = _broken(copy, LAYERS)
    assert "unplaced" in out


def _module_name(path: str) -> str:
    return "injurydoc." + path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def test_qt_outside_ui_breaks_the_no_qt_contract(tmp_path: Path) -> None:
    """One copy, Qt imported from every top-level module outside ui/: each import is reported."""
    copy = _copy(tmp_path)
    for module in NON_UI:
        _add_import(copy, module, "import PySide6.QtCore")
    _add_import(copy, "export/report.py", "import shiboken6")
    out = _broken(copy, NO_QT)
    for module in NON_UI:
        assert f"{_module_name(module)} -> PySide6" in out, module
    assert "injurydoc.export.report -> shiboken6" in out


def test_ui_and_cli_reach_below_services_only_through_services(tmp_path: Path) -> None:
    """One copy, ui/ and cli/ each importing every package below services/: each import is reported,
    a lazy import inside a function too."""
    copy = _copy(tmp_path)
    forbidden = ["store", "training", "export", "media", "handout", "server"]
    for name in forbidden:
        _add_import(copy, "ui/verify_dialog.py", f"import injurydoc.{name}")
        _add_import(copy, "cli/io.py", f"import injurydoc.{name}")
    for driver in ("sqlcipher3", "psycopg"):  # the database drivers themselves
        _add_import(copy, "ui/verify_dialog.py", f"import {driver}")
        _add_import(copy, "cli/io.py", f"import {driver}")
    sneak = "def _sneak() -> None:\n    from injurydoc.store.layout import is_store"
    _add_import(copy, "ui/app.py", sneak)
    out = _broken(copy, DOOR)
    for name in forbidden:
        assert f"injurydoc.ui.verify_dialog -> injurydoc.{name}" in out, name
        assert f"injurydoc.cli.io -> injurydoc.{name}" in out, name
    for driver in ("sqlcipher3", "psycopg"):
        assert f"injurydoc.ui.verify_dialog -> {driver}" in out, driver
        assert f"injurydoc.cli.io -> {driver}" in out, driver
    assert "injurydoc.ui.app -> injurydoc.store.layout" in out
