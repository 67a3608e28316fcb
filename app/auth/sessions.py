"""Staff accounts, server-side sessions and sign-ins in progress. The browser holds only random
secrets; the database holds their SHA-256 (a stolen database opens no session)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.auth.oidc import Identity
from app.auth.tables import StaffAccount, StaffLogin, StaffSession
from app.boards.tokens import hash_token, new_id, new_token, same_hash
from app.models import utcnow

LOGIN_TTL = timedelta(minutes=10)
# last_seen_at is written at most this often per session (the idle clock is this coarse).
TOUCH_EVERY = timedelta(seconds=60)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# ---- sign-ins in progress ----------------------------------------------------------------------


def start_login(
    s: Session, *, provider: str, state: str, binding: str, nonce: str, code_verifier: str, next_path: str
) -> None:
    s.execute(delete(StaffLogin).where(col(StaffLogin.created_at) < utcnow() - LOGIN_TTL))
    s.add(
        StaffLogin(
            state_hash=hash_token(state),
            binding_hash=hash_token(binding),
            provider=provider,
            nonce=nonce,
            code_verifier=code_verifier,
            next_path=next_path,
        )
    )
    s.commit()


def take_login(s: Session, *, provider: str, state: str, binding: str | None) -> StaffLogin | None:
    """The sign-in this answer belongs to, used up: a state works once, in the browser that
    started it, for the provider it was sent to, within LOGIN_TTL."""
    row = s.get(StaffLogin, hash_token(state))
    if row is None:
        return None
    s.delete(row)
    s.commit()
    fresh = _aware(row.created_at) > utcnow() - LOGIN_TTL
    bound = binding is not None and same_hash(row.binding_hash, hash_token(binding))
    return row if fresh and bound and row.provider == provider else None


# ---- accounts ---------------------------------------------------------------------------------


def account_for(s: Session, identity: Identity) -> StaffAccount:
    """Create or refresh the account of (issuer, subject): names and claims follow the provider."""
    account = s.exec(
        select(StaffAccount).where(StaffAccount.issuer == identity.issuer, StaffAccount.subject == identity.subject)
    ).first()
    if account is None:
        account = StaffAccount(
            id=new_id(),
            issuer=identity.issuer,
            subject=identity.subject,
            provider=identity.provider,
            name=identity.name,
            identity=identity.identity,
        )
    account.provider = identity.provider
    account.name = identity.name
    account.organisation = identity.organisation
    account.identity = identity.identity
    account.handles = list(identity.handles)
    account.is_facilitator = identity.is_facilitator
    account.last_login_at = utcnow()
    s.add(account)
    s.flush()
    return account


def get_account(s: Session, account_id: str) -> StaffAccount | None:
    return s.get(StaffAccount, account_id)


# ---- sessions ---------------------------------------------------------------------------------


def new_session(s: Session, account: StaffAccount, *, hours: int) -> str:
    """A new session (the caller commits); returns the secret for the cookie."""
    secret = new_token()
    now = utcnow()
    s.add(
        StaffSession(
            id_hash=hash_token(secret),
            account_id=account.id,
            provider=account.provider,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return secret


def find_session(s: Session, secret: str, *, idle_minutes: int) -> tuple[StaffSession, StaffAccount, bool] | None:
    """The live session for this secret and its account, and whether last_seen_at is due a
    write. An idle or expired session is None (and is removed by `purge_sessions`)."""
    row = s.exec(
        select(StaffSession, StaffAccount)
        .join(StaffAccount, col(StaffAccount.id) == col(StaffSession.account_id))
        .where(StaffSession.id_hash == hash_token(secret))
    ).first()
    if row is None:
        return None
    session, account = row
    now = utcnow()
    if _aware(session.expires_at) <= now or _aware(session.last_seen_at) <= now - timedelta(minutes=idle_minutes):
        return None
    return session, account, _aware(session.last_seen_at) <= now - TOUCH_EVERY


def touch_session(s: Session, id_hash: str) -> None:
    s.execute(update(StaffSession).where(col(StaffSession.id_hash) == id_hash).values(last_seen_at=utcnow()))
    s.commit()


def end_session(s: Session, secret: str) -> StaffSession | None:
    row = s.get(StaffSession, hash_token(secret))
    if row is not None:
        s.delete(row)
        s.commit()
    return row


def purge_sessions(s: Session, *, idle_minutes: int) -> int:
    now = utcnow()
    gone = s.execute(
        delete(StaffSession).where(
            (col(StaffSession.expires_at) <= now)
            | (col(StaffSession.last_seen_at) <= now - timedelta(minutes=idle_minutes))
        )
    )
    s.execute(delete(StaffLogin).where(col(StaffLogin.created_at) < now - LOGIN_TTL))
    s.commit()
    return int(getattr(gone, "rowcount", 0) or 0)
