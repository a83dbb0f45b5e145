-- No temporary tables for PUBLIC, so none for tenant roles: a temporary table sits first
-- on search_path (pg_temp is searched before the tenant schema for tables), so one made in a
-- tenant's transaction would shadow that tenant's table of the same name, and the pool would
-- carry it to the next borrower if DISCARD TEMP were ever missed. Tenant roles never get
-- TEMPORARY themselves (TenantProvisioner grants schema usage and table rights only), so
-- this revoke covers every tenant, existing and new. The application role keeps TEMPORARY
-- as the database's owner. Idempotent: revoking a privilege that is not granted is a no-op.
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;
