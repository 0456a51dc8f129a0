-- Where to tell a requester about their order, and the audit trail of everything written.
ALTER TABLE purchasing.order_link
    ADD COLUMN chatwoot_account_id      bigint,
    ADD COLUMN chatwoot_conversation_id bigint,
    ADD COLUMN lang                     text NOT NULL DEFAULT 'es';

CREATE TABLE purchasing.audit_event (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    actor_kind      text        NOT NULL
        CHECK (actor_kind IN ('requester', 'approver', 'agent', 'caller', 'human_agent')),
    actor           text        NOT NULL,
    action          text        NOT NULL,
    order_name      text,
    thread_id       uuid,
    conversation_id bigint,
    before          jsonb,
    after           jsonb
);
CREATE INDEX audit_event_order ON purchasing.audit_event (order_name, at);
CREATE INDEX audit_event_at ON purchasing.audit_event (at);

-- Writes that are not idempotent by themselves (adding to an open RFQ), keyed by the turn
-- that made them, so a retried turn does not add the same quantity twice.
CREATE TABLE purchasing.applied_write (
    key        text PRIMARY KEY,
    order_name text        NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
