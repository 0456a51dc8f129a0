"""`purchase-agent catalog sync|stats|list|show`: the synced copy of Odoo's catalogue."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

import psycopg

from catalog.sync import sync
from core.settings import Settings
from records import catalog
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
