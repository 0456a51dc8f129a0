"""Which models and fields the sandbox knows, with Odoo's names, types and default orders.

Only the subset a purchasing agent touches is declared. Field names follow Odoo 16-18
(`notes`, `product_uom`, state `done` for locked), which is what `common.version` reports.
"""

from __future__ import annotations

from .fields import Field, Model, base, char, computed, flag, m2o, num, o2m, related, sel
from .translate import LANGUAGES

PO_STATES = (
    ("draft", "RFQ"),
    ("sent", "RFQ Sent"),
    ("to approve", "To Approve"),
    ("purchase", "Purchase Order"),
    ("done", "Locked"),
    ("cancel", "Cancelled"),
)
RECEIPT_STATUS = (
    ("pending", "Not Received"),
    ("partial", "Partially Received"),
    ("full", "Received"),
)
INVOICE_STATUS = (
    ("no", "Nothing to Bill"),
    ("to invoice", "Waiting Bills"),
    ("invoiced", "Fully Billed"),
)
APPROVAL = (
    ("one_step", "Confirm purchase orders in one step"),
    ("two_step", "Get 2 levels of approvals to confirm a purchase order"),
)
PO_LOCK = (
    ("edit", "Allow to edit purchase orders"),
    ("lock", "Confirmed purchase orders are not editable"),
)
PRODUCT_TYPE = (("consu", "Consumable"), ("service", "Service"), ("product", "Storable Product"))
TRIGGER = (("auto", "Auto"), ("manual", "Manual"))


_TEMPLATE = {
    "name": char("Name", required=True, translate=True),
    "default_code": char("Internal Reference"),
    "barcode": char("Barcode"),
    "description_purchase": Field("text", "Purchase Description", translate=True),
    "type": sel(PRODUCT_TYPE, "Product Type", default="product"),
    "categ_id": m2o("product.category", "Product Category", required=True),
    "purchase_ok": flag("Can be Purchased", True),
    "sale_ok": flag("Can be Sold", True),
    "standard_price": num("Cost", default=0.0),
    "list_price": num("Sales Price", default=1.0),
    "uom_id": m2o("uom.uom", "Unit of Measure", required=True),
    "uom_po_id": m2o("uom.uom", "Purchase Unit of Measure", required=True),
    "uom_name": related("uom_id.name", "char", "Unit of Measure Name", readonly=True),
}
# product.product reads and writes the template's fields through product_tmpl_id.
_VARIANT = {
    name: related(
        f"product_tmpl_id.{name}",
        f.type,
        f.string,
        f.relation,
        selection=f.selection,
        translate=f.translate,
        readonly=f.readonly,
    )
    for name, f in _TEMPLATE.items()
}
UOM_TYPES = (
    ("bigger", "Bigger than the reference Unit of Measure"),
    ("reference", "Reference Unit of Measure for this category"),
    ("smaller", "Smaller than the reference Unit of Measure"),
)


_STOCK = {
    "qty_available": computed("float", "Quantity On Hand"),
    "incoming_qty": computed("float", "Incoming"),
    "virtual_available": computed("float", "Forecasted Quantity"),
}

