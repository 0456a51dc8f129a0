"""Errors answered with Chatwoot's own status codes and JSON bodies (contract §3.2)."""

from __future__ import annotations

from typing import Any

NOT_FOUND = {"error": "Resource could not be found"}
INVALID_TOKEN = {"error": "Invalid Access Token"}
NO_TOKEN = {"errors": ["You need to sign in or sign up before continuing."]}
BOT_FORBIDDEN = {"error": "Access to this endpoint is not authorized for bots"}
USER_WRONG_ACCOUNT = {"error": "You are not authorized to access this account"}
BOT_WRONG_ACCOUNT = {"error": "Bot is not authorized to access this account"}


class ApiError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status, body)
        self.status = status
        self.body = body


def unprocessable(message: str) -> ApiError:
    return ApiError(422, {"error": message})
