"""The Postgres checkpointer the LangGraph server attaches (`langgraph.json` → checkpointer).

A conversation can last hundreds of turns; the agent needs only its latest state, so after
each checkpoint the thread's older checkpoints, their pending writes and the blobs no kept
checkpoint refers to are deleted. Checkpoint storage per thread stays bounded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import ChannelVersions, Checkpoint, CheckpointMetadata
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from psycopg import AsyncConnection
from psycopg.rows import DictRow, dict_row
from psycopg_pool import AsyncConnectionPool

from core.db import database_url
from core.settings import get_settings

KEEP_CHECKPOINTS = 3

PRUNE_SQL = [
    """DELETE FROM checkpoints c WHERE c.thread_id = %(t)s AND c.checkpoint_ns = %(ns)s
       AND c.checkpoint_id NOT IN (
           SELECT checkpoint_id FROM checkpoints WHERE thread_id = %(t)s AND checkpoint_ns = %(ns)s
           ORDER BY checkpoint_id DESC LIMIT %(keep)s)""",
    """DELETE FROM checkpoint_writes w WHERE w.thread_id = %(t)s AND w.checkpoint_ns = %(ns)s
       AND NOT EXISTS (SELECT 1 FROM checkpoints c WHERE c.thread_id = w.thread_id
           AND c.checkpoint_ns = w.checkpoint_ns AND c.checkpoint_id = w.checkpoint_id)""",
    """DELETE FROM checkpoint_blobs b WHERE b.thread_id = %(t)s AND b.checkpoint_ns = %(ns)s
       AND NOT EXISTS (SELECT 1 FROM checkpoints c,
           jsonb_each_text(c.checkpoint -> 'channel_versions') AS v(channel, version)
           WHERE c.thread_id = b.thread_id AND c.checkpoint_ns = b.checkpoint_ns
           AND v.channel = b.channel AND v.version = b.version)""",
]


class PruningPostgresSaver(AsyncPostgresSaver):
    """AsyncPostgresSaver that keeps only the latest checkpoints of each thread."""

    async def aput(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        saved = await super().aput(config, checkpoint, metadata, new_versions)
        configurable = saved["configurable"]
        params = {
            "t": configurable["thread_id"],
            "ns": configurable.get("checkpoint_ns", ""),
            "keep": KEEP_CHECKPOINTS,
        }
        async with self._cursor() as cur:
            for statement in PRUNE_SQL:
                await cur.execute(statement, params)
        return saved


@asynccontextmanager
async def postgres_checkpointer() -> AsyncIterator[AsyncPostgresSaver]:
    """A pool, not one shared connection: runs of different threads checkpoint in parallel."""
    async with AsyncConnectionPool[AsyncConnection[DictRow]](
        database_url(get_settings()),
        min_size=2,
        max_size=10,
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
        open=False,
    ) as pool:
        saver = PruningPostgresSaver(conn=pool)
        await saver.setup()
        yield saver
