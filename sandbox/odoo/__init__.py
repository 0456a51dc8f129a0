"""An offline stand-in for Odoo that speaks Odoo's RPC wire protocols (see app.py)."""

from .app import create_app

__all__ = ["create_app"]
