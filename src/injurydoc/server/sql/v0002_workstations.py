"""Schema version 0002: the workstations of a unit and when each last synchronised (for the unit manager
and for ``injurydoc server status``).  Frozen once released."""

UPGRADE = r"""
CREATE TABLE injurydoc.workstations (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES injurydoc.units(id),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_sync_at timestamptz,
  last_sync_account uuid REFERENCES injurydoc.accounts(id),
  last_sync_outcome text CHECK (last_sync_outcome IN ('ok', 'partial', 'failed')),
  client_version text NOT NULL DEFAULT '' CHECK (length(client_version) <= 40),
  UNIQUE (unit_id, id)
);
ALTER TABLE injurydoc.workstations ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON injurydoc.workstations FROM PUBLIC;
GRANT SELECT ON injurydoc.workstations TO injurydoc_unit_manager;
CREATE POLICY workstations_unit ON injurydoc.workstations FOR SELECT TO injurydoc_unit_manager
  USING (unit_id = injurydoc.my_unit() AND injurydoc.i_am('unit_manager'));

-- A workstation reports the end of each sync; the row is made at its first report.
CREATE FUNCTION injurydoc.report_sync(p_workstation uuid, p_name text, p_outcome text, p_client_version text)
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
REVOKE ALL ON FUNCTION injurydoc.report_sync(uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc.report_sync(uuid, text, text, text) TO injurydoc_account;
"""

DOWNGRADE = r"""
DROP FUNCTION injurydoc.report_sync(uuid, text, text, text);
DROP TABLE injurydoc.workstations;
"""
