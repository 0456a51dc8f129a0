-- Who may approve, up to what amount, and each request for approval an order went through.

CREATE TABLE purchasing.approver (
    id           bigserial PRIMARY KEY,
    name         text          NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    phone        text UNIQUE CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    email        text UNIQUE CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    limit_amount numeric(16, 2) CHECK (limit_amount >= 0),  -- null: no limit
    created_at   timestamptz   NOT NULL DEFAULT now(),
    CHECK (phone IS NOT NULL OR email IS NOT NULL)
);

-- An order sent to approval, as it was then. A link decides one request only: the newest
-- of its order, before it expires, once. A request is superseded when a newer one exists.
CREATE TABLE purchasing.approval_request (
    id           uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    order_name   text          NOT NULL REFERENCES purchasing.order_link (order_name),
    amount_total numeric(16, 2) NOT NULL,
    currency     text          NOT NULL,
    vendor       text          NOT NULL,
    requester    text          NOT NULL,
    lines        jsonb         NOT NULL,
    created_at   timestamptz   NOT NULL DEFAULT clock_timestamp(),
    expires_at   timestamptz   NOT NULL,
    decided_at   timestamptz,
    decision     text CHECK (decision IN ('approve', 'reject')),
    decided_by   text,
    CHECK ((decided_at IS NULL) = (decision IS NULL))
);
CREATE INDEX approval_request_order ON purchasing.approval_request (order_name, created_at DESC);
