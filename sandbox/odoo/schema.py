"""Which models and fields the sandbox knows, with Odoo's names, types and default orders.

Only the subset a purchasing agent touches is declared. Field names follow Odoo 16-18
(`notes`, `product_uom`, state `done` for locked), which is what `common.version` reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


@dataclass(frozen=True)
class Field:
    """One field; `store=False` means computed or related at read time."""

    type: str
    string: str
    relation: str | None = None
    inverse: str | None = None  # one2many: the many2one on `relation` pointing back
    selection: tuple[tuple[str, str], ...] | None = None
    required: bool = False
    readonly: bool = False
    store: bool = True
    related: str | None = None  # "m2o_field.target_field", one hop
    default: Any = None


@dataclass(frozen=True)
class Model:
    """A model: its fields, default `_order` and the fields name_search looks in."""

    name: str
    description: str
    fields: dict[str, Field]
    order: str = "id"
    rec_names: tuple[str, ...] = ("name",)
    active_test: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "active_test", "active" in self.fields)


def char(string: str, **kw: Any) -> Field:
    return Field("char", string, **kw)


def num(string: str, kind: str = "float", **kw: Any) -> Field:
    return Field(kind, string, **kw)


def m2o(relation: str, string: str, **kw: Any) -> Field:
    return Field("many2one", string, relation=relation, **kw)


def o2m(relation: str, inverse: str, string: str, **kw: Any) -> Field:
    return Field("one2many", string, relation=relation, inverse=inverse, store=False, **kw)


def sel(selection: tuple[tuple[str, str], ...], string: str, **kw: Any) -> Field:
    return Field("selection", string, selection=selection, **kw)


def computed(kind: str, string: str, relation: str | None = None) -> Field:
    return Field(kind, string, relation=relation, readonly=True, store=False)


def related(path: str, kind: str, string: str, relation: str | None = None, **kw: Any) -> Field:
    return Field(kind, string, relation=relation, store=False, related=path, **kw)


def _base(fields: dict[str, Field]) -> dict[str, Field]:
    """Add the magic fields every Odoo model has."""
    return {
        "id": Field("integer", "ID", readonly=True),
        "display_name": computed("char", "Display Name"),
        **fields,
        "create_date": Field("datetime", "Created on", readonly=True),
        "create_uid": m2o("res.users", "Created by", readonly=True),
        "write_date": Field("datetime", "Last Updated on", readonly=True),
        "write_uid": m2o("res.users", "Last Updated by", readonly=True),
    }


_TEMPLATE = {
    "name": char("Name", required=True),
    "default_code": char("Internal Reference"),
    "description_purchase": Field("text", "Purchase Description"),
    "type": sel(PRODUCT_TYPE, "Product Type", default="product"),
    "purchase_ok": Field("boolean", "Can be Purchased", default=True),
    "sale_ok": Field("boolean", "Can be Sold", default=True),
    "standard_price": num("Cost", default=0.0),
    "list_price": num("Sales Price", default=1.0),
    "uom_id": m2o("uom.uom", "Unit of Measure", required=True),
    "uom_po_id": m2o("uom.uom", "Purchase Unit of Measure", required=True),
}
# product.product reads and writes the template's fields through product_tmpl_id.
_VARIANT = {
    name: related(f"product_tmpl_id.{name}", f.type, f.string, f.relation, selection=f.selection)
    for name, f in _TEMPLATE.items()
}


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
            _base(
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
            _base(
                {
                    "name": char("Currency", required=True),
                    "full_name": char("Name"),
                    "symbol": char("Symbol", required=True),
                    "rounding": num("Rounding Factor", default=0.01),
                    "decimal_places": num("Decimal Places", "integer", default=2),
                    "active": Field("boolean", "Active", default=True),
                }
            ),
            order="active desc, name",
        ),
        Model(
            "res.users",
            "User",
            _base(
                {
                    "name": char("Name", required=True),
                    "login": char("Login", required=True),
                    "company_id": m2o("res.company", "Company"),
                    "active": Field("boolean", "Active", default=True),
                }
            ),
            order="name, login",
            rec_names=("name", "login"),
        ),
        Model(
            "uom.uom",
            "Product Unit of Measure",
            _base(
                {
                    "name": char("Unit of Measure", required=True),
                    "factor": num("Ratio", default=1.0),
                    "rounding": num("Rounding Precision", default=0.01),
                    "active": Field("boolean", "Active", default=True),
                }
            ),
            order="name",
        ),
        Model(
            "res.partner",
            "Contact",
            _base(
                {
                    "name": char("Name"),
                    "ref": char("Reference"),
                    "phone": char("Phone"),
                    "mobile": char("Mobile"),
                    "email": char("Email"),
                    "is_company": Field("boolean", "Is a Company", default=False),
                    "parent_id": m2o("res.partner", "Related Company"),
                    "child_ids": o2m("res.partner", "parent_id", "Contact"),
                    "supplier_rank": num("Supplier Rank", "integer", default=0),
                    "customer_rank": num("Customer Rank", "integer", default=0),
                    "company_id": m2o("res.company", "Company"),
                    "active": Field("boolean", "Active", default=True),
                }
            ),
            order="name, id desc",
            rec_names=("name", "email", "ref"),
        ),
        Model(
            "product.template",
            "Product",
            _base(
                {
                    **_TEMPLATE,
                    "seller_ids": o2m("product.supplierinfo", "product_tmpl_id", "Vendors"),
                    "product_variant_ids": o2m("product.product", "product_tmpl_id", "Products"),
                    "product_variant_id": computed("many2one", "Product", "product.product"),
                    "active": Field("boolean", "Active", default=True),
                    **_STOCK,
                }
            ),
            order="name",
            rec_names=("name", "default_code"),
        ),
        Model(
            "product.product",
            "Product Variant",
            _base(
                {
                    "product_tmpl_id": m2o("product.template", "Product Template", required=True),
                    **_VARIANT,
                    "seller_ids": related(
                        "product_tmpl_id.seller_ids", "one2many", "Vendors", "product.supplierinfo"
                    ),
                    "active": Field("boolean", "Active", default=True),
                    **_STOCK,
                }
            ),
            order="default_code, name, id",
            rec_names=("default_code", "name"),
        ),
        Model(
            "product.supplierinfo",
            "Supplier Pricelist",
            _base(
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
            _base(
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
            _base(
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
            _base(
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
                    "active": Field("boolean", "Active", default=True),
                }
            ),
            order="name, id",
        ),
    )
}
