"""Schema version 0010: the exercises of a training unit, the trainees' attempts and results, synced.
Frozen once released.

Three tables, each **only in a training unit** (a trigger refuses a row of a real unit for everyone,
``ID002``), each insert-only (no ``UPDATE``/``DELETE``/``TRUNCATE`` granted; triggers refuse them also
for the owner and a superuser, ``ID001``), each with row-level security:

* ``exercises``: an exercise file (``.injurydoc-exercise``, answer key included) as a trainer or the
  training unit's manager added it.  A newer file with the same exercise id is a new row (the newest
  counts, as in a training store); nothing is changed.  Every account of the training unit reads them:
  a trainee's workstation needs the key to review the documentation offline ("Granska min
  dokumentation"), as a standalone training store holds it; the program shows a trainee no key, and only
  an author may save the file.  The SHA-256 is checked by the server.
* ``exercise_attempts``: which examination is whose attempt at which exercise, written by the trainee
  (the examiner of that examination, when the server holds it; an attempt at an exercise whose synthetic
  person is protected stays on the workstation like any protected person's case, and only its attempt
  and result are sent).  Read by the trainee (their own) and the trainer and the unit's
  manager (the class), so that the trainer's workstation can review an attempt it pulled.
* ``exercise_results``: a result the trainee submitted (the results file's content: score and point
  codes, no documentation), for their own attempt only.  The trainee reads their own rows directly;
  **the trainer and the unit's manager read the class's results only through the logged two-step read**
  (``request_class_results`` writes one access-log row per result read, committed, then
  ``fetch_class_results`` hands them out), as the server reads patient data.

No account of a real unit sees or writes any of it: every row carries its unit, the readable rows are
those of ``my_unit()``, and a real unit can hold none.
"""

_TABLES = ("exercises", "exercise_attempts", "exercise_results")

_append_only = "\n".join(
    f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON injurydoc.{t}\n"
    f"  FOR EACH ROW EXECUTE FUNCTION injurydoc._refuse_change();\n"
    f"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON injurydoc.{t}\n"
    f"  FOR EACH STATEMENT EXECUTE FUNCTION injurydoc._refuse_change();\n"
    f"ALTER TABLE injurydoc.{t} ENABLE ROW LEVEL SECURITY;"
    for t in _TABLES
)

