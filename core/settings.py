"""Deployment settings: the only reader of the environment (and `.env`).

Every process of the stack (supervisor, ingest, graph, CLI) reads the same variables, so a
subcommand run beside `make run` finds the same database and services. A part left
unconfigured (no DATABASE_URL, ODOO_URL, CHATWOOT_URL or OPENAI_API_KEY) is replaced by its
embedded default: pgserver, the sandbox Odoo, the sandbox Chatwoot, the offline model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
SANDBOX_WEBHOOK_SECRET = "sandbox-secret"
SANDBOX_CHATWOOT_TOKEN = "sandbox-token"
SANDBOX_CHATWOOT_URL = "http://127.0.0.1:3000"
SANDBOX_ODOO_URL = "http://127.0.0.1:8069"
DEFAULT_APPROVAL_THRESHOLD = 2000.0
SANDBOX_APPROVER_EMAIL = "approver@sandbox.example"

# What an API token may do (`graphs/auth.py` enforces it): run Chatwoot conversations (the
# ingest), act for a requester on the caller's own threads, decide approvals, read any thread.
SCOPES = frozenset({"conversations", "requests", "approvals", "read"})
TOKEN_FORMAT = "name:token:scope+scope"


class ConfigError(RuntimeError):
    """A setting that cannot be used as given; the message is one line naming it."""


@dataclass(frozen=True)
class Caller:
    """Who holds an API token, and what it may do."""

    name: str
    scopes: frozenset[str]


class Settings(BaseSettings):
    """All knobs of a deployment; names match `.env.example`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path(".data"), alias="PURCHASE_AGENT_DATA_DIR")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")

    langgraph_host: str = Field(default="127.0.0.1", alias="LANGGRAPH_HOST")
    langgraph_port: int = Field(default=2024, alias="LANGGRAPH_PORT")
    langgraph_url: str | None = Field(default=None, alias="LANGGRAPH_URL")
    langgraph_jobs: int = Field(default=4, alias="LANGGRAPH_JOBS_PER_WORKER")
    assistant_id: str = Field(default="purchase_agent", alias="PURCHASE_AGENT_ASSISTANT")
    ingest_langgraph_token: str | None = Field(default=None, alias="INGEST_LANGGRAPH_TOKEN")
    api_tokens: str | None = Field(default=None, alias="PURCHASE_AGENT_API_TOKENS")

    ingest_host: str = Field(default="127.0.0.1", alias="INGEST_HOST")
    ingest_port: int = Field(default=8000, alias="INGEST_PORT")
    webhook_max_bytes: int = Field(default=256 * 1024, alias="WEBHOOK_MAX_BYTES")
    burst_quiet_seconds: float = Field(default=2.0, alias="BURST_QUIET_SECONDS")
    burst_max_seconds: float = Field(default=10.0, alias="BURST_MAX_SECONDS")
    outbox_retention_days: float = Field(default=30.0, gt=0, alias="OUTBOX_RETENTION_DAYS")

    chatwoot_url: str | None = Field(default=None, alias="CHATWOOT_URL")
    chatwoot_api_token: str | None = Field(default=None, alias="CHATWOOT_API_TOKEN")
    chatwoot_webhook_secret: str | None = Field(default=None, alias="CHATWOOT_WEBHOOK_SECRET")
    chatwoot_webhook_token: str | None = Field(default=None, alias="CHATWOOT_WEBHOOK_TOKEN")
    sandbox_chatwoot_port: int = Field(default=3000, alias="SANDBOX_CHATWOOT_PORT")

    odoo_url: str | None = Field(default=None, alias="ODOO_URL")
    odoo_db: str = Field(default="sandbox", alias="ODOO_DB")
    odoo_login: str = Field(default="admin", alias="ODOO_LOGIN")
    odoo_password: str = Field(default="admin", alias="ODOO_PASSWORD")
    odoo_protocol: str = Field(default="jsonrpc", alias="ODOO_PROTOCOL")
    odoo_timeout: float = Field(default=15.0, alias="ODOO_TIMEOUT")
    sandbox_odoo_port: int = Field(default=8069, alias="SANDBOX_ODOO_PORT")

    slack_webhook_url: str | None = Field(default=None, alias="SLACK_WEBHOOK_URL")
    approval_secret: str | None = Field(default=None, alias="APPROVAL_SECRET")
    approval_threshold: float = Field(
        default=DEFAULT_APPROVAL_THRESHOLD, ge=0, alias="APPROVAL_THRESHOLD"
    )
    approval_link_ttl_hours: float = Field(default=72.0, gt=0, alias="APPROVAL_LINK_TTL_HOURS")
    public_ingest_url: str | None = Field(default=None, alias="PUBLIC_INGEST_URL")
    handoff_team_id: int | None = Field(default=None, alias="CHATWOOT_HANDOFF_TEAM_ID")
    handoff_after_misunderstandings: int = Field(default=2, alias="HANDOFF_AFTER_MISUNDERSTANDINGS")

    openai_api_key: str | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    model: str | None = Field(default=None, alias="PURCHASE_AGENT_MODEL")
    llm_timeout: float = Field(default=20.0, alias="PURCHASE_AGENT_LLM_TIMEOUT")
    sandbox_catalog: Path = Field(
        default=REPO_ROOT / "fixtures" / "catalog.json", alias="SANDBOX_CATALOG"
    )
    catalog_sync_seconds: float = Field(default=300.0, gt=0, alias="CATALOG_SYNC_SECONDS")
    catalog_languages: str = Field(default="es_ES,en_US", alias="CATALOG_LANGUAGES")
    prometheus_multiproc_dir: str | None = Field(default=None, alias="PROMETHEUS_MULTIPROC_DIR")
    langsmith_tracing: str = Field(default="false", alias="LANGSMITH_TRACING")

    @property
    def sandboxed_odoo(self) -> bool:
        return not self.odoo_url

    @property
    def sandboxed_chatwoot(self) -> bool:
        return not self.chatwoot_url

    @property
    def embedded_postgres(self) -> bool:
        return not self.database_url

    @property
    def pg_dir(self) -> Path:
        return self.data_dir.resolve() / "pg"

    @property
    def chatwoot_base_url(self) -> str:
        return self.chatwoot_url or SANDBOX_CHATWOOT_URL

    @property
    def odoo_base_url(self) -> str:
        return self.odoo_url or SANDBOX_ODOO_URL

    @property
    def langgraph_base_url(self) -> str:
        return self.langgraph_url or f"http://{self.langgraph_host}:{self.langgraph_port}"

    @property
    def languages(self) -> list[str]:
        """Odoo's language codes the catalogue is read in, the company's own first."""
        return [code.strip() for code in self.catalog_languages.split(",") if code.strip()]

    def webhook_secret(self) -> str | None:
        """The sandbox signs with a known secret; a real Chatwoot's comes from the env."""
        if self.chatwoot_webhook_secret:
            return self.chatwoot_webhook_secret
        return SANDBOX_WEBHOOK_SECRET if self.sandboxed_chatwoot else None

    def chatwoot_token(self) -> str:
        return self.chatwoot_api_token or SANDBOX_CHATWOOT_TOKEN

    @property
    def sandboxed(self) -> bool:
        """Both outside systems are the sandboxes: nothing real can be ordered or told."""
        return self.sandboxed_odoo and self.sandboxed_chatwoot

    def callers(self) -> dict[str, Caller]:
        """API token -> caller, from PURCHASE_AGENT_API_TOKENS (`name:token:scope+scope,...`).

        A bare `name:token` means every scope, and only in sandbox mode: a production token
        says what it may do. Raises ConfigError naming the entry (never its token)."""
        found: dict[str, Caller] = {}
        for index, entry in enumerate((self.api_tokens or "").split(","), start=1):
            if entry.strip():
                token, caller = _caller(entry.strip(), index, self.sandboxed)
                if token in found:
                    raise ConfigError(
                        f"PURCHASE_AGENT_API_TOKENS entry {index} ({caller.name!r}) repeats"
                        f" the token of {found[token].name!r}: each caller needs its own token"
                    )
                found[token] = caller
        return found


