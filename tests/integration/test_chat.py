"""The newcomer's way in: `purchase-agent chat` against a running stack."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import psycopg

from commands.run import Stack
from records import requesters
from tests.support.clients import new_phone


def chat(stack: Stack, who: str, lines: list[str]) -> str:
    env = os.environ | {
        "PURCHASE_AGENT_DATA_DIR": str(stack.settings.data_dir),
        "DATABASE_URL": stack.database_url,
    }
    return subprocess.run(
        [sys.executable, "-m", "commands.main", "chat", "--as", who],
        input="\n".join(lines) + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout


def test_chat_carries_an_order_over_the_threshold_through_approval(
    stack: Stack, db: psycopg.Connection
) -> None:
    phone = new_phone()
    requesters.add(db, name="Camila Chat", phone=phone, email=None, may_confirm=True)
    out = chat(
        stack,
        phone,
        [
            "necesito 500 kilos de aceite de coco",
            "sí, confirma",
            "/approve",
            "en que estado estan mis pedidos?",
        ],
    )
    name = re.findall(r"P\d{5}", out)[0]
    assert "Creé la " + name in out
    assert "aprobación" in out and "note> Approval needed: " + name in out
    assert "Gerencia (sandbox) aprobó la " + name in out  # the sandbox's known approver
    assert out.count("note> Approval needed") == 1
    assert re.search(name + r" con Distribuidora Tropical SpA: confirmada", out)
