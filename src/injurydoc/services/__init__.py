"""Use cases.  The only door to the store: every method checks the account's right and writes its
access-log event in the same transaction as the work it records."""
