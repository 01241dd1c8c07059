"""Unit mode: the outbox of work made on this workstation and its push to the unit server (issue 16)."""
