"""Schema version 0012: a standalone store's signatures move as they are (``injurydoc server import-store``).

0001 held one kind of signature: the examiner's, over the canonical content of the current version (2).
A standalone store also holds

- **migrated signatures** (issue 14): records signed before signatures existed, signed at a unit
  manager's sign-in by the program with that manager's key and a marker naming the date of the stored
  content hash (``migrated_from``) — never pretending the examiner signed.  Here: ``signatures`` and
  ``addenda`` get ``migrated_from`` (the marker, ``YYYY-MM-DD``), an addendum ``migrated_by`` (whose key
  signed; the author stays the author), and a signature ``record_signed_at`` (when the examiner marked
  the record signed, as the store recorded it).  The server takes a migrated signature **only under an
  open store import** (no workstation makes one) and only by an account of the unit with the
  ``unit_manager`` role, under that account's signing key.
- **signatures over an earlier content version** (``content_version``; 1 is the store-codec form of
  store/canonical.py): the version's content is still version 2 (what workstations read), and the exact
  bytes that were signed go along (``signed_content``; the server checks that ``content_sha256`` is
  their SHA-256).  The workstation checks that both describe the same record.

``fetch_examination`` returns these columns.

Also: **accounts made by a store import before 0011** were not recorded in ``store_import_accounts``
(0011 added it; keys are registered only for accounts an import made).  The upgrade records them from the
server's own log (``store_import.account`` rows, written by ``import_account`` since 0008, never by a
client), with the store of the import open then, if the account never registered a key of its own (its
holder never connected a workstation).
"""

from __future__ import annotations

from injurydoc.server.sql import v0001_functions


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i : text.index(end, i)]


