"""The public JSON API (shared/contract.md)."""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse

from app.auth import facilitators
from app.boards import checks, service
from app.boards import notes as note_service
from app.boards.views import Actor, participant_out
from app.errors import DomainError, Forbidden, NotFound
from app.schemas import (
    AdmitModeRequest,
    AnalyseRequest,
    AnalyseResult,
    AuditOut,
    BoardCreate,
    BoardCreated,
    BoardOut,
    ErrorOut,
    FlagResolve,
    FocusRequest,
    GapAction,
    Health,
    JoinRequest,
    JoinResult,
    NoteCreate,
    NoteOut,
    NoteUpdate,
    ParticipantOut,
    ShowGapsRequest,
)
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
from app.web.staff import creation_gate, require_board_facilitator

ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 422, 429)}
T = TypeVar("T")
router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


def _served_on_network(request: Request) -> bool:
    server = request.scope.get("server")
    if not server:
        return False
    try:
        return not ipaddress.ip_address(server[0]).is_loopback
    except ValueError:
        return False  # a name, as in the test client


async def guarded_join(request: Request, attempt: Callable[[], Awaitable[T]]) -> T:
    """Joins are limited per address; wrong codes are counted apart, so that codes cannot be
    found by trying while a room of people behind one address can still join."""
    address = client_address(request)
    await request.app.state.limits.test("join_failure", address)
    await limit(request, "join", address)
    try:
        return await attempt()
    except DomainError as exc:
        if exc.code == "bad_join_code":
            await limit(request, "join_failure", address)
        raise


def check_create_key(settings: Any, key: str | None, request: Request | None = None) -> None:
    expected = settings.create_key
    if expected is None:
        if request is not None and not settings.allow_open_creation and _served_on_network(request):
            # Started on a public address without CASEMAP_HOST saying so: stay closed.
            raise Forbidden(
                "Board creation is open to anyone on this network. Ask your IT team to set "
                "CASEMAP_CREATE_KEY (or CASEMAP_ALLOW_OPEN_CREATION=1 if that is intended).",
                code="create_key_required",
            )
        return
    import hmac

    if key is None or not hmac.compare_digest(key.encode(), expected.get_secret_value().encode()):
        raise Forbidden("Creating a board needs the organisation's create key.", code="create_key_required")


@router.post("/boards", status_code=201, response_model=BoardCreated)
async def create_board(
    body: BoardCreate,
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    x_create_key: str | None = Header(default=None),
) -> dict[str, Any]:
    await limit(request, "create", client_address(request))
    staff = await creation_gate(request, settings, x_create_key)

    def unit(s: Any) -> dict[str, Any]:
        board, fac, view = service.create_board(s, body, **facilitators.creator(staff))
        actor = Actor("", board.id, "facilitator", "admitted", "", "")
        return {"board": service.board_view(s, board.id, actor), "fac": fac, "view": view}

    made = await read(db, unit)
    board = made["board"]
    links = board_links(base_url(request, settings), board["id"], board["join_code"], made["fac"], made["view"])
    return {
        "board": board,
        "facilitator_token": made["fac"],
        "viewer_token": made["view"],
        "join_code": board["join_code"],
        **links,
    }


@router.post("/boards/{board_id}/join", status_code=201, response_model=JoinResult)
async def join_board(
    board_id: str, body: JoinRequest, request: Request, db: DbDep, hub: HubDep, settings: SettingsDep
) -> dict[str, Any]:
    def unit(s: Any) -> tuple[dict[str, Any], list[Any]]:
        p, token, events = service.join(s, board_id, body, settings)
        return {"participant": participant_out(p), "token": token}, events

    result: dict[str, Any] = await guarded_join(request, lambda: write(db, hub, board_id, unit))
    return result


@router.post("/boards/{board_id}/participants/{pid}/{action}", response_model=ParticipantOut)
async def participant_action(
    board_id: str, pid: str, action: str, actor: ActorDep, db: DbDep, hub: HubDep
) -> dict[str, Any]:
    statuses = {"admit": "admitted", "remove": "removed"}
    if action not in statuses:
        raise NotFound("Unknown action: use admit or remove.")
    p = await write(db, hub, board_id, lambda s: service.set_participant_status(s, actor, pid, statuses[action]))
    return participant_out(p)


