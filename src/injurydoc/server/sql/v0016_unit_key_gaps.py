"""Schema version 0016: the unit key's gaps — a disabled manager's seal, and certificates made again
(docs/server.md, "The unit key").  Frozen once released.

- **A disabled manager's seal is withdrawn.**  When an account stops being an active unit manager —
  disabled (``disable_account``), or ``unit_manager`` taken out of its roles (only the owner can: there
  is no function for it) — a trigger on ``accounts`` deletes its rows of ``unit_key_seals`` and logs
  ``unit_key_seal_withdrawn``.  The seals stay insert-only otherwise: a row is deleted only while its
  holder is not an active unit manager (any other DELETE, and every UPDATE, is refused), so neither the
  withdrawal nor its refusal can be used to remove an active manager's seal.  A superuser who disables
  these triggers keeps a seal in place: the workstations never use a seal of an account that is not an
  active unit manager, and the manager page names such a seal (``unit_key_seal_holders``).
- **A key may be certified again.**  ``key_certifications`` had one row per key; a certificate the
  workstations no longer accept (its certifier disabled before it was made, or no longer a unit
  manager) left the key uncertifiable.  Now a key may hold one certificate per certifier (the table
  gets its own id).  ``created_at`` is stamped by the server at insert (a manager cannot backdate it),
  so the workstations can compare it with the certifier's ``disabled_at``.
- ``unit_key_seal_holders()``: for a unit manager, the accounts of their unit the unit key is sealed to
  (ids only, never the sealed bytes).
- **Wraps made before the unit key.**  ``unit_wrap_holders()``: for a unit manager, each key of the unit
  that holds protected persons' keys and how many (account, key, count — never which persons);
  ``withdraw_key_wraps(key)``: a unit manager deletes every wrap held by one key of their unit, once the
  unit has a unit key, logged (``key_wraps_withdrawn`` with the count).  The server cannot check a
  certificate; the manager's workstation offers it only for keys with none under the pinned unit key.
"""

