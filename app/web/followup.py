"""After the meeting, in the JSON API: review meetings (docs/after-the-meeting.md).

Included before `app.web.api` so that `POST /api/boards/{id}/review` is not taken for an
unknown board action.
"""

from __future__ import annotations

from typing import Any, Literal

import anyio
from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session

from app.auth import facilitators
from app.boards import minutes, referral, review, service
from app.boards.shapes import (
    BoardCreatedJSON,
    ChangeQuestionJSON,
    EvidenceJSON,
    ReferralPreviewJSON,
    ReviewActionJSON,
    ReviewJSON,
)
from app.boards.visibility import Actor
from app.config import Settings
from app.db import Database
from app.errors import NotFound
from app.export.minutes_doc import minutes_filename, render_minutes_docx, render_minutes_markdown, render_minutes_pdf
from app.export.referral_doc import build_referral_view, referral_filename, render_referral_docx, render_referral_pdf
from app.practice.referral import Item as ReferralItem
from app.schemas_followup import ActionMark, EvidenceCreate, MinutesUpdate, RatingSet, ReferralRequest
from app.web.created import NewBoard, board_created, new_board
from app.web.deps import (
    ActorDep,
    DbDep,
    HubDep,
    SettingsDep,
    WriterDep,
    client_address,
    limit,
    read,
    read_only,
    write,
)
from app.web.error_responses import ERRORS
from app.web.rendering import renders
from app.web.staff import current_staff, require_board_facilitator

router = APIRouter(prefix="/api", tags=["after the meeting"], responses=ERRORS)

# The OpenAPI document describes the review side's answers as plain JSON objects (there are no
# `...Out` models for them); the functions return the shapes of app/boards/shapes.py.
AnObject = dict[str, Any]


async def start(request: Request, db: Database, settings: Settings, actor: Actor) -> BoardCreatedJSON:
    """Start the review of the actor's closed board; the new board's links, as on creation.
    With sign-in configured, only the board's signed-in facilitators may (as for reopening)."""
    await limit(request, "create", client_address(request))
    account = None
    if actor.is_facilitator:  # others are refused by the service, as before
        await require_board_facilitator(request, actor.board_id)
        account = await current_staff(request, settings)
    carry = facilitators.carry_to_review(account)

    def unit(s: Session) -> NewBoard:
        return new_board(s, *review.start_review(s, actor, **carry))

    return board_created(request, settings, await read(db, unit), previous_id=actor.board_id)


# A plain object in the document, as it always has been (not BoardCreated: it adds previous_id).
@router.post("/boards/{board_id}/review", status_code=201, response_model=AnObject)
async def start_review(
    board_id: str, request: Request, actor: ActorDep, db: DbDep, settings: SettingsDep
) -> BoardCreatedJSON:
    """Facilitator of a closed board: a new review board carrying the family, the earlier map
    (read-only) and every action not yet done; new join code, new links."""
    return await start(request, db, settings, actor)


@router.get("/boards/{board_id}/review", response_model=AnObject)
async def get_review(board_id: str, actor: ActorDep, db: DbDep) -> ReviewJSON:
    """The review side of the board (`is_review: false` and only `next` for a first meeting)."""
    return await read_only(db, lambda s: review.review_view(s, board_id, actor))


@router.post("/boards/{board_id}/review/actions/{action_id}", response_model=AnObject)
async def mark_action(
    board_id: str, action_id: str, body: ActionMark, actor: WriterDep, db: DbDep, hub: HubDep
) -> ReviewActionJSON:
    """Mark an action carried forward: done, in progress or not done, with a word on evidence."""
    return await write(db, hub, board_id, lambda s: review.mark_action(s, actor, action_id, body))


@router.post("/boards/{board_id}/review/evidence", status_code=201, response_model=AnObject)
async def add_evidence(
    board_id: str, body: EvidenceCreate, actor: WriterDep, db: DbDep, hub: HubDep, settings: SettingsDep
) -> EvidenceJSON:
    """Evidence on one of the three change questions, under the writer's agency."""
    return await write(db, hub, board_id, lambda s: review.add_evidence(s, actor, body, settings.max_note_length))


@router.delete("/boards/{board_id}/review/evidence/{evidence_id}", status_code=204)
async def delete_evidence(board_id: str, evidence_id: str, actor: WriterDep, db: DbDep, hub: HubDep) -> Response:
    await write(db, hub, board_id, lambda s: review.delete_evidence(s, actor, evidence_id))
    return Response(status_code=204)


@router.post("/boards/{board_id}/review/ratings/{question}", response_model=AnObject)
async def set_rating(
    board_id: str, question: str, body: RatingSet, actor: ActorDep, db: DbDep, hub: HubDep
) -> ChangeQuestionJSON:
    """The rating the room agrees on one question (facilitator): not_yet, partly or clearly."""
    return await write(db, hub, board_id, lambda s: review.set_rating(s, actor, question, body))


