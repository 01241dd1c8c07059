"""The import contracts in pyproject.toml hold, and each one fails when it is broken.

Each test copies the package to a temporary folder, adds one forbidden import to the copy and runs
``lint-imports`` there with the project's own configuration: it must fail, naming the contract.  The
untouched copy passes.  A contract that passes whatever one imports would show up here.

The untouched copy is read in full, without a cache.  The others start with the cache of an untouched copy
(made once per run): ``lint-imports`` reads again only the files a test changes, whose mtime it changes
(the cache knows a file by its mtime; checked against the cache itself).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
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


#: import-linter's cache in a copy (grimp's: each module's imports, and the file's mtime they were read at)
CACHE = ".import_linter_cache"


def _copy(tmp_path: Path) -> Path:
    """A copy of the package, its files' mtimes kept (``copy2``), and the project's configuration."""
    shutil.copytree(PACKAGE, tmp_path / "src" / "injurydoc", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _warm_cache() -> bytes:
    """The cache files of a ``lint-imports`` run on an untouched copy (JSON: name -> text), for made_once."""
    with tempfile.TemporaryDirectory() as folder:
        copy = _copy(Path(folder))
        result = _lint(copy, cache=True)
        assert result.returncode == 0, result.stdout + result.stderr
        return json.dumps({f.name: f.read_text(encoding="utf-8") for f in (copy / CACHE).iterdir()}).encode()


@pytest.fixture
def warm_copy(tmp_path: Path, made_once: Callable[[Callable[[], bytes]], bytes]) -> Path:
    """A copy that starts with the cache of an untouched copy: ``lint-imports`` reads again only the files
    a test changes (the cache knows a file by its mtime, which the copy keeps and _add_import changes),
    rather than all 270 of them for each test.  The cache is made once per run."""
    copy = _copy(tmp_path)
    (copy / CACHE).mkdir()
    for name, text in json.loads(made_once(_warm_cache)).items():
        (copy / CACHE / name).write_text(text, encoding="utf-8")
    return copy


def _module_of(copy: Path, target: Path) -> str:
    return ".".join(target.relative_to(copy / "src").with_suffix("").parts).removesuffix(".__init__")


def _add_import(copy: Path, module: str, line: str) -> None:
    """Append ``line`` to ``module`` (a file, or a package's ``__init__.py``) in the copy, and give the file
    an mtime the cache does not know it by, so that ``lint-imports`` reads it again."""
    target = copy / "src" / "injurydoc" / module
    if target.is_dir():
        target = target / "__init__.py"
    assert target.is_file(), target
    before = target.stat()
    with target.open("a", encoding="utf-8") as f:
        f.write(f"\n{line}  # added by test_contracts\n")
    # the cache holds the untouched file's mtime (the copy keeps it): appending within the same tick of the
    # clock would leave it so, and the cache would hide the import.  One second later cannot be it.
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    meta = copy / CACHE / "injurydoc.meta.json"
    if meta.exists():  # checked against the cache itself, in case grimp ever keys its cache otherwise
        cached = json.loads(meta.read_text(encoding="utf-8")).get(_module_of(copy, target))
        assert cached is not None and cached != target.stat().st_mtime, (target, cached)


def _lint(copy: Path, *, cache: bool = False) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the copy, with the cache in the copy (kept from a warm copy) or none at all."""
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    caching = ["--cache-dir", str(copy / CACHE)] if cache else ["--no-cache"]
    return subprocess.run(
        [str(LINT), "--config", str(copy / "pyproject.toml"), *caching, "--no-logo"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _broken(copy: Path, contract: str) -> str:
    result = _lint(copy, cache=True)
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
def test_importing_upwards_breaks_the_layers(warm_copy: Path, module: str, line: str) -> None:
    copy = warm_copy
    _add_import(copy, module, line)
    _broken(copy, LAYERS)


def test_a_new_top_level_module_must_be_placed_in_a_layer(warm_copy: Path) -> None:
    copy = warm_copy
    (copy / "src" / "injurydoc" / "unplaced.py").write_text('"""Nowhere in the layers."""\n')
    out = _broken(copy, LAYERS)
    assert "unplaced" in out


def _module_name(path: str) -> str:
    return "injurydoc." + path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def test_qt_outside_ui_breaks_the_no_qt_contract(warm_copy: Path) -> None:
    """One copy, Qt imported from every top-level module outside ui/: each import is reported."""
    copy = warm_copy
    for module in NON_UI:
        _add_import(copy, module, "import PySide6.QtCore")
    _add_import(copy, "export/report.py", "import shiboken6")
    out = _broken(copy, NO_QT)
    for module in NON_UI:
        assert f"{_module_name(module)} -> PySide6" in out, module
    assert "injurydoc.export.report -> shiboken6" in out


def test_ui_and_cli_reach_below_services_only_through_services(warm_copy: Path) -> None:
    """One copy, ui/ and cli/ each importing every package below services/: each import is reported,
    a lazy import inside a function too."""
    copy = warm_copy
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
