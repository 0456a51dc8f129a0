-- Durable hand-over from the ingest to the LangGraph server.
CREATE SCHEMA IF NOT EXISTS ingest;

-- Chatwoot deliveries already accepted (X-Chatwoot-Delivery), for de-duplication.
CREATE TABLE ingest.delivery (
    delivery_id text PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- What to hand to a conversation's thread: a requester's message, a human agent's message
-- (context), or a signal (the bot may speak again; deferred work is due). Rows of one
-- conversation that arrive together become one run.
CREATE TABLE ingest.outbox (
    id              bigserial PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('message', 'agent_message', 'signal')),
    message_id      bigint UNIQUE REFERENCES communication.message (id),
    thread_id       uuid        NOT NULL,
    payload         jsonb       NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    dispatched_at   timestamptz,
    run_id          text,
    completed_at    timestamptz,
    last_error      text,
    CHECK (kind = 'signal' OR message_id IS NOT NULL)
);
CREATE INDEX outbox_pending ON ingest.outbox (thread_id, id) WHERE dispatched_at IS NULL;
CREATE INDEX outbox_in_flight ON ingest.outbox (dispatched_at)
    WHERE dispatched_at IS NOT NULL AND completed_at IS NULL;
