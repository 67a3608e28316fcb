"""The finished map as an A4 PDF: app/templates/export/map.html + app/static/css/export.css,
laid out by WeasyPrint. Nothing is fetched: no network, no external fonts (Liberation Sans,
Arial's metrics, from the system; DejaVu Sans where it is missing). Emoji come from the system's
Noto Color Emoji (Debian fonts-noto-color-emoji, in the Makefile and the Dockerfile) through
fontconfig's fallback: naming it in the CSS font list made Pango set digits in it too.

Speed (a 300-note board must export in under 2 s; `make bench` measures it, bench/pdf.py):
WeasyPrint's cost grows with boxes, not pages. Table rows (every cell a block, laid out and
tagged) and inline elements are the dear ones, so notes are two plain paragraphs with no
inline markup, the flags appendix is blocks, and only the actions stay a table. The footer is
plain @page margin-box strings (`footer_css`), not a running element laid out on every page.
The PDF stays tagged (`pdf_tags=True`, for screen readers): ~0.2 s of ~1.8 s at 300 notes.
Liberation Sans lays out ~5% faster than DejaVu Sans (narrower: 37 pages instead of 40).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.export.view import MapView
from app.text_safety import xml_safe

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
    return _env().get_template(TEMPLATE).render(view=xml_safe(view))  # no control characters in HTML


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"export PDFs load nothing from outside: refused {url[:60]!r}")


def css_string(text: str) -> str:
    """`text` as a quoted CSS string (for `content:`)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def footer_css(view: MapView) -> str:
    """The footer marking on every page: a plain @page margin-box string (cheap to lay out on
    each page, unlike a running element); the page number box is in export.css."""
    return f"@page {{ @bottom-left {{ content: {css_string(view.footer)}; }} }}"


@lru_cache(maxsize=4)
def _stylesheets(redacted: bool, footer: str) -> list[Any]:
    from weasyprint import CSS  # type: ignore[import-untyped]  # heavy: only when a PDF is asked for

    sheets = [CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_no_fetch)]
    sheets.append(CSS(string=footer, url_fetcher=_no_fetch))
    if redacted:
        sheets.append(CSS(string=REDACTED_CSS, url_fetcher=_no_fetch))
    return sheets


def stylesheets(view: MapView) -> list[Any]:
    return _stylesheets(view.redacted, footer_css(view))


def render_pdf(view: MapView) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    html = HTML(string=render_html(view), url_fetcher=_no_fetch, base_url=str(APP_DIR))
    pdf = html.write_pdf(stylesheets=stylesheets(view), pdf_tags=True)
    assert pdf is not None
    return bytes(pdf)
