"""Schema version 0008: moving a standalone store into a unit (``injurydoc server import-store``).

A standalone store's records were made by several accounts; the server's insert policies let each account
insert only rows in its own name.  An import is done by the unit manager, under an **open store import**
(``open_store_import``, logged by the server): while it is open, that manager may insert, in the names of
their own unit's accounts,

- patients **without** protected personal data (each is registered to the import's store, by trigger),
- examinations, versions, injuries, photos (bytes through the same SHA-256-checked upload), signatures
  and addenda **of those patients only**, and
- the store's access-log rows as client entries (``source = 'client'``).

The server's own checks hold as for any insert (a signature by the examiner, under a signing key the
server holds for the examiner; nothing of a protected person in plain text; signed records frozen).  While
the import is open the manager may also **read** the patients registered to it — through the ordinary
logged reads — so that the import can be verified; ``close_store_import`` ends both.  A manager gains no
right over cases the clinicians made on the server.
"""

from __future__ import annotations

from injurydoc.server.sql import v0001_functions, v0006_chunk_digest


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i : text.index(end, i)]


# the definitions as they are before this revision (0001's begin_upload and _may_open, 0006's finish_upload)
_MAY_OPEN = _between(
    v0001_functions.UPGRADE,
    "CREATE FUNCTION injurydoc._may_open(",
    "CREATE FUNCTION injurydoc.may_open(",
).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
_BEGIN_UPLOAD = _between(
    v0001_functions.UPGRADE, "CREATE FUNCTION injurydoc.begin_upload(", "-- 'complete'"
).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
_FINISH_UPLOAD = v0006_chunk_digest.UPGRADE[
    v0006_chunk_digest.UPGRADE.index("CREATE OR REPLACE FUNCTION injurydoc.finish_upload(") :
]
_FINISH_UPLOAD = _FINISH_UPLOAD[: _FINISH_UPLOAD.index("END $$;") + len("END $$;")]

_CLINICIAN = "injurydoc.i_am('clinician')"
_CLINICIAN_OR_IMPORT = "(injurydoc.i_am('clinician') OR injurydoc._open_import() IS NOT NULL)"

_IMPORTED = """
            OR ('unit_manager' = ANY (a.roles) AND EXISTS (
                  SELECT 1 FROM injurydoc.store_imports si
                    JOIN injurydoc.store_import_patients sp
                      ON sp.unit_id = si.unit_id AND sp.store_id = si.store_id
                   WHERE si.manager_id = a.id AND si.closed_at IS NULL AND sp.patient_id = p.id))"""

_MAY_OPEN_IMPORT = _MAY_OPEN.replace(
    "AND (g.valid_until IS NULL OR g.valid_until > now()))))",
    "AND (g.valid_until IS NULL OR g.valid_until > now()))" + _IMPORTED + "))",
)
if _MAY_OPEN_IMPORT == _MAY_OPEN:  # the 0001 text changed: this revision must be looked at again
    raise RuntimeError("0008: _may_open not found")

_IMPORT_TABLES = (
    "patients",
    "examinations",
    "examination_versions",
    "injuries",
    "signatures",
    "addenda",
    "photos",
    "photo_chunks",
)

_POLICIES = """
CREATE POLICY patients_import ON injurydoc.patients FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND protection = 'none' AND injurydoc._open_import() IS NOT NULL);
CREATE POLICY examinations_import ON injurydoc.examinations FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND injurydoc._imported_patient(patient_id));
CREATE POLICY versions_import ON injurydoc.examination_versions FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND injurydoc._imported_examination(examination_id));
CREATE POLICY injuries_import ON injurydoc.injuries FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND injurydoc._imported_version(version_id));
CREATE POLICY signatures_import ON injurydoc.signatures FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND injurydoc._imported_examination(examination_id));
CREATE POLICY addenda_import ON injurydoc.addenda FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND injurydoc._imported_examination(examination_id));
CREATE POLICY photos_import ON injurydoc.photos FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND injurydoc._imported_examination(examination_id));
CREATE POLICY chunks_import ON injurydoc.photo_chunks FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND injurydoc._open_import() IS NOT NULL
              AND injurydoc.upload_is_open(sha256));
CREATE POLICY log_import ON injurydoc.access_log FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND source = 'client' AND injurydoc._open_import() IS NOT NULL);
"""

