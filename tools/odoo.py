"""Odoo purchase API over odoo-client-lib: the only module that knows Odoo's field names.

odoolib is synchronous, opens a new HTTP connection per JSON-RPC call and has no timeout
setting, so we route its module-level `httpx.post` through one pooled client with a timeout.
Every workflow call is followed by a re-read, because Odoo's workflow methods may return
None/False whatever they did (see odoo-rpc.md §2.4). Reads are retried on transport errors;
writes are not retried blindly: a create is looked up by its `origin` key first.
"""

from __future__ import annotations

import threading
import types
import xmlrpc.client
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from json import JSONDecodeError
from typing import Any

import httpx
import odoolib
import odoolib.tools
import pybreaker
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from core import metrics
from core.settings import Settings, odoo_endpoint

TRANSIENT = (
    httpx.TransportError,
    JSONDecodeError,
    ConnectionError,
    TimeoutError,
    xmlrpc.client.ProtocolError,
)
OPEN_STATES = ("draft", "sent")


class OdooUnavailable(Exception):
    """Odoo could not be reached (refused, timed out, circuit open): try again later."""


class OdooRefused(Exception):
    """Odoo answered with a business error (UserError, AccessError...)."""


@dataclass(frozen=True)
class Product:
    id: int
    tmpl_id: int
    code: str
    name: str
    uom: str  # the stock unit, which quantities are understood in
    on_hand: float
    purchase_uom: str  # the unit an order line is in (Odoo's uom_po_id)


@dataclass(frozen=True)
class Seller:
    vendor_id: int
    vendor_name: str
    tmpl_id: int
    price: float
    min_qty: float


@dataclass(frozen=True)
class OrderLine:
    id: int
    product_id: int
    code: str
    name: str
    qty: float
    uom: str
    price_unit: float
    subtotal: float
    qty_received: float


@dataclass(frozen=True)
class Order:
    id: int
    name: str
    state: str
    vendor_id: int
    vendor_name: str
    amount_total: float
    currency: str
    date_planned: str | None
    origin: str | None
    lines: tuple[OrderLine, ...] = field(default=())

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


_pool_lock = threading.Lock()
_pool: httpx.Client | None = None


