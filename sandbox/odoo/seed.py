"""First-start data: the reference company from fixtures/catalog.json.

Seeding runs once per database (a `meta` row remembers it), inside the same writer lock as
any RPC, through the ORM so that defaults and computed values match later creates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .orm import Env
from .store import Store

UOM_NAMES = {"kg": "kg", "l": "L", "unit": "Units", "box": "Box"}
SUPERUSER = 1
ADMIN_UID = 2
BUYER_UID = 3


def seed(store: Store, catalog_path: Path, admin_login: str, buyer_login: str) -> bool:
    """Load the catalog unless this database was seeded before; True when it seeded now."""
    catalog: dict[str, Any] = json.loads(catalog_path.read_text(encoding="utf-8"))
    with store.transaction(write=True) as tx:
        if tx.meta("seeded"):
            return False
        env = Env(tx, SUPERUSER, manager=True)
        currency = env["res.currency"].create_many(
            [{"name": catalog["company"]["currency"], "symbol": "$", "full_name": "US Dollar"}]
        )[0]
        uoms = {
            code: env["uom.uom"].create_many([{"name": UOM_NAMES.get(code, code)}])[0]["id"]
            for code in catalog["uoms"]
        }
        company_name = catalog["company"]["name"]
        partner = env["res.partner"].create_many([{"name": company_name, "is_company": True}])[0]
        company = env["res.company"].create_many(
            [
                {
                    "name": company_name,
                    "partner_id": partner["id"],
                    "currency_id": currency["id"],
                    "po_double_validation": "one_step",
                    "po_double_validation_amount": float(catalog.get("approval_threshold", 5000.0)),
                }
            ]
        )[0]
        env["res.partner"].write([partner["id"]], {"company_id": company["id"]})
        users = [("OdooBot", "__system__", False), ("Administrator", admin_login, True)]
        users.append(("Purchase Buyer", buyer_login, True))
        for name, login, active in users:
            env["res.users"].create_many(
                [{"name": name, "login": login, "active": active, "company_id": company["id"]}]
            )
        vendors = {}
        for vendor in catalog["vendors"]:
            vendors[vendor["ref"]] = env["res.partner"].create_many(
                [
                    {
                        "name": vendor["name"],
                        "ref": vendor["ref"],
                        "phone": vendor.get("phone"),
                        "email": vendor.get("email"),
                        "is_company": True,
                        "supplier_rank": 1,
                    }
                ]
            )[0]["id"]
        offers: dict[str, list[dict[str, Any]]] = {}
        for vendor in catalog["vendors"]:
            for supply in vendor["supplies"]:
                offers.setdefault(supply["code"], []).append(
                    {**supply, "partner_id": vendors[vendor["ref"]]}
                )
        tx.skip_ids("product.product", 20)  # variant ids must not coincide with template ids
        for item in catalog["products"]:
            prices = offers.get(item["code"], [])
            tmpl = env["product.template"].create_many(
                [
                    {
                        "name": item["name"],
                        "default_code": item["code"],
                        "uom_id": uoms[item["uom"]],
                        "uom_po_id": uoms[item["uom"]],
                        "standard_price": min((p["price"] for p in prices), default=0.0),
                        "seller_ids": [
                            (
                                0,
                                0,
                                {
                                    "partner_id": p["partner_id"],
                                    "price": p["price"],
                                    "min_qty": p["min_qty"],
                                    "delay": p["delay_days"],
                                },
                            )
                            for p in prices
                        ],
                    }
                ]
            )[0]
            variant = tx.where("product.product", "product_tmpl_id", [tmpl["id"]])[0]
            variant["qty_available"] = float(item.get("on_hand", 0))
            tx.update("product.product", variant)
            if item.get("reorder_min") is not None:
                env["stock.warehouse.orderpoint"].create_many(
                    [
                        {
                            "name": f"OP/{item['code']}",
                            "product_id": variant["id"],
                            "product_min_qty": float(item["reorder_min"]),
                        }
                    ]
                )
        tx.set_meta("seeded", {"catalog": str(catalog_path.name)})
        return True