MODELS: dict[str, Model] = {
    m.name: m
    for m in (
        Model(
            "res.company",
            "Companies",
            base(
                {
                    "name": char("Company Name", required=True),
                    "partner_id": m2o("res.partner", "Partner"),
                    "currency_id": m2o("res.currency", "Currency", required=True),
                    "po_double_validation": sel(
                        APPROVAL, "Levels of Approvals", default="one_step"
                    ),
                    "po_double_validation_amount": num(
                        "Double validation amount", "monetary", default=5000.0
                    ),
                    "po_lock": sel(PO_LOCK, "Purchase Order Modification", default="edit"),
                }
            ),
            order="name",
        ),
        Model(
            "res.currency",
            "Currency",
            base(
                {
                    "name": char("Currency", required=True),
                    "full_name": char("Name"),
                    "symbol": char("Symbol", required=True),
                    "rounding": num("Rounding Factor", default=0.01),
                    "decimal_places": num("Decimal Places", "integer", default=2),
                    "active": flag("Active", True),
                }
            ),
            order="active desc, name",
        ),
        Model(
            "res.users",
            "User",
            base(
                {
                    "name": char("Name", required=True),
                    "login": char("Login", required=True),
                    "company_id": m2o("res.company", "Company"),
                    "active": flag("Active", True),
                }
            ),
            order="name, login",
            rec_names=("name", "login"),
        ),
        Model(
            "res.lang",
            "Languages",
            base(
                {
                    "name": char("Name", required=True),
                    "code": char("Locale Code", required=True),
                    "iso_code": char("ISO code"),
                    "active": flag("Active", False),
                }
            ),
            order="active desc, name",
            rec_names=("name", "code"),
        ),
        Model(
            "uom.category",
            "Product UoM Categories",
            base(
                {
                    "name": char("Unit of Measure Category", required=True, translate=True),
                    "uom_ids": o2m("uom.uom", "category_id", "Uom"),
                }
            ),
        ),
        Model(
            "uom.uom",
            "Product Unit of Measure",
            base(
                {
                    "name": char("Unit of Measure", required=True, translate=True),
                    "category_id": m2o("uom.category", "Category", required=True),
                    "factor": num("Ratio", default=1.0, required=True),
                    "factor_inv": computed("float", "Bigger Ratio", required=True),
                    "rounding": num("Rounding Precision", default=0.01, required=True),
                    "active": flag("Active", True),
                    "uom_type": sel(UOM_TYPES, "Type", default="reference", required=True),
                    "ratio": computed("float", "Combined Ratio"),
                }
            ),
            order="factor desc, id",
        ),
        Model(
            "product.category",
            "Product Category",
            base(
                {
                    "name": char("Name", required=True),
                    "complete_name": char("Complete Name", readonly=True),
                    "parent_id": m2o("product.category", "Parent Category"),
                    "child_id": o2m("product.category", "parent_id", "Child Categories"),
                    "product_count": computed("integer", "# Products"),
                }
            ),
            order="complete_name",
            rec_names=("complete_name",),
        ),
        Model(
            "res.partner",
            "Contact",
            base(
                {
                    "name": char("Name"),
                    "ref": char("Reference"),
                    "phone": char("Phone"),
                    "mobile": char("Mobile"),
                    "email": char("Email"),
                    "lang": sel(tuple(LANGUAGES.items()), "Language"),
                    "is_company": flag("Is a Company", False),
                    "parent_id": m2o("res.partner", "Related Company"),
                    "child_ids": o2m("res.partner", "parent_id", "Contact"),
                    "supplier_rank": num("Supplier Rank", "integer", default=0),
                    "customer_rank": num("Customer Rank", "integer", default=0),
                    "company_id": m2o("res.company", "Company"),
                    "active": flag("Active", True),
                }
            ),
            order="name, id desc",
            rec_names=("name", "email", "ref"),
        ),
        Model(
            "product.template",
            "Product",
            base(
                {
                    **_TEMPLATE,
                    "seller_ids": o2m("product.supplierinfo", "product_tmpl_id", "Vendors"),
                    "product_variant_ids": o2m("product.product", "product_tmpl_id", "Products"),
                    "product_variant_id": computed("many2one", "Product", "product.product"),
                    "active": flag("Active", True),
                    **_STOCK,
                }
            ),
            order="name",
            rec_names=("name", "default_code"),
        ),
        Model(
            "product.product",
            "Product Variant",
            base(
                {
                    "product_tmpl_id": m2o("product.template", "Product Template", required=True),
                    **_VARIANT,
                    "seller_ids": related(
                        "product_tmpl_id.seller_ids", "one2many", "Vendors", "product.supplierinfo"
                    ),
                    "active": flag("Active", True),
                    **_STOCK,
                }
            ),
            order="default_code, name, id",
            rec_names=("default_code", "name"),
        ),
        Model(
            "product.supplierinfo",
            "Supplier Pricelist",
            base(
                {
                    "partner_id": m2o("res.partner", "Vendor", required=True),
                    "product_tmpl_id": m2o("product.template", "Product Template"),
                    "product_id": m2o("product.product", "Product Variant"),
                    "product_name": char("Vendor Product Name"),
                    "product_code": char("Vendor Product Code"),
                    "sequence": num("Sequence", "integer", default=1),
                    "min_qty": num("Quantity", default=0.0),
                    "price": num("Price", "monetary", default=0.0),
                    "delay": num("Delivery Lead Time", "integer", default=1),
                    "currency_id": m2o("res.currency", "Currency"),
                    "company_id": m2o("res.company", "Company"),
                    "date_start": Field("date", "Start Date"),
                    "date_end": Field("date", "End Date"),
                    "product_uom": related(
                        "product_tmpl_id.uom_po_id",
                        "many2one",
                        "Unit of Measure",
                        "uom.uom",
                        readonly=True,
                    ),
                }
            ),
            order="sequence, min_qty desc, price, id",
            rec_names=("partner_id",),
        ),
        Model(
            "purchase.order",
            "Purchase Order",
            base(
                {
                    "name": char("Order Reference", required=True, default="New"),
                    "priority": sel((("0", "Normal"), ("1", "Urgent")), "Priority", default="0"),
                    "partner_id": m2o("res.partner", "Vendor", required=True),
                    "partner_ref": char("Vendor Reference"),
                    "origin": char("Source Document"),
                    "notes": Field("html", "Terms and Conditions"),
                    "state": sel(PO_STATES, "Status", readonly=True, default="draft"),
                    "order_line": o2m("purchase.order.line", "order_id", "Order Lines"),
                    "date_order": Field("datetime", "Order Deadline", required=True),
                    "date_approve": Field("datetime", "Confirmation Date", readonly=True),
                    "date_planned": Field("datetime", "Expected Arrival"),
                    "user_id": m2o("res.users", "Buyer"),
                    "company_id": m2o("res.company", "Company", required=True),
                    "currency_id": m2o("res.currency", "Currency", required=True),
                    "amount_untaxed": num("Untaxed Amount", "monetary", readonly=True),
                    "amount_tax": num("Taxes", "monetary", readonly=True),
                    "amount_total": num("Total", "monetary", readonly=True),
                    "receipt_status": sel(RECEIPT_STATUS, "Receipt Status", readonly=True),
                    "invoice_status": computed("selection", "Billing Status"),
                }
            ),
            order="priority desc, id desc",
            rec_names=("name", "partner_ref"),
        ),
        Model(
            "purchase.order.line",
            "Purchase Order Line",
            base(
                {
                    "order_id": m2o("purchase.order", "Order Reference", required=True),
                    "sequence": num("Sequence", "integer", default=10),
                    "product_id": m2o("product.product", "Product"),
                    "name": Field("text", "Description"),
                    "product_qty": num("Quantity", default=1.0),
                    "product_uom": m2o("uom.uom", "Unit of Measure"),
                    "price_unit": num("Unit Price"),
                    "price_subtotal": num("Subtotal", "monetary", readonly=True),
                    "price_tax": num("Tax", "monetary", readonly=True),
                    "price_total": num("Total", "monetary", readonly=True),
                    "taxes_id": computed("many2many", "Taxes", "account.tax"),
                    "date_planned": Field("datetime", "Expected Arrival"),
                    "qty_received": num("Received Qty", default=0.0),
                    "qty_invoiced": num("Billed Qty", readonly=True, default=0.0),
                    "state": related("order_id.state", "selection", "Status", selection=PO_STATES),
                    "partner_id": related(
                        "order_id.partner_id", "many2one", "Partner", "res.partner"
                    ),
                    "currency_id": related(
                        "order_id.currency_id", "many2one", "Currency", "res.currency"
                    ),
                    "company_id": related(
                        "order_id.company_id", "many2one", "Company", "res.company"
                    ),
                    "date_order": related("order_id.date_order", "datetime", "Order Date"),
                }
            ),
            order="order_id, sequence, id",
            rec_names=("name",),
        ),
        Model(
            "stock.warehouse.orderpoint",
            "Minimum Inventory Rule",
            base(
                {
                    "name": char("Name", required=True),
                    "product_id": m2o("product.product", "Product", required=True),
                    "product_min_qty": num("Min Quantity", default=0.0),
                    "product_max_qty": num("Max Quantity", default=0.0),
                    "qty_multiple": num("Multiple Quantity", default=1.0),
                    "trigger": sel(TRIGGER, "Trigger", default="manual"),
                    "qty_on_hand": related(
                        "product_id.qty_available", "float", "On Hand", readonly=True
                    ),
                    "active": flag("Active", True),
                }
            ),
            order="name, id",
        ),
    )
}
