"""The case record in the browser: who rewrote a note, notes tagged to a child and a pathway,
the board filtered by child, and the history page printed to PDF.

Issue 12, items 5, 8 and 11: the facilitator rewrote a note and the record still credited its
author with no mark; notes could not be tied to a child from the form; the printed history
squeezed its When / Who / What columns to a few letters."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import FACILITATOR_SCREEN, LAPTOP, PROJECTOR, LiveServer

pytestmark = pytest.mark.e2e

FAMILY = [
    {"name": "Adam", "role": "perpetrator"},
    {"name": "Maria", "role": "survivor", "age": 31},
    {"name": "Jay", "role": "child", "age": 6},
    {"name": "Mia", "role": "child", "age": 3},
]
WRITTEN = "Maria was hysterical when police arrived on 3 March."
REWRITTEN = "Maria was frightened and crying when police arrived on 3 March, after Adam had locked her in."
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _board(base: str) -> dict[str, Any]:
    r = httpx.post(f"{base}/api/boards", json={"title": "CP case discussion 24/0193", "family": FAMILY}, timeout=10)
    assert r.status_code == 201, r.text
    return dict(r.json())


def _join(base: str, made: dict[str, Any], name: str, agency: str) -> str:
    body = {"join_code": made["join_code"], "name": name, "agency": agency}
    r = httpx.post(f"{base}/api/boards/{made['board']['id']}/join", json=body, timeout=10)
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


def _note(base: str, board_id: str, token: str, **body: Any) -> dict[str, Any]:
    r = httpx.post(
        f"{base}/api/boards/{board_id}/notes", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def _api_board(base: str, made: dict[str, Any]) -> dict[str, Any]:
    r = httpx.get(
        f"{base}/api/boards/{made['board']['id']}",
        headers={"Authorization": f"Bearer {made['facilitator_token']}"},
        timeout=10,
    )
    return dict(r.json())


def _rewrite_in_ui(fac: Page, note_id: str, text: str) -> None:
    note = fac.locator(f"#note-{note_id}")
    note.focus()
    note.get_by_role("button", name=re.compile("^Edit")).click()
    dialog = fac.locator("#editor")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Text").fill(text)
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()


def test_a_rewritten_note_says_who_rewrote_it_and_when_on_every_screen(
    new_context: Any, live_server: LiveServer
) -> None:
    base = live_server.url
    made = _board(base)
    bid = made["board"]["id"]
    police = _join(base, made, "DC Anna Price", "Police")
    note = _note(base, bid, police, section="pattern", text=WRITTEN)

    fac = new_context(FACILITATOR_SCREEN).new_page()
    fac.goto(made["facilitator_url"])
    projector = new_context(PROJECTOR).new_page()
    projector.goto(made["present_url"])
    expect(fac.locator(f"#note-{note['id']}")).to_contain_text(WRITTEN)
    expect(fac.locator(f"#note-{note['id']} .edited")).to_have_count(0)  # as its author wrote it

    _rewrite_in_ui(fac, note["id"], REWRITTEN)

    for page in (fac, projector):  # live, without a reload
        card = page.locator(f"#note-{note['id']}")
        expect(card).to_contain_text(REWRITTEN)
        expect(card.locator(".author")).to_have_text("DC Anna Price")
        expect(card.locator(".edited")).to_have_text(re.compile(r"^Edited by Facilitator at \d\d:\d\d$"))
    fac.locator(f"#note-{note['id']}").screenshot(path=str(ARTIFACTS / "note-edited-by.png"))
    fac.reload()
    expect(fac.locator(f"#note-{note['id']} .edited")).to_have_text(re.compile(r"^Edited by Facilitator at \d\d:\d\d$"))

    current = next(n for n in _api_board(base, made)["notes"] if n["id"] == note["id"])
    assert current["edited_by"] == "Facilitator" and current["edited_at"]
    assert current["author"]["name"] == "DC Anna Price"

    # The words as first written stay in the board's history.
    fac.goto(f"/b/{bid}/history")
    row = fac.locator("tr", has_text="note updated")
    expect(row).to_contain_text(WRITTEN)
    expect(row).to_contain_text(REWRITTEN)


def test_a_note_is_tagged_to_a_child_and_a_pathway_and_the_board_filters_by_child(
    new_context: Any, live_server: LiveServer
) -> None:
    base = live_server.url
    made = _board(base)
    bid = made["board"]["id"]
    ids = {p["name"]: p["id"] for p in made["board"]["family"]}
    school = _join(base, made, "Grace Okafor", "School")

    fac = new_context(LAPTOP).new_page()
    fac.goto(made["facilitator_url"])
    impact = fac.locator("#section-impact form.add-note")
    # The impact section asks about each child: its tags are open there.
    expect(impact.get_by_role("checkbox", name="Jay (6)")).to_be_visible()
    impact.get_by_label("Add a note to").fill("Jay wets the bed on the nights after police call-outs.")
    impact.get_by_role("checkbox", name="Jay (6)").check()
    impact.get_by_role("checkbox", name="Children's safety and wellbeing").check()
    impact.get_by_role("button", name="Add").click()

    jay_note = fac.locator("#notes-impact li.note", has_text="wets the bed")
    expect(jay_note.locator(".tag-person")).to_have_text("Jay")
    expect(jay_note.locator(".tag-pathway")).to_have_text("Children's safety and wellbeing")
    # The next note starts untagged: a child is chosen per note.
    expect(impact.get_by_role("checkbox", name="Jay (6)")).not_to_be_checked()
    expect(impact.get_by_role("checkbox", name="Children's safety and wellbeing")).not_to_be_checked()

    pattern = fac.locator("#section-pattern form.add-note")
    pattern.get_by_label("Add a note to").fill("Adam broke Mia's cot when Maria would not give him her bank card.")
    pattern.get_by_text("Child and pathway").click()
    pattern.get_by_role("checkbox", name="Mia (3)").check()
    pattern.get_by_role("checkbox", name="Family ecology").check()
    pattern.get_by_role("button", name="Add").click()
    expect(fac.locator("#notes-pattern li.note", has_text="broke Mia's cot").locator(".tag-person")).to_have_text("Mia")
    untagged = _note(base, bid, school, section="impact", text="The school has no concerns about attendance.")

    stored = {n["text"][:20]: n for n in _api_board(base, made)["notes"]}
    assert stored["Jay wets the bed on "]["about"] == [ids["Jay"]]
    assert stored["Jay wets the bed on "]["pathways"] == ["child_wellbeing"]
    assert stored["Adam broke Mia's cot"]["about"] == [ids["Mia"]]
    assert stored["Adam broke Mia's cot"]["pathways"] == ["family_ecology"]

    # Filter by Jay: only his notes stay; a note about him that arrives live appears, named.
    fac.get_by_label("Show notes about").select_option(label="Jay")
    expect(jay_note).to_be_visible()
    expect(fac.locator("#notes-pattern li.note", has_text="broke Mia's cot")).to_be_hidden()
    expect(fac.locator(f"#note-{untagged['id']}")).to_be_hidden()
    expect(fac.locator(".child-filter-status")).to_have_text("Showing 1 note about Jay; 2 others are hidden.")
    live = _note(
        base, bid, school, section="impact", text="Jay hides under his desk at loud noises.", about=[ids["Jay"]]
    )
    other = _note(base, bid, school, section="impact", text="Mia cries at drop-off.", about=[ids["Mia"]])
    expect(fac.locator(f"#note-{live['id']}")).to_be_visible()
    expect(fac.locator(f"#note-{live['id']} .tag-person")).to_have_text("Jay")
    expect(fac.locator(f"#note-{other['id']}")).to_be_attached()
    expect(fac.locator(f"#note-{other['id']}")).to_be_hidden()
    fac.screenshot(path=str(ARTIFACTS / "board-filtered-by-child.png"), full_page=True)
    fac.get_by_label("Show notes about").select_option(label="Everyone (all notes)")
    expect(fac.locator(f"#note-{other['id']}")).to_be_visible()
    expect(fac.locator(f"#note-{other['id']} .tag-person")).to_have_text("Mia")

    # The facilitator changes a note's child in the editor; clearing every box clears the tags.
    card = fac.locator(f"#note-{live['id']}")
    card.focus()
    card.get_by_role("button", name=re.compile("^Edit")).click()
    dialog = fac.locator("#editor")
    dialog.get_by_role("checkbox", name="Jay (6)").uncheck()
    dialog.get_by_role("checkbox", name="Mia (3)").check()
    dialog.get_by_role("button", name="Save").click()
    expect(card.locator(".tag-person")).to_have_text("Mia")
    assert next(n for n in _api_board(base, made)["notes"] if n["id"] == live["id"])["about"] == [ids["Mia"]]

    assert axe_violations(fac, "board with tags and the child filter") == []
    assert not fac.casemap_errors  # type: ignore[attr-defined]


def test_the_printed_history_keeps_its_columns_readable(new_context: Any, live_server: LiveServer) -> None:
    base = live_server.url
    made = _board(base)
    police = _join(base, made, "DC Anna Price", "Police")
    long_text = " ".join([REWRITTEN] * 9)
    note = _note(base, made["board"]["id"], police, section="pattern", text=WRITTEN)
    fac = new_context(FACILITATOR_SCREEN).new_page()
    fac.goto(made["facilitator_url"])
    _rewrite_in_ui(fac, note["id"], long_text)
    fac.goto(f"/b/{made['board']['id']}/history")
    pdf = fac.pdf(format="A4", print_background=True)
    (ARTIFACTS / "history.pdf").write_bytes(pdf)
    lines = [
        " ".join(line.split()) for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().split("\n")
    ]
    assert "When Who What Details" in lines, lines[:12]
    # Each cell of the narrow columns reads on one line, not a few letters a line.
    assert any(line.startswith("DC Anna Price") for line in lines), lines
    assert any("note created" in line for line in lines), lines
    assert not [line for line in lines if line in ("Wh", "en", "Wh en", "no", "te")], lines
