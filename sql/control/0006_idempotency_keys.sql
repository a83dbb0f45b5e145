-- Idempotency-Key records of the admin API (scope 'admin'). The admin operations run their
-- own transactions, so a key is claimed first (status NULL: in flight), then completed with
-- the response, or deleted when the operation fails. A claim left by a crashed process is
-- taken over after 15 minutes; completed rows are kept 24 hours and deleted lazily by the
-- next claim in the scope (IdempotencySQL.pruneControl).

CREATE TABLE idempotency_keys (
    scope         text NOT NULL CHECK (length(scope) BETWEEN 1 AND 100),
    key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    fingerprint   text NOT NULL,
    status        integer,
    content_type  text,
    etag          text,
    body          bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (scope, created_at);
