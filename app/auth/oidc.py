"""OpenID Connect relying party: discovery, the authorization code flow with PKCE, state and
nonce, and the checks on the ID token (signature, algorithm, issuer, audience, expiry, nonce).

authlib builds the authorization request and exchanges the code (its httpx client); joserfc
(authlib's JOSE library) verifies the signature against the provider's published keys with an
explicit list of algorithms, and authlib's `CodeIDToken` checks the claims. Nothing from a token
is ever logged: a refusal is logged by its reason code only.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx2
from authlib.integrations.base_client import OAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from app.oidc_config import FORBIDDEN_ALGORITHMS, ProviderConfig

log = logging.getLogger("casemap.auth")

HTTP_TIMEOUT = 10.0
METADATA_TTL = 3600.0
# An unknown key id makes us fetch the provider's keys again, but not more often than this.
KEYS_REFETCH_SECONDS = 60.0


class SignInRefused(Exception):
    """The provider's answer cannot be trusted or used. `reason` is a short code for the log;
    `detail` is for the person signing in."""

    def __init__(self, reason: str, detail: str = "Signing in did not work. Please try again.") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Identity:
    """Who signed in, as the provider asserted it."""

    provider: str
    issuer: str
    subject: str
    name: str
    organisation: str | None
    handles: tuple[str, ...]
    identity: str
    is_facilitator: bool


@dataclass(frozen=True)
class AuthRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


def _loopback(host: str | None) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def require_https(url: str, what: str) -> None:
    """Tokens and codes travel only over TLS (plain http only to this machine, for tests)."""
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and _loopback(parts.hostname)):
        return
    raise SignInRefused("insecure_endpoint", f"The identity provider's {what} is not an https:// address.")


class OidcProvider:
    """One configured provider: its metadata and keys are fetched once and cached."""

    def __init__(self, config: ProviderConfig) -> None:
        self.config = config
        self._metadata: dict[str, Any] | None = None
        self._metadata_at = 0.0
        self._keys: KeySet | None = None
        self._keys_at = 0.0

    @property
    def key(self) -> str:
        return self.config.key

    def _client(self, redirect_uri: str, metadata: dict[str, Any]) -> AsyncOAuth2Client:
        secret = self.config.client_secret.get_secret_value() if self.config.client_secret else None
        methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        method = "none"
        if secret:
            method = "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
        return AsyncOAuth2Client(
            client_id=self.config.client_id,
            client_secret=secret,
            token_endpoint_auth_method=method,
            scope=" ".join(self.config.scopes),
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=HTTP_TIMEOUT,
            follow_redirects=False,
        )

    async def _get_json(self, url: str, what: str, **kwargs: Any) -> dict[str, Any]:
        require_https(url, what)
        try:
            async with httpx2.AsyncClient(timeout=HTTP_TIMEOUT, follow_redirects=False) as client:
                resp = await client.get(url, **kwargs)
        except httpx2.HTTPError:
            raise SignInRefused(
                f"{what}_unreachable", "The identity provider is not answering. Please try again in a moment."
            ) from None
        if resp.status_code != 200:
            raise SignInRefused(f"{what}_status_{resp.status_code}", "The identity provider refused to answer.")
        try:
            data = resp.json()
        except ValueError:
            raise SignInRefused(f"{what}_not_json", "The identity provider's answer was not understood.") from None
        if not isinstance(data, dict):
            raise SignInRefused(f"{what}_not_object", "The identity provider's answer was not understood.")
        return data

    async def metadata(self) -> dict[str, Any]:
        """Discovery: the document's issuer must be exactly the configured one (OIDC Discovery 4.3)."""
        if self._metadata is not None and time.monotonic() - self._metadata_at < METADATA_TTL:
            return self._metadata
        issuer = self.config.issuer
        data = await self._get_json(issuer.rstrip("/") + "/.well-known/openid-configuration", "discovery")
        if data.get("issuer") != issuer:
            raise SignInRefused(
                "discovery_issuer_mismatch",
                "The identity provider does not call itself by the address Casemap was given (issuer mismatch). "
                "Ask your IT team to check CASEMAP_OIDC_ISSUER.",
            )
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(data.get(key), str):
                raise SignInRefused(f"discovery_missing_{key}", "The identity provider's settings are incomplete.")
            require_https(data[key], key)
        self._metadata, self._metadata_at = data, time.monotonic()
        return data

    async def keys(self, *, refresh: bool = False) -> KeySet:
        fresh = time.monotonic() - self._keys_at < KEYS_REFETCH_SECONDS
        if self._keys is not None and (not refresh or fresh):
            return self._keys
        metadata = await self.metadata()
        data = await self._get_json(metadata["jwks_uri"], "jwks")
        try:
            keys = KeySet.import_key_set(data)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError):
            raise SignInRefused("jwks_invalid", "The identity provider's signing keys could not be read.") from None
        self._keys, self._keys_at = keys, time.monotonic()
        return keys

    async def authorization_request(self, redirect_uri: str) -> AuthRequest:
        metadata = await self.metadata()
        state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
        async with self._client(redirect_uri, metadata) as client:
            url, _ = client.create_authorization_url(
                metadata["authorization_endpoint"], state=state, code_verifier=verifier, nonce=nonce
            )
        return AuthRequest(url=url, state=state, nonce=nonce, code_verifier=verifier)

    async def sign_in(
        self, code: str, redirect_uri: str, nonce: str, code_verifier: str, response_issuer: str | None = None
    ) -> Identity:
        """Exchange the code (with the PKCE verifier), check the ID token, read the claims.
        `response_issuer`: the answer's `iss` parameter (RFC 9207), which must name this provider."""
        metadata = await self.metadata()
        if response_issuer is not None and response_issuer != metadata["issuer"]:
            raise SignInRefused("response_issuer_mismatch")
        try:
            async with self._client(redirect_uri, metadata) as client:
                token = await client.fetch_token(
                    metadata["token_endpoint"],
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=code_verifier,
                )
        except OAuthError as exc:
            # invalid_grant: a code used twice, expired, or not issued for this PKCE verifier.
            raise SignInRefused(f"token_error_{_code(exc.error)}") from None
        except httpx2.HTTPError:
            raise SignInRefused(
                "token_unreachable", "The identity provider is not answering. Please try again in a moment."
            ) from None
        raw = token.get("id_token")
        if not isinstance(raw, str):
            raise SignInRefused("no_id_token")
        access_token = token.get("access_token")
        claims = await self.check_id_token(raw, nonce, access_token if isinstance(access_token, str) else None)
        if isinstance(access_token, str) and isinstance(metadata.get("userinfo_endpoint"), str):
            claims = {**await self._userinfo(metadata["userinfo_endpoint"], access_token, claims["sub"]), **claims}
        return self.identity(claims)

    async def check_id_token(self, raw: str, nonce: str, access_token: str | None) -> dict[str, Any]:
        metadata = await self.metadata()
        allowed = [a for a in self.config.algorithms if a not in FORBIDDEN_ALGORITHMS]
        keys = await self.keys()
        try:
            try:
                decoded = jwt.decode(raw, keys, algorithms=allowed)
            except JoseError as exc:
                if exc.error != "invalid_key_id":
                    raise
                # The provider may have rotated its keys since we fetched them.
                decoded = jwt.decode(raw, await self.keys(refresh=True), algorithms=allowed)
        except JoseError as exc:
            raise SignInRefused(f"id_token_{_code(exc.error)}") from None
        except (ValueError, TypeError):
            raise SignInRefused("id_token_malformed") from None
        options: dict[str, Any] = {
            "iss": {"essential": True, "value": metadata["issuer"]},
            "aud": {"essential": True, "value": self.config.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "iat": {"essential": True},
            "nonce": {"essential": True, "value": nonce},
        }
        params = {"nonce": nonce, "client_id": self.config.client_id, "access_token": access_token}
        checked = CodeIDToken(decoded.claims, decoded.header, options, params)
        try:
            checked.validate(leeway=self.config.clock_skew_seconds)
        except JoseError as exc:
            claim = getattr(exc, "claim", None) or ""
            raise SignInRefused(f"id_token_{_code(exc.error)}{'_' + _code(claim) if claim else ''}") from None
        if not isinstance(checked.get("sub"), str) or not checked["sub"]:
            raise SignInRefused("id_token_no_subject")
        return dict(checked)

    async def _userinfo(self, url: str, access_token: str, subject: str) -> dict[str, Any]:
        """Providers that keep profile and group claims out of the ID token (as the spec allows
        for the code flow) hand them out here. The ID token's claims win over these."""
        try:
            data = await self._get_json(url, "userinfo", headers={"Authorization": f"Bearer {access_token}"})
        except SignInRefused as exc:
            log.warning("sign-in: userinfo unavailable for provider %s (%s)", self.key, exc.reason)
            return {}
        if data.get("sub") != subject:
            raise SignInRefused("userinfo_subject_mismatch")
        return data

    def identity(self, claims: dict[str, Any]) -> Identity:
        c = self.config
        handles: list[str] = []
        for claim in c.handle_claims:
            value = claims.get(claim)
            if claim == "email" and claims.get("email_verified") is False:
                continue  # an address the provider says it has not verified names nobody
            if isinstance(value, str) and value.strip() and value.strip().lower() not in handles:
                handles.append(value.strip().lower()[:200])
        name = _text(claims.get("name")) or " ".join(
            filter(None, (_text(claims.get("given_name")), _text(claims.get("family_name"))))
        )
        org = _text(claims.get(c.organisation_claim)) if c.organisation_claim else None
        values = claims.get(c.facilitator_claim)
        held: set[str] = set()
        if isinstance(values, str):
            held = {values}
        elif isinstance(values, list):
            held = {v for v in values if isinstance(v, str)}
        facilitator = "*" in c.facilitator_values or bool(held.intersection(c.facilitator_values))
        label = handles[0] if handles else f"subject {claims['sub']}"
        return Identity(
            provider=c.key,
            issuer=str(claims["iss"]),
            subject=str(claims["sub"]),
            name=(name or (handles[0] if handles else "Staff member"))[:80],
            organisation=(org or c.organisation or "")[:80] or None,
            handles=tuple(handles),
            identity=f"{label} ({c.key})"[:200],
            is_facilitator=facilitator,
        )

    async def logout_url(self, post_logout_redirect_uri: str) -> str | None:
        """RP-initiated logout, where the provider offers it (OIDC RP-Initiated Logout 1.0)."""
        try:
            metadata = await self.metadata()
        except SignInRefused:
            return None
        endpoint = metadata.get("end_session_endpoint")
        if not isinstance(endpoint, str):
            return None
        query = urlencode({"client_id": self.config.client_id, "post_logout_redirect_uri": post_logout_redirect_uri})
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _code(value: Any) -> str:
    text = str(value or "unknown").lower()
    return "".join(ch if ch.isalnum() else "_" for ch in text)[:40]


class Registry:
    """The configured providers, by key (one per app: their caches live as long as it does)."""

    def __init__(self, configs: list[ProviderConfig]) -> None:
        self.providers = {c.key: OidcProvider(c) for c in configs}

    def get(self, key: str) -> OidcProvider | None:
        return self.providers.get(key)

    def __iter__(self) -> Any:
        return iter(self.providers.values())
