"""Meetings happen in UK local time: how stored UTC times are read and shown. Used by the
board services (dates of the review), the exports and the pages alike."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:  # fall back to UTC where no tz database exists
    LOCAL_TZ: Any = ZoneInfo("Europe/London")
    TZ_NAME = "UK time"
except ZoneInfoNotFoundError:  # pragma: no cover
    LOCAL_TZ, TZ_NAME = UTC, "UTC"


def parse_time(value: str) -> datetime:
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def local(value: str) -> datetime:
    return parse_time(value).astimezone(LOCAL_TZ)
