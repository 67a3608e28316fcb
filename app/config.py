"""Settings from environment variables prefixed CASEMAP_ (see README for the full list)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.oidc_config import OidcSettings


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CASEMAP_", extra="ignore")

    database_url: str = "sqlite:///./var/casemap.db"
    host: str = "127.0.0.1"
    port: int = 8000
    # When set, creating a board needs this key (header X-Create-Key or the form field).
    create_key: SecretStr | None = None
    # Extra origins allowed for browser requests and WebSocket handshakes (comma separated).
    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Public base URL used in links (join/projector/facilitator); defaults to the request's own.
    public_url: str | None = None
    redis_url: str | None = None
    # Allows starting on a public address with board creation open to anyone.
    allow_open_creation: bool = False
    # Set Secure on cookies (on automatically when the request came over HTTPS).
    secure_cookies: bool = False

    max_note_length: int = 1000
    max_title_length: int = 200
    max_family: int = 30
    max_notes_per_board: int = 1000
    max_participants_per_board: int = 100
    max_ws_message_bytes: int = 16_384
    replay_limit: int = 1000
    cookie_max_age_hours: int = 24
    apply_migrations: bool = True
    # Rate limits ("N/second|minute|hour"): per participant and per address for note changes,
    # per address for joins (wrong codes counted separately, so codes cannot be guessed),
    # analysis and board creation; per connection for WebSocket messages.
    rate_note_changes: str = "120/minute"
    rate_note_changes_address: str = "1200/minute"
    rate_joins: str = "60/minute"
    rate_join_failures: str = "10/hour"
    rate_analyse: str = "240/minute"
    rate_ws_messages: str = "60/10 seconds"
    rate_board_creation: str = "120/hour"
    rate_exports: str = "30/minute"
    # Largest JSON export accepted by POST /api/boards/import.
    max_import_bytes: int = 20_000_000
    # Retention: closed boards are purged after retention_days; open boards untouched for
    # idle_days are closed (then purged on the same clock). The app checks every purge_minutes.
    retention_days: int = Field(default=30, ge=1)
    idle_days: int = Field(default=14, ge=1)
    purge_minutes: int = Field(default=60, ge=1)
    # A note is saved and shown without waiting for the board's gap checks; they rerun at most
    # once per this many milliseconds per board after notes change (gaps.updated follows).
    gaps_delay_ms: int = Field(default=500, ge=0)
    # Staff sign-in through the organisation's identity provider (CASEMAP_OIDC_*): off when unset.
    oidc: OidcSettings = Field(default_factory=OidcSettings)

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
        return value

    @field_validator("create_key", mode="before")
    @classmethod
    def _empty_key_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def check_safe(self) -> None:
        """Refuse a configuration that would expose open board creation to a network."""
        self.oidc.check()
        # With staff sign-in, creating a board needs a signed-in facilitator: it is not open.
        open_creation = self.create_key is None and not self.oidc.enabled
        if open_creation and not self.allow_open_creation and not _is_loopback(self.host):
            raise RuntimeError(
                f"Refusing to start on {self.host} with board creation open to anyone. "
                "Set CASEMAP_CREATE_KEY, or CASEMAP_ALLOW_OPEN_CREATION=1 if that is intended."
            )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@lru_cache
def get_settings() -> Settings:
    return Settings()
