-- Words people use for a product that are not in its name (a brand used as a generic word,
-- an abbreviation, a local word), kept by the agent's operators, not by Odoo. Vendors' own
-- product names count as aliases too, but they come from the sync (catalog.vendor_product).
CREATE TABLE catalog.alias (
    ref        text        NOT NULL,  -- the product's reference (catalog.product.ref)
    alias      text        NOT NULL,  -- as the operator wrote it
    folded     text        NOT NULL,  -- lower case, no accents: what is unique per product
    lang       text,                  -- "es", "en", or null for any
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ref, folded)
);

-- When the catalogue last changed in a way the understanding sees (a sync that stored rows,
-- an alias added or removed): processes rebuild their product index when this moves.
ALTER TABLE catalog.sync_state ADD COLUMN changed_at timestamptz;
