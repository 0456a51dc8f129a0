"""The load generator for the webhook benchmark, run in its own process.

An asyncio (uvloop when installed) HTTP/1.1 client over keep-alive connections, written
against raw sockets so that the generator stays cheaper than the servers it measures (an httpx
client spends more CPU per request than a bare uvicorn endpoint does). Every request is a valid,
freshly signed Chatwoot `message_created` webhook with its own message id and delivery id, made
from a template captured from the sandbox Chatwoot, spread over a set of conversations.

Steps:
- `open`: requests at a fixed rate whatever the answers (open loop); a request's latency is
  measured from the moment it was due, so a stalled server is not hidden (no coordinated
  omission). New connections are opened when every open one is busy.
- `closed`: `concurrency` clients each send, wait for the answer, send again (closed loop).

    python -m commands.bench.load < spec.json > result.json
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from commands.bench.stats import percentile

MAX_OPEN_CONNECTIONS = 512
CONTENTS = (
    "necesito {n} kilos de sal de mar",
    "hola, necesito {n} kilos de aceite de coco",
    "mejor que sean {n} kilos",
    "en que estado estan mis pedidos?",
    "sí, confirma",
)


class BodyMaker:
    """Webhook bodies from a captured payload: the varying fields are %-format slots."""

    def __init__(self, template: dict[str, Any], id_base: int, conversations: int, conv_base: int):
        marked = copy.deepcopy(template)
        marked["id"] = "@@MID@@"
        marked["content"] = "@@TEXT@@"
        conv = marked["conversation"]
        conv["id"] = "@@CID@@"
        if isinstance(conv.get("contact_inbox"), dict):
            conv["contact_inbox"]["source_id"] = "@@DIGITS@@"
        for message in conv.get("messages") or []:
            message.update(id="@@MID@@", content="@@TEXT@@", conversation_id="@@CID@@")
            message.pop("processed_message_content", None)
        if isinstance(marked.get("sender"), dict):
            marked["sender"]["phone_number"] = "@@PHONE@@"
            marked["sender"]["name"] = "@@PHONE@@"
        text = json.dumps(marked, ensure_ascii=False, separators=(",", ":")).replace("%", "%%")
        for slot, fmt in (
            ('"@@MID@@"', "%(mid)d"),
            ('"@@CID@@"', "%(cid)d"),
            ('"@@TEXT@@"', '"%(text)s"'),
            ('"@@DIGITS@@"', '"%(digits)s"'),
            ('"@@PHONE@@"', '"+%(digits)s"'),
        ):
            text = text.replace(slot, fmt)
        self.format = text
        self.id_base = id_base
        self.conversations = conversations
        self.conv_base = conv_base

    def body(self, index: int) -> tuple[str, bytes]:
        """(delivery id, body) of the `index`-th request."""
        conv = index % self.conversations
        values = {
            "mid": self.id_base + index,
            "cid": self.conv_base + conv,
            "text": CONTENTS[index % len(CONTENTS)].format(n=10 + index % 90),
            "digits": f"5697{conv:07d}",
        }
        return f"bench-{self.id_base + index}", (self.format % values).encode()


@dataclass
class Target:
    host: str
    port: int
    path: str
    secret: str
    maker: BodyMaker
    next_index: int = 0
    _stamp: tuple[int, str] = (0, "")

    def request(self) -> bytes:
        index = self.next_index
        self.next_index += 1
        delivery, body = self.maker.body(index)
        now = int(time.time())
        if self._stamp[0] != now:
            self._stamp = (now, str(now))
        stamp = self._stamp[1]
        mac = hmac.new(self.secret.encode(), stamp.encode() + b"." + body, hashlib.sha256)
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Content-Type: application/json\r\nAccept: application/json\r\n"
            f"Content-Length: {len(body)}\r\nX-Chatwoot-Delivery: {delivery}\r\n"
            f"X-Chatwoot-Timestamp: {stamp}\r\nX-Chatwoot-Signature: sha256={mac.hexdigest()}\r\n"
            "\r\n"
        )
        return head.encode() + body


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, target: Target) -> Connection:
        reader, writer = await asyncio.open_connection(target.host, target.port)
        return cls(reader, writer)

    async def exchange(self, request: bytes) -> tuple[int, bool]:
        """Send one request; (status, keep-alive) once the whole answer is read."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, keep = 0, True
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                keep = False
        if length:
            await self.reader.readexactly(length)
        return status, keep

    def close(self) -> None:
        self.writer.close()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def summary(self, seconds: float) -> dict[str, Any]:
        lat = sorted(self.latencies)
        return {
            "ok": len(lat),
            "errors": self.errors,
            "statuses": self.statuses,
            "seconds": round(seconds, 3),
            "rps": round(len(lat) / seconds, 1) if seconds > 0 else 0.0,
            "p50_ms": _pct(lat, 50),
            "p90_ms": _pct(lat, 90),
            "p99_ms": _pct(lat, 99),
            "max_ms": round(lat[-1] * 1000, 2) if lat else None,
        }