@router.get("/boards/{board_id}", response_model=BoardOut)
async def get_board(board_id: str, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    return await read_only(db, lambda s: service.board_view(s, board_id, actor))


@router.get("/boards/{board_id}/audit", response_model=list[AuditOut])
async def get_audit(board_id: str, actor: ActorDep, db: DbDep) -> list[dict[str, Any]]:
    return await read_only(db, lambda s: service.audit_trail(s, actor))


@router.post("/boards/{board_id}/notes", status_code=201, response_model=NoteOut)
async def create_note(
    board_id: str, body: NoteCreate, actor: WriterDep, db: DbDep, hub: HubDep, settings: SettingsDep, response: Response
) -> dict[str, Any]:
    def unit(s: Any) -> tuple[tuple[dict[str, Any], bool], list[Any]]:
        note, events, created = note_service.create_note(s, actor, body, settings)
        return (note, created), events

    note, created = await write(db, hub, board_id, unit)
    if not created:
        response.status_code = 200
    return note


@router.patch("/boards/{board_id}/notes/{note_id}", response_model=NoteOut)
async def update_note(
    board_id: str, note_id: str, body: NoteUpdate, actor: WriterDep, db: DbDep, hub: HubDep, settings: SettingsDep
) -> dict[str, Any]:
    return await write(db, hub, board_id, lambda s: note_service.update_note(s, actor, note_id, body, settings))


@router.delete("/boards/{board_id}/notes/{note_id}", status_code=204)
async def delete_note(board_id: str, note_id: str, actor: WriterDep, db: DbDep, hub: HubDep) -> Response:
    await write(db, hub, board_id, lambda s: (None, note_service.delete_note(s, actor, note_id)))
    return Response(status_code=204)


@router.post("/boards/{board_id}/notes/{note_id}/flags/{category}", response_model=NoteOut)
async def resolve_flag(
    board_id: str, note_id: str, category: str, body: FlagResolve, actor: WriterDep, db: DbDep, hub: HubDep
) -> dict[str, Any]:
    return await write(db, hub, board_id, lambda s: note_service.resolve_flag(s, actor, note_id, category, body))


@router.post("/boards/{board_id}/focus", response_model=BoardOut)
async def set_focus(board_id: str, body: FocusRequest, actor: ActorDep, db: DbDep, hub: HubDep) -> dict[str, Any]:
    return await write(db, hub, board_id, lambda s: service.update_board(s, actor, focus=body.section))


@router.post("/boards/{board_id}/gaps/{gap_id}/action", status_code=201, response_model=NoteOut)
async def gap_to_action(
    board_id: str, gap_id: str, body: GapAction, actor: WriterDep, db: DbDep, hub: HubDep, settings: SettingsDep
) -> dict[str, Any]:
    return await write(db, hub, board_id, lambda s: note_service.gap_to_action(s, actor, gap_id, body, settings))


@router.post("/boards/{board_id}/show-gaps", response_model=BoardOut)
async def show_gaps(board_id: str, body: ShowGapsRequest, actor: ActorDep, db: DbDep, hub: HubDep) -> dict[str, Any]:
    return await write(db, hub, board_id, lambda s: service.update_board(s, actor, show_gaps=body.show))


@router.post("/boards/{board_id}/admit-mode", response_model=BoardOut)
async def set_admit_mode(
    board_id: str, body: AdmitModeRequest, actor: ActorDep, db: DbDep, hub: HubDep
) -> dict[str, Any]:
    return await write(db, hub, board_id, lambda s: service.update_board(s, actor, admit_mode=body.admit_mode))


@router.post("/boards/{board_id}/{action}", response_model=BoardOut)
async def board_action(
    board_id: str, action: str, actor: ActorDep, db: DbDep, hub: HubDep, request: Request
) -> dict[str, Any]:
    statuses = {"lock": "locked", "unlock": "open", "close": "closed"}
    if action == "reopen":
        if actor.is_facilitator:  # others are refused by the service, as before
            await require_board_facilitator(request, board_id)
        return await write(db, hub, board_id, lambda s: service.update_board(s, actor, reopen=True))
    if action not in statuses:
        raise NotFound("Unknown board action: use lock, unlock, close or reopen.")
    return await write(db, hub, board_id, lambda s: service.update_board(s, actor, status=statuses[action]))


@router.delete("/boards/{board_id}", status_code=204)
async def delete_board(board_id: str, actor: ActorDep, db: DbDep, hub: HubDep, request: Request) -> Response:
    if actor.is_facilitator:  # others are refused by the service, as before
        await require_board_facilitator(request, board_id)
    await write(db, hub, board_id, lambda s: service.delete_board(s, actor))
    await hub.announce_deleted(board_id)
    return Response(status_code=204)


@router.post("/analyse", response_model=AnalyseResult)
async def analyse(body: AnalyseRequest, request: Request) -> dict[str, Any]:
    await limit(request, "analyse", client_address(request))
    return {"flags": checks.flags_for(body.text, body.section)}


health_router = APIRouter()


@health_router.get("/healthz", response_model=Health, responses={503: {"model": ErrorOut}})
async def healthz(db: DbDep) -> Any:
    from sqlalchemy import text

    def ping(s: Any) -> None:
        s.execute(text("SELECT 1"))

    import anyio

    try:
        with anyio.fail_after(5):
            await read(db, ping)
    except Exception:
        return JSONResponse(
            {"detail": "The database is not answering.", "code": "database_unavailable"}, status_code=503
        )
    return {"status": "ok"}
