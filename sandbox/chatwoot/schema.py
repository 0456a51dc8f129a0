"""Tables in schema `sandbox_chatwoot`, plus the seeded account, inboxes, agent, bot and team.

Everything lives in PostgreSQL so display ids keep growing across restarts: the agent keys its
threads on (account, conversation display id), so an id must never be handed out twice.
"""

from __future__ import annotations

from typing import Any

import psycopg

SCHEMA = "sandbox_chatwoot"

# channel name used by /sandbox/inbound -> (inbox id, inbox name, Chatwoot channel_type)
INBOXES: dict[str, tuple[int, str, str]] = {
    "whatsapp": (1, "WhatsApp Compras", "Channel::Whatsapp"),
    "email": (2, "Correo Compras", "Channel::Email"),
    "web": (3, "Web Compras", "Channel::WebWidget"),
    "api": (4, "API Compras", "Channel::Api"),
    "sms": (5, "SMS Compras", "Channel::TwilioSms"),
}

DDL = """
CREATE TABLE IF NOT EXISTS accounts (
  id integer PRIMARY KEY, name text NOT NULL, last_display_id integer NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS inboxes (
  id integer PRIMARY KEY, account_id integer NOT NULL REFERENCES accounts,
  name text NOT NULL, channel_type text NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  id integer PRIMARY KEY, account_id integer NOT NULL, name text NOT NULL, email text NOT NULL,
  role text NOT NULL, access_token text NOT NULL);
CREATE TABLE IF NOT EXISTS agent_bots (
  id integer PRIMARY KEY, account_id integer NOT NULL, name text NOT NULL,
  description text, outgoing_url text, access_token text NOT NULL);
CREATE TABLE IF NOT EXISTS teams (
  id integer PRIMARY KEY, account_id integer NOT NULL, name text NOT NULL, description text,
  allow_auto_assign boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS contacts (
  id bigserial PRIMARY KEY, account_id integer NOT NULL, name text NOT NULL DEFAULT '',
  email text, phone_number text, identifier text,
  additional_attributes jsonb NOT NULL DEFAULT '{}', custom_attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS contact_inboxes (
  id bigserial PRIMARY KEY, contact_id bigint NOT NULL REFERENCES contacts,
  inbox_id integer NOT NULL REFERENCES inboxes, source_id text NOT NULL,
  pubsub_token text NOT NULL, hmac_verified boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (inbox_id, source_id));
CREATE TABLE IF NOT EXISTS conversations (
  id bigserial PRIMARY KEY, account_id integer NOT NULL REFERENCES accounts,
  display_id integer NOT NULL, inbox_id integer NOT NULL REFERENCES inboxes,
  contact_id bigint NOT NULL REFERENCES contacts, contact_inbox_id bigint REFERENCES contact_inboxes,
  uuid uuid NOT NULL DEFAULT gen_random_uuid(), status text NOT NULL,
  assignee_id integer, assignee_agent_bot_id integer, team_id integer, priority text,
  additional_attributes jsonb NOT NULL DEFAULT '{}', custom_attributes jsonb NOT NULL DEFAULT '{}',
  labels text[] NOT NULL DEFAULT '{}', snoozed_until timestamptz, waiting_since timestamptz,
  first_reply_created_at timestamptz, agent_last_seen_at timestamptz,
  contact_last_seen_at timestamptz, last_activity_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, display_id));
CREATE TABLE IF NOT EXISTS messages (
  id bigserial PRIMARY KEY, account_id integer NOT NULL, inbox_id integer NOT NULL,
  conversation_id bigint NOT NULL REFERENCES conversations, content text,
  message_type smallint NOT NULL, content_type text NOT NULL DEFAULT 'text',
  content_attributes jsonb NOT NULL DEFAULT '{}', additional_attributes jsonb NOT NULL DEFAULT '{}',
  private boolean NOT NULL DEFAULT false, status text NOT NULL DEFAULT 'sent', source_id text,
  sender_type text, sender_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation_id, id);
CREATE TABLE IF NOT EXISTS deliveries (
  id bigserial PRIMARY KEY, delivery_id uuid NOT NULL, event text NOT NULL, url text,
  account_id integer, conversation_id integer, message_id bigint, body text NOT NULL,
  state text NOT NULL, status_code integer, error text,
  created_at timestamptz NOT NULL DEFAULT now(), attempted_at timestamptz);
CREATE INDEX IF NOT EXISTS deliveries_by_conversation ON deliveries (conversation_id, id);
"""

# One statement each: server-side parameter binding forbids several per execute().
SEED = (
    """INSERT INTO accounts (id, name) VALUES (1, 'Cocina Central SpA')
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name""",
    """INSERT INTO users (id, account_id, name, email, role, access_token)
  VALUES (1, 1, 'Ana Agente', 'ana@cocinacentral.example', 'agent', %(agent_token)s)
  ON CONFLICT (id) DO UPDATE SET access_token = EXCLUDED.access_token""",
    """INSERT INTO agent_bots (id, account_id, name, description, outgoing_url, access_token)
  VALUES (1, 1, 'purchase-agent', 'Agente de compras', %(webhook_url)s, %(api_token)s)
  ON CONFLICT (id) DO UPDATE SET access_token = EXCLUDED.access_token,
    outgoing_url = EXCLUDED.outgoing_url""",
    """INSERT INTO teams (id, account_id, name, description)
  VALUES (1, 1, 'Compras', 'Equipo de compras') ON CONFLICT (id) DO NOTHING""",
)


async def migrate(database_url: str, *, api_token: str, agent_token: str, webhook_url: str) -> None:
    """Create the schema if needed and (re)seed fixed rows; tokens follow the current settings."""
    params: dict[str, Any] = {
        "api_token": api_token,
        "agent_token": agent_token,
        "webhook_url": webhook_url,
    }
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
        async with conn.transaction():
            # Two sandboxes starting on one database must not race on CREATE TABLE.
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext('sandbox_chatwoot'))")
            await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            await conn.execute(f"SET LOCAL search_path TO {SCHEMA}")
            await conn.execute(DDL)
            for statement in SEED:
                await conn.execute(statement, params)
            for inbox_id, name, channel_type in INBOXES.values():
                await conn.execute(
                    "INSERT INTO inboxes (id, account_id, name, channel_type) VALUES (%s, 1, %s, %s)"
                    " ON CONFLICT (id) DO NOTHING",
                    (inbox_id, name, channel_type),
                )
