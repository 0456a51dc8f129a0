"""The synthetic catalog generator, and a sandbox Odoo seeded from 1,000 of its products."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox.odoo import uom
from sandbox.odoo.catalog import parse
from sandbox.odoo.generate import UNITS, generate
from tests.sandbox.odoo_server import ROOT, Sandbox, running


def test_same_seed_same_catalog_other_seed_other_catalog() -> None:
    assert json.dumps(generate(300, seed=7)) == json.dumps(generate(300, seed=7))
    assert generate(300, seed=7)["products"] != generate(300, seed=8)["products"]
    assert generate(50, seed=7)["products"] == generate(300, seed=7)["products"][:50]


def test_products_names_units_and_vendors() -> None:
    catalog = generate(2000, seed=3)
    products = catalog["products"]
    assert len(products) == 2000 and len({p["code"] for p in products}) == 2000
    for lang in ("es", "en"):
        assert len({p["names"][lang] for p in products}) == 2000
    assert all(p["name"] == p["names"]["es"] and p["name_en"] == p["names"]["en"] for p in products)
    assert {p["category"].split(" / ")[0] for p in products} == {
        "Alimentos",
        "Ferretería",
        "Limpieza",
        "Oficina",
        "Embalaje",
    }
    units = Counter(p.get("purchase_uom", p["uom"]) for p in products)
    assert {"kg", "g", "t", "l", "ml", "unit", "Dozens", "Pack of 6", "Box of 100"} <= set(units)
    assert 0 < sum(1 for p in products if p.get("active") is False) < 100
    assert any(p.get("purchase_ok") is False for p in products)
    supplies = [s for v in catalog["vendors"] for s in v["supplies"]]
    assert {s["code"] for s in supplies} == {p["code"] for p in products}
    assert any(s.get("product_name") for s in supplies) and any(
        s.get("product_code") for s in supplies
    )
    assert all(s["price"] > 0 and s["min_qty"] > 0 for s in supplies)
    assert all(v["mobile"].startswith("+569") for v in catalog["vendors"])
    assert len(catalog["requesters"]) == 5
    barcodes = [p["barcode"] for p in products if "barcode" in p]
    assert len(set(barcodes)) == len(barcodes) and all(len(b) == 13 for b in barcodes)


def test_the_seed_loader_accepts_it() -> None:
    catalog = parse(generate(1000, seed=5))
    known = {name for _, name, _, _ in uom.STANDARD} | {u["name"] for u in UNITS}
    assert {i.purchase_uom for i in catalog.items} <= known and catalog.lang == "es_ES"
    categories = {name: c for c, name, _, _ in uom.STANDARD} | {u["name"]: "Unit" for u in UNITS}
    assert all(categories[i.uom] == categories[i.purchase_uom] for i in catalog.items)
    english = parse(generate(20, seed=5, languages=("en",)))
    assert english.lang == "en_US" and all(list(i.names) == ["en_US"] for i in english.items)
    with pytest.raises(ValueError, match="unknown language"):
        generate(5, languages=("xx",))


def test_ten_thousand_products_well_under_ten_seconds() -> None:
    started = time.perf_counter()
    catalog = generate(10_000, seed=11)
    json.dumps(catalog, ensure_ascii=False)
    assert len(catalog["products"]) == 10_000 and time.perf_counter() - started < 5


def test_command_line_writes_the_catalog() -> None:
    args = [sys.executable, "-m", "sandbox.odoo.generate", "--products", "25", "--seed", "4"]
    out = subprocess.run(args, cwd=ROOT, capture_output=True, check=True, timeout=60, text=True)
    assert json.loads(out.stdout) == json.loads(json.dumps(generate(25, seed=4)))


@pytest.fixture(scope="module")
def big(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    workdir = tmp_path_factory.mktemp("generated")
    path = workdir / "catalog.json"
    path.write_text(json.dumps(generate(1000, seed=2), ensure_ascii=False), encoding="utf-8")
    with running(postgres_url, workdir, path) as server:
        yield server


def expected(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_a_sandbox_seeded_from_1000_generated_products(big: Sandbox) -> None:
    catalog = expected(big.catalog)
    conn = big.connect()
    products = conn.get_model("product.product")
    fields = ["default_code", "name", "barcode", "uom_po_id", "categ_id", "purchase_ok"]
    rows = products.search_read([("purchase_ok", "=", True)], fields, context={"lang": "es_ES"})
    wanted = [
        p for p in catalog["products"] if p.get("active", True) and p.get("purchase_ok", True)
    ]
    assert len(rows) == len(wanted)
    by_code = {r["default_code"]: r for r in rows}
    units = {u["id"]: u["name"] for u in conn.get_model("uom.uom").search_read([], ["name"])}
    for item in wanted[:50]:
        row = by_code[item["code"]]
        assert row["name"] == item["names"]["es"] and row["categ_id"][1] == item["category"]
        assert row["barcode"] == item.get("barcode", False)
        assert units[row["uom_po_id"][0]] == {"kg": "kg", "l": "L", "unit": "Units"}.get(
            item.get("purchase_uom", item["uom"]), item.get("purchase_uom")
        )
    english = products.search_read(
        [], ["default_code", "name"], 0, 5, "default_code", context={"lang": "en_US"}
    )
    names = {p["code"]: p["names"]["en"] for p in catalog["products"]}
    assert all(r["name"] == names[r["default_code"]] for r in english)
    archived = products.search_count([("active", "=", False)])
    assert archived == sum(1 for p in catalog["products"] if p.get("active") is False)
    assert products.search_count([], context={"active_test": False}) == len(catalog["products"])
    sellers = conn.get_model("product.supplierinfo").search_count([])
    assert sellers == sum(len(v["supplies"]) for v in catalog["vendors"])
