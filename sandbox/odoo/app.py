"""HTTP surface: Odoo's `/jsonrpc` and `/xmlrpc[/2]/<service>` routes, `/web/health`, and the
`/sandbox/...` control endpoints that tests and benchmarks use (not part of Odoo).

Wire formats follow Odoo: JSON-RPC omits `result` when a method returns None (so odoolib
sees False) and reports errors as `{"code": 200, "message": "Odoo Server Error", "data": ...}`;
XML-RPC marshals without allow_none, so a None result becomes a Fault after the commit, and
the legacy route uses string faultCodes while `/xmlrpc/2` uses Odoo's numeric ones.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import traceback
import xmlrpc.client
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from .errors import OdooError, exception_name
from .orm import Env
from .purchase import receive
from .rpc import Dispatcher, Settings, call_key
from .seed import ADMIN_UID, seed
from .store import Store


class Control:
    """Per-process call counters and injected faults (delay and/or HTTP error, maybe timed)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: Counter[str] = Counter()
        self._since = time.time()
        self._delay = 0.0
        self._status: int | None = None
        self._until: float | None = None

    def count(self, key: str) -> None:
        with self._lock:
            self._calls[key] += 1

    def stats(self) -> dict[str, Any]:
        with self._lock:
            calls = dict(sorted(self._calls.items()))
            return {"total": sum(calls.values()), "calls": calls, "since": self._since}

    def reset(self) -> dict[str, Any]:
        with self._lock:
            self._calls.clear()
            self._since = time.time()
        return self.stats()

    def set_faults(self, delay: float, status: int | None, for_seconds: float | None) -> None:
        with self._lock:
            self._delay, self._status = delay, status
            self._until = None if for_seconds is None else time.monotonic() + for_seconds

    def faults(self) -> dict[str, Any]:
        with self._lock:
            if self._until is not None and time.monotonic() >= self._until:
                self._delay, self._status, self._until = 0.0, None, None
            left = None if self._until is None else max(self._until - time.monotonic(), 0.0)
            return {
                "delay_seconds": self._delay,
                "error_status": self._status,
                "seconds_left": left,
            }


def _fault(exc: BaseException, legacy: bool) -> Any:
    """Odoo's xmlrpc_handle_exception_string (legacy) / _int (/xmlrpc/2)."""
    fault: Any = xmlrpc.client.Fault  # typeshed wants int codes; Odoo's legacy route sends str
    if isinstance(exc, OdooError):
        if not legacy:
            return fault(exc.xmlrpc_int, str(exc))
        if exc.xmlrpc_tag is None:
            return fault("AccessDenied", str(exc))
        return fault(f"warning -- {exc.xmlrpc_tag}\n\n{exc}", "")
    formatted = "".join(traceback.format_exception(exc))
    return fault(str(exc), formatted) if legacy else fault(1, formatted)


def _json_error(exc: BaseException) -> dict[str, Any]:
    """Odoo's JSON-RPC error body (serialize_exception)."""
    return {
        "code": 200,
        "message": "Odoo Server Error",
        "data": {
            "name": exception_name(exc),
            "debug": "".join(traceback.format_exception(exc)),
            "message": str(exc),
            "arguments": list(exc.args),
            "context": {},
        },
    }


