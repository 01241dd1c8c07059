"""Schema version 0007: training units — exercises on the same server, never mixed with real cases.
Frozen once released.

* ``units.purpose``: ``real`` (every unit made before this version) or ``training``, set when the unit is
  made (``create_unit(name, manager, display name, verifier, purpose)``, the owner's) and never changed
  afterwards, not even by the owner (trigger, ``ID001``).  An account never moves to another unit either.
  Every row has its unit, and every reference between rows is tied to one unit by the composite foreign
  keys ``(unit_id, parent_id)``; with both fixed, every row of a training unit is an exercise for ever,
  and nothing of a training unit can point into a real one or the reverse.
* The one column that names a patient without a foreign key, ``access_log.patient_id`` (a workstation's
  entry may name a person the server does not hold yet), may not name a patient of **another** unit
  (trigger, ``ID002``).
* The access rule (``_may_open``): in a training unit a trainer opens exercises like a clinician
  (a person without protected personal data; ``services/access.py`` does the same in a training store);
  in a real unit an account that is a trainer without being a clinician opens nothing, not even by a
  grant: a trainer sees no real clinical content.
* A workstation is a row **per unit** (primary key ``(unit_id, id)``): the same computer serves a real
  unit and its training unit, each seeing only its own row.

The downgrade is refused while a training unit exists: without the column its exercises would look
like real cases.
"""

from injurydoc.server.sql import v0008_store_import


def _may_open_before() -> str:
    """``_may_open`` as it is before this revision (0008's: 0001's rule and the manager's open import)."""
    text = v0008_store_import.UPGRADE
    i = text.index("CREATE OR REPLACE FUNCTION injurydoc._may_open(")
    return text[i : text.index("$$;", text.index("AS $$", i) + 5) + 3] + "\n"


def _may_open_by_purpose(before: str) -> str:
    """The same rule, with the unit's purpose: a trainer opens like a clinician in a training unit, and
    nothing of a real unit unless also a clinician (not by a grant, not by anything else)."""
    steps = (
        (
            "JOIN injurydoc.accounts a ON a.id = p_account AND a.active AND a.unit_id = p.unit_id\n",
            "JOIN injurydoc.accounts a ON a.id = p_account AND a.active AND a.unit_id = p.unit_id\n"
            "      JOIN injurydoc.units u ON u.id = p.unit_id\n",
        ),
        (
            "WHERE p.id = p_patient\n",
            "WHERE p.id = p_patient\n"
            "       AND (u.purpose = 'training' OR 'clinician' = ANY (a.roles)"
            " OR NOT 'trainer' = ANY (a.roles))\n",
        ),
        (
            "OR (p.protection = 'none' AND 'clinician' = ANY (a.roles))",
            "OR (p.protection = 'none'\n"
            "                AND ('clinician' = ANY (a.roles)"
            " OR (u.purpose = 'training' AND 'trainer' = ANY (a.roles))))",
        ),
    )
    text = before
    for old, new in steps:
        if text.count(old) != 1:  # the rule before this revision changed: look at this revision again
            raise RuntimeError("0007: _may_open not as expected")
        text = text.replace(old, new)
    return text


_MAY_OPEN_BEFORE = _may_open_before()

_REPORT_SYNC_0002 = r"""
CREATE OR REPLACE FUNCTION injurydoc.report_sync(p_workstation uuid, p_name text, p_outcome text,
                                                 p_client_version text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
BEGIN
  IF EXISTS (SELECT 1 FROM injurydoc.workstations WHERE id = p_workstation AND unit_id <> v_unit) THEN
    RAISE EXCEPTION 'injurydoc: the workstation belongs to another unit' USING ERRCODE = 'ID002';
  END IF;
  INSERT INTO injurydoc.workstations AS w (id, unit_id, name, last_sync_at, last_sync_account,
                                           last_sync_outcome, client_version)
  VALUES (p_workstation, v_unit, p_name, now(), v_me, p_outcome, coalesce(p_client_version, ''))
  ON CONFLICT (id) DO UPDATE
    SET name = EXCLUDED.name, last_sync_at = EXCLUDED.last_sync_at,
        last_sync_account = EXCLUDED.last_sync_account, last_sync_outcome = EXCLUDED.last_sync_outcome,
        client_version = EXCLUDED.client_version;
END $$;
"""

