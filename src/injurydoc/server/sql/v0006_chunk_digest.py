"""Schema version 0006: a photo chunk may carry its SHA-256, which the server checks as the chunk arrives.
Frozen once released.

``photo_chunks.data_sha256``: the client may send the chunk's SHA-256 with it; the chunk trigger computes
``sha256(NEW.data)`` over the bytes in memory and refuses the chunk (``ID003``) when they differ, so a
stored digest is always the server's own finding (and the update guard keeps it as it was).  The trigger
does not write the column itself: assigning to ``NEW`` would make PL/pgSQL copy the whole chunk once more.
``finish_upload`` then checks a photo of **one chunk** (every 12 MP photo with the 16 MiB chunks of the
client from this version on, whose chunk digest is the photo's) against that digest without reading the
stored bytes back; a photo of several chunks, or a chunk sent without a digest (an older client, or
stored before this version), is still checked over its bytes read back in order.  Either way the SHA-256
is computed by the server, and a blob counts only after it matched.
"""

UPGRADE = r"""
ALTER TABLE injurydoc.photo_chunks ADD COLUMN data_sha256 bytea CHECK (length(data_sha256) = 32);

CREATE OR REPLACE FUNCTION injurydoc._chunk_check() RETURNS trigger
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
  IF NEW.data_sha256 IS NOT NULL AND NEW.data_sha256 <> sha256(NEW.data) THEN
    RAISE EXCEPTION 'injurydoc: chunk % does not match its SHA-256', NEW.idx USING ERRCODE = 'ID003';
  END IF;
  RETURN NEW;
END $$;

-- 'complete': all chunks there and the SHA-256 of their bytes is the announced one.  'incomplete':
-- chunks missing (send them, call again).  'mismatch': the bytes differ; they are discarded.
CREATE OR REPLACE FUNCTION injurydoc.finish_upload(p_sha256 bytea) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE v_me uuid := injurydoc._require_account(); v_unit uuid := injurydoc.my_unit();
        b injurydoc.photo_blobs;
        v_n integer; v_total bigint; v_digest bytea;
BEGIN
  SELECT * INTO b FROM injurydoc.photo_blobs WHERE unit_id = v_unit AND sha256 = p_sha256 FOR UPDATE;
  IF NOT FOUND OR NOT injurydoc.i_am('clinician') THEN
    RAISE EXCEPTION 'injurydoc: no such upload' USING ERRCODE = 'ID003';
  END IF;
  IF b.completed_at IS NOT NULL THEN
    RETURN 'complete';
  END IF;
  -- length() of an uncompressed stored value reads its header only, not the bytes
  SELECT count(*), coalesce(sum(length(c.data)), 0), (array_agg(c.data_sha256))[1]
    INTO v_n, v_total, v_digest
    FROM injurydoc.photo_chunks c WHERE c.unit_id = v_unit AND c.sha256 = p_sha256;
  IF v_n < (b.size + b.chunk_size - 1) / b.chunk_size OR v_total <> b.size THEN
    RETURN 'incomplete';
  END IF;
  IF v_n > 1 OR v_digest IS NULL THEN
    -- several chunks, or one sent without a digest: the digest of the bytes read back in order
    v_digest := sha256((SELECT string_agg(c.data, ''::bytea ORDER BY c.idx) FROM injurydoc.photo_chunks c
                         WHERE c.unit_id = v_unit AND c.sha256 = p_sha256));
  END IF;
  IF v_digest <> p_sha256 THEN
    DELETE FROM injurydoc.photo_chunks WHERE unit_id = v_unit AND sha256 = p_sha256;
    DELETE FROM injurydoc.photo_blobs WHERE unit_id = v_unit AND sha256 = p_sha256;
    RETURN 'mismatch';
  END IF;
  UPDATE injurydoc.photo_blobs SET completed_at = now() WHERE unit_id = v_unit AND sha256 = p_sha256;
  RETURN 'complete';
END $$;
"""

# The 0001 versions of the two functions, as they were.
DOWNGRADE = r"""
CREATE OR REPLACE FUNCTION injurydoc._chunk_check() RETURNS trigger
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

CREATE OR REPLACE FUNCTION injurydoc.finish_upload(p_sha256 bytea) RETURNS text
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

ALTER TABLE injurydoc.photo_chunks DROP COLUMN data_sha256;
"""
