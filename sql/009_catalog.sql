-- The connected Odoo's purchasable catalogue, as last synced: every process reads the same
-- snapshot. Odoo stays the source of truth; these rows are replaced by each sync.
CREATE SCHEMA IF NOT EXISTS catalog;

CREATE TABLE catalog.unit (
    odoo_id   bigint PRIMARY KEY,
    name      text   NOT NULL,
    category  text   NOT NULL,
    factor    float8 NOT NULL,
    uom_type  text   NOT NULL
);

CREATE TABLE catalog.product (
    odoo_id    bigint  PRIMARY KEY,
    tmpl_id    bigint  NOT NULL,
    ref        text    NOT NULL,
    names      jsonb   NOT NULL,  -- {"es": "...", "en": "..."}
    category   text    NOT NULL DEFAULT '',
    unit_id    bigint  NOT NULL,
    barcode    text,
    on_hand    float8,
    orderable  boolean NOT NULL,
    write_date text    NOT NULL
);
CREATE INDEX product_ref ON catalog.product (ref);
CREATE INDEX product_tmpl ON catalog.product (tmpl_id);

CREATE TABLE catalog.vendor_product (
    odoo_id      bigint PRIMARY KEY,  -- product.supplierinfo id
    tmpl_id      bigint NOT NULL,
    vendor_id    bigint NOT NULL,
    vendor_name  text   NOT NULL,
    product_name text,
    product_code text,
    price        float8 NOT NULL,
    min_qty      float8 NOT NULL,
    write_date   text   NOT NULL
);
CREATE INDEX vendor_product_tmpl ON catalog.vendor_product (tmpl_id);

CREATE TABLE catalog.vendor (
    odoo_id    bigint  PRIMARY KEY,
    name       text    NOT NULL,
    phone      text,
    mobile     text,
    email      text,
    active     boolean NOT NULL,
    write_date text    NOT NULL
);

-- Where the last sync got to: the newest write_date seen per model, and when.
CREATE TABLE catalog.sync_state (
    model       text PRIMARY KEY,
    last_write  text,
    full_at     timestamptz,
    synced_at   timestamptz NOT NULL DEFAULT now()
);
