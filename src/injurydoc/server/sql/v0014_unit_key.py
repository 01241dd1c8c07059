"""Schema version 0014: the unit key — a trust anchor for unit mode that the server's operator does not
hold (docs/server.md, "The unit key").  Frozen once released.

- ``units.root_key``: the public half of the unit's Ed25519 **unit key**, made on the workstation of a
  unit manager (never by IT at ``server init``: IT is whom it defends against).  Set once, by a unit
  manager of that very unit, through ``set_unit_key`` (logged); a trigger refuses any other change —
  setting it again, changing or removing it, setting it for another unit, or by anyone not a unit
  manager (the owner included).  ``root_key_fingerprint`` (from 0001) is filled with its fingerprint
  for ``server status``.  A superuser can still disable the trigger: the workstations pin the key and
  refuse a replaced or removed one (sync/unit_key.py), which is the defence that counts.
- ``unit_key_seals``: the unit key's private half sealed to one unit manager's encryption key.  A
  manager reads only their own; a manager inserts only in their own name, for a unit manager of their
  unit.  Insert-only.
- ``key_certifications``: a unit manager's certificate for an account's encryption key (the unit key's
  signature over the account, both its public keys and their generation).  Every account of the unit
  reads them; a unit manager inserts them, in their own name.  Insert-only; each is logged by the
  server.  The workstations check every certificate under the unit key they pinned: a row the server
  (or its superuser) made up does not verify.
"""

_TABLES = ("unit_key_seals", "key_certifications")

_guards = "\n".join(
    f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON injurydoc.{t}\n"
    f"  FOR EACH ROW EXECUTE FUNCTION injurydoc._refuse_change();\n"
    f"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON injurydoc.{t}\n"
    f"  FOR EACH STATEMENT EXECUTE FUNCTION injurydoc._refuse_change();\n"
    f"ALTER TABLE injurydoc.{t} ENABLE ROW LEVEL SECURITY;\n"
    f"REVOKE ALL ON injurydoc.{t} FROM PUBLIC;"
    for t in _TABLES
)

