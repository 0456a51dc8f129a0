"""Peak resident memory of the stack's processes, sampled with psutil while the load runs.

Each watched name resolves to a pid at every sample (the ingest is restarted between phases),
and its RSS is summed over the process and all its children (`langgraph dev` may fork). Peaks
are kept per phase ("idle", "ack", "turns", ...) so each figure says under which load it was
reached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import psutil

MIB = 1024 * 1024


def tree_rss(pid: int) -> int:
    """RSS in bytes of a process and its descendants (0 if it is gone)."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total


class MemorySampler:
    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.phase = "idle"
        self._watched: dict[str, Callable[[], int | None]] = {}
        self._peaks: dict[str, dict[str, int]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-memory", daemon=True)

    def watch(self, name: str, pid: Callable[[], int | None]) -> None:
        with self._lock:
            self._watched[name] = pid

    def unwatch(self, name: str) -> None:
        with self._lock:
            self._watched.pop(name, None)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def set_phase(self, phase: str) -> None:
        self.sample()
        with self._lock:
            self.phase = phase

    def sample(self) -> None:
        with self._lock:
            watched = dict(self._watched)
            phase = self.phase
        for name, resolve in watched.items():
            pid = resolve()
            if pid is None:
                continue
            rss = tree_rss(pid)
            with self._lock:
                peaks = self._peaks.setdefault(phase, {})
                peaks[name] = max(peaks.get(name, 0), rss)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def peaks_mib(self) -> dict[str, dict[str, float]]:
        """{phase: {process name: peak RSS in MiB}}."""
        with self._lock:
            return {
                phase: {name: round(rss / MIB, 1) for name, rss in sorted(names.items())}
                for phase, names in self._peaks.items()
            }
