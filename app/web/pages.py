"""Browser pages and the htmx form endpoints behind them."""

from __future__ import annotations

from typing import Any

import segno
from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from app.auth import facilitators
from app.boards import checks, service
from app.boards import notes as note_service
from app.boards import repository as repo
from app.boards.shapes import NoteJSON, ParticipantJSON
from app.boards.tokens import normalise_join_code
from app.boards.visibility import Actor, flagged_notes, participant_out
from app.config import Settings, get_settings
from app.db import Database
from app.errors import DomainError, Invalid, NotFound
from app.realtime.envelope import BoardEvent
from app.realtime.hub import Hub
from app.schemas import BoardCreate, FlagResolve, GapAction, JoinRequest, NoteCreate, NoteUpdate, PersonIn
from app.web.access import guarded_join
from app.web.deps import (
    MEMBER_COOKIE,
    VIEWER_COOKIE,
    DbDep,
    HubDep,
    SettingsDep,
    authenticate,
    base_url,
    client_address,
    limit,
    note_writer,
    projector_actor,
    read,
    read_only,
    write,
)
from app.web.html import page, set_board_cookie, validated
from app.web.links import enter_url, join_url
from app.web.staff import creation_gate, current_staff, require_board_facilitator, staff_context
from app.web.templating import templates

router = APIRouter(include_in_schema=False)

OTHER_AGENCY = "other"  # the join form's "Other (type it below)" choice


# ---- landing and creation -------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
async def index(request: Request, settings: SettingsDep) -> HTMLResponse:
    if settings.oidc.enabled:
        return page(request, "index.html", needs_key=False, **await staff_context(request, settings))
    return page(request, "index.html", needs_key=settings.create_key is not None)


@router.get("/accessibility", response_class=HTMLResponse)
async def accessibility(request: Request) -> HTMLResponse:
    """The accessibility statement: public, linked from every page's footer."""
    return page(request, "accessibility.html")


