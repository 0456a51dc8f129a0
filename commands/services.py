"""The processes of a local stack and how to tell each one is ready."""

from __future__ import annotations

import json
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from core.settings import REPO_ROOT


@dataclass
class Service:
    name: str
    argv: list[str]
    health_url: str
    url: str
    cwd: Path = REPO_ROOT
    env: dict[str, str] = field(default_factory=dict)


def port_is_free(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def pick_port(host: str, wanted: int) -> int:
    """`wanted`, or the next free port after it (port 0 means any free port)."""
    if wanted == 0:
        with socket.socket() as sock:
            sock.bind((host, 0))
            return int(sock.getsockname()[1])
    port = wanted
    while not port_is_free(host, port):
        port += 1
    return port


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def langgraph_config(runtime_dir: Path, extra_graphs: dict[str, str] | None = None) -> Path:
    """The repo's langgraph.json with absolute paths, for a server running in `runtime_dir`.

    `langgraph dev` keeps its own records in `./.langgraph_api` of its working directory, so
    each data directory gets its own and tests never share one with `make run`.
    `extra_graphs` ({graph id: "path/relative/to/repo.py:attr"}) serves more graphs from the
    same server (the benchmark's echo graph).
    """
    config = json.loads((REPO_ROOT / "langgraph.json").read_text())
    config.pop("env", None)
    config["dependencies"] = [str(REPO_ROOT)]
    config["graphs"].update({name: {"path": path} for name, path in (extra_graphs or {}).items()})
    for spec in config["graphs"].values():
        if isinstance(spec, dict):
            spec["path"] = str(REPO_ROOT / spec["path"])
    for key in ("checkpointer", "auth"):
        if key in config and "path" in config[key]:
            config[key]["path"] = str(REPO_ROOT / config[key]["path"])
    http = config.get("http")
    if isinstance(http, dict) and "app" in http:
        http["app"] = str(REPO_ROOT / http["app"])
    runtime_dir.mkdir(parents=True, exist_ok=True)
    path = runtime_dir / "langgraph.json"
    path.write_text(json.dumps(config, indent=2))
    return path
