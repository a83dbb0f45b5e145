-- Webhooks: the tenant's endpoints, the event types each one wants, and every delivery
-- attempt. A delivery is a `webhook.deliver` job per endpoint and event, enqueued by
-- EventLog in the transaction that records the event (docs/webhooks.md).
--
-- Numbered 0008 to stay clear of 0006/0007, taken by the payment page on another branch.

CREATE TABLE webhook_endpoints (
    id              uuid PRIMARY KEY,
    -- An https:// URL (http:// only to loopback where RELANCE_WEBHOOKS_ALLOW_LOOPBACK allows),
    -- checked by RelanceCore's WebhookURLPolicy before it is written.
    url             text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    -- WebhookEventType raw values (reminder.sent, payment.recorded, …), at least one.
    event_types     text[] NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 20),
    -- The HMAC-SHA256 key of Relance-Signature (whsec_…). Shown once, when created or rotated;
    -- kept so that the worker can sign, never returned by the API again.
    secret          text NOT NULL CHECK (secret LIKE 'whsec\_%'),
    description     text CHECK (length(description) <= 500),
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    -- Since when every delivery attempt has failed; null once one succeeds. An attempt that
    -- fails more than a day after it disables the endpoint.
    failing_since   timestamptz,
    disabled_at     timestamptz,
    disabled_reason text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhook_endpoints_disabled_at CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
);

-- No index on event_types: EventLog looks for the active endpoints of an event's type with
-- every event it records, and a tenant has a handful of endpoints (none, mostly), which a
-- sequential scan of the table reads fastest.

-- One row per attempt (the API lists them newest first), kept 30 days.
CREATE TABLE webhook_deliveries (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints ON DELETE CASCADE,
    -- The event delivered (events.id; events are never deleted).
    event_id         bigint NOT NULL,
    event_type       text NOT NULL,
    -- The job's attempt number, from 1.
    attempt          integer NOT NULL CHECK (attempt >= 1),
    status           text NOT NULL CHECK (status IN ('succeeded', 'failed')),
    -- The HTTP status, null when no response came (refused address, timeout, TLS error).
    response_status  integer CHECK (response_status BETWEEN 100 AND 999),
    -- The start of the response body, at most 1024 characters.
    response_excerpt text CHECK (length(response_excerpt) <= 1024),
    -- Why the attempt failed without a response.
    error            text CHECK (length(error) <= 1000),
    duration_ms      integer NOT NULL CHECK (duration_ms >= 0),
    -- When the next attempt is due; null after a success, the last attempt, or a disabling.
    next_attempt_at  timestamptz,
    attempted_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_attempted_idx ON webhook_deliveries (attempted_at);
