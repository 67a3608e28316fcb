"""The downloads of the finished map (PDF, Word, Markdown, JSON), redaction and JSON import.

One realistic meeting (tests/export/meeting.py) is built once through the public API on a real
SQLite file; the renderers run on the bundle the export route would build from it.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from app.boards import service
from app.boards.transfer import import_board
from app.config import get_settings
from app.db import Database
from app.errors import Forbidden, Unauthenticated
from app.export import ImportRejected, build_view, export_filename, parse_import, render_json
from app.export.bundle import collect_bundle
from app.export.docx import render_docx
from app.export.markdown import render_markdown
from app.export.pdf import render_html, render_pdf
from app.practice.sections import SECTIONS
from tests.export.meeting import CONFIDENTIAL_FRAGMENTS, KEPT_REASON, Meeting, build_meeting

HEADINGS = ["Family", "Who attended", *[s.title for s in SECTIONS], "Actions", "Questions still to answer"]
LEFT_OUT = "2 confidential notes are left out of this copy"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Meeting, Database]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'casemap.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEMAP_DATABASE_URL", url)
        get_settings.cache_clear()
        from app.main import create_app

        with TestClient(create_app(), base_url="http://testserver") as client:
            meeting = build_meeting(client)
        get_settings.cache_clear()
    db = Database(url)
    yield meeting, db
    db.dispose()


def bundle_for(db: Database, board_id: str, token: str) -> dict[str, Any]:
    with db.session() as s:
        return collect_bundle(s, service.authenticate(s, board_id, token))


@pytest.fixture(scope="module")
def bundle(world: tuple[Meeting, Database]) -> dict[str, Any]:
    meeting, db = world
    return bundle_for(db, meeting.board_id, meeting.fac_token)


@pytest.fixture(scope="module")
def pdfs(bundle: dict[str, Any]) -> dict[bool, bytes]:
    return {redact: render_pdf(build_view(bundle, redact)) for redact in (False, True)}


def flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext"):
        (tmp_path / "x.pdf").write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", str(tmp_path / "x.pdf"), "-"], capture_output=True, check=True, text=True
        ).stdout
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def assert_in_order(text: str, items: list[str]) -> None:
    at = 0
    for item in items:
        found = text.find(flat(item), at)
        assert found >= 0, f"{item!r} missing or out of order"
        at = found + 1


# ---- PDF ----------------------------------------------------------------------------------


def test_pdf_has_every_heading_in_order_and_every_note(
    meeting_texts: list[str], pdfs: dict[bool, bytes], tmp_path: Path
) -> None:
    text = flat(pdf_text(pdfs[False], tmp_path))
    assert_in_order(text, [*HEADINGS, "Appendix: wording reviewed during the meeting"])
    for note in meeting_texts:
        assert flat(note) in text, note
    assert KEPT_REASON in text
    assert "Pivoted" in text.title() and "Still open".upper() in text.upper()


def test_pdf_pages_carry_the_marking_and_page_numbers(pdfs: dict[bool, bytes]) -> None:
    reader = PdfReader(io.BytesIO(pdfs[True]))
    total = len(reader.pages)
    assert total >= 3
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    for number, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text())
        assert f"Page {number} of {total}" in text
        assert "OFFICIAL-SENSITIVE" in text and "handle and store securely" in text
        assert "REDACTED COPY" in text


# ---- redaction ----------------------------------------------------------------------------


def test_redacted_copies_hold_no_confidential_text(
    bundle: dict[str, Any], pdfs: dict[bool, bytes], tmp_path: Path
) -> None:
    view = build_view(bundle, redact=True)
    docx_bytes = render_docx(view)
    docx_xml = " ".join(
        zipfile.ZipFile(io.BytesIO(docx_bytes)).read(n).decode("utf-8", "replace")
        for n in zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist()
    )
    copies = {
        "pdf": flat(pdf_text(pdfs[True], tmp_path)),
        "pdf-bytes": pdfs[True].decode("latin-1"),
        "docx": docx_xml,
        "md": render_markdown(view),
        "json": json.dumps(render_json(bundle, redact=True), ensure_ascii=False),
        "html": render_html(view),
    }
    for name, text in copies.items():
        for secret in CONFIDENTIAL_FRAGMENTS:
            assert secret not in text, f"{secret!r} leaked into the redacted {name}"
    for name in ("pdf", "md", "html"):
        assert LEFT_OUT in flat(copies[name]), name
    assert LEFT_OUT in flat(" ".join(p.text for p in Document(io.BytesIO(docx_bytes)).paragraphs))
    assert json.loads(copies["json"])["withheld_notes"] == 2


def test_full_copies_do_carry_confidential_notes_marked(
    bundle: dict[str, Any], pdfs: dict[bool, bytes], tmp_path: Path
) -> None:
    view = build_view(bundle, redact=False)
    assert view.withheld_total == 0
    text = flat(pdf_text(pdfs[False], tmp_path))
    for secret in CONFIDENTIAL_FRAGMENTS:
        assert secret in text
    assert "Confidential – do not share with the family".upper() in text.upper()
    assert "CONFIDENTIAL" in render_markdown(view)


def test_redacted_json_scrubs_the_history_of_confidential_notes(bundle: dict[str, Any]) -> None:
    doc = render_json(bundle, redact=True)
    full = render_json(bundle, redact=False)
    hidden = {n["id"] for n in full["board"]["notes"] if n["confidential"]}
    assert hidden and not hidden & {n["id"] for n in doc["board"]["notes"]}
    scrubbed = [e for e in doc["events"] if e["data"] == {"redacted": True}]
    assert len(scrubbed) >= 3  # created, marked confidential, created
    assert [e["seq"] for e in doc["events"]] == [e["seq"] for e in full["events"]]  # no holes
    assert all(row["detail"] == {"redacted": True} for row in doc["audit"] if row["target"] in hidden)


# ---- Word ---------------------------------------------------------------------------------


def test_docx_has_heading_styles_every_note_and_an_actions_table(
    bundle: dict[str, Any], meeting_texts: list[str]
) -> None:
    doc = Document(io.BytesIO(render_docx(build_view(bundle, redact=False))))
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert_in_order(" | ".join(headings), HEADINGS)
    assert all(any(s.title in h for h in headings) for s in SECTIONS)
    body = flat(" ".join(p.text for p in doc.paragraphs))
    for note in meeting_texts:
        assert flat(note) in body, note
    actions = next(t for t in doc.tables if t.rows[0].cells[0].text == "No.")
    assert [c.text for c in actions.rows[0].cells] == ["No.", "Action", "Owner", "Due", "Raised by"]
    rows = {r.cells[2].text: r.cells[3].text for r in actions.rows[1:]}
    assert rows["DC Anna Price"] == "Fri 4 Dec 2026"
    assert rows["Jess Amin"] == "Wed 2 Dec 2026"
    assert len(actions.rows) == 1 + sum(1 for n in bundle["board"]["notes"] if n["kind"] == "action")
    assert 'w:tblHeader w:val="true"' in actions._tbl.xml


# ---- Markdown -----------------------------------------------------------------------------


def test_markdown_has_the_sections_in_order_and_every_note(bundle: dict[str, Any], meeting_texts: list[str]) -> None:
    md = render_markdown(build_view(bundle, redact=False))
    assert_in_order(md, [f"## {i}. {s.title}" for i, s in enumerate(SECTIONS, start=1)])
    plain = flat(md.replace("\\", ""))
    for note in meeting_texts:
        assert flat(note) in plain, note


def test_markdown_and_html_escape_what_people_typed(bundle: dict[str, Any]) -> None:
    hostile = "# not a heading <script>alert(1)</script> [link](http://x) | pipe"
    doc = json.loads(json.dumps(bundle))
    doc["board"]["notes"][0]["text"] = hostile
    view = build_view(doc, redact=False)
    md = render_markdown(view)
    assert "<script>" not in md and "\\<script\\>" in md and "\\[link\\]" in md
    assert "<script>" not in render_html(view)


# ---- JSON and import ----------------------------------------------------------------------


def test_json_matches_the_board(bundle: dict[str, Any]) -> None:
    doc = render_json(bundle, redact=False)
    board = bundle["board"]
    assert doc["casemap_export"] == 1 and doc["redacted"] is False
    assert doc["board"]["notes"] == board["notes"]
    assert doc["board"]["family"] == board["family"]
    assert doc["board"]["gaps"] == board["gaps"]
    assert [p["id"] for p in doc["board"]["participants"]] == [p["id"] for p in board["participants"]]
    assert "join_code" not in doc["board"] and "online" not in doc["board"]["participants"][0]
    assert doc["board"]["seq"] == doc["events"][-1]["seq"] == board["seq"]
    assert {a["note_id"] for a in doc["board"]["actions"]} == {n["id"] for n in board["notes"] if n["kind"] == "action"}
    statuses = sorted(f["status"] for n in doc["board"]["notes"] for f in n["flags"])
    assert statuses.count("kept") == 1 and statuses.count("pivoted") == 1
    assert {"note.created", "note.updated", "note.deleted", "flag.resolved", "board.closed"} <= {
        a["action"] for a in doc["audit"]
    }
    json.dumps(doc)  # JSON-ready as it is


ID_KEYS = ("id", "note_id", "person_id", "owner_note_id", "actor_id", "target")


def normalise(doc: dict[str, Any]) -> dict[str, Any]:
    """What legitimately differs between an export and the export of its imported copy
    (docs/export-format.md, "Round trip"): ids, the export stamp, and the one `board.imported`
    audit row the import adds."""
    doc = json.loads(json.dumps(doc))
    doc.pop("exported_at"), doc.pop("exported_by")
    aliases: dict[str, str] = {}

    def alias(value: Any) -> Any:
        return aliases.setdefault(value, f"id{len(aliases)}") if isinstance(value, str) else value

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: ([alias(a) for a in v] if k == "about" else alias(v) if k in ID_KEYS else walk(v))
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [walk(x) for x in node]
        return node

    if doc["audit"] and doc["audit"][-1]["action"] == "board.imported":
        doc["audit"].pop()
    return dict(walk(doc))


def test_import_round_trips_with_new_ids_and_tokens(world: tuple[Meeting, Database], bundle: dict[str, Any]) -> None:
    meeting, db = world
    first = render_json(bundle, redact=False)
    with db.session() as s:
        board, fac_token, viewer_token = import_board(s, parse_import(json.loads(json.dumps(first))))
    assert board.id != meeting.board_id and board.join_code != bundle["board"]["join_code"]
    second = render_json(bundle_for(db, board.id, fac_token), redact=False)
    assert normalise(second) == normalise(first)
    assert second["audit"][-1]["action"] == "board.imported"
    statuses = [(p["name"], p["status"]) for p in second["board"]["participants"]]
    assert statuses == [(p["name"], p["status"]) for p in first["board"]["participants"]]
    assert not {p["id"] for p in first["board"]["participants"]} & {p["id"] for p in second["board"]["participants"]}
    with db.session() as s:
        assert service.authenticate(s, board.id, viewer_token).role == "viewer"
        for token in meeting.tokens.values():  # nobody's old link opens the copy
            with pytest.raises((Unauthenticated, Forbidden)):
                service.authenticate(s, board.id, token)
    third = render_json(bundle_for(db, board.id, fac_token), redact=False)
    assert normalise(third) == normalise(second)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(redacted=True), "redacted copy"),
        (lambda d: d.update(casemap_export=7), "format 7"),
        (lambda d: d.pop("casemap_export"), "not a Casemap export"),
        (lambda d: d["board"]["notes"][0].update(section="elsewhere"), "board.notes[0].section"),
        (lambda d: d["board"]["notes"][0].update(about=["nobody"]), "not in `family`"),
        (lambda d: d["board"]["notes"][0].update(colour="red"), "colour"),
        (lambda d: d["events"].reverse(), "increasing `seq`"),
    ],
)
def test_import_refuses_what_it_cannot_trust(bundle: dict[str, Any], change: Any, message: str) -> None:
    doc = json.loads(json.dumps(render_json(bundle, redact=False)))
    change(doc)
    with pytest.raises(ImportRejected, match=re.escape(message)) as err:
        parse_import(doc)
    assert isinstance(err.value, ValueError) and err.value.status == 422
    assert parse_import(render_json(bundle, redact=False)).board.title == bundle["board"]["title"]


def test_a_copy_without_flags_has_no_appendix(bundle: dict[str, Any]) -> None:
    view = build_view(bundle, redact=True, flags=False)
    assert view.flags == [] and not any(n.flagged for s in view.sections for n in s.notes)
    assert "Appendix" not in render_markdown(view) and "wording reviewed" not in render_markdown(view)


def test_a_redacted_export_is_refused_with_a_clear_message(bundle: dict[str, Any]) -> None:
    with pytest.raises(ImportRejected, match="redacted copy") as err:
        parse_import(render_json(bundle, redact=True))
    assert err.value.code == "redacted_export"


# ---- file names ---------------------------------------------------------------------------


def test_export_filenames_are_safe_ascii() -> None:
    when = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)
    assert (
        export_filename("CP case discussion 24/0193", when, "pdf", False)
        == "casemap-cp-case-discussion-24-0193-2026-11-28.pdf"
    )
    assert export_filename('Zoë\'s  "map" ../..', when, "docx", True) == "casemap-zoe-s-map-2026-11-28-redacted.docx"
    assert export_filename("???", when, "md", False) == "casemap-board-2026-11-28.md"
    assert len(export_filename("x" * 300, when, "json", False)) < 100
    with pytest.raises(ValueError, match="Unknown export format"):
        export_filename("x", when, "exe", False)


@pytest.fixture(scope="module")
def meeting_texts(world: tuple[Meeting, Database]) -> list[str]:
    meeting, _ = world
    assert 30 <= len(meeting.texts) <= 40
    return meeting.texts


def test_markdown_keeps_a_typed_indent_and_renders_it_as_text(bundle: dict[str, Any]) -> None:
    from markdown_it import MarkdownIt

    doc = json.loads(json.dumps(bundle))
    doc["board"]["notes"][0]["text"] = "Plan agreed:\n  - police to visit\n\t1. check CCTV\n        not code"
    md = render_markdown(build_view(doc, redact=False))
    assert "  \n  \u00a0\u00a0\\- police to visit  \n  \u00a0\u00a0\u00a0\u00a01\\. check CCTV" in md
    html = MarkdownIt().render(md)
    assert "<code>" not in html and "<pre>" not in html
    assert "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0not code" in html
