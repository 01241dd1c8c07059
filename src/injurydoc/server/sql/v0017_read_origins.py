"""Schema version 0017: where a version came from, and the list of patients read as one set.

* **Which workstation, as the server recorded it.** A version names the workstation it was made on
  (``examination_versions.workstation_id``, chosen by the workstation — for its own versions only: the
  insert policies hold the author to the caller).  The name of a workstation was kept only as its last
  report (``workstations.name``), which any account of the unit reporting a sync under that id replaces.
  From 0017 ``report_sync`` also keeps, per workstation **and account**, the name that account's
  reports gave it (``workstation_reports``, no grant: read only through the functions below), and
  ``fetch_examination`` returns with each version its ``workstation_id``, the name **the version's
  author's own reports** gave that workstation (``workstation_name``; NULL when that account never
  reported a sync from it) and the author's display name as the server holds it (``author_name``).
  Another account can neither rename the workstation under which a colleague's version is shown nor
  make a version of its own look like a colleague's.  The workstation's names before 0017 are taken
  over from ``workstations`` (its last report, under the account that made it).
* **The list of patients an account may open, as a set.** ``request_read('patients')`` and
  ``fetch_patients`` called ``_may_open(patient, account)`` for every patient of the unit — a query per
  patient, ≈ 27 µs each (287 ms at 5,000 patients: docs/benchmarks.md).  The rule is now one set-based
  function, ``_openable(account, patient)``: the patients the account may open (``patient`` NULL: all;
  else that one), an ``SQL`` function the planner inlines, so the list is one join over the unit's
  patients, the account's grants and its open store import.  ``_may_open`` is the same function asked
  about one patient (the rule is written once).  The rule is 0007's (the newest before this revision),
  unchanged.
* **The key holders of a store import, named.** ``server import-store`` makes a disabled account
  ``<store user>.<6 hex>`` (role ``unit_manager``) to hold the key of a store manager's migrated
  signatures when the server's own manager holds the user name.  ``import_key_holders()`` (unit managers,
  own unit) lists such accounts from the server's record of what an import made
  (``store_import_accounts``) and the name rule, so the manager page can say what the account is and
  why it is disabled; an account a manager names alike by hand is not one.
* **A migrated signature's marker, attested.** ``signatures.migration_attestation``: the store's unit
  key's signature over the marker, the record time and the signature they belong to, sent by the store
  import (``sync/migrated_marker.py``) and returned by ``fetch_examination``.  A workstation takes a
  migrated signature only with a valid one, so a marker changed together with ``record_signed_at`` is
  found.  The downgrade is refused while attested signatures exist.
"""

from __future__ import annotations

from injurydoc.server.sql import v0001_functions, v0007_training_units, v0012_import_signatures


def _replace(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:  # the earlier revision's text changed: look at this one again
        raise RuntimeError(f"0017: {old!r} not found once")
    return text.replace(old, new)


def _function(text: str, start: str) -> str:
    """One ``CREATE [OR REPLACE] FUNCTION`` of ``text``, up to its ``$$;``, as ``CREATE OR REPLACE``."""
    i = text.index(start)
    body = text[i : text.index("$$;", text.index("AS $$", i) + 5) + 3]
    return body.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1) + "\n"


# the definitions as they are before this revision
_MAY_OPEN_0007 = _function(v0007_training_units.UPGRADE, "CREATE OR REPLACE FUNCTION injurydoc._may_open(")
_REPORT_SYNC_0007 = _function(
    v0007_training_units.UPGRADE, "CREATE OR REPLACE FUNCTION injurydoc.report_sync("
)
_REQUEST_READ_0001 = _function(v0001_functions.UPGRADE, "CREATE FUNCTION injurydoc.request_read(")
_FETCH_PATIENTS_0001 = _function(v0001_functions.UPGRADE, "CREATE FUNCTION injurydoc.fetch_patients(")
_FETCH_EXAMINATION_0012 = _function(
    v0012_import_signatures.UPGRADE, "CREATE OR REPLACE FUNCTION injurydoc.fetch_examination("
)

