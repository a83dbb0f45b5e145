-- The public pay page (GET /pay/{token}) finds an invoice's tenant from its token alone,
-- without an API key and without looking through every tenant schema.
--
-- Tokens made from this release on carry their tenant: `<slug>.<secret>`, the secret being
-- 43 base64url characters (32 random bytes). Neither a slug nor base64url has a dot, so the
-- slug is what comes before it. Tokens made before were the secret alone; links holding them
-- have been sent, so this table maps each of them to its tenant. It is filled here from every
-- tenant schema, and by `SELECT relance.index_legacy_payment_tokens()` again if invoices were
-- created by processes of the previous release after this migration ran (during a rolling
-- upgrade); nothing else writes to it. Its rows go with their tenant.

CREATE TABLE legacy_payment_tokens (
    token        text PRIMARY KEY,
    tenant_slug  text NOT NULL REFERENCES tenants (slug) ON DELETE CASCADE
);
CREATE INDEX legacy_payment_tokens_tenant_idx ON legacy_payment_tokens (tenant_slug);

-- Adds every dot-less token of every tenant's invoices; returns how many were new.
CREATE FUNCTION index_legacy_payment_tokens() RETURNS bigint LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
DECLARE
    tenant record;
    added bigint := 0;
    inserted bigint;
BEGIN
    FOR tenant IN SELECT slug FROM tenants ORDER BY slug LOOP
        CONTINUE WHEN to_regclass(format('%I.invoices', 't_' || tenant.slug)) IS NULL;
        EXECUTE format(
            'INSERT INTO legacy_payment_tokens (token, tenant_slug) '
            'SELECT payment_token, %L FROM %I.invoices WHERE strpos(payment_token, ''.'') = 0 '
            'ON CONFLICT (token) DO NOTHING', tenant.slug, 't_' || tenant.slug);
        GET DIAGNOSTICS inserted = ROW_COUNT;
        added := added + inserted;
    END LOOP;
    RETURN added;
END
$$;

SELECT index_legacy_payment_tokens();
