"""injurydoc — Skadedokumentation: documenting injuries from violence."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("injurydoc")
except _metadata.PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"