# ---- the referral summary ---------------------------------------------------------------------

REFERRAL_MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


async def referral_file(
    request: Request, db: Database, actor: Actor, fmt: str, audience: str, include: list[str] | None
) -> Response:
    """The file of the ticked items; recorded in the audit trail (format, audience, how many)."""

    service.require_facilitator(actor)
    await limit(request, "export", actor.participant_id)

    def unit(s: Session) -> tuple[referral.ReferralData, list[ReferralItem]]:
        data = referral.referral_data(s, actor)
        items = referral.chosen(data, include)
        referral.record_download(s, actor, fmt, audience, len(items))
        return data, items

    data, items = await read(db, unit)
    view = build_referral_view(data.title, data.created_at, data.family, items, data.ratings, audience)
    render = render_referral_pdf if fmt == "pdf" else render_referral_docx
    async with renders:
        body = await anyio.to_thread.run_sync(render, view)
    name = referral_filename(data.title, data.created_at, fmt)
    return Response(
        body,
        media_type=REFERRAL_MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@router.get("/boards/{board_id}/referral", response_model=AnObject)
async def referral_preview(board_id: str, actor: ActorDep, db: DbDep) -> ReferralPreviewJSON:
    """What the referral summary of this closed board can hold (facilitator): the offered items by
    part and group, each `ticked` by default or held back with a `reason`, and the `excluded`
    items that can never go in."""

    return await read_only(db, lambda s: referral.preview(s, actor))


@router.post(
    "/boards/{board_id}/referral",
    response_class=Response,
    responses={200: {"content": {t: {} for t in REFERRAL_MEDIA.values()}, "description": "The file."}},
)
async def referral_download(
    board_id: str, body: ReferralRequest, request: Request, actor: ActorDep, db: DbDep
) -> Response:
    """The referral summary as PDF or Word, with the ticked items (`include`: item ids from the
    preview; left out, the items ticked by default). An excluded item in `include` is a 422."""
    return await referral_file(request, db, actor, body.format, body.audience, body.include)


# ---- the minutes ------------------------------------------------------------------------------

MINUTES_MEDIA = {**REFERRAL_MEDIA, "md": "text/markdown; charset=utf-8"}


@router.get("/boards/{board_id}/minutes")
async def get_minutes(board_id: str, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    """The minutes of this closed board (facilitator), drafted from the board on first read:
    `{status: draft|final, version, edited, stale, content, ...}`."""

    return await read(db, lambda s: minutes.get_minutes(s, actor))


@router.put("/boards/{board_id}/minutes")
async def save_minutes(board_id: str, body: MinutesUpdate, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    """Save the facilitator's edits to a draft (`version` as read; a stale one is a 409)."""

    return await read(db, lambda s: minutes.save(s, actor, body))


@router.post("/boards/{board_id}/minutes/{action}")
async def minutes_status(board_id: str, action: str, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    """`final` marks them final; `draft` takes final minutes back to draft; `redraft` drafts
    them again from the board (the edits are lost)."""

    if action not in ("final", "draft", "redraft"):
        raise NotFound("Unknown action: use final, draft or redraft.")
    return await read(db, lambda s: minutes.change_status(s, actor, action))


async def minutes_file(request: Request, db: Database, actor: Actor, fmt: str) -> Response:

    service.require_facilitator(actor)
    await limit(request, "export", actor.participant_id)

    def unit(s: Session) -> dict[str, Any]:
        out = minutes.get_minutes(s, actor)
        me = service.refresh_actor(s, actor)
        service.audit(s, me, "minutes.exported", detail={"format": fmt, "status": out["status"]})
        s.commit()
        return out

    out = await read(db, unit)
    content, status = out["content"], out["status"]
    if fmt == "md":
        body = render_minutes_markdown(content, status).encode()
    else:
        render = render_minutes_pdf if fmt == "pdf" else render_minutes_docx
        async with renders:
            body = await anyio.to_thread.run_sync(render, content, status)
    name = minutes_filename(content, fmt)
    return Response(
        body,
        media_type=MINUTES_MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@router.get(
    "/boards/{board_id}/minutes/export",
    response_class=Response,
    responses={200: {"content": {t.split(";")[0]: {} for t in MINUTES_MEDIA.values()}, "description": "The file."}},
)
async def export_minutes(
    board_id: str,
    request: Request,
    actor: ActorDep,
    db: DbDep,
    format: Literal["pdf", "docx", "md"] = Query(description="pdf, docx or md"),
) -> Response:
    """The minutes as a file (facilitator); recorded in the audit trail."""
    return await minutes_file(request, db, actor, format)
