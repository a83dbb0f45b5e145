-- Dunning, first part: the tenant's ladders (policies) with the French B2B default every
-- tenant starts with, the customer's link to one, and the rules the daily run and the late
-- charges follow. Later parts add the run's reminders, tasks and pauses.

CREATE TABLE dunning_policies (
    id          uuid PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    -- The ladder: [{"offset_days", "channel", "template", "tone", "action"?}], checked by
    -- RelanceCore's DunningPolicy before it is written.
    steps       jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array'),
    -- The policy of every customer without one of its own: exactly one.
    is_default  boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX dunning_policies_one_default ON dunning_policies (is_default) WHERE is_default;

-- DunningPolicy.frenchB2BDefault, which tests keep equal to this row.
INSERT INTO dunning_policies (id, name, steps, is_default) VALUES (
    gen_random_uuid(), 'Relance B2B (défaut)',
    '[{"offset_days": -5, "channel": "email", "template": "courtesy", "tone": "courtesy"},
      {"offset_days": 1, "channel": "email", "template": "reminder", "tone": "reminder"},
      {"offset_days": 8, "channel": "email", "template": "firm_reminder", "tone": "firm"},
      {"offset_days": 15, "channel": "task", "template": "call", "tone": "firm", "action": "call_task"},
      {"offset_days": 30, "channel": "letter", "template": "formal_notice", "tone": "final", "action": "formal_notice"},
      {"offset_days": 45, "channel": "email", "template": "last_notice", "tone": "final"},
      {"offset_days": 90, "channel": "task", "template": "agency_handoff", "tone": "final", "action": "agency_handoff"}]',
    true);

-- Before policies existed, a customer's policy_id could name any uuid; one that names no
-- policy now means the default (null), as the API described it.
UPDATE customers SET dunning_policy_id = NULL
WHERE dunning_policy_id IS NOT NULL AND dunning_policy_id NOT IN (SELECT id FROM dunning_policies);
ALTER TABLE customers
    ADD CONSTRAINT customers_dunning_policy_fk FOREIGN KEY (dunning_policy_id) REFERENCES dunning_policies (id);
CREATE INDEX customers_dunning_policy_idx ON customers (dunning_policy_id) WHERE dunning_policy_id IS NOT NULL;

ALTER TABLE settings
    -- The scheduler's daily dunning run; manual runs work either way.
    ADD COLUMN automatic_dunning          boolean NOT NULL DEFAULT true,
    -- Which step an invoice late by several steps at once gets.
    ADD COLUMN dunning_catch_up           text NOT NULL DEFAULT 'most_advanced'
        CHECK (dunning_catch_up IN ('most_advanced', 'first_not_done')),
    -- No message to a customer less than this many days after the previous one.
    ADD COLUMN dunning_minimum_gap_days   integer NOT NULL DEFAULT 5 CHECK (dunning_minimum_gap_days BETWEEN 0 AND 90),
    -- A payment plan is breached when an installment is more than this many days late.
    ADD COLUMN plan_breach_days           integer NOT NULL DEFAULT 7 CHECK (plan_breach_days BETWEEN 0 AND 90),
    -- Late interest: fr_commercial (ECB + 10 points), eu_statutory (ECB + 8) or contractual.
    ADD COLUMN late_interest_rule         text NOT NULL DEFAULT 'fr_commercial'
        CHECK (late_interest_rule IN ('fr_commercial', 'eu_statutory', 'contractual')),
    ADD COLUMN late_interest_contract_bp  integer CHECK (late_interest_contract_bp BETWEEN 1 AND 10000),
    ADD CONSTRAINT settings_contract_rate CHECK ((late_interest_rule = 'contractual') = (late_interest_contract_bp IS NOT NULL));

-- The day an invoice's formal notice went out: from then the indemnity is claimed and late
-- interest shown (written by the dunning run).
ALTER TABLE invoices ADD COLUMN formal_notice_on date;

-- The daily run's records. A customer handed to collection, or blocked, from that day.
ALTER TABLE customers
    ADD COLUMN in_collection_on date,
    ADD COLUMN blocked_on       date;

-- Each real run of a day (POST /v1/dunning/runs or the scheduled dunning.run job): runs move
-- forward; running a day again only adds what was not done.
CREATE TABLE dunning_runs (
    run_date     date PRIMARY KEY,
    reminders    integer NOT NULL DEFAULT 0,
    tasks        integer NOT NULL DEFAULT 0,
    runs         integer NOT NULL DEFAULT 1,
    actor        text NOT NULL,
    first_run_at timestamptz NOT NULL DEFAULT now(),
    last_run_at  timestamptz NOT NULL DEFAULT now()
);

-- A message to a customer on one channel listing the invoices it reminds (reminder_items).
-- The delivery issue sends pending ones; amounts are as they were on run_date.
CREATE TABLE reminders (
    id           uuid PRIMARY KEY,
    customer_id  uuid NOT NULL REFERENCES customers,
    run_date     date NOT NULL,
    channel      text NOT NULL CHECK (channel IN ('email', 'letter', 'webhook')),
    template     text NOT NULL,
    tone         text NOT NULL CHECK (tone IN ('courtesy', 'reminder', 'firm', 'final')),
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'bounced', 'cancelled')),
    currency     char(3) NOT NULL,
    amount_due   bigint NOT NULL,
    plan_id      uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX reminders_customer_idx ON reminders (customer_id, run_date, id);
CREATE INDEX reminders_list_idx ON reminders (run_date DESC, id DESC);

