"""My meetings: the boards a signed-in person runs, co-facilitators, a new facilitator link and
deleting a board (registered only when a provider is configured). JSON twins under /api."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import StringConstraints

from app.auth import facilitators
from app.auth.tables import StaffAccount
from app.boards import service
from app.boards.shapes import CoFacilitatorAddedJSON, MeetingJSON
from app.boards.visibility import Actor
from app.config import Settings
from app.db import Database
from app.errors import Invalid, Unauthenticated
from app.realtime.hub import Hub
from app.schemas import Strict
from app.web.deps import ActorDep, DbDep, HubDep, SettingsDep, authenticate, base_url, read_only, write
from app.web.html import page
from app.web.links import enter_url, join_url
from app.web.staff import current_staff, require_board_facilitator, signed_in_facilitator
from app.web.templating import templates

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["staff"])


class CoFacilitatorIn(Strict):
    invite: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
    provider: Annotated[str, StringConstraints(max_length=32)] | None = None


def _provider_for(settings: Settings, account: StaffAccount | None, chosen: str | None) -> str:
    keys = [p.key for p in settings.oidc.all_providers()]
    if chosen:
        if chosen not in keys:
            raise Invalid("Choose one of the organisations that can sign in here.")
        return chosen
    return account.provider if account is not None and account.provider in keys else keys[0]


async def _add(
    request: Request,
    board_id: str,
    actor: Actor,
    invite: str,
    chosen: str | None,
    db: Database,
    hub: Hub,
    settings: Settings,
) -> CoFacilitatorAddedJSON:
    account = await current_staff(request, settings)
    provider = _provider_for(settings, account, chosen)
    added_by = account.identity if account is not None else None
    result: CoFacilitatorAddedJSON = await write(
        db,
        hub,
        board_id,
        lambda s: facilitators.add_cofacilitator(s, actor, provider=provider, invite=invite, added_by=added_by),
    )
    return result


# ---- pages -------------------------------------------------------------------------------------


@router.get("/meetings", response_model=None)
async def my_meetings(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    account = await current_staff(request, settings)
    if account is None:
        return RedirectResponse("/auth/login?next=/meetings", status_code=303)
    rows = await read_only(db, lambda s: facilitators.meetings(s, account)) if account.is_facilitator else []
    base = base_url(request, settings)
    listed = [{**row, "join_link": join_url(base, row["id"], row["join_code"])} for row in rows]
    groups = {key: [r for r in listed if r["group"] == key] for key in ("open", "closed", "review")}
    providers = [{"key": p.key, "label": p.label} for p in settings.oidc.all_providers()]
    return page(
        request,
        "staff/meetings.html",
        staff=account,
        groups=groups,
        providers=providers,
        notice=request.query_params.get("notice", "")[:200],
    )


@router.post("/b/{board_id}/facilitators", response_model=None)
async def add_facilitator_form(
    request: Request, board_id: str, db: DbDep, hub: HubDep, settings: SettingsDep
) -> Response:
    actor = await authenticate(request, db, board_id, settings)
    form = await request.form()
    invite = str(form.get("invite") or "")
    result = await _add(request, board_id, actor, invite, str(form.get("provider") or "") or None, db, hub, settings)
    notice = f"{result['invite']} can now run this board: it is in their My meetings when they sign in."
    return RedirectResponse(f"/meetings?notice={_q(notice)}#m-{board_id}", status_code=303)


@router.post("/b/{board_id}/facilitator-link", response_class=HTMLResponse)
async def facilitator_link(request: Request, board_id: str, db: DbDep, hub: HubDep, settings: SettingsDep) -> Any:
    actor = await authenticate(request, db, board_id, settings)
    service.require_facilitator(actor)
    await require_board_facilitator(request, board_id)
    token = await write(db, hub, board_id, lambda s: facilitators.renew_link(s, actor))
    link = enter_url(base_url(request, settings), board_id, token)
    return HTMLResponse(templates.env.get_template("partials/_facilitator_link.html").render(link=link))


@router.post("/b/{board_id}/delete", response_model=None)
async def delete_board_form(request: Request, board_id: str, db: DbDep, hub: HubDep, settings: SettingsDep) -> Response:
    actor = await authenticate(request, db, board_id, settings)
    service.require_facilitator(actor)
    await require_board_facilitator(request, board_id)
    board = await read_only(db, lambda s: service.load_board(s, board_id))
    await write(db, hub, board_id, lambda s: service.delete_board(s, actor))
    await hub.announce_deleted(board_id)
    notice = f"“{board.title}” and everything on it is deleted."
    return RedirectResponse(f"/meetings?notice={_q(notice)}", status_code=303)


def _q(text: str) -> str:
    return quote(text, safe="")


# ---- JSON --------------------------------------------------------------------------------------


@api.get("/me")
async def me(request: Request, settings: SettingsDep) -> dict[str, Any]:
    """Who is signed in (browser session)."""
    account = await current_staff(request, settings)
    if account is None:
        raise Unauthenticated("Nobody is signed in.", code="sign_in_required")
    return {
        "name": account.name,
        "organisation": account.organisation,
        "identity": account.identity,
        "provider": account.provider,
        "facilitator": account.is_facilitator,
    }


# A list of plain objects in the OpenAPI document, as it has been (no ...Out model for it).
@api.get("/me/meetings", response_model=list[dict[str, Any]])
async def me_meetings(request: Request, db: DbDep, settings: SettingsDep) -> list[MeetingJSON]:
    """The boards the signed-in facilitator runs, newest first."""
    account = await signed_in_facilitator(request, settings)
    return await read_only(db, lambda s: facilitators.meetings(s, account))


@api.post("/boards/{board_id}/facilitators", status_code=201, response_model=dict[str, Any])
async def add_facilitator(
    board_id: str,
    body: CoFacilitatorIn,
    request: Request,
    actor: ActorDep,
    db: DbDep,
    hub: HubDep,
    settings: SettingsDep,
) -> CoFacilitatorAddedJSON:
    """Add a co-facilitator by the e-mail address or username they sign in with."""
    return await _add(request, board_id, actor, body.invite, body.provider, db, hub, settings)
