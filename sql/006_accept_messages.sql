-- Accepting a batch of webhooks in one round trip, set-based (the ingest's group commit):
-- a few statements for the whole batch instead of a function call per message. Each element
-- of p_rows is one message; the answer says, per element and in order, whether it was new
-- and is now queued. Repeats (a delivery id or message id seen before, or earlier in the
-- batch) write nothing but their delivery id.
CREATE FUNCTION ingest.accept_messages(p_rows jsonb) RETURNS boolean[] AS $$
DECLARE
    fresh    bigint[];  -- elements whose delivery was not seen before
    created  jsonb;     -- conversations seen for the first time
    accepted bigint[];  -- elements whose message was new, and so queued
BEGIN
    WITH rows AS (
        SELECT ord, r ->> 'delivery' AS delivery
          FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS e(r, ord)
    ), inserted AS (
        INSERT INTO ingest.delivery (delivery_id)
        SELECT DISTINCT delivery FROM rows WHERE delivery IS NOT NULL
        ON CONFLICT DO NOTHING
        RETURNING delivery_id
    )
    SELECT coalesce(array_agg(ord), '{}') INTO fresh FROM (
        SELECT min(ord) AS ord FROM rows JOIN inserted ON delivery = delivery_id GROUP BY delivery
        UNION ALL
        SELECT ord FROM rows WHERE delivery IS NULL
    ) AS k;

    -- A Chatwoot conversation seen for the first time ends the requester's previous one on
    -- the same channel (the last new one of a batch stays active).
    SELECT jsonb_agg(n ORDER BY ord) INTO created FROM (
        SELECT DISTINCT ON (account, conversation) account, conversation, inbox, channel, "user", ord
          FROM (SELECT ord, (r ->> 'account')::bigint AS account,
                       (r ->> 'conversation')::bigint AS conversation,
                       (r ->> 'inbox')::bigint AS inbox, r ->> 'channel' AS channel,
                       r ->> 'user' AS "user"
                  FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS e(r, ord)
                 WHERE ord = ANY(fresh)) AS m
         WHERE NOT EXISTS (SELECT 1 FROM communication.conversation c
                            WHERE c.chatwoot_account_id = m.account
                              AND c.chatwoot_conversation_id = m.conversation)
         ORDER BY account, conversation, ord
    ) AS n;
    IF created IS NOT NULL THEN
        UPDATE communication.conversation c SET is_active = false, ended_at = now()
          FROM (SELECT DISTINCT "user", channel
                  FROM jsonb_to_recordset(created) AS x("user" text, channel text)) AS n
         WHERE c.user_identifier = n."user" AND c.channel = n.channel AND c.is_active;
        INSERT INTO communication.conversation (user_identifier, channel, chatwoot_conversation_id,
               chatwoot_inbox_id, chatwoot_account_id, is_active, ended_at)
        SELECT "user", channel, conversation, inbox, account, last,
               CASE WHEN last THEN NULL ELSE now() END
          FROM (SELECT *, ord = max(ord) OVER (PARTITION BY "user", channel) AS last
                  FROM jsonb_to_recordset(created) AS x(account bigint, conversation bigint,
                       inbox bigint, channel text, "user" text, ord bigint)) AS n
         ORDER BY ord
        ON CONFLICT (chatwoot_account_id, chatwoot_conversation_id) DO NOTHING;
    END IF;

    WITH rows AS (
        SELECT DISTINCT ON (message) *
          FROM (SELECT ord, (r ->> 'account')::bigint AS account,
                       (r ->> 'conversation')::bigint AS conversation,
                       (r ->> 'message')::bigint AS message, r ->> 'content' AS content,
                       (r ->> 'thread')::uuid AS thread, r -> 'payload' AS payload
                  FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS e(r, ord)
                 WHERE ord = ANY(fresh)) AS m
         ORDER BY message, ord
    ), inserted AS (
        INSERT INTO communication.message
               (conversation_id, direction, status, chatwoot_message_id, content)
        SELECT c.id, 'inbound', 'received', rows.message, rows.content
          FROM rows JOIN communication.conversation c
            ON c.chatwoot_account_id = rows.account AND c.chatwoot_conversation_id = rows.conversation
         ORDER BY rows.ord
        ON CONFLICT (chatwoot_message_id) DO NOTHING
        RETURNING id, chatwoot_message_id
    ), queued AS (
        INSERT INTO ingest.outbox (kind, message_id, thread_id, payload)
        SELECT 'message', inserted.id, rows.thread, rows.payload
          FROM inserted JOIN rows ON rows.message = inserted.chatwoot_message_id
         ORDER BY rows.ord
        RETURNING message_id
    )
    SELECT coalesce(array_agg(rows.ord), '{}') INTO accepted
      FROM inserted JOIN rows ON rows.message = inserted.chatwoot_message_id;

    IF cardinality(accepted) > 0 THEN
        PERFORM pg_notify('purchase_agent_outbox', '');
    END IF;
    RETURN ARRAY(SELECT o = ANY(accepted)
                   FROM generate_series(1, jsonb_array_length(p_rows)) AS o ORDER BY o);
END;
$$ LANGUAGE plpgsql;

