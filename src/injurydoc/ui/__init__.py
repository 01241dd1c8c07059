"""The PySide6 desktop program.  Talks to services only; nothing below this package imports Qt."""
