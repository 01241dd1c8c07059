"""Schema version 0015: a store import moves protected persons too (``injurydoc server import-store``).

0008 let an open store import insert only patients **without** protected personal data.  Now it may insert
a protected person as any workstation sends one: the identity as ciphertext only (``identity`` NULL,
``identity_ciphertext`` set — the table's own checks; every version, injury, addendum and photo's
metadata of that person is refused in plain text by ``_check_protected``, SQLSTATE ``ID004``, unchanged).

The store's co-handlers are recorded too: ``import_co_handler`` makes the live ``co_handler`` grant an
open import's manager may record for a patient **of that import** (a co-handler is the creator's choice:
``grant_access`` takes one only from the creator), in the creator's name (``granted_by``: the creator may
withdraw it as their own), logged by the server.  A manager's grants go through ``grant_access`` as
always.  ``key_creator`` tells an account holding a wrap of a person's key who created the case, so a
workstation's sweep (``sealed.rewrap``) wraps the key for the creator as for the grants it sees — a
manager's workstation holds the key but not the case.
"""

from __future__ import annotations

from injurydoc.server.sql import v0008_store_import

# 0008's policy, as it was
_V0008 = v0008_store_import.UPGRADE
_OLD_POLICY = (
    "\n"
    + _V0008[
        _V0008.index("CREATE POLICY patients_import ") : _V0008.index("CREATE POLICY examinations_import")
    ]
)
if "CREATE POLICY patients_import" not in _OLD_POLICY or "protection = 'none'" not in _OLD_POLICY:
    raise RuntimeError("0015: 0008's patients_import not found")

UPGRADE = r"""
DROP POLICY patients_import ON injurydoc.patients;
CREATE POLICY patients_import ON injurydoc.patients FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND injurydoc._open_import() IS NOT NULL
              AND (protection = 'none' OR (identity IS NULL AND identity_ciphertext IS NOT NULL)));

-- a co-handler of a protected person the open import moves, recorded in the creator's name (once)
CREATE FUNCTION injurydoc.import_co_handler(p_patient uuid, p_account uuid, p_reason text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit(); v_id uuid;
        p injurydoc.patients;
BEGIN
  SELECT * INTO p FROM injurydoc.patients WHERE id = p_patient;
  IF NOT FOUND OR p.unit_id <> v_unit OR injurydoc._open_import() IS NULL
     OR NOT injurydoc._imported_patient(p_patient) OR p_account = p.created_by
     OR NOT EXISTS (SELECT 1 FROM injurydoc.accounts
                     WHERE id = p_account AND unit_id = v_unit AND active) THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  SELECT id INTO v_id FROM injurydoc.grants
   WHERE patient_id = p_patient AND account_id = p_account AND kind = 'co_handler' AND withdrawn_at IS NULL;
  IF v_id IS NOT NULL THEN
    RETURN v_id;
  END IF;
  INSERT INTO injurydoc.grants (unit_id, patient_id, account_id, kind, reason, valid_until, granted_by)
  VALUES (v_unit, p_patient, p_account, 'co_handler', p_reason, NULL, p.created_by)
  RETURNING id INTO v_id;
  PERFORM injurydoc._log(v_unit, v_me, 'grant.create', 'ok', p_patient, p_account::text,
                         jsonb_build_object('kind', 'co_handler', 'valid_until', NULL,
                                            'store_import', injurydoc._open_import(),
                                            'granted_by', p.created_by), NULL);
  RETURN v_id;
END $$;
-- who made a protected person's case, for an account holding a wrap of the person's key: its workstation's
-- sweep wraps the key for the creator too (an account a store import made, once its holder connected)
CREATE FUNCTION injurydoc.key_creator(p_patient uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT p.created_by FROM injurydoc.patients p
   WHERE p.id = p_patient AND p.unit_id = injurydoc.my_unit()
     AND EXISTS (SELECT 1 FROM injurydoc.patient_key_wraps w
                  WHERE w.patient_id = p.id AND w.account_id = injurydoc.me())
$$;
REVOKE ALL ON FUNCTION injurydoc.key_creator(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc.key_creator(uuid) TO injurydoc_account;
REVOKE ALL ON FUNCTION injurydoc.import_co_handler(uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc.import_co_handler(uuid, uuid, text) TO injurydoc_unit_manager;
"""

# Down: an import inserts persons without protection only again; the protected persons moved stay (they
# are rows as a workstation sends them) and so do their grants.
DOWNGRADE = (
    """
DROP FUNCTION injurydoc.key_creator(uuid);
DROP FUNCTION injurydoc.import_co_handler(uuid, uuid, text);
DROP POLICY patients_import ON injurydoc.patients;
"""
    + _OLD_POLICY
)
