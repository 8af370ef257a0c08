-- Uploaded bytes stored once per user and content, and idempotent uploads.
--
-- file_blobs holds the bytes of a user's uploads keyed by their SHA-256:
-- uploading the same bytes again adds a file_uploads row (its own name and
-- conversation) and no bytes, and the storage quota counts each content
-- once. A blob goes when the last file_uploads row naming it is deleted
-- (ChatService.DeleteFile, under the user's file lock). file_contents (one
-- copy per file) and the unused storage_key column make way for it.
-- request_id makes UploadFile idempotent per user.

-- +goose Up
CREATE TABLE file_blobs (
    user_id    text        NOT NULL,
    sha256     bytea       NOT NULL,
    size_bytes bigint      NOT NULL,
    data       bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT file_blobs_pkey PRIMARY KEY (user_id, sha256),
    CONSTRAINT file_blobs_user_id_check CHECK (user_id <> ''),
    CONSTRAINT file_blobs_sha256_check CHECK (octet_length(sha256) = 32),
    CONSTRAINT file_blobs_size_bytes_check CHECK (size_bytes = octet_length(data))
);
COMMENT ON TABLE file_blobs IS 'The bytes of a user''s uploads, once per distinct content (SHA-256); file_uploads rows share them.';

INSERT INTO file_blobs (user_id, sha256, size_bytes, data)
SELECT DISTINCT ON (u.user_id, u.sha256) u.user_id, u.sha256, octet_length(c.data), c.data
FROM file_uploads u
JOIN file_contents c ON c.file_id = u.id AND c.user_id = u.user_id
ORDER BY u.user_id, u.sha256, u.created_at;

DROP TABLE file_contents;
ALTER TABLE file_uploads DROP COLUMN storage_key;
ALTER TABLE file_uploads ADD CONSTRAINT file_uploads_blob_fkey FOREIGN KEY (user_id, sha256)
    REFERENCES file_blobs (user_id, sha256);

ALTER TABLE file_uploads ADD COLUMN request_id text NULL;
ALTER TABLE file_uploads ADD COLUMN request_hash bytea NULL;
ALTER TABLE file_uploads ADD CONSTRAINT file_uploads_request_hash_check
    CHECK ((request_id IS NULL) = (request_hash IS NULL));
CREATE UNIQUE INDEX file_uploads_user_request_id_idx ON file_uploads (user_id, request_id)
    WHERE request_id IS NOT NULL;
COMMENT ON COLUMN file_uploads.request_id IS 'UploadFile''s idempotency key; request_hash fingerprints the rest of the request.';

-- +goose Down
DROP INDEX file_uploads_user_request_id_idx;
ALTER TABLE file_uploads DROP CONSTRAINT file_uploads_request_hash_check;
ALTER TABLE file_uploads DROP COLUMN request_hash;
ALTER TABLE file_uploads DROP COLUMN request_id;
ALTER TABLE file_uploads DROP CONSTRAINT file_uploads_blob_fkey;
ALTER TABLE file_uploads ADD COLUMN storage_key text NOT NULL DEFAULT '';
COMMENT ON COLUMN file_uploads.storage_key IS 'Key in an external object store; empty when the bytes are in file_contents.';
CREATE TABLE file_contents (
    file_id uuid  PRIMARY KEY,
    user_id text  NOT NULL,
    data    bytea NOT NULL,
    CONSTRAINT file_contents_file_fkey FOREIGN KEY (user_id, file_id)
        REFERENCES file_uploads (user_id, id) ON DELETE CASCADE
);
INSERT INTO file_contents (file_id, user_id, data)
SELECT u.id, u.user_id, b.data
FROM file_uploads u
JOIN file_blobs b ON b.user_id = u.user_id AND b.sha256 = u.sha256;
DROP TABLE file_blobs;
