"""Staff sign-in settings: CASEMAP_OIDC_* for one provider, CASEMAP_OIDC_PROVIDERS (JSON) for more.

Nothing here is used unless an issuer is configured: without one Casemap behaves exactly as
before (links and codes, the optional create key)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Never accepted, whatever is configured: unsigned tokens and secrets shared with the client.
FORBIDDEN_ALGORITHMS = frozenset({"none", "HS256", "HS384", "HS512"})
DEFAULT_ALGORITHMS = ("RS256", "PS256", "ES256")
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


def _split(value: object) -> object:
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[,\s]+", value) if v.strip()]
    return value


class ProviderConfig(BaseModel):
    """One organisation's identity provider."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Appears in the redirect URI: {public url}/auth/{key}/callback.
    key: str = "oidc"
    label: str = "your organisation's account"
    issuer: str
    client_id: str
    client_secret: SecretStr | None = None
    scopes: tuple[str, ...] = ("openid", "profile", "email")
    # Someone is a facilitator when this claim (a string or a list) holds one of the values;
    # the single value "*" makes everyone this provider signs in a facilitator.
    facilitator_claim: str = "groups"
    facilitator_values: tuple[str, ...] = ()
    # The organisation shown next to a signed-in person's notes: a claim, else this fixed name.
    organisation_claim: str | None = None
    organisation: str | None = None
    # Claims a co-facilitator can be added by (e-mail, username); the first one present also
    # names the person in the audit trail.
    handle_claims: tuple[str, ...] = ("email", "preferred_username", "upn")
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS
    clock_skew_seconds: int = Field(default=60, ge=0, le=600)

    @field_validator("scopes", "facilitator_values", "handle_claims", "algorithms", mode="before")
    @classmethod
    def _lists(cls, value: object) -> object:
        return _split(value)

    @field_validator("issuer")
    @classmethod
    def _issuer(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("the issuer must be an https:// address")
        return value

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not KEY_PATTERN.match(value):
            raise ValueError("a provider key is 1-32 lower-case letters, digits or dashes")
        return value

    @field_validator("algorithms")
    @classmethod
    def _algorithms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = FORBIDDEN_ALGORITHMS.intersection(value)
        if bad or not value:
            raise ValueError(f"ID token algorithms may not include {sorted(bad)} and may not be empty")
        return value

    def problems(self) -> list[str]:
        """Settings that would leave nobody able to run a meeting, or anybody."""
        out = []
        if "openid" not in self.scopes:
            out.append(f"provider {self.key!r}: the scopes must include 'openid'")
        if not self.facilitator_values:
            out.append(
                f"provider {self.key!r}: set which {self.facilitator_claim!r} value makes someone a facilitator "
                "(CASEMAP_OIDC_FACILITATOR_VALUES; '*' for everyone this provider signs in)"
            )
        return out


class OidcSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CASEMAP_OIDC_", extra="ignore")

    issuer: str | None = None
    key: str = "oidc"
    label: str = "your organisation's account"
    client_id: str | None = None
    client_secret: SecretStr | None = None
    scopes: Annotated[tuple[str, ...], NoDecode] = ("openid", "profile", "email")
    facilitator_claim: str = "groups"
    facilitator_values: Annotated[tuple[str, ...], NoDecode] = ()
    organisation_claim: str | None = None
    organisation: str | None = None
    handle_claims: Annotated[tuple[str, ...], NoDecode] = ("email", "preferred_username", "upn")
    algorithms: Annotated[tuple[str, ...], NoDecode] = DEFAULT_ALGORITHMS
    clock_skew_seconds: int = 60
    # More providers, as a JSON list of objects with the fields above (key, issuer, client_id...).
    providers: list[ProviderConfig] = Field(default_factory=list)
    # Staff sessions: signed out after this long without a request, and this long after signing in.
    session_idle_minutes: int = Field(default=60, ge=1)
    session_hours: int = Field(default=12, ge=1)
    # Sign-ins started per address ("N/second|minute|hour").
    rate_sign_in: str = "60/minute"

    @field_validator("scopes", "facilitator_values", "handle_claims", "algorithms", mode="before")
    @classmethod
    def _lists(cls, value: object) -> object:
        return _split(value)

    @field_validator("issuer", "client_id", "organisation_claim", "organisation", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def enabled(self) -> bool:
        return bool(self.issuer or self.providers)

    def all_providers(self) -> list[ProviderConfig]:
        found = list(self.providers)
        if self.issuer:
            if not self.client_id:
                raise RuntimeError("CASEMAP_OIDC_ISSUER is set but CASEMAP_OIDC_CLIENT_ID is not.")
            found.insert(
                0,
                ProviderConfig(
                    key=self.key,
                    label=self.label,
                    issuer=self.issuer,
                    client_id=self.client_id,
                    client_secret=self.client_secret,
                    scopes=self.scopes,
                    facilitator_claim=self.facilitator_claim,
                    facilitator_values=self.facilitator_values,
                    organisation_claim=self.organisation_claim,
                    organisation=self.organisation,
                    handle_claims=self.handle_claims,
                    algorithms=self.algorithms,
                    clock_skew_seconds=self.clock_skew_seconds,
                ),
            )
        return found

    def provider(self, key: str) -> ProviderConfig | None:
        return next((p for p in self.all_providers() if p.key == key), None)

    def check(self) -> None:
        """Refuse to start with provider settings that cannot work."""
        if not self.enabled:
            return
        providers = self.all_providers()
        keys = [p.key for p in providers]
        problems = [f"provider key {k!r} is used twice" for k in set(keys) if keys.count(k) > 1]
        for p in providers:
            problems += p.problems()
        if problems:
            raise RuntimeError("Staff sign-in is misconfigured: " + "; ".join(problems) + ".")
