"""The Postgres checkpointer the LangGraph server attaches (`langgraph.json` → checkpointer)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

from purchase_agent.db import database_url
from purchase_agent.settings import get_settings


@asynccontextmanager
async def postgres_checkpointer() -> AsyncIterator[AsyncPostgresSaver]:
    async with AsyncPostgresSaver.from_conn_string(database_url(get_settings())) as saver:
        await saver.setup()
        yield saver
