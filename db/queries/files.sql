-- Uploaded files: metadata in file_uploads, bytes in file_blobs once per
-- user and content. Every query filters on user_id: another user's file is
-- invisible (NotFound), never forbidden.

-- name: LockUserFiles :exec
-- Serialises one user's uploads and deletes: the storage quota, blob
-- sharing and request ids are decided under it.
SELECT pg_advisory_xact_lock(hashtextextended('bestchat.files:' || @user_id::text, 0));

-- name: UserStorageBytes :one
-- Bytes the user's uploads occupy, each distinct content counted once.
SELECT coalesce(sum(size_bytes), 0)::bigint AS total FROM file_blobs WHERE user_id = @user_id;

-- name: InsertBlob :execrows
-- Stores the bytes unless the user has them already (0 rows: deduplicated).
INSERT INTO file_blobs (user_id, sha256, size_bytes, data)
VALUES (@user_id, @sha256, @size_bytes, @data)
ON CONFLICT (user_id, sha256) DO NOTHING;

-- name: InsertFile :one
INSERT INTO file_uploads (user_id, conversation_id, name, media_type, size_bytes, sha256, request_id, request_hash)
VALUES (@user_id, sqlc.narg(conversation_id), @name, @media_type, @size_bytes, @sha256,
        sqlc.narg(request_id), sqlc.narg(request_hash))
RETURNING *;

-- name: GetFileByRequestID :one
-- The upload an earlier request with this request_id stored, and whether
-- its bytes were already there (the blob is older than the file).
SELECT sqlc.embed(u), (b.created_at < u.created_at)::boolean AS deduplicated
FROM file_uploads u
JOIN file_blobs b ON b.user_id = u.user_id AND b.sha256 = u.sha256
WHERE u.user_id = @user_id AND u.request_id = @request_id::text;

-- name: GetFile :one
SELECT * FROM file_uploads WHERE id = @id AND user_id = @user_id;

-- name: GetFileContent :one
-- The bytes of a file, at most max_bytes of them from byte start (1-based),
-- with the file's metadata.
SELECT sqlc.embed(u), substr(b.data, @start::integer, @max_bytes::integer)::bytea AS data
FROM file_uploads u
JOIN file_blobs b ON b.user_id = u.user_id AND b.sha256 = u.sha256
WHERE u.id = @id AND u.user_id = @user_id;

-- name: GetFiles :many
-- The metadata of the files of ids the user owns.
SELECT * FROM file_uploads WHERE user_id = @user_id AND id = ANY(@ids::uuid[]);

-- name: GetTurnFiles :many
-- The files of ids the user owns as a turn gives them to the model: the
-- whole bytes of images and PDFs, at most text_max bytes of text.
SELECT sqlc.embed(u),
  (CASE WHEN u.media_type LIKE 'image/%' OR u.media_type = 'application/pdf' THEN b.data
        ELSE substr(b.data, 1, @text_max::integer) END)::bytea AS data
FROM file_uploads u
JOIN file_blobs b ON b.user_id = u.user_id AND b.sha256 = u.sha256
WHERE u.user_id = @user_id AND u.id = ANY(@ids::uuid[]);

-- name: ListFiles :many
-- Keyset pagination by (created_at, id) descending; conversation_id null
-- lists every file. The cursor is always a row comparison (see
-- ListToolExecutions).
SELECT * FROM file_uploads
WHERE user_id = @user_id
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR conversation_id = sqlc.narg(conversation_id)::uuid)
  AND (created_at, id) < (coalesce(sqlc.narg(after_time)::timestamptz, 'infinity'),
                          coalesce(sqlc.narg(after_id)::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY created_at DESC, id DESC
LIMIT @row_limit;

-- name: DeleteFile :one
DELETE FROM file_uploads WHERE id = @id AND user_id = @user_id
RETURNING *;

-- name: DeleteBlobIfUnused :execrows
-- Drops the bytes once no upload of the user names them.
DELETE FROM file_blobs b
WHERE b.user_id = @user_id AND b.sha256 = @sha256
  AND NOT EXISTS (SELECT 1 FROM file_uploads u WHERE u.user_id = @user_id AND u.sha256 = @sha256);

-- name: MarkFileDeletedInMessages :execrows
-- Marks the parts of the user's messages that reference a deleted file
-- ("deleted": true); the messages stay readable.
UPDATE messages m SET content = (
    SELECT jsonb_agg(CASE
        WHEN p.part->'file'->>'file_id' = @file_id::text THEN jsonb_set(p.part, '{file,deleted}', 'true'::jsonb)
        WHEN p.part->'image'->>'file_id' = @file_id::text THEN jsonb_set(p.part, '{image,deleted}', 'true'::jsonb)
        ELSE p.part END ORDER BY p.ord)
    FROM jsonb_array_elements(m.content) WITH ORDINALITY AS p(part, ord)),
  updated_at = clock_timestamp()
WHERE m.user_id = @user_id AND m.role = 'user'
  AND (m.content @> jsonb_build_array(jsonb_build_object('file', jsonb_build_object('file_id', @file_id::text)))
    OR m.content @> jsonb_build_array(jsonb_build_object('image', jsonb_build_object('file_id', @file_id::text))));

-- name: BlobExists :one
-- Whether the user already stored these bytes.
SELECT EXISTS (SELECT 1 FROM file_blobs WHERE user_id = @user_id AND sha256 = @sha256)::boolean AS found;
