"""A local OpenAI-compatible server for tests: answers chat completions with a forced tool
call (the structured-output shape the LLM model asks for) and records every request.

In "recorded" mode it replays answers recorded per message: the arguments of the tool call
for the user message's text, as a real model gave (or would give) them."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.support.net import free_port, wait_for

SLOW_SECONDS = 3.0


@dataclass
class FakeOpenAI:
    """What the fake server answers next, and every request body it received."""

    mode: str = "good"  # good | recorded | no_tool_call | bad_json | bad_intent | error | slow
    arguments: dict[str, Any] = field(default_factory=dict)
    recorded: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""


def _completion(model: str, message: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def fake_openai_app(state: FakeOpenAI) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> JSONResponse:
        body = await request.json()
        state.requests.append(body)
        if state.mode == "error":
            return JSONResponse({"error": {"message": "boom", "type": "server_error"}}, 500)
        if state.mode == "slow":
            loop = asyncio.get_running_loop()
            deadline = loop.time() + SLOW_SECONDS
            while loop.time() < deadline and not await request.is_disconnected():
                await asyncio.sleep(0.05)
        if state.mode == "no_tool_call":
            text = {"role": "assistant", "content": "Parece una compra de harina."}
            return JSONResponse(_completion(body["model"], text))
        arguments = json.dumps(state.arguments)
        if state.mode == "recorded":
            (user,) = [m["content"] for m in body["messages"] if m["role"] == "user"]
            if user not in state.recorded:
                return JSONResponse({"error": {"message": "nothing recorded"}}, 404)
            arguments = json.dumps(state.recorded[user])
        if state.mode == "bad_json":
            arguments = arguments[:-3]
        elif state.mode == "bad_intent":
            arguments = json.dumps({**state.arguments, "intent": "buy_stuff"})
        call = {
            "id": "call_1",
            "type": "function",
            "function": {"name": "Understanding", "arguments": arguments},
        }
        message: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [call]}
        return JSONResponse(_completion(body["model"], message))

    return app


@contextmanager
def serve_fake_openai() -> Iterator[tuple[FakeOpenAI, str]]:
    """Run the fake on a free loopback port; yields its state and its `/v1` base URL."""
    state = FakeOpenAI()
    port = free_port()
    config = uvicorn.Config(
        fake_openai_app(state), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, timeout=10)
    try:
        yield state, f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
