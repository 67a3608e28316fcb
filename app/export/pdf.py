"""The finished map as an A4 PDF: app/templates/export/map.html + app/static/css/export.css,
laid out by WeasyPrint. Nothing is fetched: no network, no external fonts (DejaVu Sans)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.export.view import MapView

APP_DIR = Path(__file__).resolve().parent.parent
TEMPLATE = "export/map.html"
STYLESHEET = APP_DIR / "static" / "css" / "export.css"
REDACTED_CSS = '@page { @top-right { content: "OFFICIAL-SENSITIVE \\00B7  REDACTED COPY"; } }'


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(APP_DIR / "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(view: MapView) -> str:
    return _env().get_template(TEMPLATE).render(view=view)


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"export PDFs load nothing from outside: refused {url[:60]!r}")


@lru_cache(maxsize=2)
def _stylesheets(redacted: bool) -> list[Any]:
    from weasyprint import CSS  # type: ignore[import-untyped]

    sheets = [CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_no_fetch)]
    if redacted:
        sheets.append(CSS(string=REDACTED_CSS, url_fetcher=_no_fetch))
    return sheets


def render_pdf(view: MapView) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    html = HTML(string=render_html(view), url_fetcher=_no_fetch, base_url=str(APP_DIR))
    pdf = html.write_pdf(stylesheets=_stylesheets(view.redacted), pdf_tags=True)
    assert pdf is not None
    return bytes(pdf)