# 0007's rule, written as a set: the same conditions, the patient's id a filter instead of the key; the
# grants and the open import are subqueries on the account alone (hashed once, not run per patient)
_OPENABLE = """
CREATE FUNCTION injurydoc._openable(p_account uuid, p_patient uuid)
RETURNS TABLE (patient_id uuid)
LANGUAGE sql STABLE AS $$
  SELECT p.id
    FROM injurydoc.accounts a
    JOIN injurydoc.units u ON u.id = a.unit_id
    JOIN injurydoc.patients p ON p.unit_id = a.unit_id
   WHERE a.id = p_account AND a.active
     AND (p_patient IS NULL OR p.id = p_patient)
     AND (u.purpose = 'training' OR 'clinician' = ANY (a.roles) OR NOT 'trainer' = ANY (a.roles))
     AND (p.created_by = a.id
          OR (p.protection = 'none'
              AND ('clinician' = ANY (a.roles) OR (u.purpose = 'training' AND 'trainer' = ANY (a.roles))))
          OR p.id IN (SELECT g.patient_id FROM injurydoc.grants g
                       WHERE g.account_id = p_account AND g.withdrawn_at IS NULL
                         AND (g.valid_until IS NULL OR g.valid_until > now()))
          OR ('unit_manager' = ANY (a.roles) AND p.id IN (
                SELECT sp.patient_id FROM injurydoc.store_imports si
                  JOIN injurydoc.store_import_patients sp
                    ON sp.unit_id = si.unit_id AND sp.store_id = si.store_id
                 WHERE si.manager_id = p_account AND si.closed_at IS NULL)))
$$;
REVOKE ALL ON FUNCTION injurydoc._openable(uuid, uuid) FROM PUBLIC;
"""

_MAY_OPEN = """
CREATE OR REPLACE FUNCTION injurydoc._may_open(p_patient uuid, p_account uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT p_patient IS NOT NULL AND EXISTS (SELECT 1 FROM injurydoc._openable(p_account, p_patient))
$$;
"""

_REQUEST_READ = _replace(
    _REQUEST_READ_0001,
    "FROM injurydoc.patients p WHERE p.unit_id = v_unit AND injurydoc._may_open(p.id, v_me);",
    "FROM injurydoc._openable(v_me, NULL) o\n"
    "      JOIN injurydoc.patients p ON p.id = o.patient_id WHERE p.unit_id = v_unit;",
)

_FETCH_PATIENTS = _replace(
    _FETCH_PATIENTS_0001,
    """    FROM injurydoc.patients p
   WHERE p.id IN (SELECT t.patient_id FROM injurydoc._read_targets(p_read, 'patient.list') t)
     AND injurydoc._may_open(p.id, v_me)""",
    """    FROM injurydoc.patients p
    JOIN (SELECT DISTINCT t.patient_id FROM injurydoc._read_targets(p_read, 'patient.list') t) t
      ON t.patient_id = p.id
    JOIN injurydoc._openable(v_me, NULL) o ON o.patient_id = p.id""",
)

_REPORT_SYNC = _replace(
    _REPORT_SYNC_0007,
    "        client_version = EXCLUDED.client_version;\n",
    "        client_version = EXCLUDED.client_version;\n"
    "  INSERT INTO injurydoc.workstation_reports AS r (unit_id, workstation_id, account_id, name)\n"
    "  VALUES (v_unit, p_workstation, v_me, p_name)\n"
    "  ON CONFLICT (unit_id, workstation_id, account_id) DO UPDATE\n"
    "    SET name = EXCLUDED.name, last_at = now();\n",
)

_FETCH_EXAMINATION = _replace(
    _FETCH_EXAMINATION_0012,
    "'client_saved_at', v.client_saved_at, 'received_at', v.received_at, 'content', v.content,",
    "'client_saved_at', v.client_saved_at, 'received_at', v.received_at, 'content', v.content,\n"
    "                 'workstation_id', v.workstation_id,\n"
    "                 'workstation_name', (SELECT r.name FROM injurydoc.workstation_reports r\n"
    "                                       WHERE r.unit_id = v.unit_id\n"
    "                                         AND r.workstation_id = v.workstation_id\n"
    "                                         AND r.account_id = v.author_id),\n"
    "                 'author_name', (SELECT au.display_name FROM injurydoc.accounts au\n"
    "                                  WHERE au.id = v.author_id),",
)

