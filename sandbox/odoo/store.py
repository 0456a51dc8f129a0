"""PostgreSQL storage: one generic `record(model, id, data jsonb)` table in schema sandbox_odoo.

Every RPC call is one transaction. Calls that may write take one transaction-scoped advisory
lock first, so writers run one at a time (across processes too) and read-modify-write of
JSON documents cannot lose updates; readers use a REPEATABLE READ snapshot and never wait.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

SCHEMA = "sandbox_odoo"
_WRITE_LOCK = 0x0D00_5A4D  # pg_advisory_xact_lock key shared by all writers

_DDL = (
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
    f"""CREATE TABLE IF NOT EXISTS {SCHEMA}.record (
        model text NOT NULL, id integer NOT NULL, data jsonb NOT NULL,
        PRIMARY KEY (model, id))""",
    f"CREATE TABLE IF NOT EXISTS {SCHEMA}.id_seq (model text PRIMARY KEY, last_id integer NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {SCHEMA}.meta (key text PRIMARY KEY, value jsonb NOT NULL)",
    f"CREATE SEQUENCE IF NOT EXISTS {SCHEMA}.purchase_order_name",
)

Record = dict[str, Any]
PREFETCH_AFTER = 32  # single-record misses of one model before get_many loads it all


class Tx:
    """One transaction's view of the records, with a per-call cache (write-through)."""

    def __init__(self, cur: psycopg.Cursor[Any]) -> None:
        self.cur = cur
        self._rows: dict[str, dict[int, Record]] = {}
        self._full: set[str] = set()
        self._misses: dict[str, int] = {}

    def _cache(self, model: str) -> dict[int, Record]:
        return self._rows.setdefault(model, {})

    def _keep(self, model: str, rows: list[tuple[int, dict[str, Any]]]) -> list[Record]:
        cache = self._cache(model)
        out = []
        for rid, data in rows:
            rec = cache.get(rid)
            if rec is None:
                rec = cache[rid] = {**data, "id": rid}
            out.append(rec)
        return out

    def all(self, model: str) -> dict[int, Record]:
        """Every record of a model, keyed by id."""
        if model not in self._full:
            self.cur.execute(f"SELECT id, data FROM {SCHEMA}.record WHERE model = %s", (model,))
            self._keep(model, self.cur.fetchall())
            self._full.add(model)
        return self._cache(model)

    def get_many(self, model: str, ids: list[int]) -> dict[int, Record]:
        """The records among `ids` that exist. A call that keeps missing one model's records
        one by one (related fields over a long read) loads the whole model instead."""
        cache = self._cache(model)
        missing = [i for i in ids if i not in cache]
        if missing and model not in self._full:
            self._misses[model] = self._misses.get(model, 0) + 1
        if missing and self._misses.get(model, 0) > PREFETCH_AFTER:
            self.all(model)
        elif missing and model not in self._full:
            self.cur.execute(
                f"SELECT id, data FROM {SCHEMA}.record WHERE model = %s AND id = ANY(%s)",
                (model, missing),
            )
            self._keep(model, self.cur.fetchall())
        return {i: cache[i] for i in ids if i in cache}

    def get(self, model: str, rid: int) -> Record | None:
        return self.get_many(model, [rid]).get(rid)

    def where(self, model: str, field: str, ids: list[int]) -> list[Record]:
        """Records whose many2one `field` points at one of `ids` (one2many reads)."""
        if model in self._full:
            wanted = set(ids)
            return [r for r in self._cache(model).values() if r.get(field) in wanted]
        self.cur.execute(
            f"SELECT id, data FROM {SCHEMA}.record "
            f"WHERE model = %s AND jsonb_typeof(data -> %s::text) = 'number' "
            f"AND (data ->> %s::text)::int = ANY(%s)",
            (model, field, field, ids),
        )
        return self._keep(model, self.cur.fetchall())

    def insert(self, model: str, data: Record) -> Record:
        self.cur.execute(
            f"""INSERT INTO {SCHEMA}.id_seq AS s (model, last_id) VALUES (%s, 1)
                ON CONFLICT (model) DO UPDATE SET last_id = s.last_id + 1 RETURNING last_id""",
            (model,),
        )
        row = self.cur.fetchone()
        assert row is not None
        rid = int(row[0])
        rec = {**data, "id": rid}
        self.cur.execute(
            f"INSERT INTO {SCHEMA}.record (model, id, data) VALUES (%s, %s, %s)",
            (model, rid, Jsonb(_payload(rec))),
        )
        self._cache(model)[rid] = rec
        return rec

    def insert_many(self, model: str, rows: list[Record]) -> list[Record]:
        """Insert many records with one id allocation and one COPY (the seed's bulk path)."""
        if not rows:
            return []
        self.cur.execute(
            f"""INSERT INTO {SCHEMA}.id_seq AS s (model, last_id) VALUES (%s, %s)
                ON CONFLICT (model) DO UPDATE SET last_id = s.last_id + EXCLUDED.last_id
                RETURNING last_id""",
            (model, len(rows)),
        )
        row = self.cur.fetchone()
        assert row is not None
        first = int(row[0]) - len(rows) + 1
        cache = self._cache(model)
        out = []
        with self.cur.copy(f"COPY {SCHEMA}.record (model, id, data) FROM STDIN") as copy:
            for rid, data in enumerate(rows, start=first):
                rec = cache[rid] = {**data, "id": rid}
                copy.write_row((model, rid, json.dumps(_payload(rec), ensure_ascii=False)))
                out.append(rec)
        return out

    def update(self, model: str, rec: Record) -> None:
        """Persist a cached record after it was changed in place."""
        self.cur.execute(
            f"UPDATE {SCHEMA}.record SET data = %s WHERE model = %s AND id = %s",
            (Jsonb(_payload(rec)), model, rec["id"]),
        )

    def delete(self, model: str, rid: int) -> None:
        self.cur.execute(f"DELETE FROM {SCHEMA}.record WHERE model = %s AND id = %s", (model, rid))
        self._cache(model).pop(rid, None)

    def skip_ids(self, model: str, last_id: int) -> None:
        """Start a model's ids after `last_id` (so that, e.g., variant ids differ from template ids)."""
        self.cur.execute(
            f"""INSERT INTO {SCHEMA}.id_seq (model, last_id) VALUES (%s, %s)
                ON CONFLICT (model) DO UPDATE SET last_id = GREATEST({SCHEMA}.id_seq.last_id, %s)""",
            (model, last_id, last_id),
        )

    def next_po_number(self) -> int:
        """Like Odoo's standard sequences: non-transactional, so numbers may have gaps."""
        self.cur.execute(f"SELECT nextval('{SCHEMA}.purchase_order_name')")
        row = self.cur.fetchone()
        assert row is not None
        return int(row[0])

    def meta(self, key: str) -> Any:
        self.cur.execute(f"SELECT value FROM {SCHEMA}.meta WHERE key = %s", (key,))
        row = self.cur.fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: Any) -> None:
        self.cur.execute(
            f"""INSERT INTO {SCHEMA}.meta (key, value) VALUES (%s, %s)
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""",
            (key, Jsonb(value)),
        )


def _payload(rec: Record) -> Record:
    return {k: v for k, v in rec.items() if k != "id"}


class Store:
    """A connection pool plus the transaction discipline described in the module docstring."""

    def __init__(self, conninfo: str, max_size: int = 10) -> None:
        self.pool = ConnectionPool(conninfo, min_size=1, max_size=max_size, open=False)

    def open(self) -> None:
        self.pool.open(wait=True, timeout=30)
        with self.transaction(write=True) as tx:  # the lock also serialises concurrent DDL
            for statement in _DDL:
                tx.cur.execute(statement)

    def close(self) -> None:
        self.pool.close()

    @contextmanager
    def transaction(self, write: bool) -> Iterator[Tx]:
        """Commit on success, roll back on any exception."""
        with self.pool.connection() as conn:
            conn.isolation_level = (
                psycopg.IsolationLevel.READ_COMMITTED
                if write
                else psycopg.IsolationLevel.REPEATABLE_READ
            )
            conn.read_only = not write
            with conn.transaction(), conn.cursor() as cur:
                if write:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
                yield Tx(cur)