def _install_pooled_transport(timeout: float) -> None:
    """Give odoolib's JSON-RPC one keep-alive client with a real timeout (process-wide)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = httpx.Client(timeout=httpx.Timeout(timeout, connect=3.0))
            odoolib.tools.httpx = types.SimpleNamespace(post=_pool.post)


class _BreakerGauge(pybreaker.CircuitBreakerListener):
    def state_change(self, _cb: Any, _old_state: Any, new_state: Any) -> None:
        metrics.BREAKER_OPEN.set(1 if new_state.name == pybreaker.STATE_OPEN else 0)


def _m2o(value: Any) -> tuple[int, str]:
    return (int(value[0]), str(value[1])) if value else (0, "")


class OdooClient:
    """The purchase operations the agent performs, typed, with Odoo's quirks absorbed."""

    @classmethod
    def from_settings(cls, settings: Settings) -> OdooClient:
        host, port, tls = odoo_endpoint(settings.odoo_base_url)
        protocol = settings.odoo_protocol
        if tls and not protocol.endswith("s"):
            protocol += "s"
        return cls(
            host=host,
            port=port,
            protocol=protocol,
            database=settings.odoo_db,
            login=settings.odoo_login,
            password=settings.odoo_password,
            timeout=settings.odoo_timeout,
            languages=settings.languages,
        )

    def __init__(
        self,
        *,
        host: str,
        port: int,
        protocol: str,
        database: str,
        login: str,
        password: str,
        timeout: float = 15.0,
        languages: Sequence[str] = (),
    ) -> None:
        self._languages = {code.split("_")[0].lower(): code for code in reversed(languages)}
        if protocol.startswith("jsonrpc"):
            _install_pooled_transport(timeout)
        self._conn = odoolib.get_connection(
            hostname=host,
            protocol=protocol,
            port=port,
            database=database,
            login=login,
            password=password,
        )
        self._breaker = pybreaker.CircuitBreaker(
            fail_max=5, reset_timeout=15, listeners=[_BreakerGauge()]
        )

    # -- plumbing -------------------------------------------------------------------------
    def _call(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            with metrics.timed(metrics.ODOO_SECONDS, f"{model}.{method}"):
                return self._breaker.call(self._raw_call, model, method, *args, **kwargs)
        except pybreaker.CircuitBreakerError as exc:
            metrics.ODOO_ERRORS.labels("circuit_open").inc()
            raise OdooUnavailable("circuit open") from exc
        except TRANSIENT as exc:
            metrics.ODOO_ERRORS.labels("unreachable").inc()
            raise OdooUnavailable(str(exc) or type(exc).__name__) from exc
        except (
            odoolib.tools.JsonRPCException,
            odoolib.tools.AuthenticationError,
            xmlrpc.client.Fault,
        ) as exc:
            metrics.ODOO_ERRORS.labels("refused").inc()
            raise OdooRefused(_error_message(exc)) from exc

    def _raw_call(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._conn.get_model(model), method)(*args, **kwargs)

    @retry(
        retry=retry_if_exception_type(OdooUnavailable),
        stop=stop_after_attempt(3),
        wait=wait_exponential(multiplier=0.2, max=2),
        reraise=True,
    )
    def _read(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._call(model, method, *args, **kwargs)

    def _search_read(
        self, model: str, domain: list[Any], fields: list[str]
    ) -> list[dict[str, Any]]:
        ids = self._read(model, "search", domain)
        if not ids:
            return []
        rows = self._read(model, "read", ids, fields)
        return [rows] if isinstance(rows, dict) else list(rows)

    # -- catalogue ------------------------------------------------------------------------
    def search_read(
        self,
        model: str,
        domain: list[Any],
        fields: list[str],
        *,
        context: dict[str, Any] | None = None,
        order: str = "id",
    ) -> list[dict[str, Any]]:
        """Rows of `model` (reads are retried); `context` carries `lang` and `active_test`."""
        kwargs: dict[str, Any] = {"fields": fields, "order": order}
        if context:
            kwargs["context"] = context
        rows = self._read(model, "search_read", domain, **kwargs)
        return list(rows or [])

    def search_read_pages(
        self,
        model: str,
        domain: list[Any],
        fields: list[str],
        *,
        context: dict[str, Any] | None = None,
        page: int = 1000,
    ) -> list[dict[str, Any]]:
        """Every row of `model`, read `page` at a time by increasing id: one call per page
        keeps each answer small and well inside the timeout with tens of thousands of rows."""
        kwargs: dict[str, Any] = {"fields": fields, "order": "id", "limit": page}
        if context:
            kwargs["context"] = context
        rows: list[dict[str, Any]] = []
        while True:
            after = [("id", ">", rows[-1]["id"])] if rows else []
            got = list(self._read(model, "search_read", [*domain, *after], **kwargs) or [])
            rows += got
            if len(got) < page:
                return rows

    def field_names(self, model: str) -> set[str]:
        """The fields `model` has on this server (names move between Odoo versions)."""
        return set(self._read(model, "fields_get", [], attributes=["type"]))

    def products(self, codes: Iterable[str], lang: str | None = None) -> dict[str, Product]:
        """Products by internal reference, named in `lang` ("es", "en") as Odoo translates them."""
        wanted = sorted(set(codes))
        if not wanted:
            return {}
        code = self._languages.get(lang or "")
        rows = self.search_read(
            "product.product",
            [("default_code", "in", wanted)],
            ["default_code", "name", "uom_id", "uom_po_id", "product_tmpl_id", "qty_available"],
            context={"lang": code} if code else None,
        )
        return {
            row["default_code"]: Product(
                id=row["id"],
                tmpl_id=_m2o(row["product_tmpl_id"])[0],
                code=row["default_code"],
                name=row["name"],
                uom=_m2o(row["uom_id"])[1],
                on_hand=float(row.get("qty_available") or 0.0),
                purchase_uom=_m2o(row.get("uom_po_id") or row["uom_id"])[1],
            )
            for row in rows
        }

    def sellers(self, tmpl_ids: Iterable[int]) -> list[Seller]:
        ids = sorted(set(tmpl_ids))
        if not ids:
            return []
        rows = self._search_read(
            "product.supplierinfo",
            [("product_tmpl_id", "in", ids)],
            ["partner_id", "product_tmpl_id", "price", "min_qty"],
        )
        return [
            Seller(
                vendor_id=_m2o(row["partner_id"])[0],
                vendor_name=_m2o(row["partner_id"])[1],
                tmpl_id=_m2o(row["product_tmpl_id"])[0],
                price=float(row["price"]),
                min_qty=float(row["min_qty"]),
            )
            for row in rows
        ]

    # -- orders ---------------------------------------------------------------------------
    _ORDER_FIELDS = [
        "name",
        "state",
        "partner_id",
        "amount_total",
        "currency_id",
        "date_planned",
        "origin",
        "order_line",
    ]
    _LINE_FIELDS = [
        "product_id",
        "name",
        "product_qty",
        "product_uom",
        "price_unit",
        "price_subtotal",
        "qty_received",
    ]

    def orders(self, ids: Sequence[int]) -> list[Order]:
        if not ids:
            return []
        rows = self._read("purchase.order", "read", list(ids), self._ORDER_FIELDS)
        rows = [rows] if isinstance(rows, dict) else rows
        line_ids = [lid for row in rows for lid in row["order_line"]]
        lines = self._lines(line_ids)
        return [self._order(row, lines) for row in rows]

    def order(self, order_id: int) -> Order:
        return self.orders([order_id])[0]

    def find_by_origin(self, origin: str) -> Order | None:
        ids = self._read("purchase.order", "search", [("origin", "=", origin)])
        return self.order(ids[0]) if ids else None

    def _lines(self, line_ids: list[int]) -> dict[int, OrderLine]:
        if not line_ids:
            return {}
        rows = self._read("purchase.order.line", "read", line_ids, self._LINE_FIELDS)
        rows = [rows] if isinstance(rows, dict) else rows
        product_ids = sorted({_m2o(r["product_id"])[0] for r in rows})
        codes = {
            p["id"]: p["default_code"] or ""
            for p in self._read("product.product", "read", product_ids, ["default_code"])
        }
        return {
            r["id"]: OrderLine(
                id=r["id"],
                product_id=_m2o(r["product_id"])[0],
                code=codes.get(_m2o(r["product_id"])[0], ""),
                name=r["name"],
                qty=float(r["product_qty"]),
                uom=_m2o(r["product_uom"])[1],
                price_unit=float(r["price_unit"]),
                subtotal=float(r["price_subtotal"]),
                qty_received=float(r.get("qty_received") or 0.0),
            )
            for r in rows
        }

    @staticmethod
    def _order(row: dict[str, Any], lines: dict[int, OrderLine]) -> Order:
        vendor_id, vendor_name = _m2o(row["partner_id"])
        return Order(
            id=row["id"],
            name=row["name"],
            state=row["state"],
            vendor_id=vendor_id,
            vendor_name=vendor_name,
            amount_total=float(row["amount_total"]),
            currency=_m2o(row["currency_id"])[1],
            date_planned=row.get("date_planned") or None,
            origin=row.get("origin") or None,
            lines=tuple(lines[i] for i in row["order_line"] if i in lines),
        )

    def create_order(
        self, vendor_id: int, lines: Sequence[tuple[int, float, float | None]], origin: str
    ) -> tuple[Order, bool]:
        """Create a draft RFQ once per `origin`; a retry finds the first one: (order, created)."""
        existing = self.find_by_origin(origin)
        if existing:
            return existing, False
        order_id = self._call(
            "purchase.order",
            "create",
            {
                "partner_id": vendor_id,
                "origin": origin,
                "order_line": [(0, 0, _line_vals(pid, qty, price)) for pid, qty, price in lines],
            },
        )
        return self.order(int(order_id)), True

    def change_lines(
        self,
        order_id: int,
        *,
        add: Sequence[tuple[int, float, float | None]] = (),
        update: Sequence[tuple[int, float | None, float | None]] = (),
        remove: Sequence[int] = (),
    ) -> Order:
        """Add lines, set quantity/price of lines, remove lines: one write, then re-read."""
        commands: list[tuple[Any, ...]] = [(0, 0, _line_vals(p, q, pr)) for p, q, pr in add]
        for line_id, qty, price in update:
            vals: dict[str, float] = {}
            if qty is not None:
                vals["product_qty"] = qty
            if price is not None:
                vals["price_unit"] = price
            if vals:
                commands.append((1, line_id, vals))
        commands.extend((2, line_id, 0) for line_id in remove)
        if commands:
            self._call("purchase.order", "write", [order_id], {"order_line": commands})
        return self.order(order_id)

    def confirm(self, order_id: int) -> Order:
        self._call("purchase.order", "button_confirm", [order_id])
        return self.order(order_id)

    def approve(self, order_id: int) -> Order:
        """Odoo's second approval (`button_approve`); an order this user may not approve
        stays `to approve` (Odoo skips it silently), so callers read the state back."""
        self._call("purchase.order", "button_approve", [order_id])
        return self.order(order_id)

    def cancel(self, order_id: int) -> Order:
        try:
            self._call("purchase.order", "button_cancel", [order_id])
        except OdooRefused as exc:
            if "marshal None" not in str(exc):  # XML-RPC: committed, then the None fault
                raise
        return self.order(order_id)


def _line_vals(product_id: int, qty: float, price: float | None) -> dict[str, Any]:
    vals: dict[str, Any] = {"product_id": product_id, "product_qty": qty}
    if price is not None:
        vals["price_unit"] = price
    return vals


def _error_message(exc: Exception) -> str:
    error = getattr(exc, "error", None)
    if isinstance(error, dict):
        data = error.get("data") or {}
        return str(data.get("message") or error.get("message") or error)
    if isinstance(exc, xmlrpc.client.Fault):
        return str(exc.faultCode).split("\n\n", 1)[-1]
    return str(exc)
