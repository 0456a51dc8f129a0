"""A fresh database in the session's PostgreSQL cluster, so tests never share rows."""

from __future__ import annotations

import uuid

import psycopg
from psycopg.conninfo import make_conninfo


def new_database(cluster_url: str, prefix: str) -> str:
    name = f"{prefix}{uuid.uuid4().hex[:8]}"
    with psycopg.connect(cluster_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_conninfo(cluster_url, dbname=name)
