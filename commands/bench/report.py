"""The benchmark's outputs: the targets judged, one aligned plain-text table, the JSON summary."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

import psutil

KIB = 1024
# The targets of issue #6.
CHECKPOINT_LIMIT = 256 * KIB
ACK_P99_LIMIT_MS = 50.0
THROUGHPUT_MIN_RATIO = 0.5
TURN_P95_LIMIT_S = 2.0
ECHO_FACTOR, ECHO_MARGIN_S = 1.3, 0.3
TOKENS_MAX_RATIO = 1.5
# The targets of the catalogue issue (#12), at 10,000 products.
FULL_SYNC_LIMIT_S, INCREMENTAL_SYNC_LIMIT_S = 60.0, 2.0
UNDERSTAND_P99_LIMIT_MS, INDEX_BUILD_LIMIT_S = 10.0, 5.0
CATALOGUE_TOKENS_MAX_RATIO, SERVER_GROWTH_LIMIT_MIB = 1.5, 150.0


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model or platform.processor(),
        "ram_gib": round(psutil.virtual_memory().total / 1024**3, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _target(value: float | None, op: str, limit: float) -> dict[str, Any]:
    if value is None:
        ok = False
    elif op == "<":
        ok = value < limit
    elif op == "<=":
        ok = value <= limit
    else:
        ok = value >= limit
    return {"value": value, "op": op, "limit": round(limit, 3), "pass": ok}


def targets(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    ack, turns, growth = summary["ack"], summary["turns"], summary["growth"]
    agent_p95 = turns["agent"]["webhook_to_reply_s"]["p95"]
    echo_p95 = turns["echo"]["webhook_to_reply_s"]["p95"]
    echo_limit = ECHO_FACTOR * (echo_p95 or 0.0) + ECHO_MARGIN_S
    return {
        "ack_p99_ms_at_100rps": _target(
            ack["open_loop"]["ingest"]["p99_ms"], "<", ACK_P99_LIMIT_MS
        ),
        "ack_throughput_vs_bare": _target(ack["throughput_ratio"], ">=", THROUGHPUT_MIN_RATIO),
        "turn_p95_s": _target(agent_p95, "<", TURN_P95_LIMIT_S),
        "turn_p95_vs_echo_s": _target(agent_p95, "<=", echo_limit),
        "prompt_tokens_growth": _target(growth["prompt_tokens_ratio"], "<=", TOKENS_MAX_RATIO),
        "checkpoint_bytes_last": _target(growth["checkpoint_bytes_last"], "<", CHECKPOINT_LIMIT),
    } | _catalogue_targets(summary["catalogue"])


def _catalogue_targets(c: dict[str, Any]) -> dict[str, dict[str, Any]]:
    small, large = c["understanding"]["14"], c["understanding"]["10000"]
    return {
        "catalogue_full_sync_s": _target(c["sync"]["full_s"], "<", FULL_SYNC_LIMIT_S),
        "catalogue_incremental_sync_s": _target(
            c["sync"]["incremental_s"], "<", INCREMENTAL_SYNC_LIMIT_S
        ),
        "understanding_p99_ms_10k": _target(large["p99_ms"], "<", UNDERSTAND_P99_LIMIT_MS),
        "index_build_s_10k": _target(large["build_s"], "<", INDEX_BUILD_LIMIT_S),
        "prompt_tokens_10k_vs_14": _target(
            large["prompt_tokens"] / small["prompt_tokens"], "<=", CATALOGUE_TOKENS_MAX_RATIO
        ),
        "server_rss_growth_mib_10k": _target(
            c["server_rss_mib"]["growth"], "<", SERVER_GROWTH_LIMIT_MIB
        ),
    }


def write_json(summary: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _verdict(target: dict[str, Any]) -> str:
    return "PASS" if target["pass"] else "FAIL"


def rows(summary: dict[str, Any]) -> list[list[str]]:
    ack, turns, odoo = summary["ack"], summary["turns"], summary["odoo_calls"]
    growth, memory, goal = summary["growth"], summary["memory"], summary["targets"]
    out: list[list[str]] = [["figure", "value", "baseline", "target", "result"]]

    out.append(["(1) webhook acknowledgement", "ingest", "bare endpoint", "", ""])
    o = ack["open_loop"]
    out.append(
        [
            f"  open loop {ack['rate_rps']:.0f} req/s: p50 / p99 ms",
            f"{_ms(o['ingest']['p50_ms'])} / {_ms(o['ingest']['p99_ms'])}",
            f"{_ms(o['bare']['p50_ms'])} / {_ms(o['bare']['p99_ms'])}",
            f"p99 < {ACK_P99_LIMIT_MS:.0f} ms",
            _verdict(goal["ack_p99_ms_at_100rps"]),
        ]
    )
    for level in ack["closed_loop"]:
        i, b = level["ingest"], level["bare"]
        out.append(
            [
                f"  {level['concurrency']} concurrent: req/s, p50 / p99 ms",
                f"{i['rps']:.0f}, {_ms(i['p50_ms'])} / {_ms(i['p99_ms'])}",
                f"{b['rps']:.0f}, {_ms(b['p50_ms'])} / {_ms(b['p99_ms'])}",
                "",
                "",
            ]
        )
    peak = ack["peak_rps"]
    out.append(
        [
            "  peak throughput req/s (ratio)",
            f"{peak['ingest']:.0f} ({ack['throughput_ratio']:.2f}x)",
            f"{peak['bare']:.0f}",
            f">= {THROUGHPUT_MIN_RATIO}x bare",
            _verdict(goal["ack_throughput_vs_bare"]),
        ]
    )

    out.append(["(2) turn: webhook -> reply in Chatwoot", "agent", "echo graph", "", ""])
    a, e = turns["agent"]["webhook_to_reply_s"], turns["echo"]["webhook_to_reply_s"]
    out.append(
        [
            f"  p50 / p95 / p99 s ({a['n']} turns)",
            f"{_s(a['p50'])} / {_s(a['p95'])} / {_s(a['p99'])}",
            f"{_s(e['p50'])} / {_s(e['p95'])} / {_s(e['p99'])}",
            f"p95 < {TURN_P95_LIMIT_S:.0f} s",
            _verdict(goal["turn_p95_s"]),
        ]
    )
    out.append(
        [
            "  p95 against the echo graph's",
            f"{_s(a['p95'])}",
            f"{_s(e['p95'])}",
            f"<= {ECHO_FACTOR}x echo + {ECHO_MARGIN_S} = {goal['turn_p95_vs_echo_s']['limit']:.2f} s",
            _verdict(goal["turn_p95_vs_echo_s"]),
        ]
    )

    out.append(["(3) Odoo per turn, by intent", "RPC calls, ms in Odoo", "", "", ""])
    for intent, found in odoo["by_intent"].items():
        calls = "—" if found["calls"] is None else str(found["calls"])
        out.append([f"  {intent}", f"{calls}, {_ms(found['odoo_ms'])}", "", "", ""])

    points = growth["points"]
    turns_label = "/".join(str(p["turn"]) for p in points)
    out.append([f"(4) growth at turn {turns_label}", "", f"turn {points[0]['turn']}", "", ""])
    tokens = " / ".join(str(p["prompt_tokens"]["total"]) for p in points)
    out.append(
        [
            "  prompt tokens (o200k_base)",
            f"{tokens} ({growth['prompt_tokens_ratio']:.2f}x)",
            str(points[0]["prompt_tokens"]["total"]),
            f"<= {TOKENS_MAX_RATIO}x turn {points[0]['turn']}",
            _verdict(goal["prompt_tokens_growth"]),
        ]
    )
    kib = " / ".join(f"{p['checkpoint']['bytes'] / KIB:.1f}" for p in points)
    out.append(
        [
            "  checkpoint KiB per thread",
            kib,
            f"{points[0]['checkpoint']['bytes'] / KIB:.1f}",
            f"< {CHECKPOINT_LIMIT // KIB} KiB",
            _verdict(goal["checkpoint_bytes_last"]),
        ]
    )

    out.append(["(5) peak RSS MiB", "idle / ack / turns", "", "", ""])
    peaks = memory["peak_mib"]
    for name in ("ingest", "langgraph_server"):
        p = peaks[name]
        baseline = ""
        if name == "ingest" and peaks.get("bare_endpoint") is not None:
            baseline = f"bare endpoint {peaks['bare_endpoint']:.0f}"
        out.append(
            [
                f"  {name.replace('_', ' ')}",
                f"{_ms(p['idle'])} / {_ms(p['ack'])} / {_ms(p['turns'])}",
                baseline,
                "",
                "",
            ]
        )
    return out + _catalogue_rows(summary["catalogue"], goal)


def _catalogue_rows(c: dict[str, Any], goal: dict[str, Any]) -> list[list[str]]:
    by_size = c["understanding"]
    sizes = "/".join(f"{int(k):,}" for k in by_size)
    out = [[f"(6) catalogue at {sizes} products", "", "14 products", "", ""]]
    for key, label, unit, target in (
        ("build_s", "  offline index build s", "s", "index_build_s_10k"),
        ("p50_ms", "  understanding p50 ms", "ms", ""),
        ("p99_ms", "  understanding p99 ms", "ms", "understanding_p99_ms_10k"),
        ("prompt_tokens", "  LLM prompt tokens", "", "prompt_tokens_10k_vs_14"),
        ("found", "  product found (share)", "", ""),
    ):
        values = " / ".join(f"{v[key]:g}" for v in by_size.values())
        limit = goal[target] if target else None
        text = ""
        if limit is not None:
            text = f"{limit['op']} {limit['limit']:g}{' ' + unit if unit else 'x 14'} at 10,000"
        out.append(
            [label, values, f"{by_size['14'][key]:g}", text, _verdict(limit) if limit else ""]
        )
    sync = c["sync"]
    out.append(
        [
            f"  sync of {sync['full_products']:,} products: full s",
            _s(sync["full_s"]),
            "",
            f"< {FULL_SYNC_LIMIT_S:.0f} s",
            _verdict(goal["catalogue_full_sync_s"]),
        ]
    )
    out.append(
        [
            f"  incremental after {sync['incremental_products']} changes s",
            _s(sync["incremental_s"]),
            "",
            f"< {INCREMENTAL_SYNC_LIMIT_S:.0f} s",
            _verdict(goal["catalogue_incremental_sync_s"]),
        ]
    )
    rss = c["server_rss_mib"]
    out.append(
        [
            "  LangGraph server RSS MiB: 14 / 10,000",
            f"{_ms(rss['reference'])} / {_ms(rss['scaled'])} (+{_ms(rss['growth'])})",
            "",
            f"growth < {SERVER_GROWTH_LIMIT_MIB:.0f} MiB",
            _verdict(goal["server_rss_growth_mib_10k"]),
        ]
    )
    return out


def table(summary: dict[str, Any]) -> str:
    data = rows(summary)
    widths = [max(len(row[i]) for row in data) for i in range(len(data[0]))]
    lines = []
    for index, row in enumerate(data):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    m = summary["machine"]
    head = (
        f"purchase-agent bench ({summary['mode']}): {m['cpus']} CPUs ({m['cpu_model']}), "
        f"{m['ram_gib']} GiB RAM, Python {m['python']}, {summary['duration_s']:.0f} s"
    )
    failed = [name for name, t in summary["targets"].items() if not t["pass"]]
    foot = (
        f"FAIL: {', '.join(failed)} (targets not met; see the JSON summary)"
        if failed
        else "all targets PASS"
    )
    return "\n".join([head, "", *lines, "", foot])
