"""`purchase-agent run`: the whole stack in the foreground, supervised.

Starts PostgreSQL (embedded pgserver unless DATABASE_URL is set), the sandbox Odoo and
Chatwoot unless real ones are configured, the LangGraph API server (`langgraph dev`) and the
ingest; restarts any of them that dies; stops everything on Ctrl-C.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from commands.services import Service, langgraph_config, pick_port, python_module
from core import db, logs
from core.settings import (
    SANDBOX_APPROVER_EMAIL,
    SANDBOX_CHATWOOT_TOKEN,
    SANDBOX_WEBHOOK_SECRET,
    Caller,
    ConfigError,
    Settings,
)
from records import aliases, approvals, catalog, requesters

log = logging.getLogger("purchase_agent.run")
LOOPBACK = "127.0.0.1"


@dataclass
class Stack:
    settings: Settings
    services: list[Service] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    database_url: str = ""
    _procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _stopping: threading.Event = field(default_factory=threading.Event)
    extra_env: dict[str, str] = field(default_factory=dict)
    _paused: set[str] = field(default_factory=set)
    _pg: Any = None
    extra_graphs: dict[str, str] = field(default_factory=dict)

    # -- planning ------------------------------------------------------------------------------
    def _port(self, name: str, wanted: int) -> int:
        port = pick_port(LOOPBACK, wanted)
        if wanted and port != wanted:
            self.notes.append(f"{name}: port {wanted} is taken, using {port} instead")
        return port

    def plan(self) -> None:
        s = self.settings
        callers = s.callers()  # a token line that cannot be used stops everything here
        data_dir = s.data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        env = settings_env(s)
        env.update(
            PURCHASE_AGENT_DATA_DIR=str(data_dir),
            LANGGRAPH_CLI_NO_ANALYTICS="1",
            LANGGRAPH_NO_VERSION_CHECK="true",
            LANGSMITH_TRACING=s.langsmith_tracing,
            PYTHONUNBUFFERED="1",
            PURCHASE_AGENT_MODEL=s.model or ("" if s.openai_api_key else "offline"),
        )
        lg_port = self._port("LangGraph API", s.langgraph_port)
        ingest_port = self._port("ingest", s.ingest_port)
        lg_url = s.langgraph_url or f"http://{LOOPBACK}:{lg_port}"
        ingest_url = f"http://{LOOPBACK}:{ingest_port}"
        env.setdefault("PUBLIC_INGEST_URL", ingest_url)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(_fresh_dir(data_dir / "metrics"))
        env.setdefault("APPROVAL_SECRET", _local_secret(data_dir / "approval-secret"))
        if callers:
            env["PURCHASE_AGENT_API_TOKENS"] = scoped_tokens(callers)
        if callers and not s.ingest_langgraph_token:
            env["INGEST_LANGGRAPH_TOKEN"] = ingest_token(callers)
        env.update(
            LANGGRAPH_URL=lg_url,
            LANGGRAPH_PORT=str(lg_port),
            INGEST_PORT=str(ingest_port),
            DATABASE_URL=self.database_url,
        )
        if s.sandboxed_odoo:
            port = self._port("sandbox Odoo", s.sandbox_odoo_port)
            url = f"http://{LOOPBACK}:{port}"
            env.update(ODOO_URL=url, SANDBOX_ODOO_PORT=str(port))
            self.services.append(
                Service(
                    name="sandbox Odoo",
                    argv=python_module(
                        "sandbox.odoo",
                        *("--host", LOOPBACK, "--port", str(port)),
                        *("--database-url", self.database_url, "--catalog", str(s.sandbox_catalog)),
                    ),
                    health_url=f"{url}/web/health",
                    url=url,
                )
            )
        if s.sandboxed_chatwoot:
            port = self._port("sandbox Chatwoot", s.sandbox_chatwoot_port)
            url = f"http://{LOOPBACK}:{port}"
            env.update(
                CHATWOOT_URL=url,
                SANDBOX_CHATWOOT_PORT=str(port),
                CHATWOOT_API_TOKEN=s.chatwoot_api_token or SANDBOX_CHATWOOT_TOKEN,
                CHATWOOT_WEBHOOK_SECRET=s.chatwoot_webhook_secret or SANDBOX_WEBHOOK_SECRET,
            )
            self.services.append(
                Service(
                    name="sandbox Chatwoot",
                    argv=python_module(
                        "sandbox.chatwoot",
                        *("--host", LOOPBACK, "--port", str(port)),
                        *("--database-url", self.database_url),
                        *("--webhook-url", f"{ingest_url}/webhooks/chatwoot"),
                        *("--webhook-secret", env["CHATWOOT_WEBHOOK_SECRET"]),
                        *("--api-token", env["CHATWOOT_API_TOKEN"]),
                    ),
                    health_url=f"{url}/api",
                    url=url,
                )
            )
        if not s.langgraph_url:
            runtime_dir = data_dir / "langgraph"
            config = langgraph_config(runtime_dir, self.extra_graphs)
            self.services.append(
                Service(
                    name="LangGraph API",
                    argv=[
                        str(Path(sys.executable).with_name("langgraph")),
                        *("dev", "--no-browser", "--no-reload", "--config", str(config)),
                        *("--host", LOOPBACK, "--port", str(lg_port)),
                        *("--n-jobs-per-worker", str(max(2, s.langgraph_jobs))),
                    ],
                    health_url=f"{lg_url}/ok",
                    url=lg_url,
                    cwd=runtime_dir,
                )
            )
        self.services.append(
            Service(
                name="ingest",
                argv=python_module("ingest"),
                health_url=f"{ingest_url}/healthz",
                url=f"{ingest_url}/webhooks/chatwoot",
            )
        )
        self.env = env

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self, timeout: float = 90.0) -> None:
        s = self.settings
        s.callers()  # fail fast, before PostgreSQL starts, on a token line that cannot be used
        if s.embedded_postgres:
            self._pg = db.start_embedded(s)
        self.database_url = db.database_url(s)
        db.migrate(self.database_url)
        if s.sandboxed_odoo:
            with db.connect(self.database_url, autocommit=True) as conn:
                requesters.seed_from_catalog(conn, s.sandbox_catalog)
                if not approvals.list_approvers(conn):
                    approvals.add_approver(
                        conn,
                        name="Gerencia (sandbox)",
                        phone=None,
                        email=SANDBOX_APPROVER_EMAIL,
                        limit=None,
                    )
        self.plan()
        for service in self.services:
            self._spawn(service)
        for service in self.services:
            self._wait_healthy(service, timeout)
        if s.sandboxed_odoo:
            self._seed_aliases(timeout)
        (self.settings.data_dir.resolve() / "stack.json").write_text(json.dumps(self.env))

    def _seed_aliases(self, timeout: float) -> None:
        """The sandbox company's aliases, once the ingest's first sync has its products."""
        deadline = time.monotonic() + timeout
        with db.connect(self.database_url, autocommit=True) as conn:
            while not catalog.stats(conn)["products"]:
                if time.monotonic() > deadline:
                    raise RuntimeError("the first catalogue sync did not finish in time")
                time.sleep(0.2)
            aliases.seed_from_catalog(conn, self.settings.sandbox_catalog)

    def _spawn(self, service: Service) -> None:
        env = {**os.environ, **self.env, **self.extra_env, **service.env}
        log_dir = self.settings.data_dir.resolve() / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        out = open(log_dir / f"{service.name.replace(' ', '-').lower()}.log", "ab")  # noqa: SIM115
        self._procs[service.name] = subprocess.Popen(
            service.argv,
            cwd=service.cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()

    def _wait_healthy(self, service: Service, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self._procs[service.name]
            if proc.poll() is not None:
                raise RuntimeError(
                    f"{service.name} exited with code {proc.returncode}; see {self.log_path(service)}"
                )
            try:
                if httpx.get(service.health_url, timeout=1.0).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(
            f"{service.name} not ready after {timeout:.0f}s; see {self.log_path(service)}"
        )

    def log_path(self, service: Service) -> Path:
        name = service.name.replace(" ", "-").lower()
        return self.settings.data_dir.resolve() / "logs" / f"{name}.log"

    def supervise(self, poll: float = 0.5) -> None:
        """Restart whatever dies until `stop()`; the outbox delivers what waited meanwhile."""
        while not self._stopping.wait(poll):
            for service in self.services:
                proc = self._procs.get(service.name)
                if (
                    proc is not None
                    and proc.poll() is not None
                    and service.name not in self._paused
                    and not self._stopping.is_set()
                ):
                    log.warning("%s exited with code %s; restarting", service.name, proc.returncode)
                    self._spawn(service)
                    try:
                        self._wait_healthy(service, 60.0)
                        log.warning("%s is back", service.name)
                    except RuntimeError as exc:
                        log.error("%s", exc)

    def request_stop(self) -> None:
        self._stopping.set()

    def pause(self, name: str) -> None:
        """Stop a service and keep it stopped (tests: an outside system is down)."""
        self._paused.add(name)
        proc = self._procs[name]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def resume(self, name: str) -> None:
        service = self.service(name)
        self._spawn(service)
        self._paused.discard(name)
        self._wait_healthy(service, 60.0)

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)

    def process(self, name: str) -> subprocess.Popen[bytes]:
        return self._procs[name]

    def stop(self) -> None:
        self._stopping.set()
        for proc in self._procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in self._procs.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if self._pg is not None:
            self._pg.cleanup()
            self._pg = None

    def banner(self) -> str:
        s = self.settings
        sandboxed = [
            name
            for name, on in (
                ("PostgreSQL (pgserver)", s.embedded_postgres),
                ("Odoo", s.sandboxed_odoo),
                ("Chatwoot", s.sandboxed_chatwoot),
                ("language model (offline)", self.env.get("PURCHASE_AGENT_MODEL") == "offline"),
            )
            if on
        ]
        lines = ["purchase-agent is running"]
        lines += [f"  {svc.name:<17} {svc.url}" for svc in self.services]
        lines.append(f"  {'data':<17} {s.data_dir.resolve()} (logs in logs/)")
        lines.append(f"  sandboxed: {', '.join(sandboxed) or 'nothing'}")
        lines += [f"  note: {note}" for note in self.notes]
        if s.sandboxed_chatwoot:
            who = _first_requester(s.sandbox_catalog) or "PHONE_OR_EMAIL"
            lines.append(f"  try it:  purchase-agent chat --as {who}   (Ctrl-C stops all)")
        return "\n".join(lines)


def scoped_tokens(callers: dict[str, Caller]) -> str:
    """The token line with every caller's scopes spelled out, for the child processes: they
    see the sandboxes' URLs as ODOO_URL and CHATWOOT_URL, so they could not tell that a bare
    entry is allowed here."""
    return ",".join(
        f"{caller.name}:{token}:{'+'.join(sorted(caller.scopes))}"
        for token, caller in callers.items()
    )


def ingest_token(callers: dict[str, Caller]) -> str:
    """The token the ingest sends when INGEST_LANGGRAPH_TOKEN is unset: the first caller that
    may run conversations (without one the ingest could not hand anything over)."""
    for token, caller in callers.items():
        if "conversations" in caller.scopes:
            return token
    raise ConfigError(
        "PURCHASE_AGENT_API_TOKENS has no caller with the conversations scope for the ingest:"
        " add one (ingest:token:conversations+approvals) or set INGEST_LANGGRAPH_TOKEN"
    )


def _first_requester(catalog: Path) -> str | None:
    """Who to chat as in the sandbox: the seeded company's first requester."""
    try:
        people = json.loads(catalog.read_text(encoding="utf-8")).get("requesters") or []
    except (OSError, ValueError):
        return None
    first = people[0] if people else {}
    return first.get("phone") or first.get("email")


def _fresh_dir(path: Path) -> Path:
    """An empty directory (metrics files of a previous run would be summed in otherwise)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _local_secret(path: Path) -> str:
    """A per-installation secret for approval links, made once and kept in the data dir."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings as environment variables, so every child process sees the same ones."""
    values = settings.model_dump(by_alias=True, exclude_none=True)
    return {key: str(value) for key, value in values.items() if not isinstance(value, bool)}


def run(settings: Settings) -> int:
    logs.setup("supervisor")
    stack = Stack(settings)
    signal.signal(signal.SIGTERM, lambda *_: stack.request_stop())
    try:
        stack.start()
        print(stack.banner(), flush=True)  # noqa: T201
        stack.supervise()
    except KeyboardInterrupt:
        pass
    except RuntimeError as exc:
        log.error("%s", exc)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the stop short
        print("stopping...", flush=True)  # noqa: T201
        stack.stop()
    return 0
