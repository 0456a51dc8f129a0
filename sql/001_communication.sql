-- Conversations and messages as the company sees them (the seed's schema).
CREATE SCHEMA IF NOT EXISTS communication;

CREATE TABLE communication.conversation (
    id                       bigserial PRIMARY KEY,
    user_identifier          text        NOT NULL,
    channel                  text        NOT NULL
        CHECK (channel IN ('whatsapp', 'email', 'web', 'api', 'sms')),
    is_active                boolean     NOT NULL DEFAULT true,
    started_at               timestamptz NOT NULL DEFAULT now(),
    ended_at                 timestamptz,
    chatwoot_conversation_id bigint,
    chatwoot_inbox_id        bigint,
    chatwoot_account_id      bigint,
    CHECK (is_active OR ended_at IS NOT NULL)
);
-- One active conversation per user and channel.
CREATE UNIQUE INDEX conversation_one_active
    ON communication.conversation (user_identifier, channel) WHERE is_active;
CREATE UNIQUE INDEX conversation_chatwoot
    ON communication.conversation (chatwoot_account_id, chatwoot_conversation_id);

CREATE TABLE communication.message (
    id                  bigserial PRIMARY KEY,
    conversation_id     bigint      NOT NULL REFERENCES communication.conversation (id),
    direction           text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    status              text        NOT NULL
        CHECK (status IN ('received', 'read', 'queued', 'sent', 'failed')),
    chatwoot_message_id bigint UNIQUE,
    reply_key           text UNIQUE,
    "timestamp"         timestamptz NOT NULL DEFAULT now(),
    content             text        NOT NULL,
    CHECK ((direction = 'inbound' AND status IN ('received', 'read'))
        OR (direction = 'outbound' AND status IN ('queued', 'sent', 'failed')))
);
CREATE INDEX message_conversation ON communication.message (conversation_id, id);

-- Only legal status transitions: received -> read; queued -> sent | failed; failed -> queued.
CREATE FUNCTION communication.check_message_transition() RETURNS trigger AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        RETURN NEW;
    END IF;
    IF (OLD.status, NEW.status) IN (('received', 'read'), ('queued', 'sent'),
                                    ('queued', 'failed'), ('failed', 'queued'),
                                    ('failed', 'sent')) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'illegal message status transition % -> %', OLD.status, NEW.status;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER message_transition BEFORE UPDATE OF status ON communication.message
    FOR EACH ROW EXECUTE FUNCTION communication.check_message_transition();
