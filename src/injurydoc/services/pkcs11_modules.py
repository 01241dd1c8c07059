"""Which PKCS#11 middleware this workstation has: the nurse picks a card reader's software from a list,
never types a library path.  Looked for in the places the middleware installers use (Net iD for SITHS,
OpenSC, SoftHSM for tests and training) and in p11-kit's module registry."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

#: (what to call it, file name) of middleware a Swedish health centre may have.
KNOWN: tuple[tuple[str, str], ...] = (
    ("Net iD (SITHS-kort)", "libiidp11.so"),
    ("Net iD (SITHS-kort)", "iidp11.dll"),
    ("Net iD (SITHS-kort)", "libiidp11.dylib"),
    ("OpenSC", "opensc-pkcs11.so"),
    ("OpenSC", "opensc-pkcs11.dll"),
    ("SoftHSM", "libsofthsm2.so"),
    ("SoftHSM", "softhsm2.dll"),
    ("SoftHSM", "softhsm2-x64.dll"),
)


def _default_dirs() -> list[Path]:
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        pf = [Path(os.environ.get(v, "")) for v in ("ProgramFiles", "ProgramFiles(x86)")]
        return [
            windir / "System32",
            *(p / "Net iD" / "Client" for p in pf if str(p)),
            *(p / "OpenSC Project" / "OpenSC" / "pkcs11" for p in pf if str(p)),
            *(p / "SoftHSM2" / "lib" for p in pf if str(p)),
        ]
    if sys.platform == "darwin":
        return [Path("/Library/Net iD/lib"), Path("/usr/local/lib"), Path("/opt/homebrew/lib")]
    return [
        Path("/usr/lib/x86_64-linux-gnu/pkcs11"),
        Path("/usr/lib/x86_64-linux-gnu/softhsm"),
        Path("/usr/lib/x86_64-linux-gnu"),
        Path("/usr/lib64/pkcs11"),
        Path("/usr/lib64"),
        Path("/usr/lib/pkcs11"),
        Path("/usr/lib/softhsm"),
        Path("/usr/lib"),
        Path("/usr/local/lib/softhsm"),
        Path("/usr/local/lib"),
        Path("/opt/iidsrv/lib"),
    ]


def _p11kit_modules(registry: Path) -> list[Path]:
    """Modules registered with p11-kit (``module: /path/lib.so`` lines in ``*.module`` files)."""
    out: list[Path] = []
    try:
        files = sorted(registry.glob("*.module"))
    except OSError:
        return out
    for f in files:
        try:
            lines = f.read_text("utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, value = line.partition(":")
            if key.strip() == "module" and value.strip():
                p = Path(value.strip())
                out.append(p if p.is_absolute() else Path("/usr/lib/x86_64-linux-gnu/pkcs11") / p)
    return out


@dataclass(frozen=True)
class Pkcs11Module:
    name: str  # shown to the user
    path: str  # stored in the signer's configuration

    def label(self) -> str:
        return f"{self.name} – {Path(self.path).name}"


def is_installed(path: str) -> bool:
    """Whether ``path``, as written, names middleware in a place installers use (a known file name in
    one of the folders searched, or a module registered with p11-kit) — folders an ordinary user
    cannot write.  A library elsewhere, or a link to one from elsewhere, is not."""
    candidate = Path(path)
    if not candidate.is_absolute():
        return False
    names = {file for _name, file in KNOWN}
    known = candidate.name in names and candidate.parent in _default_dirs()
    if not known:
        registries = [Path("/usr/share/p11-kit/modules"), Path("/etc/pkcs11/modules")]
        known = any(candidate == p for reg in registries for p in _p11kit_modules(reg))
    try:
        return known and candidate.is_file()
    except OSError:
        return False


def find_modules(dirs: list[Path] | None = None, p11kit_dirs: list[Path] | None = None) -> list[Pkcs11Module]:
    """The PKCS#11 modules present, known middleware first, each file once."""
    known = dict((file, name) for name, file in reversed(KNOWN))
    found: dict[str, Pkcs11Module] = {}
    for d in dirs if dirs is not None else _default_dirs():
        for file, name in known.items():
            p = d / file
            try:
                if p.is_file():
                    real = str(p.resolve())
                    found.setdefault(real, Pkcs11Module(name, str(p)))
            except OSError:
                continue
    registries = (
        p11kit_dirs
        if p11kit_dirs is not None
        else [Path("/usr/share/p11-kit/modules"), Path("/etc/pkcs11/modules")]
    )
    for reg in registries:
        for p in _p11kit_modules(reg):
            try:
                if p.is_file():
                    real = str(p.resolve())
                    found.setdefault(real, Pkcs11Module(known.get(p.name, p.stem), str(p)))
            except OSError:
                continue
    order = {file: i for i, (_n, file) in enumerate(KNOWN)}
    return sorted(found.values(), key=lambda m: (order.get(Path(m.path).name, len(order)), m.path))
