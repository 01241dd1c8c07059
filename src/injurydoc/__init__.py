"""injurydoc — Skadedokumentation: documenting injuries from violence."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is looked up on first use: importlib.metadata costs ~30 ms at start-up.
    if name == "__version__":
        from importlib import metadata

        try:
            value = metadata.version("injurydoc")
        except metadata.PackageNotFoundError:  # running from a source tree without installation
            value = "0.0.0+source"
        globals()["__version__"] = value
        return value
    raise AttributeError(name)
