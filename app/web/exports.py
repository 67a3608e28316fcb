"""Downloads of the finished map, and recreating a board from a JSON export.

Rendering a PDF of a large board takes a few seconds of CPU: it runs in a worker thread, one at
a time, so the live boards on the same process keep their pace.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Literal

import anyio
from fastapi import APIRouter, Header, Query, Request, Response
from sqlmodel import Session

from app.auth import facilitators
from app.boards import service
from app.boards.shapes import BoardCreatedJSON, BundleJSON
from app.boards.transfer import import_board
from app.errors import TooLarge
from app.export import ImportRejected, build_view, export_filename, parse_import, render_json
from app.export.bundle import collect_bundle
from app.export.docx import render_docx
from app.export.markdown import render_markdown
from app.export.pdf import render_pdf
from app.realtime.envelope import BoardEvent
from app.schemas import BoardCreated
from app.web.created import NewBoard, board_created, new_board
from app.web.deps import ActorDep, DbDep, HubDep, SettingsDep, client_address, limit, read, write
from app.web.error_responses import ERRORS
from app.web.rendering import renders
from app.web.staff import creation_gate

router = APIRouter(prefix="/api", tags=["api"], responses={**ERRORS, 413: ERRORS[422]})

Format = Literal["pdf", "docx", "md", "json"]
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}


def _render(bundle: BundleJSON, fmt: str, redact: bool) -> bytes:
    if fmt == "json":
        doc = render_json(bundle, redact)
        return json.dumps(doc, ensure_ascii=False, indent=2).encode()
    view = build_view(bundle, redact)
    if fmt == "pdf":
        return render_pdf(view)
    if fmt == "docx":
        return render_docx(view)
    return render_markdown(view).encode()


@router.get(
    "/boards/{board_id}/export",
    response_class=Response,
    responses={200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()}, "description": "The file."}},
)
async def export_board(
    board_id: str,
    request: Request,
    actor: ActorDep,
    db: DbDep,
    hub: HubDep,
    format: Format = Query(description="pdf, docx, md or json"),
    redact: bool = Query(default=False, description="leave confidential notes out and say how many"),
) -> Response:
    """The facilitator downloads the map. Every download is recorded in the audit trail."""
    service.require_facilitator(actor)
    await limit(request, "export", actor.participant_id)

    def unit(s: Session) -> tuple[BundleJSON, list[BoardEvent]]:
        # One transaction: the map as it stands, then the audit row saying it left (so a file
        # never lists its own export, and export -> import -> export stays the same document).
        me = service.refresh_actor(s, actor)
        bundle = collect_bundle(s, me)
        service.audit(s, me, "board.exported", detail={"format": format, "redacted": redact})
        s.commit()
        return bundle, []

    bundle = await write(db, hub, board_id, unit)
    async with renders:
        body = await anyio.to_thread.run_sync(_render, bundle, format, redact)
    board = bundle["board"]
    when = datetime.fromisoformat(board["created_at"].replace("Z", "+00:00")).astimezone(UTC)
    name = export_filename(board["title"], when, format, redact)
    return Response(
        body,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "description": "A full (not redacted) JSON export, as downloaded (docs/export-format.md).",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


@router.post("/boards/import", status_code=201, response_model=BoardCreated, openapi_extra=IMPORT_BODY)
async def import_json(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    x_create_key: str | None = Header(default=None),
) -> BoardCreatedJSON:
    """Recreate a board from a full (not redacted) JSON export, as a new board with new links."""
    await limit(request, "create", client_address(request))
    staff = await creation_gate(request, settings, x_create_key)
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > settings.max_import_bytes:
        raise TooLarge(f"This file is too large: at most {settings.max_import_bytes} bytes.")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > settings.max_import_bytes:
            raise TooLarge(f"This file is too large: at most {settings.max_import_bytes} bytes.")
    try:
        parsed = json.loads(bytes(raw))
    except (ValueError, RecursionError):
        raise ImportRejected("This is not JSON: choose the .json file that Casemap downloaded.") from None
    doc = parse_import(parsed)

    def unit(s: Session) -> NewBoard:
        board, fac, view = import_board(
            s,
            doc,
            max_notes=settings.max_notes_per_board,
            max_note_length=settings.max_note_length,
            importer=facilitators.importer(staff),
        )
        if staff is not None:
            facilitators.link_imported(s, board.id, fac, staff)
        return new_board(s, board, fac, view)

    return board_created(request, settings, await read(db, unit))
