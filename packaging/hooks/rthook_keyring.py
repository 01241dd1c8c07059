"""PyInstaller runtime hook: choose keyring's back-end by name, per platform.

keyring normally finds its back-ends through package entry points, which a frozen build may not carry;
naming the class in ``PYTHON_KEYRING_BACKEND`` makes keyring import exactly that module, lazily, the
first time the program asks for a key (on a worker thread with a timeout, services/keystore.py).  If
the back-end cannot load or its service is missing (no D-Bus, no Secret Service), keyring raises and
the program keeps the signing key inside the store instead: fail-safe.  An administrator's own
``PYTHON_KEYRING_BACKEND`` (for example ``keyring.backends.fail.Keyring`` to never use the OS store)
is left alone.
"""

import os
import sys

if not os.environ.get("PYTHON_KEYRING_BACKEND"):
    if sys.platform == "win32":
        _backend = "keyring.backends.Windows.WinVaultKeyring"
    elif sys.platform == "darwin":
        _backend = "keyring.backends.macOS.Keyring"
    else:
        _backend = "keyring.backends.SecretService.Keyring"
    os.environ["PYTHON_KEYRING_BACKEND"] = _backend
