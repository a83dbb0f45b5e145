-- Unique keys are per tenant: `invoice:123` of one tenant must not suppress the job of
-- another tenant that happens to use the same key. The enqueue's ON CONFLICT target
-- (QueueSQL.enqueue) names the same columns and the same partial WHERE.
DROP INDEX jobs_unique_key_idx;
CREATE UNIQUE INDEX jobs_unique_key_idx ON jobs (tenant, unique_key) WHERE unique_key IS NOT NULL;
