"""The public JSON API (shared/contract.md)."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlmodel import Session

from app.auth import facilitators
from app.boards import checks, service
from app.boards import notes as note_service
from app.boards.shapes import (
    AnalyseResultJSON,
    AuditJSON,
    BoardCreatedJSON,
    BoardJSON,
    JoinResultJSON,
    NoteJSON,
    ParticipantJSON,
)
from app.boards.visibility import participant_out
from app.errors import NotFound
from app.realtime.envelope import BoardEvent
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
from app.web.access import guarded_join
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
from app.web.staff import creation_gate, require_board_facilitator

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


@router.post("/boards", status_code=201, response_model=BoardCreated)
async def create_board(
    body: BoardCreate,
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    x_create_key: str | None = Header(default=None),
) -> BoardCreatedJSON:
    await limit(request, "create", client_address(request))
    staff = await creation_gate(request, settings, x_create_key)

    def unit(s: Session) -> NewBoard:
        return new_board(s, *service.create_board(s, body, **facilitators.creator(staff)))

    return board_created(request, settings, await read(db, unit))


@router.post("/boards/{board_id}/join", status_code=201, response_model=JoinResult)
async def join_board(
    board_id: str, body: JoinRequest, request: Request, db: DbDep, hub: HubDep, settings: SettingsDep
) -> JoinResultJSON:
    def unit(s: Session) -> tuple[JoinResultJSON, list[BoardEvent]]:
        p, token, events = service.join(s, board_id, body, settings)
        return {"participant": participant_out(p), "token": token}, events

    result: JoinResultJSON = await guarded_join(request, lambda: write(db, hub, board_id, unit))
    return result


@router.post("/boards/{board_id}/participants/{pid}/{action}", response_model=ParticipantOut)
async def participant_action(
    board_id: str, pid: str, action: str, actor: ActorDep, db: DbDep, hub: HubDep
) -> ParticipantJSON:
    statuses = {"admit": "admitted", "remove": "removed"}
    if action not in statuses:
        raise NotFound("Unknown action: use admit or remove.")
    p = await write(db, hub, board_id, lambda s: service.set_participant_status(s, actor, pid, statuses[action]))
    return participant_out(p)


@router.get("/boards/{board_id}", response_model=BoardOut)
async def get_board(board_id: str, actor: ActorDep, db: DbDep) -> BoardJSON:
    return await read_only(db, lambda s: service.board_view(s, board_id, actor))


@router.get("/boards/{board_id}/audit", response_model=list[AuditOut])
async def get_audit(board_id: str, actor: ActorDep, db: DbDep) -> list[AuditJSON]:
    return await read_only(db, lambda s: service.audit_trail(s, actor))


@router.post("/boards/{board_id}/notes", status_code=201, response_model=NoteOut)
async def create_note(
    board_id: str, body: NoteCreate, actor: WriterDep, db: DbDep, hub: HubDep, settings: SettingsDep, response: Response
) -> NoteJSON:
    def unit(s: Session) -> tuple[tuple[NoteJSON, bool], list[BoardEvent]]:
        note, events, created = note_service.create_note(s, actor, body, settings)
        return (note, created), events

    note, created = await write(db, hub, board_id, unit)
    if not created:
        response.status_code = 200
    return note


@router.patch("/boards/{board_id}/notes/{note_id}", response_model=NoteOut)
async def update_note(
    board_id: str, note_id: str, body: NoteUpdate, actor: WriterDep, db: DbDep, hub: HubDep, settings: SettingsDep
) -> NoteJSON:
    return await write(db, hub, board_id, lambda s: note_service.update_note(s, actor, note_id, body, settings))


@router.delete("/boards/{board_id}/notes/{note_id}", status_code=204)
async def delete_note(board_id: str, note_id: str, actor: WriterDep, db: DbDep, hub: HubDep) -> Response:
    await write(db, hub, board_id, lambda s: (None, note_service.delete_note(s, actor, note_id)))
    return Response(status_code=204)


@router.post("/boards/{board_id}/notes/{note_id}/flags/{category}", response_model=NoteOut)
async def resolve_flag(
    board_id: str, note_id: str, category: str, body: FlagResolve, actor: WriterDep, db: DbDep, hub: HubDep
) -> NoteJSON:
    return await write(db, hub, board_id, lambda s: note_service.resolve_flag(s, actor, note_id, category, body))


@router.post("/boards/{board_id}/focus", response_model=BoardOut)
async def set_focus(board_id: str, body: FocusRequest, actor: ActorDep, db: DbDep, hub: HubDep) -> BoardJSON:
    return await write(db, hub, board_id, lambda s: service.update_board(s, actor, focus=body.section))


@router.post("/boards/{board_id}/gaps/{gap_id}/action", status_code=201, response_model=NoteOut)
async def gap_to_action(
    board_id: str, gap_id: str, body: GapAction, actor: WriterDep, db: DbDep, hub: HubDep, settings: SettingsDep
) -> NoteJSON:
    return await write(db, hub, board_id, lambda s: note_service.gap_to_action(s, actor, gap_id, body, settings))


@router.post("/boards/{board_id}/show-gaps", response_model=BoardOut)
async def show_gaps(board_id: str, body: ShowGapsRequest, actor: ActorDep, db: DbDep, hub: HubDep) -> BoardJSON:
    return await write(db, hub, board_id, lambda s: service.update_board(s, actor, show_gaps=body.show))


@router.post("/boards/{board_id}/admit-mode", response_model=BoardOut)
async def set_admit_mode(board_id: str, body: AdmitModeRequest, actor: ActorDep, db: DbDep, hub: HubDep) -> BoardJSON:
    return await write(db, hub, board_id, lambda s: service.update_board(s, actor, admit_mode=body.admit_mode))


@router.post("/boards/{board_id}/{action}", response_model=BoardOut)
async def board_action(
    board_id: str, action: str, actor: ActorDep, db: DbDep, hub: HubDep, request: Request
) -> BoardJSON:
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
async def analyse(body: AnalyseRequest, request: Request) -> AnalyseResultJSON:
    await limit(request, "analyse", client_address(request))
    return {"flags": checks.flags_for(body.text, body.section)}


health_router = APIRouter()


@health_router.get("/healthz", response_model=Health, responses={503: {"model": ErrorOut}})
async def healthz(db: DbDep) -> Any:
    def ping(s: Session) -> None:
        s.execute(text("SELECT 1"))

    try:
        with anyio.fail_after(5):
            await read(db, ping)
    except Exception:
        return JSONResponse(
            {"detail": "The database is not answering.", "code": "database_unavailable"}, status_code=503
        )
    return {"status": "ok"}
