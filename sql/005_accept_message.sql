-- Accepting a webhook in one round trip: delivery, conversation, message and outbox row are
-- written by one statement (atomic on its own), so the ingest acknowledges sooner.
CREATE FUNCTION ingest.accept_message(
    p_delivery     text,
    p_account      bigint,
    p_conversation bigint,
    p_inbox        bigint,
    p_channel      text,
    p_user         text,
    p_message      bigint,
    p_content      text,
    p_thread       uuid,
    p_payload      jsonb
) RETURNS boolean AS $$
DECLARE
    conversation_row bigint;
    message_row      bigint;
BEGIN
    IF p_delivery IS NOT NULL THEN
        INSERT INTO ingest.delivery (delivery_id) VALUES (p_delivery) ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RETURN false;
        END IF;
    END IF;
    SELECT id INTO conversation_row FROM communication.conversation
     WHERE chatwoot_account_id = p_account AND chatwoot_conversation_id = p_conversation;
    IF conversation_row IS NULL THEN
        -- a new Chatwoot conversation ends the user's previous one on this channel
        UPDATE communication.conversation SET is_active = false, ended_at = now()
         WHERE user_identifier = p_user AND channel = p_channel AND is_active;
        INSERT INTO communication.conversation (user_identifier, channel,
               chatwoot_conversation_id, chatwoot_inbox_id, chatwoot_account_id)
        VALUES (p_user, p_channel, p_conversation, p_inbox, p_account)
        ON CONFLICT (chatwoot_account_id, chatwoot_conversation_id)
        DO UPDATE SET is_active = communication.conversation.is_active
        RETURNING id INTO conversation_row;
    END IF;
    INSERT INTO communication.message
           (conversation_id, direction, status, chatwoot_message_id, content)
    VALUES (conversation_row, 'inbound', 'received', p_message, p_content)
    ON CONFLICT (chatwoot_message_id) DO NOTHING
    RETURNING id INTO message_row;
    IF message_row IS NULL THEN
        RETURN false;
    END IF;
    INSERT INTO ingest.outbox (kind, message_id, thread_id, payload)
    VALUES ('message', message_row, p_thread, p_payload);
    PERFORM pg_notify('purchase_agent_outbox', '');
    RETURN true;
END;
$$ LANGUAGE plpgsql;
