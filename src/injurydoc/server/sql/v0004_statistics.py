"""Schema version 0004: the unit's follow-up statistics for its manager.  Frozen once released.

A unit manager has no ``SELECT`` on clinical tables (docs/server.md, "Roles and rules").
``unit_statistics(bounds)`` is a ``SECURITY DEFINER`` function that counts, **for the caller's unit
only**, what the standalone statistics count (services/statistics.py) and can be counted from columns
the server holds in plain form, and returns **aggregate counts only** — no ids, names, dates or content:

- ``examinations`` / ``follow_ups``: examinations (without / with ``follow_up_of``) that reached the
  server in the month (``examinations.created_at``, the server's time);
- ``photos``: photos that reached the server in the month (``photos.added_at``);
- ``concern_reports`` / ``sip_called``: those examinations whose current content says yes to the field
  (the signed version, else the newest version received) — plain content only: a protected person's
  content is ciphertext and is not read;
- ``encrypted_examinations``: those examinations whose content is ciphertext (their yes/no answers are
  not counted; the report says so);
- ``protected_persons``: distinct persons with protected personal data (``patients.protection``, a plain
  column) with an examination in the month.

``bounds`` are the months' limits as the workstation's local midnights (``n + 1`` ascending
timestamps for ``n`` months, at most 120 months), so a month is the same month as in the standalone
program.  Rows: ``(part, indicator, n)`` with ``part`` 0 … n-1 the months and ``part = n`` the whole
period.

**Small counts are suppressed here, by the server** (the same rule as ``statistics.suppress``): a month's
count of 1–4 is returned as NULL; a period total is NULL when any of its months is, else exact (then it
is 0 or at least 5).  A manager with ``psql`` gets no more than the program shows.  Every call is logged
in the unit's access log (action ``statistics``, the period as its only details), as the standalone
program logs every statistics read.  Callers other than an active unit manager get ``ID002``.
"""

#: The yes/no fields counted (indicator key, field code in the content's ``fields``): the registry's
#: ``Show.STATISTICS`` fields when this revision was made (tests/server/test_unit_statistics.py checks
#: that the registry still has exactly these; a new one needs a new revision).
COUNTED: tuple[tuple[str, str], ...] = (
    ("concern_reports", "concern_report.made"),
    ("sip_called", "sip.called"),
)

_yes = "\n".join(
    f"           count(*) FILTER (WHERE c.content -> 'fields' -> '{code}' IN ('true'::jsonb, '1'::jsonb))"
    f" AS {key},"
    for key, code in COUNTED
)
_unpivot = ", ".join(f"('{key}', {key})" for key, _code in COUNTED)

UPGRADE = rf"""
CREATE FUNCTION injurydoc.unit_statistics(p_bounds timestamptz[])
RETURNS TABLE (part integer, indicator text, n bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
  v_me uuid := injurydoc._require_account();
  v_unit uuid := injurydoc.my_unit();
  v_months integer := coalesce(array_length(p_bounds, 1), 0) - 1;
BEGIN
  IF NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: only a unit manager reads the unit''s statistics' USING ERRCODE = 'ID002';
  END IF;
  IF v_months < 1 OR v_months > 120 OR array_ndims(p_bounds) <> 1
     OR EXISTS (SELECT 1 FROM generate_subscripts(p_bounds, 1) i
                 WHERE i > 1 AND (p_bounds[i] IS NULL OR p_bounds[i - 1] IS NULL
                                  OR p_bounds[i] <= p_bounds[i - 1])) THEN
    RAISE EXCEPTION 'injurydoc: the period must be 1 to 120 months in order' USING ERRCODE = 'ID003';
  END IF;
  PERFORM injurydoc._log(v_unit, v_me, 'statistics', 'ok', NULL, 'statistics',
                         jsonb_build_object('from', p_bounds[1], 'to', p_bounds[v_months + 1],
                                            'months', v_months), NULL);
  RETURN QUERY
  WITH r(part, lo, hi) AS (
    SELECT i - 1, p_bounds[i], p_bounds[i + 1] FROM generate_series(1, v_months) i
    UNION ALL SELECT v_months, p_bounds[1], p_bounds[v_months + 1]
  ),
  exams AS (
    SELECT e.id, e.created_at, e.follow_up_of, p.protection, e.patient_id
      FROM injurydoc.examinations e JOIN injurydoc.patients p ON p.id = e.patient_id
     WHERE e.unit_id = v_unit AND e.created_at >= p_bounds[1] AND e.created_at < p_bounds[v_months + 1]
  ),
  current AS (  -- each examination's content now: the signed version, else the newest received
    SELECT x.id, v.content, v.content_ciphertext IS NOT NULL AS encrypted
      FROM exams x
      LEFT JOIN LATERAL (
        SELECT ev.content, ev.content_ciphertext
          FROM injurydoc.examination_versions ev
          LEFT JOIN injurydoc.signatures s ON s.version_id = ev.id
         WHERE ev.examination_id = x.id
         ORDER BY (s.version_id IS NOT NULL) DESC, ev.received_at DESC, ev.id DESC
         LIMIT 1) v ON true
  ),
  counted AS (
    SELECT r.part,
           count(x.id) FILTER (WHERE x.follow_up_of IS NULL) AS examinations,
           count(x.id) FILTER (WHERE x.follow_up_of IS NOT NULL) AS follow_ups,
{_yes}
           count(x.id) FILTER (WHERE c.encrypted) AS encrypted_examinations,
           count(DISTINCT x.patient_id) FILTER (WHERE x.protection <> 'none') AS protected_persons
      FROM r LEFT JOIN exams x ON x.created_at >= r.lo AND x.created_at < r.hi
             LEFT JOIN current c ON c.id = x.id
     GROUP BY r.part
  ),
  photos AS (
    SELECT r.part, count(f.id) AS photos
      FROM r LEFT JOIN injurydoc.photos f
             ON f.unit_id = v_unit AND f.added_at >= r.lo AND f.added_at < r.hi
     GROUP BY r.part
  ),
  cells AS (
    SELECT c.part, u.indicator, u.n
      FROM counted c JOIN photos f ON f.part = c.part,
           LATERAL (VALUES ('examinations', c.examinations), ('follow_ups', c.follow_ups),
                           ('photos', f.photos), {_unpivot},
                           ('encrypted_examinations', c.encrypted_examinations),
                           ('protected_persons', c.protected_persons)) AS u(indicator, n)
  ),
  hidden AS (  -- indicators with a suppressed month: their period total is not given either
    SELECT DISTINCT cells.indicator FROM cells WHERE cells.part < v_months AND cells.n BETWEEN 1 AND 4
  )
  SELECT cells.part, cells.indicator,
         CASE WHEN cells.n BETWEEN 1 AND 4 THEN NULL
              WHEN cells.part = v_months AND cells.indicator IN (SELECT h.indicator FROM hidden h) THEN NULL
              ELSE cells.n END
    FROM cells ORDER BY cells.part, cells.indicator;
END $$;
REVOKE ALL ON FUNCTION injurydoc.unit_statistics(timestamptz[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc.unit_statistics(timestamptz[]) TO injurydoc_unit_manager;
"""

DOWNGRADE = r"""
DROP FUNCTION injurydoc.unit_statistics(timestamptz[]);
"""
