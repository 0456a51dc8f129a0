-- Durable hand-over from the ingest to the LangGraph server.
CREATE SCHEMA IF NOT EXISTS ingest;

-- Chatwoot deliveries already accepted (X-Chatwoot-Delivery), for de-duplication.
CREATE TABLE ingest.delivery (
    delivery_id text PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- One row per inbound message to hand to the graph; a burst of rows becomes one run.
CREATE TABLE ingest.outbox (
    id              bigserial PRIMARY KEY,
    message_id      bigint      NOT NULL UNIQUE REFERENCES communication.message (id),
    thread_id       uuid        NOT NULL,
    payload         jsonb       NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    dispatched_at   timestamptz,
    run_id          text,
    last_error      text
);
CREATE INDEX outbox_pending ON ingest.outbox (thread_id, id) WHERE dispatched_at IS NULL;
