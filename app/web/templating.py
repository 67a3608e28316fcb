"""Jinja2 environment shared by pages, htmx fragments and WebSocket pushes, so a note looks
the same wherever it appears."""

from __future__ import annotations

import hashlib
import zlib
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates

from app.config import get_settings
from app.local_time import local
from app.practice.sections import (
    AGENCIES,
    CATEGORY_LABELS,
    NOTE_KINDS,
    PATHWAY_LABELS,
    PERSON_ROLES,
    SECTIONS,
    SECTIONS_BY_KEY,
)

APP_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = APP_DIR / "static"
AGENCY_COLOURS = 12


def agency_class(agency: str) -> str:
    """A stable colour per agency: the same name gets the same colour on every screen."""
    key = " ".join(agency.lower().split())
    return f"ag-{zlib.crc32(key.encode()) % AGENCY_COLOURS}"


@lru_cache(maxsize=64)
def _file_hash(path: str) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:10]


def static_url(path: str) -> str:
    """Cache-busting URL for a file under app/static."""
    return f"/static/{path}?v={_file_hash(path)}"


def note_max_length() -> int:
    """The longest note the server stores: the note boxes count towards it as people type."""
    return get_settings().max_note_length


def due_label(value: str | None) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(value).strftime("%a %d %b %Y")
    except ValueError:
        return value


def clock_label(value: str | None) -> str:
    """An ISO time as the room's clock shows it (UK time): "14:05", or "5 Dec, 14:05" on another day."""
    if not value:
        return ""
    when = local(value)
    if when.date() == local(datetime.now(UTC).isoformat()).date():
        return f"{when:%H:%M}"
    return f"{when.day} {when:%b}, {when:%H:%M}"


templates = Jinja2Templates(directory=str(APP_DIR / "templates"))
env = templates.env
env.globals.update(
    SECTIONS=SECTIONS,
    SECTIONS_BY_KEY=SECTIONS_BY_KEY,
    NOTE_KINDS=NOTE_KINDS,
    PERSON_ROLES=PERSON_ROLES,
    PATHWAY_LABELS=PATHWAY_LABELS,
    AGENCIES=AGENCIES,
    CATEGORY_LABELS=CATEGORY_LABELS,
    agency_class=agency_class,
    static_url=static_url,
    note_max_length=note_max_length,
)
env.filters["due"] = due_label
env.filters["clock"] = clock_label


def render(name: str, **context: Any) -> str:
    return env.get_template(name).render(**context)
