"""The `purchase-agent` command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import psycopg
from dotenv import load_dotenv

from commands import catalog_cli
from core import db
from core.settings import SANDBOX_APPROVER_EMAIL, Settings, get_settings
from records import approvals, audit, requesters


def _people(sub: Any, command: str, about: str) -> argparse.ArgumentParser:
    """`add`, `list` and `remove` for a kind of person; returns `add` for its own options."""
    actions = sub.add_parser(command, help=about).add_subparsers(dest="action", required=True)
    add = actions.add_parser("add")
    add.add_argument("--name", required=True)
    add.add_argument("--phone")
    add.add_argument("--email")
    actions.add_parser("list")
    actions.add_parser("remove").add_argument("key", help="phone, email or id")
    return add  # type: ignore[no-any-return]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="purchase-agent", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the whole stack in the foreground (what `make run` does)")
    sub.add_parser("migrate", help="apply the SQL migrations")
    chat = sub.add_parser("chat", help="talk to the agent through the sandbox Chatwoot")
    chat.add_argument("--as", dest="who", required=True, help="phone (E.164) or email")
    chat.add_argument(
        "--approver",
        default=SANDBOX_APPROVER_EMAIL,
        help="who /approve and /reject decide as (a known approver's email or phone)",
    )

    _people(sub, "requesters", "people allowed to order").add_argument(
        "--may-confirm", action="store_true"
    )
    _people(sub, "approvers", "people who may approve orders").add_argument(
        "--limit", type=float, help="highest order total they may approve (company currency)"
    )

    audit = sub.add_parser("audit", help="the audit trail as JSON lines")
    audit.add_argument("--order", help="only this order, e.g. P00012")
    audit.add_argument("--since", help="ISO date or timestamp, e.g. 2026-11-30")
    audit.add_argument("--limit", type=int, default=1000)

    nlu = sub.add_parser("nlu", help="the understanding model").add_subparsers(
        dest="action", required=True
    )
    nlu.add_parser("predict", help="JSONL with id and text on stdin -> predictions on stdout")
    evaluate = nlu.add_parser("eval", help="accuracy of the model on a labelled JSONL file")
    evaluate.add_argument("file", type=Path)
    for p in (nlu.choices["predict"], evaluate):
        p.add_argument("--model", help="offline, or an OpenAI-compatible model name")
        p.add_argument(
            "--catalog",
            type=Path,
            help="a company file in the fixture format to understand (default SANDBOX_CATALOG)",
        )

    catalog_cli.add_parser(sub)

    bench = sub.add_parser("bench", help="speed and cost of the real stack against baselines")
    bench.add_argument("--quick", action="store_true", help="a short run (under 3 minutes)")
    bench.add_argument("--json", type=Path, help="write the JSON summary to this file")
    return parser


def _with_db(settings: Settings, action: str, args: argparse.Namespace) -> int:
    """Run a database subcommand; the embedded PostgreSQL is joined (or started) for it."""
    server = db.start_embedded(settings) if settings.embedded_postgres else None
    url = db.database_url(settings)
    try:
        applied = db.migrate(url)
        if action == "migrate":
            print(f"migrations applied: {', '.join(applied) or 'none (up to date)'}")
            return 0
        with db.connect(url, autocommit=True) as conn:
            if action == "add":
                person = requesters.add(
                    conn,
                    name=args.name,
                    phone=args.phone,
                    email=args.email,
                    may_confirm=args.may_confirm,
                )
                print(json.dumps(person.as_dict()))
            elif action == "list":
                for person in requesters.list_all(conn):
                    print(json.dumps(person.as_dict(), ensure_ascii=False))
            elif action == "audit":
                for event in audit.audit_events(
                    conn, order=args.order, since=args.since, limit=args.limit
                ):
                    print(json.dumps(event, ensure_ascii=False, default=str))
            elif action == "remove":
                if not requesters.remove(conn, args.key):
                    print(f"no requester {args.key!r}", file=sys.stderr)
                    return 1
            elif action == "catalog":
                odoo_url = _running_stack(settings).get("ODOO_URL")
                return catalog_cli.run(settings, args, conn, odoo_url)
            elif action == "approver-add":
                approver = approvals.add_approver(
                    conn, name=args.name, phone=args.phone, email=args.email, limit=args.limit
                )
                print(json.dumps(approver.as_dict(), ensure_ascii=False))
            elif action == "approver-list":
                for approver in approvals.list_approvers(conn):
                    print(json.dumps(approver.as_dict(), ensure_ascii=False))
            elif action == "approver-remove":
                if not approvals.remove_approver(conn, args.key):
                    print(f"no approver {args.key!r}", file=sys.stderr)
                    return 1
        return 0
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except psycopg.errors.IntegrityError as exc:
        print(f"error: {exc.diag.message_primary or exc}", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.cleanup()


def _nlu(settings: Settings, args: argparse.Namespace) -> int:
    from graphs.purchase_agent.nlu import get_model
    from graphs.purchase_agent.nlu.catalog import load_vocabulary
    from graphs.purchase_agent.nlu.evaluate import evaluate, predict_lines

    model = get_model(
        args.model or settings.model or "",
        load_vocabulary(args.catalog or settings.sandbox_catalog),
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout,
    )
    if args.action == "predict":
        for row in predict_lines(sys.stdin, model):
            print(json.dumps(row, ensure_ascii=False), flush=True)
        return 0
    print(evaluate(args.file, model).format())
    return 0


def _running_stack(settings: Settings) -> dict[str, str]:
    path = settings.data_dir.resolve() / "stack.json"
    return json.loads(path.read_text()) if path.exists() else {}


def main(argv: list[str] | None = None) -> int:
    load_dotenv(".env")
    args = _parser().parse_args(argv)
    settings = get_settings()
    if args.command == "run":
        from commands.run import run

        return run(settings)
    if args.command == "migrate":
        return _with_db(settings, "migrate", args)
    if args.command == "requesters":
        return _with_db(settings, args.action, args)
    if args.command == "approvers":
        return _with_db(settings, f"approver-{args.action}", args)
    if args.command == "catalog":
        return _with_db(settings, "catalog", args)
    if args.command == "audit":
        return _with_db(settings, "audit", args)
    if args.command == "nlu":
        return _nlu(settings, args)
    if args.command == "bench":
        from commands.bench import run as bench

        return bench(quick=args.quick, json_path=args.json)
    if args.command == "chat":
        from commands.chat import chat

        stack = _running_stack(settings)
        url = settings.chatwoot_url or stack.get("CHATWOOT_URL") or settings.chatwoot_base_url
        return chat(
            url,
            stack.get("CHATWOOT_API_TOKEN") or settings.chatwoot_token(),
            args.who,
            approver=args.approver,
        )
    return 2


if __name__ == "__main__":
    sys.exit(main())
