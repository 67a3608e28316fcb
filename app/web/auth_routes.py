"""Signing in and out through the organisation's identity provider (registered only when one
is configured): /auth/login, /auth/{provider}/callback, /auth/logout, /auth/signed-out."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from limits import parse
from sqlmodel import Session

from app.auth import facilitators, sessions
from app.auth.oidc import OidcProvider, SignInRefused
from app.boards.tokens import new_token
from app.config import Settings
from app.errors import NotFound
from app.web.deps import DbDep, SettingsDep, base_url, client_address, read
from app.web.html import page
from app.web.staff import (
    LOGIN_COOKIE,
    LOGIN_COOKIE_PATH,
    SESSION_COOKIE,
    check_origin,
    registry,
    set_session_cookie,
)

log = logging.getLogger("casemap.auth")
router = APIRouter(include_in_schema=False)

DEFAULT_NEXT = "/meetings"


def safe_next(value: str | None) -> str:
    """Only a path on this site: never another site (//evil, /\\evil) nor a header break."""
    value = (value or "").strip()
    if (
        not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or any(ch in value for ch in "\r\n\\")
        or len(value) > 500
    ):
        return DEFAULT_NEXT
    return value


def callback_url(request: Request, settings: Settings, key: str) -> str:
    return f"{base_url(request, settings)}/auth/{key}/callback"


def _provider(request: Request, settings: Settings, key: str) -> OidcProvider:
    provider = registry(request, settings).get(key)
    if provider is None:
        raise NotFound("There is no such sign-in here.")
    return provider


def _refused(request: Request, provider: OidcProvider | None, detail: str, status: int = 400) -> HTMLResponse:
    return page(
        request,
        "staff/sign_in_error.html",
        status=status,
        message=detail,
        provider=provider.config if provider else None,
    )


async def _limit(request: Request, settings: Settings) -> None:
    limits = request.app.state.limits
    limits.rules.setdefault("sign_in", parse(settings.oidc.rate_sign_in))
    await limits.hit("sign_in", client_address(request))


@router.get("/auth/login", response_model=None)
async def login(
    request: Request, db: DbDep, settings: SettingsDep, provider: str = "", next: str = DEFAULT_NEXT
) -> Response:
    """Send the browser to the provider, with a fresh state, nonce and PKCE challenge."""
    providers = list(registry(request, settings))
    if not provider and len(providers) > 1:
        return page(request, "staff/sign_in.html", providers=[p.config for p in providers], next=safe_next(next))
    chosen = _provider(request, settings, provider or providers[0].key)
    await _limit(request, settings)
    try:
        auth = await chosen.authorization_request(callback_url(request, settings, chosen.key))
    except SignInRefused as exc:
        log.warning("sign-in: provider %s unavailable (%s)", chosen.key, exc.reason)
        return _refused(request, chosen, exc.detail, status=502)
    binding = request.cookies.get(LOGIN_COOKIE) or new_token()

    def unit(s: Session) -> None:
        sessions.start_login(
            s,
            provider=chosen.key,
            state=auth.state,
            binding=binding,
            nonce=auth.nonce,
            code_verifier=auth.code_verifier,
            next_path=safe_next(next),
        )

    await read(db, unit)
    response = RedirectResponse(auth.url, status_code=303)
    response.set_cookie(
        LOGIN_COOKIE,
        binding,
        max_age=int(sessions.LOGIN_TTL.total_seconds()),
        path=LOGIN_COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies or request.url.scheme == "https",
    )
    return response


@router.get("/auth/{key}/callback", response_model=None)
async def callback(request: Request, key: str, db: DbDep, settings: SettingsDep) -> Response:
    """The provider's answer: the state must be one we issued, to this browser, unused; then the
    code is exchanged and the ID token checked before anyone is signed in."""
    provider = _provider(request, settings, key)
    query = request.query_params
    state = query.get("state") or ""
    binding = request.cookies.get(LOGIN_COOKIE)
    pending = None
    if state:  # used up whatever follows: an answer is never accepted twice
        pending = await read(db, lambda s: sessions.take_login(s, provider=key, state=state, binding=binding))
    if query.get("error"):
        error = "".join(ch for ch in query["error"][:40] if ch.isalnum() or ch == "_")
        log.info("sign-in: provider %s answered %s", key, error)
        return _refused(request, provider, f"{provider.config.label} did not sign you in (it answered “{error}”).")
    if pending is None:
        log.warning("sign-in refused for provider %s: state_mismatch", key)
        return _refused(
            request,
            provider,
            "This sign-in has expired, was already used, or was started in another browser. Please start again.",
        )
    code = query.get("code")
    if not code:
        return _refused(request, provider, "The identity provider's answer had no sign-in code. Please start again.")
    try:
        redirect_uri = callback_url(request, settings, key)
        identity = await provider.sign_in(
            code, redirect_uri, pending.nonce, pending.code_verifier, response_issuer=query.get("iss")
        )
    except SignInRefused as exc:
        log.warning("sign-in refused for provider %s: %s", key, exc.reason)
        return _refused(request, provider, exc.detail)

    def unit(s: Session) -> str:
        sessions.purge_sessions(s, idle_minutes=settings.oidc.session_idle_minutes)  # ended ones go
        account = sessions.account_for(s, identity)
        facilitators.claim_invitations(s, account)
        secret = sessions.new_session(s, account, hours=settings.oidc.session_hours)
        s.commit()
        return secret

    secret = await read(db, unit)
    log.info("sign-in: provider %s, facilitator %s", key, identity.is_facilitator)
    target = pending.next_path
    if request.headers.get("sec-fetch-site", "none") in ("none", "same-origin"):
        response: Response = RedirectResponse(target, status_code=303)
    else:
        # The session cookie is SameSite=Strict: a redirect chain that began at the provider's
        # site would arrive without it, so land on a page of ours that moves on by itself.
        response = page(request, "enter.html", target=target)
    set_session_cookie(request, response, secret, settings)
    response.delete_cookie(LOGIN_COOKIE, path=LOGIN_COOKIE_PATH)
    return response


@router.post("/auth/logout", response_model=None)
async def logout(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    """End the session here, then at the provider where it offers RP-initiated logout."""
    check_origin(request, settings)
    secret = request.cookies.get(SESSION_COOKIE)
    ended = await read(db, lambda s: sessions.end_session(s, secret)) if secret else None
    provider = registry(request, settings).get(ended.provider) if ended is not None else None
    target = await provider.logout_url(f"{base_url(request, settings)}/auth/signed-out") if provider else None
    response: Response
    if target is None or provider is None:
        response = RedirectResponse("/auth/signed-out", status_code=303)
    else:
        # A page that moves on by itself, not a redirect: the CSP's form-action 'self' would stop
        # a form's redirect to the provider's sign-out page.
        response = page(request, "staff/signing_out.html", target=target, label=provider.config.label)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/auth/signed-out", response_class=HTMLResponse)
async def signed_out(request: Request, settings: SettingsDep) -> HTMLResponse:
    providers = [{"key": p.key, "label": p.label} for p in settings.oidc.all_providers()]
    return page(request, "staff/signed_out.html", sign_in=providers)