@router.post("/boards", response_class=HTMLResponse)
async def create_board(request: Request, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    await limit(request, "create", client_address(request))
    form = await request.form()
    staff = await creation_gate(request, settings, str(form.get("create_key") or "") or None)
    names, roles, ages = form.getlist("person_name"), form.getlist("person_role"), form.getlist("person_age")
    family = []
    for name, role, age in zip(names, roles, ages, strict=False):
        if str(name).strip():
            family.append(
                validated(
                    PersonIn, {"name": name, "role": role, "age": int(str(age)) if str(age).strip().isdigit() else None}
                )
            )
    data = validated(
        BoardCreate,
        {
            "title": form.get("title") or "",
            "family": [p.model_dump() for p in family],
            "admit_mode": form.get("admit_mode") or "auto",
            "facilitator_name": str(form.get("facilitator_name") or "").strip() or None,
            "facilitator_role": str(form.get("facilitator_role") or "").strip() or None,
        },
    )
    board, fac, view = await read(db, lambda s: service.create_board(s, data, **facilitators.creator(staff)))
    base = base_url(request, settings)
    response = page(
        request,
        "created.html",
        board=board,
        join_link=join_url(base, board.id, board.join_code),
        facilitator_link=enter_url(base, board.id, fac),
        present_link=enter_url(base, board.id, view),
        signed_in=staff is not None,
    )
    if staff is None:  # signed-in staff open their boards through their session, which sign-out ends
        set_board_cookie(request, response, MEMBER_COOKIE.format(board.id), fac, settings)
    return response


@router.get("/b/{board_id}/enter", response_model=None)
async def enter(request: Request, board_id: str, db: DbDep, settings: SettingsDep, k: str = "") -> Response:
    """Exchange a link's secret for a cookie, then go to a clean address."""

    def lookup(s: Session) -> Actor:
        return service.authenticate(s, board_id, k, allow_waiting=True)

    actor = await read(db, lookup)
    viewer = actor.role == "viewer"
    target = f"/b/{board_id}/present" if viewer else f"/b/{board_id}"
    if request.headers.get("sec-fetch-site", "none") in ("none", "same-origin"):
        response: Response = RedirectResponse(target, status_code=303)
    else:
        # SameSite=Strict cookies are not sent on a redirect that began on another site (the
        # link was clicked in an email), so land on a page of ours that moves on by itself.
        response = page(request, "enter.html", target=target)
    set_board_cookie(request, response, (VIEWER_COOKIE if viewer else MEMBER_COOKIE).format(board_id), k, settings)
    return response


# ---- joining ---------------------------------------------------------------------------


@router.get("/join", response_model=None)
async def join_by_code(request: Request, db: DbDep, code: str = "") -> Response:
    code = normalise_join_code(code)
    if not code:
        return page(request, "join_code.html")
    await request.app.state.limits.test("join_failure", client_address(request))
    board = await read_only(db, lambda s: repo.board_by_join_code(s, code))
    if board is None:
        await limit(request, "join_failure", client_address(request))
        return page(
            request,
            "join_code.html",
            status=404,
            code=code,
            error="No open meeting has that code. Check the code on the room's screen.",
        )
    return RedirectResponse(f"/join/{board.id}?code={code}", status_code=303)


async def _already_here(request: Request, db: Database, board_id: str) -> Response | None:
    """This browser already holds a place on the board (its cookie): opening the join link again,
    or sending the join form again, takes it back to that place instead of making a second
    person, who would leave the first an offline ghost unable to edit her own notes."""
    token = request.cookies.get(MEMBER_COOKIE.format(board_id))
    if not token:
        return None
    # The cookie is read directly, without the origin check of state-changing requests: the
    # join form's POST carries `Origin: null` (no-referrer policy), and this only redirects.
    try:
        actor = await read_only(db, lambda s: service.authenticate(s, board_id, token, allow_waiting=True))
    except DomainError:  # removed, or a stale cookie: join afresh
        return None
    target = f"/b/{board_id}/waiting" if actor.status == "waiting" else f"/b/{board_id}"
    return RedirectResponse(target, status_code=303)


@router.get("/join/{board_id}", response_model=None)
async def join_form(request: Request, board_id: str, db: DbDep, code: str = "") -> Response:
    board = await read_only(db, lambda s: repo.get_board(s, board_id))
    if board is None:
        raise NotFound("This meeting does not exist any more.")
    back = await _already_here(request, db, board_id)
    if back is not None:
        return back
    staff = await current_staff(request)
    return page(
        request,
        "join.html",
        board_id=board_id,
        title=board.title if board.status != "closed" else None,
        code=code,
        closed=board.status == "closed",
        # Signed-in staff join with their name and organisation from their identity provider.
        name=staff.name if staff else "",
        agency=staff.organisation or "" if staff else "",
        signed_in=staff is not None,
    )


@router.post("/join/{board_id}", response_model=None)
async def join(request: Request, board_id: str, db: DbDep, hub: HubDep, settings: SettingsDep) -> Response:
    back = await _already_here(request, db, board_id)
    if back is not None:
        return back
    form = await request.form()
    choice = str(form.get("agency") or "").strip()
    other = str(form.get("agency_other") or "").strip()
    # The list is a required choice; "Other" (or, without the list, nothing chosen) takes the typed agency.
    agency = other if choice in ("", OTHER_AGENCY) else choice
    if not agency:
        return page(
            request,
            "join.html",
            status=422,
            board_id=board_id,
            title=None,
            code=str(form.get("join_code") or ""),
            error=(
                "Type your agency in the box under the list."
                if choice == OTHER_AGENCY
                else "Choose your agency from the list, or choose “Other” and type it."
            ),
            error_field="agency",
            name=str(form.get("name") or ""),
            agency="",
        )
    data = validated(
        JoinRequest, {"join_code": form.get("join_code") or "", "name": form.get("name") or "", "agency": agency}
    )
    staff = await current_staff(request, settings)
    identity = staff.identity if staff else None
    try:
        p, token = await guarded_join(
            request, lambda: write(db, hub, board_id, lambda s: _join(s, board_id, data, settings, identity))
        )
    except DomainError as exc:
        return page(
            request,
            "join.html",
            status=exc.status,
            board_id=board_id,
            title=None,
            code=data.join_code,
            error=exc.detail,
            name=data.name,
            agency=data.agency,
        )
    target = f"/b/{board_id}" if p["status"] == "admitted" else f"/b/{board_id}/waiting"
    response = RedirectResponse(target, status_code=303)
    set_board_cookie(request, response, MEMBER_COOKIE.format(board_id), token, settings)
    return response


def _join(
    s: Session, board_id: str, data: JoinRequest, settings: Settings, identity: str | None = None
) -> tuple[tuple[ParticipantJSON, str], list[BoardEvent]]:
    p, token, events = service.join(s, board_id, data, settings, identity=identity)
    return (participant_out(p), token), events


@router.get("/b/{board_id}/waiting", response_class=HTMLResponse)
async def waiting(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> Response:
    actor = await authenticate(request, db, board_id, settings, allow_waiting=True)
    if actor.status == "admitted":
        return RedirectResponse(f"/b/{board_id}", status_code=303)
    return page(request, "waiting.html", board_id=board_id, actor=actor)


@router.get("/b/{board_id}/waiting/status", response_class=HTMLResponse)
async def waiting_status(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> Response:
    actor = await authenticate(request, db, board_id, settings, allow_waiting=True)
    if actor.status == "admitted":
        return Response(status_code=204, headers={"HX-Redirect": f"/b/{board_id}"})
    return Response(status_code=204)


# ---- the board and the projector -----------------------------------------------------


@router.get("/b/{board_id}", response_class=HTMLResponse)
async def board_page(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> Response:
    try:
        actor = await authenticate(request, db, board_id, settings)
    except DomainError as exc:
        if exc.code == "waiting":
            return RedirectResponse(f"/b/{board_id}/waiting", status_code=303)
        raise
    if actor.role == "viewer":
        return RedirectResponse(f"/b/{board_id}/present", status_code=303)
    board = await read_only(db, lambda s: service.board_view(s, board_id, actor))
    base = base_url(request, settings)
    return page(
        request,
        "board.html",
        board=board,
        actor=actor,
        join_link=join_url(base, board_id, board["join_code"] or ""),
        flagged=flagged_notes(board["notes"]) if actor.is_facilitator else [],
    )


@router.get("/b/{board_id}/present", response_class=HTMLResponse)
async def present(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    actor = await projector_actor(request, db, board_id, settings)
    board = await read_only(db, lambda s: service.board_view(s, board_id, actor))
    link = join_url(base_url(request, settings), board_id, board["join_code"] or "")
    qr = segno.make(link, error="m").svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True)
    return page(request, "present.html", board=board, actor=actor, join_link=link, qr_svg=qr, present=True)


@router.post("/b/{board_id}/projector-link", response_class=HTMLResponse)
async def projector_link(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    actor = await authenticate(request, db, board_id, settings)
    token = await read(db, lambda s: service.new_viewer_token(s, actor))
    link = enter_url(base_url(request, settings), board_id, token)
    return HTMLResponse(templates.env.get_template("partials/_projector_link.html").render(link=link))


# ---- htmx actions ----------------------------------------------------------------------


def _note_fields(form: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("section", "text", "kind", "owner", "due", "source"):
        value = form.get(key)
        if value is not None and (str(value).strip() or key in ("text",)):
            out[key] = str(value)
    if "text" in out:  # browsers send a box's line breaks as CRLF; count them as people see them
        out["text"] = out["text"].replace("\r\n", "\n")
    out["confidential"] = form.get("confidential") in ("on", "true", "1")
    if out.get("kind") != "action":
        out.pop("owner", None)
        out.pop("due", None)
    return out


def _tag_fields(form: Any) -> dict[str, Any]:
    """The note form's child and pathway boxes (partials/_note_tags.html) as `about` and
    `pathways`. Only a form that carries the tags block changes them: `tags=1` marks it, so an
    edit can clear them and a move (no block) leaves them alone."""
    if form.get("tags") != "1":
        return {}
    boxes = [str(k) for k, v in form.multi_items() if v == "on"]
    return {
        "about": [k.removeprefix("about_") for k in boxes if k.startswith("about_")],
        "pathways": [k.removeprefix("pathway_") for k in boxes if k.startswith("pathway_")],
    }


@router.post("/b/{board_id}/notes", response_class=HTMLResponse)
async def add_note(request: Request, board_id: str, db: DbDep, hub: HubDep, settings: SettingsDep) -> Response:
    actor = await note_writer(request, await authenticate(request, db, board_id, settings))
    form = await request.form()
    fields = {**_note_fields(form), **_tag_fields(form)}
    if form.get("client_id"):
        fields["client_id"] = str(form.get("client_id"))
    data = validated(NoteCreate, fields)

    def unit(s: Session) -> tuple[NoteJSON, list[BoardEvent]]:
        note, events, _ = note_service.create_note(s, actor, data, settings)
        return note, events

    await write(db, hub, board_id, unit)
    return Response(status_code=204, headers={"HX-Trigger": "note-saved"})


@router.get("/b/{board_id}/notes/{note_id}/edit", response_class=HTMLResponse)
async def edit_form(request: Request, board_id: str, note_id: str, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    actor = await authenticate(request, db, board_id, settings)
    board = await read_only(db, lambda s: service.board_view(s, board_id, actor))
    note = next((n for n in board["notes"] if n["id"] == note_id), None)
    if note is None:
        raise NotFound("This note no longer exists; someone may have deleted it.")
    return HTMLResponse(
        templates.env.get_template("partials/_editor.html").render(note=note, board_id=board_id, family=board["family"])
    )


async def _update(
    request: Request, board_id: str, note_id: str, fields: dict[str, Any], db: Database, hub: Hub, settings: Settings
) -> Response:
    actor = await note_writer(request, await authenticate(request, db, board_id, settings))
    data = validated(NoteUpdate, fields)
    await write(db, hub, board_id, lambda s: note_service.update_note(s, actor, note_id, data, settings))
    return Response(status_code=204, headers={"HX-Trigger": "note-saved"})


@router.post("/b/{board_id}/notes/{note_id}", response_class=HTMLResponse)
async def save_note(
    request: Request, board_id: str, note_id: str, db: DbDep, hub: HubDep, settings: SettingsDep
) -> Response:
    form = await request.form()
    fields = {**_note_fields(form), **_tag_fields(form)}
    if fields.get("kind") == "action":
        fields.setdefault("owner", None)
        fields.setdefault("due", None)
    if "source" in form:  # the editor's Source box, emptied: nobody is named as its source now
        fields.setdefault("source", None)
    fields["version"] = form.get("version")
    return await _update(request, board_id, note_id, fields, db, hub, settings)


@router.post("/b/{board_id}/notes/{note_id}/move", response_class=HTMLResponse)
async def move_note(
    request: Request, board_id: str, note_id: str, db: DbDep, hub: HubDep, section: str = Form(), version: str = Form()
) -> Response:
    return await _update(request, board_id, note_id, {"section": section, "version": version}, db, hub, get_settings())


@router.post("/b/{board_id}/notes/{note_id}/delete", response_class=HTMLResponse)
async def remove_note(
    request: Request, board_id: str, note_id: str, db: DbDep, hub: HubDep, settings: SettingsDep
) -> Response:
    actor = await note_writer(request, await authenticate(request, db, board_id, settings))
    await write(db, hub, board_id, lambda s: (None, note_service.delete_note(s, actor, note_id)))
    return Response(status_code=204)


@router.post("/b/{board_id}/control/{action}", response_class=HTMLResponse)
async def control(
    request: Request, board_id: str, action: str, db: DbDep, hub: HubDep, settings: SettingsDep
) -> Response:
    actor = await authenticate(request, db, board_id, settings)
    form = await request.form()
    changes: dict[str, Any]
    if action == "focus":
        changes = {"focus": service.validate_focus(str(form.get("section") or "") or None)}
    elif action in ("lock", "unlock", "close"):
        changes = {"status": {"lock": "locked", "unlock": "open", "close": "closed"}[action]}
    elif action == "reopen":
        if actor.is_facilitator:  # others are refused by the service, as before
            await require_board_facilitator(request, board_id)
        changes = {"reopen": True}
    elif action == "show-gaps":
        changes = {"show_gaps": form.get("show") == "1"}
    elif action == "admit-mode":
        mode = str(form.get("admit_mode") or "")
        if mode not in ("auto", "manual"):
            raise Invalid("Choose whether people are admitted at once or by hand.")
        changes = {"admit_mode": mode}
    else:
        raise NotFound("Unknown control.")
    await write(db, hub, board_id, lambda s: service.update_board(s, actor, **changes))
    return Response(status_code=204)


@router.post("/b/{board_id}/participants/{pid}/{action}", response_class=HTMLResponse)
async def participant_control(
    request: Request, board_id: str, pid: str, action: str, db: DbDep, hub: HubDep, settings: SettingsDep
) -> Response:
    actor = await authenticate(request, db, board_id, settings)
    status = {"admit": "admitted", "remove": "removed"}.get(action)
    if status is None:
        raise NotFound("Unknown action.")
    await write(db, hub, board_id, lambda s: service.set_participant_status(s, actor, pid, status))
    return Response(status_code=204)


# ---- practice checks -------------------------------------------------------------------


@router.post("/b/{board_id}/hint", response_class=HTMLResponse)
async def hint(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    """The private hint under the note box while someone types: only the typist sees it."""
    await authenticate(request, db, board_id, settings)
    await limit(request, "analyse", client_address(request))
    form = await request.form()
    text = str(form.get("text") or "")[: settings.max_note_length]
    section = str(form.get("section") or "") or None
    flags = []
    if text.strip():
        # The typist's board's family panel: "Kayleigh" is read as her, as on the saved note.
        family = await read_only(db, lambda s: checks.family_for(s, board_id))
        flags = checks.flags_for(text, section, family)
    return HTMLResponse(templates.env.get_template("partials/_hint.html").render(flags=flags))


@router.post("/b/{board_id}/notes/{note_id}/flags/{category}", response_class=HTMLResponse)
async def resolve_flag(
    request: Request, board_id: str, note_id: str, category: str, db: DbDep, hub: HubDep, settings: SettingsDep
) -> Response:
    actor = await note_writer(request, await authenticate(request, db, board_id, settings))
    form = await request.form()
    data = validated(FlagResolve, {"status": form.get("status") or "", "reason": form.get("reason") or None})
    await write(db, hub, board_id, lambda s: note_service.resolve_flag(s, actor, note_id, category, data))
    return Response(status_code=204)


@router.post("/b/{board_id}/gaps/{gap_id}/action", response_class=HTMLResponse)
async def gap_action(
    request: Request, board_id: str, gap_id: str, db: DbDep, hub: HubDep, settings: SettingsDep
) -> Response:
    actor = await note_writer(request, await authenticate(request, db, board_id, settings))
    form = await request.form()
    fields = {
        "owner": form.get("owner") or "",
        "text": str(form.get("text") or "").strip() or None,
        "due": str(form.get("due") or "") or None,
    }
    data = validated(GapAction, fields)
    await write(db, hub, board_id, lambda s: note_service.gap_to_action(s, actor, gap_id, data, settings))
    return Response(status_code=204, headers={"HX-Trigger": "note-saved"})


@router.get("/b/{board_id}/history", response_class=HTMLResponse)
async def history(request: Request, board_id: str, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    actor = await authenticate(request, db, board_id, settings)
    board, rows = await read_only(db, lambda s: (service.board_view(s, board_id, actor), service.audit_trail(s, actor)))
    return page(request, "history.html", board=board, rows=rows, actor=actor)
