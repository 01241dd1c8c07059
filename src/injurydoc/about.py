"""Version and licence information for ``injurydoc --version``, ``--licences`` and the About dialog.

No Qt here: ``--version`` stays fast and works without a display.  The list of bundled components is
read from the installed distributions (the runtime requirements of ``injurydoc``, followed
transitively), so it follows ``constraints.txt`` without a hand-kept copy.  Components that are not
Python distributions (Qt itself, SQLCipher, the libraries inside the pi-heif wheel, the fonts,
Python) are listed by hand below, with where their licence text comes from.
"""

from __future__ import annotations

import platform
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from injurydoc.resources import bundle_dir, resource_path

_LICENCE_NAME = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
# Only for distributions whose metadata names no licence; the text itself is read from the file.
_KNOWN_LICENCE = {"sqlcipher3": "Zlib (pysqlite licence)"}


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    note: str = ""
    licence_files: tuple[Path, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class VersionInfo:
    version: str
    python: str
    sqlcipher: str
    sqlite: str
    qt: str
    frozen: bool
    platform: str


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def sqlcipher_versions() -> tuple[str, str]:
    """(SQLCipher, SQLite) versions of the linked library, read from a keyed in-memory database."""
    try:
        import sqlcipher3

        con = sqlcipher3.connect(":memory:")
        try:
            con.execute("PRAGMA key = \"x'" + "00" * 32 + "'\"")
            row = con.execute("PRAGMA cipher_version").fetchone()
            lite = con.execute("select sqlite_version()").fetchone()
            return (str(row[0]) if row else "unknown", str(lite[0]) if lite else "unknown")
        finally:
            con.close()
    except Exception as exc:  # the About dialog must open even with a broken installation
        return (f"not available ({type(exc).__name__})", "unknown")


def qt_version() -> str:
    """Qt's version when PySide6 is loaded already, else the installed PySide6's (which matches Qt's)."""
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        return str(qtcore.qVersion())
    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def version_info() -> VersionInfo:
    from injurydoc import __version__

    cipher, lite = sqlcipher_versions()
    return VersionInfo(
        version=__version__,
        python=platform.python_version(),
        sqlcipher=cipher,
        sqlite=lite,
        qt=f"Qt {qt_version()}",
        frozen=is_frozen(),
        platform=f"{platform.system()} {platform.machine()}",
    )


# ----- components and licences ------------------------------------------------------------------
def _field(md: metadata.PackageMetadata, key: str) -> str:
    values = md.get_all(key) or []
    return str(values[0]) if values else ""


def _licence_of(dist: metadata.Distribution) -> str:
    md = dist.metadata
    expr = _field(md, "License-Expression")
    if expr:
        return expr
    text = _field(md, "License").strip()
    if text and "\n" not in text and len(text) <= 60:
        return text
    classifiers = [
        c.split("::")[-1].strip() for c in md.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers:
        return " / ".join(classifiers)
    known = _KNOWN_LICENCE.get(_norm(_field(md, "Name")))
    if known:
        return known
    return "see licence file" if _licence_files(dist) else "unknown"


def _dist_info_dir(dist: metadata.Distribution) -> Path | None:
    path = getattr(dist, "_path", None)  # PathDistribution: the .dist-info folder
    return Path(path) if path is not None else None


def _licence_files(dist: metadata.Distribution) -> tuple[Path, ...]:
    """The licence files a distribution ships: ``License-File`` entries, else files named like one."""
    found: list[Path] = []
    info = _dist_info_dir(dist)
    for name in dist.metadata.get_all("License-File") or []:
        for cand in ((info / "licenses" / name) if info else None, (info / name) if info else None):
            if cand is not None and cand.is_file() and cand not in found:
                found.append(cand)
                break
    if not found and info is not None and info.is_dir():
        for p in sorted(info.rglob("*")):
            if p.is_file() and _LICENCE_NAME.search(p.name):
                found.append(p)
    return tuple(found)


def _requirements(dist: metadata.Distribution) -> list[str]:
    names = []
    for req in dist.requires or []:
        if "extra ==" in req.replace('"', "").replace("'", ""):
            continue  # optional features are not installed by us
        m = _REQ_NAME.match(req)
        if m:
            names.append(m.group(1))
    return names


def runtime_distributions(root: str = "injurydoc") -> list[metadata.Distribution]:
    """``root``'s installed runtime requirements, transitively, without ``root`` itself."""
    seen: dict[str, metadata.Distribution] = {}
    try:
        todo = _requirements(metadata.distribution(root))
    except metadata.PackageNotFoundError:  # a source tree without installation
        return []
    while todo:
        name = todo.pop()
        key = _norm(name)
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:  # a requirement for another platform
            continue
        seen[key] = dist
        todo.extend(_requirements(dist))
    return sorted(seen.values(), key=lambda d: _norm(_field(d.metadata, "Name")))


def python_licence_file() -> tuple[Path, ...]:
    """Python's licence text: the bundled copy, else the interpreter's own (none when neither exists)."""
    bundled = bundle_dir() / "licences" / "Python" / "LICENSE.txt"
    stdlib = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    for cand in (bundled, Path(sys.base_prefix) / "LICENSE.txt", stdlib / "LICENSE.txt"):
        if cand.is_file():
            return (cand,)
    return ()


def _packaging_licence(name: str) -> tuple[Path, ...]:
    """Full texts we ship ourselves (the Qt wheels carry none): packaging/licences in a checkout."""
    for base in (bundle_dir() / "licences", Path(__file__).resolve().parents[2] / "packaging" / "licences"):
        cand = base / name
        if cand.is_file():
            return (cand,)
    return ()


def components() -> list[Component]:
    """Everything the program is built from that has a licence of its own: native parts, then packages."""
    lgpl = _packaging_licence("LGPL-3.0.txt") + _packaging_licence("GPL-3.0.txt")
    packages = []
    for d in runtime_distributions():
        licence, files = _licence_of(d), _licence_files(d)
        if not files and "LGPL-3.0" in licence:  # the PySide6 and shiboken6 wheels carry no text
            files = lgpl
        packages.append(Component(_field(d.metadata, "Name"), str(d.version), licence, "", files))
    cipher, lite = sqlcipher_versions()
    qt = qt_version()
    heif = [c for c in packages if _norm(c.name) == "pi-heif"]
    native = [
        Component("Python", platform.python_version(), "PSF-2.0", "interpreter", python_licence_file()),
        Component("Qt", qt, "LGPL-3.0-only", "inside PySide6, dynamically linked", lgpl),
        Component(
            "SQLCipher",
            cipher,
            "BSD-3-Clause",
            f"Community Edition, with SQLite {lite} (public domain); inside sqlcipher3",
            _packaging_licence("SQLCipher.txt"),
        ),
        Component(
            "OpenSSL (libcrypto)",
            "",
            "Apache-2.0",
            "statically linked into sqlcipher3 and cryptography",
            _packaging_licence("Apache-2.0.txt"),
        ),
        Component(
            ", ".join(_heif_libraries()),
            "",
            "LGPL-3.0",
            "inside the pi-heif wheel (HEIC decoding only; no HEVC encoder)",
            (heif[0].licence_files if heif else ()) or lgpl,
        ),
    ]
    return native + _fonts() + packages


def _heif_libraries() -> list[str]:
    """The native libraries the HEIC decoder really brings, read from its wheel's file list."""
    names: set[str] = set()
    try:
        files = metadata.distribution("pi-heif").files or []
    except metadata.PackageNotFoundError:
        files = []
    for f in files:
        parts = Path(str(f)).parts
        if len(parts) == 2 and parts[0].endswith(".libs"):
            # libde265-90fb0ce1.so.0.2.0 -> libde265 (auditwheel adds a hash to the name)
            names.add(re.sub(r"(-[0-9a-f]{8})?(\.so.*|\.dylib|\.dll)$", "", parts[1]))
    return sorted(names) or ["libheif", "libde265"]


_FONT_LICENCES = {"DejaVu": "Bitstream Vera / DejaVu licence (free)", "Noto": "OFL-1.1"}


def _fonts() -> list[Component]:
    """One component per font family in resources/fonts, found by its LICENSE-<family>.txt."""
    out = []
    for lic in sorted(resource_path("fonts").glob("LICENSE-*.txt")):
        family = lic.stem.removeprefix("LICENSE-")
        licence = _FONT_LICENCES.get(family, "see licence file")
        out.append(Component(f"{family} fonts", "", licence, "resources/fonts", (lic,)))
    return out


def version_text(*, with_components: bool = True) -> str:
    """What ``injurydoc --version`` prints: the first line as before, then details and licences."""
    from injurydoc.paths import default_store_folder

    v = version_info()
    lines = [
        f"injurydoc {v.version} (SQLCipher {v.sqlcipher})",
        f"Python {v.python}, SQLite {v.sqlite}, {v.qt}, {v.platform}"
        + (", frozen build" if v.frozen else ""),
        f"Default store folder: {default_store_folder()}",
    ]
    if with_components:
        lines += ["", "Bundled components and their licences (full texts: injurydoc --licences):"]
        for c in components():
            ver = f" {c.version}" if c.version else ""
            note = f" — {c.note}" if c.note else ""
            lines.append(f"  {c.name}{ver}: {c.licence}{note}")
    return "\n".join(lines)


def licence_texts() -> str:
    """Every licence file of every component, for ``injurydoc --licences`` and the About dialog."""
    parts: list[str] = []
    for c in components():
        head = f"{c.name} {c.version}".strip() + f" — {c.licence}"
        parts.append("=" * 78 + "\n" + head + "\n" + "=" * 78)
        if not c.licence_files:
            parts.append("(no licence file shipped; licence: " + c.licence + ")\n")
        for p in c.licence_files:
            try:
                text = p.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            parts.append(f"--- {p.name}\n{text.rstrip()}\n")
    return "\n".join(parts)
