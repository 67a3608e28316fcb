"""After the meeting, in the browser: the review panel on a review board (loaded by htmx into
the board page, refreshed after every live message), starting a review from a closed board,
the referral summary's preview and the minutes editor."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.boards import minutes, referral, review, service
from app.boards.shapes import ReviewJSON
from app.boards.visibility import Actor
from app.config import Settings
from app.db import Database
from app.errors import Conflict, Forbidden, Invalid
from app.local_time import local
from app.practice.behaviour import KIND_LABELS
from app.practice.review import ACTION_STATUSES, RATINGS
from app.schemas_followup import ActionMark, EvidenceCreate, MinutesUpdate, RatingSet, ReferralRequest
from app.web.deps import (
    MEMBER_COOKIE,
    DbDep,
    HubDep,
    SettingsDep,
    authenticate,
    base_url,
    note_writer,
    read,
    read_only,
    write,
)
from app.web.followup import referral_file, start
from app.web.html import page, set_board_cookie, validated
from app.web.links import enter_url, join_url
from app.web.minutes_form import as_text, content_from_form
from app.web.templating import env, render

router = APIRouter(include_in_schema=False)


def meeting_day(value: str | None) -> str:
    """ "Fri 28 Nov 2026" for an ISO time, in UK time (the day the meeting was held)."""
    if not value:
        return ""
    when = local(value)
    return f"{when:%a} {when.day} {when:%b %Y}"


env.globals.update(STATUS_LABELS=ACTION_STATUSES, RATING_LABELS=RATINGS, KIND_LABELS=KIND_LABELS)
env.filters["meeting_day"] = meeting_day


async def _member(request: Request, db: Database, board_id: str, settings: Settings) -> Actor:
    actor = await authenticate(request, db, board_id, settings)
    if actor.role == "viewer":  # a viewer bearer token: member pages are for members
        raise Forbidden("The projector view is read-only.")
    return actor


# ---- starting the review ---------------------------------------------------------------------


@router.post("/b/{board_id}/review/start", response_class=HTMLResponse)
async def start_review(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    """The facilitator of a closed board starts its review (htmx): the new board's links, shown
    once, where she asked, and her cookie for it. If it was started already, a link to it."""
    actor = await _member(request, db, board_id, settings)
    try:
        made = await start(request, db, settings, actor)
    except Conflict as exc:
        if exc.code != "review_exists":
            raise
        link = f"/b/{exc.extra['review_id']}"
        return HTMLResponse(render("partials/_review_exists.html", link=link))
    board, base = made["board"], base_url(request, settings)
    response = HTMLResponse(
        render(
            "partials/_review_started.html",
            board=board,
            join_link=join_url(base, board["id"], made["join_code"]),
            facilitator_link=enter_url(base, board["id"], made["facilitator_token"]),
            present_link=enter_url(base, board["id"], made["viewer_token"]),
        )
    )
    set_board_cookie(request, response, MEMBER_COOKIE.format(board["id"]), made["facilitator_token"], settings)
    return response


# ---- the review panel -------------------------------------------------------------------------


def _context(view: ReviewJSON, actor: Actor, board_id: str, status: str) -> dict[str, Any]:
    editable = status == "open" or (status == "locked" and actor.is_facilitator)
    return {"review": view, "actor": actor, "board_id": board_id, "editable": editable}


async def _panel(db: Database, board_id: str, actor: Actor) -> tuple[ReviewJSON, str]:
    def load(s: Session) -> tuple[ReviewJSON, str]:
        return review.review_view(s, board_id, actor), service.load_board(s, board_id).status

    return await read_only(db, load)


@router.get("/b/{board_id}/review", response_class=HTMLResponse)
async def review_panel(request: Request, board_id: str, db: DbDep, settings: SettingsDep, part: str = "") -> Response:
    """The whole panel (and the earlier notes into each section), or with `part=live` only the
    parts that change, as out-of-band swaps. Nothing (204) on a board that is not a review."""
    actor = await _member(request, db, board_id, settings)
    view, status = await _panel(db, board_id, actor)
    if not view["is_review"]:
        return Response(status_code=204)
    ctx = _context(view, actor, board_id, status)
    name = "partials/_review_live.html" if part == "live" else "partials/_review_panel.html"
    return HTMLResponse(render(name, **ctx))


async def _after_change(
    db: Database, board_id: str, actor: Actor, question: str | None = None, action_id: str | None = None
) -> HTMLResponse:
    return HTMLResponse(await _changed_parts(db, board_id, actor, question, action_id))


async def _changed_parts(
    db: Database, board_id: str, actor: Actor, question: str | None = None, action_id: str | None = None
) -> str:
    """The live parts, for the person who just made the change (others get them after the
    live message); with `question`, a fresh (empty) evidence form for it; with `action_id`, the
    version her mark form for that action now sends (others' forms keep the version their page
    showed, so a mark made from an older page is refused, not silently laid over a newer one)."""
    view, status = await _panel(db, board_id, actor)
    ctx = _context(view, actor, board_id, status)
    out = render("partials/_review_live.html", **ctx)
    if question:
        out += render("partials/_review_evidence_form.html", **ctx, fresh=True, question=question)
    for a in view["actions"] if action_id else []:
        if a["id"] == action_id:
            out += render("partials/_review_mark_version.html", a=a, oob=True)
    return out


@router.post("/b/{board_id}/review/actions/{action_id}", response_class=HTMLResponse)
async def mark_action(
    request: Request, board_id: str, action_id: str, db: DbDep, hub: HubDep, settings: SettingsDep
) -> HTMLResponse:
    actor = await note_writer(request, await _member(request, db, board_id, settings))
    form = await request.form()
    if not form.get("status"):
        raise Invalid("Choose done, in progress or not done.", code="status_required")
    version = form.get("version")  # the action as her page showed it (absent from older pages)
    data = validated(
        ActionMark,
        {
            "status": form.get("status"),
            "evidence": form.get("evidence") or "",
            "version": int(version) if isinstance(version, str) and version.isdigit() else None,
        },
    )
    try:
        await write(db, hub, board_id, lambda s: review.mark_action(s, actor, action_id, data))
    except Conflict as exc:
        if exc.code != "version_conflict":
            raise
        # Refused as the API refuses it; her page now shows the mark as it stands, and saving
        # again (deliberately) replaces it.
        shown = await _changed_parts(db, board_id, actor, action_id=action_id)
        return HTMLResponse(render("partials/_error.html", message=exc.detail) + shown, status_code=exc.status)
    return await _after_change(db, board_id, actor, action_id=action_id)


@router.post("/b/{board_id}/review/evidence", response_class=HTMLResponse)
async def add_evidence(request: Request, board_id: str, db: DbDep, hub: HubDep, settings: SettingsDep) -> HTMLResponse:
    actor = await note_writer(request, await _member(request, db, board_id, settings))
    form = await request.form()
    data = validated(
        EvidenceCreate,
        {
            "question": form.get("question") or "",
            "text": form.get("text") or "",
            "confidential": form.get("confidential") in ("on", "true", "1"),
        },
    )
    await write(db, hub, board_id, lambda s: review.add_evidence(s, actor, data, settings.max_note_length))
    return await _after_change(db, board_id, actor, data.question)


@router.post("/b/{board_id}/review/evidence/{evidence_id}/delete", response_class=HTMLResponse)
async def delete_evidence(
    request: Request, board_id: str, evidence_id: str, db: DbDep, hub: HubDep, settings: SettingsDep
) -> HTMLResponse:
    actor = await note_writer(request, await _member(request, db, board_id, settings))
    await write(db, hub, board_id, lambda s: review.delete_evidence(s, actor, evidence_id))
    return await _after_change(db, board_id, actor)


@router.post("/b/{board_id}/review/rating/{question}", response_class=HTMLResponse)
async def set_rating(
    request: Request, board_id: str, question: str, db: DbDep, hub: HubDep, settings: SettingsDep
) -> HTMLResponse:
    actor = await _member(request, db, board_id, settings)
    form = await request.form()
    rating = str(form.get("rating") or "")
    if not rating:
        raise Invalid("Choose the rating the room agrees: not yet, partly or clearly.", code="rating_required")
    data = validated(RatingSet, {"rating": rating})
    await write(db, hub, board_id, lambda s: review.set_rating(s, actor, question, data))
    return await _after_change(db, board_id, actor)


# ---- the referral summary ---------------------------------------------------------------------


@router.get("/b/{board_id}/referral", response_class=HTMLResponse)
async def referral_page(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    """The facilitator's preview: what the summary can hold, ticked or not, and what it never holds."""
    actor = await _member(request, db, board_id, settings)
    preview = await read_only(db, lambda s: referral.preview(s, actor))
    return page(request, "referral.html", preview=preview, board_id=board_id, actor=actor)


