"""Schema version 0001, part 1: the group roles and the tables.  Frozen once released: change the schema
with a new revision, never by editing this text.

Conventions: every table has ``unit_id``; a child row's unit is tied to its parent's by a composite
foreign key ``(unit_id, parent_id)``, so a row can never point into another unit.  Ids made on a
workstation (patients, examinations, versions, photos …) are UUIDs chosen by the client, so that a
resent row is recognised (idempotent ``INSERT … ON CONFLICT DO NOTHING``).  ``content`` (jsonb) holds a
record of a person without protected personal data; ``content_ciphertext`` holds it for a protected
person, encrypted on the workstation under that person's content key, opaque to the server.
"""

UPGRADE = r"""
CREATE SCHEMA injurydoc;
REVOKE ALL ON SCHEMA injurydoc FROM PUBLIC;

-- Group roles live in the cluster, not in this database: made once, kept by a downgrade.
DO $roles$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['injurydoc_account', 'injurydoc_clinician', 'injurydoc_unit_manager',
                           'injurydoc_trainer']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END
$roles$;
GRANT USAGE ON SCHEMA injurydoc TO injurydoc_account;

CREATE TABLE injurydoc.units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- fingerprint of the unit manager's root key pinned at set-up (personal keys, issue 14); opaque here
  root_key_fingerprint text
);

CREATE TABLE injurydoc.accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL REFERENCES injurydoc.units(id),
  role_name name NOT NULL UNIQUE,          -- the account's own PostgreSQL login role
  display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
  profession text NOT NULL DEFAULT '',
  hsa_id text NOT NULL DEFAULT '',
  roles text[] NOT NULL CHECK (cardinality(roles) > 0
                               AND roles <@ ARRAY['clinician', 'unit_manager', 'trainer']),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES injurydoc.accounts(id),
  disabled_at timestamptz,
  UNIQUE (unit_id, id)
);

-- Public halves of the personal keys; the certificate binds a key to its account (made by a unit
-- manager's key).  Kept for ever: old signatures are checked against the key of their time.
CREATE TABLE injurydoc.account_keys (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL,
  account_id uuid NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('encryption', 'signing')),
  algorithm text NOT NULL CHECK (length(algorithm) BETWEEN 1 AND 40),
  public_key bytea NOT NULL CHECK (length(public_key) BETWEEN 16 AND 8192),
  certificate bytea CHECK (length(certificate) <= 65536),
  created_by uuid NOT NULL REFERENCES injurydoc.accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  UNIQUE (unit_id, id),
  FOREIGN KEY (unit_id, account_id) REFERENCES injurydoc.accounts (unit_id, id)
);
CREATE INDEX account_keys_account ON injurydoc.account_keys (account_id);

CREATE TABLE injurydoc.patients (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES injurydoc.units(id),
  protection text NOT NULL CHECK (protection IN ('none', 'sekretessmarkering', 'skyddad_folkbokforing',
                                                 'fingerade_uppgifter')),
  -- keyed lookup value (HMAC of the normalised identity number under the unit's lookup key, made on the
  -- workstation): finds an earlier registration without the server learning the number
  lookup bytea NOT NULL CHECK (length(lookup) BETWEEN 16 AND 64),
  identity jsonb,                 -- name, number, birth date, sex, contacts: only when protection = 'none'
  identity_ciphertext bytea,      -- the same for a protected person, encrypted under their content key
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((protection = 'none') = (identity IS NOT NULL)),
  CHECK ((identity IS NULL) <> (identity_ciphertext IS NULL)),
  UNIQUE (unit_id, id),
  FOREIGN KEY (unit_id, created_by) REFERENCES injurydoc.accounts (unit_id, id)
);
CREATE INDEX patients_lookup ON injurydoc.patients (unit_id, lookup);

-- A protected person's content key, wrapped for one allowed account's encryption key.
CREATE TABLE injurydoc.patient_key_wraps (
  unit_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  account_id uuid NOT NULL,
  key_id uuid NOT NULL,
  wrapped_key bytea NOT NULL CHECK (length(wrapped_key) BETWEEN 16 AND 4096),
  wrapped_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, account_id, key_id),
  FOREIGN KEY (unit_id, patient_id) REFERENCES injurydoc.patients (unit_id, id),
  FOREIGN KEY (unit_id, account_id) REFERENCES injurydoc.accounts (unit_id, id),
  FOREIGN KEY (unit_id, key_id) REFERENCES injurydoc.account_keys (unit_id, id),
  FOREIGN KEY (unit_id, wrapped_by) REFERENCES injurydoc.accounts (unit_id, id)
);
CREATE INDEX patient_key_wraps_account ON injurydoc.patient_key_wraps (account_id);

-- Co-handlers (added by the creating clinician) and grants (by a unit manager), each with a reason;
-- a grant ends on its date or when withdrawn.  Rows are never deleted.
CREATE TABLE injurydoc.grants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  account_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('co_handler', 'grant')),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
  valid_until timestamptz,
  granted_by uuid NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  withdrawn_by uuid,
  CHECK (kind = 'co_handler' OR valid_until IS NOT NULL),
  CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL)),
  FOREIGN KEY (unit_id, patient_id) REFERENCES injurydoc.patients (unit_id, id),
  FOREIGN KEY (unit_id, account_id) REFERENCES injurydoc.accounts (unit_id, id),
  FOREIGN KEY (unit_id, granted_by) REFERENCES injurydoc.accounts (unit_id, id),
  FOREIGN KEY (unit_id, withdrawn_by) REFERENCES injurydoc.accounts (unit_id, id)
);
CREATE INDEX grants_patient ON injurydoc.grants (patient_id, account_id);
CREATE INDEX grants_account ON injurydoc.grants (account_id);

CREATE TABLE injurydoc.examinations (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  examiner_id uuid NOT NULL,
  follow_up_of uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, id),
  FOREIGN KEY (unit_id, patient_id) REFERENCES injurydoc.patients (unit_id, id),
  FOREIGN KEY (unit_id, examiner_id) REFERENCES injurydoc.accounts (unit_id, id),
  FOREIGN KEY (unit_id, follow_up_of) REFERENCES injurydoc.examinations (unit_id, id)
);
CREATE INDEX examinations_patient ON injurydoc.examinations (patient_id);

-- A draft is a chain of versions, never updated: each save adds a row naming the version it was edited
-- from.  Two versions with the same parent are two offline edits; both are kept.
CREATE TABLE injurydoc.examination_versions (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL,
  examination_id uuid NOT NULL,
  parent_id uuid,
  author_id uuid NOT NULL,
  workstation_id uuid,
  client_saved_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  content jsonb,
  content_ciphertext bytea,
  CHECK ((content IS NULL) <> (content_ciphertext IS NULL)),
  UNIQUE (unit_id, id),
  FOREIGN KEY (unit_id, examination_id) REFERENCES injurydoc.examinations (unit_id, id),
  FOREIGN KEY (unit_id, parent_id) REFERENCES injurydoc.examination_versions (unit_id, id),
  FOREIGN KEY (unit_id, author_id) REFERENCES injurydoc.accounts (unit_id, id)
);
CREATE INDEX examination_versions_exam ON injurydoc.examination_versions (examination_id);

CREATE TABLE injurydoc.injuries (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL,
  version_id uuid NOT NULL,
  number integer NOT NULL CHECK (number BETWEEN 1 AND 999),
  content jsonb,
  content_ciphertext bytea,
  CHECK ((content IS NULL) <> (content_ciphertext IS NULL)),
  UNIQUE (version_id, number),
  FOREIGN KEY (unit_id, version_id) REFERENCES injurydoc.examination_versions (unit_id, id)
);

-- The examiner's signature over the canonical content of one version, made at signing on the
-- workstation with the personal signing key.  One per examination; from then on nothing of it changes.
CREATE TABLE injurydoc.signatures (
  examination_id uuid PRIMARY KEY,
  unit_id uuid NOT NULL,
  version_id uuid NOT NULL UNIQUE,
  signer_id uuid NOT NULL,
  key_id uuid NOT NULL,
  signed_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  content_sha256 bytea NOT NULL CHECK (length(content_sha256) = 32),
  signature bytea NOT NULL CHECK (length(signature) BETWEEN 32 AND 16384),
  FOREIGN KEY (unit_id, examination_id) REFERENCES injurydoc.examinations (unit_id, id),
  FOREIGN KEY (unit_id, version_id) REFERENCES injurydoc.examination_versions (unit_id, id),
  FOREIGN KEY (unit_id, signer_id) REFERENCES injurydoc.accounts (unit_id, id),
  FOREIGN KEY (unit_id, key_id) REFERENCES injurydoc.account_keys (unit_id, id)
);

-- Later facts about a signed examination: written and signed at once, never changed.
CREATE TABLE injurydoc.addenda (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL,
  examination_id uuid NOT NULL,
  author_id uuid NOT NULL,
  key_id uuid NOT NULL,
  written_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  content jsonb,
  content_ciphertext bytea,
  content_sha256 bytea NOT NULL CHECK (length(content_sha256) = 32),
  signature bytea NOT NULL CHECK (length(signature) BETWEEN 32 AND 16384),
  CHECK ((content IS NULL) <> (content_ciphertext IS NULL)),
  FOREIGN KEY (unit_id, examination_id) REFERENCES injurydoc.examinations (unit_id, id),
  FOREIGN KEY (unit_id, author_id) REFERENCES injurydoc.accounts (unit_id, id),
  FOREIGN KEY (unit_id, key_id) REFERENCES injurydoc.account_keys (unit_id, id)
);
CREATE INDEX addenda_examination ON injurydoc.addenda (examination_id);

-- Photo bytes, stored once per unit by SHA-256 of the stored bytes (for a protected person: of the
-- ciphertext), sent in chunks that survive an interrupted upload.  A blob counts only once the server
-- itself has checked the SHA-256 of the whole (completed_at set).
CREATE TABLE injurydoc.photo_blobs (
  unit_id uuid NOT NULL REFERENCES injurydoc.units(id),
  sha256 bytea NOT NULL CHECK (length(sha256) = 32),
  size bigint NOT NULL CHECK (size BETWEEN 1 AND 1073741823),
  chunk_size integer NOT NULL CHECK (chunk_size BETWEEN 65536 AND 67108864),
  started_by uuid NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  PRIMARY KEY (unit_id, sha256),
  FOREIGN KEY (unit_id, started_by) REFERENCES injurydoc.accounts (unit_id, id)
);

CREATE TABLE injurydoc.photo_chunks (
  unit_id uuid NOT NULL,
  sha256 bytea NOT NULL,
  idx integer NOT NULL CHECK (idx >= 0),
  data bytea NOT NULL,
  PRIMARY KEY (unit_id, sha256, idx),
  FOREIGN KEY (unit_id, sha256) REFERENCES injurydoc.photo_blobs (unit_id, sha256)
);
-- photos are compressed already: do not let TOAST try again
ALTER TABLE injurydoc.photo_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE injurydoc.photos (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL,
  examination_id uuid NOT NULL,
  number integer NOT NULL CHECK (number BETWEEN 1 AND 9999),
  sha256 bytea NOT NULL,
  preview_sha256 bytea,
  thumbnail_sha256 bytea,
  added_by uuid NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  metadata jsonb,               -- role, injuries shown, EXIF facts, original file name
  metadata_ciphertext bytea,
  CHECK ((metadata IS NULL) <> (metadata_ciphertext IS NULL)),
  UNIQUE (examination_id, number),
  FOREIGN KEY (unit_id, examination_id) REFERENCES injurydoc.examinations (unit_id, id),
  FOREIGN KEY (unit_id, sha256) REFERENCES injurydoc.photo_blobs (unit_id, sha256),
  FOREIGN KEY (unit_id, preview_sha256) REFERENCES injurydoc.photo_blobs (unit_id, sha256),
  FOREIGN KEY (unit_id, thumbnail_sha256) REFERENCES injurydoc.photo_blobs (unit_id, sha256),
  FOREIGN KEY (unit_id, added_by) REFERENCES injurydoc.accounts (unit_id, id)
);

-- The access log.  Insert-only for every application role: no UPDATE, DELETE or TRUNCATE is granted, and
-- triggers refuse them even for the owner.  source = 'server': written by the server's own functions
-- (every read of patient data); source = 'client': an entry a workstation sends (its own log, e.g. an
-- export or a read from its offline cache), stamped with the server's time on arrival.
CREATE TABLE injurydoc.access_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES injurydoc.units(id),
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  account_id uuid,
  role_name name NOT NULL DEFAULT session_user,
  source text NOT NULL CHECK (source IN ('server', 'client')),
  action text NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
  outcome text NOT NULL CHECK (outcome IN ('ok', 'denied')),
  patient_id uuid,
  target text NOT NULL DEFAULT '' CHECK (length(target) <= 200),
  details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (octet_length(details::text) <= 16384),
  workstation_id uuid,
  client_at timestamptz,
  -- the workstation's own (chained, signed) entry, opaque to the server
  client_entry bytea CHECK (length(client_entry) <= 65536),
  client_signature bytea CHECK (length(client_signature) <= 16384),
  -- a server read is two steps: request_read() writes these rows and returns their read_id; a fetch_*()
  -- function in a later transaction returns the data only for a read_id whose rows are committed
  read_id uuid
);
CREATE INDEX access_log_unit_at ON injurydoc.access_log (unit_id, at);
CREATE INDEX access_log_patient ON injurydoc.access_log (patient_id, at);
CREATE INDEX access_log_account ON injurydoc.access_log (account_id, at);
CREATE INDEX access_log_read ON injurydoc.access_log (read_id) WHERE read_id IS NOT NULL;
"""

# Down to nothing: the accounts' login roles go with the schema (the group roles stay: they belong to
# the cluster and may serve another database).
DOWNGRADE = r"""
DO $drop$
DECLARE r name;
BEGIN
  FOR r IN SELECT role_name FROM injurydoc.accounts LOOP
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE format('DROP ROLE %I', r);
    END IF;
  END LOOP;
END
$drop$;
DROP SCHEMA injurydoc CASCADE;
"""
