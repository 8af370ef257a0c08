-- A user's default provider and model, and what a provider configuration's
-- key needs for rotation.
--
-- A user's default may name a provider the operator serves with its own key,
-- so it cannot be a flag on one of the user's provider_configs rows (the
-- is_default column this migration drops): provider_defaults holds the
-- provider, the model and optionally the configuration to use.
-- rotate-keys walks the encrypted keys by key_id, so a sealed key must name
-- the ring key that sealed it.

-- +goose Up
DROP INDEX provider_configs_one_default_idx;
ALTER TABLE provider_configs DROP COLUMN is_default;
ALTER TABLE provider_configs ADD CONSTRAINT provider_configs_key_id_check
    CHECK (encrypted_key IS NULL OR key_id <> '');
CREATE INDEX provider_configs_key_id_idx ON provider_configs (key_id, id) WHERE encrypted_key IS NOT NULL;
COMMENT ON INDEX provider_configs_key_id_idx IS 'rotate-keys: the keys not yet sealed by the current ring key, in id order.';

CREATE TABLE provider_defaults (
    user_id            text        PRIMARY KEY,
    provider           text        NOT NULL,
    model              text        NOT NULL DEFAULT '',
    provider_config_id uuid        NULL,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT provider_defaults_user_id_check CHECK (user_id <> ''),
    CONSTRAINT provider_defaults_provider_check CHECK (provider <> ''),
    CONSTRAINT provider_defaults_provider_config_fkey FOREIGN KEY (user_id, provider_config_id)
        REFERENCES provider_configs (user_id, id) ON DELETE SET NULL (provider_config_id)
);
COMMENT ON TABLE provider_defaults IS 'The provider and model a user''s conversations use when they name none.';
COMMENT ON COLUMN provider_defaults.provider_config_id IS 'The configuration to use; NULL means the user''s configuration of provider if any, else the operator''s.';

-- +goose Down
DROP TABLE provider_defaults;
DROP INDEX provider_configs_key_id_idx;
ALTER TABLE provider_configs DROP CONSTRAINT provider_configs_key_id_check;
ALTER TABLE provider_configs ADD COLUMN is_default boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX provider_configs_one_default_idx ON provider_configs (user_id) WHERE is_default;
