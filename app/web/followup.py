"""After the meeting, in the JSON API: review meetings (docs/after-the-meeting.md).

Included before `app.web.api` so that `POST /api/boards/{id}/review` is not taken for an
unknown board action.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from app.boards import review, service
from app.boards.views import Actor
from app.schemas_followup import ActionMark, EvidenceCreate, RatingSet, ReferralRequest
from app.web.api import ERRORS
from app.web.deps import (
    ActorDep,
    DbDep,
    HubDep,
    SettingsDep,
    WriterDep,
    base_url,
    client_address,
    limit,
    read,
    read_only,
    write,
)
from app.web.links import board_links

router = APIRouter(prefix="/api", tags=["after the meeting"], responses=ERRORS)


async def start(request: Request, db: Any, settings: Any, actor: Actor) -> dict[str, Any]:
    """Start the review of the actor's closed board; the new board's links, as on creation."""
    await limit(request, "create", client_address(request))

    def unit(s: Any) -> dict[str, Any]:
        board, fac, view = review.start_review(s, actor)
        me = Actor("", board.id, "facilitator", "admitted", "", "")
        return {"board": service.board_view(s, board.id, me), "fac": fac, "view": view}

    made = await read(db, unit)
    board = made["board"]
    links = board_links(base_url(request, settings), board["id"], board["join_code"], made["fac"], made["view"])
    return {
        "board": board,
        "facilitator_token": made["fac"],
        "viewer_token": made["view"],
        "join_code": board["join_code"],
        "previous_id": actor.board_id,
        **links,
    }


@router.post("/boards/{board_id}/review", status_code=201)
async def start_review(
    board_id: str, request: Request, actor: ActorDep, db: DbDep, settings: SettingsDep
) -> dict[str, Any]:
    """Facilitator of a closed board: a new review board carrying the family, the earlier map
    (read-only) and every action not yet done; new join code, new links."""
    return await start(request, db, settings, actor)


@router.get("/boards/{board_id}/review")
async def get_review(board_id: str, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    """The review side of the board (`is_review: false` and only `next` for a first meeting)."""
    return await read_only(db, lambda s: review.review_view(s, board_id, actor))


@router.post("/boards/{board_id}/review/actions/{action_id}")
async def mark_action(
    board_id: str, action_id: str, body: ActionMark, actor: WriterDep, db: DbDep, hub: HubDep
) -> dict[str, Any]:
    """Mark an action carried forward: done, in progress or not done, with a word on evidence."""
    return await write(db, hub, board_id, lambda s: review.mark_action(s, actor, action_id, body))


@router.post("/boards/{board_id}/review/evidence", status_code=201)
async def add_evidence(
    board_id: str, body: EvidenceCreate, actor: WriterDep, db: DbDep, hub: HubDep, settings: SettingsDep
) -> dict[str, Any]:
    """Evidence on one of the three change questions, under the writer's agency."""
    return await write(db, hub, board_id, lambda s: review.add_evidence(s, actor, body, settings.max_note_length))


@router.delete("/boards/{board_id}/review/evidence/{evidence_id}", status_code=204)
async def delete_evidence(board_id: str, evidence_id: str, actor: WriterDep, db: DbDep, hub: HubDep) -> Response:
    await write(db, hub, board_id, lambda s: review.delete_evidence(s, actor, evidence_id))
    return Response(status_code=204)


@router.post("/boards/{board_id}/review/ratings/{question}")
async def set_rating(
    board_id: str, question: str, body: RatingSet, actor: ActorDep, db: DbDep, hub: HubDep
) -> dict[str, Any]:
    """The rating the room agrees on one question (facilitator): not_yet, partly or clearly."""
    return await write(db, hub, board_id, lambda s: review.set_rating(s, actor, question, body))


# ---- the referral summary ---------------------------------------------------------------------

REFERRAL_MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


async def referral_file(
    request: Request, db: Any, actor: Actor, fmt: str, audience: str, include: list[str] | None
) -> Response:
    """The file of the ticked items; recorded in the audit trail (format, audience, how many)."""
    import anyio

    from app.boards import referral
    from app.export.referral_doc import (
        build_referral_view,
        referral_filename,
        render_referral_docx,
        render_referral_pdf,
    )
    from app.web.exports import _renders

    service.require_facilitator(actor)
    await limit(request, "export", actor.participant_id)

    def unit(s: Any) -> tuple[referral.ReferralData, list[Any]]:
        data = referral.referral_data(s, actor)
        items = referral.chosen(data, include)
        referral.record_download(s, actor, fmt, audience, len(items))
        return data, items

    data, items = await read(db, unit)
    view = build_referral_view(data.title, data.created_at, data.family, items, data.ratings, audience)
    render = render_referral_pdf if fmt == "pdf" else render_referral_docx
    async with _renders:
        body = await anyio.to_thread.run_sync(render, view)
    name = referral_filename(data.title, data.created_at, fmt)
    return Response(
        body,
        media_type=REFERRAL_MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@router.get("/boards/{board_id}/referral")
async def referral_preview(board_id: str, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    """What the referral summary of this closed board can hold (facilitator): the offered items by
    part and group, each `ticked` by default or held back with a `reason`, and the `excluded`
    items that can never go in."""
    from app.boards import referral

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
