import Postgres

/// The SQL of `DunningRunner`, run in the tenant's context.
enum DunningRunSQL {
    /// One run of the tenant at a time (an advisory lock keyed by the schema, released at commit).
    static let lock: PostgresQuery = "SELECT pg_advisory_xact_lock(hashtext('relance.dunning.run:' || current_schema()))"
    static let lastRun: PostgresQuery = "SELECT max(run_date) FROM dunning_runs"
    static let policies: PostgresQuery = "SELECT id, steps, is_default FROM dunning_policies"
    /// Customers with something owed on $1: their dunning, collection, whether an e-mail can
    /// reach them, and their last message day (on or before $1, cancelled ones left out).
    static let customers: PostgresQuery = """
        SELECT c.id, c.dunning_policy_id, c.dunning_excluded, c.in_collection_on IS NOT NULL AND c.in_collection_on <= $1,
               EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.id AND k.role IN ('billing', 'accounts_payable')
                       AND k.email IS NOT NULL),
               (SELECT max(r.run_date) FROM reminders r WHERE r.customer_id = c.id AND r.status <> 'cancelled' AND r.run_date <= $1),
               c.chronic_late_on IS NOT NULL
        FROM customers c
        WHERE EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.status IN ('issued', 'partially_paid')
                      AND i.amount_due > 0 AND i.issue_date <= $1)
        """
    /// Open invoices issued by $1 with the offsets of their steps done.
    static let invoices: PostgresQuery = """
        SELECT i.id, i.customer_id, i.number, i.due_date, i.amount_due, i.disputed, i.currency::text,
               coalesce((SELECT array_agg(s.offset_days) FROM dunning_steps s WHERE s.invoice_id = i.id), '{}')
        FROM invoices i
        WHERE i.status IN ('issued', 'partially_paid') AND i.amount_due > 0 AND i.issue_date <= $1
        """
    /// Open promises made by $1, with what their customer paid from the day each was made to $1.
    static let promises: PostgresQuery = """
        SELECT p.id, p.customer_id, p.invoice_ids::text[], p.amount, p.made_on, p.promised_date,
               (SELECT coalesce(sum(y.amount), 0) FROM payments y WHERE y.customer_id = p.customer_id AND y.status = 'received'
                AND y.received_on >= p.made_on AND y.received_on <= $1)::int8
        FROM promises p WHERE p.status = 'open' AND p.made_on <= $1
        """
    static let promiseStatus: PostgresQuery = """
        UPDATE promises SET status = $2, status_on = $3, updated_at = now() WHERE id = $1 AND status = 'open'
        """
    static let planStatus: PostgresQuery = """
        UPDATE payment_plans SET status = $2, status_on = $3, updated_at = now() WHERE id = $1 AND status = 'active'
        """
    /// Per customer with paid invoices by $1: the days late of its last $2 paid invoices, newest
    /// first (paid on the day of its last allocation still standing; early counts 0).
    static let paidDelays: PostgresQuery = """
        SELECT customer_id, array_agg(days ORDER BY paid_on DESC, id) FROM (
            SELECT i.customer_id, i.id, p.paid_on, greatest(0, p.paid_on - i.due_date) AS days,
                   row_number() OVER (PARTITION BY i.customer_id ORDER BY p.paid_on DESC, i.id) AS n
            FROM invoices i
            CROSS JOIN LATERAL (SELECT max(a.allocated_on) AS paid_on FROM allocations a WHERE a.invoice_id = i.id AND a.reversed_on IS NULL) p
            WHERE i.status = 'paid' AND p.paid_on <= $1
        ) s WHERE n <= $2 GROUP BY customer_id
        """
    static let chronic: PostgresQuery = "UPDATE customers SET chronic_late_on = $2 WHERE id = $1"
    /// The day's reminders ($1 the day; ids, customers, channels, templates, tones, currencies,
    /// amounts, plan ids or nulls).
    static let insertReminders: PostgresQuery = """
        INSERT INTO reminders (id, customer_id, run_date, channel, template, tone, currency, amount_due, plan_id)
        SELECT id::uuid, customer::uuid, $1::date, channel, template, tone, currency::char(3), amount, plan::uuid
        FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int8[], $9::text[])
             AS r(id, customer, channel, template, tone, currency, amount, plan)
        """
    static let insertItemsMany: PostgresQuery = """
        INSERT INTO reminder_items (reminder_id, invoice_id, offset_days, amount_due, days_late)
        SELECT r::uuid, i::uuid, o, a, d FROM unnest($1::text[], $2::text[], $3::int4[], $4::int8[], $5::int4[]) AS s(r, i, o, a, d)
        """
    /// The day's tasks ($1 the day; ids, customers, kinds, invoice ids joined by commas); an open
    /// billing-contact task already there stays alone. Returns the ids created.
    static let insertTasksMany: PostgresQuery = """
        INSERT INTO tasks (id, customer_id, kind, invoice_ids, created_on)
        SELECT id::uuid, customer::uuid, kind, CASE WHEN inv = '' THEN '{}'::uuid[] ELSE string_to_array(inv, ',')::uuid[] END, $1::date
        FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, customer, kind, inv)
        ON CONFLICT DO NOTHING RETURNING id
        """
    /// Steps done on $1: invoices, offsets, reminders (or nulls), tasks (or nulls); a step
    /// already done stays as it was.
    static let insertStepsMany: PostgresQuery = """
        INSERT INTO dunning_steps (invoice_id, offset_days, done_on, reminder_id, task_id)
        SELECT i::uuid, o, $1::date, r::uuid, t::uuid FROM unnest($2::text[], $3::int4[], $4::text[], $5::text[]) AS s(i, o, r, t)
        ON CONFLICT DO NOTHING
        """
    static let insertPlanRemindersMany: PostgresQuery = """
        INSERT INTO plan_reminders (plan_id, installment, offset_days, done_on, reminder_id)
        SELECT p::uuid, n, o, $1::date, r::uuid FROM unnest($2::text[], $3::int4[], $4::int4[], $5::text[]) AS s(p, n, o, r)
        ON CONFLICT DO NOTHING
        """
    static let toCollectionMany: PostgresQuery = """
        UPDATE customers SET in_collection_on = $1 WHERE id = ANY($2::uuid[]) AND in_collection_on IS NULL
        """
    static let blockMany: PostgresQuery = "UPDATE customers SET blocked_on = $1 WHERE id = ANY($2::uuid[]) AND blocked_on IS NULL"
    static let insertTask: PostgresQuery = """
        INSERT INTO tasks (id, customer_id, kind, invoice_ids, created_on) VALUES ($1, $2, $3, $4::text[]::uuid[], $5)
        ON CONFLICT DO NOTHING RETURNING id
        """
    static let formalNotices: PostgresQuery = """
        UPDATE invoices SET formal_notice_on = $1 WHERE id = ANY($2::uuid[]) AND formal_notice_on IS NULL
        """
    static let recordRun: PostgresQuery = """
        INSERT INTO dunning_runs (run_date, reminders, tasks, actor) VALUES ($1, $2, $3, $4)
        ON CONFLICT (run_date) DO UPDATE SET reminders = dunning_runs.reminders + EXCLUDED.reminders,
            tasks = dunning_runs.tasks + EXCLUDED.tasks, runs = dunning_runs.runs + 1, actor = EXCLUDED.actor, last_run_at = now()
        """
}
