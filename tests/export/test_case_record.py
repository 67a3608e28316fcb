"""The case record in the downloads (issue 12, items 5, 8 and 11).

- A note the facilitator rewrote says so, "edited by X" with the time, in the PDF, Word,
  Markdown and JSON; the JSON import keeps it and still accepts exports made before it was
  recorded; the words as first written stay in the audit trail; the appendix no longer claims
  that notes are never changed.
- The PDF never ends on a page that holds nothing but "End of record", and emoji print with an
  embedded font instead of empty boxes.
- The impact section is read child by child, in every human-readable format.
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from app.boards import service
from app.boards.transfer import import_board
from app.config import get_settings
from app.db import Database
from app.export import build_view, parse_import, render_json
from app.export.bundle import collect_bundle
from app.export.docx import render_docx
from app.export.markdown import render_markdown
from app.export.pdf import render_pdf
from app.export.view import NoteGroup

FAMILY = [
    {"name": "Lee Harper", "role": "perpetrator", "age": 36},
    {"name": "Kelly Harper", "role": "survivor", "age": 33},
    {"name": "Mia", "role": "child", "age": 9},
    {"name": "Tyler", "role": "child", "age": 4},
]
WRITTEN = "Kelly was hysterical and drunk when police came on 3 October."
REWRITTEN = "Kelly was frightened when police came on 3 October; Lee had kept her in the flat all weekend."
EMOJI = "Mia drew her family for the teacher: 😢 for mum, 🏠 with the door shut."
# (section, text, about, pathways), posted by the school in this order.
IMPACT = [
    ("Tyler's speech is behind; nursery notes he goes silent when his dad collects him.", "T", ["child_wellbeing"]),
    ("Mia's attendance fell to 81% this term, the absences after police call-outs.", "M", ["child_wellbeing"]),
    ("Kelly walks both children to school by the long route so Lee cannot follow them.", "MT", []),
    ("Lee takes Kelly's bank card on payday; there was no food in the house on Friday.", "", ["family_ecology"]),
    (EMOJI, "M", []),
]


def _ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json() if r.content else None


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, str, str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('record') / 'casemap.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEMAP_DATABASE_URL", url)
        get_settings.cache_clear()
        from app.main import create_app

        with TestClient(create_app(), base_url="http://testserver") as client:
            made = _ok(client.post("/api/boards", json={"title": "CP case 24/0193", "family": FAMILY}), 201)
            bid, fac = made["board"]["id"], {"Authorization": f"Bearer {made['facilitator_token']}"}
            people = {p["name"][0]: p["id"] for p in made["board"]["family"]}

            def join(name: str, agency: str) -> dict[str, str]:
                body = {"join_code": made["join_code"], "name": name, "agency": agency}
                return {
                    "Authorization": f"Bearer {_ok(client.post(f'/api/boards/{bid}/join', json=body), 201)['token']}"
                }

            police, school = join("DC Anna Price", "Police"), join("Grace Okafor", "School")
            note = _ok(
                client.post(f"/api/boards/{bid}/notes", json={"section": "pattern", "text": WRITTEN}, headers=police),
                201,
            )
            edited = _ok(
                client.patch(
                    f"/api/boards/{bid}/notes/{note['id']}", json={"version": 1, "text": REWRITTEN}, headers=fac
                )
            )
            assert edited["edited_by"] == "Facilitator" and edited["edited_at"]
            assert edited["author"]["name"] == "DC Anna Price"
            for text, about, pathways in IMPACT:
                body = {"section": "impact", "text": text, "about": [people[c] for c in about], "pathways": pathways}
                _ok(client.post(f"/api/boards/{bid}/notes", json=body, headers=school), 201)
            _ok(client.post(f"/api/boards/{bid}/close", headers=fac))
        get_settings.cache_clear()
    db = Database(url)
    yield db, bid, made["facilitator_token"], note["id"]
    db.dispose()


@pytest.fixture(scope="module")
def bundle(world: tuple[Database, str, str, str]) -> dict[str, Any]:
    db, bid, token, _ = world
    with db.session() as s:
        return collect_bundle(s, service.authenticate(s, bid, token))


@pytest.fixture(scope="module")
def pdf(bundle: dict[str, Any]) -> bytes:
    return render_pdf(build_view(bundle, False))


def flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def pdf_pages(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def docx_text(data: bytes) -> str:
    return flat("\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs))


def in_order(text: str, items: list[str]) -> bool:
    at = 0
    for item in items:
        at = text.find(flat(item), at)
        if at < 0:
            return False
        at += 1
    return True


# ---- item 5: who wrote what -----------------------------------------------------------------


def test_every_format_names_who_rewrote_a_note_and_when(bundle: dict[str, Any], pdf: bytes) -> None:
    view = build_view(bundle, False)
    note = next(n for s in view.sections for n in s.notes if n.text == REWRITTEN)
    assert note.edited.startswith("Edited by Facilitator, ") and note.edited[-5:-3].isdigit()
    stamp = note.edited.removeprefix("Edited by Facilitator, ")  # "5 Dec 2026, 10:42"
    credit = f"DC Anna Price (edited by Facilitator, {stamp})"
    assert credit in " ".join(pdf_pages(pdf))
    assert credit in docx_text(render_docx(view))
    md = render_markdown(view)
    assert f"Written by DC Anna Price · Edited by Facilitator, {stamp}" in md
    doc = render_json(bundle, redact=False)
    exported = next(n for n in doc["board"]["notes"] if n["text"] == REWRITTEN)
    assert exported["edited_by"] == "Facilitator" and exported["edited_at"].endswith("Z")
    assert exported["author"]["name"] == "DC Anna Price"
    untouched = [n for n in doc["board"]["notes"] if n["text"] != REWRITTEN]
    assert untouched and all(n["edited_by"] is None and n["edited_at"] is None for n in untouched)


def test_the_words_as_first_written_stay_in_the_audit_trail(bundle: dict[str, Any], world: Any) -> None:
    note_id = world[3]
    doc = render_json(bundle, redact=False)
    row = next(r for r in doc["audit"] if r["action"] == "note.updated" and r["target"] == note_id)
    assert row["detail"]["previous_text"] == WRITTEN and row["detail"]["text"] == REWRITTEN
    assert row["actor_name"] == "Facilitator" and row["actor_role"] == "facilitator"


def test_json_import_keeps_who_edited_and_accepts_older_exports(
    bundle: dict[str, Any], world: tuple[Database, str, str, str]
) -> None:
    db = world[0]
    first = render_json(bundle, redact=False)
    with db.session() as s:
        board, fac_token, _ = import_board(s, parse_import(json.loads(json.dumps(first))))
        copy = collect_bundle(s, service.authenticate(s, board.id, fac_token))
    again = next(n for n in render_json(copy, redact=False)["board"]["notes"] if n["text"] == REWRITTEN)
    original = next(n for n in first["board"]["notes"] if n["text"] == REWRITTEN)
    assert (again["edited_by"], again["edited_at"]) == (original["edited_by"], original["edited_at"])

    older = json.loads(json.dumps(first))  # as exported before the fields existed
    for n in older["board"]["notes"]:
        del n["edited_by"], n["edited_at"]
    with db.session() as s:
        board, fac_token, _ = import_board(s, parse_import(older))
        copy = collect_bundle(s, service.authenticate(s, board.id, fac_token))
    notes = render_json(copy, redact=False)["board"]["notes"]
    assert len(notes) == len(first["board"]["notes"])
    assert all(n["edited_by"] is None for n in notes)


def test_the_appendix_no_longer_says_notes_are_never_changed(bundle: dict[str, Any]) -> None:
    flagged = json.loads(json.dumps(bundle))
    note = next(n for n in flagged["board"]["notes"] if n["text"] == REWRITTEN)
    note["flags"] = [
        {"kind": "blaming", "category": "survivor_choices", "message": "m", "pivot": ["a", "b", "c"], "status": "open"}
    ]
    text = " ".join(pdf_pages(render_pdf(build_view(flagged, False))))
    assert "never changed" not in text
    assert "where someone rewrote a note, the map says who and when" in text
    assert "DC Anna Price (edited by Facilitator," in text.split("Appendix: wording reviewed")[1]


# ---- item 8: the PDF's last page, emoji ----------------------------------------------------


def test_the_pdf_never_ends_on_a_page_with_only_the_end_mark(bundle: dict[str, Any]) -> None:
    """The last note's text grows two lines at a time, so everything after it sweeps down a whole
    page: at some lengths only the end mark no longer fits on the page before."""
    furniture = ("OFFICIAL-SENSITIVE", "contains information about children", "CP case 24/0193", "Page ")
    base = build_view(bundle, False)
    checked = 0
    for lines in range(0, 64, 2):  # a page's worth, two lines (~9 mm) a step
        last = base.sections[-1]
        filler = dataclasses.replace(
            base.sections[1].notes[0], ref="4.1", text="\n".join(f"Line {i} of the plan." for i in range(lines))
        )
        view = dataclasses.replace(
            base,
            sections=[*base.sections[:-1], dataclasses.replace(last, notes=[filler], groups=[NoteGroup("", [filler])])],
            flags=[],
        )
        for page in PdfReader(io.BytesIO(render_pdf(view))).pages:
            body = [
                line
                for line in page.extract_text().split("\n")
                if line.strip() and not any(f in line for f in furniture)
            ]
            assert body != ["End of record."], f"a page holds only the end mark ({lines} lines)"
        checked += 1
    assert checked == 32


def test_emoji_print_with_an_embedded_colour_font(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto-Color-Emoji" in f for f in fonts), f"no emoji font embedded: {sorted(fonts)}"
    assert "😢" in " ".join(pdf_pages(pdf)) and "🏠" in " ".join(pdf_pages(pdf))


# ---- item 11: the impact section, child by child ------------------------------------------


def test_every_format_reads_the_impact_section_child_by_child(bundle: dict[str, Any], pdf: bytes) -> None:
    view = build_view(bundle, False)
    impact = next(s for s in view.sections if s.key == "impact")
    assert [g.label for g in impact.groups] == [
        "About Mia",
        "About Tyler",
        "About Mia and Tyler",
        "Not about one child in particular",
    ]
    assert [n.ref for n in impact.notes] == [f"2.{i}" for i in range(1, 6)]  # numbered as read
    expected = [
        "About Mia",
        IMPACT[1][0],
        EMOJI,
        "About Tyler",
        IMPACT[0][0],
        "About Mia and Tyler",
        IMPACT[2][0],
        "Not about one child in particular",
        IMPACT[3][0],
    ]
    assert in_order(" ".join(pdf_pages(pdf)), expected)
    assert in_order(docx_text(render_docx(view)), expected)
    md = render_markdown(view)
    assert in_order(md, expected) and "### About Mia and Tyler" in md
    assert "Pathway: Children's safety and wellbeing" in md
    assert "Pathway: Family ecology" in " ".join(pdf_pages(pdf))