CREATE TABLE reminder_items (
    reminder_id  uuid NOT NULL REFERENCES reminders,
    invoice_id   uuid NOT NULL REFERENCES invoices,
    offset_days  integer NOT NULL,
    amount_due   bigint NOT NULL,
    days_late    integer NOT NULL,
    PRIMARY KEY (reminder_id, invoice_id)
);

CREATE INDEX reminder_items_invoice_idx ON reminder_items (invoice_id);

-- Work for a person: phone calls, agency hand-offs, asking whom invoices go to.
CREATE TABLE tasks (
    id           uuid PRIMARY KEY,
    customer_id  uuid NOT NULL REFERENCES customers,
    kind         text NOT NULL CHECK (kind IN ('call', 'agency_handoff', 'billing_contact', 'follow_up', 'failed_delivery')),
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    invoice_ids  uuid[] NOT NULL DEFAULT '{}',
    created_on   date NOT NULL,
    assignee     text,
    outcome      text,
    notes        text,
    completed_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX tasks_one_open_billing_contact ON tasks (customer_id) WHERE kind = 'billing_contact' AND status = 'open';
CREATE INDEX tasks_list_idx ON tasks (created_on DESC, id DESC);

-- Each ladder step done for an invoice, once: the key that makes running a day twice change
-- nothing.
CREATE TABLE dunning_steps (
    invoice_id   uuid NOT NULL REFERENCES invoices,
    offset_days  integer NOT NULL,
    done_on      date NOT NULL,
    reminder_id  uuid REFERENCES reminders,
    task_id      uuid REFERENCES tasks,
    PRIMARY KEY (invoice_id, offset_days)
);

-- Pauses. A dispute on an invoice: while open, the invoice is `disputed` and gets no
-- reminders; resolved `upheld` (with a credit note for the amount) or `rejected`.
CREATE TABLE disputes (
    id               uuid PRIMARY KEY,
    invoice_id       uuid NOT NULL REFERENCES invoices,
    customer_id      uuid NOT NULL REFERENCES customers,
    reason           text NOT NULL,
    amount           bigint NOT NULL CHECK (amount > 0),
    currency         char(3) NOT NULL,
    notes            text,
    opened_on        date NOT NULL,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'rejected')),
    resolved_on      date,
    resolution_notes text,
    credit_note_id   uuid REFERENCES credit_notes,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'open') = (resolved_on IS NULL))
);

CREATE INDEX disputes_invoice_idx ON disputes (invoice_id);
CREATE INDEX disputes_list_idx ON disputes (opened_on DESC, id DESC);

-- A promise to pay some invoices (invoice_ids) or an amount of the whole account by a date.
-- Open until kept (paid by then) or broken (the day after, recorded by the run).
CREATE TABLE promises (
    id             uuid PRIMARY KEY,
    customer_id    uuid NOT NULL REFERENCES customers,
    invoice_ids    uuid[] NOT NULL DEFAULT '{}',
    amount         bigint CHECK (amount > 0),
    currency       char(3) NOT NULL,
    made_on        date NOT NULL,
    promised_date  date NOT NULL CHECK (promised_date >= made_on),
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken', 'cancelled')),
    status_on      date,
    notes          text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((cardinality(invoice_ids) = 0) = (amount IS NOT NULL))
);

CREATE INDEX promises_customer_idx ON promises (customer_id, made_on DESC, id DESC);

-- A payment plan (échelonnement) on some invoices of one customer: installments
-- ([{"due_date", "amount"}]) summing to what those invoices owed when it was agreed. Payments
-- to its invoices from agreed_on fill the installments in order. While active, its invoices
-- get no ladder reminders and each installment gets its own (plan_reminders, once each).
CREATE TABLE payment_plans (
    id            uuid PRIMARY KEY,
    customer_id   uuid NOT NULL REFERENCES customers,
    invoice_ids   uuid[] NOT NULL CHECK (cardinality(invoice_ids) > 0),
    currency      char(3) NOT NULL,
    installments  jsonb NOT NULL CHECK (jsonb_typeof(installments) = 'array'),
    total         bigint NOT NULL CHECK (total > 0),
    agreed_on     date NOT NULL,
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'breached', 'cancelled')),
    status_on     date,
    notes         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payment_plans_customer_idx ON payment_plans (customer_id, agreed_on DESC, id DESC);

CREATE TABLE plan_reminders (
    plan_id      uuid NOT NULL REFERENCES payment_plans,
    installment  integer NOT NULL,
    offset_days  integer NOT NULL,
    done_on      date NOT NULL,
    reminder_id  uuid REFERENCES reminders,
    PRIMARY KEY (plan_id, installment, offset_days)
);

ALTER TABLE reminders ADD CONSTRAINT reminders_plan_fk FOREIGN KEY (plan_id) REFERENCES payment_plans (id);

-- Chronic late payers: a customer whose last chronic_late_invoices paid invoices were paid on
-- average more than chronic_late_days after their due dates follows chronic_policy_id (when
-- it has no policy of its own) from chronic_late_on, until its average is back under.
ALTER TABLE settings
    ADD COLUMN chronic_late_days      integer CHECK (chronic_late_days BETWEEN 1 AND 365),
    ADD COLUMN chronic_late_invoices  integer NOT NULL DEFAULT 5 CHECK (chronic_late_invoices BETWEEN 1 AND 50),
    ADD COLUMN chronic_policy_id      uuid REFERENCES dunning_policies;
ALTER TABLE customers ADD COLUMN chronic_late_on date;
