-- The scheduler keeps each (tenant, schedule)'s next due instant, so a tick reads only the
-- rows due now instead of every tenant (see Sources/RelanceStore/Scheduler/ScheduleRunner.swift).
--
-- next_due: the next occurrence after the last tick that handled the row, computed from the
-- schedule's cron in the tenant's time zone; '-infinity' means "look at it at the next tick"
-- (a new tenant or schedule, a changed time zone or status, a changed cron); 'infinity' means
-- parked (the tenant is not active, its time zone is unknown, the schedule is no longer
-- configured, or the cron has no further occurrence) until something re-arms it.
-- cron: the expression next_due was computed with; a leader whose configuration differs
-- re-arms the row. last_occurrence stays the fence: NULL until the first enqueue.
ALTER TABLE schedule_runs ALTER COLUMN last_occurrence DROP NOT NULL,
    ADD COLUMN next_due timestamptz NOT NULL DEFAULT '-infinity',
    ADD COLUMN cron text;
CREATE INDEX schedule_runs_next_due_idx ON schedule_runs (next_due);

-- Tenants whose scheduling inputs changed (created, status or time zone updated) since the
-- last tick: each tick re-arms their rows and empties this table. Filled by the triggers
-- below, so every writer of `tenants` (admin API, settings, offboarding, SQL by hand) is seen.
CREATE TABLE schedule_changes (
    tenant  text PRIMARY KEY REFERENCES tenants (slug) ON DELETE CASCADE
);

CREATE FUNCTION tenants_schedule_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO relance.schedule_changes (tenant) VALUES (NEW.slug) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER tenants_schedule_inserted AFTER INSERT ON tenants
    FOR EACH ROW EXECUTE FUNCTION tenants_schedule_changed();
CREATE TRIGGER tenants_schedule_updated AFTER UPDATE OF status, time_zone ON tenants
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.time_zone IS DISTINCT FROM NEW.time_zone)
    EXECUTE FUNCTION tenants_schedule_changed();

-- Tenants that existed before this migration are picked up by the leader's first tick, which
-- reconciles every tenant with the configured schedules once.
