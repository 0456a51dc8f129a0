"""Approval links from Slack or a private note: a page to confirm, and the decision as a run.

The link carries an HMAC of (order, decision), so it can decide that order only. GET only
shows a button (chat apps fetch links to preview them); the decision is a POST.
"""

from __future__ import annotations

import html
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import HTMLResponse, JSONResponse

from core.settings import Settings
from ingest.deps import LangGraphDep, PoolDep, SettingsDep
from records.approvals import DECISIONS, verify

router = APIRouter()


def _check(settings: Settings, order: str, decision: str, sig: str) -> None:
    if decision not in DECISIONS:
        raise HTTPException(422, "decision must be approve or reject")
    if not settings.approval_secret or not verify(settings.approval_secret, order, decision, sig):
        raise HTTPException(403, "invalid approval link")


@router.get("/approvals/{order}", response_class=HTMLResponse)
async def approval_page(
    order: str,
    decision: str,
    sig: str,
    settings: SettingsDep,
) -> HTMLResponse:
    _check(settings, order, decision, sig)
    verb = "Approve" if decision == "approve" else "Reject"
    page = (
        f"<h1>{verb} {html.escape(order)}?</h1>"
        f'<form method="post"><input type="hidden" name="decision" value="{decision}">'
        f'<input type="hidden" name="sig" value="{html.escape(sig)}">'
        '<label>Your name <input name="by" required></label> '
        '<label>Note <input name="note"></label> '
        f'<button type="submit">{verb}</button></form>'
    )
    return HTMLResponse(page)


@router.post("/approvals/{order}")
async def decide(
    order: str,
    decision: Annotated[str, Form(max_length=10)],
    sig: Annotated[str, Form(max_length=128)],
    by: Annotated[str, Form(min_length=1, max_length=100)],
    settings: SettingsDep,
    pool: PoolDep,
    langgraph: LangGraphDep,
    note: Annotated[str, Form(max_length=500)] = "",
) -> JSONResponse:
    _check(settings, order, decision, sig)
    async with pool.connection() as conn:
        cur = await conn.execute(
            "SELECT thread_id::text, awaiting_approval FROM purchasing.order_link"
            " WHERE order_name = %s",
            (order,),
        )
        row = await cur.fetchone()
    if row is None or row[0] is None:
        raise HTTPException(404, f"{order} is not an order of this agent")
    if not row[1]:
        raise HTTPException(409, f"{order} is not waiting for approval")
    run = await langgraph.runs.create(
        row[0],
        settings.assistant_id,
        input={"approval": {"order_ref": order, "decision": decision, "by": by, "note": note}},
        if_not_exists="create",
        multitask_strategy="enqueue",
        metadata={"approval_for": order},
    )
    return JSONResponse({"status": "accepted", "order": order, "run_id": run["run_id"]}, 202)
