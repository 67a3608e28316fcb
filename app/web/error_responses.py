"""The error answers every JSON router declares (their body is app.schemas.ErrorOut)."""

from __future__ import annotations

from typing import Any

from app.schemas import ErrorOut

ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 422, 429)}
