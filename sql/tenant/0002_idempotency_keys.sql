-- Idempotency-Key records of this tenant's POST and PATCH requests: the first response to a
-- key, stored in the same transaction as the change it reports, replayed for 24 hours to a
-- request with the same key and the same fingerprint (method, path, body). Rows older than
-- 24 hours are deleted lazily by the next keyed request (IdempotencySQL.pruneTenant). The
-- tenant role reaches this table through the schema's default privileges (TenantProvisioner).

CREATE TABLE idempotency_keys (
    key           text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    fingerprint   text NOT NULL,
    status        integer NOT NULL,
    content_type  text,
    etag          text,
    body          bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
