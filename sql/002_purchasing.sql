-- The people allowed to order, and the orders this agent created or touched for them.
CREATE SCHEMA IF NOT EXISTS purchasing;

CREATE TABLE purchasing.requester (
    id          bigserial PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    phone       text UNIQUE CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    email       text UNIQUE CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    may_confirm boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (phone IS NOT NULL OR email IS NOT NULL)
);

CREATE TABLE purchasing.order_link (
    order_name        text PRIMARY KEY,
    odoo_id           bigint      NOT NULL,
    requester_id      bigint      NOT NULL REFERENCES purchasing.requester (id) ON DELETE CASCADE,
    vendor_id         bigint      NOT NULL,
    thread_id         uuid,
    awaiting_approval boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_link_requester ON purchasing.order_link (requester_id, vendor_id);
