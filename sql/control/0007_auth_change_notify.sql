-- Every change that can alter what an API key may reach is announced on the channel
-- `relance_auth`, from the changing transaction itself (a NOTIFY is delivered at commit, and
-- only if the transaction commits): the API replicas keep the result of a key lookup for a
-- few seconds (RELANCE_AUTH_CACHE_TTL_MS) and drop it when its key or its tenant is named
-- here. A trigger, not a call in each code path, so a revocation or a suspension made by hand
-- in psql during an incident takes effect at once as well.
--   payload `key:<api key id>`  a key was revoked, changed or deleted
--   payload `tenant:<slug>`     a tenant row was updated (status, firm, settings) or deleted
-- Sources/RelanceStore/Tenancy/AuthenticationCache.swift reads these payloads.

CREATE FUNCTION notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'api_keys' THEN
        PERFORM pg_notify('relance_auth', 'key:' || OLD.id::text);
    ELSE
        PERFORM pg_notify('relance_auth', 'tenant:' || OLD.slug);
    END IF;
    RETURN NULL;
END
$$;

-- last_used_at is written at most once a minute per key and changes nothing a key may do:
-- it is left out, so using a key announces nothing.
CREATE TRIGGER api_keys_auth_change
    AFTER UPDATE OF tenant_slug, firm_id, prefix, secret_sha256, scopes, revoked_at OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION notify_auth_change();

CREATE TRIGGER tenants_auth_change
    AFTER UPDATE OR DELETE ON tenants
    FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
