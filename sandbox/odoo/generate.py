"""`python -m sandbox.odoo.generate --products N [--seed S] [--languages es,en]`: a synthetic
company in the fixture format (fixtures/README.md), on stdout.

Names are composed per language from vocabulary.py (noun, qualifier, size, then a brand and a
model number once the plain combinations run out), so they read like a real catalog and stay
unique. Everything is drawn from one `random.Random(seed)`: the same arguments give the same
file, byte for byte.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any

from .vocabulary import NAMES_ES, PLACES, ROLES, SURNAMES, TRADES, Family, Pair, Trade

KNOWN = ("es", "en")
# Purchase units the company adds to Odoo's own (see catalog.Unit), and their size in units.
UNITS: list[dict[str, Any]] = [
    {"name": "Pack of 6", "category": "Unit", "uom_type": "bigger", "factor_inv": 6},
    {"name": "Pack of 12", "category": "Unit", "uom_type": "bigger", "factor_inv": 12},
    {"name": "Box of 100", "category": "Unit", "uom_type": "bigger", "factor_inv": 100},
]
SIZE = {"Dozens": 12.0, "g": 0.001, "t": 1000.0, "ml": 0.001} | {
    str(u["name"]): float(u["factor_inv"]) for u in UNITS
}
MIN_QTY = {"t": (1, 2, 5), "g": (10, 25, 50, 100), "ml": (100, 250, 500), "kg": (5, 10, 25, 50)}


def _text(pair: str | Pair, lang: str) -> str:
    return pair if isinstance(pair, str) else pair[KNOWN.index(lang)]


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def _names(rng: random.Random) -> Iterator[tuple[Trade, Family, dict[str, str]]]:
    """Endless unique product names: every plain combination once, then with brands, then
    with model numbers as well."""
    combos = [
        (trade, fam, q, size)
        for trade in TRADES
        for fam in trade.families
        for q in fam.qualifiers
        for size in fam.sizes
    ]
    rng.shuffle(combos)
    for round_ in itertools.count():
        for trade, fam, q, size in combos:
            names = {}
            for lang in KNOWN:
                name = f"{_text(fam.noun, lang).format(q=_text(q, lang))} {_text(size, lang)}"
                if round_:
                    name += f" {trade.brands[(round_ - 1) % len(trade.brands)]}"
                if round_ > len(trade.brands):
                    model = "modelo" if lang == "es" else "model"
                    name += f" {model} {fam.code[0]}{round_ // len(trade.brands)}00"
                names[lang] = name[0].upper() + name[1:]
            yield trade, fam, names


def _barcode(i: int, seed: int) -> str:
    """A valid EAN-13 with Chile's 780 prefix, unique per product index."""
    body = f"780{(i * 7919 + seed * 104729) % 10**9:09d}"
    total = sum(int(d) * (3 if k % 2 else 1) for k, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _vendors(rng: random.Random) -> dict[Trade, list[dict[str, Any]]]:
    out: dict[Trade, list[dict[str, Any]]] = {}
    for t, trade in enumerate(TRADES):
        out[trade] = []
        for k, word in enumerate(rng.sample(trade.vendor_words, len(trade.vendor_words))):
            name = f"{word} {rng.choice(PLACES)} {rng.choice(('SpA', 'Ltda', 'S.A.'))}"
            ref = f"{_slug(word)[:5]}{t}{k}"
            out[trade].append(
                {
                    "ref": ref,
                    "name": name,
                    "phone": f"+562{rng.randrange(20000000, 29999999)}",
                    "mobile": f"+569{rng.randrange(10000000, 99999999)}",
                    "email": f"ventas@{_slug(name)[:20]}.cl",
                    "supplies": [],
                }
            )
    return out


def _supply(
    rng: random.Random, vendor: dict[str, Any], code: str, name: str, buy: str, cost: float
) -> dict[str, Any]:
    size = SIZE.get(buy, 1.0)
    supply: dict[str, Any] = {
        "code": code,
        "price": max(round(cost * size * rng.uniform(0.9, 1.2), 2), 0.01),
        "min_qty": rng.choice(MIN_QTY.get(buy, (1, 1, 5, 10, 20))),
        "delay_days": rng.choice((1, 2, 2, 3, 5, 7)),
    }
    if rng.random() < 0.6:  # the vendor's own label, as on its price list
        supply["product_name"] = name.upper().replace(" DE ", " ")[:40]
    if rng.random() < 0.7:
        supply["product_code"] = f"{vendor['ref'][:3].upper()}-{rng.randrange(1000, 99999)}"
    return supply


def generate(products: int, seed: int = 0, languages: tuple[str, ...] = KNOWN) -> dict[str, Any]:
    """A catalog with `products` products, deterministic for (products, seed, languages)."""
    for lang in languages:
        if lang not in KNOWN:
            raise ValueError(f"unknown language {lang!r}; the vocabulary has {', '.join(KNOWN)}")
    rng = random.Random(seed)
    vendors = _vendors(rng)
    items = []
    names = _names(rng)
    for i in range(products):
        trade, fam, all_names = next(names)
        code = f"{fam.code}-{i + 1:05d}"
        cost = round(rng.uniform(*fam.price), 2)
        buy = fam.buy_in[0] if rng.random() < 0.6 else rng.choice(fam.buy_in)
        item: dict[str, Any] = {
            "code": code,
            "name": all_names[languages[0]],
            "names": {lang: all_names[lang] for lang in languages},
            "uom": fam.uom,
            "category": f"{trade.name[0]} / {fam.category}",
            "on_hand": rng.choice((0, rng.randrange(1, 500))),
        }
        if "en" in languages:
            item["name_en"] = all_names["en"]
        if buy != {"kg": "kg", "l": "L", "unit": "Units"}[fam.uom]:
            item["purchase_uom"] = buy
        if rng.random() < 0.85:
            item["barcode"] = _barcode(i, seed)
        if rng.random() < 0.3:
            item["reorder_min"] = rng.choice((5, 10, 20, 50, 100))
        if rng.random() < 0.02:
            item["active"] = False
        elif rng.random() < 0.01:
            item["purchase_ok"] = False
        items.append(item)
        for vendor in rng.sample(vendors[trade], rng.choice((1, 1, 2, 2, 3))):
            vendor["supplies"].append(_supply(rng, vendor, code, all_names["es"], buy, cost))
    requesters = [
        {
            "name": f"{first} {last}",
            "role": ROLES[k % len(ROLES)],
            "phone": f"+569{rng.randrange(10000000, 99999999)}",
            "email": f"{_slug(first)}.{_slug(last)}@grupoaustral.cl",
            "may_confirm": k % 2 == 0,
        }
        for k, (first, last) in enumerate(zip(NAMES_ES[:5], rng.sample(SURNAMES, 5), strict=True))
    ]
    return {
        "about": f"Synthetic catalog: {products} products, seed {seed}, "
        f"languages {','.join(languages)} (python -m sandbox.odoo.generate).",
        "company": {"name": "Grupo Austral SpA", "currency": "USD", "lang": languages[0]},
        "approval_threshold": 2000.0,
        "uoms": ["kg", "l", "unit", *UNITS],
        "products": items,
        "vendors": [v for trade in TRADES for v in vendors[trade] if v["supplies"]],
        "requesters": requesters,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox.odoo.generate", description=__doc__)
    parser.add_argument("--products", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--languages", default="es,en", help="comma-separated; the first is the company's"
    )
    args = parser.parse_args(argv)
    languages = tuple(lang.strip() for lang in args.languages.split(",") if lang.strip())
    try:
        catalog = generate(args.products, args.seed, languages)
    except ValueError as exc:
        parser.error(str(exc))
    sys.stdout.write(json.dumps(catalog, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
