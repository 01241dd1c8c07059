"""Schema version 0001, part 3: triggers, privileges and row-level security.  Frozen once released.

Application roles never SELECT patient data directly: patients, examinations, versions, injuries,
signatures, addenda, photos and photo bytes are read only through ``request_read`` + ``fetch_*`` (which
log).  They INSERT their own records directly, and row-level security decides which rows they may
insert; nothing clinical is ever UPDATEd or DELETEd by them.  RLS is enabled on every table, also
where no SELECT is granted, so a privilege granted by mistake later still shows no other unit's rows.
"""

_APPEND_ONLY = (
    "examinations",
    "examination_versions",
    "injuries",
    "signatures",
    "addenda",
    "photos",
    "access_log",
)
_ALL_TABLES = (
    "units",
    "accounts",
    "account_keys",
    "patients",
    "patient_key_wraps",
    "grants",
    *_APPEND_ONLY,
    "photo_blobs",
    "photo_chunks",
)

_triggers = "\n".join(
    f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON injurydoc.{t}\n"
    f"  FOR EACH ROW EXECUTE FUNCTION injurydoc._refuse_change();"
    for t in _APPEND_ONLY
)
_truncate = "\n".join(
    f"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON injurydoc.{t}\n"
    f"  FOR EACH STATEMENT EXECUTE FUNCTION injurydoc._refuse_change();"
    for t in (*_APPEND_ONLY, "patients", "grants", "account_keys", "photo_blobs", "photo_chunks")
)
_rls = "\n".join(f"ALTER TABLE injurydoc.{t} ENABLE ROW LEVEL SECURITY;" for t in _ALL_TABLES)

