"""Chatwoot application API client: the only module that knows Chatwoot's REST format.

Posts are retried on 429 and 5xx with backoff (Chatwoot's rate limiter answers 429 with no
Retry-After). Text is sent with Liquid markup neutralised, because Chatwoot renders `{{ }}`
and `{% %}` in every outgoing message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from tenacity import (
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from core import metrics

REPLY_KEY_ATTRIBUTE = "purchase_agent_reply_key"


class ChatwootError(Exception):
    """Chatwoot refused the call or could not be reached after retries."""


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, httpx.TransportError):
        return True
    return isinstance(exc, httpx.HTTPStatusError) and (
        exc.response.status_code == 429 or exc.response.status_code >= 500
    )


def neutralise_liquid(text: str) -> str:
    """Break `{{`/`{%` so Chatwoot's Liquid renderer leaves the text as written."""
    return text.replace("{{", "{\u200b{").replace("{%", "{\u200b%")


@dataclass(frozen=True)
class ConversationState:
    status: str
    assignee_type: str | None

    @property
    def human_in_charge(self) -> bool:
        """Open and assigned to a person: the bot must stay silent."""
        return self.status == "open" and self.assignee_type == "User"


class ChatwootClient:
    def __init__(self, base_url: str, token: str, *, timeout: float = 10.0, attempts: int = 4):
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"api_access_token": token},
            timeout=timeout,
        )
        self._attempts = attempts

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, path: str, json: dict[str, Any] | None = None) -> Any:
        @retry(
            retry=retry_if_exception(_retryable),
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=0.25, max=4),
            reraise=True,
        )
        def send() -> Any:
            with metrics.timed(metrics.CHATWOOT_SECONDS, _endpoint(path)):
                response = self._http.request(method, path, json=json)
            response.raise_for_status()
            return response.json() if response.content else None

        try:
            return send()
        except httpx.HTTPError as exc:
            metrics.CHATWOOT_ERRORS.inc()
            raise ChatwootError(f"{method} {path}: {exc}") from exc

    @staticmethod
    def _conversation(account_id: int, conversation_id: int) -> str:
        return f"/api/v1/accounts/{account_id}/conversations/{conversation_id}"

    def post_message(
        self,
        account_id: int,
        conversation_id: int,
        content: str,
        *,
        private: bool = False,
        reply_key: str | None = None,
    ) -> int:
        """Post a reply (or a private note); returns Chatwoot's message id."""
        body: dict[str, Any] = {
            "content": neutralise_liquid(content),
            "message_type": "outgoing",
            "private": private,
        }
        if reply_key:
            body["content_attributes"] = {REPLY_KEY_ATTRIBUTE: reply_key}
        data = self._request(
            "POST", self._conversation(account_id, conversation_id) + "/messages", body
        )
        return int(data["id"])

    def conversation_state(self, account_id: int, conversation_id: int) -> ConversationState:
        data = self._request("GET", self._conversation(account_id, conversation_id))
        meta = data.get("meta") or {}
        assignee_type = meta.get("assignee_type")
        if assignee_type is None and meta.get("assignee"):
            assignee_type = "User" if meta["assignee"].get("type") == "user" else "AgentBot"
        return ConversationState(status=str(data.get("status")), assignee_type=assignee_type)

    def set_status(self, account_id: int, conversation_id: int, status: str) -> None:
        self._request(
            "POST",
            self._conversation(account_id, conversation_id) + "/toggle_status",
            {"status": status},
        )

    def assign_team(self, account_id: int, conversation_id: int, team_id: int) -> None:
        self._request(
            "POST",
            self._conversation(account_id, conversation_id) + "/assignments",
            {"team_id": team_id},
        )


def _endpoint(path: str) -> str:
    """The metric label of a path: its last word, never an id (one series per endpoint)."""
    last = path.rsplit("/", 1)[-1]
    return "conversation" if last.isdigit() else last