UPGRADE = (
    r"""
ALTER TABLE injurydoc.units
  ADD COLUMN root_key bytea CHECK (root_key IS NULL OR length(root_key) = 32),
  ADD COLUMN root_key_by uuid REFERENCES injurydoc.accounts(id),
  ADD COLUMN root_key_at timestamptz;

-- the unit key is set once, by a unit manager of the unit, and never changed or removed
CREATE FUNCTION injurydoc._unit_key_once() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.root_key IS NOT DISTINCT FROM OLD.root_key
     AND NEW.root_key_fingerprint IS NOT DISTINCT FROM OLD.root_key_fingerprint
     AND NEW.root_key_by IS NOT DISTINCT FROM OLD.root_key_by
     AND NEW.root_key_at IS NOT DISTINCT FROM OLD.root_key_at THEN
    RETURN NEW;
  END IF;
  IF OLD.root_key IS NOT NULL OR NEW.root_key IS NULL THEN
    RAISE EXCEPTION 'injurydoc: the unit key is set once and never changed' USING ERRCODE = 'ID001';
  END IF;
  IF NEW.id IS DISTINCT FROM injurydoc.my_unit() OR NOT injurydoc.i_am('unit_manager')
     OR NEW.root_key_by IS DISTINCT FROM injurydoc.me() THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER units_key_once BEFORE UPDATE ON injurydoc.units
  FOR EACH ROW EXECUTE FUNCTION injurydoc._unit_key_once();

CREATE FUNCTION injurydoc.set_unit_key(p_public bytea) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit(); v_fp text;
BEGIN
  IF NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  IF p_public IS NULL OR length(p_public) <> 32 THEN
    RAISE EXCEPTION 'injurydoc: a unit key is 32 bytes' USING ERRCODE = 'ID003';
  END IF;
  -- the workstations' fingerprint (store/personal_keys.py): 128 bits of SHA-256, eight groups of four
  v_fp := upper(substr(encode(sha256(convert_to('injurydoc-public-key-v1:', 'UTF8') || p_public), 'hex'),
                       1, 32));
  v_fp := regexp_replace(v_fp, '(....)(?!$)', '\1-', 'g');
  UPDATE injurydoc.units SET root_key = p_public, root_key_fingerprint = v_fp, root_key_by = v_me,
                             root_key_at = now()
   WHERE id = v_unit AND root_key IS NULL;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  PERFORM injurydoc._log(v_unit, v_me, 'unit.key', 'ok', NULL, 'unit:' || v_unit::text,
                         jsonb_build_object('event', 'unit_key_set', 'fingerprint', v_fp), NULL);
  RETURN true;
END $$;

CREATE TABLE injurydoc.unit_key_seals (
  unit_id uuid NOT NULL,
  account_id uuid NOT NULL,
  key_id uuid NOT NULL,
  sealed bytea NOT NULL CHECK (length(sealed) BETWEEN 16 AND 4096),
  sealed_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit_id, account_id, key_id),
  FOREIGN KEY (unit_id, account_id) REFERENCES injurydoc.accounts (unit_id, id),
  FOREIGN KEY (unit_id, key_id) REFERENCES injurydoc.account_keys (unit_id, id),
  FOREIGN KEY (unit_id, sealed_by) REFERENCES injurydoc.accounts (unit_id, id)
);

CREATE TABLE injurydoc.key_certifications (
  key_id uuid PRIMARY KEY,
  unit_id uuid NOT NULL,
  account_id uuid NOT NULL,
  certificate bytea NOT NULL CHECK (length(certificate) BETWEEN 16 AND 16384),
  signature bytea NOT NULL CHECK (length(signature) = 64),
  certified_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (unit_id, key_id) REFERENCES injurydoc.account_keys (unit_id, id),
  FOREIGN KEY (unit_id, account_id) REFERENCES injurydoc.accounts (unit_id, id),
  FOREIGN KEY (unit_id, certified_by) REFERENCES injurydoc.accounts (unit_id, id)
);
"""
    + _guards
    + r"""
GRANT SELECT, INSERT ON injurydoc.unit_key_seals, injurydoc.key_certifications TO injurydoc_account;

CREATE POLICY unit_key_seals_own ON injurydoc.unit_key_seals FOR SELECT TO injurydoc_account
  USING (account_id = injurydoc.me());
CREATE POLICY unit_key_seals_insert ON injurydoc.unit_key_seals FOR INSERT TO injurydoc_account
  WITH CHECK (unit_id = injurydoc.my_unit() AND sealed_by = injurydoc.me() AND injurydoc.i_am('unit_manager')
              AND EXISTS (SELECT 1 FROM injurydoc.accounts a WHERE a.id = account_id AND a.active
                            AND a.unit_id = injurydoc.my_unit() AND 'unit_manager' = ANY (a.roles)));

CREATE POLICY key_certifications_unit ON injurydoc.key_certifications FOR SELECT TO injurydoc_account
  USING (unit_id = injurydoc.my_unit());
CREATE POLICY key_certifications_insert ON injurydoc.key_certifications FOR INSERT TO injurydoc_account
  WITH CHECK (unit_id = injurydoc.my_unit() AND certified_by = injurydoc.me()
              AND injurydoc.i_am('unit_manager'));

CREATE FUNCTION injurydoc._log_certification() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM injurydoc._log(NEW.unit_id, NEW.certified_by, 'account.key_certified', 'ok', NULL,
                         'account:' || NEW.account_id::text,
                         jsonb_build_object('event', 'key_certified', 'key', NEW.key_id), NULL);
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION injurydoc._log_certification() FROM PUBLIC;
CREATE TRIGGER key_certifications_logged AFTER INSERT ON injurydoc.key_certifications
  FOR EACH ROW EXECUTE FUNCTION injurydoc._log_certification();

REVOKE ALL ON FUNCTION injurydoc.set_unit_key(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc.set_unit_key(bytea) TO injurydoc_unit_manager;
"""
)

DOWNGRADE = r"""
DROP FUNCTION injurydoc.set_unit_key(bytea);
DROP TABLE injurydoc.key_certifications;
DROP FUNCTION injurydoc._log_certification();
DROP TABLE injurydoc.unit_key_seals;
DROP TRIGGER units_key_once ON injurydoc.units;
DROP FUNCTION injurydoc._unit_key_once();
UPDATE injurydoc.units SET root_key_fingerprint = NULL WHERE root_key IS NOT NULL;
ALTER TABLE injurydoc.units DROP COLUMN root_key_at, DROP COLUMN root_key_by, DROP COLUMN root_key;
"""
