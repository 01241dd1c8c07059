"""Plain dataclasses, vocabularies and rules. No I/O, no Qt, nothing else of the project."""
