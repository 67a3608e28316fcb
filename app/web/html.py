"""The HTML answers every page router shares: a page, an error (a whole page, or a fragment for
htmx), the board cookie, and a form checked against a request model."""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ValidationError

from app.config import Settings
from app.errors import Invalid
from app.web.templating import templates
from app.web.validation import describe_errors

M = TypeVar("M", bound=BaseModel)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status)


def error_response(request: Request, status: int, detail: str) -> HTMLResponse:
    if request.headers.get("hx-request"):
        return HTMLResponse(
            templates.env.get_template("partials/_error.html").render(message=detail), status_code=status
        )
    return page(request, "error.html", status=status, status_code=status, message=detail)


def set_board_cookie(request: Request, response: Response, name: str, token: str, settings: Settings) -> None:
    response.set_cookie(
        name,
        token,
        max_age=settings.cookie_max_age_hours * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies or request.url.scheme == "https",
    )


def validated(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise Invalid(describe_errors(exc.errors())) from None
