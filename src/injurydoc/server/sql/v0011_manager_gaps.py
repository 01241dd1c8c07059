"""Schema version 0011: what a unit manager could do, or could not do, that they must not / must.

- **Keys only by their owner.**  0001 let a unit manager insert an ``account_keys`` row for any account
  of the unit: plant a signing key for a clinician and sign as them, or an encryption key and receive the
  wraps meant for them.  From 0011 an account registers **its own** keys only.  The one exception is a
  store import (0008): under an open import the manager registers the keys of the store's signers, and
  only for accounts **that import made** (``import_account``, recorded in ``store_import_accounts``;
  an account of the server that existed before can never be one), and only with the store's certificate
  (the workstations check it on every read, sync/key_check.py).  Every key registered is logged by the
  server (``account.key``), naming whose key and who registered it.
- **Re-enabling an account** (``enable_account``, logged): 0001 could only disable one.
- **Loggkontroll over the server's log**: which of the unit's patients are protected persons
  (``log_protected_patients``) and which patient a keyed lookup value names (``log_lookup``), for the
  unit manager only and logged; the personal number itself never reaches the server.
"""

from __future__ import annotations

from injurydoc.server.sql import v0008_store_import


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i : text.index(end, i)]


# 0008's import_account, as it was (the downgrade puts it back)
_IMPORT_ACCOUNT_0008 = _between(
    v0008_store_import.UPGRADE,
    "CREATE FUNCTION injurydoc.import_account(",
    "-- whether the unit holds a row",
).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)

_RECORD = "  UPDATE injurydoc.accounts SET id = p_id WHERE id = v_id;\n"
_IMPORT_ACCOUNT = _IMPORT_ACCOUNT_0008.replace(
    _RECORD,
    _RECORD
    + "  INSERT INTO injurydoc.store_import_accounts (unit_id, store_id, account_id)\n"
    + "  VALUES (v_unit, injurydoc._open_import(), p_id);\n",
)
if _IMPORT_ACCOUNT == _IMPORT_ACCOUNT_0008:  # 0008's text changed: look at this revision again
    raise RuntimeError("0011: import_account not found")

UPGRADE = (
    r"""
-- ----- keys: only by their owner (or by a store import, for the accounts it made) -------------------
CREATE TABLE injurydoc.store_import_accounts (
  unit_id uuid NOT NULL,
  store_id text NOT NULL,
  account_id uuid NOT NULL,
  made_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit_id, store_id, account_id),
  FOREIGN KEY (unit_id, account_id) REFERENCES injurydoc.accounts (unit_id, id)
);
ALTER TABLE injurydoc.store_import_accounts ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON injurydoc.store_import_accounts FROM PUBLIC;

-- an account the calling manager's open import made (never one that existed on the server before)
CREATE FUNCTION injurydoc._imported_account(p_account uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM injurydoc.store_import_accounts sa
                  WHERE sa.unit_id = injurydoc.my_unit() AND sa.store_id = injurydoc._open_import()
                    AND sa.account_id = p_account)
$$;
"""
    + _IMPORT_ACCOUNT
    + r"""
DROP POLICY keys_insert ON injurydoc.account_keys;
CREATE POLICY keys_insert_own ON injurydoc.account_keys FOR INSERT TO injurydoc_account
  WITH CHECK (unit_id = injurydoc.my_unit() AND created_by = injurydoc.me() AND account_id = injurydoc.me());
CREATE POLICY keys_import ON injurydoc.account_keys FOR INSERT TO injurydoc_unit_manager
  WITH CHECK (unit_id = injurydoc.my_unit() AND created_by = injurydoc.me() AND certificate IS NOT NULL
              AND injurydoc._imported_account(account_id));

CREATE FUNCTION injurydoc._log_key() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM injurydoc._log(NEW.unit_id, NEW.created_by, 'account.key', 'ok', NULL,
                         'account:' || NEW.account_id::text,
                         jsonb_build_object('event', 'key_registered', 'key', NEW.id, 'purpose', NEW.purpose,
                                            'for_another', NEW.account_id <> NEW.created_by,
                                            'certificate', NEW.certificate IS NOT NULL), NULL);
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION injurydoc._log_key() FROM PUBLIC;
CREATE TRIGGER account_keys_logged AFTER INSERT ON injurydoc.account_keys
  FOR EACH ROW EXECUTE FUNCTION injurydoc._log_key();

-- ----- re-enabling an account ----------------------------------------------------------------------
CREATE FUNCTION injurydoc.enable_account(p_account uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); a injurydoc.accounts;
BEGIN
  SELECT * INTO a FROM injurydoc.accounts WHERE id = p_account;
  IF NOT FOUND OR a.unit_id <> injurydoc.my_unit() OR NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  IF a.active THEN
    RETURN;
  END IF;
  EXECUTE format('ALTER ROLE %I LOGIN', a.role_name);
  UPDATE injurydoc.accounts SET active = true, disabled_at = NULL WHERE id = a.id;
  PERFORM injurydoc._log(a.unit_id, v_me, 'account.enable', 'ok', NULL, a.role_name,
                         jsonb_build_object('disabled_at', a.disabled_at), NULL);
END $$;

-- ----- loggkontroll: protected persons, and a patient by keyed lookup value ---------------------------
CREATE FUNCTION injurydoc.log_protected_patients() RETURNS SETOF uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
BEGIN
  IF NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  PERFORM injurydoc._log(v_unit, v_me, 'log.protected', 'ok', NULL, '', '{}'::jsonb, NULL);
  RETURN QUERY SELECT p.id FROM injurydoc.patients p WHERE p.unit_id = v_unit AND p.protection <> 'none';
END $$;

CREATE FUNCTION injurydoc.log_lookup(p_lookup bytea) RETURNS SETOF uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
BEGIN
  IF NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  RETURN QUERY
  WITH hits AS (
    SELECT p.id FROM injurydoc.patients p WHERE p.unit_id = v_unit AND p.lookup = p_lookup
  ), logged AS (
    INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, patient_id, details)
    SELECT v_unit, v_me, 'server', 'log.lookup', 'ok', h.id, '{"for": "log_check"}'::jsonb FROM hits h
  )
  SELECT h.id FROM hits h;
END $$;

REVOKE ALL ON FUNCTION injurydoc._imported_account(uuid), injurydoc.enable_account(uuid),
  injurydoc.log_protected_patients(), injurydoc.log_lookup(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc._imported_account(uuid), injurydoc.enable_account(uuid),
  injurydoc.log_protected_patients(), injurydoc.log_lookup(bytea) TO injurydoc_unit_manager;
"""
)

DOWNGRADE = (
    r"""
DROP FUNCTION injurydoc.log_lookup(bytea);
DROP FUNCTION injurydoc.log_protected_patients();
DROP FUNCTION injurydoc.enable_account(uuid);
DROP TRIGGER account_keys_logged ON injurydoc.account_keys;
DROP FUNCTION injurydoc._log_key();
DROP POLICY keys_import ON injurydoc.account_keys;
DROP POLICY keys_insert_own ON injurydoc.account_keys;
CREATE POLICY keys_insert ON injurydoc.account_keys FOR INSERT TO injurydoc_account
  WITH CHECK (unit_id = injurydoc.my_unit() AND created_by = injurydoc.me()
              AND (account_id = injurydoc.me() OR injurydoc.i_am('unit_manager')));
"""
    + _IMPORT_ACCOUNT_0008
    + r"""
DROP FUNCTION injurydoc._imported_account(uuid);
DROP TABLE injurydoc.store_import_accounts;
"""
)
