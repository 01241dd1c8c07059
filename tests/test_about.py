"""Version and licence information, resources in a frozen build, the About dialog, the packaging files."""

from __future__ import annotations

import ast
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from injurydoc import about, paths, resources
from injurydoc.cli import main

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def run(args):
    out, err = io.StringIO(), io.StringIO()
    rc = main(args, stdin=io.StringIO(""), stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


# ----- version and licences ----------------------------------------------------------------------
def test_version_names_program_sqlcipher_and_component_licences():
    rc, out, _ = run(["--version"])
    assert rc == 0
    first = out.splitlines()[0]
    from injurydoc import __version__

    assert first.startswith(f"injurydoc {__version__} (SQLCipher 4.")
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    # read from the installed distributions' metadata, not typed in
    assert "LGPL-3.0-only" in lines["PySide6_Essentials"]
    assert "Apache-2.0" in lines["cryptography"] and "BSD" in lines["cryptography"]
    assert "MIT" in lines["keyring"] and "MIT" in lines["pyHanko"]
    assert lines["sqlcipher3"].strip().startswith("sqlcipher3 0.6")
    # components that are not Python packages
    assert "SQLCipher" in lines and "BSD" in lines["SQLCipher"]
    # HEIC decoding only: what the decoder's wheel really holds, and no GPL-2.0 HEVC encoder (x265)
    assert "libde265" in out and "libheif" in out and "x265" not in out.lower()
    assert "DejaVu" in lines
    # development tools are not part of the program
    assert "pytest" not in lines and "mypy" not in lines and "ruff" not in lines


def test_licences_prints_full_texts_from_the_distributions():
    rc, out, _ = run(["--licences"])
    assert rc == 0
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in out  # Qt's, shipped in packaging/licences
    assert "Apache License" in out  # cryptography's LICENSE.APACHE from its dist-info
    assert "Bitstream Vera" in out or "DejaVu" in out
    assert "Gerhard Häring" in out  # sqlcipher3's licence file
    assert "ZETETIC LLC" in out  # SQLCipher's own, shipped in packaging/licences
    assert "no licence file shipped" not in out


def test_version_is_qt_free_and_reads_a_keyed_sqlcipher():
    code = (
        "import io, sys\n"
        "from injurydoc.cli import main\n"
        "out = io.StringIO()\n"
        "rc = main(['--version'], stdout=out)\n"
        "assert rc == 0 and 'SQLCipher 4.' in out.getvalue()\n"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
    cipher, lite = about.sqlcipher_versions()
    assert cipher.startswith("4.") and lite.startswith("3.")


# ----- where things are --------------------------------------------------------------------------
def test_resources_are_found_in_a_simulated_frozen_build(tmp_path, monkeypatch):
    bundle = tmp_path / "dist" / "injurydoc" / "_internal"
    (bundle / "resources" / "bodymap").mkdir(parents=True)
    (bundle / "resources" / "bodymap" / "front.svg").write_text("<svg/>")
    (bundle / "licences" / "Python").mkdir(parents=True)
    (bundle / "licences" / "Python" / "LICENSE.txt").write_text("PSF frozen copy")
    monkeypatch.delenv("INJURYDOC_RESOURCES", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resources.resource_path("bodymap", "front.svg").read_text() == "<svg/>"
    from injurydoc.bodymap import svg_path

    assert svg_path("front") == bundle / "resources" / "bodymap" / "front.svg"
    assert about.is_frozen()
    assert about.python_licence_file() == (bundle / "licences" / "Python" / "LICENSE.txt",)
    # a freezer without _MEIPASS: the files sit next to the executable
    monkeypatch.delattr(sys, "_MEIPASS")
    monkeypatch.setattr(sys, "executable", str(bundle / "injurydoc"))
    assert resources.resources_dir() == bundle / "resources"


def test_resources_in_the_source_tree_and_override(monkeypatch, tmp_path):
    monkeypatch.delenv("INJURYDOC_RESOURCES", raising=False)
    assert resources.resource_path("fonts", "DejaVuSans.ttf").is_file()
    monkeypatch.setenv("INJURYDOC_RESOURCES", str(tmp_path))
    assert resources.resources_dir() == tmp_path


def test_qt_free_data_folder_matches_qt(qapp, monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    from injurydoc.ui.app import app_data_folder

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    old = qapp.organizationName(), qapp.applicationName()
    qapp.setOrganizationName("injurydoc")
    qapp.setApplicationName("injurydoc")
    try:
        qt = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation))
        assert app_data_folder() == qt == paths.app_data_dir()
        assert paths.app_data_dir() == tmp_path / "data" / "injurydoc" / "injurydoc"
    finally:
        qapp.setOrganizationName(old[0])
        qapp.setApplicationName(old[1])
    assert paths.default_store_folder() == paths.app_data_dir() / "stores" / "default"


def test_windows_data_folder_is_local_not_roaming(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", "C:/Users/x/AppData/Local")
    monkeypatch.setenv("APPDATA", "C:/Users/x/AppData/Roaming")
    assert paths.app_data_dir() == Path("C:/Users/x/AppData/Local") / "injurydoc" / "injurydoc"


def test_crash_reports_go_to_the_local_data_folder_on_windows(monkeypatch):
    from injurydoc.crash import crash_dir

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", "C:/Users/x/AppData/Local")
    monkeypatch.setenv("XDG_STATE_HOME", "/should/not/be/used")
    assert crash_dir() == Path("C:/Users/x/AppData/Local") / "injurydoc" / "injurydoc" / "crash-reports"


def test_crash_reports_on_linux_follow_xdg_and_ignore_a_relative_path(monkeypatch, tmp_path):
    from injurydoc.crash import crash_dir

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert crash_dir() == tmp_path / "state" / "injurydoc" / "crash-reports"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert crash_dir() == tmp_path / ".local" / "state" / "injurydoc" / "crash-reports"


# ----- the About dialog --------------------------------------------------------------------------
def test_about_dialog_shows_versions_folders_and_licences(qtbot, tmp_path):
    from injurydoc.ui.about_dialog import AboutDialog

    dlg = AboutDialog(None, tmp_path / "store")
    qtbot.addWidget(dlg)
    dlg.show()
    info = about.version_info()
    assert dlg.values["version"].text().startswith(info.version)
    assert dlg.values["sqlcipher"].text().startswith("4.")
    assert dlg.values["store"].text() == str(tmp_path / "store")
    assert dlg.values["data"].text() == str(paths.app_data_dir())
    names = [dlg.component_model.item(r, 0).text() for r in range(dlg.component_model.rowCount())]
    assert {"PySide6_Essentials", "sqlcipher3", "SQLCipher", "Qt", "cryptography"} <= set(names)
    assert dlg.component_count() == len(names)
    assert dlg.licence_text.toPlainText() == ""  # read only when asked for
    dlg.tabs.setCurrentIndex(2)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dlg.licence_text.toPlainText()


def test_sign_in_page_opens_about(qtbot, tmp_path):
    from injurydoc.ui.main_window import MainWindow

    w = MainWindow(tmp_path / "store")
    qtbot.addWidget(w)
    w.show()
    w.signin.about_button.click()
    dlg = w.signin.about_dialog
    qtbot.waitUntil(dlg.isVisible)
    assert dlg.values["store"].text() == str(tmp_path / "store")
    dlg.close()


# ----- packaging files ---------------------------------------------------------------------------
def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spec_parses_and_refers_to_existing_files():
    spec = PACKAGING / "injurydoc.spec"
    tree = ast.parse(spec.read_text(encoding="utf-8"))
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    for rel in ("launcher.py", "hooks/rthook_keyring.py", "windows/injurydoc.ico"):
        assert rel.split("/")[-1] in strings or rel.split("/")[0] in strings, rel
        assert (PACKAGING / rel).is_file(), rel
    for res in ("bodymap", "fonts", "translations", "exercises"):
        assert res in strings and (ROOT / "resources" / res).is_dir()
    assert {"injurydoc", "injurydoc-cli"} <= strings
    assert (PACKAGING / "licences" / "LGPL-3.0.txt").is_file()
    assert (ROOT / "src" / "injurydoc").is_dir()


def test_launcher_chooses_gui_or_command_line():
    launcher = _load(PACKAGING / "launcher.py", "injurydoc_launcher")
    assert launcher.wants_gui("/opt/injurydoc/injurydoc", []) == (True, [])
    assert launcher.wants_gui("/opt/injurydoc/injurydoc", ["gui", "--store", "x"]) == (True, ["--store", "x"])
    assert launcher.wants_gui("/opt/injurydoc/injurydoc", ["verify", "p.zip"]) == (False, ["verify", "p.zip"])
    assert launcher.wants_gui(r"C:\Program Files\injurydoc\injurydoc-cli.exe", []) == (False, [])


def test_keyring_runtime_hook_names_a_loadable_backend_and_respects_the_admin():
    hook = PACKAGING / "hooks" / "rthook_keyring.py"
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    code = (
        f"import os, runpy; runpy.run_path({str(hook)!r}); "
        "name = os.environ['PYTHON_KEYRING_BACKEND']; print(name); "
        "from keyring.core import _load_keyring_class; _load_keyring_class(name)"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    expected = {"linux": "keyring.backends.SecretService.Keyring", "win32": "keyring.backends.Windows."}
    assert proc.stdout.strip().startswith(expected.get(sys.platform, "keyring.backends."))
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "keyring.backends.fail.Keyring"


def test_windows_installer_keeps_the_store_on_uninstall():
    iss = (PACKAGING / "windows" / "injurydoc.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequiredOverridesAllowed=dialog" in iss
    assert "{autoprograms}" in iss  # Start menu entry
    sections = iss.split("\n[")
    uninstall = [s for s in sections if s.startswith("UninstallDelete]")]
    for section in uninstall:
        for const in (
            "{localappdata}",
            "{userappdata}",
            "{commonappdata}",
            "{userdocs}",
            "injurydoc\\stores",
        ):
            assert const not in section
    assert "injurydoc-cli.exe" in iss


@pytest.mark.parametrize("script", ["build_linux.sh", "smoke_test.sh", "linux/install.sh"])
def test_shell_scripts_are_valid_sh(script):
    assert subprocess.run(["sh", "-n", str(PACKAGING / script)], timeout=30).returncode == 0


def test_windows_only_dependencies_are_pinned_too():
    """constraints.txt is made with pip freeze on Linux, which cannot list what only Windows installs.
    Every dependency of an installed package that is behind a Windows marker must be pinned by hand."""
    import re
    from importlib import metadata

    from packaging.requirements import Requirement

    root = Path(__file__).resolve().parents[1]
    pinned = {
        re.split(r"[=<>!~; ]", line, maxsplit=1)[0].lower().replace("_", "-")
        for line in (root / "constraints.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    windows = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "extra": ""}
    needed = set()
    for dist in metadata.distributions():
        for raw in dist.requires or []:
            req = Requirement(raw)
            if req.marker is None or "extra" in str(req.marker):
                continue
            if req.marker.evaluate(windows) and not req.marker.evaluate():
                needed.add(req.name.lower().replace("_", "-"))
    assert needed, "no Windows-only dependency found: the check would prove nothing"
    assert needed <= pinned, sorted(needed - pinned)


def test_the_heic_decoder_ships_no_encoder():
    """Issue 15: the shipped HEIC support is libheif + libde265 (LGPL) only, without x265 (GPL-2.0)."""
    from importlib import metadata

    import pi_heif

    info = pi_heif.libheif_info()
    assert "libde265" in info["decoders"]
    assert not any("265" in name or "hevc" in name.lower() for name in info["encoders"])
    shipped = [str(f) for f in metadata.distribution("pi-heif").files or []]
    assert any("libde265" in f for f in shipped) and not any("x265" in f for f in shipped)
    try:
        metadata.distribution("pillow-heif")
    except metadata.PackageNotFoundError:
        pass
    else:
        raise AssertionError("pillow-heif (with x265) is installed beside pi-heif")
