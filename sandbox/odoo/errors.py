"""Exceptions that travel over the wire the way Odoo's own do.

Each class carries the dotted name Odoo reports in JSON-RPC `error.data.name` and the tag
the legacy `/xmlrpc/<service>` route puts in its string faultCode, so that a client written
against real Odoo sees the same shapes here.
"""

from __future__ import annotations


class OdooError(Exception):
    """Base of the business errors; `odoo_name` is what JSON-RPC reports as data.name."""

    odoo_name = "odoo.exceptions.UserError"
    xmlrpc_tag: str | None = "UserError"  # None: not a "warning", e.g. AccessDenied
    xmlrpc_int = 2  # /xmlrpc/2 numeric faultCode (RPC_FAULT_CODE_WARNING)

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UserError(OdooError):
    """A business rule refused the call (odoo.exceptions.UserError)."""


class ValidationError(UserError):
    """A constraint failed; legacy XML-RPC still labels it "UserError", like Odoo."""

    odoo_name = "odoo.exceptions.ValidationError"


class MissingError(UserError):
    """Records that were deleted or never existed."""

    odoo_name = "odoo.exceptions.MissingError"
    xmlrpc_tag = "MissingError"


class AccessError(OdooError):
    """The user may not do this (private method, missing rights)."""

    odoo_name = "odoo.exceptions.AccessError"
    xmlrpc_tag = "AccessError"
    xmlrpc_int = 4


class AccessDenied(OdooError):
    """Bad credentials on an authenticated call."""

    odoo_name = "odoo.exceptions.AccessDenied"
    xmlrpc_tag = None
    xmlrpc_int = 3

    def __init__(self, message: str = "Access Denied") -> None:
        super().__init__(message)


class DatabaseMissing(Exception):
    """An unknown database name: real Odoo lets psycopg2's error escape, so do we."""

    odoo_name = "psycopg2.OperationalError"

    def __init__(self, db: str) -> None:
        super().__init__(
            f'connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: '
            f'FATAL:  database "{db}" does not exist\n'
        )


def exception_name(exc: BaseException) -> str:
    """The dotted class name Odoo's serialize_exception would report."""
    name = getattr(exc, "odoo_name", None)
    if isinstance(name, str):
        return name
    module = type(exc).__module__
    return f"{module}.{type(exc).__name__}" if module else type(exc).__name__
