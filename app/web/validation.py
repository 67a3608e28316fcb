"""Turn pydantic's validation errors into one sentence a person can act on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _where(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path") and not isinstance(p, int)]
    return ".".join(parts) or "request"


def describe_error(err: dict[str, Any]) -> str:
    where = _where(err.get("loc", ()))
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"`{where}` is required."
    if kind == "string_too_short":
        return f"`{where}` cannot be empty."
    if kind == "string_too_long":
        return f"`{where}` is too long: at most {ctx.get('max_length')} characters."
    if kind == "extra_forbidden":
        return f"`{where}` is not a field this request accepts."
    if kind in ("literal_error", "enum"):
        return f"`{where}` must be one of {ctx.get('expected', 'the listed values')}."
    if kind == "union_tag_invalid":
        return f"`op` must be one of {ctx.get('expected_tags', 'the known operations')}."
    if kind == "union_tag_not_found":
        return "Every message needs an `op` (note.create, note.update or note.delete)."
    if kind == "control_character":  # app.schemas.Strict names the field itself
        return str(err.get("msg"))
    if kind == "json_invalid":
        return "The body is not valid JSON."
    msg = str(err.get("msg", "is not valid")).rstrip(".")
    return f"`{where}`: {msg}."


def describe_errors(errors: Sequence[Any]) -> str:
    sentences = [describe_error(dict(e)) for e in errors[:3]]
    more = len(errors) - 3
    if more > 0:
        sentences.append(f"({more} more problem{'s' if more > 1 else ''}.)")
    return " ".join(sentences) or "The request is not valid."
