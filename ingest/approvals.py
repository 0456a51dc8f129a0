"""Approval links from Slack or a private note: a page showing what is approved, and the
decision as a run of the graph.

A link is signed for one approval request (`records.approvals`): it works once, before it
expires, and only while it is the newest request of its order; an older or used link answers
410, a link whose order changed since answers 409. GET only shows the page (chat apps fetch
links to preview them); the decision is a POST naming a known approver, which the graph
checks again (approver, limit, request, order) before it writes anything.
"""

from __future__ import annotations

import html
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import HTMLResponse

from core.settings import Settings
from ingest.deps import LangGraphDep, PoolDep, SettingsDep
from records.approvals import DECISIONS, ApprovalRequest, aget_request, verify

router = APIRouter()

GONE = {
    "superseded": "a newer approval request exists for {order}; use its link",
    "expired": "this approval link for {order} has expired",
    "decided": "this approval request for {order} was already decided",
}
# What the graph's outcome means for the person who clicked.
STATUS = {
    "approved": 200,
    "rejected": 200,
    "unknown_approver": 403,
    "own_order": 403,
    "over_limit": 403,
    "changed": 409,
    "not_awaiting": 409,
    "superseded": 410,
    "expired": 410,
    "decided": 410,
    "failed": 503,
}


async def _open_request(
    settings: Settings, pool: Any, request_id: str, decision: str, sig: str
) -> ApprovalRequest:
    if decision not in DECISIONS:
        raise HTTPException(422, "decision must be approve or reject")
    secret = settings.approval_secret
    if not secret or not verify(secret, request_id, decision, sig):
        raise HTTPException(403, "invalid approval link")
    async with pool.connection() as conn:
        request = await aget_request(conn, request_id)
    if request is None:
        raise HTTPException(404, "no such approval request")
    if request.state != "open":
        raise HTTPException(410, GONE[request.state].format(order=request.order_name))
    return request


def _page(request: ApprovalRequest, decision: str, sig: str) -> str:
    verb = "Approve" if decision == "approve" else "Reject"
    money = f"{request.currency} {request.amount_total:,.2f}"
    lines = "".join(
        f"<li>{html.escape(str(code))}: {qty:g} {html.escape(str(uom))}"
        f" × {request.currency} {price:,.2f}</li>"
        for code, qty, uom, price in request.lines
    )
    return (
        f"<h1>{verb} {html.escape(request.order_name)}?</h1>"
        f"<p>{html.escape(request.vendor)}, for {html.escape(request.requester)}:"
        f" total {html.escape(money)}</p><ul>{lines}</ul>"
        f'<form method="post"><input type="hidden" name="decision" value="{decision}">'
        f'<input type="hidden" name="sig" value="{html.escape(sig)}">'
        '<label>Your email or phone <input name="by" required></label> '
        '<label>Note <input name="note"></label> '
        f'<button type="submit">{verb}</button></form>'
    )


@router.get("/approvals/{request_id}", response_class=HTMLResponse)
async def approval_page(
    request_id: str, decision: str, sig: str, settings: SettingsDep, pool: PoolDep
) -> HTMLResponse:
    request = await _open_request(settings, pool, request_id, decision, sig)
    return HTMLResponse(_page(request, decision, sig))


@router.post("/approvals/{request_id}", response_class=HTMLResponse)
async def decide(
    request_id: str,
    decision: Annotated[str, Form(max_length=10)],
    sig: Annotated[str, Form(max_length=128)],
    by: Annotated[str, Form(min_length=1, max_length=200)],
    settings: SettingsDep,
    pool: PoolDep,
    langgraph: LangGraphDep,
    note: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    request = await _open_request(settings, pool, request_id, decision, sig)
    approval = {
        "order_ref": request.order_name,
        "decision": decision,
        "by": by,
        "note": note,
        "request_id": request.id,
    }
    out = await langgraph.runs.wait(
        None,
        settings.assistant_id,
        input={"approval": approval},
        metadata={"approval_for": request.order_name, "approval_request": request.id},
    )
    result = out if isinstance(out, dict) else {}
    outcome = result.get("approval_outcome") or {}
    status = str(outcome.get("status") or "failed")
    code = STATUS.get(status, 503)
    if code >= 400:
        raise HTTPException(code, str(result.get("reply") or status))
    return HTMLResponse(f"<p>{html.escape(str(result.get('reply') or status))}</p>", code)