UPGRADE = (
    r"""
ALTER TABLE injurydoc.units
  ADD COLUMN purpose text NOT NULL DEFAULT 'real' CHECK (purpose IN ('real', 'training'));

-- A unit's purpose and id, and an account's unit, never change: for everyone, the owner too.
CREATE FUNCTION injurydoc._unit_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id <> OLD.id OR NEW.purpose <> OLD.purpose THEN
    RAISE EXCEPTION 'injurydoc: a unit''s purpose (real or training) never changes' USING ERRCODE = 'ID001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER units_purpose_fixed BEFORE UPDATE ON injurydoc.units
  FOR EACH ROW EXECUTE FUNCTION injurydoc._unit_guard();

CREATE FUNCTION injurydoc._account_unit_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.unit_id <> OLD.unit_id THEN
    RAISE EXCEPTION 'injurydoc: an account never moves to another unit' USING ERRCODE = 'ID001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER accounts_unit_fixed BEFORE UPDATE ON injurydoc.accounts
  FOR EACH ROW EXECUTE FUNCTION injurydoc._account_unit_guard();

-- A log entry names no patient of another unit (the column has no foreign key: a workstation's entry
-- may name a person not sent yet).
CREATE FUNCTION injurydoc._log_patient_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.patient_id IS NOT NULL AND EXISTS (SELECT 1 FROM injurydoc.patients p
                                             WHERE p.id = NEW.patient_id AND p.unit_id <> NEW.unit_id) THEN
    RAISE EXCEPTION 'injurydoc: the log entry names a patient of another unit' USING ERRCODE = 'ID002';
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION injurydoc._log_patient_check() FROM PUBLIC;
CREATE TRIGGER access_log_patient_unit BEFORE INSERT ON injurydoc.access_log
  FOR EACH ROW EXECUTE FUNCTION injurydoc._log_patient_check();

-- For the schema owner at set-up (not granted to any application role).
CREATE FUNCTION injurydoc.create_unit(p_name text, p_manager text, p_display_name text, p_verifier text,
                                      p_purpose text)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_unit uuid;
BEGIN
  IF p_purpose IS NULL OR p_purpose NOT IN ('real', 'training') THEN
    RAISE EXCEPTION 'injurydoc: a unit is real or training, not %', p_purpose USING ERRCODE = 'ID003';
  END IF;
  INSERT INTO injurydoc.units (name, purpose) VALUES (p_name, p_purpose) RETURNING id INTO v_unit;
  PERFORM injurydoc._create_account(v_unit, NULL, p_manager, p_display_name, ARRAY['unit_manager'], '', '',
                                    p_verifier);
  PERFORM injurydoc._log(v_unit, NULL, 'unit.create', 'ok', NULL, p_manager,
                         jsonb_build_object('purpose', p_purpose), NULL);
  RETURN v_unit;
END $$;
REVOKE ALL ON FUNCTION injurydoc.create_unit(text, text, text, text, text) FROM PUBLIC;

-- The access rule: a trainer opens exercises like a clinician in a training unit, and nothing of a
-- real unit unless also a clinician (not even by a grant).
"""
    + _may_open_by_purpose(_MAY_OPEN_BEFORE)
    + r"""
-- A workstation row per unit: one computer serves a real unit and its training unit.
ALTER TABLE injurydoc.workstations DROP CONSTRAINT workstations_pkey;
ALTER TABLE injurydoc.workstations ADD PRIMARY KEY (unit_id, id);
CREATE OR REPLACE FUNCTION injurydoc.report_sync(p_workstation uuid, p_name text, p_outcome text,
                                                 p_client_version text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
BEGIN
  INSERT INTO injurydoc.workstations AS w (id, unit_id, name, last_sync_at, last_sync_account,
                                           last_sync_outcome, client_version)
  VALUES (p_workstation, v_unit, p_name, now(), v_me, p_outcome, coalesce(p_client_version, ''))
  ON CONFLICT (unit_id, id) DO UPDATE
    SET name = EXCLUDED.name, last_sync_at = EXCLUDED.last_sync_at,
        last_sync_account = EXCLUDED.last_sync_account, last_sync_outcome = EXCLUDED.last_sync_outcome,
        client_version = EXCLUDED.client_version;
END $$;
"""
)

DOWNGRADE = (
    r"""
DO $check$
BEGIN
  IF EXISTS (SELECT 1 FROM injurydoc.units WHERE purpose = 'training') THEN
    RAISE EXCEPTION 'injurydoc: training units exist; below version 0007 their exercises would look like '
                    'real cases' USING ERRCODE = 'ID002';
  END IF;
END
$check$;
-- one row per workstation again: the most recent report of each
DELETE FROM injurydoc.workstations w
 WHERE EXISTS (SELECT 1 FROM injurydoc.workstations o
                WHERE o.id = w.id AND o.unit_id <> w.unit_id
                  AND (coalesce(o.last_sync_at, '-infinity'), o.unit_id)
                      > (coalesce(w.last_sync_at, '-infinity'), w.unit_id));
ALTER TABLE injurydoc.workstations DROP CONSTRAINT workstations_pkey;
ALTER TABLE injurydoc.workstations ADD PRIMARY KEY (id);
"""
    + _REPORT_SYNC_0002
    + _MAY_OPEN_BEFORE
    + r"""
DROP FUNCTION injurydoc.create_unit(text, text, text, text, text);
DROP TRIGGER access_log_patient_unit ON injurydoc.access_log;
DROP FUNCTION injurydoc._log_patient_check();
DROP TRIGGER accounts_unit_fixed ON injurydoc.accounts;
DROP FUNCTION injurydoc._account_unit_guard();
DROP TRIGGER units_purpose_fixed ON injurydoc.units;
DROP FUNCTION injurydoc._unit_guard();
ALTER TABLE injurydoc.units DROP COLUMN purpose;
"""
)