UPGRADE = r"""
-- ----- seals: withdrawn when the holder stops being an active unit manager ---------------------------
CREATE FUNCTION injurydoc._seal_withdrawable() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (
       SELECT 1 FROM injurydoc.accounts a
        WHERE a.id = OLD.account_id AND a.active AND 'unit_manager' = ANY (a.roles)) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'injurydoc: % is append-only: rows are never changed or deleted', TG_TABLE_NAME
    USING ERRCODE = 'ID001';
END $$;
DROP TRIGGER unit_key_seals_append_only ON injurydoc.unit_key_seals;
CREATE TRIGGER unit_key_seals_append_only BEFORE UPDATE OR DELETE ON injurydoc.unit_key_seals
  FOR EACH ROW EXECUTE FUNCTION injurydoc._seal_withdrawable();

CREATE FUNCTION injurydoc._withdraw_seals() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_count integer;
BEGIN
  IF NEW.active AND 'unit_manager' = ANY (NEW.roles) THEN
    RETURN NULL;
  END IF;
  DELETE FROM injurydoc.unit_key_seals WHERE account_id = NEW.id;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  IF v_count > 0 THEN
    PERFORM injurydoc._log(NEW.unit_id, injurydoc.me(), 'unit.key', 'ok', NULL,
                           'account:' || NEW.id::text,
                           jsonb_build_object('event', 'unit_key_seal_withdrawn', 'seals', v_count,
                                              'active', NEW.active), NULL);
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION injurydoc._withdraw_seals() FROM PUBLIC;
CREATE TRIGGER accounts_withdraw_seals AFTER UPDATE OF active, roles ON injurydoc.accounts
  FOR EACH ROW EXECUTE FUNCTION injurydoc._withdraw_seals();

CREATE FUNCTION injurydoc.unit_key_seal_holders() RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM injurydoc._require_account();
  IF NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  RETURN QUERY SELECT DISTINCT s.account_id FROM injurydoc.unit_key_seals s
                WHERE s.unit_id = injurydoc.my_unit();
END $$;
REVOKE ALL ON FUNCTION injurydoc.unit_key_seal_holders() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc.unit_key_seal_holders() TO injurydoc_unit_manager;

-- ----- wraps held by keys the unit key never certified ------------------------------------------------
CREATE FUNCTION injurydoc.unit_wrap_holders() RETURNS TABLE (account_id uuid, key_id uuid, wraps bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM injurydoc._require_account();
  IF NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  RETURN QUERY SELECT w.account_id, w.key_id, count(*) FROM injurydoc.patient_key_wraps w
                WHERE w.unit_id = injurydoc.my_unit() GROUP BY w.account_id, w.key_id;
END $$;

CREATE FUNCTION injurydoc.withdraw_key_wraps(p_key uuid) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
        k injurydoc.account_keys; v_count integer;
BEGIN
  SELECT * INTO k FROM injurydoc.account_keys WHERE id = p_key;
  IF NOT FOUND OR k.unit_id <> v_unit OR NOT injurydoc.i_am('unit_manager')
     OR NOT EXISTS (SELECT 1 FROM injurydoc.units u WHERE u.id = v_unit AND u.root_key IS NOT NULL) THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  DELETE FROM injurydoc.patient_key_wraps WHERE key_id = p_key AND unit_id = v_unit;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  PERFORM injurydoc._log(v_unit, v_me, 'unit.key', 'ok', NULL, 'account:' || k.account_id::text,
                         jsonb_build_object('event', 'key_wraps_withdrawn', 'key', p_key, 'wraps', v_count),
                         NULL);
  RETURN v_count;
END $$;
REVOKE ALL ON FUNCTION injurydoc.unit_wrap_holders(), injurydoc.withdraw_key_wraps(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc.unit_wrap_holders(), injurydoc.withdraw_key_wraps(uuid)
  TO injurydoc_unit_manager;

-- ----- certificates: one per key and certifier, stamped by the server ---------------------------------
ALTER TABLE injurydoc.key_certifications DROP CONSTRAINT key_certifications_pkey;
ALTER TABLE injurydoc.key_certifications ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
ALTER TABLE injurydoc.key_certifications
  ADD CONSTRAINT key_certifications_once UNIQUE (key_id, certified_by);

CREATE FUNCTION injurydoc._certification_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  NEW.created_at := clock_timestamp();
  RETURN NEW;
END $$;
CREATE TRIGGER key_certifications_stamp BEFORE INSERT ON injurydoc.key_certifications
  FOR EACH ROW EXECUTE FUNCTION injurydoc._certification_stamp();
"""

DOWNGRADE = r"""
DROP TRIGGER key_certifications_stamp ON injurydoc.key_certifications;
DROP FUNCTION injurydoc._certification_stamp();
-- one certificate per key again: the first made of each is kept
ALTER TABLE injurydoc.key_certifications DISABLE TRIGGER key_certifications_append_only;
DELETE FROM injurydoc.key_certifications c
 WHERE EXISTS (SELECT 1 FROM injurydoc.key_certifications d WHERE d.key_id = c.key_id AND d.id < c.id);
ALTER TABLE injurydoc.key_certifications ENABLE TRIGGER key_certifications_append_only;
ALTER TABLE injurydoc.key_certifications DROP CONSTRAINT key_certifications_once;
ALTER TABLE injurydoc.key_certifications DROP COLUMN id;
ALTER TABLE injurydoc.key_certifications ADD PRIMARY KEY (key_id);

DROP FUNCTION injurydoc.withdraw_key_wraps(uuid);
DROP FUNCTION injurydoc.unit_wrap_holders();
DROP FUNCTION injurydoc.unit_key_seal_holders();
DROP TRIGGER accounts_withdraw_seals ON injurydoc.accounts;
DROP FUNCTION injurydoc._withdraw_seals();
DROP TRIGGER unit_key_seals_append_only ON injurydoc.unit_key_seals;
CREATE TRIGGER unit_key_seals_append_only BEFORE UPDATE OR DELETE ON injurydoc.unit_key_seals
  FOR EACH ROW EXECUTE FUNCTION injurydoc._refuse_change();
DROP FUNCTION injurydoc._seal_withdrawable();
"""
