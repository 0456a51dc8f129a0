"""(6) The catalogue at scale.

- Understanding: for the reference company (14 products) and generated companies of 1,000 and
  10,000 (`sandbox.odoo.generate`), the offline model's build (its indexes, up to its first
  answer) and its latency per message over orders naming random products, a third of them
  with a typo; and the tokens of the prompt the LLM path would send for those messages.
- Sync: a second sandbox Odoo seeded with the 10,000 products is copied over JSON-RPC into the
  stack's own database, in full, then again after 50 products changed in Odoo.
- Memory: the LangGraph server's RSS during turns on the reference catalogue, then during
  turns once it serves the 10,000 products just synced (it rebuilds its vocabulary).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import odoolib
import psycopg
from psycopg.conninfo import make_conninfo

from catalog.sync import sync
from commands.bench.growth import message_tokens
from commands.bench.harness import BenchStack
from commands.bench.memory import MemorySampler
from commands.services import pick_port, python_module
from core.settings import Settings
from graphs.purchase_agent.nlu import OfflineModel
from graphs.purchase_agent.nlu.catalog import Product, Vocabulary, load_vocabulary
from graphs.purchase_agent.nlu.prompt import build_messages
from tools.odoo import OdooClient
from tools.odoo_catalog import CatalogReader

LOOPBACK = "127.0.0.1"
SIZES = (14, 1_000, 10_000)
CHANGED = 50
SEED = 12


@dataclass
class CataloguePlan:
    messages: int  # per size
    turns: int  # per memory step


def run(bench: BenchStack, plan: CataloguePlan, sampler: MemorySampler) -> dict[str, Any]:
    files = {14: bench.settings.sandbox_catalog}
    for size in SIZES[1:]:
        files[size] = _generated(bench.data_dir, size)
    understanding = {str(n): _understanding(load_vocabulary(files[n]), plan) for n in SIZES}
    memory = {"reference": _turns(bench, sampler, "catalog_reference", plan.turns)}
    synced = _sync_at_scale(bench, files[SIZES[-1]])
    memory["scaled"] = _turns(bench, sampler, "catalog_scaled", plan.turns)
    growth = None
    if memory["reference"] is not None and memory["scaled"] is not None:
        growth = round(memory["scaled"] - memory["reference"], 1)
    return {
        "understanding": understanding,
        "sync": synced,
        "server_rss_mib": memory | {"growth": growth},
    }


def _generated(data_dir: Path, size: int) -> Path:
    path = data_dir / f"company-{size}.json"
    with path.open("wb") as out:
        subprocess.run(
            python_module("sandbox.odoo.generate", "--products", str(size), "--seed", str(SEED)),
            stdout=out,
            check=True,
        )
    return path


def _understanding(vocabulary: Vocabulary, plan: CataloguePlan) -> dict[str, Any]:
    texts = _messages(vocabulary.products, plan.messages)
    started = time.perf_counter()
    model = OfflineModel(vocabulary)
    model.understand(texts[0])
    build = time.perf_counter() - started
    latencies, found = [], 0
    for text, code in zip(texts, _codes(vocabulary.products, plan.messages), strict=True):
        began = time.perf_counter()
        result = model.understand(text)
        latencies.append((time.perf_counter() - began) * 1000)
        found += any(item.code == code for item in result.items)
    tokens = [message_tokens(build_messages(text, None, vocabulary)) for text in texts[:50]]
    return {
        "products": len(vocabulary.products),
        "build_s": round(build, 3),
        "p50_ms": round(statistics.median(latencies), 3),
        "p99_ms": round(statistics.quantiles(latencies, n=100)[98], 3),
        "found": round(found / len(texts), 3),
        "prompt_tokens": round(statistics.mean(tokens)),
    }


def _codes(products: tuple[Product, ...], n: int) -> list[str]:
    rng = random.Random(SEED)
    return [rng.choice(products).code for _ in range(n)]


def _messages(products: tuple[Product, ...], n: int) -> list[str]:
    """Orders as people write them, for products drawn with the same seed as `_codes`."""
    rng, by_code = random.Random(SEED + 1), {p.code: p for p in products}
    texts = []
    for k, code in enumerate(_codes(products, n)):
        product = by_code[code]
        english = k % 4 == 3
        name = (product.name_en if english else product.name).lower()
        if k % 3 == 2:  # a letter dropped from the longest word
            word = max(name.split(), key=len)
            cut = len(word) // 2
            name = name.replace(word, word[:cut] + word[cut + 1 :], 1)
        qty = rng.randint(2, 400)
        texts.append(
            f"I need {qty} {product.uom} of {name} please"
            if english
            else f"hola, necesito {qty} {product.uom} de {name} porfa"
        )
    return texts


def _sync_at_scale(bench: BenchStack, company: Path) -> dict[str, Any]:
    port = pick_port(LOOPBACK, 0)
    url = f"http://{LOOPBACK}:{port}"
    database = make_conninfo(bench.database_url, dbname="bench_catalogue")  # a URL or key=value
    with psycopg.connect(bench.database_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_catalogue")
        conn.execute("CREATE DATABASE bench_catalogue")
    log = (bench.data_dir / "logs" / "sandbox-odoo-10k.log").open("ab")
    argv = python_module(
        "sandbox.odoo", "--host", LOOPBACK, "--port", str(port),
        "--database-url", database, "--catalog", str(company),
    )  # fmt: skip
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    try:
        seeded = _wait_healthy(f"{url}/web/health", proc, timeout=300)
        settings = bench.settings.model_copy(update={"odoo_url": url})
        reader = CatalogReader(OdooClient.from_settings(settings), settings.languages)
        with psycopg.connect(bench.database_url, autocommit=True) as conn:
            full = sync(reader, conn, full=True)
            _change_products(settings, port)
            incremental = sync(reader, conn, full=False)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
    return {
        "seed_s": round(seeded, 1),
        "full_s": full.seconds,
        "full_products": full.products,
        "incremental_s": incremental.seconds,
        "incremental_products": incremental.products,
    }


def _change_products(settings: Settings, port: int) -> None:
    """Rename CHANGED products as a person in Odoo would, one write each."""
    odoo = odoolib.get_connection(
        hostname=LOOPBACK, port=port, protocol="jsonrpc", database=settings.odoo_db,
        login=settings.odoo_login, password=settings.odoo_password,
    )  # fmt: skip
    templates = odoo.get_model("product.template")
    for row in templates.search_read([], ["name"], limit=CHANGED):
        templates.write([row["id"]], {"name": row["name"] + " (nuevo)"})


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the 10,000-product sandbox Odoo exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"the 10,000-product sandbox Odoo was not up after {timeout:.0f}s")


def _turns(bench: BenchStack, sampler: MemorySampler, phase: str, turns: int) -> float | None:
    """Peak RSS of the LangGraph server over a few turns, in MiB."""
    sampler.set_phase(phase)
    phone = bench.new_requester()
    for k in range(turns):
        said = bench.say(phone, f"necesito {10 + k} kilos de algo que no existe {k}")
        bench.wait_reply(said, timeout=120)
    sampler.sample()
    return sampler.peaks_mib().get(phase, {}).get("langgraph_server")
