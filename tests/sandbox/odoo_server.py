"""A sandbox Odoo server for tests: `python -m sandbox.odoo` in a subprocess, on its own
database, reached through odoo-client-lib like a real Odoo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import odoolib
import psycopg
from psycopg.conninfo import make_conninfo

from tests.support.net import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "fixtures" / "catalog.json"


class Sandbox:
    """`python -m sandbox.odoo` in a subprocess, restartable on the same database."""

    def __init__(self, database_url: str, log: Path, catalog: Path = CATALOG) -> None:
        self.database_url = database_url
        self.log = log
        self.catalog = catalog
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.port = free_port()
        args = [sys.executable, "-m", "sandbox.odoo", "--port", str(self.port)]
        args += ["--database-url", self.database_url, "--catalog", str(self.catalog)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_ODOO_")}
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=log)

        def healthy() -> bool:
            assert self.proc is not None and self.proc.poll() is None, self.log.read_text()
            reply = httpx.get(f"{self.url}/web/health", timeout=1)
            return reply.status_code == 200 and reply.json() == {"status": "pass"}

        wait_for(healthy, timeout=60)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None

    def connect(
        self, protocol: str = "jsonrpc", login: str = "admin", password: str = "admin", **kw: Any
    ) -> Any:
        return odoolib.get_connection(
            hostname="127.0.0.1",
            protocol=protocol,
            port=self.port,
            database="sandbox",
            login=login,
            password=password,
            **kw,
        )

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        return httpx.request(method, f"{self.url}/sandbox/{path}", json=body, timeout=5)


@contextmanager
def running(postgres_url: str, workdir: Path, catalog: Path = CATALOG) -> Iterator[Sandbox]:
    """A sandbox on a fresh database of the session's PostgreSQL, stopped on exit."""
    name = f"sandbox_odoo_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    server = Sandbox(make_conninfo(postgres_url, dbname=name), workdir / "server.log", catalog)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def running_company(postgres_url: str, workdir: Path, company: dict[str, Any]) -> Iterator[Sandbox]:
    """`running`, seeded with a company given as a fixture-format dict."""
    path = workdir / "company.json"
    path.write_text(json.dumps(company, ensure_ascii=False), encoding="utf-8")
    with running(postgres_url, workdir, path) as server:
        yield server
