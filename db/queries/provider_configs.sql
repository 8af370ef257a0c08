-- Provider configurations and defaults. Every query filters on user_id:
-- another user's row is invisible (NotFound), never forbidden. The only
-- exceptions are the rotate-keys queries, which re-seal every user's key.

-- name: InsertProviderConfig :one
INSERT INTO provider_configs (id, user_id, provider, label, encrypted_key, key_nonce, key_id, key_mask, base_url, default_model, settings)
VALUES (@id, @user_id, @provider, @label, @encrypted_key, @key_nonce, @key_id, @key_mask, @base_url, @default_model, @settings)
RETURNING *;

-- name: GetProviderConfig :one
SELECT * FROM provider_configs
WHERE id = @id AND user_id = @user_id;

-- name: GetProviderConfigForUpdate :one
SELECT * FROM provider_configs
WHERE id = @id AND user_id = @user_id
FOR UPDATE;

-- name: GetProviderConfigByLabelForUpdate :one
SELECT * FROM provider_configs
WHERE user_id = @user_id AND provider = @provider AND label = @label
FOR UPDATE;

-- name: ListProviderConfigs :many
-- Keyset pagination by (provider, label); (user_id, provider, label) is
-- unique. provider filters when not empty.
SELECT * FROM provider_configs
WHERE user_id = @user_id
  AND (@provider::text = '' OR provider = @provider::text)
  AND (NOT @has_after::boolean OR (provider, label) > (@after_provider::text, @after_label::text))
ORDER BY provider, label
LIMIT @row_limit;

-- name: ListProviderConfigsOfProvider :many
-- A user's configurations of one provider, the default label first: the
-- resolver takes the first when a conversation names no configuration.
SELECT * FROM provider_configs
WHERE user_id = @user_id AND provider = @provider
ORDER BY label, created_at
LIMIT 16;

-- name: UpdateProviderConfig :one
UPDATE provider_configs SET
  label = @label,
  encrypted_key = @encrypted_key,
  key_nonce = @key_nonce,
  key_id = @key_id,
  key_mask = @key_mask,
  base_url = @base_url,
  default_model = @default_model,
  settings = @settings,
  updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id
RETURNING *;

-- name: DeleteProviderConfig :one
DELETE FROM provider_configs
WHERE id = @id AND user_id = @user_id
RETURNING id;

-- name: GetProviderDefault :one
SELECT * FROM provider_defaults
WHERE user_id = @user_id;

-- name: UpsertProviderDefault :one
INSERT INTO provider_defaults (user_id, provider, model, provider_config_id)
VALUES (@user_id, @provider, @model, sqlc.narg(provider_config_id))
ON CONFLICT (user_id) DO UPDATE SET
  provider = excluded.provider,
  model = excluded.model,
  provider_config_id = excluded.provider_config_id,
  updated_at = clock_timestamp()
RETURNING *;

-- name: ListKeysToRotate :many
-- rotate-keys: a batch of sealed keys not sealed by the current ring key,
-- after the last id of the previous batch, locked so that two runs do not
-- re-seal the same row (the second skips it).
SELECT id, user_id, provider, encrypted_key, key_nonce, key_id FROM provider_configs
WHERE encrypted_key IS NOT NULL AND key_id <> @current_key_id AND id > @after_id
ORDER BY id
LIMIT @row_limit
FOR UPDATE SKIP LOCKED;

-- name: ResealProviderKey :execrows
-- rotate-keys: store a re-sealed key, only if the row still holds the key
-- that was read (a concurrent SaveProviderConfig wins).
UPDATE provider_configs SET encrypted_key = @encrypted_key, key_nonce = @key_nonce, key_id = @key_id
WHERE id = @id AND user_id = @user_id AND key_id = @old_key_id AND key_nonce = @old_key_nonce;

-- name: CountKeysByKeyID :many
SELECT key_id, count(*) AS keys FROM provider_configs
WHERE encrypted_key IS NOT NULL
GROUP BY key_id
ORDER BY key_id;