@router.get("/b/{board_id}/referral/file", response_model=None)
async def referral_download(
    request: Request, board_id: str, db: DbDep, settings: SettingsDep, format: str = "pdf", audience: str = "programme"
) -> Response:
    """The preview form's download (a GET form: the file is the answer)."""
    actor = await _member(request, db, board_id, settings)
    include = [str(v) for v in request.query_params.getlist("include")]
    data = validated(ReferralRequest, {"format": format, "audience": audience, "include": include})
    return await referral_file(request, db, actor, data.format, data.audience, data.include)


# ---- the minutes ------------------------------------------------------------------------------


@router.get("/b/{board_id}/minutes", response_class=HTMLResponse)
async def minutes_page(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    """The minutes editor (facilitator of a closed board); drafted from the board on first look."""
    actor = await _member(request, db, board_id, settings)
    m = await read(db, lambda s: minutes.get_minutes(s, actor))
    return page(request, "minutes.html", m=m, board_id=board_id, as_text=as_text)


@router.post("/b/{board_id}/minutes", response_class=HTMLResponse)
async def minutes_save(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> Response:
    """The editor's buttons (htmx): save, save and mark final, back to draft, draft again."""
    actor = await _member(request, db, board_id, settings)
    form = await request.form()
    action = str(form.get("action") or "save")
    if action not in ("save", "final", "draft", "redraft"):
        raise Invalid("Unknown button.", code="unknown_action")
    if action in ("save", "final"):
        current = await read(db, lambda s: minutes.get_minutes(s, actor))
        fields = content_from_form(form, current["content"])
        data = validated(MinutesUpdate, {**fields, "version": form.get("version")})
        await read(db, lambda s: minutes.save(s, actor, data))
    if action != "save":
        await read(db, lambda s: minutes.change_status(s, actor, action))
    return Response(status_code=204, headers={"HX-Redirect": f"/b/{board_id}/minutes"})
