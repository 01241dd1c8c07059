"""Schema version 0001, part 2: who is calling, the access rule, the guards (triggers) and the functions
that managers and workstations call.  Frozen once released.

Every function that reads other tables on the caller's behalf is ``SECURITY DEFINER`` with a fixed
``search_path`` and names everything with its schema.  The caller is ``session_user`` (the login role
the account connected as); ``current_user`` inside a definer function is the schema owner.

Errors raised here carry SQLSTATE codes of the class ``ID`` (see :mod:`injurydoc.server.errors`):
ID001 append-only/immutable, ID002 not allowed, ID003 invalid value, ID004 protected content in plain
text, ID005 user name taken or reserved, ID006 read not requested in an earlier transaction,
ID008 the role is no active account.
"""

UPGRADE = r"""
-- ----- who is calling ------------------------------------------------------------------------------
CREATE FUNCTION injurydoc.me() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT id FROM injurydoc.accounts WHERE role_name = session_user AND active
$$;

CREATE FUNCTION injurydoc.my_unit() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT unit_id FROM injurydoc.accounts WHERE role_name = session_user AND active
$$;

CREATE FUNCTION injurydoc.i_am(p_role text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce((SELECT p_role = ANY (roles) FROM injurydoc.accounts
                   WHERE role_name = session_user AND active), false)
$$;

-- ----- the access rule (mirrors services/access.py) ------------------------------------------------
-- An account of the patient's unit may open the case when it created it, holds a live co-handler role
-- or grant, or — for a person without protected personal data — is a clinician.  A unit manager sees
-- no clinical content unless granted; a trainer sees none on a real server.
CREATE FUNCTION injurydoc._may_open(p_patient uuid, p_account uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1
      FROM injurydoc.patients p
      JOIN injurydoc.accounts a ON a.id = p_account AND a.active AND a.unit_id = p.unit_id
     WHERE p.id = p_patient
       AND (p.created_by = a.id
            OR (p.protection = 'none' AND 'clinician' = ANY (a.roles))
            OR EXISTS (SELECT 1 FROM injurydoc.grants g
                        WHERE g.patient_id = p.id AND g.account_id = a.id AND g.withdrawn_at IS NULL
                          AND (g.valid_until IS NULL OR g.valid_until > now()))))
$$;

CREATE FUNCTION injurydoc.may_open(p_patient uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT injurydoc._may_open(p_patient, injurydoc.me())
$$;

CREATE FUNCTION injurydoc.may_open_examination(p_exam uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce((SELECT injurydoc._may_open(e.patient_id, injurydoc.me())
                     FROM injurydoc.examinations e WHERE e.id = p_exam), false)
$$;

-- Drafts have one writer: the examiner, who must still be allowed to open the case.
CREATE FUNCTION injurydoc.is_my_examination(p_exam uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce((SELECT e.examiner_id = injurydoc.me() AND injurydoc._may_open(e.patient_id, e.examiner_id)
                     FROM injurydoc.examinations e WHERE e.id = p_exam), false)
$$;

CREATE FUNCTION injurydoc.is_my_version(p_version uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce((SELECT injurydoc.is_my_examination(v.examination_id)
                     FROM injurydoc.examination_versions v WHERE v.id = p_version), false)
$$;

-- Chunks are checked as a whole (SHA-256) before the blob counts, so any clinician of the unit may add
-- chunks to an unfinished upload (two workstations sending the same photo help each other).
CREATE FUNCTION injurydoc.upload_is_open(p_sha256 bytea) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM injurydoc.photo_blobs b
                  WHERE b.unit_id = injurydoc.my_unit() AND b.sha256 = p_sha256 AND b.completed_at IS NULL)
$$;

-- A protected person's content key may be wrapped only for an account that may open the case or manages
-- the unit, and only for that account's own (unretired) encryption key.
CREATE FUNCTION injurydoc.may_receive_key(p_patient uuid, p_account uuid, p_key uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM injurydoc.account_keys k
                  WHERE k.id = p_key AND k.account_id = p_account AND k.purpose = 'encryption'
                    AND k.retired_at IS NULL)
     AND (injurydoc._may_open(p_patient, p_account)
          OR EXISTS (SELECT 1 FROM injurydoc.accounts a JOIN injurydoc.patients p ON p.unit_id = a.unit_id
                      WHERE a.id = p_account AND p.id = p_patient AND a.active
                        AND 'unit_manager' = ANY (a.roles)))
$$;

-- ----- internal helpers ----------------------------------------------------------------------------
CREATE FUNCTION injurydoc._require_account() RETURNS uuid
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE v uuid := injurydoc.me();
BEGIN
  IF v IS NULL THEN
    RAISE EXCEPTION 'injurydoc: role % is not an active account', session_user USING ERRCODE = 'ID008';
  END IF;
  RETURN v;
END $$;

CREATE FUNCTION injurydoc._exam_signed(p_exam uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM injurydoc.signatures s WHERE s.examination_id = p_exam)
$$;

CREATE FUNCTION injurydoc._check_protected(p_patient uuid, p_plain boolean) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF p_plain AND (SELECT protection FROM injurydoc.patients WHERE id = p_patient) <> 'none' THEN
    RAISE EXCEPTION 'injurydoc: content of a protected person must be encrypted on the workstation'
      USING ERRCODE = 'ID004';
  END IF;
END $$;

CREATE FUNCTION injurydoc._log(p_unit uuid, p_account uuid, p_action text, p_outcome text, p_patient uuid,
                               p_target text, p_details jsonb, p_read uuid) RETURNS void
LANGUAGE sql VOLATILE AS $$
  INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, patient_id, target,
                                    details, read_id)
  VALUES (p_unit, p_account, 'server', p_action, p_outcome, p_patient, coalesce(p_target, ''),
          coalesce(p_details, '{}'::jsonb), p_read)
$$;

-- ----- guards --------------------------------------------------------------------------------------
CREATE FUNCTION injurydoc._refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RAISE EXCEPTION 'injurydoc: % is append-only: rows are never changed or deleted', TG_TABLE_NAME
    USING ERRCODE = 'ID001';
END $$;

CREATE FUNCTION injurydoc._log_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  NEW.at := clock_timestamp();
  NEW.role_name := session_user;
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._patient_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'injurydoc: a registered patient is never deleted' USING ERRCODE = 'ID001';
  END IF;
  IF NEW.id <> OLD.id OR NEW.unit_id <> OLD.unit_id OR NEW.created_by <> OLD.created_by
     OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'injurydoc: a patient''s id, unit and creator are fixed' USING ERRCODE = 'ID001';
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._grant_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'injurydoc: grants are withdrawn, never deleted' USING ERRCODE = 'ID001';
  END IF;
  IF OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL
     OR (to_jsonb(NEW) - 'withdrawn_at' - 'withdrawn_by')
        <> (to_jsonb(OLD) - 'withdrawn_at' - 'withdrawn_by') THEN
    RAISE EXCEPTION 'injurydoc: a grant can only be withdrawn, once' USING ERRCODE = 'ID001';
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._key_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'injurydoc: public keys are kept for ever' USING ERRCODE = 'ID001';
  END IF;
  IF OLD.retired_at IS NOT NULL OR NEW.retired_at IS NULL
     OR (to_jsonb(NEW) - 'retired_at') <> (to_jsonb(OLD) - 'retired_at') THEN
    RAISE EXCEPTION 'injurydoc: a public key can only be retired, once' USING ERRCODE = 'ID001';
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._version_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_patient uuid;
BEGIN
  SELECT patient_id INTO v_patient FROM injurydoc.examinations WHERE id = NEW.examination_id;
  IF injurydoc._exam_signed(NEW.examination_id) THEN
    RAISE EXCEPTION 'injurydoc: the examination is signed; add an addendum instead' USING ERRCODE = 'ID001';
  END IF;
  IF NEW.parent_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM injurydoc.examination_versions
        WHERE id = NEW.parent_id AND examination_id = NEW.examination_id) THEN
    RAISE EXCEPTION 'injurydoc: the parent version belongs to another examination' USING ERRCODE = 'ID003';
  END IF;
  PERFORM injurydoc._check_protected(v_patient, NEW.content IS NOT NULL);
  NEW.received_at := now();
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._injury_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_exam uuid; v_patient uuid;
BEGIN
  SELECT v.examination_id, e.patient_id INTO v_exam, v_patient
    FROM injurydoc.examination_versions v JOIN injurydoc.examinations e ON e.id = v.examination_id
   WHERE v.id = NEW.version_id;
  IF injurydoc._exam_signed(v_exam) THEN
    RAISE EXCEPTION 'injurydoc: the examination is signed; add an addendum instead' USING ERRCODE = 'ID001';
  END IF;
  PERFORM injurydoc._check_protected(v_patient, NEW.content IS NOT NULL);
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._signature_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM injurydoc.examination_versions
                  WHERE id = NEW.version_id AND examination_id = NEW.examination_id) THEN
    RAISE EXCEPTION 'injurydoc: the signed version belongs to another examination' USING ERRCODE = 'ID003';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM injurydoc.examinations
                  WHERE id = NEW.examination_id AND examiner_id = NEW.signer_id) THEN
    RAISE EXCEPTION 'injurydoc: only the examiner signs an examination' USING ERRCODE = 'ID002';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM injurydoc.account_keys
                  WHERE id = NEW.key_id AND account_id = NEW.signer_id AND purpose = 'signing'
                    AND (retired_at IS NULL OR retired_at > NEW.signed_at)) THEN
    RAISE EXCEPTION 'injurydoc: the signing key is not the signer''s valid signing key'
      USING ERRCODE = 'ID003';
  END IF;
  NEW.received_at := now();
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._addendum_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT injurydoc._exam_signed(NEW.examination_id) THEN
    RAISE EXCEPTION 'injurydoc: an addendum belongs to a signed examination' USING ERRCODE = 'ID003';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM injurydoc.account_keys
                  WHERE id = NEW.key_id AND account_id = NEW.author_id AND purpose = 'signing'
                    AND (retired_at IS NULL OR retired_at > NEW.written_at)) THEN
    RAISE EXCEPTION 'injurydoc: the signing key is not the author''s valid signing key'
      USING ERRCODE = 'ID003';
  END IF;
  PERFORM injurydoc._check_protected((SELECT patient_id FROM injurydoc.examinations
                                       WHERE id = NEW.examination_id), NEW.content IS NOT NULL);
  NEW.received_at := now();
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._photo_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF injurydoc._exam_signed(NEW.examination_id) THEN
    RAISE EXCEPTION 'injurydoc: the examination is signed; add an addendum instead' USING ERRCODE = 'ID001';
  END IF;
  IF EXISTS (SELECT 1 FROM injurydoc.photo_blobs b
              WHERE b.unit_id = NEW.unit_id
                AND b.sha256 IN (NEW.sha256, NEW.preview_sha256, NEW.thumbnail_sha256)
                AND b.completed_at IS NULL) THEN
    RAISE EXCEPTION 'injurydoc: the photo''s bytes have not all arrived and been checked'
      USING ERRCODE = 'ID003';
  END IF;
  PERFORM injurydoc._check_protected((SELECT patient_id FROM injurydoc.examinations
                                       WHERE id = NEW.examination_id), NEW.metadata IS NOT NULL);
  NEW.added_at := now();
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._chunk_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE b injurydoc.photo_blobs; v_chunks integer; v_len integer;
BEGIN
  SELECT * INTO b FROM injurydoc.photo_blobs WHERE unit_id = NEW.unit_id AND sha256 = NEW.sha256;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'injurydoc: announce the upload first (begin_upload)' USING ERRCODE = 'ID003';
  END IF;
  IF b.completed_at IS NOT NULL THEN
    RAISE EXCEPTION 'injurydoc: these photo bytes are stored already' USING ERRCODE = 'ID001';
  END IF;
  v_chunks := ((b.size + b.chunk_size - 1) / b.chunk_size)::integer;
  v_len := CASE WHEN NEW.idx = v_chunks - 1 THEN (b.size - b.chunk_size::bigint * NEW.idx)::integer
                ELSE b.chunk_size END;
  IF NEW.idx >= v_chunks OR length(NEW.data) <> v_len THEN
    RAISE EXCEPTION 'injurydoc: chunk % does not fit the announced upload', NEW.idx USING ERRCODE = 'ID003';
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._blob_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF OLD.completed_at IS NOT NULL THEN
    RAISE EXCEPTION 'injurydoc: stored photo bytes are never changed' USING ERRCODE = 'ID001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION injurydoc._chunk_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM injurydoc.photo_blobs
                                   WHERE unit_id = OLD.unit_id AND sha256 = OLD.sha256
                                     AND completed_at IS NOT NULL) THEN
    RAISE EXCEPTION 'injurydoc: stored photo bytes are never changed' USING ERRCODE = 'ID001';
  END IF;
  RETURN OLD;
END $$;

-- ----- accounts (unit managers) ---------------------------------------------------------------------
-- The password arrives as a SCRAM-SHA-256 verifier made on the client (libpq PQencryptPasswordConn):
-- the plain password never reaches the server or its log.
CREATE FUNCTION injurydoc._check_verifier(p_verifier text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF p_verifier IS NULL
     OR p_verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
    RAISE EXCEPTION 'injurydoc: the password must be sent as a SCRAM-SHA-256 verifier'
      USING ERRCODE = 'ID003';
  END IF;
END $$;

CREATE FUNCTION injurydoc._create_account(p_unit uuid, p_creator uuid, p_username text, p_display_name text,
                                          p_roles text[], p_profession text, p_hsa_id text, p_verifier text)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_id uuid; r text;
BEGIN
  IF p_username IS NULL OR p_username !~ '^[a-z0-9][a-z0-9._-]{1,31}$'
     OR p_username ~ '^(pg_|injurydoc)' OR p_username IN ('postgres', 'public', 'none') THEN
    RAISE EXCEPTION 'injurydoc: user name % is not allowed', p_username USING ERRCODE = 'ID005';
  END IF;
  IF p_roles IS NULL OR cardinality(p_roles) = 0
     OR NOT p_roles <@ ARRAY['clinician', 'unit_manager', 'trainer'] THEN
    RAISE EXCEPTION 'injurydoc: unknown role in %', p_roles USING ERRCODE = 'ID003';
  END IF;
  PERFORM injurydoc._check_verifier(p_verifier);
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = p_username) THEN
    RAISE EXCEPTION 'injurydoc: user name % is taken', p_username USING ERRCODE = 'ID005';
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS '
                 'PASSWORD %L IN ROLE injurydoc_account', p_username, p_verifier);
  FOREACH r IN ARRAY p_roles LOOP
    EXECUTE format('GRANT %I TO %I', 'injurydoc_' || r, p_username);
  END LOOP;
  INSERT INTO injurydoc.accounts (unit_id, role_name, display_name, profession, hsa_id, roles, created_by)
  VALUES (p_unit, p_username, p_display_name, coalesce(p_profession, ''), coalesce(p_hsa_id, ''), p_roles,
          p_creator)
  RETURNING id INTO v_id;
  RETURN v_id;
END $$;

-- For the schema owner at set-up (not granted to any application role).
CREATE FUNCTION injurydoc.create_unit(p_name text, p_manager text, p_display_name text, p_verifier text)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_unit uuid; v_acc uuid;
BEGIN
  INSERT INTO injurydoc.units (name) VALUES (p_name) RETURNING id INTO v_unit;
  v_acc := injurydoc._create_account(v_unit, NULL, p_manager, p_display_name, ARRAY['unit_manager'], '', '',
                                     p_verifier);
  PERFORM injurydoc._log(v_unit, NULL, 'unit.create', 'ok', NULL, p_manager, '{}'::jsonb, NULL);
  RETURN v_unit;
END $$;

CREATE FUNCTION injurydoc.create_account(p_username text, p_display_name text, p_roles text[],
                                         p_profession text, p_hsa_id text, p_verifier text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit(); v_id uuid;
BEGIN
  IF NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: only a unit manager creates accounts' USING ERRCODE = 'ID002';
  END IF;
  v_id := injurydoc._create_account(v_unit, v_me, p_username, p_display_name, p_roles, p_profession, p_hsa_id,
                                    p_verifier);
  PERFORM injurydoc._log(v_unit, v_me, 'account.create', 'ok', NULL, p_username,
                         jsonb_build_object('roles', p_roles), NULL);
  RETURN v_id;
END $$;

CREATE FUNCTION injurydoc.disable_account(p_account uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); a injurydoc.accounts;
BEGIN
  SELECT * INTO a FROM injurydoc.accounts WHERE id = p_account;
  IF NOT FOUND OR a.unit_id <> injurydoc.my_unit() OR NOT injurydoc.i_am('unit_manager') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  IF a.id = v_me THEN
    RAISE EXCEPTION 'injurydoc: a manager cannot disable their own account' USING ERRCODE = 'ID002';
  END IF;
  EXECUTE format('ALTER ROLE %I NOLOGIN', a.role_name);
  UPDATE injurydoc.accounts SET active = false, disabled_at = now() WHERE id = a.id;
  PERFORM injurydoc._log(a.unit_id, v_me, 'account.disable', 'ok', NULL, a.role_name, '{}'::jsonb, NULL);
END $$;

CREATE FUNCTION injurydoc.set_password(p_account uuid, p_verifier text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); a injurydoc.accounts;
BEGIN
  SELECT * INTO a FROM injurydoc.accounts WHERE id = p_account AND active;
  IF NOT FOUND
     OR NOT (a.id = v_me OR (a.unit_id = injurydoc.my_unit() AND injurydoc.i_am('unit_manager'))) THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  PERFORM injurydoc._check_verifier(p_verifier);
  EXECUTE format('ALTER ROLE %I PASSWORD %L', a.role_name, p_verifier);
  PERFORM injurydoc._log(a.unit_id, v_me, 'account.password', 'ok', NULL, a.role_name, '{}'::jsonb, NULL);
END $$;

-- ----- grants ----------------------------------------------------------------------------------------
CREATE FUNCTION injurydoc.grant_access(p_patient uuid, p_account uuid, p_kind text, p_reason text,
                                       p_valid_until timestamptz) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit(); v_id uuid;
        p injurydoc.patients;
BEGIN
  SELECT * INTO p FROM injurydoc.patients WHERE id = p_patient;
  IF NOT FOUND OR p.unit_id <> v_unit
     OR NOT EXISTS (SELECT 1 FROM injurydoc.accounts WHERE id = p_account AND unit_id = v_unit AND active)
     OR (p_kind = 'grant' AND NOT injurydoc.i_am('unit_manager'))
     OR (p_kind = 'co_handler' AND p.created_by <> v_me) THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  IF p_valid_until IS NOT NULL AND p_valid_until <= now() THEN
    RAISE EXCEPTION 'injurydoc: the end date lies in the past' USING ERRCODE = 'ID003';
  END IF;
  INSERT INTO injurydoc.grants (unit_id, patient_id, account_id, kind, reason, valid_until, granted_by)
  VALUES (v_unit, p_patient, p_account, p_kind, p_reason, p_valid_until, v_me)
  RETURNING id INTO v_id;
  PERFORM injurydoc._log(v_unit, v_me, 'grant.create', 'ok', p_patient, p_account::text,
                         jsonb_build_object('kind', p_kind, 'valid_until', p_valid_until), NULL);
  RETURN v_id;
END $$;

-- Withdrawing also removes the grantee's wrap of the content key (unless another live right remains).
CREATE FUNCTION injurydoc.withdraw_grant(p_grant uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); g injurydoc.grants;
BEGIN
  SELECT * INTO g FROM injurydoc.grants WHERE id = p_grant;
  IF NOT FOUND OR g.unit_id <> injurydoc.my_unit()
     OR NOT (injurydoc.i_am('unit_manager') OR (g.kind = 'co_handler' AND g.granted_by = v_me)) THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  IF g.withdrawn_at IS NOT NULL THEN
    RETURN;
  END IF;
  UPDATE injurydoc.grants SET withdrawn_at = now(), withdrawn_by = v_me WHERE id = g.id;
  IF NOT injurydoc._may_open(g.patient_id, g.account_id) THEN
    DELETE FROM injurydoc.patient_key_wraps WHERE patient_id = g.patient_id AND account_id = g.account_id;
  END IF;
  PERFORM injurydoc._log(g.unit_id, v_me, 'grant.withdraw', 'ok', g.patient_id, g.account_id::text,
                         '{}'::jsonb, NULL);
END $$;

-- ----- patients --------------------------------------------------------------------------------------
CREATE FUNCTION injurydoc.update_patient(p_patient uuid, p_protection text, p_identity jsonb,
                                         p_identity_ciphertext bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid;
BEGIN
  SELECT unit_id INTO v_unit FROM injurydoc.patients WHERE id = p_patient;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  IF NOT injurydoc._may_open(p_patient, v_me) OR NOT injurydoc.i_am('clinician') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  UPDATE injurydoc.patients
     SET protection = p_protection, identity = p_identity, identity_ciphertext = p_identity_ciphertext
   WHERE id = p_patient;
  PERFORM injurydoc._log(v_unit, v_me, 'patient.update', 'ok', p_patient, '', '{}'::jsonb, NULL);
END $$;

-- Does a person with this lookup value exist in my unit?  Ids only of those I may open; the others
-- count without saying who.
CREATE FUNCTION injurydoc.find_patients(p_lookup bytea) RETURNS TABLE (patient_id uuid, accessible boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
BEGIN
  RETURN QUERY
  WITH hits AS (
    SELECT p.id, injurydoc._may_open(p.id, v_me) AS ok
      FROM injurydoc.patients p WHERE p.unit_id = v_unit AND p.lookup = p_lookup
  ), logged AS (
    INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, patient_id)
    SELECT v_unit, v_me, 'server', 'patient.lookup', 'ok', h.id FROM hits h
  )
  SELECT CASE WHEN h.ok THEN h.id END, h.ok FROM hits h;
END $$;

-- ----- reading: request (logged, committed) then fetch -------------------------------------------
-- request_read writes the access-log rows and returns their read_id; it must be committed before a
-- fetch_* function hands out data for that read_id.  A client that rolls the request back has no
-- read_id whose rows it can see, so data never leaves the server without a committed log row.
CREATE FUNCTION injurydoc.request_read(p_kind text, p_target uuid) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
        v_read uuid := gen_random_uuid(); v_patient uuid; v_unit_of uuid;
BEGIN
  IF p_kind = 'patients' THEN
    INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, patient_id, read_id)
    SELECT v_unit, v_me, 'server', 'patient.list', 'ok', p.id, v_read
      FROM injurydoc.patients p WHERE p.unit_id = v_unit AND injurydoc._may_open(p.id, v_me);
    IF NOT FOUND THEN  -- an empty list is a read too: one row without a patient
      PERFORM injurydoc._log(v_unit, v_me, 'patient.list', 'ok', NULL, '', '{}'::jsonb, v_read);
    END IF;
    RETURN v_read;
  ELSIF p_kind = 'patient' THEN
    SELECT id, unit_id INTO v_patient, v_unit_of FROM injurydoc.patients WHERE id = p_target;
  ELSIF p_kind = 'examination' THEN
    SELECT patient_id, unit_id INTO v_patient, v_unit_of FROM injurydoc.examinations WHERE id = p_target;
  ELSIF p_kind = 'photo' THEN
    SELECT e.patient_id, e.unit_id INTO v_patient, v_unit_of
      FROM injurydoc.photos ph JOIN injurydoc.examinations e ON e.id = ph.examination_id
     WHERE ph.id = p_target;
  ELSE
    RAISE EXCEPTION 'injurydoc: unknown kind of read %', p_kind USING ERRCODE = 'ID003';
  END IF;
  IF v_patient IS NULL THEN
    RETURN NULL;  -- nothing of that id: nothing read, nothing to log
  END IF;
  IF injurydoc._may_open(v_patient, v_me) THEN
    PERFORM injurydoc._log(v_unit_of, v_me, p_kind || '.read', 'ok', v_patient, p_target::text, '{}'::jsonb,
                           v_read);
    RETURN v_read;
  END IF;
  -- refused: logged in the patient's unit, so that its manager sees the attempt
  PERFORM injurydoc._log(v_unit_of, v_me, p_kind || '.read', 'denied', v_patient, p_target::text,
                         '{}'::jsonb, NULL);
  RETURN NULL;
END $$;

CREATE FUNCTION injurydoc._read_targets(p_read uuid, p_action text)
RETURNS TABLE (patient_id uuid, target text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account();
BEGIN
  IF pg_catalog.pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'injurydoc: fetch in a new transaction, after the read request was committed'
      USING ERRCODE = 'ID006';
  END IF;
  RETURN QUERY
  SELECT l.patient_id, l.target FROM injurydoc.access_log l
   WHERE l.read_id = p_read AND l.account_id = v_me AND l.source = 'server' AND l.outcome = 'ok'
     AND l.action = p_action AND l.at > clock_timestamp() - interval '15 minutes';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'injurydoc: no committed read request %', p_read USING ERRCODE = 'ID006';
  END IF;
END $$;

CREATE FUNCTION injurydoc.fetch_patients(p_read uuid)
RETURNS TABLE (id uuid, protection text, identity jsonb, identity_ciphertext bytea, created_by uuid,
               created_at timestamptz, updated_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account();
BEGIN
  RETURN QUERY
  SELECT p.id, p.protection, p.identity, p.identity_ciphertext, p.created_by, p.created_at, p.updated_at
    FROM injurydoc.patients p
   WHERE p.id IN (SELECT t.patient_id FROM injurydoc._read_targets(p_read, 'patient.list') t)
     AND injurydoc._may_open(p.id, v_me)
   ORDER BY p.created_at, p.id;
END $$;

CREATE FUNCTION injurydoc.fetch_patient(p_read uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_patient uuid;
BEGIN
  SELECT t.patient_id INTO v_patient FROM injurydoc._read_targets(p_read, 'patient.read') t;
  IF NOT injurydoc._may_open(v_patient, v_me) THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  RETURN (
    SELECT jsonb_build_object(
      'id', p.id, 'protection', p.protection, 'identity', p.identity,
      'identity_ciphertext', encode(p.identity_ciphertext, 'base64'), 'created_by', p.created_by,
      'created_at', p.created_at, 'updated_at', p.updated_at,
      'examinations', coalesce((
        SELECT jsonb_agg(jsonb_build_object('id', e.id, 'examiner_id', e.examiner_id,
                                            'created_at', e.created_at,
                                            'signed_at', (SELECT s.signed_at FROM injurydoc.signatures s
                                                           WHERE s.examination_id = e.id))
                         ORDER BY e.created_at, e.id)
          FROM injurydoc.examinations e WHERE e.patient_id = p.id), '[]'::jsonb))
      FROM injurydoc.patients p WHERE p.id = v_patient);
END $$;

CREATE FUNCTION injurydoc.fetch_examination(p_read uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_patient uuid; v_exam uuid;
BEGIN
  SELECT t.patient_id, t.target::uuid INTO v_patient, v_exam
    FROM injurydoc._read_targets(p_read, 'examination.read') t;
  IF NOT injurydoc._may_open(v_patient, v_me) THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  RETURN (
    SELECT jsonb_build_object(
      'id', e.id, 'patient_id', e.patient_id, 'examiner_id', e.examiner_id, 'created_at', e.created_at,
      'follow_up_of', e.follow_up_of,
      'versions', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                 'id', v.id, 'parent_id', v.parent_id, 'author_id', v.author_id,
                 'client_saved_at', v.client_saved_at, 'received_at', v.received_at, 'content', v.content,
                 'content_ciphertext', encode(v.content_ciphertext, 'base64'),
                 'injuries', coalesce((
                   SELECT jsonb_agg(jsonb_build_object(
                            'id', i.id, 'number', i.number, 'content', i.content,
                            'content_ciphertext', encode(i.content_ciphertext, 'base64')) ORDER BY i.number)
                     FROM injurydoc.injuries i WHERE i.version_id = v.id), '[]'::jsonb))
                 ORDER BY v.received_at, v.id)
          FROM injurydoc.examination_versions v WHERE v.examination_id = e.id), '[]'::jsonb),
      'signature', (
        SELECT jsonb_build_object('version_id', s.version_id, 'signer_id', s.signer_id, 'key_id', s.key_id,
                                  'signed_at', s.signed_at, 'content_sha256', encode(s.content_sha256, 'hex'),
                                  'signature', encode(s.signature, 'base64'))
          FROM injurydoc.signatures s WHERE s.examination_id = e.id),
      'addenda', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                 'id', a.id, 'author_id', a.author_id, 'key_id', a.key_id, 'written_at', a.written_at,
                 'content', a.content, 'content_ciphertext', encode(a.content_ciphertext, 'base64'),
                 'content_sha256', encode(a.content_sha256, 'hex'),
                 'signature', encode(a.signature, 'base64'))
                 ORDER BY a.written_at, a.id)
          FROM injurydoc.addenda a WHERE a.examination_id = e.id), '[]'::jsonb),
      'photos', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                 'id', ph.id, 'number', ph.number, 'sha256', encode(ph.sha256, 'hex'),
                 'size', (SELECT b.size FROM injurydoc.photo_blobs b
                           WHERE b.unit_id = ph.unit_id AND b.sha256 = ph.sha256),
                 'metadata', ph.metadata, 'metadata_ciphertext', encode(ph.metadata_ciphertext, 'base64'))
                 ORDER BY ph.number)
          FROM injurydoc.photos ph WHERE ph.examination_id = e.id), '[]'::jsonb))
      FROM injurydoc.examinations e WHERE e.id = v_exam);
END $$;

CREATE FUNCTION injurydoc.fetch_photo(p_read uuid, p_which text DEFAULT 'original')
RETURNS TABLE (idx integer, data bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_patient uuid; v_photo uuid; v_unit uuid; v_sha bytea;
BEGIN
  SELECT t.patient_id, t.target::uuid INTO v_patient, v_photo
    FROM injurydoc._read_targets(p_read, 'photo.read') t;
  IF NOT injurydoc._may_open(v_patient, v_me) THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  SELECT ph.unit_id, CASE p_which WHEN 'original' THEN ph.sha256 WHEN 'preview' THEN ph.preview_sha256
                                  WHEN 'thumbnail' THEN ph.thumbnail_sha256 END
    INTO v_unit, v_sha FROM injurydoc.photos ph WHERE ph.id = v_photo;
  RETURN QUERY SELECT c.idx, c.data FROM injurydoc.photo_chunks c
                WHERE c.unit_id = v_unit AND c.sha256 = v_sha ORDER BY c.idx;
END $$;

-- ----- photo upload: announce, send chunks (plain INSERTs, resumable), finish --------------------------
CREATE FUNCTION injurydoc.begin_upload(p_sha256 bytea, p_size bigint, p_chunk_size integer,
                                       OUT complete boolean, OUT have integer[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
        b injurydoc.photo_blobs;
BEGIN
  IF NOT injurydoc.i_am('clinician') THEN
    RAISE EXCEPTION 'injurydoc: not allowed' USING ERRCODE = 'ID002';
  END IF;
  SELECT * INTO b FROM injurydoc.photo_blobs WHERE unit_id = v_unit AND sha256 = p_sha256 FOR UPDATE;
  IF FOUND AND b.completed_at IS NOT NULL THEN
    complete := true; have := '{}'; RETURN;    -- stored once: nothing to send
  END IF;
  IF FOUND AND (b.size <> p_size OR b.chunk_size <> p_chunk_size) THEN
    -- an upload of the same hash cut differently (or a wrong size): start it afresh
    DELETE FROM injurydoc.photo_chunks WHERE unit_id = v_unit AND sha256 = p_sha256;
    DELETE FROM injurydoc.photo_blobs WHERE unit_id = v_unit AND sha256 = p_sha256;
    FOUND := false;
  END IF;
  IF NOT FOUND THEN
    INSERT INTO injurydoc.photo_blobs (unit_id, sha256, size, chunk_size, started_by)
    VALUES (v_unit, p_sha256, p_size, p_chunk_size, v_me);
  END IF;
  complete := false;
  have := coalesce((SELECT array_agg(c.idx ORDER BY c.idx) FROM injurydoc.photo_chunks c
                     WHERE c.unit_id = v_unit AND c.sha256 = p_sha256), '{}');
END $$;

-- 'complete': all chunks there and the SHA-256 of their bytes is the announced one.  'incomplete':
-- chunks missing (send them, call again).  'mismatch': the bytes differ; they are discarded.
CREATE FUNCTION injurydoc.finish_upload(p_sha256 bytea) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
        b injurydoc.photo_blobs;
        v_n integer; v_total bigint;
BEGIN
  SELECT * INTO b FROM injurydoc.photo_blobs WHERE unit_id = v_unit AND sha256 = p_sha256 FOR UPDATE;
  IF NOT FOUND OR NOT injurydoc.i_am('clinician') THEN
    RAISE EXCEPTION 'injurydoc: no such upload' USING ERRCODE = 'ID003';
  END IF;
  IF b.completed_at IS NOT NULL THEN
    RETURN 'complete';
  END IF;
  SELECT count(*), coalesce(sum(length(c.data)), 0) INTO v_n, v_total
    FROM injurydoc.photo_chunks c WHERE c.unit_id = v_unit AND c.sha256 = p_sha256;
  IF v_n < (b.size + b.chunk_size - 1) / b.chunk_size OR v_total <> b.size THEN
    RETURN 'incomplete';
  END IF;
  IF sha256((SELECT string_agg(c.data, ''::bytea ORDER BY c.idx) FROM injurydoc.photo_chunks c
              WHERE c.unit_id = v_unit AND c.sha256 = p_sha256)) <> p_sha256 THEN
    DELETE FROM injurydoc.photo_chunks WHERE unit_id = v_unit AND sha256 = p_sha256;
    DELETE FROM injurydoc.photo_blobs WHERE unit_id = v_unit AND sha256 = p_sha256;
    RETURN 'mismatch';
  END IF;
  UPDATE injurydoc.photo_blobs SET completed_at = now() WHERE unit_id = v_unit AND sha256 = p_sha256;
  RETURN 'complete';
END $$;
"""

DOWNGRADE = ""  # the schema is dropped whole by the tables' downgrade