def create_app(database_url: str, catalog_path: Path, settings: Settings | None = None) -> FastAPI:
    """The sandbox Odoo as an ASGI app; the database is prepared and seeded at startup."""
    settings = settings or Settings.from_env()
    store = Store(database_url)
    dispatcher = Dispatcher(store, settings)
    control = Control()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(store.open)
        await run_in_threadpool(
            seed, store, Path(catalog_path), settings.login, settings.buyer_login
        )
        try:
            yield
        finally:
            await run_in_threadpool(store.close)

    app = FastAPI(title="sandbox Odoo", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.control = control

    async def injected() -> Response | None:
        faults = control.faults()
        if faults["delay_seconds"]:
            await asyncio.sleep(faults["delay_seconds"])
        status = faults["error_status"]
        if status:
            phrase = (
                HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
            )
            body = f"<html><head><title>{status} {phrase}</title></head><body><h1>{status} {phrase}</h1></body></html>"
            return HTMLResponse(body, status_code=status)
        return None

    @app.get("/web/health")
    async def health() -> dict[str, str]:
        return {"status": "pass"}

    @app.post("/jsonrpc")
    async def jsonrpc(request: Request) -> Response:
        try:
            message = json.loads(await request.body())
            params = message.get("params") or {}
            service, method, args = (
                params["service"],
                params["method"],
                list(params.get("args") or []),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return Response("Invalid JSON-RPC request", status_code=400)
        control.count(call_key(service, method, args))
        if (faulted := await injected()) is not None:
            return faulted
        reply: dict[str, Any] = {"jsonrpc": "2.0", "id": message.get("id")}
        try:
            result = await run_in_threadpool(dispatcher.call, service, method, args)
        except Exception as exc:  # noqa: BLE001 - every failure becomes an Odoo error body
            reply["error"] = _json_error(exc)
        else:
            if result is not None:  # Odoo leaves "result" out for None; odoolib reads False
                reply["result"] = result
        return Response(json.dumps(reply, default=str), media_type="application/json")

    async def xmlrpc_call(request: Request, service: str, legacy: bool) -> Response:
        try:
            params, method = xmlrpc.client.loads(await request.body(), use_builtin_types=True)
        except Exception as exc:  # noqa: BLE001 - malformed XML is answered with a Fault
            payload = xmlrpc.client.dumps(_fault(exc, legacy), methodresponse=True)
            return Response(payload, media_type="text/xml")
        control.count(call_key(service, method or "", params))
        if (faulted := await injected()) is not None:
            return faulted
        try:
            result = await run_in_threadpool(dispatcher.call, service, method or "", list(params))
            payload = xmlrpc.client.dumps((result,), methodresponse=True, allow_none=False)
        except Exception as exc:  # noqa: BLE001 - includes "cannot marshal None", after commit
            payload = xmlrpc.client.dumps(_fault(exc, legacy), methodresponse=True)
        return Response(payload, media_type="text/xml")

    @app.post("/xmlrpc/{service}")
    async def xmlrpc_legacy(service: str, request: Request) -> Response:
        return await xmlrpc_call(request, service, legacy=True)

    @app.post("/xmlrpc/2/{service}")
    async def xmlrpc_2(service: str, request: Request) -> Response:
        return await xmlrpc_call(request, service, legacy=False)

    @app.get("/sandbox/stats")
    async def stats() -> dict[str, Any]:
        return control.stats()

    @app.post("/sandbox/stats/reset")
    async def stats_reset() -> dict[str, Any]:
        return control.reset()

    @app.get("/sandbox/faults")
    async def faults_get() -> dict[str, Any]:
        return control.faults()

    @app.post("/sandbox/faults")
    async def faults_set(request: Request) -> dict[str, Any]:
        body = await _json_object(request)
        try:
            delay = float(body.get("delay_seconds") or 0.0)
            status = None if body.get("error_status") is None else int(body["error_status"])
            for_seconds = None if body.get("for_seconds") is None else float(body["for_seconds"])
        except (TypeError, ValueError) as exc:
            raise HTTPException(422, f"invalid faults: {exc}") from exc
        if delay < 0 or (status is not None and not 100 <= status <= 599):
            raise HTTPException(422, "delay_seconds must be >= 0 and error_status an HTTP status")
        control.set_faults(delay, status, for_seconds)
        return control.faults()

    @app.post("/sandbox/receive")
    async def receive_goods(request: Request) -> Response:
        body = await _json_object(request)
        order, lines = body.get("order"), body.get("lines")
        if not isinstance(order, str) or not (body.get("all") is True or isinstance(lines, list)):
            raise HTTPException(
                422, 'expected {"order": name, "lines": [...]} or {"order": name, "all": true}'
            )

        def run() -> dict[str, Any]:
            with store.transaction(write=True) as tx:
                return receive(
                    Env(tx, ADMIN_UID, True), order, None if body.get("all") is True else lines
                )

        try:
            return JSONResponse(await run_in_threadpool(run))
        except LookupError as exc:
            status = 404 if not isinstance(exc, KeyError) else 422
            return JSONResponse({"detail": str(exc).strip("'\"")}, status_code=status)
        except ValueError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=409)

    return app


async def _json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError as exc:
        raise HTTPException(400, "body must be JSON") from exc
    if not isinstance(body, dict):
        raise HTTPException(422, "body must be a JSON object")
    return body
