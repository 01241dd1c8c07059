"""What belongs to this computer and OS user, never to the shared store folder.

* **Pins** (trust on first use, per OS user): for each store folder, the unit key's fingerprint and the
  newest access-log row this computer has seen.  A store whose unit key changed, or whose log no longer
  holds that row (rolled back or rewritten as a whole), is named at the next sign-in here.  Kept in the
  per-user data folder (paths.app_data_dir), which the store's other users cannot write on a computer
  where each person has an OS account of their own.
* **The PKCS#11 module** that signs with a smart card is code that runs in the signer's process, so its
  path is a setting of the workstation (a deployment policy file, which wins) or of the OS user, never
  of the store.  Policy file: ``$INJURYDOC_POLICY``, else ``/etc/injurydoc/policy.json`` (Windows:
  ``%PROGRAMDATA%\\injurydoc\\policy.json``), a JSON object with ``"pkcs11_module"``.  The user's own
  choice is kept in ``workstation.json`` in the per-user configuration folder, and is used only while it
  names middleware installed in the places installers use (which ordinary users cannot write): on a
  workstation where several people share one OS account, one of them could otherwise edit the file to
  load a library of their own in the others' sessions.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from injurydoc.paths import ORG, app_data_dir
from injurydoc.store.atomic import atomic_write_bytes

log = logging.getLogger(__name__)

POLICY_ENV = "INJURYDOC_POLICY"


# ----- pins ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StorePin:
    unit_key: str  # fingerprint; "" for a store without personal keys
    log_seq: int
    log_hash: str
    seen_at: str


def _pin_path(store_id: str, folder: Path) -> Path:
    name = hashlib.sha256(f"{store_id}\n{folder.expanduser().absolute()}".encode()).hexdigest()[:32]
    return app_data_dir() / "pins" / f"{name}.json"


def load_pin(store_id: str, folder: Path) -> StorePin | None:
    path = _pin_path(store_id, folder)
    try:
        doc = json.loads(path.read_text("utf-8"))
        return StorePin(str(doc["unit_key"]), int(doc["log_seq"]), str(doc["log_hash"]), str(doc["seen_at"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("unreadable workstation pin ignored")
        return None


def save_pin(store_id: str, folder: Path, pin: StorePin) -> None:
    """Best effort: a computer that cannot keep pins still works (it just notices less)."""
    path = _pin_path(store_id, folder)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write_bytes(path, json.dumps(asdict(pin)).encode())
    except Exception as exc:  # a pin is an extra: never stop the work for it
        log.warning("workstation pin not saved: %s", type(exc).__name__)


# ----- settings: PKCS#11 module ---------------------------------------------------------------------------
def policy_path() -> Path:
    env = os.environ.get(POLICY_ENV, "")
    if env:
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / ORG / "policy.json"
    return Path("/etc") / ORG / "policy.json"


def config_dir() -> Path:
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Preferences")
    else:
        xdg = os.environ.get("XDG_CONFIG_HOME", "")
        base = xdg if os.path.isabs(xdg) else str(Path.home() / ".config")
    return Path(base) / ORG


def _read_json(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def policy_pkcs11_module() -> str | None:
    value = _read_json(policy_path()).get("pkcs11_module")
    return value if isinstance(value, str) and value.strip() else None


def user_pkcs11_choice() -> str | None:
    """What this OS user chose (workstation.json), whether or not it is installed middleware."""
    value = _read_json(config_dir() / "workstation.json").get("pkcs11_module")
    return value if isinstance(value, str) and value.strip() else None


def installed_pkcs11_module(path: str) -> bool:
    """True when ``path`` names middleware in the places installers use (pkcs11_modules.is_installed):
    folders an ordinary user cannot write.  A library in someone's home folder, or a link to one, is
    not middleware this computer has."""
    from injurydoc.services.pkcs11_modules import is_installed

    return is_installed(path)


def pkcs11_module() -> str | None:
    """The PKCS#11 library to load: the policy's, else this OS user's choice when it is installed
    middleware, else None.  Never anything read from the store."""
    policy = policy_pkcs11_module()
    if policy:
        return policy
    value = user_pkcs11_choice()
    return value if value is not None and installed_pkcs11_module(value) else None


def set_pkcs11_module(path: str) -> None:
    """Remember this OS user's PKCS#11 library (ignored while a policy file names one); the caller has
    checked that it is installed middleware (:func:`installed_pkcs11_module`)."""
    folder = config_dir()
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    settings = _read_json(folder / "workstation.json")
    settings["pkcs11_module"] = path
    atomic_write_bytes(folder / "workstation.json", json.dumps(settings, indent=2).encode())
