"""Request dependencies shared by the ingest's routes (set up in the app's lifespan).

They are `async` so FastAPI does not hand each one to a worker thread on every request.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from langgraph_sdk.client import LangGraphClient
from psycopg_pool import AsyncConnectionPool

from core.settings import Settings


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _pool(request: Request) -> AsyncConnectionPool:
    pool: AsyncConnectionPool = request.app.state.pool
    return pool


async def _langgraph(request: Request) -> LangGraphClient:
    client: LangGraphClient = request.app.state.langgraph
    return client


SettingsDep = Annotated[Settings, Depends(_settings)]
PoolDep = Annotated[AsyncConnectionPool, Depends(_pool)]
LangGraphDep = Annotated[LangGraphClient, Depends(_langgraph)]
