"""Keeping the project's copy of the connected Odoo's catalogue up to date (`sync`)."""