UPGRADE = (
    r"""
CREATE TABLE injurydoc.store_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL,
  manager_id uuid NOT NULL,
  store_id text NOT NULL CHECK (length(store_id) BETWEEN 1 AND 100),
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  FOREIGN KEY (unit_id, manager_id) REFERENCES injurydoc.accounts (unit_id, id)
);
CREATE UNIQUE INDEX store_imports_open ON injurydoc.store_imports (manager_id) WHERE closed_at IS NULL;

CREATE TABLE injurydoc.store_import_patients (
  unit_id uuid NOT NULL,
  store_id text NOT NULL,
  patient_id uuid NOT NULL REFERENCES injurydoc.patients(id),
  PRIMARY KEY (unit_id, store_id, patient_id)
);
ALTER TABLE injurydoc.store_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE injurydoc.store_import_patients ENABLE ROW LEVEL SECURITY;
CREATE POLICY store_imports_unit ON injurydoc.store_imports FOR SELECT TO injurydoc_unit_manager
  USING (unit_id = injurydoc.my_unit());
REVOKE ALL ON injurydoc.store_imports, injurydoc.store_import_patients FROM PUBLIC;
GRANT SELECT ON injurydoc.store_imports TO injurydoc_unit_manager;

-- the store of the calling manager's open import (NULL: none open)
CREATE FUNCTION injurydoc._open_import() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT si.store_id FROM injurydoc.store_imports si
   WHERE si.manager_id = injurydoc.me() AND si.unit_id = injurydoc.my_unit() AND si.closed_at IS NULL
     AND injurydoc.i_am('unit_manager')
$$;

CREATE FUNCTION injurydoc._imported_patient(p_patient uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM injurydoc.store_import_patients sp
                  WHERE sp.unit_id = injurydoc.my_unit() AND sp.store_id = injurydoc._open_import()
                    AND sp.patient_id = p_patient)
$$;

CREATE FUNCTION injurydoc._imported_examination(p_exam uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce((SELECT injurydoc._imported_patient(e.patient_id)
                     FROM injurydoc.examinations e WHERE e.id = p_exam), false)
$$;

CREATE FUNCTION injurydoc._imported_version(p_version uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce((SELECT injurydoc._imported_examination(v.examination_id)
                     FROM injurydoc.examination_versions v WHERE v.id = p_version), false)
$$;

-- a patient inserted under an open import belongs to the import's store
CREATE FUNCTION injurydoc._register_imported() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_store text := injurydoc._open_import();
BEGIN
  IF v_store IS NOT NULL THEN
    INSERT INTO injurydoc.store_import_patients (unit_id, store_id, patient_id)
    VALUES (NEW.unit_id, v_store, NEW.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER patients_import_register AFTER INSERT ON injurydoc.patients
  FOR EACH ROW EXECUTE FUNCTION injurydoc._register_imported();

-- open (or continue) this manager's import of a store; logged by the server
CREATE FUNCTION injurydoc.open_store_import(p_store text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit(); v_id uuid;
BEGIN
  IF NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  SELECT id INTO v_id FROM injurydoc.store_imports
   WHERE manager_id = v_me AND closed_at IS NULL AND store_id = p_store;
  IF v_id IS NULL THEN
    UPDATE injurydoc.store_imports SET closed_at = now() WHERE manager_id = v_me AND closed_at IS NULL;
    INSERT INTO injurydoc.store_imports (unit_id, manager_id, store_id) VALUES (v_unit, v_me, p_store)
    RETURNING id INTO v_id;
  END IF;
  PERFORM injurydoc._log(v_unit, v_me, 'store_import.open', 'ok', NULL, 'store:' || p_store,
                         jsonb_build_object('import', v_id), NULL);
  RETURN v_id;
END $$;

CREATE FUNCTION injurydoc.close_store_import(p_import uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account();
BEGIN
  UPDATE injurydoc.store_imports SET closed_at = now()
   WHERE id = p_import AND manager_id = v_me AND closed_at IS NULL;
  IF FOUND THEN
    PERFORM injurydoc._log(injurydoc.my_unit(), v_me, 'store_import.close', 'ok', NULL, '',
                           jsonb_build_object('import', p_import), NULL);
  END IF;
END $$;

-- an account of the store, made on the server with the store's account id (its signed records name it);
-- its password is set by the manager afterwards (the verifier given here is of a password nobody knows)
CREATE FUNCTION injurydoc.import_account(p_id uuid, p_username text, p_display_name text, p_roles text[],
                                         p_profession text, p_hsa_id text, p_verifier text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit(); v_id uuid;
BEGIN
  IF injurydoc._open_import() IS NULL THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  v_id := injurydoc._create_account(v_unit, v_me, p_username, p_display_name, p_roles, p_profession,
                                    p_hsa_id, p_verifier);
  UPDATE injurydoc.accounts SET id = p_id WHERE id = v_id;
  PERFORM injurydoc._log(v_unit, v_me, 'store_import.account', 'ok', NULL, 'account:' || p_id::text,
                         '{}'::jsonb, NULL);
  RETURN p_id;
END $$;

-- whether the unit holds a row (existence only, no content): what an interrupted import sent already
CREATE FUNCTION injurydoc.import_holds(p_kind text, p_id uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_unit uuid := injurydoc.my_unit();
BEGIN
  IF injurydoc._open_import() IS NULL THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  CASE p_kind
    WHEN 'patient' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.patients WHERE id = p_id AND unit_id = v_unit);
    WHEN 'examination' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.examinations WHERE id = p_id AND unit_id = v_unit);
    WHEN 'version' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.examination_versions WHERE id = p_id AND unit_id = v_unit);
    WHEN 'injury' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.injuries WHERE id = p_id AND unit_id = v_unit);
    WHEN 'photo' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.photos WHERE id = p_id AND unit_id = v_unit);
    WHEN 'signature' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.signatures WHERE examination_id = p_id AND unit_id = v_unit);
    WHEN 'addendum' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.addenda WHERE id = p_id AND unit_id = v_unit);
    ELSE
      RAISE EXCEPTION 'injurydoc: unknown kind of row %', p_kind USING ERRCODE = 'ID003';
  END CASE;
END $$;
"""
    + _MAY_OPEN_IMPORT
    + "\n"
    + _BEGIN_UPLOAD.replace(_CLINICIAN, _CLINICIAN_OR_IMPORT)
    + "\n"
    + _FINISH_UPLOAD.replace(_CLINICIAN, _CLINICIAN_OR_IMPORT)
    + "\n"
    + _POLICIES
    + """
REVOKE ALL ON FUNCTION injurydoc._open_import(), injurydoc._imported_patient(uuid),
  injurydoc._imported_examination(uuid), injurydoc._imported_version(uuid), injurydoc._register_imported(),
  injurydoc.open_store_import(text), injurydoc.close_store_import(uuid),
  injurydoc.import_account(uuid, text, text, text[], text, text, text), injurydoc.import_holds(text, uuid)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc._open_import(), injurydoc._imported_patient(uuid),
  injurydoc._imported_examination(uuid), injurydoc._imported_version(uuid), injurydoc.open_store_import(text),
  injurydoc.close_store_import(uuid), injurydoc.import_account(uuid, text, text, text[], text, text, text),
  injurydoc.import_holds(text, uuid), injurydoc.begin_upload(bytea, bigint, integer),
  injurydoc.finish_upload(bytea), injurydoc.upload_is_open(bytea) TO injurydoc_unit_manager;
GRANT INSERT ON """
    + ", ".join(f"injurydoc.{t}" for t in _IMPORT_TABLES)
    + " TO injurydoc_unit_manager;\n"
)