UPGRADE = (
    r"""
CREATE TABLE injurydoc.exercises (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES injurydoc.units(id),
  exercise_id text NOT NULL CHECK (exercise_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  title_sv text NOT NULL CHECK (length(btrim(title_sv)) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(btrim(title_en)) BETWEEN 1 AND 200),
  sha256 bytea NOT NULL CHECK (length(sha256) = 32),
  data bytea NOT NULL CHECK (length(data) BETWEEN 1 AND 209715200),
  added_by uuid NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, id),
  FOREIGN KEY (unit_id, added_by) REFERENCES injurydoc.accounts (unit_id, id)
);
ALTER TABLE injurydoc.exercises ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE INDEX exercises_unit ON injurydoc.exercises (unit_id, exercise_id, added_at);

CREATE TABLE injurydoc.exercise_attempts (
  examination_id uuid PRIMARY KEY,
  unit_id uuid NOT NULL,
  exercise_id text NOT NULL CHECK (exercise_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  trainee_id uuid NOT NULL,
  started_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, examination_id),
  -- no foreign key to the examination: the attempt at an exercise with a protected (synthetic) person
  -- stays on the workstation like every protected person's case, and its result still reaches the
  -- trainer; an examination the server holds must be the trainee's own (trigger)
  FOREIGN KEY (unit_id, trainee_id) REFERENCES injurydoc.accounts (unit_id, id)
);

CREATE TABLE injurydoc.exercise_results (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL,
  examination_id uuid NOT NULL,
  exercise_id text NOT NULL,
  exercise_sha256 bytea NOT NULL CHECK (length(exercise_sha256) = 32),
  trainee_id uuid NOT NULL,
  client_at timestamptz NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  score double precision NOT NULL CHECK (score >= 0 AND score <= 1),
  result jsonb NOT NULL CHECK (octet_length(result::text) <= 1000000),
  UNIQUE (unit_id, id),
  FOREIGN KEY (unit_id, examination_id) REFERENCES injurydoc.exercise_attempts (unit_id, examination_id),
  FOREIGN KEY (unit_id, trainee_id) REFERENCES injurydoc.accounts (unit_id, id)
);
CREATE INDEX exercise_results_unit ON injurydoc.exercise_results (unit_id, submitted_at);

-- ----- guards ----------------------------------------------------------------------------------------
CREATE FUNCTION injurydoc._require_training_unit(p_unit uuid) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM injurydoc.units WHERE id = p_unit AND purpose = 'training') THEN
    RAISE EXCEPTION 'injurydoc: exercises belong to a training unit, never to a real one'
      USING ERRCODE = 'ID002';
  END IF;
END $$;
REVOKE ALL ON FUNCTION injurydoc._require_training_unit(uuid) FROM PUBLIC;

CREATE FUNCTION injurydoc._exercise_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM injurydoc._require_training_unit(NEW.unit_id);
  IF pg_catalog.sha256(NEW.data) <> NEW.sha256 THEN
    RAISE EXCEPTION 'injurydoc: the exercise file does not match its SHA-256' USING ERRCODE = 'ID003';
  END IF;
  NEW.added_at := clock_timestamp();
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION injurydoc._exercise_check() FROM PUBLIC;

CREATE FUNCTION injurydoc._attempt_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM injurydoc._require_training_unit(NEW.unit_id);
  IF NOT EXISTS (SELECT 1 FROM injurydoc.exercises x
                  WHERE x.unit_id = NEW.unit_id AND x.exercise_id = NEW.exercise_id) THEN
    RAISE EXCEPTION 'injurydoc: no such exercise in the unit' USING ERRCODE = 'ID003';
  END IF;
  IF EXISTS (SELECT 1 FROM injurydoc.examinations e
              WHERE e.id = NEW.examination_id
                AND (e.examiner_id <> NEW.trainee_id OR e.unit_id <> NEW.unit_id)) THEN
    RAISE EXCEPTION 'injurydoc: an attempt is the examiner''s own' USING ERRCODE = 'ID002';
  END IF;
  NEW.received_at := clock_timestamp();
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION injurydoc._attempt_check() FROM PUBLIC;

CREATE FUNCTION injurydoc._result_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM injurydoc._require_training_unit(NEW.unit_id);
  IF NOT EXISTS (SELECT 1 FROM injurydoc.exercise_attempts a
                  WHERE a.examination_id = NEW.examination_id AND a.trainee_id = NEW.trainee_id
                    AND a.exercise_id = NEW.exercise_id) THEN
    RAISE EXCEPTION 'injurydoc: a result is for the trainee''s own attempt at that exercise'
      USING ERRCODE = 'ID002';
  END IF;
  IF jsonb_typeof(NEW.result) <> 'object'
     OR NEW.result ->> 'format' IS DISTINCT FROM 'injurydoc-training-result'
     OR NEW.result ->> 'exercise_id' IS DISTINCT FROM NEW.exercise_id
     OR jsonb_typeof(NEW.result -> 'score') <> 'number'
     OR abs((NEW.result ->> 'score')::double precision - NEW.score) > 1e-6 THEN
    RAISE EXCEPTION 'injurydoc: not a results document of this exercise' USING ERRCODE = 'ID003';
  END IF;
  NEW.submitted_at := clock_timestamp();
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION injurydoc._result_check() FROM PUBLIC;

CREATE TRIGGER exercises_check BEFORE INSERT ON injurydoc.exercises
  FOR EACH ROW EXECUTE FUNCTION injurydoc._exercise_check();
CREATE TRIGGER exercise_attempts_check BEFORE INSERT ON injurydoc.exercise_attempts
  FOR EACH ROW EXECUTE FUNCTION injurydoc._attempt_check();
CREATE TRIGGER exercise_results_check BEFORE INSERT ON injurydoc.exercise_results
  FOR EACH ROW EXECUTE FUNCTION injurydoc._result_check();
"""
    + _append_only
    + r"""

-- ----- privileges and row-level security -------------------------------------------------------------
REVOKE ALL ON injurydoc.exercises, injurydoc.exercise_attempts, injurydoc.exercise_results FROM PUBLIC;
GRANT SELECT, INSERT ON injurydoc.exercises, injurydoc.exercise_attempts, injurydoc.exercise_results
  TO injurydoc_account;

CREATE POLICY exercises_unit ON injurydoc.exercises FOR SELECT TO injurydoc_account
  USING (unit_id = injurydoc.my_unit());
CREATE POLICY exercises_insert ON injurydoc.exercises FOR INSERT TO injurydoc_account
  WITH CHECK (unit_id = injurydoc.my_unit() AND added_by = injurydoc.me()
              AND (injurydoc.i_am('trainer') OR injurydoc.i_am('unit_manager')));

CREATE POLICY attempts_visible ON injurydoc.exercise_attempts FOR SELECT TO injurydoc_account
  USING (unit_id = injurydoc.my_unit()
         AND (trainee_id = injurydoc.me() OR injurydoc.i_am('trainer') OR injurydoc.i_am('unit_manager')));
CREATE POLICY attempts_insert ON injurydoc.exercise_attempts FOR INSERT TO injurydoc_account
  WITH CHECK (unit_id = injurydoc.my_unit() AND trainee_id = injurydoc.me());

-- a trainee's own results only; the class's through the logged read below
CREATE POLICY results_own ON injurydoc.exercise_results FOR SELECT TO injurydoc_account
  USING (unit_id = injurydoc.my_unit() AND trainee_id = injurydoc.me());
CREATE POLICY results_insert ON injurydoc.exercise_results FOR INSERT TO injurydoc_account
  WITH CHECK (unit_id = injurydoc.my_unit() AND trainee_id = injurydoc.me());

-- ----- the trainer's read of the class's results: logged, committed, then fetched ---------------------
-- One access-log row per result read (target: the result, details: the trainee and the exercise); the
-- results named in p_known (already on the workstation) are neither read nor logged again.
CREATE FUNCTION injurydoc.request_class_results(p_known uuid[]) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
        v_read uuid := gen_random_uuid();
BEGIN
  PERFORM injurydoc._require_training_unit(v_unit);
  IF NOT (injurydoc.i_am('trainer') OR injurydoc.i_am('unit_manager')) THEN
    PERFORM injurydoc._log(v_unit, v_me, 'exercise_result.read', 'denied', NULL, 'class', '{}'::jsonb, NULL);
    RETURN NULL;
  END IF;
  INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, target, details, read_id)
  SELECT v_unit, v_me, 'server', 'exercise_result.read', 'ok', r.id::text,
         jsonb_build_object('trainee', r.trainee_id, 'exercise', r.exercise_id), v_read
    FROM injurydoc.exercise_results r
   WHERE r.unit_id = v_unit AND NOT (r.id = ANY (coalesce(p_known, '{}'::uuid[])));
  IF NOT FOUND THEN
    RETURN NULL;  -- nothing new: nothing read, nothing logged
  END IF;
  RETURN v_read;
END $$;

CREATE FUNCTION injurydoc.fetch_class_results(p_read uuid)
RETURNS TABLE (id uuid, examination_id uuid, exercise_id text, exercise_sha256 bytea, trainee_id uuid,
               trainee_name text, client_at timestamptz, submitted_at timestamptz, score double precision,
               result jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_unit uuid := injurydoc.my_unit();
BEGIN
  IF NOT (injurydoc.i_am('trainer') OR injurydoc.i_am('unit_manager')) THEN
    RAISE EXCEPTION 'injurydoc: only the trainer reads the class''s results' USING ERRCODE = 'ID002';
  END IF;
  RETURN QUERY
  SELECT r.id, r.examination_id, r.exercise_id, r.exercise_sha256, r.trainee_id, a.display_name,
         r.client_at, r.submitted_at, r.score, r.result
    FROM injurydoc.exercise_results r JOIN injurydoc.accounts a ON a.id = r.trainee_id
   WHERE r.unit_id = v_unit
     AND r.id::text IN (SELECT t.target FROM injurydoc._read_targets(p_read, 'exercise_result.read') t)
   ORDER BY r.submitted_at, r.id;
END $$;

REVOKE ALL ON FUNCTION injurydoc.request_class_results(uuid[]), injurydoc.fetch_class_results(uuid)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION injurydoc.request_class_results(uuid[]), injurydoc.fetch_class_results(uuid)
  TO injurydoc_account;
"""
)

DOWNGRADE = r"""
DO $check$
BEGIN
  IF EXISTS (SELECT 1 FROM injurydoc.exercises) OR EXISTS (SELECT 1 FROM injurydoc.exercise_attempts) THEN
    RAISE EXCEPTION 'injurydoc: training units hold exercises; below version 0010 they would be lost'
      USING ERRCODE = 'ID002';
  END IF;
END
$check$;
DROP FUNCTION injurydoc.fetch_class_results(uuid);
DROP FUNCTION injurydoc.request_class_results(uuid[]);
DROP TABLE injurydoc.exercise_results;
DROP TABLE injurydoc.exercise_attempts;
DROP TABLE injurydoc.exercises;
DROP FUNCTION injurydoc._result_check();
DROP FUNCTION injurydoc._attempt_check();
DROP FUNCTION injurydoc._exercise_check();
DROP FUNCTION injurydoc._require_training_unit(uuid);
"""