UPGRADE = rf"""
{_triggers}
{_truncate}
CREATE TRIGGER access_log_stamp BEFORE INSERT ON injurydoc.access_log
  FOR EACH ROW EXECUTE FUNCTION injurydoc._log_stamp();
CREATE TRIGGER patients_guard BEFORE UPDATE OR DELETE ON injurydoc.patients
  FOR EACH ROW EXECUTE FUNCTION injurydoc._patient_guard();
CREATE TRIGGER grants_guard BEFORE UPDATE OR DELETE ON injurydoc.grants
  FOR EACH ROW EXECUTE FUNCTION injurydoc._grant_guard();
CREATE TRIGGER account_keys_guard BEFORE UPDATE OR DELETE ON injurydoc.account_keys
  FOR EACH ROW EXECUTE FUNCTION injurydoc._key_guard();
CREATE TRIGGER examination_versions_check BEFORE INSERT ON injurydoc.examination_versions
  FOR EACH ROW EXECUTE FUNCTION injurydoc._version_check();
CREATE TRIGGER injuries_check BEFORE INSERT ON injurydoc.injuries
  FOR EACH ROW EXECUTE FUNCTION injurydoc._injury_check();
CREATE TRIGGER signatures_check BEFORE INSERT ON injurydoc.signatures
  FOR EACH ROW EXECUTE FUNCTION injurydoc._signature_check();
CREATE TRIGGER addenda_check BEFORE INSERT ON injurydoc.addenda
  FOR EACH ROW EXECUTE FUNCTION injurydoc._addendum_check();
CREATE TRIGGER photos_check BEFORE INSERT ON injurydoc.photos
  FOR EACH ROW EXECUTE FUNCTION injurydoc._photo_check();
CREATE TRIGGER photo_chunks_check BEFORE INSERT ON injurydoc.photo_chunks
  FOR EACH ROW EXECUTE FUNCTION injurydoc._chunk_check();
CREATE TRIGGER photo_blobs_guard BEFORE UPDATE OR DELETE ON injurydoc.photo_blobs
  FOR EACH ROW EXECUTE FUNCTION injurydoc._blob_guard();
CREATE TRIGGER photo_chunks_guard BEFORE UPDATE OR DELETE ON injurydoc.photo_chunks
  FOR EACH ROW EXECUTE FUNCTION injurydoc._chunk_guard();

{_rls}

-- ----- privileges ----------------------------------------------------------------------------------
REVOKE ALL ON ALL TABLES IN SCHEMA injurydoc FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA injurydoc FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA injurydoc FROM PUBLIC;

GRANT SELECT ON injurydoc.units, injurydoc.accounts, injurydoc.account_keys, injurydoc.grants,
                injurydoc.access_log, injurydoc.patient_key_wraps TO injurydoc_account;
GRANT INSERT ON injurydoc.account_keys, injurydoc.patient_key_wraps TO injurydoc_account;
GRANT UPDATE (retired_at) ON injurydoc.account_keys TO injurydoc_account;
GRANT INSERT (unit_id, account_id, source, action, outcome, patient_id, target, details, workstation_id,
              client_at, client_entry, client_signature) ON injurydoc.access_log TO injurydoc_account;
GRANT INSERT ON injurydoc.patients, injurydoc.examinations, injurydoc.examination_versions,
                injurydoc.injuries, injurydoc.signatures, injurydoc.addenda, injurydoc.photos,
                injurydoc.photo_chunks TO injurydoc_clinician;

GRANT EXECUTE ON FUNCTION injurydoc.me(), injurydoc.my_unit(), injurydoc.i_am(text),
  injurydoc.may_open(uuid), injurydoc.may_open_examination(uuid), injurydoc.is_my_examination(uuid),
  injurydoc.is_my_version(uuid), injurydoc.upload_is_open(bytea),
  injurydoc.may_receive_key(uuid, uuid, uuid),
  injurydoc.request_read(text, uuid), injurydoc.fetch_patients(uuid), injurydoc.fetch_patient(uuid),
  injurydoc.fetch_examination(uuid), injurydoc.fetch_photo(uuid, text), injurydoc.find_patients(bytea),
  injurydoc.set_password(uuid, text), injurydoc.grant_access(uuid, uuid, text, text, timestamptz)
  TO injurydoc_account;
GRANT EXECUTE ON FUNCTION injurydoc.update_patient(uuid, text, jsonb, bytea),
  injurydoc.begin_upload(bytea, bigint, integer), injurydoc.finish_upload(bytea) TO injurydoc_clinician;
GRANT EXECUTE ON FUNCTION injurydoc.create_account(text, text, text[], text, text, text),
  injurydoc.disable_account(uuid), injurydoc.withdraw_grant(uuid) TO injurydoc_unit_manager;

-- ----- row-level security ------------------------------------------------------------------------------
CREATE POLICY units_own ON injurydoc.units FOR SELECT TO injurydoc_account
  USING (id = injurydoc.my_unit());
CREATE POLICY accounts_unit ON injurydoc.accounts FOR SELECT TO injurydoc_account
  USING (unit_id = injurydoc.my_unit());

CREATE POLICY keys_unit ON injurydoc.account_keys FOR SELECT TO injurydoc_account
  USING (unit_id = injurydoc.my_unit());
CREATE POLICY keys_insert ON injurydoc.account_keys FOR INSERT TO injurydoc_account
  WITH CHECK (unit_id = injurydoc.my_unit() AND created_by = injurydoc.me()
              AND (account_id = injurydoc.me() OR injurydoc.i_am('unit_manager')));
CREATE POLICY keys_retire ON injurydoc.account_keys FOR UPDATE TO injurydoc_account
  USING (unit_id = injurydoc.my_unit() AND (account_id = injurydoc.me() OR injurydoc.i_am('unit_manager')));

CREATE POLICY patients_insert ON injurydoc.patients FOR INSERT TO injurydoc_clinician
  WITH CHECK (unit_id = injurydoc.my_unit() AND created_by = injurydoc.me() AND injurydoc.i_am('clinician'));

CREATE POLICY wraps_own ON injurydoc.patient_key_wraps FOR SELECT TO injurydoc_account
  USING (account_id = injurydoc.me());
CREATE POLICY wraps_insert ON injurydoc.patient_key_wraps FOR INSERT TO injurydoc_account
  WITH CHECK (unit_id = injurydoc.my_unit() AND wrapped_by = injurydoc.me()
              AND (injurydoc.may_open(patient_id) OR injurydoc.i_am('unit_manager'))
              AND injurydoc.may_receive_key(patient_id, account_id, key_id));

CREATE POLICY grants_visible ON injurydoc.grants FOR SELECT TO injurydoc_account
  USING (unit_id = injurydoc.my_unit()
         AND (account_id = injurydoc.me() OR granted_by = injurydoc.me() OR injurydoc.i_am('unit_manager')));

CREATE POLICY examinations_insert ON injurydoc.examinations FOR INSERT TO injurydoc_clinician
  WITH CHECK (unit_id = injurydoc.my_unit() AND examiner_id = injurydoc.me() AND injurydoc.i_am('clinician')
              AND injurydoc.may_open(patient_id));
CREATE POLICY versions_insert ON injurydoc.examination_versions FOR INSERT TO injurydoc_clinician
  WITH CHECK (unit_id = injurydoc.my_unit() AND author_id = injurydoc.me()
              AND injurydoc.is_my_examination(examination_id));
CREATE POLICY injuries_insert ON injurydoc.injuries FOR INSERT TO injurydoc_clinician
  WITH CHECK (unit_id = injurydoc.my_unit() AND injurydoc.is_my_version(version_id));
CREATE POLICY signatures_insert ON injurydoc.signatures FOR INSERT TO injurydoc_clinician
  WITH CHECK (unit_id = injurydoc.my_unit() AND signer_id = injurydoc.me()
              AND injurydoc.is_my_examination(examination_id));
CREATE POLICY addenda_insert ON injurydoc.addenda FOR INSERT TO injurydoc_clinician
  WITH CHECK (unit_id = injurydoc.my_unit() AND author_id = injurydoc.me() AND injurydoc.i_am('clinician')
              AND injurydoc.may_open_examination(examination_id));
CREATE POLICY photos_insert ON injurydoc.photos FOR INSERT TO injurydoc_clinician
  WITH CHECK (unit_id = injurydoc.my_unit() AND added_by = injurydoc.me()
              AND injurydoc.is_my_examination(examination_id));
CREATE POLICY chunks_insert ON injurydoc.photo_chunks FOR INSERT TO injurydoc_clinician
  WITH CHECK (unit_id = injurydoc.my_unit() AND injurydoc.i_am('clinician')
              AND injurydoc.upload_is_open(sha256));

CREATE POLICY log_visible ON injurydoc.access_log FOR SELECT TO injurydoc_account
  USING (unit_id = injurydoc.my_unit() AND (account_id = injurydoc.me() OR injurydoc.i_am('unit_manager')));
CREATE POLICY log_insert ON injurydoc.access_log FOR INSERT TO injurydoc_account
  WITH CHECK (unit_id = injurydoc.my_unit() AND account_id = injurydoc.me() AND source = 'client');
"""

DOWNGRADE = ""  # the schema is dropped whole by the tables' downgrade
