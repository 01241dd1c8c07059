"""Schema version 0003: the change feed and "do you hold row X".  Frozen once released.

**Change feed.**  Every clinical row (patients, grants, content-key wraps, examinations, versions,
injuries, signatures, addenda, photos) carries ``change_xid``: the id of the transaction that wrote it
(or, for patients and grants, last changed it), set by a trigger that runs after every other trigger so
that no client can choose it.  ``changes_since(cursor)`` returns the ids and kinds of the rows changed in
transactions at or after the cursor **that the caller may open** (a withdrawn or changed grant of the
caller's own is returned too: it is the caller's row), and as its last row the next cursor: the oldest
transaction still running when it looked (``pg_snapshot_xmin``).  Every transaction below that cursor had
finished, so its rows were visible to the query; a row of a transaction at or above it is returned again
next time (ids: the client reads each at most once more).  No content leaves through the feed: the
client reads what changed through the logged ``request_read``/``fetch_*`` functions.  The feed itself is
not logged (ids only; a workstation asks every half minute).

**Holds.**  ``holds(kind, id)`` answers whether the server holds a row of that kind and id **made by
the caller** (the author, examiner, signer, creator, uploader).  A workstation that re-sends a record
after the examination was signed elsewhere (the insert is refused by the signed-examination trigger
before the primary key is compared) asks first, and counts it as sent.  A row of someone else gets
``false``, as does an unknown id: it tells nothing about other people's rows.
"""

_STAMPED_INSERT_ONLY = (
    "patient_key_wraps",
    "examinations",
    "examination_versions",
    "injuries",
    "signatures",
    "addenda",
    "photos",
)
_STAMPED_UPDATED = ("patients", "grants")
_STAMPED = (*_STAMPED_UPDATED, *_STAMPED_INSERT_ONLY)

# Trigger names sort after every other trigger of the table (PostgreSQL fires BEFORE triggers in name
# order), so that a guard comparing NEW with OLD (grants_guard) sees the row as the client sent it.
_columns = "\n".join(
    f"ALTER TABLE injurydoc.{t} ADD COLUMN change_xid xid8 NOT NULL DEFAULT '1';\n"
    f"ALTER TABLE injurydoc.{t} ALTER COLUMN change_xid DROP DEFAULT;\n"
    f"CREATE INDEX {t}_change_xid ON injurydoc.{t} (change_xid);"
    for t in _STAMPED
)
_triggers = "\n".join(
    f"CREATE TRIGGER zz_{t}_change_stamp BEFORE INSERT"
    f"{' OR UPDATE' if t in _STAMPED_UPDATED else ''} ON injurydoc.{t}\n"
    f"  FOR EACH ROW EXECUTE FUNCTION injurydoc._stamp_change();"
    for t in _STAMPED
)
_drop = "\n".join(
    f"DROP TRIGGER zz_{t}_change_stamp ON injurydoc.{t};\nALTER TABLE injurydoc.{t} DROP COLUMN change_xid;"
    for t in _STAMPED
)