def _replace(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:  # the earlier revision's text changed: look at this one again
        raise RuntimeError(f"0012: {old!r} not found once")
    return text.replace(old, new)


def _replacing(name: str, end: str) -> str:
    return _between(v0001_functions.UPGRADE, f"CREATE FUNCTION injurydoc.{name}(", end).replace(
        "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1
    )


_FETCH_0001 = _replacing("fetch_examination", "CREATE FUNCTION injurydoc.fetch_photo(")
_SIGNATURE_0001 = _replacing("_signature_check", "CREATE FUNCTION injurydoc._addendum_check(")
_ADDENDUM_0001 = _replacing("_addendum_check", "CREATE FUNCTION injurydoc._photo_check(")

_FETCH = _replace(
    _replace(
        _FETCH_0001,
        "'signature', encode(s.signature, 'base64'))",
        "'signature', encode(s.signature, 'base64'),\n"
        "                                  'content_version', s.content_version,"
        " 'migrated_from', s.migrated_from,\n"
        "                                  'record_signed_at', s.record_signed_at,"
        " 'signed_content', encode(s.signed_content, 'base64'))",
    ),
    "'signature', encode(a.signature, 'base64'))",
    "'signature', encode(a.signature, 'base64'),\n"
    "                 'migrated_from', a.migrated_from, 'migrated_by', a.migrated_by)",
)

_MIGRATED_BY_MANAGER = """
-- a migrated signature: moved by a store import only, made with a unit manager's key of the unit
CREATE FUNCTION injurydoc._check_migrated(p_unit uuid, p_signer uuid) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF injurydoc._open_import() IS NULL OR NOT EXISTS (
       SELECT 1 FROM injurydoc.accounts a
        WHERE a.id = p_signer AND a.unit_id = p_unit AND 'unit_manager' = ANY (a.roles)) THEN
    RAISE EXCEPTION 'injurydoc: a migrated signature is a unit manager''s, moved by a store import'
      USING ERRCODE = 'ID002';
  END IF;
END $$;
REVOKE ALL ON FUNCTION injurydoc._check_migrated(uuid, uuid) FROM PUBLIC;
"""

_SIGNATURE = _replace(
    _replace(
        _SIGNATURE_0001,
        """  IF NOT EXISTS (SELECT 1 FROM injurydoc.examinations
                  WHERE id = NEW.examination_id AND examiner_id = NEW.signer_id) THEN""",
        """  IF NEW.migrated_from IS NOT NULL THEN
    PERFORM injurydoc._check_migrated(NEW.unit_id, NEW.signer_id);
  ELSIF NOT EXISTS (SELECT 1 FROM injurydoc.examinations
                  WHERE id = NEW.examination_id AND examiner_id = NEW.signer_id) THEN""",
    ),
    "  NEW.received_at := now();",
    """  IF NEW.signed_content IS NOT NULL AND sha256(NEW.signed_content) <> NEW.content_sha256 THEN
    RAISE EXCEPTION 'injurydoc: the signed content does not have the signed hash' USING ERRCODE = 'ID003';
  END IF;
  NEW.received_at := now();""",
)

_ADDENDUM = _replace(
    _replace(
        _ADDENDUM_0001,
        "WHERE id = NEW.key_id AND account_id = NEW.author_id AND purpose = 'signing'",
        "WHERE id = NEW.key_id AND account_id = coalesce(NEW.migrated_by, NEW.author_id)\n"
        "                    AND purpose = 'signing'",
    ),
    "  NEW.received_at := now();",
    """  IF NEW.migrated_from IS NOT NULL THEN
    PERFORM injurydoc._check_migrated(NEW.unit_id, NEW.migrated_by);
  END IF;
  NEW.received_at := now();""",
)

_DATE = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"

UPGRADE = (
    f"""
ALTER TABLE injurydoc.signatures
  ADD COLUMN content_version integer NOT NULL DEFAULT 2 CHECK (content_version BETWEEN 1 AND 1000),
  ADD COLUMN migrated_from text CHECK (migrated_from ~ {_DATE}),
  ADD COLUMN record_signed_at timestamptz,
  ADD COLUMN signed_content bytea CHECK (length(signed_content) BETWEEN 2 AND 16777216),
  ADD CONSTRAINT signatures_record_signed_at_migrated
    CHECK (record_signed_at IS NULL OR migrated_from IS NOT NULL),
  ADD CONSTRAINT signatures_earlier_version_content CHECK (content_version = 2 OR signed_content IS NOT NULL);
ALTER TABLE injurydoc.addenda
  ADD COLUMN migrated_from text CHECK (migrated_from ~ {_DATE}),
  ADD COLUMN migrated_by uuid,
  ADD CONSTRAINT addenda_migrated_by CHECK ((migrated_from IS NULL) = (migrated_by IS NULL)),
  ADD CONSTRAINT addenda_migrated_by_account FOREIGN KEY (unit_id, migrated_by)
    REFERENCES injurydoc.accounts (unit_id, id);
"""
    + _MIGRATED_BY_MANAGER
    + _SIGNATURE
    + "\n"
    + _ADDENDUM
    + "\n"
    + _FETCH
    + r"""
-- accounts a store import made before 0011 recorded them: from the server's own log
INSERT INTO injurydoc.store_import_accounts (unit_id, store_id, account_id, made_at)
SELECT DISTINCT ON (a.unit_id, si.store_id, a.id) a.unit_id, si.store_id, a.id, l.at
  FROM injurydoc.access_log l
  JOIN injurydoc.accounts a
    ON a.id = CASE WHEN l.target ~ '^account:[0-9a-f-]{36}$' THEN substr(l.target, 9)::uuid END
   AND a.unit_id = l.unit_id
  JOIN injurydoc.store_imports si
    ON si.manager_id = l.account_id AND si.unit_id = l.unit_id AND si.opened_at <= l.at
   AND (si.closed_at IS NULL OR si.closed_at >= l.at)
 WHERE l.source = 'server' AND l.action = 'store_import.account' AND l.outcome = 'ok'
   AND NOT EXISTS (SELECT 1 FROM injurydoc.account_keys k WHERE k.account_id = a.id AND k.created_by = a.id)
   AND NOT EXISTS (SELECT 1 FROM injurydoc.store_import_accounts sa
                    WHERE sa.unit_id = a.unit_id AND sa.store_id = si.store_id AND sa.account_id = a.id)
 ORDER BY a.unit_id, si.store_id, a.id, l.at;
"""
)

DOWNGRADE = (
    """
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM injurydoc.signatures WHERE migrated_from IS NOT NULL OR content_version <> 2)
     OR EXISTS (SELECT 1 FROM injurydoc.addenda WHERE migrated_from IS NOT NULL) THEN
    RAISE EXCEPTION 'injurydoc: migrated or earlier-version signatures would lose their marker below 0012'
      USING ERRCODE = 'ID003';
  END IF;
END $$;
"""
    + _FETCH_0001
    + "\n"
    + _SIGNATURE_0001
    + "\n"
    + _ADDENDUM_0001
    + """
DROP FUNCTION injurydoc._check_migrated(uuid, uuid);
ALTER TABLE injurydoc.addenda DROP CONSTRAINT addenda_migrated_by_account,
  DROP CONSTRAINT addenda_migrated_by,
  DROP COLUMN migrated_by, DROP COLUMN migrated_from;
ALTER TABLE injurydoc.signatures DROP CONSTRAINT signatures_earlier_version_content,
  DROP CONSTRAINT signatures_record_signed_at_migrated, DROP COLUMN signed_content,
  DROP COLUMN record_signed_at, DROP COLUMN migrated_from, DROP COLUMN content_version;
"""
)