def _pct(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile, in milliseconds, of sorted seconds."""
    return round(percentile(values, pct) * 1000, 2) if values else None


class Pool:
    def __init__(self, target: Target):
        self.target = target
        self.idle: list[Connection] = []
        self.opened = 0

    async def call(self, tally: Tally, started: float) -> None:
        conn = self.idle.pop() if self.idle else None
        try:
            if conn is None:
                if self.opened >= MAX_OPEN_CONNECTIONS:
                    tally.errors += 1
                    return
                self.opened += 1
                conn = await Connection.open(self.target)
            status, keep = await conn.exchange(self.target.request())
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            tally.errors += 1
            if conn is not None:
                conn.close()
                self.opened -= 1
            return
        tally.statuses[str(status)] = tally.statuses.get(str(status), 0) + 1
        if status == 200:
            tally.latencies.append(time.perf_counter() - started)
        else:
            tally.errors += 1
        if keep:
            self.idle.append(conn)
        else:
            conn.close()
            self.opened -= 1

    def close(self) -> None:
        for conn in self.idle:
            conn.close()
        self.idle.clear()
        self.opened = 0


async def open_loop(target: Target, rate: float, seconds: float) -> dict[str, Any]:
    pool, tally = Pool(target), Tally()
    total = max(1, int(rate * seconds))
    tasks = []
    start = time.perf_counter() + 0.05
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(pool.call(tally, due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    out = tally.summary(elapsed)
    out.update(kind="open", rate=rate, connections=pool.opened)
    pool.close()
    return out


async def closed_loop(target: Target, concurrency: int, seconds: float) -> dict[str, Any]:
    tally = Tally()
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        pool = Pool(target)
        while time.perf_counter() < deadline:
            await pool.call(tally, time.perf_counter())
        pool.close()

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    out = tally.summary(time.perf_counter() - start)
    out.update(kind="closed", concurrency=concurrency)
    return out


async def drive(spec: dict[str, Any]) -> dict[str, Any]:
    url = urlsplit(spec["url"])
    maker = BodyMaker(
        spec["template"], int(spec["id_base"]), int(spec["conversations"]), int(spec["conv_base"])
    )
    target = Target(url.hostname or "127.0.0.1", url.port or 80, url.path, spec["secret"], maker)
    if spec.get("warmup_seconds"):
        await closed_loop(target, 4, float(spec["warmup_seconds"]))
    results = []
    for step in spec["steps"]:
        if step["kind"] == "open":
            results.append(await open_loop(target, float(step["rate"]), float(step["seconds"])))
        else:
            results.append(
                await closed_loop(target, int(step["concurrency"]), float(step["seconds"]))
            )
        await asyncio.sleep(float(spec.get("pause_seconds", 0.5)))
    return {"url": spec["url"], "requests": target.next_index, "steps": results}


def main() -> None:
    spec = json.load(sys.stdin)
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        result = asyncio.run(drive(spec))
    else:
        result = uvloop.run(drive(spec))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