# the accounts a store import made only to hold the key of a store manager's migrated signatures
# (services/store_import._archive_name: "<store user name>.<first 6 hex of sha256(store id)>", role
# unit_manager) — from the server's own record of what an import made, not from the name alone
_KEY_HOLDERS = """
CREATE FUNCTION injurydoc.import_key_holders()
RETURNS TABLE (account_id uuid, store_user text, made_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
BEGIN
  IF NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  RETURN QUERY
  SELECT a.id, substr(a.role_name::text, 1, length(a.role_name) - 7), min(sa.made_at)
    FROM injurydoc.store_import_accounts sa
    JOIN injurydoc.accounts a ON a.id = sa.account_id AND a.unit_id = sa.unit_id
   WHERE sa.unit_id = v_unit AND a.roles = ARRAY['unit_manager']
     AND a.role_name::text = substr(a.role_name::text, 1, length(a.role_name) - 7) || '.'
                             || substr(encode(sha256(convert_to(sa.store_id, 'UTF8')), 'hex'), 1, 6)
   GROUP BY a.id, a.role_name;
END $$;
REVOKE ALL ON FUNCTION injurydoc.import_key_holders() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc.import_key_holders() TO injurydoc_unit_manager;
"""

_FETCH_EXAMINATION = _replace(
    _FETCH_EXAMINATION,
    "'signed_content', encode(s.signed_content, 'base64'))",
    "'signed_content', encode(s.signed_content, 'base64'),\n"
    "                                  'migration_attestation', encode(s.migration_attestation, 'base64'))",
)

UPGRADE = (
    r"""
CREATE TABLE injurydoc.workstation_reports (
  unit_id uuid NOT NULL,
  workstation_id uuid NOT NULL,
  account_id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  first_at timestamptz NOT NULL DEFAULT now(),
  last_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit_id, workstation_id, account_id),
  FOREIGN KEY (unit_id, workstation_id) REFERENCES injurydoc.workstations (unit_id, id),
  FOREIGN KEY (unit_id, account_id) REFERENCES injurydoc.accounts (unit_id, id)
);
ALTER TABLE injurydoc.workstation_reports ENABLE ROW LEVEL SECURITY;
-- a migrated signature's marker, attested by the store's unit key (sync/migrated_marker.py)
ALTER TABLE injurydoc.signatures
  ADD COLUMN migration_attestation bytea CHECK (length(migration_attestation) BETWEEN 32 AND 1024);
REVOKE ALL ON injurydoc.workstation_reports FROM PUBLIC;
INSERT INTO injurydoc.workstation_reports (unit_id, workstation_id, account_id, name, first_at, last_at)
SELECT w.unit_id, w.id, w.last_sync_account, w.name, w.first_seen, coalesce(w.last_sync_at, w.first_seen)
  FROM injurydoc.workstations w WHERE w.last_sync_account IS NOT NULL;
"""
    + _OPENABLE
    + _MAY_OPEN
    + _REQUEST_READ
    + _FETCH_PATIENTS
    + _REPORT_SYNC
    + _FETCH_EXAMINATION
    + _KEY_HOLDERS
)

DOWNGRADE = (
    """
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM injurydoc.signatures WHERE migration_attestation IS NOT NULL) THEN
    RAISE EXCEPTION 'injurydoc: attested migrated signatures would lose their attestation below 0017'
      USING ERRCODE = 'ID003';
  END IF;
END $$;
"""
    + _FETCH_EXAMINATION_0012
    + _REPORT_SYNC_0007
    + _FETCH_PATIENTS_0001
    + _REQUEST_READ_0001
    + _MAY_OPEN_0007
    + """
DROP FUNCTION injurydoc.import_key_holders();
DROP FUNCTION injurydoc._openable(uuid, uuid);
DROP TABLE injurydoc.workstation_reports;
ALTER TABLE injurydoc.signatures DROP COLUMN migration_attestation;
"""
)