DOWNGRADE = (
    "REVOKE INSERT ON "
    + ", ".join(f"injurydoc.{t}" for t in _IMPORT_TABLES)
    + " FROM injurydoc_unit_manager;\n"
    + "REVOKE EXECUTE ON FUNCTION injurydoc.begin_upload(bytea, bigint, integer),"
    " injurydoc.finish_upload(bytea), injurydoc.upload_is_open(bytea) FROM injurydoc_unit_manager;\n"
    + "".join(
        f"DROP POLICY {name} ON injurydoc.{table};\n"
        for name, table in (
            ("patients_import", "patients"),
            ("examinations_import", "examinations"),
            ("versions_import", "examination_versions"),
            ("injuries_import", "injuries"),
            ("signatures_import", "signatures"),
            ("addenda_import", "addenda"),
            ("photos_import", "photos"),
            ("chunks_import", "photo_chunks"),
            ("log_import", "access_log"),
        )
    )
    + _MAY_OPEN
    + "\n"
    + _BEGIN_UPLOAD
    + "\n"
    + _FINISH_UPLOAD
    + """
DROP TRIGGER patients_import_register ON injurydoc.patients;
DROP FUNCTION injurydoc.import_holds(text, uuid);
DROP FUNCTION injurydoc.import_account(uuid, text, text, text[], text, text, text);
DROP FUNCTION injurydoc.close_store_import(uuid);
DROP FUNCTION injurydoc.open_store_import(text);
DROP FUNCTION injurydoc._register_imported();
DROP FUNCTION injurydoc._imported_version(uuid);
DROP FUNCTION injurydoc._imported_examination(uuid);
DROP FUNCTION injurydoc._imported_patient(uuid);
DROP FUNCTION injurydoc._open_import();
DROP TABLE injurydoc.store_import_patients;
DROP TABLE injurydoc.store_imports;
"""
)