def _caller(entry: str, index: int, sandboxed: bool) -> tuple[str, Caller]:
    """One `name:token:scope+scope` entry, checked."""
    parts = [part.strip() for part in entry.split(":")]
    name = parts[0] if len(parts) > 1 else "?"
    where = f"PURCHASE_AGENT_API_TOKENS entry {index} ({name!r})"
    expected = f"expected {TOKEN_FORMAT} with scopes from {', '.join(sorted(SCOPES))}"
    if len(parts) not in (2, 3) or not all(parts):
        raise ConfigError(f"{where} is malformed: {expected}")
    if len(parts) == 2:
        if not sandboxed:
            raise ConfigError(
                f"{where} has no scopes, allowed only when Odoo and Chatwoot are both"
                f" sandboxes: {expected}"
            )
        return parts[1], Caller(name, SCOPES)
    scopes = frozenset(scope.strip() for scope in parts[2].split("+"))
    unknown = sorted(scopes - SCOPES)
    if unknown:
        raise ConfigError(f"{where} has unknown scope {', '.join(map(repr, unknown))}: {expected}")
    return parts[1], Caller(name, scopes)


def odoo_endpoint(url: str) -> tuple[str, int, bool]:
    """(host, port, tls) from an ODOO_URL such as `https://erp.example.com`."""
    parts = urlsplit(url)
    tls = parts.scheme == "https"
    return parts.hostname or "127.0.0.1", parts.port or (443 if tls else 80), tls


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