UPGRADE = rf"""
CREATE FUNCTION injurydoc._stamp_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  NEW.change_xid := pg_catalog.pg_current_xact_id();
  RETURN NEW;
END $$;

{_columns}
{_triggers}

-- kind: patient | grant | wrap | examination | version | injury | signature | addendum | photo, and
-- last 'cursor' (id NULL, xid = the cursor for the next call; always the last row).  patient_id and
-- examination_id say what to read again; xid is the row's transaction (ordering only).
CREATE FUNCTION injurydoc.changes_since(p_cursor bigint)
RETURNS TABLE (kind text, id uuid, patient_id uuid, examination_id uuid, xid bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
        v_next bigint; c xid8;
BEGIN
  IF p_cursor IS NULL OR p_cursor < 0 THEN
    RAISE EXCEPTION 'injurydoc: a cursor is a number from an earlier call, or 0' USING ERRCODE = 'ID003';
  END IF;
  c := p_cursor::text::xid8;
  -- first the next cursor, then (each statement with a newer snapshot) the rows: every transaction
  -- below v_next has ended before the rows are looked at
  v_next := pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())::text::bigint;
  RETURN QUERY
  WITH ex AS (
    SELECT e.id, e.patient_id FROM injurydoc.examinations e
     WHERE e.unit_id = v_unit AND injurydoc._may_open(e.patient_id, v_me)
  ), rows AS (
    SELECT 'patient'::text AS kind, p.id, p.id AS patient_id, NULL::uuid AS examination_id, p.change_xid
      FROM injurydoc.patients p
     WHERE p.unit_id = v_unit AND p.change_xid >= c AND injurydoc._may_open(p.id, v_me)
    UNION ALL
    SELECT 'grant', g.id, g.patient_id, NULL, g.change_xid FROM injurydoc.grants g
     WHERE g.account_id = v_me AND g.unit_id = v_unit AND g.change_xid >= c
    UNION ALL
    SELECT 'wrap', w.key_id, w.patient_id, NULL, w.change_xid FROM injurydoc.patient_key_wraps w
     WHERE w.account_id = v_me AND w.change_xid >= c AND injurydoc._may_open(w.patient_id, v_me)
    UNION ALL
    SELECT 'examination', e.id, e.patient_id, e.id, e.change_xid FROM injurydoc.examinations e
      JOIN ex ON ex.id = e.id WHERE e.change_xid >= c
    UNION ALL
    SELECT 'version', v.id, ex.patient_id, v.examination_id, v.change_xid
      FROM injurydoc.examination_versions v JOIN ex ON ex.id = v.examination_id WHERE v.change_xid >= c
    UNION ALL
    SELECT 'injury', i.id, ex.patient_id, v.examination_id, i.change_xid
      FROM injurydoc.injuries i JOIN injurydoc.examination_versions v ON v.id = i.version_id
      JOIN ex ON ex.id = v.examination_id WHERE i.change_xid >= c
    UNION ALL
    SELECT 'signature', s.examination_id, ex.patient_id, s.examination_id, s.change_xid
      FROM injurydoc.signatures s JOIN ex ON ex.id = s.examination_id WHERE s.change_xid >= c
    UNION ALL
    SELECT 'addendum', a.id, ex.patient_id, a.examination_id, a.change_xid
      FROM injurydoc.addenda a JOIN ex ON ex.id = a.examination_id WHERE a.change_xid >= c
    UNION ALL
    SELECT 'photo', ph.id, ex.patient_id, ph.examination_id, ph.change_xid
      FROM injurydoc.photos ph JOIN ex ON ex.id = ph.examination_id WHERE ph.change_xid >= c
  )
  SELECT u.k, u.rid, u.pid, u.eid, u.x FROM (
    SELECT r.kind AS k, r.id AS rid, r.patient_id AS pid, r.examination_id AS eid,
           r.change_xid::text::bigint AS x, 0 AS o FROM rows r
    UNION ALL
    SELECT 'cursor', NULL, NULL, NULL, v_next, 1
  ) u ORDER BY u.o, u.x, u.k, u.rid;
END $$;

CREATE FUNCTION injurydoc.holds(p_kind text, p_id uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account();
BEGIN
  CASE p_kind
    WHEN 'patient' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.patients WHERE id = p_id AND created_by = v_me);
    WHEN 'examination' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.examinations WHERE id = p_id AND examiner_id = v_me);
    WHEN 'version' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.examination_versions WHERE id = p_id AND author_id = v_me);
    WHEN 'injury' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.injuries i
                       JOIN injurydoc.examination_versions v ON v.id = i.version_id
                      WHERE i.id = p_id AND v.author_id = v_me);
    WHEN 'photo' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.photos WHERE id = p_id AND added_by = v_me);
    WHEN 'signature' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.signatures WHERE examination_id = p_id AND signer_id = v_me);
    WHEN 'addendum' THEN
      RETURN EXISTS (SELECT 1 FROM injurydoc.addenda WHERE id = p_id AND author_id = v_me);
    ELSE
      RAISE EXCEPTION 'injurydoc: unknown kind of row %', p_kind USING ERRCODE = 'ID003';
  END CASE;
END $$;

REVOKE ALL ON FUNCTION injurydoc._stamp_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION injurydoc.changes_since(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION injurydoc.holds(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc.changes_since(bigint), injurydoc.holds(text, uuid) TO injurydoc_account;
"""

DOWNGRADE = rf"""
DROP FUNCTION injurydoc.holds(text, uuid);
DROP FUNCTION injurydoc.changes_since(bigint);
{_drop}
DROP FUNCTION injurydoc._stamp_change();
"""
