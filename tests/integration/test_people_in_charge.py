"""People in charge: a human agent's reply silences the bot until the conversation is pending
again; repeated misunderstanding hands over; a crashed ingest comes back by itself."""

from __future__ import annotations

import logging
import os
import signal

import httpx
import pytest

from commands.run import Stack
from tests.support.clients import ChatwootContact, wait_idle
from tests.support.net import wait_for

AGENT = {"api_access_token": "sandbox-agent-token"}


def test_human_reply_silences_the_bot_until_pending_again(
    stack: Stack, requester: ChatwootContact
) -> None:
    said = requester.say("hola")
    requester.wait_reply(said)
    base = f"/api/v1/accounts/{said.account_id}/conversations/{said.conversation_id}"
    human = requester.http.post(
        base + "/messages", json={"content": "Hola, soy Ana de compras"}, headers=AGENT
    )
    human.raise_for_status()
    requester.http.post(
        base + "/toggle_status", json={"status": "open"}, headers=AGENT
    ).raise_for_status()
    quiet = requester.say("necesito 10 kilos de sal de mar")
    wait_idle(stack, quiet)
    assert [m for m in requester.replies(quiet) if m["sender"]["type"] != "user"] == []
    requester.http.post(
        base + "/toggle_status", json={"status": "pending"}, headers=AGENT
    ).raise_for_status()
    back = requester.say("sigues ahí? necesito 10 kilos de sal de mar")
    [reply] = requester.wait_reply(back)
    assert "P0" in reply


def test_repeated_misunderstanding_hands_over(requester: ChatwootContact) -> None:
    first = requester.ask("cual es la clave del wifi?")
    assert "Puedo crear" in first
    second = requester.ask("y a que hora cierra el casino?")
    assert "persona" in second


def test_killed_ingest_is_restarted_and_work_goes_on(
    stack: Stack, requester: ChatwootContact, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="purchase_agent.run")
    old = stack.process("ingest")
    os.killpg(old.pid, signal.SIGKILL)
    wait_for(lambda: stack.process("ingest").pid != old.pid, timeout=30)
    health = stack.service("ingest").health_url
    wait_for(lambda: httpx.get(health).status_code == 200, timeout=30)
    assert any("ingest exited" in r.getMessage() for r in caplog.records)
    assert "P0" in requester.ask("necesito 10 kilos de miel de abeja")
