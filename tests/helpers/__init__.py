"""Scripts that tests run in subprocesses."""
