-- The control schema: accounting firms, tenants (one schema each), API keys, audit log.
-- Applied with search_path set to the control schema; names are unqualified.

CREATE TABLE firms (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenants (
    slug            text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9_]{2,39}$'),
    display_name    text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
    firm_id         uuid REFERENCES firms (id),
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'offboarding')),
    time_zone       text NOT NULL,
    currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    locale          text NOT NULL,
    schema_version  integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tenants_firm_idx ON tenants (firm_id, slug);

CREATE TABLE api_keys (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_slug    text REFERENCES tenants (slug) ON DELETE CASCADE,
    firm_id        uuid REFERENCES firms (id) ON DELETE CASCADE,
    name           text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    prefix         text NOT NULL UNIQUE,
    secret_sha256  text NOT NULL,
    scopes         text[] NOT NULL CHECK (scopes <@ ARRAY['read', 'write']::text[] AND cardinality(scopes) > 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_used_at   timestamptz,
    revoked_at     timestamptz,
    CHECK ((tenant_slug IS NULL) <> (firm_id IS NULL))
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_slug) WHERE tenant_slug IS NOT NULL;
CREATE INDEX api_keys_firm_idx ON api_keys (firm_id) WHERE firm_id IS NOT NULL;

CREATE TABLE audit_log (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor    text NOT NULL,
    action   text NOT NULL,
    target   text NOT NULL,
    at       timestamptz NOT NULL DEFAULT now(),
    details  jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_target_idx ON audit_log (target, at);
