"""Aliases of catalogue products (`catalog.alias`): words people use for a product that are
not in its name, kept by the agent's operators since Odoo has no place for them.

An alias is unique per product by its folded form, so "Confort" and "confórt " are one.
Every change moves the catalogue's version, so running agents rebuild their vocabulary.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import psycopg

from records import catalog

LONGEST = 120
LANG = re.compile(r"^[a-z]{2}$")


def fold(text: str) -> str:
    """Lower case, accents stripped, whitespace collapsed: what tells two aliases apart."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


@dataclass(frozen=True)
class Alias:
    ref: str
    alias: str
    lang: str | None  # "es", "en", or None: understood in any language


def add_alias(conn: psycopg.Connection, ref: str, alias: str, lang: str | None = None) -> bool:
    """Add one alias; False when the product already had it (its language is kept)."""
    with conn.transaction():
        row = _checked(ref, alias, lang, _known(conn, [ref]))
        return _insert(conn, [row]) == 1


def remove_alias(conn: psycopg.Connection, ref: str, alias: str) -> bool:
    """Remove an alias written in any case or accents; False when the product had none such."""
    with conn.transaction():
        cur = conn.execute(
            "DELETE FROM catalog.alias WHERE ref = %s AND folded = %s",
            (ref.strip(), fold(alias)),
        )
        if cur.rowcount:
            catalog.touch(conn, catalog.ALIASES)
    return cur.rowcount > 0


def aliases(conn: psycopg.Connection, ref: str | None = None) -> list[Alias]:
    """Every alias by reference (those of `ref` only)."""
    rows = conn.execute(
        "SELECT ref, alias, lang FROM catalog.alias WHERE %(ref)s::text IS NULL OR ref = %(ref)s"
        " ORDER BY ref, folded",
        {"ref": ref},
    ).fetchall()
    return [Alias(*row) for row in rows]


def import_aliases(
    conn: psycopg.Connection, rows: Iterable[tuple[int, Mapping[str, str | None]]]
) -> int:
    """Add `(line number, {"ref", "alias", "lang"})` rows of a file, all or none: the first bad
    line raises `ValueError("line N: reason")` before anything is written. Returns how many
    were new."""
    lines = list(rows)
    with conn.transaction():
        known = _known(conn, [str(row.get("ref") or "") for _, row in lines])
        checked = []
        for line, row in lines:
            try:
                checked.append(
                    _checked(row.get("ref") or "", row.get("alias") or "", row.get("lang"), known)
                )
            except ValueError as exc:
                raise ValueError(f"line {line}: {exc}") from None
        return _insert(conn, checked)


def _known(conn: psycopg.Connection, refs: list[str]) -> set[str]:
    rows = conn.execute(
        "SELECT DISTINCT ref FROM catalog.product WHERE ref = ANY(%s)",
        ([r.strip() for r in refs],),
    ).fetchall()
    return {row[0] for row in rows}


def _checked(
    ref: str, alias: str, lang: str | None, known: set[str]
) -> tuple[str, str, str | None]:
    """(ref, alias, lang) cleaned, or a one-line reason why not."""
    ref, alias, lang = ref.strip(), " ".join(alias.split()), (lang or "").strip().lower() or None
    if ref not in known:
        raise ValueError(f"unknown product reference {ref!r}")
    if not alias:
        raise ValueError("the alias is empty")
    if len(alias) > LONGEST:
        raise ValueError(f"the alias is longer than {LONGEST} characters")
    if not any(c.isalpha() for c in alias):
        raise ValueError(f"the alias {alias!r} has no letter")
    if lang is not None and not LANG.match(lang):
        raise ValueError(f"language {lang!r} is not a two-letter code such as es or en")
    return ref, alias, lang


def _insert(conn: psycopg.Connection, rows: list[tuple[str, str, str | None]]) -> int:
    """Insert what is not there yet in one statement; how many rows were new."""
    if not rows:
        return 0
    refs, words, langs = (list(column) for column in zip(*rows, strict=True))
    cur = conn.execute(
        "INSERT INTO catalog.alias (ref, alias, folded, lang)"
        " SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[])"
        " ON CONFLICT (ref, folded) DO NOTHING",
        (refs, words, [fold(w) for w in words], langs),
    )
    if cur.rowcount:
        catalog.touch(conn, catalog.ALIASES)
    return cur.rowcount


def seed_from_catalog(conn: psycopg.Connection, catalog_path: Path) -> int:
    """The sandbox company's own aliases (its fixture file's), for the products synced so far;
    how many were new. A real company adds its aliases with the CLI."""
    products = json.loads(catalog_path.read_text(encoding="utf-8"))["products"]
    known = _known(conn, [p["code"] for p in products])
    rows = []
    for product in products:
        given = product.get("aliases") or []
        by_lang = given.items() if isinstance(given, dict) else [(None, given)]
        for lang, words in by_lang:
            for word in words:
                if product["code"] in known:
                    rows.append(_checked(product["code"], word, lang, known))
    with conn.transaction():
        return _insert(conn, rows)
