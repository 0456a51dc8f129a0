"""`purchase-agent catalog sync|stats|list|show|alias`: the synced copy of Odoo's catalogue,
and the aliases operators add to its products."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import psycopg

from catalog.sync import sync
from core.settings import Settings
from records import aliases, catalog
from tools.odoo import OdooClient
from tools.odoo_catalog import CatalogReader


def add_parser(sub: Any) -> None:
    cat = sub.add_parser("catalog", help="the catalogue synced from Odoo").add_subparsers(
        dest="action", required=True
    )
    run_sync = cat.add_parser("sync", help="read what changed in Odoo (all with --full)")
    run_sync.add_argument("--full", action="store_true")
    cat.add_parser("stats", help="how many products, vendors and units, and when synced")
    listing = cat.add_parser("list", help="products as JSON lines")
    listing.add_argument("--limit", type=int, default=100)
    show = cat.add_parser("show", help="one product by its internal reference")
    show.add_argument("ref")
    alias = cat.add_parser("alias", help="words for a product that are not in its name")
    actions = alias.add_subparsers(dest="alias_action", required=True)
    add = actions.add_parser("add", help="a word for the product with this reference")
    add.add_argument("ref")
    add.add_argument("alias")
    add.add_argument("--lang", help="es, en...; understood in any language without it")
    remove = actions.add_parser("remove")
    remove.add_argument("ref")
    remove.add_argument("alias")
    actions.add_parser("list", help="as JSON lines").add_argument("ref", nargs="?")
    load = actions.add_parser("import", help="a CSV file ref,alias[,lang]: all lines or none")
    load.add_argument("file", type=Path)


def run(
    settings: Settings, args: argparse.Namespace, conn: psycopg.Connection, odoo_url: str | None
) -> int:
    """Print the answer of one catalogue subcommand; 1 when the reference is unknown."""
    if args.action == "sync":
        if odoo_url:
            settings = settings.model_copy(update={"odoo_url": odoo_url})
        reader = CatalogReader(OdooClient.from_settings(settings), settings.languages)
        print(json.dumps(asdict(sync(reader, conn, full=args.full))))
    elif args.action == "stats":
        print(json.dumps(catalog.stats(conn), default=str))
    elif args.action == "alias":
        return _alias(args, conn)
    else:
        found = catalog.entries(
            conn,
            ref=args.ref if args.action == "show" else None,
            limit=None if args.action == "show" else args.limit,
        )
        if args.action == "show" and not found:
            print(f"no product {args.ref!r} in the synced catalogue", file=sys.stderr)
            return 1
        for entry in found:
            print(json.dumps(asdict(entry), ensure_ascii=False))
    return 0


def _alias(args: argparse.Namespace, conn: psycopg.Connection) -> int:
    """One alias subcommand; a bad alias raises ValueError (exit 2), a remove of none is 1."""
    if args.alias_action == "add":
        if not aliases.add_alias(conn, args.ref, args.alias, args.lang):
            print(f"{args.alias!r} already was an alias of {args.ref}", file=sys.stderr)
    elif args.alias_action == "remove":
        if not aliases.remove_alias(conn, args.ref, args.alias):
            print(f"no alias {args.alias!r} of {args.ref}", file=sys.stderr)
            return 1
    elif args.alias_action == "list":
        for alias in aliases.aliases(conn, args.ref):
            print(json.dumps(asdict(alias), ensure_ascii=False))
    else:
        rows = _csv_rows(args.file)
        print(json.dumps({"lines": len(rows), "new": aliases.import_aliases(conn, rows)}))
    return 0


def _csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """A `ref,alias[,lang]` file's rows by line number. A row with more fields than the header
    is refused: an unquoted comma in an alias would silently cut it."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            header = [name.strip() for name in reader.fieldnames or []]
            if header not in (["ref", "alias"], ["ref", "alias", "lang"]):
                raise ValueError("line 1: the header must be ref,alias or ref,alias,lang")
            reader.fieldnames = header
            rows = []
            for row in reader:
                if None in row:
                    raise ValueError(
                        f"line {reader.line_num}: more fields than the header"
                        " (quote an alias that has a comma)"
                    )
                rows.append((reader.line_num, row))
            return rows
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from None
